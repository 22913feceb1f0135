"""What tagged-line formats share: one field per line, long values continued on untagged lines.

RIS (``TY  - JOUR``), MEDLINE (``PMID- 123``, tags padded to four characters before the dash)
and Web of Science (``PT J``: two-letter tags, one space, no dash) all write a tag and a value
per line, continue a long value on the lines after it, and mark where a record starts and ends.
A :class:`TaggedSyntax` row says how one format does each of these, and :class:`TaggedAssembler`
folds numbered lines (from :mod:`risx.textio`) into :class:`RawRecord` s by that row:

* a line is a *tag line* when it has the row's canonical layout (the fast path: a slice
  comparison and a set lookup) or matches its lenient pattern (any other spelling exporters
  write; reported once per file when the spacing or the case differs);
* a tag in ``record_start`` opens a record (closing an open one, with a warning when the
  format has end tags), a tag in ``record_end`` closes it, and with ``blank_line_ends_record``
  a blank line closes it too;
* an untagged line inside a record continues the value before it when it is indented by
  ``continuation_indent`` spaces (0: any untagged line does): it is a new value of the same tag
  for a list tag, joined with a line break for a text tag, else with a space;
* a record may hold at most ``max_record_lines`` lines and values of ``max_value_length``
  characters (:class:`~risx.readers.base.ReaderOptions`): limits protect memory, they do not
  drop records.  A longer value is dropped (its pieces freed as soon as it passes the limit,
  its further continuation lines skipped), with an error naming its line; the lines past the
  line limit are dropped, with an error naming the first; the rest of the record is kept;
* outside records, untagged text is skipped with one warning per run of lines; a tag line
  opens a record where the format says so (``tag_outside_opens_record``), is skipped when it
  frames the file (``frame_tags``: Web of Science ``FN``, ``VR``, ``EF``), and is otherwise an
  *orphan*, handed to :meth:`TaggedAssembler.flush_orphans` (a format decides what orphans
  are: RIS rebuilds a record whose ``TY`` line was lost).

Each format's codes and wording come from its row (:class:`SyntaxCodes`), so the messages are
its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from risx.diagnostics import DiagnosticSink, clip
from risx.model import RawTag, raw_tag_from_tuple
from risx.readers.base import ReaderOptions
from risx.textio import TextFormat, printed

# The rows are named tuples and the records plain classes, not dataclasses: creating a
# dataclass is paid at every start of risx (benchmarks/README.md, "Figures behind the code").


class SyntaxCodes(NamedTuple):
    """The diagnostic codes of a format's syntax messages."""

    #: Untagged text outside any record, skipped (once per run of such lines).
    stray_text: str
    #: A tag written in lower case (once per file).
    lower_case: str
    #: A tag line whose spacing is not the canonical one (once per file).
    odd_spacing: str
    #: A record closed by the next record's start or the end of the input, not by an end tag.
    no_end: str
    #: An end tag without a record.
    end_alone: str
    #: Tag lines outside any record, skipped.
    orphans: str
    #: A value dropped: longer than the limit (the record is kept).
    too_long: str
    #: A record's lines past the limit dropped (the record is kept).
    too_many_lines: str


class TaggedSyntax(NamedTuple):
    """How one tagged-line format lays out its lines and records (see the module docstring)."""

    #: The format's name, in messages (``RIS``).
    name: str
    #: Width of the tag's slot in the canonical layout (RIS 2; MEDLINE 4, shorter tags padded).
    tag_width: int
    #: What follows the slot in the canonical layout (RIS ``"  - "``, MEDLINE ``"- "``).
    separator: str
    #: The slots the canonical fast path accepts, each with the tag it holds.
    slots: dict[str, str]
    #: Any other spelling of a tag line: group 1 the tag, group 2 the spacing before the
    #: separator's mark, group 3 the value (the last two may be absent).
    lenient: re.Pattern[str]
    #: The spacing after a tag that is canonical, for formats whose tags are not padded.
    gaps: frozenset[str]
    #: Whether the spacing pads the tag to ``tag_width`` (MEDLINE) rather than being one of
    #: ``gaps``.
    pad_tags: bool
    #: What the spacing rule is, for the message when a file breaks it.
    spacing_rule: str
    #: Tags that open a record.
    record_start: frozenset[str]
    #: Tags that close a record (kept as its last tag).
    record_end: frozenset[str]
    #: The codes of its syntax messages.
    codes: SyntaxCodes
    #: What :mod:`risx.textio` needs to know of the format (its name, how its lines start).
    text: TextFormat
    #: Whether a blank line closes the open record (MEDLINE).
    blank_line_ends_record: bool = False
    #: Whether a tag line outside any record opens one (MEDLINE records from ERIC start with
    #: ``OWN``, not ``PMID``), rather than being an orphan.
    tag_outside_opens_record: bool = False
    #: Tags that frame a whole file rather than belong to a record (Web of Science ``FN``).
    frame_tags: frozenset[str] = frozenset()
    #: Leading spaces that make an untagged line a continuation (0: any untagged line is).
    continuation_indent: int = 0
    #: Tags whose continuation lines are each a new value (one keyword, one author per line).
    list_tags: frozenset[str] = frozenset()
    #: Tags whose continuation lines keep their line breaks (paragraphs).
    text_tags: frozenset[str] = frozenset()
    #: Tags an exporter writes right after a record's end tag that belong to that record
    #: (Ovid's ``NL``): the record is held until the next line that is not one of them.
    trailer_tags: frozenset[str] = frozenset()

    @property
    def value_start(self) -> int:
        """Where the value starts in a canonical tag line."""
        return self.tag_width + len(self.separator)

    def match(self, text: str) -> tuple[str, str, bool, bool] | None:
        """``(tag, value, odd_spacing, lower_case)`` when ``text`` is a tag line, else ``None``.

        The canonical layout is recognised without a regular expression (it is almost every
        line of every file); anything else goes through :attr:`lenient`.
        """
        width = self.tag_width
        if text[width:width + len(self.separator)] == self.separator:
            tag = self.slots.get(text[:width])
            if tag is not None:
                return tag, text[width + len(self.separator):].strip(), False, False
        return self.match_lenient(text)

    def match_lenient(self, text: str) -> tuple[str, str, bool, bool] | None:
        """:meth:`match` for a line that does not have the canonical layout."""
        lenient = self.lenient.match(text)
        if lenient is None:
            return None
        written = lenient.group(1)
        tag = written.upper()
        gap = lenient.group(2) or ""
        value = lenient.group(3) or ""
        return tag, value.strip(), not self.canonical_gap(tag, gap), written != tag

    def canonical_gap(self, tag: str, gap: str) -> bool:
        if self.pad_tags:
            return len(tag) + len(gap) == self.tag_width
        return gap in self.gaps

    def end_tag(self) -> str:
        """The tag that ends a record, for messages (``ER``)."""
        return min(self.record_end) if self.record_end else ""


class RawRecord:
    """A record's tagged values before interpretation (a plain class: see the rows' note)."""

    __slots__ = ("full", "line", "lines", "tags")

    def __init__(self, line: int, tags: list[RawTag] | None = None) -> None:
        #: The line the record starts on.
        self.line = line
        self.tags: list[RawTag] = tags if tags is not None else []
        #: Tag and continuation lines so far (the --max-record-lines limit).
        self.lines = 1
        #: The record reached --max-record-lines: its further lines are dropped.
        self.full = False

    def __repr__(self) -> str:
        return f"RawRecord(line={self.line}, tags={self.tags!r})"


class TaggedAssembler:
    """Folds numbered lines into raw records by a :class:`TaggedSyntax` row.

    One loop classifies each line and files it, because this is the hottest code in risx: the
    common case (a tag line inside a record) costs one slice comparison, one set lookup and
    one tuple.  Continuation lines are collected in ``parts`` and joined once, so a long wrapped
    value costs linear, not quadratic, time.
    """

    def __init__(self, syntax: TaggedSyntax, sink: DiagnosticSink,
                 options: ReaderOptions) -> None:
        self.syntax = syntax
        self.codes = syntax.codes
        # The row's answers the per-line paths ask for, looked up once.
        self.boundary_tags = syntax.record_start | syntax.record_end
        self.indent = " " * syntax.continuation_indent
        self.list_tags = syntax.list_tags
        self.text_tags = syntax.text_tags
        self.sink = sink
        self.max_value = options.max_value_length
        self.max_lines = options.max_record_lines
        self.current: RawRecord | None = None
        #: A record closed by its end tag, held while trailer tags may follow it.
        self.pending: RawRecord | None = None
        self.orphans: list[RawTag] = []
        self.in_stray_text = False
        self.blank_before = False
        # The pieces of the value being built from continuation lines (the last tag's).
        self.parts: list[str] = []
        self.parts_length = 0
        #: The last tag line's value was dropped (too long): its continuation lines go too.
        self.dropping = False

    def records(self, lines: Iterable[tuple[int, str]], *,
                stop_at: int | None = None) -> Iterator[RawRecord]:
        """The raw records of ``lines``.

        ``stop_at`` names the last line when ``lines`` is one chunk of a file: a line opening
        a record, that the next chunk starts with.  It closes what it would close in the whole
        file, and nothing more is read.
        """
        syntax = self.syntax
        width, value_start, separator = syntax.tag_width, syntax.value_start, syntax.separator
        slots = syntax.slots
        starts, ends = syntax.record_start, syntax.record_end
        boundaries = starts | ends
        # Lines that fail the canonical test below can only be lenient tag lines or text.
        match = syntax.match_lenient
        new_tag = raw_tag_from_tuple
        trailers = syntax.trailer_tags
        last_line = 0
        for number, text in lines:
            last_line = number
            # match's canonical case, inlined: it is nearly every line of every file.
            if text[width:value_start] == separator and (slot := text[:width]) in slots:
                tag, value = slots[slot], text[value_start:].strip()
            else:
                found = match(text)
                if found is None:
                    if self.pending is not None and text.strip():
                        yield self.pending
                        self.pending = None
                    closed = self._text(text, number)
                    if closed is not None:
                        yield closed
                    continue
                tag, value, odd_spacing, lower_case = found
                if odd_spacing or lower_case:
                    self._warn_form(text, tag, number, lower_case)
            current = self.current
            if self.pending is not None:
                if tag in trailers:
                    # Kept before the end tag, as if written inside the record.
                    self.pending.tags.insert(len(self.pending.tags) - 1, RawTag(tag, value, number))
                    self.trailer_read(tag)
                    continue
                yield self.pending
                self.pending = None
            if tag in boundaries:
                if tag in starts:
                    yield from self._close(number, missing_end=True)
                    yield from self.flush_orphans()
                    if number == stop_at:
                        return
                    self._open(tag, value, number)
                elif current is not None:
                    self._end_value()
                    current.tags.append(RawTag(tag, value, number))
                    if trailers:
                        self.pending = next(self._close(number, missing_end=False), None)
                    else:
                        yield from self._close(number, missing_end=False)
                elif self.orphans:
                    self._end_value()
                    yield from self.flush_orphans()
                else:
                    self.sink.warning(self.codes.end_alone, number, f"{tag} line without a "
                                      f"record (no {min(starts)} before it); skipped")
            else:
                self.in_stray_text = False
                self.blank_before = False
                if current is None:
                    self._end_value()
                    if tag in syntax.frame_tags:
                        continue
                    if syntax.tag_outside_opens_record:
                        self._open(tag, value, number)
                    else:
                        self.orphans.append(RawTag(tag, value, number))
                    continue
                if current.full:
                    continue
                if self.parts:
                    self._end_value()
                current.lines += 1
                if current.lines <= self.max_lines and len(value) <= self.max_value:
                    current.tags.append(new_tag((tag, value, number)))
                    self.dropping = False
                elif current.lines > self.max_lines:
                    self._stop_lines(number)
                else:
                    self._drop_value(tag, number, len(value))
        if self.pending is not None:
            yield self.pending
            self.pending = None
        yield from self._close(last_line + 1, missing_end=True, at_end=True)
        yield from self.flush_orphans()

    def trailer_read(self, tag: str) -> None:
        """A trailer tag was kept in the record before it (a format may count them)."""

    def framing(self, text: str) -> bool:
        """Whether a stripped untagged line outside any record is the exporter's framing,
        skipped without a warning (a format that knows its exporters' framing says so)."""
        return False

    def _open(self, tag: str, value: str, number: int) -> None:
        self.dropping = False
        if len(value) > self.max_value:
            self.current = RawRecord(number, [RawTag(tag, "", number)])
            self._drop_value(tag, number, len(value))
        else:
            self.current = RawRecord(number, [RawTag(tag, value, number)])

    def _warn_form(self, text: str, tag: str, number: int, lower_case: bool) -> None:
        # Reported once per file: the sink remembers what it was asked about.
        codes = self.codes
        if lower_case and self.sink.first_time(codes.lower_case):
            written = text.strip()[:len(tag)]
            self.sink.warning(codes.lower_case, number, f"tag '{written}' is in lower case; read "
                              f"as '{written.upper()}' (further lower-case tags are not reported)")
        elif not lower_case and self.sink.first_time(codes.odd_spacing):
            self.sink.warning(codes.odd_spacing, number, f"tag lines do not have "
                              f"{self.syntax.spacing_rule}; read anyway (further ones are not "
                              f"reported)")

    def _text(self, raw_text: str, number: int) -> RawRecord | None:
        """An untagged line: a continuation, a blank, or text outside any record."""
        text = raw_text.strip()
        current = self.current
        if not text:
            self.blank_before = True
            if current is not None and self.syntax.blank_line_ends_record:
                return next(self._close(number, missing_end=False), None)
            return None
        if current is not None and (current.full or self.dropping):
            if not current.full:
                self._count_line(current, number)  # a line of the dropped value
            return None
        target = current.tags if current is not None else self.orphans
        if (target and target[-1].tag not in self.boundary_tags
                and raw_text.startswith(self.indent)):
            self._continue(target, text, number)
            return None
        if current is None:
            if self.framing(text):
                return None
            if not self.in_stray_text:
                self.in_stray_text = True
                self.sink.warning(self.codes.stray_text, number, f"text outside any record "
                                  f"skipped: '{clip(text)}'")
        else:
            # Text right after the record's first line: not a value of any tag; kept so that
            # nothing is lost.
            current.tags.append(RawTag("", text, number))
        return None

    def _continue(self, tags: list[RawTag], text: str, number: int) -> None:
        previous = tags[-1]
        current = self.current
        if current is not None and not self._count_line(current, number):
            return
        if previous.tag in self.list_tags:
            self._end_value()
            tags.append(RawTag(previous.tag, text, number))
        else:
            if not self.parts:
                self.parts = [previous.value]
                self.parts_length = len(previous.value)
            if previous.tag in self.text_tags:
                self.parts.append("\n\n" if self.blank_before else "\n")
            else:
                self.parts.append(" ")
            self.parts.append(text)
            self.parts_length += len(text) + 2
            if current is not None and self.parts_length > self.max_value:
                tags.pop()  # the value being built: dropped, its pieces freed now
                self._drop_value(previous.tag, previous.line, self.parts_length, at_least=True)
        self.blank_before = False

    def _count_line(self, current: RawRecord, number: int) -> bool:
        """Count one more line of ``current``: False (and the rest dropped) past the limit."""
        current.lines += 1
        if current.lines > self.max_lines:
            self._stop_lines(number)
            return False
        return True

    def _end_value(self) -> None:
        """Join the pending continuation pieces into the last value."""
        if not self.parts:
            return
        tags = self.current.tags if self.current is not None else self.orphans
        previous = tags[-1]
        value = "".join(self.parts)
        value = value.lstrip("\n") if previous.tag in self.text_tags else value.strip()
        tags[-1] = RawTag(previous.tag, value, previous.line)
        self.parts = []
        self.parts_length = 0

    def _drop_value(self, tag: str, number: int, size: int, *, at_least: bool = False) -> None:
        """Drop the value of ``tag`` that starts on line ``number`` (``size`` characters, or
        more when ``at_least``: it was still growing); the record keeps the rest."""
        self.parts = []
        self.parts_length = 0
        self.dropping = True
        more = "over " if at_least else ""
        self.sink.error(self.codes.too_long, number, f"the {tag} value starting on this line is "
                        f"{more}{size:,} characters long, over the limit of {self.max_value:,}: "
                        f"that value was dropped, the rest of the record kept (raise the limit "
                        f"with --max-value-length)")

    def _stop_lines(self, number: int) -> None:
        """The record reached the line limit at line ``number``: drop its lines from here."""
        current = self.current
        assert current is not None
        if self.parts:
            self._end_value()
        current.full = True
        self.dropping = False
        self.sink.error(self.codes.too_many_lines, number, f"the record starting on line "
                        f"{current.line:,} has more than {self.max_lines:,} lines: its lines from "
                        f"this one on were dropped, the rest of the record kept (raise the limit "
                        f"with --max-record-lines)")

    def _close(self, line: int, *, missing_end: bool,
               at_end: bool = False) -> Iterator[RawRecord]:
        record = self.current
        if record is None:
            return
        self._end_value()
        self.current = None
        self.blank_before = False
        self.in_stray_text = False
        self.dropping = False
        if missing_end and self.syntax.record_end:
            where = "at the end of the file" if at_end else f"before line {line}"
            self.sink.warning(self.codes.no_end, record.line, f"the record starting here has "
                              f"no {self.syntax.end_tag()} line; closed {where}")
        yield record

    def flush_orphans(self) -> Iterator[RawRecord]:
        """What the tag lines found outside any record become: here, nothing (reported).

        A format that can tell what they are overrides this (RIS rebuilds a record whose
        ``TY`` line was lost).
        """
        orphans = self._take_orphans()
        if orphans:
            tags = ", ".join(sorted({t.tag for t in orphans}))
            self.sink.warning(self.codes.orphans, orphans[0].line, f"{len(orphans)} tag "
                              f"line(s) outside any record skipped ({tags})")
        return iter(())

    def _take_orphans(self) -> list[RawTag]:
        self._end_value()
        orphans, self.orphans = self.orphans, []
        return orphans


def report_no_records(sink: DiagnosticSink, syntax: TaggedSyntax) -> None:
    """The warning for an input without a single record of the format (empty, or another format)."""
    start = f"{min(syntax.record_start)}{syntax.separator}"
    sink.warning(printed("TXT007"), 1, f"no {syntax.name} records found (no line starts with "
                 f"'{start}')")
