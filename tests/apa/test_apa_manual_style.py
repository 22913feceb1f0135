"""The Manual profile's derived style (src/risx/csl/data/apa-manual.csl) is apa.csl with the
changes its header and data/ATTRIBUTION.md list, and no others (CC BY-SA 3.0: changes marked,
credits and licence kept, a new id and title)."""

from __future__ import annotations

import difflib

from risx.apa import RENDERING_RULE_IDS
from risx.csl.style import bundled_file, manual_style_without


def test_derived_style_differs_by_the_listed_changes_only() -> None:
    original = bundled_file("apa.csl").read_text(encoding="utf-8").splitlines()
    derived = bundled_file("apa-manual.csl").read_text(encoding="utf-8").splitlines()
    removed = [line[1:].strip() for line in difflib.unified_diff(original, derived, n=0,
               lineterm="") if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in difflib.unified_diff(original, derived, n=0,
             lineterm="") if line.startswith("+") and not line.startswith("+++")]
    assert removed == [
        "<title>APA Style 7th edition</title>",
        "<id>http://www.zotero.org/styles/apa</id>",
        '<link href="http://www.zotero.org/styles/apa" rel="self"/>',
        '<link href="http://www.zotero.org/styles/apa-6th-edition" rel="template"/>',
        '<category field="generic-base"/>',
        '<else-if match="any" type="interview paper-conference">']
    assert added[0].startswith("<!-- Modified by the risx project")
    assert "The original work has been modified" in added[0]
    assert "Brenton M. Wiernik and Andrew Dunning" in added[0]
    for change in ('"dataset" is "data set"', "macro label-number", "macro date-bib"):
        assert change in added[0]
    assert added[1:] == [
        "<title>APA Style 7th edition (risx Manual-conformance variant)</title>",
        "<id>urn:risx:styles:apa-manual</id>",
        '<link href="http://www.zotero.org/styles/apa" rel="template"/>',
        "<contributor>", "<name>risx project (modifications: see the comment above)</name>",
        "</contributor>",
        "<!-- risx: APA-R21 -->", '<term name="dataset">data set</term>',
        # label-number: a report's number labelled whatever its shape (APA-R09)
        "<!-- risx: APA-R09 -->", '<else-if type="report">',
        '<label form="short" plural="never" text-case="capitalize-first" variable="number"/>',
        "</else-if>",
        # date-bib: full dates for entries in online reference works (APA-R26)
        "<!-- risx: APA-R26 -->", '<else-if match="any" type="entry entry-dictionary entry-encyclopedia interview '
        'paper-conference">']
    rights = [line for line in derived if "<rights" in line]
    assert rights == [line for line in original if "<rights" in line]


def _changed_lines(original: list[str], derived: list[str]) -> list[str]:
    return [line[1:].strip() for line in difflib.unified_diff(original, derived, n=0, lineterm="")
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_each_rule_switched_off_takes_back_its_changes_only() -> None:
    """--no-apa-rule R26 renders with the derived style less R26's change (the markers name
    each change's rule); with every rendering rule off only the header changes are left, and
    R11 off also changes the id the engine keys the spaced ellipsis to."""
    original = bundled_file("apa.csl").read_text(encoding="utf-8").splitlines()
    derived = bundled_file("apa-manual.csl").read_text(encoding="utf-8").splitlines()
    everything = _changed_lines(original, derived)
    for rule_id in sorted(RENDERING_RULE_IDS - {"APA-R11"}):
        variant = manual_style_without(frozenset({rule_id})).decode("utf-8").splitlines()
        left = _changed_lines(original, variant)
        assert f"<!-- risx: {rule_id} -->" in everything
        assert f"<!-- risx: {rule_id} -->" not in left and len(left) < len(everything)
        assert {line for line in everything if line.startswith("<!-- risx: APA-")} - set(left) == {
            f"<!-- risx: {rule_id} -->"}
    bare = manual_style_without(RENDERING_RULE_IDS).decode("utf-8").splitlines()
    left = _changed_lines(original, bare)
    assert not any("<!-- risx: APA-" in line or "term name" in line or "else-if" in line
                   for line in left), left
    assert "<id>urn:risx:styles:apa-manual-without-R11</id>" in left
