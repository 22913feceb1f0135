"""The rendering layer: data rules, year suffixes, per-entry isolation, styles, escaping."""

from __future__ import annotations

from typing import Any

import pytest

from risx.csl import CslRenderer, CslStyleError, load_style
from risx.csl.collate import collation_key
from risx.csl.engine import disabled
from risx.transforms.keys import letter_suffix as year_suffix_letters


@pytest.fixture(scope="module")
def renderer() -> CslRenderer:
    return CslRenderer(load_style())


def article(item_id: str, family: str, title: str, year: int | None = 2020,
            **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "type": "article-journal", "title": title,
                            "author": [{"family": family, "given": "Ann"}],
                            "container-title": "Cognition", "volume": "1", "page": "1-2"}
    if year is not None:
        item["issued"] = {"date-parts": [[year]]}
    item.update(extra)
    return item


def texts(renderer: CslRenderer, items: list[dict[str, Any]]) -> list[str]:
    return [entry.text for entry in renderer.render(items).entries]


def test_year_suffixes_follow_bibliography_order(renderer: CslRenderer) -> None:
    items = [article("b", "Lee", "Beta"), article("a", "Lee", "Alpha"),
             article("c", "Lee", "Gamma", year=2019)]
    assert texts(renderer, items) == [
        "Lee, A. (2019). Gamma. Cognition, 1, 1–2.",
        "Lee, A. (2020a). Alpha. Cognition, 1, 1–2.",
        "Lee, A. (2020b). Beta. Cognition, 1, 1–2.",
    ]


def test_undated_suffixes_are_nd_a_and_nd_b(renderer: CslRenderer) -> None:
    items = [article("x", "Lee", "Second", year=None), article("y", "Lee", "First", year=None)]
    assert [t.split(". ", 2)[1] for t in texts(renderer, items)] == ["(n.d.-a)", "(n.d.-b)"]


def test_different_authors_same_year_get_no_suffix(renderer: CslRenderer) -> None:
    out = texts(renderer, [article("x", "Lee", "One"), article("y", "Li", "Two")])
    assert "(2020)" in out[0] and "(2020)" in out[1]


def test_year_suffix_letters_continue_after_z() -> None:
    assert [year_suffix_letters(i) for i in (0, 1, 25, 26, 27, 52)] == \
        ["a", "b", "z", "aa", "ab", "ba"]


def test_one_bad_item_costs_one_entry(renderer: CslRenderer) -> None:
    # Stock citeproc-py crashes on this date range; without the fix the crash must stay
    # confined to its own entry.
    bad = article("range", "Evans", "Range", year=None,
                  issued={"date-parts": [[2019, 5, 23], [2019, 5, 26]]}, type="speech")
    with disabled("date-range"):
        bibliography = renderer.render([article("a", "Able", "Fine"), bad,
                                        article("z", "Zed", "Also fine")])
    assert [e.id for e in bibliography.entries] == ["a", "z"]
    assert [(f.index, f.id) for f in bibliography.failures] == [(1, "range")]
    assert "TypeError" in bibliography.failures[0].message


def test_ids_differing_only_in_case_do_not_collide(renderer: CslRenderer) -> None:
    out = renderer.render([article("Smith2020", "Smith", "Upper"),
                           article("smith2020", "Smith", "Lower")])
    assert sorted(e.id for e in out.entries) == ["Smith2020", "smith2020"]
    assert sorted(e.text for e in out.entries) == [
        "Smith, A. (2020a). Lower. Cognition, 1, 1–2.",
        "Smith, A. (2020b). Upper. Cognition, 1, 1–2."]


def test_raw_and_string_dates_are_read(renderer: CslRenderer) -> None:
    out = texts(renderer, [article("r", "Raw", "Raw date", year=None,
                                   issued={"raw": "2019-05-03"}),
                           article("s", "Str", "String date", year=None, issued="2018")])
    assert out == ["Raw, A. (2019). Raw date. Cognition, 1, 1–2.",
                   "Str, A. (2018). String date. Cognition, 1, 1–2."]


def test_numbers_and_lists_become_strings(renderer: CslRenderer) -> None:
    item = article("n", "Num", "Numbers", volume=12, issue=3, page="10-12",
                   ISSN=["1234-5678", "8765-4321"])
    assert texts(renderer, [item]) == ["Num, A. (2020). Numbers. Cognition, 12(3), 10–12."]


def test_line_breaks_and_control_characters_collapse(renderer: CslRenderer) -> None:
    item = article("w", "White", "Two\nlines\tand\x07 a bell")
    assert texts(renderer, [item])[0].startswith("White, A. (2020). Two lines and a bell.")


def test_apostrophes_become_typographic_except_in_urls(renderer: CslRenderer) -> None:
    item = article("q", "O'Brien", "Children's 'quoted' words",
                   URL="https://example.org/o'brien")
    text = texts(renderer, [item])[0]
    # Paired quotes are quotation marks, set as double quotes at the outer level: what
    # citeproc-js prints for the Web of Science title "Presumed 'suicidal right
    # ventricle' in a ..." (corpus oracle).
    assert text.startswith("O’Brien, A. (2020). Children’s “quoted” words.")
    assert text.endswith("https://example.org/o'brien")


def test_rich_text_per_format(renderer: CslRenderer) -> None:
    item = article("m", "Ash", "The <i>E. coli</i> genome, H<sub>2</sub>O and <b>bold</b>")
    entry = renderer.render([item]).entries[0]
    assert entry.to("text").startswith("Ash, A. (2020). The E. coli genome, H2O and bold.")
    assert "The <i>E. coli</i> genome, H<sub>2</sub>O and <b>bold</b>." in entry.to("html")
    assert "The *E. coli* genome, H2O and **bold**." in entry.to("markdown")


def test_markup_that_is_not_csl_rich_text_stays_text(renderer: CslRenderer) -> None:
    item = article("h", "Hack", "<script>alert(1)</script> & <a href=x>y</a>")
    entry = renderer.render([item]).entries[0]
    assert "<script>alert(1)</script> & <a href=x>y</a>." in entry.to("text")
    html = entry.to("html")
    assert "<script" not in html and "<a " not in html
    assert "&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;a href=x&#62;y&#60;/a&#62;." \
        in html


def test_formatting_marks_cannot_be_forged_from_data(renderer: CslRenderer) -> None:
    item = article("f", "Forge", "Plain \ue100not italic\ue101 title")
    html = renderer.render([item]).entries[0].to("html")
    assert "Plain not italic title." in html


def test_nocase_span_is_kept_for_citeproc(renderer: CslRenderer) -> None:
    item = article("c", "Case", "x", **{"container-title":
                                        'journal of <span class="nocase">mRNA</span> studies'})
    assert "Journal of mRNA Studies" in texts(renderer, [item])[0]


def test_collation_key_orders_letters_alphabetically() -> None:
    names = ["Zimmerman", "Ødegaard", "Çelik", "O’Connor", "Müller", "Muller", "de la Cruz"]
    assert sorted(names, key=lambda n: (collation_key(n), n)) == [
        "Çelik", "de la Cruz", "Muller", "Müller", "O’Connor", "Ødegaard", "Zimmerman"]


def test_output_is_deterministic(renderer: CslRenderer) -> None:
    items = [article(str(i), f"Name{i % 3}", f"Title {i}") for i in range(12)]
    first = [(e.id, e.to("html")) for e in renderer.render(items).entries]
    assert first == [(e.id, e.to("html")) for e in CslRenderer(load_style())
                     .render(list(reversed(items))).entries]


def test_unknown_style_and_locale_are_errors() -> None:
    with pytest.raises(CslStyleError):
        load_style("/nonexistent/style.csl")
    with pytest.raises(CslStyleError):
        load_style("no-such-style-name")
    with pytest.raises(CslStyleError):
        load_style(locale="xx-NOPE")


def test_another_style_by_name_and_another_locale() -> None:
    harvard = CslRenderer(load_style("harvard-cite-them-right"))
    text = harvard.render([article("h", "Hart", "Styles")]).entries[0].text
    # en-US sets punctuation-in-quote: the comma goes inside the closing quote.
    assert text.startswith("Hart, A. (2020) “Styles,” Cognition, 1, pp. 1–2.")
    british = CslRenderer(load_style("harvard-cite-them-right", locale="en-GB"))
    assert "‘Styles’," in british.render([article("h", "Hart", "Styles")]).entries[0].text
    german = CslRenderer(load_style(locale="de-DE"))
    book = {"id": "b", "type": "book", "title": "Buch", "author": [{"family": "Berg",
            "given": "Ute"}], "editor": [{"family": "Roth", "given": "Eva"}], "publisher": "Verlag"}
    # de-DE terms: "o. J." (no date, with a no-break space) and "Hrsg." (editor).
    assert german.render([book]).entries[0].text == \
        "Berg, U. (o.\u00a0J.). Buch (E. Roth, Hrsg.). Verlag."


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "modern-language-association",
                                   "ieee", "harvard-cite-them-right"])
def test_variables_the_style_never_reads_are_dropped_without_changing_a_byte(style: str) -> None:
    import json

    from conftest import corpus_path

    items: list[dict[str, Any]] = []
    for name in ("items", "extra_items", "extra2"):
        items.extend(json.loads(corpus_path("apa-oracle", f"{name}.json").read_text("utf-8")))
    items.append(article("abs", "Lee", "With an abstract", abstract="Long text",
                         keyword="a, b", note="Extra: x", shortTitle="Short"))
    renderer = CslRenderer(load_style(style))
    assert renderer.variables is not None and "abstract" not in renderer.variables
    assert "abstract" not in renderer.trimmed(items[-1]) and "id" in renderer.trimmed(items[-1])
    trimmed = renderer.render(items)
    renderer.variables = None
    whole = renderer.render(items)
    for fmt in ("text", "html", "markdown"):
        assert [e.to(fmt) for e in trimmed.entries] == [e.to(fmt) for e in whole.entries]
    assert (trimmed.failures, trimmed.omitted) == (whole.failures, whole.omitted)
