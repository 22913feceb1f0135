"""One large RIS input converted on every core, with the same output as in one process.

The work of a conversion splits three ways:

* **reading** (decoding bytes, finding records and their tagged lines) is sequential by nature:
  the encoding is decided by what came before, line numbers count from the top, a record ends
  where the next begins.  It is also the cheap part, so it stays in this process;
* **mapping and rendering** (a raw record -> a :class:`~risx.model.Record` -> its output text,
  :meth:`RecordWriter.render`) depends on one record only: worker processes do it, a chunk of
  records at a time;
* **emitting** (:meth:`RecordWriter.emit`: unique ids and cite keys, separators) depends on the
  records before, so it stays here and takes the rendered records in input order.

Messages keep the order one process gives them: each record carries the reader's messages that
came before it, then the mapping's, then the writer's, and they are passed on in that order.  A
report-once message (``DiagnosticSink.first_time``) is decided here, since a worker sees only
its own chunks.  At most ``2 * jobs`` chunks are in flight, so memory stays flat.

Nothing but raw tags (tuples of strings) goes to the workers and nothing but rendered text and
messages comes back: pickling whole records would cost more than mapping them.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

from risx.diagnostics import Diagnostic, DiagnosticSink, Report
from risx.model import RawTag, raw_tag_from_tuple
from risx.readers.base import ReaderOptions
from risx.readers.ris import RawRecord, _Assembler, interpret, report_no_records
from risx.textio import decode_lines
from risx.writers.base import RecordWriter, WriterOptions

#: Records per task sent to a worker: large enough that the cost of a task (pickling, a pipe
#: round trip) is small beside mapping it, small enough to keep every worker busy to the end.
CHUNK_RECORDS = 200

#: A report-once marker in a worker's message list: the key the worker asked about.
_OnceKey = str


# The worker side ------------------------------------------------------------------------------


@dataclass
class _WorkerState:
    writer: RecordWriter
    #: What the writer reported while rendering the current record.
    written: list[Diagnostic] = field(default_factory=list)


_STATE: _WorkerState | None = None


def _start_worker(writer_cls: type[RecordWriter], options: WriterOptions) -> None:
    global _STATE
    # Ctrl-C is the parent's to handle: it stops handing out chunks and discards the output.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    written: list[Diagnostic] = []
    _STATE = _WorkerState(writer_cls(written.append, options), written)


class _RecordingSink(DiagnosticSink):
    """A sink that reports every report-once message, preceded by its key, for the parent to decide."""

    __slots__ = ("messages",)

    def __init__(self, file: str) -> None:
        self.messages: list[Diagnostic | _OnceKey] = []
        super().__init__(self.messages.append, file)

    def first_time(self, key: str) -> bool:
        self.messages.append(key)
        return True


#: One record's outcome in a worker, as a plain tuple (tuples pickle in C, classes do not):
#: the mapping's messages with report-once keys before the message they guard, the writer's
#: messages from rendering, and what :meth:`RecordWriter.render` returned (``None`` when the
#: record was skipped).
_Rendered = tuple[list[Diagnostic | _OnceKey], list[Diagnostic], Any]
#: A raw record on its way to a worker: its first line and its tags as plain tuples.
_PlainRecord = tuple[int, list[tuple[str, str, int]]]


def _render_chunk(file: str, chunk: list[_PlainRecord]) -> list[_Rendered]:
    state = _STATE
    assert state is not None, "worker not started"
    results: list[_Rendered] = []
    for line, plain_tags in chunk:
        sink = _RecordingSink(file)
        record = interpret(RawRecord(line, list(map(raw_tag_from_tuple, plain_tags))), file, sink)
        rendered = state.writer.render(record) if record is not None else None
        results.append((sink.messages, state.written[:], rendered))
        state.written.clear()
    return results


# The parent side ------------------------------------------------------------------------------


@dataclass
class _Task:
    future: Future[list[_Rendered]]
    #: Per record: the reader's messages that came before it.
    before: list[list[Diagnostic]]
    #: Per record: its raw tags (the caller guesses the exporter from them).
    tags: list[list[RawTag]]


class ParallelRenderer:
    """Renders the records of RIS inputs in worker processes (see the module docstring).

    Use as a context manager around the whole output; :meth:`records` is the
    ``produce`` function of :func:`risx.pipeline.read_items` for one input and
    yields ``(rendered, raw tags)`` in input order.
    """

    def __init__(self, writer: RecordWriter, reader_options: ReaderOptions, jobs: int) -> None:
        self.writer = writer
        self.reader_options = reader_options
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParallelRenderer:
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_worker,
                                        initargs=(type(self.writer), self.writer.options))
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.pool is not None
        # On an error or Ctrl-C, do not start what is queued; workers finish their chunk.
        self.pool.shutdown(wait=True, cancel_futures=exc[0] is not None)

    def records(self, stream: BinaryIO, name: str,
                report: Report) -> Iterator[tuple[Any, list[RawTag]]]:
        """The rendered records of one input, with their raw tags."""
        pool = self.pool
        assert pool is not None, "use ParallelRenderer as a context manager"
        waiting: list[Diagnostic] = []
        sink = DiagnosticSink(waiting.append, name)
        in_flight: deque[_Task] = deque()
        chunk: list[_PlainRecord] = []
        task = _Task(Future(), [], [])
        found = 0
        for raw in _Assembler(sink, self.reader_options).records(decode_lines(stream, sink)):
            found += 1
            task.before.append(waiting[:])
            waiting.clear()
            task.tags.append(raw.tags)
            # Plain tuples: a named tuple pickles through Python code, a tuple in C.
            chunk.append((raw.line, cast("list[tuple[str, str, int]]", list(map(tuple, raw.tags)))))
            if len(chunk) == CHUNK_RECORDS:
                task.future = pool.submit(_render_chunk, name, chunk)
                in_flight.append(task)
                chunk, task = [], _Task(Future(), [], [])
                if len(in_flight) >= 2 * self.jobs:
                    yield from self._finish(in_flight.popleft(), sink, report)
        if chunk:
            task.future = pool.submit(_render_chunk, name, chunk)
            in_flight.append(task)
        while in_flight:
            yield from self._finish(in_flight.popleft(), sink, report)
        for diagnostic in waiting:  # what the reader said after the last record
            report(diagnostic)
        if found == 0:
            report_no_records(DiagnosticSink(report, name))

    def _finish(self, task: _Task, sink: DiagnosticSink,
                report: Report) -> Iterator[tuple[Any, list[RawTag]]]:
        """Pass on one chunk's messages and rendered records, in the order one process has them."""
        for before, outcome, tags in zip(task.before, task.future.result(), task.tags,
                                         strict=True):
            for diagnostic in before:
                report(diagnostic)
            read_messages, write_messages, rendered = outcome
            _pass_on(read_messages, sink, report)
            for diagnostic in write_messages:
                self.writer.report(diagnostic)
            if rendered is not None:
                yield rendered, tags


def _pass_on(messages: list[Diagnostic | _OnceKey], sink: DiagnosticSink, report: Report) -> None:
    """Report a worker's messages; a report-once key this file has seen drops the message after it."""
    drop_next = False
    for message in messages:
        if isinstance(message, str):
            drop_next = not sink.first_time(message)
        elif drop_next:
            drop_next = False
        else:
            report(message)
