"""RIS reader: bytes -> numbered lines -> tag lines -> raw records -> records.

Each stage is a generator, so a file of any size streams through in constant
memory.  Syntax is separated from meaning: this module finds records and
their tagged values, tolerating everything real exporters do (see
``shared/notes/ris-reference.md`` section 1); :mod:`risx.readers.ris_mapping`
gives the values their meaning.

Boundary rules, chosen so that nothing is lost and nothing is silently glued:

* ``TY`` starts a record; ``ER`` ends it.  A ``TY`` inside an open record, or
  the end of the input, closes the open record with a warning (RIS012).
* An untagged line inside a record continues the previous value (wrapped
  abstracts, one keyword per line, indented Web of Science lines).  An empty
  tag (``SP  -``) is an empty value, never joined to its neighbour.
* Outside records, untagged text (headers, ``Record #1 of 2``, Ovid numbering)
  is skipped with one warning per block (RIS010).  Tagged lines outside a
  record are a record whose ``TY`` line was lost: recovered as ``GEN`` when
  they carry a title (RIS015), otherwise reported and skipped (RIS014).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from risx.diagnostics import DiagnosticSink, Report
from risx.model import RawTag, Record
from risx.readers.base import Reader
from risx.readers.ris_mapping import map_record
from risx.textio import decode_lines

# Canonical "XY  - value" (also "XY  -" with nothing after the dash).
_STRICT_TAG = re.compile(r"([A-Z][A-Z0-9])  -(?: (.*))?$")
# What exporters actually write: 1-3 spaces (or a tab) before the dash, any
# spacing after it, leading blanks, lower case, and 3-4 character vendor tags
# (PMID).  Group 1 is the tag, group 2 the separator, group 3 the value.
_LENIENT_TAG = re.compile(r"[ \t\ufeff]*([A-Za-z][A-Za-z0-9]|[A-Z]{2}[A-Z0-9]{1,2})( {1,3}|\t)-[ \t]?(.*)$")
# Untagged text that is a tag line whose dash was mangled still is not a tag: kept as text.

#: Tags that hold one item per line, so a continuation line is a new item.
LIST_TAGS = frozenset({"KW", "L1", "L2", "L4", "UR", "AD"})
#: Tags whose continuation lines keep their line breaks (paragraphs).
TEXT_TAGS = frozenset({"AB", "N1", "N2", "RN"})
#: Tags that carry a title, used to decide whether stray tags are a lost record.
TITLE_TAGS = frozenset({"TI", "T1", "CT", "BT"})


@dataclass(slots=True)
class TagLine:
    tag: str
    value: str
    line: int
    odd_spacing: bool = False
    lower_case: bool = False


@dataclass(slots=True)
class TextLine:
    text: str
    line: int


@dataclass(slots=True)
class RawRecord:
    """A record's tagged values before interpretation."""

    line: int
    tags: list[RawTag] = field(default_factory=list)
    recovered: bool = False


def tokenize(lines: Iterable[tuple[int, str]], sink: DiagnosticSink) -> Iterator[TagLine | TextLine]:
    """Classify each line as a tag line or text; blank lines come out as empty text."""
    warned_spacing = False
    warned_case = False
    for number, text in lines:
        strict = _STRICT_TAG.match(text)
        if strict:
            yield TagLine(strict.group(1), (strict.group(2) or "").strip(), number)
            continue
        lenient = _LENIENT_TAG.match(text)
        if lenient:
            tag = lenient.group(1)
            token = TagLine(tag.upper(), lenient.group(3).strip(), number)
            if tag != tag.upper():
                token.lower_case = True
                if not warned_case:
                    warned_case = True
                    sink.warning("RIS011", number, f"tag '{tag}' is in lower case; read as "
                                 f"'{tag.upper()}' (further lower-case tags are not reported)")
            elif not warned_spacing and lenient.group(2) != "  ":
                warned_spacing = True
                sink.warning("RIS016", number, "tag lines do not have exactly two spaces before "
                             "the dash; read anyway (further ones are not reported)")
            yield token
            continue
        yield TextLine(text, number)


class _Assembler:
    """Folds tag and text lines into raw records (see the module docstring for the rules)."""

    def __init__(self, sink: DiagnosticSink) -> None:
        self.sink = sink
        self.current: RawRecord | None = None
        self.orphans: list[RawTag] = []
        self.stray_text_line: int | None = None
        self.blank_before = False

    def feed(self, token: TagLine | TextLine) -> Iterator[RawRecord]:
        if isinstance(token, TextLine):
            yield from self._text(token)
        elif token.tag == "TY":
            yield from self._close_open(token.line, missing_er=True)
            yield from self._flush_orphans()
            self.current = RawRecord(token.line, [RawTag("TY", token.value, token.line)])
        elif token.tag == "ER":
            if self.current is not None:
                self.current.tags.append(RawTag("ER", token.value, token.line))
                yield from self._close_open(token.line, missing_er=False)
            elif self.orphans:
                yield from self._flush_orphans()
            else:
                self.sink.warning("RIS013", token.line, "ER line without a record (no TY before "
                                  "it); skipped")
        else:
            self.stray_text_line = None
            self.blank_before = False
            if self.current is not None:
                self.current.tags.append(RawTag(token.tag, token.value, token.line))
            else:
                self.orphans.append(RawTag(token.tag, token.value, token.line))

    def finish(self, last_line: int) -> Iterator[RawRecord]:
        yield from self._close_open(last_line, missing_er=True, at_end=True)
        yield from self._flush_orphans()

    def _text(self, token: TextLine) -> Iterator[RawRecord]:
        text = token.text.strip()
        if not text:
            self.blank_before = True
            return
        target = self.current.tags if self.current is not None else self.orphans
        if target and target[-1].tag not in ("TY", "ER"):
            self._continue(target, text, token.line)
            return
        if self.current is None and self.stray_text_line is None:
            self.stray_text_line = token.line
            self.sink.warning("RIS010", token.line, f"text outside any record skipped: "
                              f"'{_clip(text)}'")
        elif self.current is not None:
            # Text right after TY: not a value of anything we know.
            self.current.tags.append(RawTag("", text, token.line))
        yield from ()

    def _continue(self, tags: list[RawTag], text: str, line: int) -> None:
        previous = tags[-1]
        if previous.tag in LIST_TAGS:
            tags.append(RawTag(previous.tag, text, line))
        elif previous.tag in TEXT_TAGS:
            joiner = "\n\n" if self.blank_before else "\n"
            tags[-1] = RawTag(previous.tag, f"{previous.value}{joiner}{text}".lstrip("\n"),
                              previous.line)
        else:
            tags[-1] = RawTag(previous.tag, f"{previous.value} {text}".strip(), previous.line)
        self.blank_before = False

    def _close_open(self, line: int, *, missing_er: bool,
                    at_end: bool = False) -> Iterator[RawRecord]:
        record = self.current
        if record is None:
            return
        self.current = None
        self.blank_before = False
        self.stray_text_line = None
        if missing_er:
            where = "at the end of the file" if at_end else f"before line {line}"
            self.sink.warning("RIS012", record.line, f"the record starting here has no ER line; "
                              f"closed {where}")
        yield record

    def _flush_orphans(self) -> Iterator[RawRecord]:
        orphans, self.orphans = self.orphans, []
        if not orphans:
            return
        first = orphans[0].line
        if any(t.tag in TITLE_TAGS and t.value for t in orphans):
            self.sink.warning("RIS015", first, f"{len(orphans)} tag line(s) outside any record "
                              f"(its TY line is missing or damaged) were recovered as a record "
                              f"of type GEN")
            yield RawRecord(first, [RawTag("TY", "GEN", first), *orphans], recovered=True)
        else:
            tags = ", ".join(sorted({t.tag for t in orphans}))
            self.sink.warning("RIS014", first, f"{len(orphans)} tag line(s) outside any record "
                              f"skipped ({tags}); they carry no title to rebuild a record from")


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def assemble(tokens: Iterable[TagLine | TextLine], sink: DiagnosticSink) -> Iterator[RawRecord]:
    """Group tokens into raw records."""
    assembler = _Assembler(sink)
    last_line = 0
    for token in tokens:
        last_line = token.line
        yield from assembler.feed(token)
    yield from assembler.finish(last_line + 1)


def read_ris(stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
    """Yield the records of a RIS byte stream, reporting every problem to ``report``."""
    sink = DiagnosticSink(report, source_name)
    lines = decode_lines(stream, sink)
    count = 0
    for raw in assemble(tokenize(lines, sink), sink):
        count += 1
        try:
            record = map_record(raw.tags, raw.line, source_name, sink)
        except Exception as exc:  # one bad record must never stop the good ones
            sink.error("RIS099", raw.line, f"this record could not be interpreted "
                       f"({type(exc).__name__}: {exc}); it was skipped")
            continue
        yield record
    if count == 0:
        sink.warning("RIS007", 1, "no RIS records found (no line starts with 'TY  - ')")


class RisReader(Reader):
    name = "ris"
    extensions = (".ris", ".txt")
    description = "RIS tagged format (Scopus, Web of Science, PubMed, EndNote, Zotero, ...)"

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        return read_ris(stream, source_name, report)
