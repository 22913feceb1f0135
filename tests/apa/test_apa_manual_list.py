"""A reference list built from the Publication Manual's chapter 10 example types (journal
articles with and without DOIs and article numbers, 21+ authors, group authors, books,
edited books, chapters, proceedings in books and in journals, theses published and
unpublished, reports with numbers, data sets, webpages with and without dates, preprints,
a press release, dictionary entries): tests/apa_manual/list.json.

Each expected line was written by hand from the Manual's rules for that type (its
"section"), with the bibliographic data of real publications where there is one, and
never produced by risx.  The Manual profile (rules + derived style) must print every one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from risx.apa.profile import profile_for
from risx.csl import CslRenderer, load_style

LIST = Path(__file__).resolve().parent / "apa_manual" / "list.json"


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(LIST.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def rendered(entries: list[dict[str, Any]]) -> dict[str, str]:
    profile = profile_for(None)
    assert profile.rules is not None
    items = [profile.rules.apply(entry["item"]) for entry in entries]
    bibliography = CslRenderer(load_style(profile.style)).render(items)
    assert not bibliography.failures and not bibliography.omitted
    return {entry.id: entry.to("text") for entry in bibliography.entries}


def test_the_list_covers_the_manuals_example_types(entries: list[dict[str, Any]]) -> None:
    assert len(entries) >= 60
    sections = {entry["section"].split()[0] for entry in entries}
    assert {"10.1", "10.2", "10.3", "10.4", "10.5", "10.6", "10.8", "10.9", "10.16"} <= sections
    types = {entry["item"]["type"] for entry in entries}
    assert {"article-journal", "book", "chapter", "report", "paper-conference", "thesis",
            "dataset", "webpage", "article", "entry-dictionary"} <= types


def test_every_entry_as_the_manual_writes_it(entries: list[dict[str, Any]],
                                             rendered: dict[str, str]) -> None:
    wrong = {entry["item"]["id"]: (rendered.get(entry["item"]["id"]), entry["expected"])
             for entry in entries if rendered.get(entry["item"]["id"]) != entry["expected"]}
    assert not wrong, "\n".join(f"{key}:\n  got      {got}\n  expected {want}"
                                for key, (got, want) in wrong.items())
