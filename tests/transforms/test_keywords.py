"""Keyword boundaries (risx.transforms.keywords: KW-CSL-JOIN, KW-CSL-SPLIT, KW-BIB, KW-RIS),
with made-up MeSH/EMTREE-shaped terms (issue 16, item 1), and the round trip through
CSL-JSON, BibTeX and RIS."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risx.diagnostics import collect
from risx.model import Record, SourceLocation
from risx.readers.bibtex import read_bibtex
from risx.readers.csljson import CslJsonReader
from risx.readers.ris import read_ris
from risx.transforms.keywords import (
    join_bibtex_keywords,
    join_csl_keywords,
    split_bibtex_keywords,
    split_csl_keywords,
)
from risx.writers.base import WriterOptions
from risx.writers.bibtex import BibtexWriter
from risx.writers.csljson import CslJsonWriter
from risx.writers.ris import RisWriter

MESH = ("Aged", "Aged, 80 and over", "Anastomosis, Surgical/methods", "Humans")


def test_csl_joins_with_semicolons_when_a_term_has_a_comma() -> None:
    assert join_csl_keywords(MESH) == ("Aged; Aged, 80 and over; Anastomosis, Surgical/methods; "
                                      "Humans")
    assert join_csl_keywords(("Aged", "Humans")) == "Aged, Humans"  # as Zotero writes it
    assert join_csl_keywords(("Aged, 80 and over",)) == "Aged, 80 and over;"
    assert split_csl_keywords("Aged, 80 and over;") == ["Aged, 80 and over"]


@pytest.mark.parametrize(("text", "terms"), [
    ("Aged; Aged, 80 and over; Humans", ["Aged", "Aged, 80 and over", "Humans"]),
    ("Aged, Humans", ["Aged", "Humans"]),  # Zotero's join
    ("46,XX males, sex", ["46,XX males", "sex"]),  # a comma without a space stays inside
])
def test_csl_split(text: str, terms: list[str]) -> None:
    assert split_csl_keywords(text) == terms


def test_bibtex_braces_a_term_with_a_comma() -> None:
    assert join_bibtex_keywords(MESH, str) == ("Aged, {Aged, 80 and over}, "
                                              "{Anastomosis, Surgical/methods}, Humans")


@pytest.mark.parametrize(("latex", "terms"), [
    ("Aged, {Aged, 80 and over}, Humans", ["Aged", "Aged, 80 and over", "Humans"]),
    ("alpha, beta; gamma", ["alpha", "beta", "gamma"]),
    ("{DNA} repair, x", ["{DNA} repair", "x"]),  # braces inside a term stay for the LaTeX
    ("a\\, b, c", ["a\\, b", "c"]),
])
def test_bibtex_split(latex: str, terms: list[str]) -> None:
    assert split_bibtex_keywords(latex) == terms


def _record(keywords: tuple[str, ...]) -> Record:
    return Record(type="article-journal", title="T", keywords=keywords,
                  source=SourceLocation("t.ris", 1))


def _through_csl_json(record: Record) -> tuple[str, ...]:
    out = io.StringIO()
    found, report = collect()
    CslJsonWriter(report, WriterOptions()).write([record], out)
    (item,) = json.loads(out.getvalue())
    (back,) = CslJsonReader().read(io.BytesIO(out.getvalue().encode()), "t.json", report)
    assert not [d for d in found if d.code != "CSL001"], found
    assert isinstance(item["keyword"], str)
    return back.keywords


def _through_bibtex(record: Record) -> tuple[str, ...]:
    out = io.StringIO()
    found, report = collect()
    BibtexWriter(report, WriterOptions()).write([record], out)
    (back,) = read_bibtex(io.BytesIO(out.getvalue().encode()), "t.bib", report)
    assert not found, found
    return back.keywords


def _through_ris(record: Record) -> tuple[str, ...]:
    out = io.StringIO(newline="")
    found, report = collect()
    RisWriter(report, WriterOptions()).write([record], out)
    assert out.getvalue().count("\nKW  - ") == len(record.keywords)  # KW-RIS: one per term
    (back,) = read_ris(io.BytesIO(out.getvalue().encode()), "t.ris", report)
    assert not found, found
    return back.keywords


@pytest.mark.parametrize("through", [_through_csl_json, _through_bibtex, _through_ris])
def test_mesh_terms_survive_every_format(through: object) -> None:
    assert callable(through)
    assert through(_record(MESH)) == MESH


# No "-": "--" in BibTeX text is an en dash to LaTeX, a matter of the writer's escaping.
_WORD = st.text("abcXYZé019/()", min_size=1, max_size=6)
_TERM = st.lists(_WORD, min_size=1, max_size=4).flatmap(
    lambda words: st.lists(st.sampled_from([" ", ", "]), min_size=len(words) - 1,
                           max_size=len(words) - 1).map(
        lambda seps: "".join(w + s for w, s in zip(words, [*seps, ""], strict=True))))


@settings(max_examples=60, deadline=None)
@given(st.lists(_TERM, min_size=1, max_size=5, unique=True))
def test_keyword_joining_round_trips(keywords: list[str]) -> None:
    record = _record(tuple(keywords))
    assert _through_csl_json(record) == record.keywords
    assert _through_bibtex(record) == record.keywords
    assert _through_ris(record) == record.keywords
