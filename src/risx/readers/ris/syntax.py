"""RIS syntax: numbered lines -> tag lines -> raw records (tagged values, not yet interpreted).

Syntax is separated from meaning: this module finds records and their tagged
values, tolerating everything real exporters do (see
``shared/notes/ris-reference.md`` section 1); :mod:`risx.readers.ris.mapping`
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

from risx.diagnostics import DiagnosticSink, clip
from risx.model import RawTag, raw_tag_from_tuple
from risx.readers.base import ReaderOptions

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


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: Every canonical two-character tag, for the fast path of :func:`match_tag_line`.
_VALID_TAGS = frozenset(a + b for a in _UPPER for b in _UPPER + "0123456789")


def match_tag_line(text: str) -> tuple[str, str, bool, bool] | None:
    """``(tag, value, odd_spacing, lower_case)`` when ``text`` is a tag line, else ``None``.

    The canonical ``XY  - value`` is recognised without a regular expression
    (it is almost every line of every file); anything else goes through
    :data:`_LENIENT_TAG`.
    """
    if text[2:5] == "  -" and text[:2] in _VALID_TAGS:
        if len(text) == 5:
            return text[:2], "", False, False
        if text[5] == " ":
            return text[:2], text[6:].strip(), False, False
    lenient = _LENIENT_TAG.match(text)
    if lenient is None:
        return None
    tag = lenient.group(1)
    upper = tag.upper()
    return upper, lenient.group(3).strip(), lenient.group(2) != "  ", tag != upper


@dataclass(slots=True)
class RawRecord:
    """A record's tagged values before interpretation."""

    line: int
    tags: list[RawTag] = field(default_factory=list)
    lines: int = 1
    #: Why the record was refused (a limit was passed), or "".
    refused: str = ""
    refused_code: str = ""


class Assembler:
    """Folds numbered lines into raw records (see the module docstring for the rules).

    One loop classifies each line and files it, because this is the hottest
    code in risx: the common case (a tag line inside a record) costs one
    slice comparison, one set lookup and one tuple.  Continuation lines are
    collected in ``parts`` and joined once, so a long wrapped value costs
    linear, not quadratic, time.
    """

    def __init__(self, sink: DiagnosticSink, options: ReaderOptions) -> None:
        self.sink = sink
        self.max_value = options.max_value_length
        self.max_lines = options.max_record_lines
        self.current: RawRecord | None = None
        self.orphans: list[RawTag] = []
        self.in_stray_text = False
        self.blank_before = False
        # The value being built from continuation lines: its tag, line and pieces.
        self.parts: list[str] = []
        self.parts_length = 0

    def records(self, lines: Iterable[tuple[int, str]], *,
                stop_at: int | None = None) -> Iterator[RawRecord]:
        """The raw records of ``lines``.

        ``stop_at`` names the last line when ``lines`` is one chunk of a file: a
        ``TY`` line that the next chunk starts with.  It closes what it would
        close in the whole file, and nothing more is read.
        """
        last_line = 0
        match = match_tag_line
        new_tag = raw_tag_from_tuple
        valid_tags = _VALID_TAGS
        for number, text in lines:
            last_line = number
            # match_tag_line's canonical case, inlined: it is nearly every line of every file.
            if text[2:6] == "  - " and text[:2] in valid_tags:
                tag, value = text[:2], text[6:].strip()
            else:
                found = match(text)
                if found is None:
                    closed = self._text(text, number)
                    if closed is not None:
                        yield closed
                    continue
                tag, value, odd_spacing, lower_case = found
                if odd_spacing or lower_case:
                    self._warn_form(text, number, lower_case)
            current = self.current
            if tag == "TY":
                yield from self._close(number, missing_er=True)
                yield from self._flush_orphans()
                if number == stop_at:
                    return
                self.current = RawRecord(number, [RawTag("TY", value, number)])
                if len(value) > self.max_value:
                    self._refuse("RIS030", number, len(value))
            elif tag == "ER":
                if current is not None:
                    self._end_value()
                    current.tags.append(RawTag("ER", value, number))
                    yield from self._close(number, missing_er=False)
                elif self.orphans:
                    self._end_value()
                    yield from self._flush_orphans()
                else:
                    self.sink.warning("RIS013", number, "ER line without a record (no TY before "
                                      "it); skipped")
            else:
                self.in_stray_text = False
                self.blank_before = False
                if current is None:
                    self._end_value()
                    self.orphans.append(RawTag(tag, value, number))
                    continue
                if current.refused:
                    continue
                if self.parts:
                    self._end_value()
                current.lines += 1
                if current.lines <= self.max_lines and len(value) <= self.max_value:
                    current.tags.append(new_tag((tag, value, number)))
                elif current.lines > self.max_lines:
                    self._refuse("RIS031", number, current.lines)
                else:
                    self._refuse("RIS030", number, len(value))
        yield from self._close(last_line + 1, missing_er=True, at_end=True)
        yield from self._flush_orphans()

    def _warn_form(self, text: str, number: int, lower_case: bool) -> None:
        # Reported once per file: through the sink, which also knows that for a file read in
        # chunks by several processes (risx.parallel).
        if lower_case and self.sink.first_time("RIS011"):
            tag = text.strip()[:2]
            self.sink.warning("RIS011", number, f"tag '{tag}' is in lower case; read as "
                              f"'{tag.upper()}' (further lower-case tags are not reported)")
        elif not lower_case and self.sink.first_time("RIS016"):
            self.sink.warning("RIS016", number, "tag lines do not have exactly two spaces before "
                              "the dash; read anyway (further ones are not reported)")

    def _text(self, raw_text: str, number: int) -> RawRecord | None:
        text = raw_text.strip()
        if not text:
            self.blank_before = True
            return None
        current = self.current
        if current is not None and current.refused:
            return None
        target = current.tags if current is not None else self.orphans
        if target and target[-1].tag not in ("TY", "ER"):
            self._continue(target, text, number)
            return None
        if current is None:
            if not self.in_stray_text:
                self.in_stray_text = True
                self.sink.warning("RIS010", number, f"text outside any record skipped: "
                                  f"'{clip(text)}'")
        else:
            # Text right after TY: not a value of any tag; kept so that nothing is lost.
            current.tags.append(RawTag("", text, number))
        return None

    def _continue(self, tags: list[RawTag], text: str, number: int) -> None:
        previous = tags[-1]
        current = self.current
        if current is not None:
            current.lines += 1
            if current.lines > self.max_lines:
                self._refuse("RIS031", number, current.lines)
                return
        if previous.tag in LIST_TAGS:
            self._end_value()
            tags.append(RawTag(previous.tag, text, number))
        else:
            if not self.parts:
                self.parts = [previous.value]
                self.parts_length = len(previous.value)
            if previous.tag in TEXT_TAGS:
                self.parts.append("\n\n" if self.blank_before else "\n")
            else:
                self.parts.append(" ")
            self.parts.append(text)
            self.parts_length += len(text) + 2
            if current is not None and self.parts_length > self.max_value:
                self._refuse("RIS030", previous.line, self.parts_length)
        self.blank_before = False

    def _end_value(self) -> None:
        """Join the pending continuation pieces into the last value."""
        if not self.parts:
            return
        tags = self.current.tags if self.current is not None else self.orphans
        previous = tags[-1]
        value = "".join(self.parts)
        value = value.lstrip("\n") if previous.tag in TEXT_TAGS else value.strip()
        tags[-1] = RawTag(previous.tag, value, previous.line)
        self.parts = []
        self.parts_length = 0

    def _refuse(self, code: str, number: int, size: int) -> None:
        current = self.current
        assert current is not None
        if code == "RIS030":
            current.refused = (f"a value starting on line {number} is {size:,} characters long, "
                               f"over the limit of {self.max_value:,} (raise it with "
                               f"--max-value-length)")
        else:
            current.refused = (f"it has more than {self.max_lines:,} lines (raise the limit "
                               f"with --max-record-lines)")
        current.refused_code = code
        current.tags = []  # free the memory now: the record will not be used
        self.parts = []
        self.parts_length = 0

    def _close(self, line: int, *, missing_er: bool, at_end: bool = False) -> Iterator[RawRecord]:
        record = self.current
        if record is None:
            return
        self._end_value()
        self.current = None
        self.blank_before = False
        self.in_stray_text = False
        if record.refused:
            self.sink.error(record.refused_code, record.line, f"record refused: "
                            f"{record.refused}")
            return
        if missing_er:
            where = "at the end of the file" if at_end else f"before line {line}"
            self.sink.warning("RIS012", record.line, f"the record starting here has no ER line; "
                              f"closed {where}")
        yield record

    def _flush_orphans(self) -> Iterator[RawRecord]:
        self._end_value()
        orphans, self.orphans = self.orphans, []
        if not orphans:
            return
        first = orphans[0].line
        if any(t.tag in TITLE_TAGS and t.value for t in orphans):
            self.sink.warning("RIS015", first, f"{len(orphans)} tag line(s) outside any record "
                              f"(its TY line is missing or damaged) were recovered as a record "
                              f"of type GEN")
            yield RawRecord(first, [RawTag("TY", "GEN", first), *orphans])
        else:
            tags = ", ".join(sorted({t.tag for t in orphans}))
            self.sink.warning("RIS014", first, f"{len(orphans)} tag line(s) outside any record "
                              f"skipped ({tags}); they carry no title to rebuild a record from")


#: The name the chunked parallel path (:mod:`risx.parallel`) imports.
_Assembler = Assembler
