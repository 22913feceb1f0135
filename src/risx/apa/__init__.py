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

__all__ = ["ENGINE_RULES", "RENDERING_RULE_IDS", "RULES", "STYLE_RULES", "CslItem", "EngineRule",
           "Rule", "RuleSet", "Stage", "StyleRule", "UnknownRule", "rendering_rules_off",
           "rule_by_id", "rule_id", "select_rules"]


class UnknownRule(ValueError):
    """A rule ID that names no rule."""


#: The rules done in the rendering, not on the data: the derived style's changes and the
#: Manual's spaced ellipsis (APA-R30, a citeproc-js parity fix in both profiles, is not one
#: to switch off).  Switching one off renders with the derived style without that change.
RENDERING_RULE_IDS = frozenset({rule.id for rule in STYLE_RULES} | {"APA-R11"})
_DATA_RULES = {rule.id: rule for rule in RULES}
_SWITCHABLE = frozenset(_DATA_RULES) | RENDERING_RULE_IDS


def rule_id(name: str) -> str:
    """The ID of a rule that can be switched off, ``APA-R03``, also spelt ``R03``, ``r3`` or
    ``3`` (:class:`UnknownRule` for any other)."""
    text = name.strip().upper().removeprefix("APA-").removeprefix("R")
    wanted = f"APA-R{int(text):02d}" if text.isdigit() else ""
    if wanted in _SWITCHABLE:
        return wanted
    known = ", ".join(sorted(item.removeprefix("APA-") for item in _SWITCHABLE))
    if wanted == "APA-R30":
        raise UnknownRule("APA rule R30 (A & B between two group authors) is what citeproc-js "
                          "prints too, in both profiles; it is not switched off")
    raise UnknownRule(f"no APA rule '{name}' (known: {known})")


def rule_by_id(name: str) -> Rule:
    """The data rule ``APA-R03``, also spelt ``R03``, ``r3`` or ``3``."""
    wanted = rule_id(name)
    if wanted not in _DATA_RULES:
        raise UnknownRule(f"APA rule '{name}' is done in the rendering, not on the data")
    return _DATA_RULES[wanted]


def _chosen_ids(enabled: str, disabled: Iterable[str]) -> set[str]:
    spec = enabled.strip().lower()
    if spec in ("all", ""):
        chosen = set(_SWITCHABLE)
    elif spec == "none":
        chosen = set()
    else:
        chosen = {rule_id(part) for part in enabled.split(",") if part.strip()}
    return chosen - {rule_id(name) for name in disabled}


def select_rules(enabled: str = "all", disabled: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The data rules to run, in their order: ``enabled`` is ``all``, ``none`` or a
    comma-separated list of IDs; every ID in ``disabled`` is then left out."""
    chosen = _chosen_ids(enabled, disabled)
    return tuple(rule for rule in RULES if rule.id in chosen)


def rendering_rules_off(enabled: str = "all", disabled: Iterable[str] = ()) -> frozenset[str]:
    """The rendering rules (:data:`RENDERING_RULE_IDS`) the same choice switches off."""
    return RENDERING_RULE_IDS - _chosen_ids(enabled, disabled)


class RuleSet:
    """Rules that change copies of CSL items, counting how often each changed one."""

    def __init__(self, rules: Iterable[Rule] = RULES,
                 rendering_off: frozenset[str] = frozenset()) -> None:
        self.rules = tuple(sorted(rules, key=RULES.index))
        self.counts: Counter[str] = Counter()
        #: The rendering rules switched off (-v says so).
        self.rendering_off = rendering_off

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
        lines += [f"apa rule {rule.id} ({rule.manual}): {self._off(rule.id)}in the rendering "
                  f"(engine fix {rule.patch}) {rule.title}" for rule in ENGINE_RULES]
        return lines + [f"apa rule {rule.id} ({rule.manual}): {self._off(rule.id)}in the "
                        f"derived style (apa-manual.csl, {rule.macro}) {rule.title}"
                        for rule in STYLE_RULES]

    def _off(self, rule_id: str) -> str:
        return "switched off, " if rule_id in self.rendering_off else ""
