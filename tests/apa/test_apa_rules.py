"""The APA rule layer (issue 17), rule by rule: one CSL-JSON fixture per rule in
tests/apa_manual/, each with the lines the Publication Manual (7th ed.) gives for it.

The expected lines were written by hand from the Manual's rules (the section is in each
fixture's "why"), never produced by risx.  Each fixture also shows that the rule is needed:
the bundled apa.csl alone prints something else, and the rule fires on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from risx.apa import (
    ENGINE_RULES,
    RENDERING_RULE_IDS,
    RULES,
    STYLE_RULES,
    RuleSet,
    UnknownRule,
    rendering_rules_off,
    rule_by_id,
    select_rules,
)
from risx.apa.profile import profile_for
from risx.csl import CslRenderer, load_style
from risx.csl.engine import disabled

FIXTURES = Path(__file__).resolve().parent / "apa_manual"
RULE_FILES = sorted(FIXTURES.glob("R*.json"))
DATA_RULE_FILES = [path for path in RULE_FILES if f"APA-{path.stem}" in {r.id for r in RULES}]
PATCH_OF = {rule.id: rule.patch for rule in ENGINE_RULES}
DATA_RULE_IDS = {rule.id for rule in RULES}
STYLE_RULE_IDS = {rule.id for rule in STYLE_RULES}
#: Rules only the derived style does (no data part): apa.csl alone must print otherwise.
STYLE_ONLY_FILES = [path for path in RULE_FILES
                    if f"APA-{path.stem}" in STYLE_RULE_IDS - DATA_RULE_IDS]


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def renderer() -> CslRenderer:
    """The Manual profile's renderer (its derived style)."""
    profile = profile_for(None)
    assert profile.name == "manual" and profile.rules is not None
    return CslRenderer(load_style(profile.style))


@pytest.fixture(scope="module")
def apa_csl() -> CslRenderer:
    """The apa-csl profile's renderer: the bundled apa.csl."""
    profile = profile_for("apa-csl")
    assert profile.name == "apa-csl" and profile.rules is None
    return CslRenderer(load_style(profile.style))


def lines(renderer: CslRenderer, items: list[dict[str, Any]]) -> list[str]:
    bibliography = renderer.render(items)
    assert not bibliography.failures and not bibliography.omitted
    return [entry.to("text") for entry in bibliography.entries]


def test_every_fixture_names_a_rule_and_every_rule_has_a_fixture() -> None:
    named = {load(path)["rule"] for path in RULE_FILES}
    assert named == DATA_RULE_IDS | set(PATCH_OF) | STYLE_RULE_IDS
    for path in RULE_FILES:
        assert load(path)["rule"] == f"APA-{path.stem}"


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_rule_gives_the_manuals_form(renderer: CslRenderer, path: Path) -> None:
    fixture = load(path)
    rules = RuleSet()
    items = [rules.apply(item) for item in fixture["items"]]
    assert lines(renderer, items) == fixture["expected"]
    if fixture["rule"] in PATCH_OF:
        with disabled(PATCH_OF[fixture["rule"]]):
            assert lines(renderer, items) != fixture["expected"]
    elif fixture["rule"] in DATA_RULE_IDS:
        assert rules.counts[fixture["rule"]] >= 1


@pytest.mark.parametrize("path", DATA_RULE_FILES + STYLE_ONLY_FILES, ids=lambda p: p.stem)
def test_apa_csl_alone_does_not(apa_csl: CslRenderer, path: Path) -> None:
    fixture = load(path)
    assert lines(apa_csl, fixture["items"]) != fixture["expected"]


@pytest.mark.parametrize("path", DATA_RULE_FILES, ids=lambda p: p.stem)
def test_rule_switched_off_changes_nothing_it_owns(path: Path) -> None:
    fixture = load(path)
    rules = RuleSet(select_rules("all", [fixture["rule"]]))
    for item in fixture["items"]:
        rules.apply(item)
    assert fixture["rule"] not in rules.counts


def test_rules_change_a_copy() -> None:
    fixture = load(FIXTURES / "R27.json")
    item = fixture["items"][0]
    before = json.dumps(item, sort_keys=True)
    changed = RuleSet().apply(item)
    assert json.dumps(item, sort_keys=True) == before
    assert changed["author"][0]["given"] == "J. A."


def test_order_is_retype_move_normalise_remove() -> None:
    stages = [rule.stage for rule in RULES]
    assert stages == sorted(stages)
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.title and rule.manual and rule.when and rule.change


def test_selection() -> None:
    assert rule_by_id("r3") is rule_by_id("APA-R03") is rule_by_id("R03")
    assert select_rules("none") == ()
    assert [rule.id for rule in select_rules("R14,R03")] == ["APA-R14", "APA-R03"]
    assert rule_by_id("R15") not in select_rules("all", ["R15"])
    with pytest.raises(UnknownRule, match="R99"):
        select_rules("R99")
    # The rendering rules are chosen with the same options.
    assert rendering_rules_off() == frozenset()
    assert rendering_rules_off("all", ["R11", "r26"]) == {"APA-R11", "APA-R26"}
    assert rendering_rules_off("none") == RENDERING_RULE_IDS
    assert rendering_rules_off("R09,R03") == RENDERING_RULE_IDS - {"APA-R09"}
    assert select_rules("all", ["R26"]) == RULES  # no data part
    with pytest.raises(UnknownRule, match="citeproc-js"):
        select_rules("all", ["R30"])
    with pytest.raises(UnknownRule, match="rendering"):
        rule_by_id("R26")


@pytest.mark.parametrize("path", [path for path in RULE_FILES
                                  if f"APA-{path.stem}" in RENDERING_RULE_IDS],
                         ids=lambda p: p.stem)
def test_a_rendering_rule_switched_off_is_off(path: Path) -> None:
    """--no-apa-rule R26 (or R09, R21, R11) renders without the derived style's change
    or the engine fix for it, so its fixture no longer gives the Manual's form."""
    fixture = load(path)
    profile = profile_for(None, "all", [fixture["rule"]])
    assert profile.style != "apa-manual"
    rules = profile.rules or RuleSet(())
    items = [rules.apply(item) for item in fixture["items"]]
    assert lines(CslRenderer(load_style(profile.style)), items) != fixture["expected"]


# --- Where the rules must not fire ------------------------------------------------------------

NOT_FIRING: list[tuple[str, dict[str, Any]]] = [
    ("APA-R01", {"type": "paper-conference", "container-title": "Proceedings of the IEEE",
                 "volume": "107", "issue": "2", "publisher": "IEEE"}),
    ("APA-R01", {"type": "paper-conference", "container-title": "CEUR Workshop Proceedings",
                 "ISSN": "1613-0073"}),
    ("APA-R03", {"type": "book", "author": [{"literal": "UNICEF"}], "publisher": "Oxford University Press"}),
    ("APA-R03", {"type": "book", "author": [{"family": "Oxford", "given": "Ann"}],
                 "publisher": "Oxford"}),
    ("APA-R06", {"type": "thesis", "genre": "Habilitationsschrift"}),
    ("APA-R07", {"type": "thesis", "genre": "Doctoral dissertation",
                 "URL": "https://escholarship.org/uc/item/123"}),
    ("APA-R10", {"type": "article-journal", "container-title": "Nature", "publisher": "Springer"}),
    ("APA-R13", {"type": "article-journal", "URL": "https://link.springer.com/article/10.1007/x"}),
    ("APA-R14", {"type": "book", "publisher": "Henry Holt and Co."}),
    ("APA-R15", {"type": "article-journal", "container-title": "JAMA"}),
    ("APA-R15", {"type": "article-journal", "container-title": "Revista de Psicología",
                 "language": "es"}),
    ("APA-R18", {"type": "article-journal", "page": "123"}),
    ("APA-R18", {"type": "article-journal", "page": "S12-S19"}),
    ("APA-R27", {"type": "article-journal", "author": [{"family": "Li", "given": "Wei"}]}),
    ("APA-R27", {"type": "article-journal", "author": [{"family": "SMITH", "given": "JO"}]}),
]


@pytest.mark.parametrize(("rule_id", "item"), NOT_FIRING)
def test_rule_leaves_other_items_alone(rule_id: str, item: dict[str, Any]) -> None:
    rules = RuleSet([rule_by_id(rule_id)])
    assert rules.apply(item) == item
    assert not rules.counts
