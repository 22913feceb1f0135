"""Which APA profile a reference list renders with, from the writer's ``--style``.

* ``manual`` (the default: no ``--style``, or ``apa``): the bundled derived style
  ``apa-manual`` (apa.csl with a new id and the ``data set`` term; the engine prints the
  Manual's spaced ellipsis for it) and the Manual rules of :mod:`risx.apa` applied to a
  copy of each item;
* ``apa-csl``: the bundled apa.csl exactly as upstream writes it, no rules (what
  citeproc-js and Zotero print: the parity tests render with it);
* a user's own style (a file or another name): no rules, since they are APA's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from risx.apa import RuleSet, rendering_rules_off, select_rules

#: ``--style`` values that mean the Manual profile (the default).
MANUAL_NAMES = frozenset({"apa", "apa7", "apa-7"})
#: The derived style the Manual profile renders with (risx/csl/data/apa-manual.csl).
MANUAL_STYLE = "apa-manual"
#: The ``--style`` value for the bundled apa.csl with no rules.
APA_CSL = "apa-csl"


@dataclass
class Profile:
    name: str                 # "manual", "apa-csl" or "style"
    style: str | None         # what load_style is given
    rules: RuleSet | None     # None: items are rendered as they are


def profile_for(style: str | None, apa_rules: str = "all",
                no_apa_rules: Iterable[str] = ()) -> Profile:
    """The profile of ``--style`` ``style``; ``apa_rules`` and ``no_apa_rules`` choose the
    Manual profile's rules (:func:`risx.apa.select_rules`; UnknownRule for a bad ID)."""
    no_apa_rules = tuple(no_apa_rules)
    chosen = select_rules(apa_rules, no_apa_rules)  # a bad ID is refused in every profile
    if style is None or style.strip().lower() in MANUAL_NAMES:
        off = rendering_rules_off(apa_rules, no_apa_rules)
        # A rendering rule switched off: the derived style without that change
        # (risx.csl.style.manual_style_without).
        name = f"{MANUAL_STYLE} without {' '.join(sorted(off))}" if off else MANUAL_STYLE
        return Profile("manual", name, RuleSet(chosen, off) if chosen else None)
    if style.strip().lower() == APA_CSL:
        return Profile("apa-csl", "apa", None)
    return Profile("style", style, None)
