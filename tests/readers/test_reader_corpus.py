"""The RIS reader on every real file of the test corpus, and the meaning rules.

Files are read from ``tests/corpus/`` (test data under their own licences, several GPL/AGPL,
never part of the package; see its README).

The small inline records in the second half are written for these tests
(each names the corpus file that shows the exporter behaviour it models).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema

from conftest import corpus_path
from risx.csl_item import record_to_csl
from risx.diagnostics import Diagnostic, Severity, collect
from risx.model import Record
from risx.readers.ris import read_ris
from risx.readers.ris.tables import ALIASES, RIS_TYPES

RIS_FOLDERS = ("db-exports", "zotero-ris", "jabref-ris", "rispy", "citation-js-ris", "colrev-ris",
               "pandoc-ris", "seed")


def _corpus(*parts: str) -> Path:
    return corpus_path(*parts)


def read_file(path: Path) -> tuple[list[Record], list[Diagnostic]]:
    found, report = collect()
    with path.open("rb") as stream:
        records = list(read_ris(stream, path.name, report))
    return records, found


def read_text(text: str) -> tuple[list[Record], list[Diagnostic]]:
    found, report = collect()
    records = list(read_ris(io.BytesIO(text.encode("utf-8")), "<test>", report))
    return records, found


def one(text: str) -> Record:
    records, _ = read_text(text)
    assert len(records) == 1
    return records[0]


def ris(ty: str, *lines: str) -> str:
    """A record from ``TAG  - value`` shorthand lines ("AU Doe, J" -> "AU  - Doe, J")."""
    body = "".join(f"{line[:2]}  - {line[3:]}\n" for line in lines)
    return f"TY  - {ty}\n{body}ER  - \n"


def all_ris_files() -> list[Path]:
    files: list[Path] = []
    for folder in RIS_FOLDERS:
        files.extend(sorted(_corpus(folder).rglob("*.ris")))
    return files


# -- every corpus file -------------------------------------------------------------------------


def _manifest() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(
        _corpus("db-exports", "manifest.json").read_text(encoding="utf-8"))
    return entries


def test_db_exports_read_completely() -> None:
    entries = _manifest()
    assert len(entries) == 21
    for entry in entries:
        records, found = read_file(_corpus("db-exports", entry["file"]))
        errors = [d.format() for d in found if d.severity is Severity.ERROR]
        assert not errors, f"{entry['file']}: {errors}"
        assert len(records) == entry["records_TY"], entry["file"]
        assert all(d.line is not None and d.line >= 1 for d in found), entry["file"]


def test_every_corpus_file_reads_without_exception() -> None:
    files = all_ris_files()
    assert len(files) >= 80
    total = 0
    for path in files:
        records, found = read_file(path)
        assert not [d for d in found if d.code == "RIS099"], path  # an interpretation crash
        total += len(records)
    assert total > 1700


def test_csl_json_of_every_corpus_file_is_valid() -> None:
    schema = json.loads(_corpus("csl-schema", "csl-data.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    for path in all_ris_files():
        records, _ = read_file(path)
        items = [record_to_csl(r, f"item{i}") for i, r in enumerate(records)]
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(items)]
        assert not errors, f"{path.name}: {errors[:5]}"


# -- the seed record (issue 2, "How it is checked") ------------------------------------------------


def test_seed_record() -> None:
    records, _ = read_file(_corpus("seed", "troup2022-pure-export.ris"))
    assert len(records) == 1
    record = records[0]
    assert record.type == "article-journal"
    assert record.title == (
        "Clinician perspectives on what constitutes good practice in community services for "
        "people with complex emotional needs: A qualitative thematic meta-synthesis")
    assert record.container_title == "PLoS ONE"
    authors = record.names("author")
    assert len(authors) == 13
    assert (authors[0].family, authors[0].given) == ("Troup", "Jordan")
    assert (authors[-1].family, authors[-1].given) == ("Johnson", "Sonia")
    assert record.issued is not None and record.issued.parts == ((2022, 5, 5),)
    assert record.volume == "17"
    assert record.issue == "5"
    assert record.number == "e0267787"
    assert record.page == ""
    assert record.doi == "10.1371/journal.pone.0267787"
    assert record.issn == ("1932-6203",)
    assert record.pmid == "35511900"
    assert record.abstract.startswith("Introduction The need to improve")
    item = record_to_csl(record, "troup2022")
    assert item["ISSN"] == "1932-6203"
    assert item["PMID"] == "35511900"
    assert item["number"] == "e0267787"
    # The abstract is written once: N2 repeats AB and must not reappear in the note.
    assert json.dumps(item).count("Introduction The need to improve") == 1


# -- type-dependent meanings ------------------------------------------------------------------------


def test_a2_is_editor_of_a_chapter_but_series_editor_of_a_book() -> None:
    chapter = one(ris("CHAP", "AU Doe, John", "A2 Roe, Richard", "TI A chapter", "T2 The book"))
    assert [n.family for n in chapter.names("editor")] == ["Roe"]
    assert chapter.container_title == "The book"
    book = one(ris("BOOK", "AU Doe, John", "A2 Roe, Richard", "TI A book", "T2 A series"))
    assert [n.family for n in book.names("collection-editor")] == ["Roe"]
    assert book.names("editor") == ()
    assert book.collection_title == "A series"
    assert book.container_title == ""


def test_t2_is_the_journal_of_an_article() -> None:
    # Publisher exports (zotero-ris/010.ris, Scopus) carry only T2.
    record = one(ris("JOUR", "TI An article", "T2 Journal of Things"))
    assert record.container_title == "Journal of Things"
    # T2 and JF agree, JO is the abbreviation (zotero-ris/006.ris).
    record = one(ris("JOUR", "TI An article", "T2 Augmentative and Alternative Communication",
                     "JF Augmentative and Alternative Communication", "JO Augment Altern Commun"))
    assert record.container_title == "Augmentative and Alternative Communication"
    assert record.container_title_short == "Augment Altern Commun"


def test_t2_is_a_subtitle_when_jo_names_the_journal() -> None:
    # The seed record (Pure): journal in JO/JF, subtitle in T2.
    record = one(ris("JOUR", "T1 A long title about community services and people", "T2 A review",
                     "JO PLoS ONE", "JF PLoS ONE"))
    assert record.title == "A long title about community services and people: A review"
    assert record.container_title == "PLoS ONE"


def test_t2_of_a_conference_paper() -> None:
    # IEEE-style (colrev-ris/ieee_ris.ris): T2 alone is the proceedings.
    record = one(ris("CONF", "TI A paper", "T2 Proc. of the Conference"))
    assert record.type == "paper-conference"
    assert record.container_title == "Proc. of the Conference"
    # Zotero style: proceedings in C3, conference name in T2.
    record = one(ris("CONF", "TI A paper", "T2 The Conference", "C3 Proceedings of the Conference"))
    assert record.container_title == "Proceedings of the Conference"
    assert record.event_title == "The Conference"


def test_da_wins_over_py_and_y1() -> None:
    # zotero-ris/008.ris: Y1 1900/01/01 loses to DA 1950/01/01.
    record = one(ris("JOUR", "TI T", "Y1 1900/01/01", "DA 1950/01/01"))
    assert record.issued is not None and record.issued.parts == ((1950, 1, 1),)
    # A year-less DA takes PY's year (EndNote, Rayyan).
    record = one(ris("JOUR", "TI T", "PY 2019", "DA Jun"))
    assert record.issued is not None and record.issued.parts == ((2019, 6),)
    # PY 0000 is no date (zotero-ris/010.ris).
    record = one(ris("JOUR", "TI T", "PY 0000"))
    assert record.issued is None


def test_sn_is_issn_or_isbn_by_shape() -> None:
    record = one(ris("JOUR", "TI T", "SN 1999-7777(Electronic),0222-6666(Print)"))
    assert record.issn == ("1999-7777", "0222-6666")
    assert record.isbn == ()
    record = one(ris("BOOK", "TI T", "SN 9783642002304"))  # zotero-ris/007.ris
    assert record.isbn == ("9783642002304",)
    assert record.issn == ()
    record = one(ris("JOUR", "TI T", "SN 2234943X (ISSN)"))  # Scopus
    assert record.issn == ("2234-943X",)


def test_c2_holds_a_pmid_or_a_pmcid() -> None:
    assert one(ris("JOUR", "TI T", "C2 35511900")).pmid == "35511900"  # Pure, Scopus
    record = one(ris("JOUR", "TI T", "C2 PMC9070893"))  # 2011 spec
    assert record.pmcid == "PMC9070893"
    assert record.pmid == ""


def test_article_numbers() -> None:
    assert one(ris("JOUR", "TI T", "C7 104532", "SP 1", "EP 12")).number == "104532"
    record = one(ris("JOUR", "TI T", "M1 e0267787"))
    assert (record.number, record.page) == ("e0267787", "")
    record = one(ris("JOUR", "TI T", "SP 2087980"))  # Dimensions
    assert (record.number, record.page) == ("2087980", "")
    record = one(ris("JOUR", "TI T", "SP 349", "EP 369"))
    assert (record.number, record.page) == ("", "349-369")
    record = one(ris("JOUR", "TI T", "M1 5"))  # a small M1 is not an article number
    assert record.number == ""


def test_issue_with_a_month() -> None:
    assert one(ris("JOUR", "TI T", "IS 5 May")).issue == "5"


def test_dois_with_prefixes_and_several_in_one_value() -> None:
    for value in ("https://doi.org/10.1000/xyz123", "http://dx.doi.org/10.1000/xyz123",
                  "doi:10.1000/xyz123", "DOI: 10.1000/xyz123", "10.1000/xyz123"):
        assert one(ris("JOUR", "TI T", f"DO {value}")).doi == "10.1000/xyz123", value
    record = one(ris("JOUR", "TI T", "DO 10.1000/first 10.1000/second"))
    assert record.doi == "10.1000/first"
    assert "10.1000/second" in "\n".join(record.notes)


def test_keywords_split_on_semicolons() -> None:
    record = one(ris("JOUR", "TI T", "KW alpha; beta;gamma", "KW delta"))
    assert record.keywords == ("alpha", "beta", "gamma", "delta")
    # A comma is not a separator: Zotero keeps "Keyword1, Keyword2, Keyword3" whole.
    assert one(ris("JOUR", "TI T", "KW a, b")).keywords == ("a, b",)


def test_every_ris_type_and_alias_maps_to_a_schema_type() -> None:
    schema = json.loads(_corpus("csl-schema", "csl-data.json").read_text(encoding="utf-8"))
    allowed = set(schema["items"]["properties"]["type"]["enum"])
    assert len(RIS_TYPES) >= 56
    for code in [*RIS_TYPES, *ALIASES]:
        record = one(ris(code, "TI T"))
        assert record.type in allowed, code
    for spelling, expected in (("Journal Article", "article-journal"), ("Chap", "chapter"),
                               ("JOURN", "article-journal"), ("WEB", "webpage"),
                               ("ELEC", "webpage")):
        assert one(ris(spelling, "TI T")).type == expected, spelling


def test_unknown_type_is_a_document_with_a_warning() -> None:
    records, found = read_text(ris("NONSENSE", "TI T"))
    assert records[0].type == "document"
    assert [d.code for d in found] == ["RIS020"]
    assert found[0].line == 1
