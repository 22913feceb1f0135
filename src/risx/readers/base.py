"""What every reader provides."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, ClassVar

if TYPE_CHECKING:  # annotations only: the model is imported by the readers that make records
    from risx.diagnostics import Report
    from risx.model import Record

#: Default limits: above any plausible export (Zotero notes with pasted images, full texts in
#: N1 and abstracts with tables reach megabytes; the team corpus's longest value is a Scopus
#: reference list of ~60 KB), and within what reading holds anyway: a value is one line or
#: one joined string in memory, so 64 MB of it costs what reading it costs.  A value over the
#: limit is dropped, not its record (readers/tagged.py).
DEFAULT_MAX_VALUE_LENGTH = 64 * 1024 * 1024
DEFAULT_MAX_RECORD_LINES = 1_000_000


@dataclass(frozen=True)
class ReaderOptions:
    """Limits that protect the machine from hostile or broken input."""

    #: Longest value (characters, after joining continuation lines) a record may hold; a
    #: longer one is dropped with an error, the rest of its record kept.
    max_value_length: int = DEFAULT_MAX_VALUE_LENGTH
    #: Most tag and continuation lines one record may have; the lines past it are dropped
    #: with an error, the rest of the record kept.
    max_record_lines: int = DEFAULT_MAX_RECORD_LINES
    #: Records carry their source tags, location and type only, uninterpreted: for a writer
    #: that writes the source tags back (RIS to RIS), interpreting names, dates and fields is
    #: wasted work, and its messages would be about fields the output does not have.
    #: Readers without source tags (CSL-JSON) ignore it.
    source_tags_only: bool = False


@dataclass
class ReadFacts:
    """What a reader decided about one input, filled in while it reads.

    The run layer reads it once the input's records are read, for the ``-v`` summary and the
    ``check --format json`` report; it never guesses these itself.
    """

    #: The encoding the input was decoded with, as the summary names it (``UTF-8 (BOM)``,
    #: ``Windows-1252``...; an empty input is ``UTF-8``); ``""`` until the input is read.
    encoding: str = ""
    #: The exporter that wrote the input, for formats whose meaning depends on it (RIS), else
    #: ``""``; known before the first record is yielded.
    exporter: str = ""
    #: What the exporter was recognised by (tell-tale tags, header lines), for ``-v``.
    evidence: str = ""
    #: The exporter's framing recognised and skipped (Ovid's numbering lines, Cochrane's
    #: headers...), each with how many lines: said once per file, not warned about per record.
    framing: dict[str, int] = field(default_factory=dict)
    #: The exporter rules (by ID) that changed records, each with how many times, for ``-v``.
    rules: dict[str, int] = field(default_factory=dict)


class Reader(ABC):
    """Turns bytes into a stream of records.

    ``read`` is a generator: records are yielded as soon as they are complete,
    so memory stays flat however large the input.  Problems go to ``report``;
    a reader never raises for bad input.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    description: ClassVar[str]

    def __init__(self, options: ReaderOptions | None = None) -> None:
        self.options = options or ReaderOptions()
        #: Filled in by :meth:`read` as it goes (see :class:`ReadFacts`).
        self.facts = ReadFacts()

    @abstractmethod
    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        """Yield the records of ``stream``; ``source_name`` names it in diagnostics."""

    @classmethod
    def sniff(cls, head: bytes) -> float:
        """How sure this format is that an input starting with ``head`` is its own: 0 (not
        at all) to 1 (certain).  ``head`` is the first :data:`SNIFF_SIZE` bytes (fewer for a
        short input or a pipe).  Used to pick a reader by content when the extension does
        not say (``.txt``, ``.xml``, standard input); ``-f`` overrides it."""
        return 0.0


def peek_start(stream: BinaryIO) -> bytes:
    """The first bytes of ``stream`` without consuming them, when it can tell (a buffered
    file or standard input), else ``b""``."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return b""
    try:
        start: bytes = peek(4)[:4]
    except (OSError, ValueError):
        return b""
    return start


#: How many bytes of an input the format sniffing looks at.
SNIFF_SIZE = 16 * 1024


def head_text(head: bytes) -> str:
    """The start of an input as text for sniffing: UTF-16 (with or without a byte-order
    mark) or UTF-8, undecodable bytes replaced; byte-order marks dropped."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif head[:2000].count(b"\x00") > len(head[:2000]) // 4:
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
    else:
        encoding = "utf-8"
    if encoding != "utf-8" and len(head) % 2:
        head = head[:-1]
    return head.decode(encoding, "replace").replace("\ufeff", "")
