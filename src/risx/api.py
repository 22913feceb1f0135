"""The library API: what the ``risx`` command does, as functions.

>>> import risx
>>> records = risx.read("examples/troup2022.ris")
>>> stream = risx.iter_records("big.ris")   # an iterator: one record at a time, flat memory
>>> risx.write(records, "csl-json", "troup2022.json")
>>> result = risx.convert(["a.ris", "b.ris"], "out/", to="bibtex", jobs=2)

``risx.read`` and ``risx.write`` never print.  Diagnostics go to ``report``, a callable taking a
:class:`risx.diagnostics.Diagnostic` (``report=found.append`` collects them); by default they are
dropped.  ``risx.convert`` and ``risx.check`` take a :class:`risx.diagnostics.Reporter`; by
default one that prints nothing and keeps every diagnostic in ``result.diagnostics``.

Unknown format names raise :class:`risx.registry.UnknownFormat`; options that do not fit
together raise :class:`risx.settings.UsageProblem`.  Problems with the data itself never raise.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from risx.diagnostics import Diagnostic, Report, Reporter
from risx.model import Record
from risx.outputs import write_output, write_to_stream
from risx.pipeline import check_inputs, run_conversion
from risx.plan import reader_class_for, writer_budget, writer_class_for
from risx.readers.base import Reader, ReaderOptions
from risx.registry import Registry, default_registry
from risx.settings import Settings
from risx.stats import ConversionResult, InputStats
from risx.writers.base import WriterOptions

PathArg = str | os.PathLike[str]

__all__ = ["ConversionResult", "InputStats", "check", "convert", "iter_records", "read", "write"]


def _ignore(diagnostic: Diagnostic) -> None:
    """The default report: drop diagnostics."""


def _as_binary(stream: IO[Any]) -> BinaryIO:
    """A byte stream for a file object opened in binary or text mode (text is encoded as UTF-8)."""
    probe = stream.read(0)
    if isinstance(probe, str):
        return cast(BinaryIO, io.BufferedReader(_EncodedText(stream)))
    return stream  # type: ignore[return-value]


class _EncodedText(io.RawIOBase):
    """A text stream as UTF-8 bytes, encoded a piece at a time so a large file is never whole
    in memory.  A stream opened with ``errors="surrogateescape"`` gives back the file's own
    bytes, so the reader decides their encoding as it does for the file; any other lone
    surrogate becomes bytes that are not UTF-8, which the reader reports, instead of failing."""

    _PIECE = 256 * 1024

    def __init__(self, text: IO[str]) -> None:
        super().__init__()
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            piece = self._text.read(self._PIECE)
            if not piece:
                return 0
            try:
                # Gives back the bytes of a file opened with errors="surrogateescape".
                self._pending = piece.encode("utf-8", errors="surrogateescape")
            except UnicodeEncodeError:
                self._pending = piece.encode("utf-8", errors="surrogatepass")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def read(source: PathArg | IO[bytes] | IO[str], *, format: str | None = None,
         options: ReaderOptions | None = None, report: Report | None = None,
         registry: Registry | None = None) -> list[Record]:
    """Every record of a file (a path, or a file object in binary or text mode), in a list.

    ``format`` names the reader (default: from the path's extension, else ``ris``);
    ``options`` sets the reader's limits.  :func:`iter_records` gives the same records one at
    a time, for files too large to hold.
    """
    return list(iter_records(source, format=format, options=options, report=report,
                             registry=registry))


def iter_records(source: PathArg | IO[bytes] | IO[str], *, format: str | None = None,
                 options: ReaderOptions | None = None, report: Report | None = None,
                 registry: Registry | None = None) -> Iterator[Record]:
    """The records of a file as they are read, one at a time: memory stays flat however large
    the file is (as :func:`read`, otherwise).

    The reader is chosen now (an unknown format raises here); a path is opened when the first
    record is asked for and closed when the iteration ends or the iterator is closed.
    """
    registry = registry or default_registry()
    report = report or _ignore
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        return _records_of_path(reader_class_for(path, format, registry)(options), path, report)
    name = getattr(source, "name", None)
    reader = registry.readers.get(format or "ris")(options)
    return iter(reader.read(_as_binary(source), name if isinstance(name, str) else "<stream>",
                            report))


def _records_of_path(reader: Reader, path: str, report: Report) -> Iterator[Record]:
    with open(path, "rb") as stream:
        yield from reader.read(stream, path, report)


def write(records: Iterable[Record], format: str | None, file: PathArg | IO[str] | IO[bytes], *,
          options: WriterOptions | None = None, report: Report | None = None,
          jobs: int = 1, registry: Registry | None = None) -> None:
    """Write ``records`` in ``format`` to a path or a file object.

    ``format`` may be ``None`` when ``file`` is a path with a known extension.  A path is
    written atomically (a temporary file renamed into place), and an existing file with the
    same content is left alone, modification time included.  ``jobs`` worker processes may
    render a long reference list (``apa``, ``markdown``, ``html``), with the same result.  A
    writer that fails raises.
    """
    registry = registry or default_registry()
    report = report or _ignore
    path = os.fspath(file) if isinstance(file, (str, os.PathLike)) else None
    writer = writer_class_for(format, path, registry)(report, options)
    writer.workers = writer_budget(jobs)

    def body(out: Any) -> None:
        writer.write(records, out)

    if isinstance(file, (str, os.PathLike)):
        write_output(Path(os.fspath(file)), body, report, binary=writer.binary, errors="raise")
    else:
        write_to_stream(file, body, binary=writer.binary)


def convert(inputs: PathArg | Sequence[PathArg], output: PathArg | None = None, *,
            to: str | None = None, from_format: str | None = None, merge: bool = False,
            jobs: int | None = None, dedupe: bool = False, dedupe_report: PathArg | None = None,
            dedupe_review: PathArg | None = None, dedupe_prisma: PathArg | None = None,
            dedupe_prefer: Sequence[str] = (), dedupe_against: Sequence[PathArg] = (),
            strict: bool = False, reader_options: ReaderOptions | None = None,
            writer_options: WriterOptions | None = None, reporter: Reporter | None = None,
            verbose: bool = False, progress: bool = False,
            registry: Registry | None = None) -> ConversionResult:
    """Convert files, exactly as ``risx convert`` does (the command calls this function).

    ``inputs``: paths (``"-"`` is standard input).  ``output``: ``None`` or ``"-"`` for standard
    output, a file for one merged output, or a directory (an existing one, or a path ending in
    ``/``) for one output per input, converted by ``jobs`` worker processes (``None``: one per
    core for large batches).  ``to`` names the output format (default: from ``output``'s
    extension).  ``merge=True`` insists on one output (it is what a file or standard output
    gives anyway).  ``dedupe`` drops duplicates across the inputs (:mod:`risx.dedupe`);
    ``dedupe_report`` writes a CSV row per removed record, ``dedupe_review`` the pairs sent to
    review, ``dedupe_prisma`` the PRISMA numbers as JSON; ``dedupe_prefer`` names the sources
    (input files or databases) whose record a work keeps; ``dedupe_against`` names earlier,
    screened sets whose records are left out.  ``strict=True`` makes warnings fail the run (and
    makes ``reporter`` strict).  ``result.ok`` says whether the run succeeded.
    """
    paths = [os.fspath(inputs)] if isinstance(inputs, (str, os.PathLike)) else [
        os.fspath(p) for p in inputs]
    if reporter is None:
        reporter = Reporter(stream=io.StringIO(), quiet=True, strict=strict, keep=True)
    elif strict:
        reporter.strict = True  # the reporter judges the run: one strict for every input
    settings = Settings(
        reader_name=from_format,
        reader_options=reader_options or ReaderOptions(),
        writer_options=writer_options or WriterOptions(),
        jobs=jobs,
        dedupe=dedupe,
        dedupe_report=os.fspath(dedupe_report) if dedupe_report is not None else None,
        dedupe_review=os.fspath(dedupe_review) if dedupe_review is not None else None,
        dedupe_prisma=os.fspath(dedupe_prisma) if dedupe_prisma is not None else None,
        dedupe_prefer=tuple(dedupe_prefer),
        dedupe_against=tuple(os.fspath(p) for p in dedupe_against),
        verbose=verbose,
        progress=progress,
    )
    target = os.fspath(output) if output is not None else None
    if target is not None and isinstance(output, Path) and output.is_dir():
        target = os.path.join(target, "")
    return run_conversion(paths or ["-"], writer_name=to, output=target, merge=merge,
                          settings=settings, reporter=reporter,
                          registry=registry or default_registry())


def check(inputs: PathArg | Sequence[PathArg], *, from_format: str | None = None,
          reader_options: ReaderOptions | None = None, report: Report | None = None,
          registry: Registry | None = None) -> list[InputStats]:
    """Read ``inputs`` and count records, warnings and errors (by code) for each, writing nothing."""
    paths = [os.fspath(inputs)] if isinstance(inputs, (str, os.PathLike)) else [
        os.fspath(p) for p in inputs]
    return check_inputs(paths or ["-"], reader_name=from_format, reporter=report or _ignore,
                        registry=registry or default_registry(), reader_options=reader_options)
