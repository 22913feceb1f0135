"""TEXT-TAGS and TEXT-ENTITIES (risx.transforms.text), with made-up values in the shapes
exporters write them (issue 16, item 2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from risx.transforms.text import clean_text, decode_entities, strip_markup


@pytest.mark.parametrize(("value", "expected"), [
    ("Saúde &amp; Sociedade", "Saúde & Sociedade"),  # a journal name from a web page
    ("Lasers &amp; optics", "Lasers & optics"),
    ("scores &gt; 3 and &lt; 9", "scores > 3 and < 9"),
    ("the patient&#x2019;s view", "the patient\u2019s view"),
    ("O&#039;Brien", "O'Brien"),
    ("S&atilde;o Paulo", "S\u00e3o Paulo"),
    # Escaped twice: went through two tools that each escaped it.
    ("mg&amp;#8725;kg", "mg\u2215kg"),
    ("Lasers &amp;amp; optics", "Lasers & optics"),
    ("x &amp;amp;#x2019; y", "x \u2019 y"),
])
def test_character_references_are_decoded(value: str, expected: str) -> None:
    assert decode_entities(value) == expected


@pytest.mark.parametrize("value", [
    "AT&T", "R&D spending", "&c", "Smith & Jones", "a &unknownname; b", "&#0;", "&#xD800;",
    "&#99999999;", "no reference at all",
])
def test_what_is_not_a_complete_reference_stays_as_written(value: str) -> None:
    assert decode_entities(value) == value


def test_tags_are_removed_before_entities_are_decoded() -> None:
    # An escaped "<b>" is text the abstract holds (a formula): it must not become a tag that
    # is then removed.
    assert clean_text("<p>p &lt;b&gt; 0.05</p>") == "p <b> 0.05"
    assert clean_text("<jats:p>Tom &amp; Jerry<br/></jats:p>") == "Tom & Jerry"
    assert strip_markup("p &lt; 0.05") == "p &lt; 0.05"


@given(st.text(alphabet=st.characters(blacklist_characters="&")))
def test_text_without_an_ampersand_is_unchanged(text: str) -> None:
    assert decode_entities(text) == text
