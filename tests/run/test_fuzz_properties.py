"""Property tests on random input: RIS-like text built from real tags and corpus values, and bytes.

Kept short (a few hundred examples in all) so the suite stays fast; the long
run is ``fuzz/fuzz_reader.py`` (see ``fuzz/README.md``).  Properties:

* reading never raises, and every diagnostic has a known code and a 1-based line;
* CSL-JSON output is valid JSON and valid against the CSL-JSON schema;
* the RIS writer round-trips (read -> write -> read gives the same records)
  and is idempotent, unless it reported OUT002 (it removed control characters,
  which RIS cannot carry safely).
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, corpus_path, read_text
from risx.diagnostics import CODES, Diagnostic, collect
from risx.model import Record
from risx.readers.ris.tables import ALIASES, KNOWN_TAGS, RIS_TYPES
from risx.writers.csljson import CslJsonWriter
from test_roundtrip import comparable, write_ris

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])

#: A few files from different exporters, for realistic values.
FRAGMENT_FILES = (
    ("db-exports", "wos__asysd.ris"),
    ("db-exports", "ovid__synthesisr.ris"),
    ("db-exports", "scopus-2020__synthesisr.ris"),
    ("db-exports", "endnote-export-mixed__asysd.ris"),
    ("zotero-ris", "003.ris"),
    ("jabref-ris", "RisImporterCorrupted.ris"),
)


@lru_cache(maxsize=1)
def corpus_values() -> list[str]:
    values: set[str] = set()
    for parts in FRAGMENT_FILES:
        path = corpus_path(*parts)
        records, _ = read_text(path.read_bytes(), path.name)
        for record in records:
            values.update(raw.value[:200] for raw in record.raw if raw.value)
    return sorted(values)


@lru_cache(maxsize=1)
def csl_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((CORPUS / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


TAGS = [*sorted(KNOWN_TAGS), "ZZ", "PMID", "XY1"]
TYPES = sorted(RIS_TYPES) + sorted(ALIASES) + ["", "NOPE"]
HOSTILE = ["ER  - ", "TY  - JOUR", "  AU - x", "\ufeff", "\x00", "\u2028", "<script>", "}{\\",
           "\t", "\r", "ti  -", "1. ", "ER  -"]


@st.composite
def ris_like(draw: st.DrawFn) -> bytes:
    values = st.one_of(st.sampled_from(corpus_values()), st.text(max_size=40),
                       st.sampled_from(HOSTILE),
                       st.lists(st.sampled_from(corpus_values() + HOSTILE), max_size=3)
                       .map(" ".join))
    tag = st.sampled_from(TAGS)
    separator = st.sampled_from(["  - ", "  - ", "  - ", " - ", "  -", "\t- ", "   -  "])
    line = st.one_of(
        st.tuples(st.just("TY"), separator, st.sampled_from(TYPES)).map("".join),
        st.tuples(tag, separator, values).map("".join),
        st.tuples(tag.map(str.lower), separator, values).map("".join),
        st.sampled_from(["ER  - ", "", "   ", "Record 1 of 3"]),
        values,
    )
    lines = draw(st.lists(line, max_size=40))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16",
                                     "utf-16-le"]))
    return text.encode(encoding, errors="replace")


def read_checked(data: bytes) -> list[Record]:
    records, diagnostics = read_text(data, "fuzz.ris")
    for diagnostic in diagnostics:
        assert diagnostic.code in CODES
        assert diagnostic.line is not None and diagnostic.line >= 1, diagnostic
        assert diagnostic.file == "fuzz.ris"
    assert "RIS099" not in [d.code for d in diagnostics]  # the mapper never fails on a record
    return records


def csl_json(records: list[Record]) -> tuple[Any, list[Diagnostic]]:
    found, report = collect()
    out = io.StringIO()
    CslJsonWriter(report).write(records, out)
    return json.loads(out.getvalue()), found


def check_all(data: bytes) -> None:
    records = read_checked(data)
    items, _ = csl_json(records)
    assert len(items) == len(records)
    errors = sorted(csl_validator().iter_errors(items), key=str)
    assert errors == [], errors[0].message if errors else ""
    text, written = write_ris(records)
    again = read_checked(text.encode("utf-8"))
    if "OUT002" not in [d.code for d in written]:
        assert [comparable(r) for r in again] == [comparable(r) for r in records]
    assert write_ris(again)[0] == text


@PROPERTY_SETTINGS
@given(ris_like())
def test_ris_like_text(data: bytes) -> None:
    check_all(data)


@PROPERTY_SETTINGS
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    check_all(data)


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(st.sampled_from(TAGS), st.text(max_size=60)), max_size=25))
def test_any_values_round_trip(tags: list[tuple[str, str]]) -> None:
    """Well-formed records with arbitrary values (line breaks, tag look-alikes, controls)."""
    text = "TY  - JOUR\n" + "".join(f"{tag}  - {value}\n" for tag, value in tags) + "ER  - \n"
    check_all(text.encode("utf-8", errors="replace"))


def test_fragments_come_from_the_corpus() -> None:
    assert len(corpus_values()) > 500
    assert (CORPUS / "db-exports" / "wos__asysd.ris").exists()
