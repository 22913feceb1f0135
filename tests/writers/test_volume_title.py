"""A volume's own title (CSL ``volume-title``): read from CSL-JSON and from biblatex's
``maintitle`` + ``booktitle``, rendered by APA as the Manual writes it (10.3: ``Handbook: Vol. 1.
Volume title``), and kept by every writer: biblatex's fields, a labelled note where a format
has no field (BibTeX, RIS, Hayagriva)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from risx import api
from risx.model import Record

CHAPTER: dict[str, Any] = {
    "id": "leong2019", "type": "chapter", "author": [{"family": "Leong", "given": "Frederick T. L."}],
    "editor": [{"family": "Fiese", "given": "Barbara H."}], "title": "Cultural diversity in families",
    "container-title": "APA handbook of contemporary family psychology", "volume": "1",
    "volume-title": "Foundations, methods, and contemporary issues across the lifespan",
    "page": "459-476", "publisher": "American Psychological Association",
    "issued": {"date-parts": [[2019]]}}
VOLUME = "Foundations, methods, and contemporary issues across the lifespan"
APA = ("Leong, F. T. L. (2019). Cultural diversity in families. In B. H. Fiese (Ed.), APA "
       "handbook of contemporary family psychology: Vol. 1. Foundations, methods, and "
       "contemporary issues across the lifespan (pp. 459–476). American Psychological "
       "Association.\n")


def read(text: str, format: str) -> Record:
    records = api.read(io.BytesIO(text.encode("utf-8")), format=format)
    assert len(records) == 1
    return records[0]


def written(record: Record, format: str) -> str:
    out = io.StringIO()
    api.write([record], format, out)
    return out.getvalue()


@pytest.fixture()
def record() -> Record:
    return read(json.dumps([CHAPTER]), "csl-json")


def test_csl_json_keeps_it_as_a_field(record: Record) -> None:
    assert record.volume_title == VOLUME
    assert not record.unmapped
    item = json.loads(written(record, "csl-json"))[0]
    assert item["volume-title"] == VOLUME and "note" not in item


def test_apa_prints_the_volume_after_the_work(record: Record) -> None:
    assert written(record, "apa") == APA


def test_biblatex_writes_maintitle_and_booktitle_and_reads_them_back(record: Record) -> None:
    bib = written(record, "biblatex")
    assert "maintitle = {APA handbook of contemporary family psychology}" in bib
    assert f"booktitle = {{{VOLUME}}}" in bib
    assert "annotation" not in bib
    again = read(bib, "bibtex")
    assert (again.container_title, again.volume_title) == (
        "APA handbook of contemporary family psychology", VOLUME)
    assert written(again, "apa") == APA


@pytest.mark.parametrize(("format", "line"), [
    ("bibtex", f"annote = {{volume title: {VOLUME}}}"),
    ("ris", f"N1  - volume-title: {VOLUME}"),
    ("hayagriva", f"Volume title: {VOLUME}"),
])
def test_formats_without_a_field_keep_it_in_the_note(record: Record, format: str,
                                                     line: str) -> None:
    assert line in written(record, format)
