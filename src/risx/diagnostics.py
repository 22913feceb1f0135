"""Warnings and errors with stable codes, printed as ``FILE:LINE: level[CODE]: message``.

Readers and writers never print and never raise for bad input: they hand a
:class:`Diagnostic` to a :class:`Reporter`, which prints it (unless quiet),
counts it, and under ``--strict`` counts warnings as errors.  The exit code is
derived from the counts at the end of a run.

Codes are stable: scripts may grep for them.  ``CODES`` documents each one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TextIO


class Severity(str, Enum):
    WARNING = "warning"
    ERROR = "error"


#: Every diagnostic code risx emits, with a one-line meaning (shown by ``risx check --codes``).
CODES: dict[str, str] = {
    # Input decoding (textio)
    "RIS001": "the file is not UTF-8; it was read as Windows-1252",
    "RIS002": "a line has bytes that are not valid UTF-8; they were replaced",
    "RIS003": "a NUL byte was dropped",
    "RIS004": "a byte-order mark or a change of encoding (UTF-8 / UTF-16) in the middle of the file: files joined?",
    "RIS005": "the input is not text (binary data or an HTML page); it was not read",
    "RIS006": "the input is UTF-16 without a byte-order mark; read by guessing the byte order",
    "RIS007": "the input is empty or holds no RIS records",
    # Syntax (reader)
    "RIS010": "text outside a record was skipped",
    "RIS011": "a tag was written in lower case",
    "RIS012": "a record has no ER line; it was closed at the next TY or at the end of the file",
    "RIS013": "an ER line without a record was skipped",
    "RIS014": "tags outside any record were skipped (no title to recover a record from)",
    "RIS015": "tags outside any record were recovered as a record of type GEN",
    "RIS016": "a tag line has unusual spacing around its dash",
    "RIS017": "a record has no TY value",
    # Meaning (mapper)
    "RIS020": "unknown reference type; the record was read as a generic document",
    "RIS021": "a date could not be read completely",
    "RIS022": "a name could not be split reliably",
    "RIS023": "T2 was read as a subtitle or a translated title, not as the journal",
    "RIS024": "a tag is not part of the RIS specification; kept as an unmapped value",
    "RIS025": "a value was ignored as a placeholder",
    "RIS030": "a record was refused: one of its values is longer than --max-value-length",
    "RIS031": "a record was refused: it has more lines than --max-record-lines",
    "RIS099": "a record could not be interpreted (a risx bug); it was skipped",
    # CSL-JSON input (csl-json reader)
    "JSN001": "the input is not valid JSON; the items before the error were read",
    "JSN002": "the input is empty or not a CSL-JSON array of items",
    "JSN003": "an array element is not a CSL item (JSON object); it was skipped",
    "JSN004": "an item has no type or a type CSL does not define; it was read as 'document'",
    "JSN005": "a name variable holds a value that is not a CSL name; kept as an unmapped value",
    "JSN006": "the file is not valid UTF-8; the bytes that are not were replaced",
    # EndNote XML input (endnote-xml reader)
    "ENX001": "the input is empty or holds no EndNote XML records",
    "ENX002": "the file declares a DTD with entities or an external DTD (billion laughs, XXE); "
              "it was not read",
    "ENX003": "a record is not well-formed XML; it was read with error recovery",
    "ENX004": "a record has no </record> (the file is cut or the next record starts); read up "
              "to the cut, or skipped when nothing in it could be read",
    "ENX005": "a record has bytes that are not valid UTF-8; they were replaced",
    "ENX006": "text outside any record was skipped",
    "ENX007": "a record was refused: it is nested too deeply or larger than --max-value-length",
    "ENX008": "unknown reference type; the record was read as a generic document",
    "ENX009": "a date could not be read; it was kept in the note",
    "ENX010": "a name could not be split reliably",
    "ENX011": "a record uses an entity XML does not define (&nbsp;); HTML entity names were "
              "read as their characters",
    "ENX012": "the file declares an encoding risx does not know; read as UTF-8",
    "ENX013": "a record could not be read as XML even with error recovery; it was skipped",
    "ENX099": "a record could not be interpreted (a risx bug); it was skipped",
    # BibTeX / BibLaTeX input (bibtex and biblatex readers)
    "BTX001": "a block could not be parsed; it was skipped, the entries around it were read",
    "BTX002": "the input is empty or holds no BibTeX entries",
    "BTX003": "an @string macro is not defined; kept as its name",
    "BTX004": "a crossref/xdata parent was not found; nothing was inherited",
    "BTX005": "a field appears twice in an entry; the first value is used, the repeat is kept "
              "in the note",
    "BTX006": "an entry key was used by an earlier entry; both entries are kept",
    "BTX007": "unknown entry type; the entry was read as a generic document",
    "BTX008": "a date could not be read; it was kept in the note",
    "BTX009": "the file is not UTF-8; it was read in the encoding its JabRef header names, or "
              "as GB18030 (Chinese)",
    "BTX010": "an entry has no key",
    "BTX011": "an entry was refused: one of its values is longer than --max-value-length",
    "BTX012": "a crossref/xdata chain does not end (a cycle) or names its own entry",
    "BTX013": "a comma is missing between two fields; they were read as two fields",
    "BTX099": "an entry could not be interpreted (a risx bug); it was skipped",
    # Format detection (run layer)
    "FMT001": "the input's format could not be recognised from its content; give -f FORMAT",
    # Output (writers, CLI)
    "OUT001": "a record could not be written",
    "OUT002": "a record was written without some of its data",
    "OUT003": "an identifier was changed to keep identifiers unique",
    "BIB001": "a source ID is not a valid cite key; a key was generated (--keep-ids)",
    "BIB002": "--ascii: characters without a LaTeX macro were kept as UTF-8",
    "BIB003": "a URL that is not a web link (javascript:, data:...) was kept as text, not as url",
    "IO001": "a file could not be read or written",
    # CSL rendering (apa, markdown, html writers)
    "CSL001": "the CSL style or locale could not be loaded; no reference list was written",
    "CSL002": "a record could not be formatted by the CSL processor; it was left out of the list",
    "CSL003": "the style prints nothing for a record (APA cites personal communications in "
              "the text only)",
}


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


@dataclass
class Reporter:
    """Prints and counts diagnostics for one run.

    ``strict`` makes every warning count as an error (it is still printed as a
    warning so the message keeps its meaning); ``quiet`` suppresses warnings
    but never errors.
    """

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    quiet: bool = False
    strict: bool = False
    warnings: int = 0
    errors: int = 0
    collected: list[Diagnostic] = field(default_factory=list)
    keep: bool = False

    def __call__(self, diagnostic: Diagnostic) -> None:
        if self.keep:
            self.collected.append(diagnostic)
        if diagnostic.severity is Severity.ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        if diagnostic.severity is Severity.ERROR or not self.quiet:
            print(diagnostic.format(), file=self.stream)

    @property
    def failed(self) -> bool:
        return self.errors > 0 or (self.strict and self.warnings > 0)


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
