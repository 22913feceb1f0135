"""One test per citeproc-py patch: the fixed behaviour, and the defect when the patch is off.

Items come from the shared APA oracle (rendered by citeproc-js, see
test_csl_oracle.py); each test asserts the citeproc-js text for the part the
patch is about, then disables that one patch and asserts the stock defect.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

from conftest import corpus_path
from risx.csl import CslRenderer, load_style
from risx.csl.engine import PATCHES, disabled, install
from risx.csl.rules import expand_last_page


def oracle_item(item_id: str) -> dict[str, Any]:
    for name in ("items", "extra_items", "extra2"):
        path = corpus_path("apa-oracle", f"{name}.json")
        for item in json.loads(path.read_text(encoding="utf-8")):
            if item["id"] == item_id:
                return dict(item)
    raise KeyError(item_id)


@pytest.fixture(scope="module")
def renderer() -> CslRenderer:
    return CslRenderer(load_style())


def text_of(renderer: CslRenderer, item_id: str) -> str:
    bibliography = renderer.render([oracle_item(item_id)])
    return bibliography.entries[0].text if bibliography.entries else "<failed>"


def test_every_patch_is_installed(renderer: CslRenderer) -> None:
    assert all(patch.installed for patch in PATCHES.values())


def test_disabled_restores_and_reinstalls() -> None:
    with disabled("expanded-page-range"):
        assert not PATCHES["expanded-page-range"].installed
    assert PATCHES["expanded-page-range"].installed
    with pytest.raises(KeyError), disabled("no-such-patch"):
        pass


def test_csl102_variables(renderer: CslRenderer) -> None:
    assert text_of(renderer, "film") == "Jenkins, B. (Director). (2016). Moonlight [Film]. A24."
    with disabled("csl102-variables"):
        assert "Jenkins, B. (Director)" not in text_of(renderer, "film")


def test_date_range(renderer: CslRenderer) -> None:
    assert text_of(renderer, "confpres").startswith("Evans, T. (2019, May 23–26). ")
    assert "(2015–2021, January–May)" in text_of(renderer, "podcast")
    with disabled("date-range"):
        assert text_of(renderer, "confpres") == "<failed>"


def test_substitute_suppresses(renderer: CslRenderer) -> None:
    title = "Editorial: Why we need open data"
    assert text_of(renderer, "noauthor").count(title) == 1
    assert text_of(renderer, "edbook") == (
        "Wilson, A. E., & Ross, M. (Eds.). (2016). Handbook of autobiographical memory: "
        "Theory and method. Guilford Press. https://doi.org/10.1234/handbook.2016")
    with disabled("substitute-suppresses"):
        assert text_of(renderer, "noauthor").count(title) == 2


def test_condition_reads(renderer: CslRenderer) -> None:
    # The editor stands in for no one here, but conditions must still see substituted
    # variables: the proceedings' publisher depends on `if variable="editor"`.
    assert text_of(renderer, "confproc").endswith(
        "(pp. 5998–6008). Curran Associates. https://doi.org/10.5555/3295222.3295349")
    with disabled("condition-reads"):
        assert "Curran Associates" not in text_of(renderer, "confproc")


def test_dynamic_group(renderer: CslRenderer) -> None:
    assert text_of(renderer, "masters") == (
        "Anders, K. (2019). Noise exposure and classroom attention [Master’s thesis, Aarhus "
        "University]. https://repository.example.dk/handle/123")
    with disabled("dynamic-group"):
        assert "(Publication)" in text_of(renderer, "masters")


def test_label_text_case(renderer: CslRenderer) -> None:
    assert "(H. E. Barnes, Trans.)" in text_of(renderer, "sartre")
    with disabled("label-text-case"):
        assert "(H. E. Barnes, trans.)" in text_of(renderer, "sartre")


def test_term_form_fallback(renderer: CslRenderer) -> None:
    assert "[Review of the book Sapiens, by Y. N. Harari]" in text_of(renderer, "review")
    with disabled("term-form-fallback"):
        assert ", by Y. N. Harari" not in text_of(renderer, "review")


def test_expanded_page_range(renderer: CslRenderer) -> None:
    assert "50, 1234–1245." in text_of(renderer, "muller")
    assert expand_last_page("S12", "5") == "S15"
    assert expand_last_page("e101", "e109") == "e109"
    with disabled("expanded-page-range"):
        assert "50, 1234–45." in text_of(renderer, "muller")


def test_cjk_names(renderer: CslRenderer) -> None:
    assert text_of(renderer, "cjk").startswith("王小明, 李华, & Tanaka, H. (2020).")
    with disabled("cjk-names"):
        assert not text_of(renderer, "cjk").startswith("王小明, 李华")


GROUP_PAIR = {"id": "pc2012", "type": "report", "title": "Strengthening trans-Tasman economic "
              "relations", "author": [{"literal": "Australian Government Productivity Commission"},
                                      {"literal": "New Zealand Productivity Commission"}],
              "issued": {"date-parts": [[2012]]}}


def test_group_author_pair(renderer: CslRenderer) -> None:
    # APA 7 9.8 and citeproc-js: two organisations are "A & B", no comma before "&".
    def first(item: dict[str, Any]) -> str:
        return renderer.render([item]).entries[0].text

    assert first(GROUP_PAIR).startswith("Australian Government Productivity Commission & New "
                                        "Zealand Productivity Commission. (2012).")
    people = {**GROUP_PAIR, "author": [{"family": "Doe", "given": "Jane"},
                                       {"family": "Roe", "given": "Rob"}]}
    assert first(people).startswith("Doe, J., & Roe, R. (2012).")
    with disabled("group-author-pair"):
        assert first(GROUP_PAIR).startswith("Australian Government Productivity Commission, &")


def test_thousands_separator(renderer: CslRenderer) -> None:
    patent = {"id": "pat", "type": "patent", "title": "Cognitive training system",
              "author": [{"family": "Hiremath", "given": "S."}], "number": "9,367,538",
              "authority": "U.S.", "issued": {"date-parts": [[2016]]}}
    several = {**patent, "number": "9,367,538, 9,400,001"}

    def text(item: dict[str, Any]) -> str:
        return renderer.render([item]).entries[0].text

    assert "(U.S. Patent No. 9,367,538)" in text(patent)
    assert "Patent Nos." in text(several)
    with disabled("thousands-separator"):
        assert "(U.S. Patent Nos. 9,367,538)" in text(patent)


def test_capitalize_first(renderer: CslRenderer) -> None:
    preprint = {"id": "ax", "type": "article", "title": "Attention is all you need",
                "author": [{"family": "Vaswani", "given": "A."}], "container-title": "arXiv",
                "genre": "preprint", "number": "arXiv:1706.03762",
                "issued": {"date-parts": [[2017]]}}
    text = renderer.render([preprint]).entries[0].text
    assert "(Preprint arXiv:1706.03762)" in text  # the genre still capitalised
    with disabled("capitalize-first"):
        assert "ArXiv:1706.03762" in renderer.render([preprint]).entries[0].text


def test_number_of_volumes(renderer: CslRenderer) -> None:
    handbook = {"id": "hb", "type": "book", "editor": [{"family": "Fiese", "given": "B. H."}],
                "title": "APA handbook of contemporary family psychology",
                "number-of-volumes": "3", "publisher": "American Psychological Association",
                "issued": {"date-parts": [[2019]]}}

    def text() -> str:
        return renderer.render([handbook]).entries[0].text

    assert "APA handbook of contemporary family psychology (Vols. 1–3)." in text()
    with disabled("number-of-volumes"):
        assert "psychology. American" in text()


KALNAY_LIKE = {"id": "many", "type": "article-journal", "title": "Reanalysis", "container-title":
               "Bulletin", "issued": {"date-parts": [[1996]]},
               "author": [{"family": f"Author{n:02d}", "given": "Ann"} for n in range(1, 24)]}


def test_spaced_ellipsis(renderer: CslRenderer) -> None:
    # APA 7 9.8: 21 or more authors: the first 19, ". . .", the last; in the Manual profile's
    # derived style only: apa.csl keeps CSL's ellipsis character, as citeproc-js prints it.
    manual = CslRenderer(load_style("apa-manual"))
    text = manual.render([KALNAY_LIKE]).entries[0].text
    assert "Author19, A., . . . Author23, A. (1996)." in text
    assert "Author20" not in text
    assert "Author19, A., \u2026 Author23, A." in renderer.render([KALNAY_LIKE]).entries[0].text
    with disabled("spaced-ellipsis"):
        assert "\u2026 Author23" in manual.render([KALNAY_LIKE]).entries[0].text


def test_punctuation_seams(renderer: CslRenderer) -> None:
    assert "Can we really inherit trauma? The New York Times." in text_of(renderer, "newspaper")
    html = renderer.render([oracle_item("preprint")]).entries[0].to("html")
    assert "<i>Replication crisis in 2024: Still unresolved?</i> [Preprint]." in html
    with disabled("punctuation-seams"):
        assert "trauma?. The" in text_of(renderer, "newspaper")


def _stock_sorted_families() -> list[str]:
    """citeproc-py's own bibliography sort (used for its citations) on three authors."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from risx.csl.style import bundled_file

    items = [{"id": f"i{n}", "type": "book", "title": "T", "author": [{"family": family,
             "given": "A"}], "issued": {"date-parts": [[2000]]}}
             for n, family in enumerate(["Zimmerman", "Ødegaard", "Çelik"])]
    from citeproc import CitationStylesStyle
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(str(bundled_file("apa.csl")), validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        bib.register(Citation([CitationItem(i["id"]) for i in items]))
        bib.sort()
    return [bib.source[key]["author"][0]["family"] for key in bib.keys]


def test_collation_sort() -> None:
    install()  # as a renderer does: citeproc-py's own sort is the patched one
    assert _stock_sorted_families() == ["Çelik", "Ødegaard", "Zimmerman"]
    with disabled("collation-sort"):
        assert _stock_sorted_families() == ["Zimmerman", "Çelik", "Ødegaard"]


def calls_with_and_without(patch: str, methods: tuple[str, ...], renderer: CslRenderer,
                           monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """How often rendering four oracle items calls ``methods`` of citeproc-py's elements
    with ``patch`` on (caches warm) and off; the output must be the same."""
    import citeproc.model as cm

    items = [oracle_item(i) for i in ("smith2019", "confproc", "webnodate", "edbook")]
    calls = 0

    def counted(name: str) -> Any:
        original = getattr(cm.CitationStylesElement, name)

        def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return original(self, *args, **kwargs)
        return counting

    for name in methods:
        monkeypatch.setattr(cm.CitationStylesElement, name, counted(name), raising=False)
    renderer.render(items)  # warm the caches
    calls = 0
    with_patch = [e.to("html") for e in renderer.render(items).entries]
    calls_with = calls
    with disabled(patch):
        calls = 0
        without_patch = [e.to("html") for e in renderer.render(items).entries]
    assert with_patch == without_patch  # no change in output
    return calls_with, calls


def test_memoised_lookups(renderer: CslRenderer, monkeypatch: pytest.MonkeyPatch) -> None:
    cached, uncached = calls_with_and_without("memoised-lookups", ("xpath",), renderer,
                                              monkeypatch)
    assert cached < 20 < 500 < uncached


def test_static_children_ask_lxml_once_per_element(renderer: CslRenderer,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    listed, asked = calls_with_and_without("static-children", ("iterchildren", "getchildren"),
                                           renderer, monkeypatch)
    # What is left is citeproc-py's own walks (names, substitution, the layout).
    assert listed * 4 < asked


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "harvard-cite-them-right"])
def test_once_per_style_facts_change_no_output(style: str) -> None:
    """The five speed patches only remember what the style says: every oracle item (and the
    corpus records) renders the same with them off, in every output format."""
    items = []
    for name in ("items", "extra_items", "extra2"):
        path = corpus_path("apa-oracle", f"{name}.json")
        items.extend(json.loads(path.read_text(encoding="utf-8")))
    renderer = CslRenderer(load_style(style))
    fast = renderer.render(items)
    with disabled("static-conditions", "plain-elements", "memoised-locale-options",
                  "static-children", "static-text"):
        slow = renderer.render(items)
    for fmt in ("text", "html", "markdown"):
        assert [e.to(fmt) for e in fast.entries] == [e.to(fmt) for e in slow.entries]
    assert (fast.failures, fast.omitted) == (slow.failures, slow.omitted)
