"""The values of one tagged record while a reader gives them meaning, and which ones it used.

Shared by the MEDLINE and Web of Science mappers (the RIS mapper has its own ``TagBag``, with
RIS's bookkeeping).  A record's values are indexed by tag once; a field *takes* the values it
uses, and whatever no field took is the record's unmapped values, in source order, each under
its format's name (``MEDLINE PHST``, ``WoS CR``): a name that cannot be read as a RIS tag, so
the RIS writer puts it in a note (``N1``) rather than giving it the meaning the same two
letters have in RIS (``IS`` is an ISSN in MEDLINE, an issue in RIS; ``C1`` an address in Web
of Science, a custom field in RIS).
"""

from __future__ import annotations

from collections.abc import Sequence

from risx.diagnostics import DiagnosticSink, clip
from risx.model import RawTag

#: What :meth:`TagValues.all` returns for an absent tag (most tags, most of the time).
_NONE: tuple[RawTag, ...] = ()


class TagValues:
    """The tagged values of one record, indexed by tag, with the positions a field used."""

    __slots__ = ("by_tag", "raws", "used")

    def __init__(self, raws: Sequence[RawTag]) -> None:
        self.raws = raws
        #: Positions of the non-empty values of each tag, in source order.
        self.by_tag: dict[str, list[int]] = {}
        #: Positions of the values a field used (an empty value carries nothing to keep).
        self.used: set[int] = set()
        by_tag = self.by_tag
        for index, raw in enumerate(raws):
            if raw.value:
                positions = by_tag.get(raw.tag)
                if positions is None:
                    by_tag[raw.tag] = [index]
                else:
                    positions.append(index)
            else:
                self.used.add(index)

    def has(self, tag: str) -> bool:
        return tag in self.by_tag

    def count(self, tag: str) -> int:
        positions = self.by_tag.get(tag)
        return len(positions) if positions else 0

    def first(self, tag: str) -> str:
        """The first value of ``tag`` (``""`` when absent), without using it."""
        positions = self.by_tag.get(tag)
        return self.raws[positions[0]].value if positions else ""

    def take(self, tag: str) -> str:
        """The first value of ``tag``, marked used; its repeats stay unmapped."""
        positions = self.by_tag.get(tag)
        if not positions or positions[0] in self.used:
            return ""
        self.used.add(positions[0])
        return self.raws[positions[0]].value

    def all(self, tag: str) -> Sequence[RawTag]:
        """Every value of ``tag``, in source order, without using them."""
        positions = self.by_tag.get(tag)
        return [self.raws[i] for i in positions] if positions else _NONE

    def take_all(self, tag: str) -> Sequence[RawTag]:
        """Every value of ``tag``, marked used."""
        positions = self.by_tag.get(tag)
        if not positions:
            return _NONE
        self.used.update(positions)
        return [self.raws[i] for i in positions]

    def positions(self, tag: str) -> Sequence[int]:
        return self.by_tag.get(tag) or ()

    def use(self, position: int) -> None:
        self.used.add(position)

    def line_of(self, tag: str) -> int | None:
        positions = self.by_tag.get(tag)
        return self.raws[positions[0]].line if positions else None

    def unmapped(self, prefix: str, renamed: dict[int, str] | None = None) -> tuple[RawTag, ...]:
        """The values no field used, each under ``prefix`` and its tag (text outside any tag
        under ``prefix`` alone); ``renamed`` gives some positions another name."""
        used = self.used
        if len(used) == len(self.raws):
            return ()
        names = renamed or {}
        return tuple(RawTag(names.get(index) or (f"{prefix} {raw.tag}" if raw.tag else prefix),
                            raw.value, raw.line)
                     for index, raw in enumerate(self.raws) if index not in used)


def join_unindented(raws: Sequence[RawTag], sink: DiagnosticSink, *, code: str, indent: str,
                    keep_after: frozenset[str], list_tags: frozenset[str] = frozenset(),
                    ) -> list[RawTag]:
    """A record's lines without a tag and without the indent of a continuation (``indent``:
    "six spaces") read as continuing the value before each, as if indented: the next item of
    a list tag, else the same value joined with a space.  Such a line is the rest of a value
    after a U+2028 line separator (at which :mod:`risx.textio` ends a line), or of an export
    whose indentation was lost.  After a tag in ``keep_after`` (a record's first line, which
    no value continues) it stays a value of its own, kept in the note.  Each is reported with
    ``code``: a continued run once per record, a kept line on its own.  A tagless value on the
    line of the value before it (a tab-delimited row's extra cells) is kept as it is: its
    reader reported it."""
    joined: list[RawTag] = []
    continued: list[int] = []
    for raw in raws:
        previous = joined[-1] if joined else None
        if raw.tag or (previous is not None and raw.line == previous.line):
            joined.append(raw)
        elif previous is None or not previous.tag or previous.tag in keep_after:
            sink.warning(code, raw.line, f"this line has no tag and is not indented by "
                         f"{indent}: '{clip(raw.value)}'; kept in the note")
            joined.append(raw)
        else:
            continued.append(raw.line)
            if previous.tag in list_tags:
                joined.append(RawTag(previous.tag, raw.value, raw.line))
            else:
                joined[-1] = RawTag(previous.tag, f"{previous.value} {raw.value}", previous.line)
    if continued:
        sink.warning(code, continued[0], f"{len(continued)} line(s) of this record, from this "
                     f"one on, have no tag and are not indented by {indent}: each was read as "
                     f"continuing the value before it")
    return joined
