"""One large RIS input converted on every core, with the same output as in one process.

The parent decodes the input into lines (in C, a block at a time: the encoding is decided by what
came before, so this part is sequential) and cuts the lines into chunks just before a ``TY`` line,
where a record starts.  Worker processes do everything that depends on one record only: find the
records of their chunk, map each to a :class:`~risx.model.Record` and render it
(:meth:`RecordWriter.render`).  The parent takes the rendered records back in input order and emits
them (:meth:`RecordWriter.emit`: unique ids and cite keys, separators), so the output is the same
as in one process.

Messages keep the order one process gives them.  A worker returns, for each record, the messages
that came before it (decoding, record boundaries), the mapping's and the writer's, and the messages
after its last record; the decoding messages the parent found are handed to the worker with the
line they name.  A chunk ends with the ``TY`` line the next one starts with: the worker lets that
line close what it closes (a record without ``ER``, stray tags) and stops.  Report-once messages
(``DiagnosticSink.first_time``) are decided by the parent, since a worker sees only its chunks.

Chunks travel as lists of strings and results as tuples of strings and numbers: those pickle in C,
records and named tuples would cost more than mapping them.  At most ``2 * jobs`` chunks are in
flight, so memory stays flat.
"""

from __future__ import annotations

import gc
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, BinaryIO

from risx.diagnostics import Diagnostic, DiagnosticSink, Report, Severity
from risx.model import RawTag, raw_tag_from_tuple
from risx.readers.base import ReaderOptions, ReadFacts
from risx.readers.ris import (
    RIS_SYNTAX,
    _Assembler,
    interpret,
    match_tag_line,
    report_no_records,
)
from risx.readers.ris.exporters import SAMPLE_RECORDS, ExporterVote
from risx.textio import Decoding, decode_line_blocks
from risx.writers.base import RecordWriter, WriterOptions

#: Records per chunk: large enough that a task's cost (pickling, a pipe round trip) is small beside
#: mapping it, small enough to keep every worker busy to the end.
CHUNK_RECORDS = 200

#: A report-once marker in a worker's message list: the key the worker asked about.
_OnceKey = str
_Messages = list[Diagnostic | _OnceKey]
#: One record's outcome in a worker: the messages before it (reading), the mapping's, the
#: writer's, what :meth:`RecordWriter.render` returned (``None`` when the record was skipped) and
#: its tags as plain tuples when the parent asked for them (to guess the exporter), else ``()``.
_Outcome = tuple[_Messages, _Messages, list[Diagnostic], Any, list[tuple[str, str, int]] | tuple[()]]
#: A worker's answer for a chunk: its records' outcomes, the messages after the last record,
#: and the number of records found (skipped ones included).
_ChunkResult = tuple[list[_Outcome], _Messages, int]


# The worker side ------------------------------------------------------------------------------


@dataclass
class _WorkerState:
    writer: RecordWriter
    reader_options: ReaderOptions
    #: What the writer reported while rendering the current record.
    written: list[Diagnostic]


_STATE: _WorkerState | None = None


def _start_worker(writer_cls: type[RecordWriter], options: WriterOptions,
                  reader_options: ReaderOptions) -> None:
    global _STATE
    # Ctrl-C is the parent's to handle: it stops handing out chunks and discards the output.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the worker inherited from the parent is never garbage: keep the collector off it,
    # so that it does not write to (and so copy) pages the fork shares.
    gc.freeze()
    written: list[Diagnostic] = []
    _STATE = _WorkerState(writer_cls(written.append, options), reader_options, written)


class _RecordingSink(DiagnosticSink):
    """Reports every report-once message, after its key, for the parent to decide on."""

    __slots__ = ("messages",)

    def __init__(self, file: str) -> None:
        self.messages: _Messages = []
        super().__init__(self.messages.append, file)

    def first_time(self, key: str) -> bool:
        self.messages.append(key)
        return True

    def take(self) -> _Messages:
        # The list itself stays: the sink reports into its append method.
        taken = self.messages[:]
        self.messages.clear()
        return taken


def _render_chunk(file: str, first_line: int, lines: list[str],
                  decoding: dict[int, list[Diagnostic]], stop_at: int | None,
                  tags_wanted: int) -> _ChunkResult:
    """Read, map and render the records of one chunk of lines (see the module docstring)."""
    state = _STATE
    assert state is not None, "worker not started"
    sink = _RecordingSink(file)

    def numbered() -> Iterator[tuple[int, str]]:
        for number, text in enumerate(lines, first_line):
            found = decoding.get(number)
            if found:
                sink.messages.extend(found)
            yield number, text

    outcomes: list[_Outcome] = []
    found = 0
    for raw in _Assembler(sink, state.reader_options).records(numbered(), stop_at=stop_at):
        found += 1
        before = sink.take()
        record = interpret(raw, file, sink, tags_only=state.reader_options.source_tags_only)
        rendered = state.writer.render(record) if record is not None else None
        tags: list[tuple[str, str, int]] | tuple[()] = (
            [(t.tag, t.value, t.line) for t in raw.tags] if found <= tags_wanted else ())
        outcomes.append((before, sink.take(), state.written[:], rendered, tags))
        state.written.clear()
    return outcomes, sink.take(), found


# The parent side ------------------------------------------------------------------------------


def record_starts(lines: list[str]) -> list[int]:
    """The positions of the lines the reader takes for ``TY`` lines.

    A cheap test on the first characters first (it runs on every line), the
    reader's own test on the few that pass it.
    """
    candidates = [i for i, line in enumerate(lines)
                  if line[:2] in _TY_SPELLINGS or line[:1] in _LEADING_BLANKS]
    return [i for i in candidates if _is_ty_line(lines[i])]


def _is_ty_line(line: str) -> bool:
    found = match_tag_line(line)
    return found is not None and found[0] == "TY"


_TY_SPELLINGS = frozenset({"TY", "Ty", "tY", "ty"})
_LEADING_BLANKS = frozenset(" \t\ufeff")


@dataclass
class _Chunk:
    first_line: int
    lines: list[str]
    records: int = 0


class ParallelRenderer:
    """Renders the records of RIS inputs in worker processes (see the module docstring).

    Use as a context manager around the whole output; :meth:`records` is the
    ``produce`` function of :func:`risx.pipeline.read_items` for one input and
    yields ``(rendered, raw tags)`` in input order (raw tags for the first
    ``tag_sample`` records, then empty).
    """

    def __init__(self, writer: RecordWriter, reader_options: ReaderOptions, jobs: int,
                 tag_sample: int = SAMPLE_RECORDS) -> None:
        self.writer = writer
        self.reader_options = reader_options
        self.jobs = jobs
        self.tag_sample = tag_sample
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParallelRenderer:
        self.pool = ProcessPoolExecutor(
            max_workers=self.jobs, initializer=_start_worker,
            initargs=(type(self.writer), self.writer.options, self.reader_options))
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.pool is not None
        # On an error or Ctrl-C, do not start what is queued; workers finish their chunk.
        self.pool.shutdown(wait=True, cancel_futures=exc[0] is not None)

    def source(self) -> ChunkedSource:
        """What reads one input for :func:`risx.pipeline.read_input` (one per input)."""
        return ChunkedSource(self)

    def records(self, stream: BinaryIO, name: str, report: Report,
                decoding: Decoding | None = None,
                ) -> Iterator[tuple[Any, list[RawTag] | tuple[()]]]:
        """The rendered records of one input, with their raw tags (see the class docstring).

        A worker that dies (killed for memory, say) stops the conversion with an error: the
        records it held are lost, so the output would be incomplete and is not written.
        """
        try:
            yield from self._records(stream, name, report, decoding)
        except BrokenProcessPool as exc:
            report(Diagnostic(Severity.ERROR, "IO001", f"a worker process died ({exc}); the "
                              f"conversion stopped and its output is not written (try -j 1)",
                              name))

    def _records(self, stream: BinaryIO, name: str, report: Report,
                 decided: Decoding | None) -> Iterator[tuple[Any, list[RawTag] | tuple[()]]]:
        pool = self.pool
        assert pool is not None, "use ParallelRenderer as a context manager"
        decoding: list[Diagnostic] = []
        sink = DiagnosticSink(decoding.append, name)
        in_flight: deque[Future[_ChunkResult]] = deque()
        state = _Progress(tags_wanted=self.tag_sample)
        chunk = _Chunk(1, [])

        def send(stop_at: int | None) -> Iterator[tuple[Any, list[RawTag] | tuple[()]]]:
            # A block's decoding messages are all reported when it is decoded: those about
            # lines after this chunk stay for the next one.
            last = stop_at if stop_at is not None else chunk.first_line + len(chunk.lines) - 1
            messages = _by_line([d for d in decoding if (d.line or 1) <= last])
            decoding[:] = [d for d in decoding if (d.line or 1) > last]
            in_flight.append(pool.submit(_render_chunk, name, chunk.first_line, chunk.lines,
                                         messages, stop_at, state.tags_wanted))
            state.tags_wanted = max(0, state.tags_wanted - chunk.records)
            if len(in_flight) >= 2 * self.jobs:
                yield from self._finish(in_flight.popleft(), sink, report, state)

        for first, lines in decode_line_blocks(stream, sink, RIS_SYNTAX.text, decided):
            start = 0
            for index in record_starts(lines):
                if chunk.records >= CHUNK_RECORDS:
                    # This chunk ends with the TY line the next one starts with.
                    chunk.lines.extend(lines[start:index + 1])
                    yield from send(first + index)
                    chunk = _Chunk(first + index, [])
                    start = index
                chunk.records += 1
            chunk.lines.extend(lines[start:])
        if chunk.lines:
            yield from send(None)
        for diagnostic in decoding:  # no lines at all: an empty or refused input
            report(diagnostic)
        while in_flight:
            yield from self._finish(in_flight.popleft(), sink, report, state)
        if state.found == 0:
            report_no_records(DiagnosticSink(report, name))

    def _finish(self, future: Future[_ChunkResult], sink: DiagnosticSink, report: Report,
                state: _Progress) -> Iterator[tuple[Any, list[RawTag] | tuple[()]]]:
        """Pass on one chunk's messages and rendered records, in the order one process has them."""
        outcomes, after, found = future.result()
        state.found += found
        for before, mapped, written, rendered, tags in outcomes:
            _pass_on(before, sink, report)
            _pass_on(mapped, sink, report)
            for diagnostic in written:
                self.writer.report(diagnostic)
            if rendered is not None:
                yield rendered, list(map(raw_tag_from_tuple, tags)) if tags else ()
        _pass_on(after, sink, report)


@dataclass
class _Progress:
    #: How many more records' raw tags the caller wants.
    tags_wanted: int
    #: Records found so far (RIS007 when none).
    found: int = 0


def _by_line(diagnostics: list[Diagnostic]) -> dict[int, list[Diagnostic]]:
    """Decoding messages by the line they name (each is reported before its line is read)."""
    grouped: dict[int, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        grouped.setdefault(diagnostic.line or 1, []).append(diagnostic)
    return grouped


def _pass_on(messages: _Messages, sink: DiagnosticSink, report: Report) -> None:
    """Report a worker's messages; a report-once key this file has seen drops the message after it."""
    drop_next = False
    for message in messages:
        if isinstance(message, str):
            drop_next = not sink.first_time(message)
        elif drop_next:
            drop_next = False
        else:
            report(message)


class ChunkedSource:
    """One input read by :class:`ParallelRenderer`, its facts noted as the RIS reader notes
    them: the encoding as the decoder decided it, the exporter from the raw tags of the first
    records, which the workers send back for this."""

    def __init__(self, renderer: ParallelRenderer) -> None:
        self.renderer = renderer
        self.facts = ReadFacts()

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Any]:
        decoding = Decoding()
        vote = ExporterVote()
        try:
            for count, (rendered, tags) in enumerate(
                    self.renderer.records(stream, source_name, report, decoding), 1):
                if count <= SAMPLE_RECORDS:
                    vote.add(tags)
                yield rendered
        finally:
            self.facts.encoding = decoding.describe()
            self.facts.exporter, self.facts.evidence = vote.result()
