"""CSL-JSON reader: mapping, line numbers, bad input, round trips, and the APA oracle via the CLI.

The oracle entries (``apa-oracle/*.citeproc-js.json``) were rendered by
citeproc-js 2.4.63 from the same items with the same ``apa.csl``; the other
CSL-JSON inputs are third-party files from the corpus (citation-js and pandoc
test fixtures).  Nothing expected here was produced by risx.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import CORPUS, corpus_path
from risx.cli import main
from risx.diagnostics import Diagnostic, Severity, collect
from risx.model import Date, Name, Record
from risx.readers import csljson
from risx.readers.csljson import CslJsonReader
from risx.readers.ris import read_ris
from risx.registry import default_registry
from risx.writers.base import WriterOptions
from risx.writers.csljson import CslJsonWriter


def read(text: str | bytes, name: str = "items.json") -> tuple[list[Record], list[Diagnostic]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    found, report = collect()
    return list(CslJsonReader().read(io.BytesIO(data), name, report)), found


def one(item: dict[str, Any]) -> Record:
    records, diagnostics = read(json.dumps([item]))
    assert len(records) == 1, diagnostics
    return records[0]


def write_csl(records: list[Record], **options: Any) -> str:
    out = io.StringIO()
    _, report = collect()
    CslJsonWriter(report, WriterOptions(**options)).write(records, out)
    return out.getvalue()


# --- mapping ----------------------------------------------------------------------------

def test_registered_by_name_and_by_extension() -> None:
    registry = default_registry()
    assert registry.readers.get("csl-json") is CslJsonReader
    assert registry.readers.by_extension(".json") is CslJsonReader


def test_fields_names_and_identifiers() -> None:
    record = one({
        "id": "Troup2022", "type": "article-journal",
        "title": "Clinician perspectives", "container-title": "PLoS ONE",
        "journalAbbreviation": "PLoS One", "volume": 17, "issue": "5", "number": "e0267787",
        "author": [{"family": "Troup", "given": "Jo"},
                   {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
                   {"literal": "World Health Organization"}],
        "editor": [{"family": "Lee", "given": "Ann", "suffix": "Jr."}],
        "DOI": "https://doi.org/10.1371/journal.pone.0267787",
        "ISSN": "1932-6203, 1234-567X", "URL": "https://example.org/a",
        "keyword": "care, 46,XX males", "note": "first line\nsecond line",
    })
    assert (record.type, record.source_type, record.source_id) == (
        "article-journal", "article-journal", "Troup2022")
    assert record.title == "Clinician perspectives"
    assert record.container_title_short == "PLoS One"
    assert (record.volume, record.issue, record.number) == ("17", "5", "e0267787")
    assert record.names("author") == (
        Name(family="Troup", given="Jo"),
        Name(family="Gogh", given="Vincent", non_dropping_particle="van"),
        Name(literal="World Health Organization"))
    assert record.names("editor") == (Name(family="Lee", given="Ann", suffix="Jr."),)
    assert record.doi == "10.1371/journal.pone.0267787"
    assert record.issn == ("1932-6203", "1234-567X")
    assert record.urls == ("https://example.org/a",)
    assert record.keywords == ("care", "46,XX males")
    assert record.notes == ("first line\nsecond line",)
    assert record.unmapped == ()


def test_dates_in_every_csl_form() -> None:
    record = one({
        "type": "paper-conference",
        "issued": {"date-parts": [["2019", "5", "23"], [2019, 5, 26]]},
        "accessed": {"raw": "2021-03-04"},
        "original-date": {"literal": "c. 1850"},
        "event-date": {"date-parts": [[2020, 14]]},
        "submitted": {"date-parts": [[2018]], "season": "Winter"},
        "available-date": {"date-parts": [[2022, 13, 40]]},
    })
    assert record.issued == Date(parts=((2019, 5, 23), (2019, 5, 26)))
    assert record.accessed is not None and record.accessed.parts == ((2021, 3, 4),)
    assert record.original_date == Date(raw="c. 1850")
    # citeproc-js writes seasons as months 13-16 (spring..winter).
    assert record.event_date == Date(parts=((2020,),), season=2)
    assert record.submitted == Date(parts=((2018,),), season=4)
    assert record.available_date == Date(parts=((2022,),), season=1)


def test_unknown_variables_are_kept_and_written_back_as_notes() -> None:
    record = one({"type": "book", "title": "T", "dimensions": "24 cm",
                  "categories": ["a", "b"], "custom": {"x": 1}, "citation-number": 3})
    assert record.unmapped == (("dimensions", "24 cm", 0), ("categories", '["a","b"]', 0),
                               ("custom", '{"x":1}', 0), ("citation-number", "3", 0))
    item = json.loads(write_csl([record]))[0]
    assert item["note"] == ('dimensions: 24 cm\ncategories: ["a","b"]\ncustom: {"x":1}\n'
                            "citation-number: 3")


def test_unknown_type_becomes_document_with_a_warning() -> None:
    records, diagnostics = read('[{"id": "a", "type": "journalArticle", "title": "T"}]')
    assert records[0].type == "document" and records[0].source_type == "journalArticle"
    assert [d.code for d in diagnostics] == ["JSN004"]


def test_each_record_knows_the_line_its_item_starts_on() -> None:
    text = '[\n  {"id": "a", "type": "book"},\n\n  {\n    "id": "b",\n    "type": "book"\n  }' \
           ', {"id": "c", "type": "book"}\n]\n'
    records, diagnostics = read(text)
    assert diagnostics == []
    assert [(r.source_id, r.source.line, r.source.file) for r in records] == [
        ("a", 2, "items.json"), ("b", 4, "items.json"), ("c", 7, "items.json")]


def test_items_split_across_read_chunks_give_the_same_records(
        monkeypatch: pytest.MonkeyPatch) -> None:
    items = [{"id": f"i{n}", "type": "book", "title": "Ünïcödé " * (n % 7), "volume": 10 ** n}
             for n in range(40)]
    text = json.dumps(items, indent=1, ensure_ascii=False)
    whole, _ = read(text)
    monkeypatch.setattr(csljson, "CHUNK_SIZE", 7)  # split inside strings, numbers, UTF-8
    chunked, diagnostics = read(text)
    assert diagnostics == []
    assert chunked == whole
    assert [r.volume for r in chunked] == [str(10 ** n) for n in range(40)]


def test_single_item_object_byte_order_mark_and_empty_array() -> None:
    records, diagnostics = read(b"\xef\xbb\xbf" + b'{"id": "x", "type": "book", "title": "T"}')
    assert [r.title for r in records] == ["T"] and diagnostics == []
    records, diagnostics = read("[ ]\n")
    assert records == [] and diagnostics == []


@pytest.mark.parametrize(("text", "code", "line", "kept"), [
    ('[\n{"id": "a", "type": "book"},\n{"id": "b", "type": "book",}\n]', "JSN001", 3, 1),
    ('[\n{"id": "a", "type": "book"}\n{"id": "b"}]', "JSN001", 3, 1),
    ('[{"id": "a", "type": "book"}', "JSN001", 1, 1),
    ('[{"id": "a", "type": "book"}] trailing', "JSN001", 1, 1),
    ("not json", "JSN001", 1, 0),
    ('\n\n"a string"', "JSN002", 3, 0),
    ("", "JSN002", 1, 0),
])
def test_bad_json_is_a_diagnostic_with_a_line_never_a_traceback(
        text: str, code: str, line: int, kept: int) -> None:
    records, diagnostics = read(text)
    assert len(records) == kept
    assert [(d.code, d.line) for d in diagnostics] == [(code, line)]
    assert diagnostics[0].file == "items.json"


def test_non_object_elements_are_skipped_with_a_warning() -> None:
    records, diagnostics = read('[1, {"id": "a", "type": "book"}, "x"]')
    assert [r.source_id for r in records] == ["a"]
    assert [d.code for d in diagnostics] == ["JSN003", "JSN003"]
    assert all(d.severity is Severity.WARNING for d in diagnostics)


def test_invalid_utf8_is_read_with_one_warning() -> None:
    records, diagnostics = read(b'[{"id": "a", "type": "book", "title": "caf\xe9"}]')
    assert records[0].title == "caf\ufffd"
    assert [d.code for d in diagnostics] == ["JSN006"]


# --- real third-party CSL-JSON ----------------------------------------------------------

def third_party_files() -> list[Path]:
    return sorted([*CORPUS.glob("citation-js-ris/input/*.csl.json"),
                   *CORPUS.glob("citation-js-ris/output/*.csl.json"),
                   *CORPUS.glob("pandoc-ris/*.csl.json")])


def test_third_party_files_are_present() -> None:
    corpus_path("citation-js-ris")
    assert len(third_party_files()) >= 10


@pytest.mark.parametrize("path", third_party_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_third_party_csl_json_loses_no_variable(path: Path) -> None:
    """Every variable of the input comes back from our writer, as itself or as a note line."""
    source = json.loads(path.read_text(encoding="utf-8"))
    items = source if isinstance(source, list) else [source]
    records, diagnostics = read(path.read_bytes(), path.name)
    assert not [d for d in diagnostics if d.severity is Severity.ERROR]
    assert len(records) == len(items)
    written = json.loads(write_csl(records))
    for original, item in zip(items, written, strict=True):
        for variable, value in original.items():
            if variable in ("id", "type") or value in ("", [], None):
                continue
            target = csljson.ALIASES.get(variable, variable)
            if target in item:
                if variable == "keyword":
                    # KW-CSL-JOIN may join the same terms with "; " (terms holding commas).
                    assert csljson.split_keywords(item[target]) == \
                        csljson.split_keywords(value), path.name
                elif isinstance(value, str) and variable not in ("DOI", "URL", "ISSN", "ISBN"):
                    assert item[target] == value.strip(), (variable, path.name)
                continue
            assert variable in item.get("note", ""), (variable, path.name)


# --- round trip ---------------------------------------------------------------------------

def ris_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*.ris") if p.is_file())


def test_round_trip_covers_the_corpus() -> None:
    corpus_path("seed")
    assert len(ris_files()) >= 40


@pytest.mark.parametrize("path", ris_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_csl_json_round_trip_is_identical(path: Path) -> None:
    """RIS -> our CSL-JSON -> reader -> our CSL-JSON gives the same bytes."""
    _, report = collect()
    with path.open("rb") as stream:
        records = list(read_ris(stream, path.name, report))
    first = write_csl(records)
    again, diagnostics = read(first)
    assert not [d for d in diagnostics if d.severity is Severity.ERROR]
    assert len(again) == len(records)
    assert write_csl(again) == first


# --- the APA oracle through the command line ------------------------------------------------

ORACLE_SETS = ("items", "extra_items", "extra2")
#: citeproc-js reads the report number "2019-04" as a range ("Nos. 2019–04"); APA 7 and risx
#: print it as given.  See apa-oracle/SOURCE.md.
KNOWN_DIFFERENCES = {"report"}


def oracle(name: str, fmt: str) -> list[str] | None:
    data = json.loads((corpus_path("apa-oracle") / f"{name}.citeproc-js.json")
                      .read_text(encoding="utf-8"))["bib"]
    if fmt not in data:
        return None
    entries = [e.strip() for e in data[fmt]["entries"]]
    if fmt == "html":
        entries = [e.removeprefix('<div class="csl-entry">').removesuffix("</div>")
                   for e in entries]
    return entries


def cli_entries(name: str, fmt: str) -> list[str]:
    path = corpus_path("apa-oracle") / f"{name}.json"
    # apa-csl: the bundled apa.csl without the APA Manual rules (issue 17), as citeproc-js.
    result = CliRunner().invoke(main, ["convert", str(path), "-t",
                                       "apa" if fmt == "text" else "html", "--style", "apa-csl"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if fmt == "text":
        return result.stdout.splitlines()
    # The page's DOI and URL links are not in citeproc-js's HTML: left out of the comparison.
    return [re.sub(r'<a href="[^"]*">|</a>', "",
                   line.strip().removeprefix('<div class="csl-entry">').removesuffix("</div>"))
            for line in result.stdout.splitlines() if 'class="csl-entry"' in line]


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_cli_matches_citeproc_js_on_the_oracle(fmt: str) -> None:
    agreed = total = 0
    differing: list[str] = []
    for name in ORACLE_SETS:
        expected = oracle(name, fmt)
        if expected is None:  # the role probes were rendered as text only
            continue
        got = cli_entries(name, fmt)
        assert len(got) == len(expected), name
        for want, have in zip(expected, got, strict=True):
            total += 1
            if want == have:
                agreed += 1
            else:
                differing.append(want)
    assert total == (50 if fmt == "text" else 45)
    assert agreed >= total - 1, differing
    assert all("(Technical Report Nos. 2019–04)" in entry for entry in differing)


# --- issue 16: values read right (entities, pages, DOIs, U+FFFD) ---------------------------------

def test_replacement_characters_in_valid_utf8_are_reported_as_what_they_are() -> None:
    # Valid UTF-8 holding U+FFFD: damage an earlier tool did, not bytes that are not UTF-8.
    records, diagnostics = read('[{"id": "a", "type": "book",\n "title": "caf\ufffd"}]')
    assert records[0].title == "caf\ufffd"
    assert [(d.code, d.line) for d in diagnostics] == [("JSN007", 2)]
    assert "replacement characters" in diagnostics[0].message


def test_bad_bytes_and_held_replacement_characters_are_told_apart() -> None:
    data = ('[{"id": "a", "type": "book", "title": "\ufffd"},\n'.encode()
            + b'{"id": "b", "type": "book", "title": "caf\xe9"}]')
    records, diagnostics = read(data)
    assert [r.title for r in records] == ["\ufffd", "caf\ufffd"]
    assert [(d.code, d.line) for d in diagnostics] == [("JSN007", 1), ("JSN006", 2)]


def test_values_read_right_from_csl_json() -> None:
    rec = one({"id": "a", "type": "article-journal", "title": "Lasers &amp; optics",
               "container-title": "Sa&uacute;de &amp;amp; Sociedade", "page": "731\u20139",
               "DOI": "10.1175/1520-0477(1996)077<0437:TNYRP>2.0.CO;2",
               "keyword": "Aged; Aged, 80 and over"})
    assert rec.title == "Lasers & optics"  # TEXT-ENTITIES
    assert rec.container_title == "Saúde & Sociedade"  # escaped twice
    assert rec.page == "731-739"  # PAGE-DASH, PAGE-EXPAND
    assert rec.doi == "10.1175/1520-0477(1996)077<0437:TNYRP>2.0.CO;2"  # DOI-SICI
    assert rec.keywords == ("Aged", "Aged, 80 and over")  # KW-CSL-SPLIT
