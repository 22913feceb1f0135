"""The conversion pipeline behind :mod:`risx.api` and the CLI: inputs -> reader -> records -> writer.

Three shapes of run:

* **one output** (standard output, or ``-o FILE``): every record of every input, in input order,
  goes through one writer, so ids and cite keys are unique across the whole output (``--merge``
  is the explicit spelling; ``--dedupe`` drops duplicates across the inputs first);
* **one output per input** (``-o DIR/``): each input is converted on its own, in parallel worker
  processes with ``-j N``; diagnostics are printed in input order whatever finishes first, so the
  output and the messages are identical for every ``N``;
* **check**: read and count only.

Output files are never half-written: each goes to a temporary file in the target directory, is
flushed and fsynced, and is renamed over the target only when its conversion succeeded (no
errors; no warnings under ``--strict``).  In ``-o DIR/`` mode each output stands on its own: the
good ones are written, the failed ones are not and are named on stderr.  An output whose bytes
equal the existing file is not replaced, so its modification time stays and ``make`` does not
rebuild what depends on it.  Standard output cannot be taken back, so it streams.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TypeVar

from risx.diagnostics import Diagnostic, Report, Reporter, Severity, counting
from risx.model import Record
from risx.outputs import (
    STATUS_CLOSED,
    STATUS_FAILED,
    STATUS_STREAMED,
    is_directory_target,
    write_output,
)
from risx.progress import Progress
from risx.readers.base import Reader, ReaderOptions, ReadFacts
from risx.registry import Registry, UnknownFormat
from risx.settings import Settings, UsageProblem
from risx.stats import ConversionResult, InputStats
from risx.writers.base import RecordWriter, RenderedRecords, Writer, WriterOptions

if TYPE_CHECKING:
    from risx.dedupe import DedupeResult

# The process pool, pickle and the dedupe module are imported where they are used:
# start-up time matters for a command run once per file by make (benchmarks/bench_startup.py).

STDIN_NAME = "<stdin>"
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

#: Below this much input in total, ``-o DIR/`` without ``-j`` converts in this process: the
#: whole batch then takes a few seconds at most, and starting and feeding worker processes
#: would eat much of what they save.  A conservative guess, not a measured
#: crossover; ``-j N`` overrides it.
AUTO_PARALLEL_BYTES = 4 * 1024 * 1024



# Inputs --------------------------------------------------------------------------------------


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


#: Extensions several formats share (RIS, MEDLINE and Web of Science all write ``.txt``): the
#: content decides (risx.readers.detect); the extension's reader is only the fallback for an
#: empty input.
CONTENT_DECIDES = frozenset({".txt", ".xml"})


def reader_class_for(path: str, reader_name: str | None, registry: Registry) -> type[Reader]:
    """The reader for an input: ``-f`` if given, else the extension's, else (``.txt``,
    ``.xml``, unknown extensions, standard input) the one that recognises the content."""
    if reader_name:
        return registry.readers.get(reader_name)
    suffix = Path(path).suffix.lower() if path != "-" else ""
    cls = registry.readers.by_extension(suffix) if suffix else None
    if cls is not None and suffix not in CONTENT_DECIDES:
        return cls
    from risx.readers import detect  # only when the content decides

    head = detect.input_head(path)
    if detect.is_blank(head):
        return cls or registry.readers.get("ris")  # nothing to recognise: its reader says so
    return detect.sniff(head, registry.readers) or detect.UndetectedFormatReader


def writer_class_for(writer_name: str | None, output: str | None,
                     registry: Registry) -> type[Writer]:
    if writer_name:
        return registry.writers.get(writer_name)
    if output and output != "-" and not is_directory_target(output):
        cls = registry.writers.by_extension(Path(output).suffix)
        if cls is not None:
            return cls
        raise UnknownFormat(f"cannot tell the output format from '{output}': give -t FORMAT "
                            f"(see 'risx formats')")
    raise UnknownFormat("no output format: give -t FORMAT or -o FILE with a known extension "
                        "(see 'risx formats')")


class Source(Protocol[T_co]):
    """What reads one input: a :class:`~risx.readers.base.Reader`, or the chunked RIS path
    (:mod:`risx.parallel`), whose items are records its workers rendered."""

    facts: ReadFacts

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[T_co]: ...


def read_input(path: str, source: Source[T], stats: InputStats, report: Report) -> Iterator[T]:
    """What ``source`` reads of one input, counted in ``stats`` with the time it took and, once
    read, the encoding and exporter the reader found (``source.facts``)."""
    started = time.perf_counter()
    try:
        with open_input(path) as (stream, name):
            items = source.read(stream, name, report)
            try:
                for item in items:
                    stats.records_read += 1
                    yield item
            finally:
                # Closed here, not when collected: the reader notes its facts as it stops.
                close: Callable[[], object] | None = getattr(items, "close", None)
                if close is not None:
                    close()
    except OSError as exc:
        report(Diagnostic(Severity.ERROR, "IO001", f"cannot read: {exc.strerror or exc}",
                          input_name(path)))
    finally:
        stats.encoding = source.facts.encoding
        stats.dialect = source.facts.exporter
        stats.seconds += time.perf_counter() - started


# Writing -------------------------------------------------------------------------------------


def writing(writer: Writer, records: Iterable[Record] | RenderedRecords,
            report: Report) -> Callable[[Any], None]:
    """The body of one output (:func:`risx.outputs.write_output`): ``writer`` over
    ``records``, with a writer's bug reported (OUT001), never a traceback."""

    def body(out: Any) -> None:
        try:
            if isinstance(records, RenderedRecords):
                assert isinstance(writer, RecordWriter)
                writer.write_rendered(records, out)
            else:
                writer.write(records, out)
        except OSError:
            raise  # the output's own problem: write_output names it
        except Exception as exc:  # a writer bug must become a diagnostic, never a traceback
            report(Diagnostic(Severity.ERROR, "OUT001", f"the {writer.name} writer failed: "
                              f"{type(exc).__name__}: {exc}", "<output>"))

    return body


# The run -------------------------------------------------------------------------------------


def run_conversion(inputs: list[str], *, writer_name: str | None, output: str | None,
                   merge: bool, settings: Settings, reporter: Reporter,
                   registry: Registry) -> ConversionResult:
    """Convert ``inputs`` to ``output`` (``None``/``-``: stdout; ``DIR/``: one file per input).

    Raises :class:`UnknownFormat` or :class:`UsageProblem` before anything is read when the
    request cannot be carried out; every problem with the data itself is a diagnostic.
    """
    writer_cls = writer_class_for(writer_name, output, registry)
    reader_classes = [reader_class_for(p, settings.reader_name, registry) for p in inputs]
    per_input = output is not None and output != "-" and is_directory_target(output)
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
    against_classes = [reader_class_for(p, settings.reader_name, registry)
                       for p in settings.dedupe_against]
    if writer_cls.reads_source_tags_only and not settings.dedupe:
        # Duplicates are found on interpreted fields; otherwise the writer needs none.
        settings = replace(settings, reader_options=replace(settings.reader_options,
                                                            source_tags_only=True))
    progress = Progress(reporter.stream, total_files=len(inputs), enabled=settings.progress)
    if settings.progress:
        from risx.progress import ClearingStream

        original_stream = reporter.stream
        reporter.stream = ClearingStream(original_stream, progress)  # type: ignore[assignment]
    try:
        if per_input:
            assert output is not None
            result = _convert_per_input(inputs, reader_classes, Path(output), writer_cls,
                                        settings, reporter, progress)
        else:
            target = None if output is None or output == "-" else Path(output)
            result = _convert_merged(inputs, reader_classes, target, writer_cls, settings,
                                     reporter, progress, against_classes)
    finally:
        progress.clear()
        if settings.progress:
            reporter.stream = original_stream
    if settings.verbose:
        for stats in result.inputs:
            print(f"risx: {stats.summary()}", file=reporter.stream)
    result.ok = not reporter.failed and not result.failed_outputs
    result.diagnostics = reporter.collected
    return result


def _convert_merged(inputs: list[str], reader_classes: list[type[Reader]], target: Path | None,
                    writer_cls: type[Writer], settings: Settings, reporter: Reporter,
                    progress: Progress,
                    against_classes: Sequence[type[Reader]] = ()) -> ConversionResult:
    all_stats = [InputStats(input_name(p), output=str(target or "")) for p in inputs]
    views = {stats.name: reporter.for_input(stats) for stats in all_stats}

    def writer_report(diagnostic: Diagnostic) -> None:
        views.get(diagnostic.file, reporter)(diagnostic)

    def records() -> Iterator[Record]:
        for path, cls, stats in zip(inputs, reader_classes, all_stats, strict=True):
            for record in read_input(path, cls(settings.reader_options), stats,
                                     views[stats.name]):
                progress.advance(records=1)
                yield record
            progress.advance(files=1)

    writer = writer_cls(writer_report, writer_options_for(settings, processes=1))
    stream: Iterable[Record] | RenderedRecords
    deduped: DedupeResult | None = None
    if settings.dedupe:
        from risx.dedupe import dedupe

        screened = [record for path, cls in zip(settings.dedupe_against, against_classes,
                                                strict=True)
                    for record in read_input(path, cls(settings.reader_options),
                                             InputStats(input_name(path)), reporter)]
        # Needs every record, so it is never rendered by workers.
        everything = list(records())
        deduped = dedupe(everything, prefer=_expand_prefer(settings.dedupe_prefer, all_stats),
                         against=screened)
        stream = deduped.records
        if not reporter.quiet:
            progress.clear()
            print(f"risx: {deduped.summary()}", file=reporter.stream)
            print(f"risx: {deduped.prisma.line()}", file=reporter.stream)
            if settings.verbose:
                for line in deduped.rules_used():
                    print(f"risx: dedupe rule {line}", file=reporter.stream)
    else:
        stream = records()

    with contextlib.ExitStack() as workers:
        jobs = merged_job_count(settings, inputs, reader_classes, writer)
        if jobs > 1:
            from risx.parallel import ParallelRenderer

            assert isinstance(writer, RecordWriter)
            renderer = workers.enter_context(
                ParallelRenderer(writer, settings.reader_options, jobs))

            def rendered() -> Iterator[object]:
                for path, stats in zip(inputs, all_stats, strict=True):
                    report = views[stats.name]
                    for item in read_input(path, renderer.source(), stats, report):
                        progress.advance(records=1)
                        yield item
                    progress.advance(files=1)

            stream = RenderedRecords(rendered())
        status = write_output(target, writing(writer, stream, reporter), reporter,
                              binary=writer.binary, failed=lambda: reporter.failed,
                              unwritable=functools.partial(_read_all, stream))
        if status == STATUS_CLOSED:
            reporter.errors += 1  # the pipe's reader went away: the run failed, quietly
            status = STATUS_STREAMED
    if deduped is not None and not reporter.failed:
        _write_dedupe_outputs(deduped, settings, reporter)

    written = Counter(r.source.file for r in deduped.records) if deduped is not None else None
    for stats in all_stats:
        stats.status = status
        if status != STATUS_FAILED:
            stats.records_written = (written[stats.name] if written is not None
                                     else stats.records_read)
    failed = [str(target)] if target is not None and status == STATUS_FAILED else []
    return ConversionResult(all_stats, ok=True, dedupe=deduped, failed_outputs=failed)


def _read_all(records: Iterable[object]) -> None:
    """Read every input although nothing can be written, so that every problem is reported."""
    for _ in records:
        pass


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


def _write_dedupe_outputs(deduped: DedupeResult, settings: Settings, reporter: Reporter) -> None:
    """The dedupe report, review list and PRISMA numbers that were asked for, each atomic."""
    from risx.dedupe import write_prisma, write_report, write_review

    for path, write in ((settings.dedupe_report, lambda out: write_report(deduped.removed, out)),
                        (settings.dedupe_review, lambda out: write_review(deduped.review, out)),
                        (settings.dedupe_prisma, lambda out: write_prisma(deduped.prisma, out))):
        if path:
            write_output(Path(path), write, reporter)


# One output per input, in worker processes ------------------------------------------------


@dataclass(frozen=True)
class _Task:
    path: str
    target: str
    reader_cls: type[Reader]
    writer_cls: type[Writer]
    settings: Settings
    strict: bool


@dataclass
class _TaskResult:
    stats: InputStats
    diagnostics: list[Diagnostic]


def _run_task(task: _Task) -> _TaskResult:
    """Convert one input to its own output file; runs in a worker process or in this one."""
    stats = InputStats(input_name(task.path), output=task.target, status=STATUS_FAILED)
    # Kept, not printed: the parent prints every task's messages in input order.
    kept = Reporter(echo=False, keep=True, strict=task.strict)
    report = kept.for_input(stats)
    target = Path(task.target)
    writer_cls = task.writer_cls

    def convert(out: Any) -> None:
        writer = writer_cls(report, task.settings.writer_options)
        records = read_input(task.path, task.reader_cls(task.settings.reader_options), stats,
                             report)
        writing(writer, records, report)(out)

    try:
        stats.status = write_output(target, convert, report, binary=writer_cls.binary,
                                    failed=lambda: kept.failed_input(stats))
        if stats.status != STATUS_FAILED:
            stats.records_written = stats.records_read
    except Exception as exc:  # a bug must cost one output, not the batch
        report(Diagnostic(Severity.ERROR, "OUT001", f"conversion failed: "
                          f"{type(exc).__name__}: {exc}", stats.name))
    return _TaskResult(stats, kept.collected)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def merged_job_count(settings: Settings, paths: list[str], reader_classes: list[type[Reader]],
                     writer: Writer) -> int:
    """How many worker processes render one merged output (1 means: in this process).

    Only RIS inputs and writers that split their work (:class:`RecordWriter`) can be rendered
    by workers, and not with ``--dedupe`` (it needs every record first).  Without ``-j`` a
    large input (:data:`AUTO_PARALLEL_BYTES` in all) uses every core; the output is the same
    either way.
    """
    if (settings.dedupe or not isinstance(writer, RecordWriter)
            or any(cls.name != "ris" for cls in reader_classes)):
        return 1
    if settings.jobs is not None:
        return settings.jobs
    if "-" in paths or sum(_size(p) for p in paths) < AUTO_PARALLEL_BYTES:
        return 1
    return _cores()


def _cores() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1


def writer_options_for(settings: Settings, processes: int) -> WriterOptions:
    """The writer options, with the worker processes the writer may start itself (CSL writers
    render entries in them): those asked for (``-j``) when the conversion runs in this
    process, none when it runs in one of ``processes`` > 1 workers (never N x N processes).

    Without ``-j`` a writer may use every core: the CSL writers do only for lists long enough
    to repay starting workers (200 entries), and the output is the same either way.
    """
    if processes > 1:
        return replace(settings.writer_options, jobs=1)
    jobs = settings.jobs or (settings.writer_options.jobs if settings.writer_options.jobs > 1
                             else _cores())
    return replace(settings.writer_options, jobs=jobs)


def job_count(requested: int | None, paths: list[str]) -> int:
    """How many worker processes to use for ``paths`` (1 means: in this process)."""
    if len(paths) < 2 or "-" in paths:
        return 1
    if requested is not None:
        return max(1, min(requested, len(paths)))
    if sum(_size(p) for p in paths) < AUTO_PARALLEL_BYTES:
        return 1
    return max(1, min(_cores(), len(paths)))


def _convert_per_input(inputs: list[str], reader_classes: list[type[Reader]], directory: Path,
                       writer_cls: type[Writer], settings: Settings, reporter: Reporter,
                       progress: Progress) -> ConversionResult:
    extension = writer_cls.extensions[0] if writer_cls.extensions else f".{writer_cls.name}"
    settings = replace(settings, writer_options=writer_options_for(
        settings, processes=job_count(settings.jobs, inputs)))
    tasks = []
    for path, reader_cls in zip(inputs, reader_classes, strict=True):
        stem = "stdin" if path == "-" else Path(path).stem
        tasks.append(_Task(path, str(directory / f"{stem}{extension}"), reader_cls, writer_cls,
                           settings, reporter.strict))
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
        reporter(Diagnostic(Severity.ERROR, "IO001", f"cannot create the output directory: "
                            f"{exc.strerror or exc}", str(directory)))
        return ConversionResult([], ok=False)

    jobs = job_count(settings.jobs, inputs)
    if jobs > 1:
        import pickle

        try:
            pickle.dumps(tasks[0])
        except (pickle.PicklingError, AttributeError, TypeError):
            jobs = 1  # a format registered at run time that workers cannot import
    all_stats: list[InputStats] = []
    failed: list[str] = []

    def collect(result: _TaskResult) -> None:
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

    if jobs == 1:
        for task in tasks:
            collect(_run_task(task))
    else:
        # Largest inputs first, so that one big file started last does not leave the other
        # workers idle; results are still taken (and reported) in input order.
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i].path))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            try:
                futures = {i: pool.submit(_run_task, tasks[i]) for i in order}
                for index in range(len(tasks)):
                    collect(futures[index].result())
            except BrokenProcessPool as exc:
                done = len(all_stats)
                for task in tasks[done:]:
                    reporter(Diagnostic(Severity.ERROR, "IO001", f"not written: a worker "
                                        f"process died ({exc})", task.target))
                    failed.append(task.target)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    return ConversionResult(all_stats, ok=True, failed_outputs=failed)


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
