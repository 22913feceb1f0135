"""Properties of the APA rule layer over generated CSL items: it never drops a DOI, never
changes the item it is given (so the CSL-JSON, BibTeX and RIS outputs, which read the
items, never see it), and a second run changes nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from risx.apa import RuleSet

FIXTURES = Path(__file__).resolve().parent / "apa_manual"
SEEDS = [item for path in sorted(FIXTURES.glob("R*.json"))
         for item in json.loads(path.read_text(encoding="utf-8"))["items"]]

TYPES = ["article-journal", "article", "article-magazine", "book", "chapter", "dataset",
         "motion_picture",
         "document", "entry-dictionary", "manuscript", "paper-conference", "post", "report",
         "thesis", "webpage"]
ORGS = ["World Health Organization", "The World Health Organization", "UNICEF", "IBM Corp.",
        "John Wiley & Sons, Inc.", "Springer", "arXiv", "PsyArXiv", "SSRN", "PubMed",
        "American Psychological Association", "SAGE Publications Ltd", "A & B LLC", "YouTube", ""]
TEXT = st.sampled_from(ORGS) | st.text(max_size=12)
VALUES: dict[str, Any] = {
    "publisher": TEXT, "container-title": TEXT, "collection-title": TEXT, "source": TEXT,
    "archive": st.sampled_from(["PsycINFO", "MEDLINE", "TSpace", "ProQuest", ""]) | TEXT,
    "archive_location": TEXT,
    "genre": st.sampled_from(["Ph.D.", "PhD thesis", "M.S.", "Doctoral dissertation", "Preprint",
                              "Press release", "Report", "Unpublished thesis", ""]) | TEXT,
    "number": st.sampled_from(["arXiv:1706.03762", "16", "TR-2019-04", ""]) | TEXT,
    "page": st.sampled_from(["e0209899", "123", "1-9", "A12345", "S12-S19", ""]) | TEXT,
    "volume": st.sampled_from(["11353", "3", ""]),
    "issue": st.sampled_from(["2", ""]),
    "ISBN": st.sampled_from(["978-3-030-05347-5", ""]),
    "ISSN": st.sampled_from(["1613-0073", ""]),
    "language": st.sampled_from(["en", "es", "de-DE", ""]),
    "DOI": st.sampled_from(["10.1000/xyz", "10.1175/1520-0477(1996)077<0437:TNYRP>2.0.CO;2"]),
    "URL": st.sampled_from(["https://www.proquest.com/docview/123", "https://www.who.int/x",
                            "https://search.ebscohost.com/login.aspx?x=1",
                            "https://www.scopus.com/inward/record.uri?eid=2"]) | TEXT,
    "issued": st.lists(st.integers(1900, 2030), min_size=1, max_size=3).map(
        lambda parts: {"date-parts": [parts]}),
}
NAME = st.one_of(
    st.builds(lambda o: {"literal": o}, st.sampled_from(ORGS)),
    st.builds(lambda f, g: {"family": f, "given": g},
              st.sampled_from(["Doe", "SMITH", "Li", "World Health Organization"]),
              st.sampled_from(["JA", "J. A.", "Wei", "RBK", "ABCD", ""])),
    st.builds(lambda f: {"family": f}, st.sampled_from(ORGS)))


@st.composite
def items(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.booleans()):
        item = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    else:
        item = {"id": "x", "type": draw(st.sampled_from(TYPES))}
    for key in draw(st.lists(st.sampled_from(sorted(VALUES)), unique=True, max_size=8)):
        item[key] = draw(VALUES[key])
    if draw(st.booleans()):
        item["author"] = draw(st.lists(NAME, min_size=1, max_size=3))
    if draw(st.booleans()):
        item["editor"] = draw(st.lists(NAME, min_size=1, max_size=2))
        item["translator"] = (item["editor"] if draw(st.booleans())
                              else draw(st.lists(NAME, max_size=2)))
    if draw(st.booleans()):
        item["type"] = draw(st.sampled_from(TYPES))
    return item


@settings(max_examples=400, deadline=None)
@given(items())
def test_rules_never_drop_a_doi(item: dict[str, Any]) -> None:
    assert RuleSet().apply(item).get("DOI") == item.get("DOI")


@settings(max_examples=400, deadline=None)
@given(items())
def test_rules_never_change_the_item_they_are_given(item: dict[str, Any]) -> None:
    before = copy.deepcopy(item)
    RuleSet().apply(item)
    assert item == before


@settings(max_examples=400, deadline=None)
@given(items())
def test_rules_applied_twice_give_the_same_item(item: dict[str, Any]) -> None:
    once = RuleSet().apply(item)
    again = RuleSet()
    assert again.apply(once) == once
    assert not again.counts
