"""The conversion pipeline behind the CLI: inputs -> reader -> records -> writer -> output.

Output files are never half-written: each goes to a temporary file in the
target directory, is flushed and fsynced, and is renamed over the target only
when the whole run succeeded (no errors; no warnings under ``--strict``).
Otherwise the temporary file is removed and any previous file is untouched.
Standard output cannot be taken back, so it streams as records arrive.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from risx.diagnostics import Diagnostic, Reporter, Severity
from risx.model import Record
from risx.readers.base import Reader
from risx.registry import Registry, UnknownFormat
from risx.writers.base import Writer, WriterOptions

STDIN_NAME = "<stdin>"


class ConversionFailed(Exception):
    """The run reported errors (or warnings under --strict); nothing was written to files."""


@contextlib.contextmanager
def open_input(path: str) -> Iterator[tuple[BinaryIO, str]]:
    """The byte stream for a path (``-`` is stdin) and the name diagnostics use for it."""
    if path == "-":
        yield sys.stdin.buffer, STDIN_NAME
        return
    with open(path, "rb") as stream:
        yield stream, path


def reader_for(path: str, reader_name: str | None, registry: Registry) -> Reader:
    if reader_name:
        return registry.readers.get(reader_name)()
    cls = registry.readers.by_extension(Path(path).suffix) if path != "-" else None
    return (cls or registry.readers.get("ris"))()


def writer_class_for(writer_name: str | None, output: str | None,
                     registry: Registry) -> type[Writer]:
    if writer_name:
        return registry.writers.get(writer_name)
    if output and output != "-" and not _is_directory_target(output):
        cls = registry.writers.by_extension(Path(output).suffix)
        if cls is not None:
            return cls
        raise UnknownFormat(f"cannot tell the output format from '{output}': give -t FORMAT "
                            f"(see 'risx formats')")
    raise UnknownFormat("no output format: give -t FORMAT or -o FILE with a known extension "
                        "(see 'risx formats')")


def read_records(paths: Iterable[str], reader_name: str | None, reporter: Reporter,
                 registry: Registry) -> Iterator[Record]:
    """Every record of every input, in order, as one stream."""
    for path in paths:
        reader = reader_for(path, reader_name, registry)
        try:
            with open_input(path) as (stream, name):
                yield from reader.read(stream, name, reporter)
        except OSError as exc:
            reporter(Diagnostic(Severity.ERROR, "IO001", f"cannot read: {exc.strerror or exc}",
                                path))


class PendingOutput:
    """A temporary file beside ``target`` that becomes ``target`` on :meth:`commit`."""

    def __init__(self, target: Path) -> None:
        self.target = target
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".risx-tmp",
                                    dir=target.parent)
        self.temporary = Path(name)
        self.stream: TextIO = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def commit(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.chmod(self.temporary, _mode_for(self.target))
        os.replace(self.temporary, self.target)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
        with contextlib.suppress(FileNotFoundError):
            self.temporary.unlink()


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; new files get the usual umask-based mode."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _is_directory_target(output: str) -> bool:
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def convert(inputs: list[str], *, writer_name: str | None, output: str | None,
            reader_name: str | None, options: WriterOptions, reporter: Reporter,
            registry: Registry) -> None:
    """Run one conversion; raise :class:`ConversionFailed` when the run failed."""
    writer_cls = writer_class_for(writer_name, output, registry)
    if output is None or output == "-":
        _convert_to_stdout(inputs, writer_cls, reader_name, options, reporter, registry)
    elif _is_directory_target(output):
        _convert_per_input(inputs, Path(output), writer_cls, reader_name, options, reporter,
                           registry)
    else:
        jobs = [(inputs, Path(output))]
        _write_files(jobs, writer_cls, reader_name, options, reporter, registry)
    if reporter.failed:
        raise ConversionFailed


def _convert_to_stdout(inputs: list[str], writer_cls: type[Writer], reader_name: str | None,
                       options: WriterOptions, reporter: Reporter, registry: Registry) -> None:
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="",
                           write_through=False)
    try:
        writer = writer_cls(reporter, options)
        _run_writer(writer, read_records(inputs, reader_name, reporter, registry), out, reporter)
    finally:
        out.flush()
        out.detach()


def _convert_per_input(inputs: list[str], directory: Path, writer_cls: type[Writer],
                       reader_name: str | None, options: WriterOptions, reporter: Reporter,
                       registry: Registry) -> None:
    if not directory.is_dir():
        reporter(Diagnostic(Severity.ERROR, "IO001", "the output directory does not exist",
                            str(directory)))
        return
    extension = writer_cls.extensions[0] if writer_cls.extensions else f".{writer_cls.name}"
    jobs = []
    for path in inputs:
        stem = "stdin" if path == "-" else Path(path).stem
        jobs.append(([path], directory / f"{stem}{extension}"))
    targets = [target for _, target in jobs]
    if len(set(targets)) != len(targets):
        reporter(Diagnostic(Severity.ERROR, "IO001", "two inputs would write the same output "
                            "file (same name in different folders); convert them separately",
                            str(directory)))
        return
    _write_files(jobs, writer_cls, reader_name, options, reporter, registry)


def _write_files(jobs: list[tuple[list[str], Path]], writer_cls: type[Writer],
                 reader_name: str | None, options: WriterOptions, reporter: Reporter,
                 registry: Registry) -> None:
    """Write every job to a temporary file; rename them all only if the whole run succeeded."""
    pending: list[PendingOutput] = []
    try:
        for paths, target in jobs:
            try:
                output = PendingOutput(target)
            except OSError as exc:
                reporter(Diagnostic(Severity.ERROR, "IO001",
                                    f"cannot write: {exc.strerror or exc}", str(target)))
                break
            pending.append(output)
            writer = writer_cls(reporter, options)
            records = read_records(paths, reader_name, reporter, registry)
            _run_writer(writer, records, output.stream, reporter)
        if reporter.failed:
            for output in pending:
                output.discard()
            return
        for output in pending:
            output.commit()
    except BaseException:
        for output in pending:
            output.discard()
        raise


def _run_writer(writer: Writer, records: Iterable[Record], out: TextIO, reporter: Reporter) -> None:
    try:
        writer.write(records, out)
    except OSError as exc:
        reporter(Diagnostic(Severity.ERROR, "IO001", f"cannot write: {exc.strerror or exc}",
                            getattr(out, "name", "<output>")))
    except Exception as exc:  # a writer bug must become a diagnostic, never a traceback
        reporter(Diagnostic(Severity.ERROR, "OUT001", f"the {writer.name} writer failed: "
                            f"{type(exc).__name__}: {exc}", "<output>"))


@dataclass(frozen=True)
class InputSummary:
    name: str
    records: int
    warnings: int
    errors: int

    def __str__(self) -> str:
        return (f"{self.name}: {self.records} record(s), {self.warnings} warning(s), "
                f"{self.errors} error(s)")


def check_inputs(inputs: list[str], *, reader_name: str | None, reporter: Reporter,
                 registry: Registry) -> list[InputSummary]:
    summaries = []
    for path in inputs:
        warnings_before, errors_before = reporter.warnings, reporter.errors
        count = sum(1 for _ in read_records([path], reader_name, reporter, registry))
        name = STDIN_NAME if path == "-" else path
        summaries.append(InputSummary(name, count, reporter.warnings - warnings_before,
                                      reporter.errors - errors_before))
    return summaries
