"""Warnings and errors with stable codes, printed as ``FILE:LINE: level[CODE]: message``.

Readers and writers never print and never raise for bad input: they hand a
:class:`Diagnostic` to a :class:`Reporter`, which prints it (unless quiet),
counts it, and under ``--strict`` counts warnings as errors.  The exit code is
derived from the counts at the end of a run.

Codes are stable: scripts may grep for them.  ``CODES`` documents each one; each format
declares its own, and ``CODES`` is the assembled view.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol, TextIO


class Severity(str, Enum):
    WARNING = "warning"
    ERROR = "error"


#: The codes of the run layer and of any writer.  The readers and the writer families declare
#: theirs beside them (:data:`_CODE_MODULES`); :data:`CODES` is the assembled view.
_RUN_AND_WRITER_CODES: dict[str, str] = {
    # Output (writers, CLI)
    "OUT001": "a record could not be written",
    "OUT002": "a record was written without some of its data",
    "OUT003": "an identifier was changed to keep identifiers unique",
    "OUT004": "the writer needs a Python package that is not installed (python-docx for docx: "
              "pip install 'risx[docx]'); nothing was written",
    "IO001": "a file could not be read or written",
    "JOB001": "a worker process died (killed, out of memory); the rest of the work was done "
              "in this process, with the same result",
}

#: The modules that declare codes (a ``CODES`` dict; textio also the old names it prints,
#: ``OLD_NAMES``), in the order the catalogue lists them.
_CODE_MODULES = ("risx.textio", "risx.readers.ris.codes", "risx.readers.csljson",
                 "risx.readers.endnote_xml", "risx.readers.bibtex", "risx.readers.medline.codes",
                 "risx.readers.wos.codes", "risx.readers.detect", "risx.writers.bibtex",
                 "risx.writers.reference_list")


def _assemble_codes() -> tuple[dict[str, str], dict[str, str]]:
    """Every code with its meaning, and each old name with the code it stands for."""
    import importlib

    codes: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for name in _CODE_MODULES:
        module = importlib.import_module(name)
        codes.update(module.CODES)
        for code, old in getattr(module, "OLD_NAMES", {}).items():
            aliases[old] = code
            codes[old] = (f"the name {code} is printed under in this release (scripts may "
                          f"match either): {module.CODES[code]}")
    codes.update(_RUN_AND_WRITER_CODES)
    return codes, aliases


def __getattr__(name: str) -> dict[str, str]:
    """``CODES``: every diagnostic code risx emits, with a one-line meaning; ``CODE_ALIASES``:
    each old name with the code it stands for.  Assembled on first use (it imports the
    readers' code tables), not when risx starts."""
    if name in ("CODES", "CODE_ALIASES"):
        codes, aliases = _assemble_codes()
        globals().update(CODES=codes, CODE_ALIASES=aliases)
        return codes if name == "CODES" else aliases
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Characters a terminal acts on instead of showing: C0 controls but tab, DEL, C1 controls,
#: and the bidirectional overrides that make text display in another order than it is in.
_UNSHOWABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with each character a terminal would act on written as an escape (``\\x1b``),
    so that a message quoting the input cannot move the cursor, clear the screen, end the
    line or reorder what is shown."""
    if _UNSHOWABLE.search(text) is None:
        return text
    return _UNSHOWABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if m.group() < "\u0100"
                           else f"\\u{ord(m.group()):04x}", text)


def clip(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis), for quoting input in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    file: str
    line: int | None = None

    def format(self) -> str:
        """``FILE:LINE: level[CODE]: message`` on one line, safe to print (see :func:`visible`)."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return visible(f"{where}: {self.severity.value}[{self.code}]: {self.message}")


#: What readers and writers call to report a problem.
Report = Callable[[Diagnostic], None]


def fails(errors: int, warnings: int, strict: bool) -> bool:
    """Whether what was reported fails a run (or one input): any error, or under ``strict``
    any warning."""
    return errors > 0 or (strict and warnings > 0)


class Counts(Protocol):
    """Where one input's diagnostics are counted (:class:`risx.stats.InputStats`)."""

    warnings: int
    errors: int
    by_code: dict[str, int]


@dataclass
class Reporter:
    """Prints and counts diagnostics for one run, and judges them: the run's one ``strict``.

    ``strict`` makes every warning count as an error (it is still printed as a
    warning so the message keeps its meaning); ``quiet`` suppresses warnings
    but never errors; ``echo=False`` prints nothing (a worker process keeps its
    diagnostics for the parent, which prints them in input order).
    """

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    quiet: bool = False
    strict: bool = False
    warnings: int = 0
    errors: int = 0
    collected: list[Diagnostic] = field(default_factory=list)
    keep: bool = False
    echo: bool = True

    def __call__(self, diagnostic: Diagnostic) -> None:
        if self.keep:
            self.collected.append(diagnostic)
        if diagnostic.severity is Severity.ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        if self.echo and (diagnostic.severity is Severity.ERROR or not self.quiet):
            print(diagnostic.format(), file=self.stream)

    @property
    def failed(self) -> bool:
        return fails(self.errors, self.warnings, self.strict)

    def failed_input(self, counts: Counts) -> bool:
        """Whether one input's diagnostics (counted by :meth:`for_input`) fail it."""
        return fails(counts.errors, counts.warnings, self.strict)

    def for_input(self, counts: Counts) -> Report:
        """This reporter, seen from one input: each diagnostic is counted into ``counts``
        (by severity and by code) as well, then reported here."""
        return counting(counts, self)


def counting(counts: Counts, report: Report) -> Report:
    """``report``, with each diagnostic counted into ``counts`` first (see
    :meth:`Reporter.for_input`; a plain report function gets the same view)."""

    def count(diagnostic: Diagnostic) -> None:
        if diagnostic.severity is Severity.ERROR:
            counts.errors += 1
        else:
            counts.warnings += 1
        counts.by_code[diagnostic.code] = counts.by_code.get(diagnostic.code, 0) + 1
        report(diagnostic)

    return count


class DiagnosticSink:
    """Binds a :data:`Report` to one file name so callers only give code, line and message."""

    __slots__ = ("_once", "file", "report")

    def __init__(self, report: Report, file: str) -> None:
        self.report = report
        self.file = file
        self._once: set[str] = set()

    def first_time(self, key: str) -> bool:
        """True the first time ``key`` is asked about in this file (for report-once warnings)."""
        if key in self._once:
            return False
        self._once.add(key)
        return True

    def warning(self, code: str, line: int | None, message: str) -> None:
        self.report(Diagnostic(Severity.WARNING, code, message, self.file, line))

    def error(self, code: str, line: int | None, message: str) -> None:
        self.report(Diagnostic(Severity.ERROR, code, message, self.file, line))


def collect() -> tuple[list[Diagnostic], Report]:
    """A list and a report function that appends to it (for tests and library use)."""
    found: list[Diagnostic] = []
    return found, found.append
