"""The library API: what the ``risx`` command does, as functions.

>>> import risx
>>> records = risx.read("examples/troup2022.ris")
>>> risx.write(records, "csl-json", "troup2022.json")
>>> result = risx.convert(["a.ris", "b.ris"], "out/", to="bibtex", jobs=2)

``risx.read`` and ``risx.write`` never print.  Diagnostics go to ``report``, a callable taking a
:class:`risx.diagnostics.Diagnostic` (``report=found.append`` collects them); by default they are
dropped.  ``risx.convert`` and ``risx.check`` take a :class:`risx.diagnostics.Reporter`; by
default one that prints nothing and keeps every diagnostic in ``result.diagnostics``.

Unknown format names raise :class:`risx.registry.UnknownFormat`; options that do not fit
together raise :class:`risx.pipeline.UsageProblem`.  Problems with the data itself never raise.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from risx.diagnostics import Diagnostic, Report, Reporter
from risx.model import Record
from risx.pipeline import (
    ConversionResult,
    InputStats,
    PendingOutput,
    Settings,
    check_inputs,
    reader_class_for,
    run_conversion,
    writer_class_for,
)
from risx.readers.base import ReaderOptions
from risx.registry import Registry, default_registry
from risx.writers.base import WriterOptions

PathArg = str | os.PathLike[str]

__all__ = ["ConversionResult", "InputStats", "check", "convert", "read", "write"]


def _ignore(diagnostic: Diagnostic) -> None:
    """The default report: drop diagnostics."""


def _as_binary(stream: IO[Any]) -> BinaryIO:
    """A byte stream for a file object opened in binary or text mode (text is encoded as UTF-8)."""
    probe = stream.read(0)
    if isinstance(probe, str):
        return io.BytesIO(stream.read().encode("utf-8"))
    return stream  # type: ignore[return-value]


def read(source: PathArg | IO[bytes] | IO[str], *, format: str | None = None,
         options: ReaderOptions | None = None, report: Report | None = None,
         registry: Registry | None = None) -> list[Record]:
    """Every record of a file (a path, or a file object in binary or text mode).

    ``format`` names the reader (default: from the path's extension, else ``ris``);
    ``options`` sets the reader's limits.
    """
    registry = registry or default_registry()
    report = report or _ignore
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        cls = reader_class_for(path, format, registry)
        with open(path, "rb") as stream:
            return list(cls(options).read(stream, path, report))
    name = getattr(source, "name", None)
    cls = registry.readers.get(format or "ris")
    return list(cls(options).read(_as_binary(source), name if isinstance(name, str)
                                  else "<stream>", report))


def write(records: Iterable[Record], format: str | None, file: PathArg | IO[str] | IO[bytes], *,
          options: WriterOptions | None = None, report: Report | None = None,
          registry: Registry | None = None) -> None:
    """Write ``records`` in ``format`` to a path or a file object.

    ``format`` may be ``None`` when ``file`` is a path with a known extension.  A path is
    written atomically (a temporary file renamed into place), and an existing file with the
    same content is left alone, modification time included.  A writer that fails raises.
    """
    registry = registry or default_registry()
    report = report or _ignore
    if isinstance(file, (str, os.PathLike)):
        target = Path(os.fspath(file))
        writer = writer_class_for(format, str(target), registry)(report, options)
        pending = PendingOutput(target)
        try:
            writer.write(records, pending.stream)
            pending.commit()
        except BaseException:
            pending.discard()
            raise
        return
    writer = writer_class_for(format, None, registry)(report, options)
    binary = not isinstance(file, io.TextIOBase) and (
        isinstance(file, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(file, "mode", ""))
    if not binary:
        writer.write(records, file)  # type: ignore[arg-type]
        return
    text = io.TextIOWrapper(cast(BinaryIO, file), encoding="utf-8", newline="")
    try:
        writer.write(records, text)
        text.flush()
    finally:
        text.detach()


def convert(inputs: PathArg | Sequence[PathArg], output: PathArg | None = None, *,
            to: str | None = None, from_format: str | None = None, merge: bool = False,
            jobs: int | None = None, dedupe: bool = False, dedupe_report: PathArg | None = None,
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
    gives anyway).  ``dedupe`` drops duplicates across the inputs; ``dedupe_report`` writes the
    pairs as CSV.  ``result.ok`` says whether the run succeeded.
    """
    paths = [os.fspath(inputs)] if isinstance(inputs, (str, os.PathLike)) else [
        os.fspath(p) for p in inputs]
    if reporter is None:
        reporter = Reporter(stream=io.StringIO(), quiet=True, strict=strict, keep=True)
    settings = Settings(
        reader_name=from_format,
        reader_options=reader_options or ReaderOptions(),
        writer_options=writer_options or WriterOptions(),
        strict=strict or reporter.strict,
        jobs=jobs,
        dedupe=dedupe,
        dedupe_report=os.fspath(dedupe_report) if dedupe_report is not None else None,
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
