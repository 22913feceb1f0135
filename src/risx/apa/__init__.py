"""APA 7 as the Publication Manual writes it: rules applied to a copy of each CSL item
before the reference-list writer renders it (issue 17).

apa.csl renders well-formed data as the Manual wants, but it cannot compare two variables
(a publisher that is the author), test a value (a preprint server, a database URL) or read
exporters' shapes (``Ph.D.`` as a genre, an article number in ``page``).  Each such gap is a
:class:`~risx.apa.rule.Rule` in :data:`~risx.apa.rules.RULES`: an ID (``APA-R03``, the row of
the team's research note), a title, the Manual section, when it applies and what it
changes, and one small function.

The rules run in a fixed order (:class:`~risx.apa.rule.Stage`): retype, move, normalise,
remove.  They run only for the Manual profile of the APA reference lists (``-t apa``,
``markdown``, ``html`` with the bundled style); ``--style apa-csl`` renders with the
bundled apa.csl unchanged, and CSL-JSON, BibTeX and RIS output never see them: a
:class:`RuleSet` changes a copy, never the item it is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from risx.apa.rule import CslItem, Rule, Stage
from risx.apa.rules import ENGINE_RULES, RULES, STYLE_RULES, EngineRule, StyleRule

__all__ = ["ENGINE_RULES", "RULES", "STYLE_RULES", "CslItem", "EngineRule", "Rule", "RuleSet",
           "Stage", "StyleRule", "UnknownRule", "rule_by_id", "select_rules"]


class UnknownRule(ValueError):
    """A rule ID that names no rule."""


def rule_by_id(name: str) -> Rule:
    """The rule ``APA-R03``, also spelt ``R03``, ``r3`` or ``3``."""
    text = name.strip().upper().removeprefix("APA-").removeprefix("R")
    if text.isdigit():
        wanted = f"APA-R{int(text):02d}"
        for rule in RULES:
            if rule.id == wanted:
                return rule
    known = ", ".join(rule.short_id for rule in RULES)
    raise UnknownRule(f"no APA rule '{name}' (known: {known})")


def select_rules(enabled: str = "all", disabled: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules to run, in their order: ``enabled`` is ``all``, ``none`` or a comma-separated
    list of IDs; every ID in ``disabled`` is then left out."""
    spec = enabled.strip().lower()
    if spec in ("all", ""):
        chosen = set(RULES)
    elif spec == "none":
        chosen = set()
    else:
        chosen = {rule_by_id(part) for part in enabled.split(",") if part.strip()}
    chosen -= {rule_by_id(name) for name in disabled}
    return tuple(rule for rule in RULES if rule in chosen)


class RuleSet:
    """Rules that change copies of CSL items, counting how often each changed one."""

    def __init__(self, rules: Iterable[Rule] = RULES) -> None:
        self.rules = tuple(sorted(rules, key=RULES.index))
        self.counts: Counter[str] = Counter()

    def apply(self, item: Mapping[str, Any]) -> CslItem:
        """A copy of ``item`` with the rules applied; ``item`` itself is not changed."""
        copy = dict(item)
        for rule in self.rules:
            if rule.apply(copy):
                self.counts[rule.id] += 1
        return copy

    def summary(self) -> list[str]:
        """One line per rule, in order, with how often it changed an item (what -v prints)."""
        lines = [f"apa rule {rule.id} ({rule.manual}): {self.counts[rule.id]}x {rule.title}"
                 for rule in self.rules]
        lines += [f"apa rule {rule.id} ({rule.manual}): in the rendering (engine fix "
                  f"{rule.patch}) {rule.title}" for rule in ENGINE_RULES]
        return lines + [f"apa rule {rule.id} ({rule.manual}): in the derived style "
                        f"(apa-manual.csl, {rule.macro}) {rule.title}" for rule in STYLE_RULES]
