"""What every writer provides, and the options the CLI hands to writers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, ClassVar, TextIO, TypeVar

if TYPE_CHECKING:  # annotations only: the model is imported by the writers that read records
    from risx.diagnostics import Report
    from risx.model import Record

T = TypeVar("T")


@dataclass(frozen=True)
class WriterOptions:
    """Options a writer may use; each writer reads the ones it understands and ignores the rest."""

    #: Drop source tags that no mapping used instead of keeping them in a note.
    no_extra: bool = False
    #: Use the source's own ID/label as the key or id when it is valid.
    keep_ids: bool = False
    #: Cite-key pattern (BibTeX); ``None`` means the writer's default.
    key_pattern: str | None = None
    #: Write LaTeX macros instead of UTF-8 for non-ASCII letters (BibTeX).
    ascii: bool = False
    #: CSL style name or path (APA, Markdown); ``None`` means APA 7.
    style: str | None = None
    #: CSL locale name or path; ``None`` means en-US.
    locale: str | None = None
    #: The APA Manual rules (risx.apa) for the bundled style: "all", "none" or IDs "R03,R14".
    apa_rules: str = "all"
    #: APA Manual rules left out ("R15", "APA-R27").
    no_apa_rules: tuple[str, ...] = ()
    #: Line ending for formats that offer a choice (RIS): "\n" or "\r\n".
    newline: str = "\n"
    #: Heading above a reference list (Markdown, HTML); ``None`` means no heading.
    title: str | None = None
    #: Markdown list style: "bullet" or "numbered".
    list_style: str = "bullet"
    #: CSL YAML: the list under ``references:`` between ``---`` lines (a document's front matter).
    front_matter: bool = False


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


class Writer(ABC):
    """Renders a stream of records as text.

    A writer consumes the iterable once, in order, and writes as it goes when
    the format allows it (``streaming``); formats that need every record first
    (a sorted reference list) say so with ``streaming = False``.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    description: ClassVar[str]
    #: Whether the writer writes bytes (a docx): ``write`` then gets a binary stream, and the
    #: run layer opens its outputs in binary mode.  Text writers get a text stream.
    binary: ClassVar[bool] = False
    streaming: ClassVar[bool] = True
    #: Whether the writer reads nothing of a record read from RIS but its source tags
    #: (``Record.raw``), location and type; the conversion then skips interpreting them
    #: (:attr:`~risx.readers.base.ReaderOptions.source_tags_only`).
    reads_source_tags_only: ClassVar[bool] = False
    #: Worker processes the writer may start for its own work (the reference-list writers
    #: render their entries in them), set by the run from its plan (:mod:`risx.plan`); the
    #: default is this process only.  The output is the same for every budget.
    workers: WorkerBudget = WorkerBudget()

    def __init__(self, report: Report, options: WriterOptions | None = None) -> None:
        self.report = report
        self.options = options or WriterOptions()

    @abstractmethod
    def write(self, records: Iterable[Record], out: TextIO) -> None:
        """Write every record of ``records`` to ``out``."""

    def verbose_lines(self) -> list[str]:
        """What the writer did that ``-v`` shows, one line each, after it wrote (the APA
        rules' counts); none by default."""
        return []


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
