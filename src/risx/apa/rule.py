"""What an APA rule is: data (ID, title, Manual section, when it applies, what it changes)
plus one small function, and the order the rules run in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

#: A CSL-JSON item.  Rules get a shallow copy the rule layer owns: they may set and delete
#: its keys, but they replace a nested value (a name list, a date) instead of changing it,
#: because the nested values are still shared with the caller's item.
CslItem = dict[str, Any]


class Stage(IntEnum):
    """The order rules run in (the research note's section 4.2).

    Retyping comes first, because the other rules ask for the type; moves before
    normalisations, because a moved value is then normalised where it landed; removals
    last, because they compare normalised strings (a publisher without its ``Inc.`` is
    compared with the author)."""

    RETYPE = 1
    MOVE = 2
    NORMALISE = 3
    REMOVE = 4


@dataclass(frozen=True)
class Rule:
    """One departure from what apa.csl prints, with its reason in the Manual."""

    id: str          # "APA-R03": the row of /work/shared/notes/apa7-manual.md it closes
    title: str       # one line, as -v prints it
    manual: str      # the Manual section(s), e.g. "9.29"
    stage: Stage
    when: str        # when it applies, in words
    change: str      # what it changes, in words
    #: Changes the item when the rule applies; returns whether it changed anything (so
    #: that -v counts real changes and a second run over the same item changes nothing).
    apply: Callable[[CslItem], bool]

    @property
    def short_id(self) -> str:
        return self.id.removeprefix("APA-")
