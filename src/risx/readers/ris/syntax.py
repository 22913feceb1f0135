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
from collections.abc import Iterator

from risx.diagnostics import DiagnosticSink
from risx.model import RawTag
from risx.readers.base import ReaderOptions
from risx.readers.ris.exporters import TRAILER_TAGS, Frame, text_frame, trailer_frame
from risx.readers.tagged import RawRecord, SyntaxCodes, TaggedAssembler, TaggedSyntax
from risx.textio import TextFormat

__all__ = ["LIST_TAGS", "RIS_SYNTAX", "TEXT_TAGS", "TITLE_TAGS", "Assembler", "RawRecord",
           "match_tag_line"]

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

#: The RIS layout (``shared/notes/ris-reference.md`` section 1).
RIS_SYNTAX = TaggedSyntax(
    name="RIS",
    tag_width=2,
    separator="  - ",
    # Every canonical two-character tag: the fast path's set.
    slots={a + b: a + b for a in _UPPER for b in _UPPER + "0123456789"},
    lenient=_LENIENT_TAG,
    gaps=frozenset({"  "}),
    pad_tags=False,
    spacing_rule="exactly two spaces before the dash",
    record_start=frozenset({"TY"}),
    record_end=frozenset({"ER"}),
    codes=SyntaxCodes(stray_text="RIS010", lower_case="RIS011", odd_spacing="RIS016",
                      no_end="RIS012", end_alone="RIS013", orphans="RIS014", too_long="RIS030",
                      too_many_lines="RIS031"),
    # After UTF-16 text, a tag line in 8-bit text starts the next file (risx.textio).
    text=TextFormat("RIS", rb"[ \t]*[A-Za-z][A-Za-z0-9]{1,3}(?: {1,3}|\t)-"),
    list_tags=LIST_TAGS,
    text_tags=TEXT_TAGS,
    trailer_tags=TRAILER_TAGS,
)

#: ``(tag, value, odd_spacing, lower_case)`` when a line is a RIS tag line, else ``None``.
match_tag_line = RIS_SYNTAX.match


class Assembler(TaggedAssembler):
    """RIS lines -> raw records, by :data:`RIS_SYNTAX` and the module docstring's rules."""

    def __init__(self, sink: DiagnosticSink, options: ReaderOptions) -> None:
        super().__init__(RIS_SYNTAX, sink, options)
        #: How many lines of each exporter framing row were skipped or kept (row -> count).
        self.frames_seen: dict[Frame, int] = {}

    def framing(self, text: str) -> bool:
        """Ovid's numbering and links, Cochrane's and JSTOR's headers... (exporters.FRAMES)."""
        frame = text_frame(text)
        if frame is None:
            return False
        self.frames_seen[frame] = self.frames_seen.get(frame, 0) + 1
        return True

    def trailer_read(self, tag: str) -> None:
        frame = trailer_frame(tag)
        if frame is not None:
            self.frames_seen[frame] = self.frames_seen.get(frame, 0) + 1

    def flush_orphans(self) -> Iterator[RawRecord]:
        """Tag lines outside any record are a record whose ``TY`` line was lost: rebuilt as
        ``GEN`` when they carry a title (RIS015), else skipped (RIS014)."""
        orphans = self._take_orphans()
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
