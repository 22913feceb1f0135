"""Web of Science syntax: numbered lines -> raw records, by the Web of Science row of the
tagged-line base.

``shared/notes/formats-reference.md`` section 2:

* ``FN`` and ``VR`` open the file and ``EF`` ends it: they frame the file, not a record;
  a file may lack them (a single record, a damaged header: ``XX ...`` is a tag line outside
  any record, WOS015);
* a tag is two characters, then one space, then the value; ``PT`` starts a record and ``ER``
  alone on its line ends it;
* a line indented by three spaces continues the value before it: the next item of a list
  tag (one author, one cited reference per line), else the same value, joined with a space.
"""

from __future__ import annotations

import re

from risx.readers.tagged import SyntaxCodes, TaggedSyntax
from risx.textio import TextFormat

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

#: Tags whose continuation lines are each one more item (formats-reference.md 2).
LIST_TAGS = frozenset({"AU", "AF", "BA", "BF", "BE", "CA", "GP", "CR", "C1", "C3", "RP"})

#: The Web of Science layout.
WOS_SYNTAX = TaggedSyntax(
    name="Web of Science",
    tag_width=2,
    separator=" ",
    slots={a + b: a + b for a in _UPPER for b in _UPPER + "0123456789"},
    # A tag alone on its line: ER, EF, an empty tag without its space.
    lenient=re.compile(r"([A-Z][A-Z0-9])()()$"),
    gaps=frozenset({""}),
    pad_tags=False,
    spacing_rule="one space after the tag",
    record_start=frozenset({"PT"}),
    record_end=frozenset({"ER"}),
    codes=SyntaxCodes(stray_text="WOS010", lower_case="WOS011", odd_spacing="WOS012",
                      no_end="WOS013", end_alone="WOS014", orphans="WOS015", too_long="WOS016",
                      too_many_lines="WOS017"),
    # After UTF-16 text, a tag line in 8-bit text starts the next file (risx.textio).
    text=TextFormat("Web of Science", rb"[A-Z][A-Z0-9] "),
    frame_tags=frozenset({"FN", "VR", "EF"}),
    continuation_indent=3,
    list_tags=LIST_TAGS,
)
