"""The conversion behind :mod:`risx.api` and the CLI: it orchestrates, and does nothing else.

A run is: choose the formats and the processes (:mod:`risx.plan`), then the stages
``read -> [dedupe] -> write``, each output written through :func:`risx.outputs.write_output`.
Three shapes of run:

* **one output** (standard output, or ``-o FILE``): every record of every input, in input order,
  goes through one writer, so ids and cite keys are unique across the whole output (``--merge``
  is the explicit spelling; ``--dedupe`` drops duplicates across the inputs first, and its side
  files are written after the output, when it succeeded);
* **one output per input** (``-o DIR/``): each input is converted on its own, in worker
  processes with ``-j N``; diagnostics are printed in input order whatever finishes first, so the
  output and the messages are identical for every ``N``.  Each output stands on its own: the
  good ones are written, the failed ones are not and are named on stderr;
* **check**: read and count only.

What is counted per input (records, diagnostics, encoding, exporter, time) is in
:mod:`risx.stats`; what the run was asked to do, in :mod:`risx.settings`.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from risx.diagnostics import Diagnostic, Report, Reporter, Severity, counting
from risx.model import Record
from risx.outputs import (
    STATUS_CLOSED,
    STATUS_FAILED,
    STATUS_STREAMED,
    Body,
    cannot_write,
    is_directory_target,
    remove_leftovers,
    write_output,
)
from risx.plan import Plan, plan, reader_class_for, size, writer_budget, writer_class_for
from risx.progress import Progress
from risx.readers.base import Reader, ReaderOptions
from risx.registry import Registry
from risx.settings import Settings, UsageProblem
from risx.stats import ConversionResult, InputStats
from risx.writers.base import Writer

if TYPE_CHECKING:
    from risx.dedupe import DedupeResult

# Worker processes, pickle and the dedupe package are imported where they are used:
# start-up time matters for a command run once per file by make (benchmarks/bench_startup.py).

STDIN_NAME = "<stdin>"


# Reading -------------------------------------------------------------------------------------


@contextlib.contextmanager
def open_input(path: str) -> Iterator[tuple[BinaryIO, str]]:
    """The byte stream for a path (``-`` is stdin) and the name diagnostics use for it."""
    if path == "-":
        yield sys.stdin.buffer, STDIN_NAME
        return
    with open(path, "rb") as stream:
        yield stream, path


def input_name(path: str) -> str:
    return STDIN_NAME if path == "-" else path


def read_input(path: str, reader: Reader, stats: InputStats, report: Report) -> Iterator[Record]:
    """The records ``reader`` reads of one input, counted in ``stats`` with the time it took
    and, once read, the encoding and exporter the reader found (``reader.facts``)."""
    started = time.perf_counter()
    try:
        with open_input(path) as (stream, name):
            records = reader.read(stream, name, report)
            try:
                for record in records:
                    stats.records_read += 1
                    yield record
            finally:
                # Closed here, not when collected: the reader notes its facts as it stops.
                close: Callable[[], object] | None = getattr(records, "close", None)
                if close is not None:
                    close()
    except OSError as exc:
        report(Diagnostic(Severity.ERROR, "IO001", f"cannot read: {exc.strerror or exc}",
                          input_name(path)))
    finally:
        stats.encoding = reader.facts.encoding
        facts = reader.facts
        stats.dialect, stats.evidence = facts.exporter, facts.evidence
        stats.framing, stats.rules = dict(facts.framing), dict(facts.rules)
        stats.seconds += time.perf_counter() - started


# Writing -------------------------------------------------------------------------------------


def writing(writer: Writer, records: Iterable[Record], report: Report) -> Body:
    """The body of one output (:func:`risx.outputs.write_output`): ``writer`` over
    ``records``, with a writer's bug reported (OUT001), never a traceback."""

    def body(out: Any) -> None:
        try:
            writer.write(records, out)
        except OSError:
            raise  # the output's own problem: write_output names it
        except Exception as exc:  # a writer bug must become a diagnostic, never a traceback
            report(Diagnostic(Severity.ERROR, "OUT001", f"the {writer.name} writer failed: "
                              f"{type(exc).__name__}: {exc}", "<output>"))

    return body


@dataclass
class Staged:
    """What a stage between reading and writing hands on: the records to write, and the side
    files it wants written (each atomically, after the output and only if it succeeded)."""

    records: Iterable[Record]
    side_outputs: list[tuple[Path, Body]] = field(default_factory=list)


# The run -------------------------------------------------------------------------------------


def run_conversion(inputs: list[str], *, writer_name: str | None, output: str | None,
                   merge: bool, settings: Settings, reporter: Reporter,
                   registry: Registry) -> ConversionResult:
    """Convert ``inputs`` to ``output`` (``None``/``-``: stdout; ``DIR/``: one file per input).

    Raises :class:`~risx.registry.UnknownFormat` or :class:`UsageProblem` before anything is
    read when the request cannot be carried out; every problem with the data itself is a
    diagnostic.
    """
    writer_cls = writer_class_for(writer_name, output, registry)
    reader_classes = [reader_class_for(p, settings.reader_name, registry) for p in inputs]
    per_input = output is not None and output != "-" and is_directory_target(output)
    _refuse_what_does_not_fit(settings, per_input=per_input, merge=merge)
    against_classes = [reader_class_for(p, settings.reader_name, registry)
                       for p in settings.dedupe_against]
    if writer_cls.reads_source_tags_only and not settings.dedupe:
        # Duplicates are found on interpreted fields; otherwise the writer needs none.
        settings = replace(settings, reader_options=replace(settings.reader_options,
                                                            source_tags_only=True))
    the_plan = plan(settings, inputs, reader_classes, writer_cls, per_input=per_input)
    progress = Progress(reporter.stream, total_files=len(inputs), enabled=settings.progress)
    original_stream = reporter.stream
    if settings.progress:
        from risx.progress import ClearingStream

        reporter.stream = ClearingStream(original_stream, progress)  # type: ignore[assignment]
    try:
        if per_input:
            assert output is not None
            result = _convert_per_input(inputs, reader_classes, Path(output), writer_cls,
                                        settings, the_plan, reporter, progress)
        else:
            target = None if output is None or output == "-" else Path(output)
            result = _convert_merged(inputs, reader_classes, target, writer_cls, settings,
                                     the_plan, reporter, progress, against_classes)
    finally:
        progress.clear()
        reporter.stream = original_stream
    if settings.verbose:
        for stats in result.inputs:
            print(f"risx: {stats.summary()}", file=reporter.stream)
        for line in result.writer_lines:
            print(f"risx: {line}", file=reporter.stream)
    result.ok = result.ok and not reporter.failed and not result.failed_outputs
    result.diagnostics = reporter.collected
    return result


def _refuse_what_does_not_fit(settings: Settings, *, per_input: bool, merge: bool) -> None:
    if per_input and merge:
        raise UsageProblem("--merge writes one output: give -o FILE (or no -o for standard "
                           "output), not a directory")
    if per_input and settings.dedupe:
        raise UsageProblem("--dedupe needs one merged output: give -o FILE (or no -o), "
                           "not a directory")
    for name, value in (("--dedupe-report", settings.dedupe_report),
                        ("--review-list", settings.dedupe_review),
                        ("--prisma", settings.dedupe_prisma),
                        ("--prefer", settings.dedupe_prefer),
                        ("--against", settings.dedupe_against)):
        if value and not settings.dedupe:
            raise UsageProblem(f"{name} needs --dedupe")


# One output ----------------------------------------------------------------------------------


def _convert_merged(inputs: list[str], reader_classes: list[type[Reader]], target: Path | None,
                    writer_cls: type[Writer], settings: Settings, the_plan: Plan,
                    reporter: Reporter, progress: Progress,
                    against_classes: Sequence[type[Reader]]) -> ConversionResult:
    all_stats = [InputStats(input_name(p), output=str(target or "")) for p in inputs]
    views = {stats.name: reporter.for_input(stats) for stats in all_stats}

    def writer_report(diagnostic: Diagnostic) -> None:
        views.get(diagnostic.file, reporter)(diagnostic)

    def read() -> Iterator[Record]:
        """Every input's records, in input order."""
        for path, cls, stats in zip(inputs, reader_classes, all_stats, strict=True):
            for record in read_input(path, cls(settings.reader_options), stats,
                                     views[stats.name]):
                progress.advance(records=1)
                yield record
            progress.advance(files=1)

    writer = writer_cls(writer_report, settings.writer_options)
    writer.workers = writer_budget(the_plan.render_workers)
    records = read()
    deduped: DedupeResult | None = None
    staged = Staged(records)
    if settings.dedupe:
        deduped, staged = _dedupe(records, all_stats, settings, against_classes, reporter,
                                  progress)
    status = write_output(target, writing(writer, staged.records, reporter), reporter,
                          binary=writer.binary, failed=lambda: reporter.failed,
                          unwritable=lambda: _read_all(staged.records))
    closed = status == STATUS_CLOSED
    if closed:
        status = STATUS_STREAMED  # the pipe's reader went away: the run failed, quietly
    if not closed and not reporter.failed:
        for path, body in staged.side_outputs:
            write_output(path, body, reporter)

    written = Counter(r.source.file for r in deduped.records) if deduped is not None else None
    for stats in all_stats:
        stats.status = status
        if status != STATUS_FAILED:
            stats.records_written = (written[stats.name] if written is not None
                                     else stats.records_read)
    failed = [str(target)] if target is not None and status == STATUS_FAILED else []
    return ConversionResult(all_stats, ok=not closed, dedupe=deduped, failed_outputs=failed,
                            writer_lines=writer.verbose_lines())


def _read_all(records: Iterable[object]) -> None:
    """Read every input although nothing can be written, so that every problem is reported."""
    for _ in records:
        pass


def _dedupe(records: Iterable[Record], all_stats: Sequence[InputStats], settings: Settings,
            against_classes: Sequence[type[Reader]], reporter: Reporter,
            progress: Progress) -> tuple[DedupeResult, Staged]:
    """The dedupe stage: every record first (so never rendered by workers), the screened sets
    of ``--against``, the duplicates dropped, and the side files asked for."""
    from risx.dedupe import dedupe, write_prisma, write_report, write_review

    screened = [record for path, cls in zip(settings.dedupe_against, against_classes,
                                            strict=True)
                for record in read_input(path, cls(settings.reader_options),
                                         InputStats(input_name(path)), reporter)]
    everything = list(records)
    deduped = dedupe(everything, prefer=_expand_prefer(settings.dedupe_prefer, all_stats),
                     against=screened)
    if not reporter.quiet:
        progress.clear()
        print(f"risx: {deduped.summary()}", file=reporter.stream)
        print(f"risx: {deduped.prisma.line()}", file=reporter.stream)
        if settings.verbose:
            for line in deduped.rules_used():
                print(f"risx: dedupe rule {line}", file=reporter.stream)
    asked: list[tuple[str | None, Body]] = [
        (settings.dedupe_report, lambda out: write_report(deduped.removed, out)),
        (settings.dedupe_review, lambda out: write_review(deduped.review, out)),
        (settings.dedupe_prisma, lambda out: write_prisma(deduped.prisma, out))]
    return deduped, Staged(deduped.records, [(Path(path), body) for path, body in asked if path])


def _expand_prefer(prefer: Sequence[str], all_stats: Sequence[InputStats]) -> tuple[str, ...]:
    """``--prefer`` names, each followed by the inputs whose exporter it names (the dialect
    guessed from their tags: "Web of Science", "Scopus"), so that a protocol's database name
    works for exports that do not name their database in each record."""
    expanded: list[str] = []
    for name in prefer:
        expanded.append(name)
        expanded.extend(stats.name for stats in all_stats
                        if stats.dialect and stats.dialect.lower() == name.strip().lower())
    return tuple(expanded)


# One output per input --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    path: str
    target: str
    reader_cls: type[Reader]
    writer_cls: type[Writer]
    settings: Settings
    #: The run's strictness (``Reporter.strict``), judging this input in its worker.
    strict: bool
    #: Workers the writer may start (:attr:`Plan.render_workers`).
    render_workers: int


@dataclass
class _TaskResult:
    stats: InputStats
    diagnostics: list[Diagnostic]
    #: The writer's -v lines (:meth:`risx.writers.base.Writer.verbose_lines`).
    writer_lines: list[str] = field(default_factory=list)


def _run_task(task: _Task) -> _TaskResult:
    """Convert one input to its own output file; runs in a worker process or in this one."""
    stats = InputStats(input_name(task.path), output=task.target, status=STATUS_FAILED)
    # Kept, not printed: the parent prints every task's messages in input order.
    kept = Reporter(echo=False, keep=True, strict=task.strict)
    report = kept.for_input(stats)
    lines: list[str] = []

    def convert(out: Any) -> None:
        writer = task.writer_cls(report, task.settings.writer_options)
        writer.workers = writer_budget(task.render_workers)
        records = read_input(task.path, task.reader_cls(task.settings.reader_options), stats,
                             report)
        writing(writer, records, report)(out)
        lines.extend(writer.verbose_lines())

    try:
        stats.status = write_output(Path(task.target), convert, report,
                                    binary=task.writer_cls.binary,
                                    failed=lambda: kept.failed_input(stats))
        if stats.status != STATUS_FAILED:
            stats.records_written = stats.records_read
    except Exception as exc:  # a bug must cost one output, not the batch
        report(Diagnostic(Severity.ERROR, "OUT001", f"conversion failed: "
                          f"{type(exc).__name__}: {exc}", stats.name))
    return _TaskResult(stats, kept.collected, [f"{stats.name}: {line}" for line in lines])


def _convert_per_input(inputs: list[str], reader_classes: list[type[Reader]], directory: Path,
                       writer_cls: type[Writer], settings: Settings, the_plan: Plan,
                       reporter: Reporter, progress: Progress) -> ConversionResult:
    extension = writer_cls.extensions[0] if writer_cls.extensions else f".{writer_cls.name}"
    tasks = []
    for path, reader_cls in zip(inputs, reader_classes, strict=True):
        stem = "stdin" if path == "-" else Path(path).stem
        tasks.append(_Task(path, str(directory / f"{stem}{extension}"), reader_cls, writer_cls,
                           settings, reporter.strict, the_plan.render_workers))
    targets = [task.target for task in tasks]
    if len(set(targets)) != len(targets):
        reporter(Diagnostic(Severity.ERROR, "IO001", "two inputs would write the same output "
                            "file (same name in different folders); convert them separately",
                            str(directory)))
        return ConversionResult([], ok=False)
    try:
        # ``-o out/`` asks for a directory: made with its parents, as ``mkdir -p`` would.
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reporter(cannot_write(str(directory), exc, "cannot create the output directory"))
        return ConversionResult([], ok=False)

    all_stats: list[InputStats] = []
    failed: list[str] = []
    writer_lines: list[str] = []
    for result in _results(tasks, the_plan.files_at_once, reporter, str(directory)):
        writer_lines.extend(result.writer_lines)
        for diagnostic in result.diagnostics:
            reporter(diagnostic)
        stats = result.stats
        all_stats.append(stats)
        progress.advance(files=1, records=stats.records_read)
        if stats.status == STATUS_FAILED:
            failed.append(stats.output)
            why = (f"{stats.name} had {stats.errors} error(s)" if stats.errors
                   else f"{stats.name} had {stats.warnings} warning(s) under --strict")
            reporter(Diagnostic(Severity.ERROR, "IO001", f"not written: {why}", stats.output))
    return ConversionResult(all_stats, ok=True, failed_outputs=failed, writer_lines=writer_lines)


def _results(tasks: list[_Task], jobs: int, reporter: Reporter,
             name: str) -> Iterator[_TaskResult]:
    """Each task's result, in input order, the tasks run by ``jobs`` workers (1: here)."""
    if jobs == 1:
        yield from map(_run_task, tasks)
        return
    from risx.workers import WorkerPool

    # Largest inputs first, so that one big file started last does not leave the other
    # workers idle; results are still taken (and reported) in input order.
    largest_first = sorted(range(len(tasks)), key=lambda i: -size(tasks[i].path))
    with WorkerPool(jobs, reporter, name, interruptible=True) as pool:
        yield from pool.map_all(_run_task, tasks, first=largest_first, redo=_run_task_again)


def _run_task_again(task: _Task) -> _TaskResult:
    """A task done here after the pool broke: what its dead worker left is cleared first."""
    remove_leftovers(Path(task.target))
    return _run_task(task)


# Check ---------------------------------------------------------------------------------------


def check_inputs(inputs: list[str], *, reader_name: str | None, reporter: Report,
                 registry: Registry,
                 reader_options: ReaderOptions | None = None) -> list[InputStats]:
    """Read every input and count records and diagnostics, writing nothing."""
    options = reader_options or ReaderOptions()
    summaries = []
    for path in inputs:
        stats = InputStats(input_name(path))
        cls = reader_class_for(path, reader_name, registry)
        for _ in read_input(path, cls(options), stats, counting(stats, reporter)):
            pass
        summaries.append(stats)
    return summaries
