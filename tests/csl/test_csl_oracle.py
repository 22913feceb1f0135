"""risx's CSL layer against citeproc-js, the reference CSL processor (Zotero, Mendeley).

The expected entries in ``apa-oracle/*.citeproc-js.json`` were rendered by
citeproc-js 2.4.63 from the same CSL items with the same ``apa.csl`` and
en-US locale that risx bundles (see that directory's SOURCE.md); nothing here
was produced by risx.  Stock citeproc-py agrees on 29 of 45 entries.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import corpus_path
from risx.csl import Bibliography, CslRenderer, load_style

#: Agreement reached on items.json (45 items) in text and in HTML; must not regress.
REACHED = 44
#: The one known difference: citeproc-js reads the report number "2019-04" as a range
#: of numbers and prints "Technical Report Nos. 2019–04"; APA 7 (and risx) print the
#: number as given: "Technical Report 2019-04".
KNOWN_DIFFERENCES = {"report"}


def load_oracle(name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    folder = corpus_path("apa-oracle")
    items = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    oracle = json.loads((folder / f"{name}.citeproc-js.json").read_text(encoding="utf-8"))
    return items, oracle["bib"]


def expected_entries(oracle: dict[str, Any], fmt: str) -> list[tuple[str, str]]:
    entries = []
    for item_id, entry in zip(oracle[fmt]["order"], oracle[fmt]["entries"], strict=True):
        text = entry.strip()
        if fmt == "html":
            text = text.removeprefix('<div class="csl-entry">').removesuffix("</div>")
        entries.append((item_id, text))
    return entries


@pytest.fixture(scope="module")
def rendered() -> dict[str, Bibliography]:
    renderer = CslRenderer(load_style())
    return {name: renderer.render(load_oracle(name)[0])
            for name in ("items", "extra_items", "extra2")}


def agreement(bibliography: Bibliography, expected: list[tuple[str, str]],
              fmt: str) -> tuple[int, list[str]]:
    got = {entry.id: entry.to(fmt) for entry in bibliography.entries}  # type: ignore[arg-type]
    differing = [item_id for item_id, text in expected if got.get(item_id) != text]
    return len(expected) - len(differing), differing


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_agreement_with_citeproc_js(rendered: dict[str, Bibliography], fmt: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    _, oracle = load_oracle("items")
    expected = expected_entries(oracle, fmt)
    agreed, differing = agreement(rendered["items"], expected, fmt)
    with capsys.disabled():
        print(f"\n[{fmt}] agreement with citeproc-js: {agreed}/{len(expected)}; "
              f"different: {differing}")
    assert not rendered["items"].failures
    assert agreed >= REACHED
    assert set(differing) <= KNOWN_DIFFERENCES


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_bibliography_order_is_citeproc_js_order(rendered: dict[str, Bibliography],
                                                 fmt: str) -> None:
    _, oracle = load_oracle("items")
    assert [e.id for e in rendered["items"].entries] == oracle[fmt]["order"]


def test_known_difference_is_the_report_number(rendered: dict[str, Bibliography]) -> None:
    entry = next(e for e in rendered["items"].entries if e.id == "report")
    assert "(Technical Report 2019-04)" in entry.text


@pytest.mark.parametrize("name", ["extra_items", "extra2"])
def test_csl_102_roles_agree_fully(rendered: dict[str, Bibliography], name: str) -> None:
    _, oracle = load_oracle(name)
    expected = expected_entries(oracle, "text")
    _agreed, differing = agreement(rendered[name], expected, "text")
    assert differing == []
    assert [e.id for e in rendered[name].entries] == oracle["text"]["order"]


def test_stock_citeproc_py_is_measurably_worse() -> None:
    """The comparison is meaningful: without risx's layer the same items disagree often."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from risx.csl.engine import PATCHES, disabled
    from risx.csl.style import bundled_file

    items, oracle = load_oracle("items")
    expected = dict(expected_entries(oracle, "text"))
    agreed = 0
    with disabled(*PATCHES), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from citeproc import CitationStylesStyle
        style = CitationStylesStyle(str(bundled_file("apa.csl")), validate=False)
        for item in items:
            bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
            bib.register(Citation([CitationItem(item["id"])]))
            try:
                text = str(bib.bibliography()[0]).strip()
            except Exception:
                continue
            agreed += text == expected[item["id"]]
    print(f"\nstock citeproc-py agreement with citeproc-js: {agreed}/{len(items)}")
    assert agreed < REACHED - 10

