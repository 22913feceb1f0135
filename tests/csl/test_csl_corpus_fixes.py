"""The fixes found with the corpus oracle, each on a small item and with its patch off.

Every expected string below is citeproc-js's rendering (npm ``citeproc``
2.4.63, ``apa.csl``) of a corpus record with the same data, copied from a
corpus-oracle run (see test_csl_corpus_oracle.py); the item ids name the
record.  Nothing expected here was produced by risx.
"""

from __future__ import annotations

from typing import Any

import pytest

from risx.csl import CslRenderer, load_style
from risx.csl.collate import sort_permutation
from risx.csl.engine import disabled
from risx.csl.prepare import quote_marks
from risx.csl.rules import initialize_given, pages_are_ranges


@pytest.fixture(scope="module")
def renderer() -> CslRenderer:
    return CslRenderer(load_style())


def article(item_id: str, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "type": "article-journal",
                            "author": [{"family": "Beyer", "given": "T. A."}],
                            "title": "Massive infection in a dog",
                            "container-title": "JOURNAL OF THE AMERICAN VETERINARY MEDICAL "
                                               "ASSOCIATION",
                            "issued": {"date-parts": [[1999]]}, "volume": "214", "issue": "3"}
    item.update(fields)
    return item


def texts(renderer: CslRenderer, items: list[dict[str, Any]]) -> list[str]:
    return [entry.text for entry in renderer.render(items).entries]


@pytest.mark.parametrize(("page", "printed"), [
    ("366-+", "366-+"),        # beyer1999: "and following", not a range
    ("415-U53", "415-U53"),    # bexfield2011: different prefixes
    ("968-&", "968-"),         # balke1981: citeproc-js drops the "&"
    ("pp 37-64", "pp 37-64"),  # authorone2018
    ("438-439", "438–439"),    # aprea2014: a range of numbers
])
def test_page_values_that_are_not_ranges_are_printed_as_given(
        renderer: CslRenderer, page: str, printed: str) -> None:
    assert texts(renderer, [article("p", page=page)])[0].endswith(f", 214(3), {printed}.")


def test_page_patch_off_gives_the_stock_range_dash(renderer: CslRenderer) -> None:
    assert pages_are_ranges("12-15, 18") and not pages_are_ranges("209B-U67")
    with disabled("verbatim-pages"):
        assert texts(renderer, [article("p", page="968-&")])[0].endswith("968– & .")


def test_issue_ranges_get_an_en_dash(renderer: CslRenderer) -> None:
    # bardagi2011: "JOURNAL OF COMPARATIVE PATHOLOGY, 144(2–3), 235–238."
    text = texts(renderer, [article("i", volume="144", issue="2-3", page="235-238")])[0]
    assert text.endswith(", 144(2–3), 235–238.")


@pytest.mark.parametrize(("given", "initials"), [
    ("Wei-qin", "W."),        # shen2024: "Su, W."
    ("Name of", "N. of"),     # "24": "In N. of File (Ed.)"
    ("Pierre-Yves", "P.-Y."),  # pons2003a
    ("Pierre\u2010Yves", "P."),  # pons2003 (U+2010 is not a hyphen-minus)
    ("Adriana Mirely Silva Spindola", "A. M. S. S."),  # correia2021
])
def test_initials_as_citeproc_js_forms_them(given: str, initials: str) -> None:
    assert initialize_given(given, ". ") == initials


def test_initials_patch_and_initialize_false(renderer: CslRenderer) -> None:
    item = article("s", author=[{"family": "Su", "given": "Wei-qin"}])
    assert texts(renderer, [item])[0].startswith("Su, W. (1999).")
    hearing = {"id": "h", "type": "hearing", "title": "Title", "URL": "Location/URL",
               "author": [{"family": "Author Name", "given": "Author2 Name2"}]}
    # authornamek: APA's <name initialize="false"> keeps the given name whole.
    assert texts(renderer, [hearing])[0] == (
        "Title (testimony of Author2 Name2 Author Name). Retrieved Location/URL")
    with disabled("initials"):
        assert texts(renderer, [item])[0].startswith("Su, W.-. qin . (1999).")


@pytest.mark.parametrize(("journal", "cased"), [
    # authorone2017, chuong2019, correia2021, turing1937
    ("Secondary Title (journal title, if applicable)",
     "Secondary Title (Journal Title, If Applicable)"),
    ("International Journal of Qualitative Studies on Health and Well-being",
     "International Journal of Qualitative Studies on Health and Well-Being"),
    ("ROSA DOS VENTOS - Turismo e Hospitalidade", "ROSA DOS VENTOS - Turismo e Hospitalidade"),
    ("Proc. of London Mathematical Society", "Proc. of London Mathematical Society"),
])
def test_title_case_of_journal_names(renderer: CslRenderer, journal: str, cased: str) -> None:
    text = texts(renderer, [article("t", **{"container-title": journal})])[0]
    assert f". {cased}, 214(3)." in text


def test_title_case_patch_off(renderer: CslRenderer) -> None:
    with disabled("title-case"):
        text = texts(renderer, [article("t", **{
            "container-title": "Secondary Title (journal title, if applicable)"})])[0]
    assert "(journal Title, If Applicable)" in text


@pytest.mark.parametrize(("title", "printed"), [
    # aprea2014, fox2022 (typographic quotes kept), tayler2022a (unpaired: kept straight)
    ("Presumed 'suicidal right ventricle' in a dog", "Presumed “suicidal right ventricle” in"),
    ("Is climate change the ‘elephant in the room’ for outdoor education?",
     "the ‘elephant in the room’ for"),
    ('immune thrombocytopenia" (vol 36, pg 1281, 2022)', 'thrombocytopenia" (vol 36'),
])
def test_quotation_marks_in_titles(title: str, printed: str) -> None:
    assert printed in quote_marks(title)


def test_punctuation_moves_inside_a_closing_quote(renderer: CslRenderer) -> None:
    # bowery1993: "THE “HEN, THE SPANIELS, FRENCHIE AND THE MOON.” OVERLAND"
    text = texts(renderer, [article("q", title="THE 'HEN AND THE MOON'")])[0]
    assert "THE “HEN AND THE MOON.” JOURNAL" in text


def test_french_spacing_before_a_colon(renderer: CslRenderer) -> None:
    # 115-733-109-888-153: "game types\u202f: Finnish population study"
    text = texts(renderer, [article("f", title="Gambling and game types : Finnish study")])[0]
    assert "game types\u202f: Finnish study" in text


def test_item_without_author_title_or_date_still_gets_its_date(
        renderer: CslRenderer) -> None:
    # itemb (an empty book): "(N.d.-b)."; the datasets: "[Dataset]. (n.d.-a). [Dataset]."
    assert texts(renderer, [{"id": "b", "type": "book"}]) == ["(N.d.)."]
    assert texts(renderer, [{"id": "d", "type": "dataset"}]) == ["[Dataset]. (n.d.). [Dataset]."]


def test_year_suffixes_follow_in_text_citations(renderer: CslRenderer) -> None:
    doe = [{"id": "doea", "type": "article-journal", "author": [
               {"family": "Doe", "given": "John"}]},
           {"id": "doeb", "type": "article-journal", "author": [
               {"family": "Doe", "given": "John", "suffix": "Jr."}]}]
    # doea/doeb: "Doe, J. (n.d.-a)." and "Doe, J., Jr. (n.d.-b)." (in text both "Doe, n.d.")
    assert texts(renderer, doe) == ["Doe, J. (n.d.-a).", "Doe, J., Jr. (n.d.-b)."]
    pons = [article(f"p{n}", author=[{"family": "Pons", "given": "Pere"},
                                     {"family": "Henry", "given": given}],
                    title=f"Local survival {n}")
            for n, given in enumerate(("Pierre\u2010Yves", "Pierre-Yves"))]
    # pons2003/pons2003a: "Henry, P." and "Henry, P.-Y." in second place: 2003a, 2003b.
    first, second = texts(renderer, pons)
    assert first.startswith("Pons, P., & Henry, P. (1999a).")
    assert second.startswith("Pons, P., & Henry, P.-Y. (1999b).")


def test_sort_keys_compare_as_citeproc_js_does() -> None:
    rows = [["Allan, F."], ["Alla, S. A."], ["[Dataset]"], ["Dab"], ["Hardy, J., & Selkoe, D."],
            ["Hardy, J., & Allsop, D."], ["Hardy, J. A., & Higgins, G. A."], ["BALKE, J."],
            ["Balke, J."], ["Vol 10"], ["Vol 9"]]
    order = [rows[i][0] for i in sort_permutation(rows, [False])]
    assert order == ["Alla, S. A.", "Allan, F.", "BALKE, J.", "Balke, J.", "Dab", "[Dataset]",
                     "Hardy, J. A., & Higgins, G. A.", "Hardy, J., & Allsop, D.",
                     "Hardy, J., & Selkoe, D.", "Vol 9", "Vol 10"]
