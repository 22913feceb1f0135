"""What every writer provides: its name and extensions, the kind of stream it writes (text or
bytes), its options, and ``write``.

Writers are text writers (every built-in one) or binary ones (:class:`BinaryWriter`, such as
a docx): :attr:`Writer.binary` says which, and the run layer opens each output in that mode,
so ``write`` gets the stream its kind says, a ``TextIO`` or a ``BinaryIO``.  A text stream
encodes UTF-8 and writes line ends as given (``newline=""``), so ``--crlf`` is the RIS
writer's own.

A writer declares its options as a dataclass (:attr:`Writer.options_type`, from
:mod:`risx.writers.options`); ``self.options`` is one of those, whatever the caller passed
(:meth:`~risx.writers.options.Options.adopt`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, TextIO, TypeVar

from risx.writers.options import Options
from risx.writers.options import WriterOptions as WriterOptions  # its old home: re-exported

if TYPE_CHECKING:  # annotations only: the model is imported by the writers that read records
    from risx.diagnostics import Report
    from risx.model import Record

T = TypeVar("T")


@dataclass(frozen=True)
class WorkerBudget:
    """The worker processes a writer may start for its own work, as the run's plan gives them
    (:mod:`risx.plan`): at most ``jobs``, and only for a list of ``min_items`` or more."""

    jobs: int = 1
    min_items: int = 1

    def for_list(self, items: Iterable[T]) -> tuple[int, Iterator[T]]:
        """How many workers to use for ``items`` (1: this process), and the items, all of
        them: the list is read no further than it takes to know."""
        stream = iter(items)
        if self.jobs <= 1:
            return 1, stream
        head = list(islice(stream, self.min_items))
        return (self.jobs if len(head) >= self.min_items else 1), chain(head, stream)


#: What a writer writes to, by its kind (:attr:`Writer.binary`).
Output = TextIO | BinaryIO


class Writer(ABC):
    """Renders a stream of records to ``out``: text, or bytes (:class:`BinaryWriter`).

    A writer consumes the iterable once, in order.  One that writes as it goes is a
    :class:`RecordWriter`; one that needs every record first (a sorted reference list)
    writes when the records end.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    description: ClassVar[str]
    #: Whether the writer writes bytes (a docx): ``write`` then gets a binary stream, and the
    #: run layer opens its outputs in binary mode.  Text writers get a text stream.  Set by
    #: :class:`BinaryWriter`.
    binary: ClassVar[bool] = False
    #: Whether the writer reads nothing of a record read from RIS but its source tags
    #: (``Record.raw``), location and type; the conversion then skips interpreting them
    #: (:attr:`~risx.readers.base.ReaderOptions.source_tags_only`).
    reads_source_tags_only: ClassVar[bool] = False
    #: Worker processes the writer may start for its own work (the reference-list writers
    #: render their entries in them), set by the run from its plan (:mod:`risx.plan`); the
    #: default is this process only.  The output is the same for every budget.
    workers: WorkerBudget = WorkerBudget()
    #: The writer's options class (a frozen dataclass from :mod:`risx.writers.options`, or a
    #: plugin's own :class:`~risx.writers.options.Options`); a writer without options keeps
    #: the empty base.
    options_type: ClassVar[type[Options]] = Options
    #: This writer's options (an :attr:`options_type`; subclasses narrow the annotation).
    options: Options

    def __init__(self, report: Report, options: Options | None = None) -> None:
        self.report = report
        self.options = self.options_type.adopt(options)

    @abstractmethod
    def write(self, records: Iterable[Record], out: Any) -> None:
        """Write every record of ``records`` to ``out``: a ``TextIO`` for a text writer, a
        ``BinaryIO`` for a binary one (:data:`Output`).  Each kind's ``write`` says which
        (``out`` is ``Any`` here only because an override may narrow ``Any``, not a union)."""

    def verbose_lines(self) -> list[str]:
        """What the writer did that ``-v`` shows, one line each, after it wrote (the APA
        rules' counts); none by default."""
        return []


class BinaryWriter(Writer):
    """A writer of bytes (a docx): its outputs are opened in binary mode, and ``write`` gets a
    ``BinaryIO``."""

    binary = True

    @abstractmethod
    def write(self, records: Iterable[Record], out: BinaryIO) -> None:
        """Write every record of ``records`` to ``out``, as bytes."""


class RecordWriter(Writer):
    """A streaming writer whose work splits into a per-record part and an in-order part.

    :meth:`render` turns one record into a value and depends on nothing but
    the record and the options; :meth:`emit` writes it, in input order, with
    whatever depends on the records before (unique ids and cite keys,
    separators).  :meth:`write` is both in one loop.
    """

    def write(self, records: Iterable[Record], out: TextIO) -> None:
        for record in records:
            self.emit(self.render(record), out)
        self.finish(out)

    @abstractmethod
    def render(self, record: Record) -> Any:
        """The record's output, up to what only :meth:`emit` can know; reports via ``report``."""

    @abstractmethod
    def emit(self, rendered: Any, out: TextIO) -> None:
        """Write one rendered record (records arrive in input order)."""

    def finish(self, out: TextIO) -> None:
        """Write what follows the last record (nothing, unless the format closes a list)."""
