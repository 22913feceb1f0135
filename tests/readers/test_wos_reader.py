"""The Web of Science reader: one fixture per quirk, damaged files, the whole corpus, RIS round
trips.

Fixtures are written inline in the shape the platform's "Plain text file" export writes them
(``FN``/``VR`` header, two-letter tags, three-space continuation lines, ``ER`` after each
record, ``EF`` at the end); the tab-delimited export is taken from the corpus.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import CORPUS, corpus_path
from risx.diagnostics import Diagnostic, collect
from risx.model import Record
from risx.readers.base import ReadFacts
from risx.readers.ris import read_ris
from risx.readers.wos import WosReader, read_wos
from risx.textio import printed
from risx.writers.base import WriterOptions
from risx.writers.csljson import record_to_csl
from risx.writers.ris import RisWriter

FOLDER = CORPUS / "wos-tagged"
HEADER = "FN Clarivate Analytics Web of Science\nVR 1.0\n"

ARTICLE = """\
PT J
AU Smith, JA
   de la Cruz, M
AF Smith, John Andrew
   de la Cruz, Maria
CA Study Grp
TI A STUDY OF THINGS IN THE WORLD THAT GOES ON FOR A LONG TIME AND WRAPS
   ONTO THE NEXT LINE
SO NATURE
J9 NATURE
JI Nature
PD JAN-FEB
PY 2019
VL 12
IS 3
BP 731
EP 739
AR e123
DI 10.1000/XYZ123
SN 0028-0836
EI 1476-4687
LA English
DE cancer; tumour growth
ID NEOPLASMS; GENETICS
AB Background text.
PU NATURE PORTFOLIO
PI BERLIN
PA HEIDELBERGER PLATZ 3, BERLIN, GERMANY
CR Doe J, 2000, J THINGS, V1, P2
   Roe R, 2001, LANCET, V3, P4
NR 2
UT WOS:000123456700001
ER
"""

PROCEEDINGS = """\
PT S
AU Maier, K
TI SOME PROCEEDINGS PAPER
SO PROCEEDINGS OF THE CONF
SE LECTURE NOTES IN STUFF
DT Proceedings Paper
CT 12th Conference on Stuff
CY JUN 01-05, 2018
CL Paris, FRANCE
BN 978-0-00-000000-2
PY 2018
BP 1
EP 10
UT WOS:000999999900002
ER
"""


def document(*records: str) -> bytes:
    return (HEADER + "\n".join(records) + "\nEF\n").encode("utf-8")


def read(data: bytes, name: str = "t.txt") -> tuple[list[Record], list[Diagnostic]]:
    found, report = collect()
    return list(read_wos(io.BytesIO(data), name, report)), found


def one(record: str) -> Record:
    records, found = read(document(record))
    assert len(records) == 1, found
    return records[0]


def codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def unmapped(rec: Record) -> list[tuple[str, str]]:
    return [(raw.tag, raw.value) for raw in rec.unmapped]


# --- quirks -----------------------------------------------------------------------------------


def test_a_core_collection_article() -> None:
    records, found = read(document(ARTICLE))
    assert found == []
    rec = records[0]
    assert (rec.type, rec.source_type) == ("article-journal", "J")
    # continuation joined with a space; the title is kept as written
    assert rec.title == ("A STUDY OF THINGS IN THE WORLD THAT GOES ON FOR A LONG TIME AND "
                         "WRAPS ONTO THE NEXT LINE")
    assert (rec.container_title, rec.container_title_short) == ("Nature", "Nature")  # recased
    assert rec.issued is not None and rec.issued.parts == ((2019, 1), (2019, 2))
    assert (rec.volume, rec.issue, rec.page, rec.number) == ("12", "3", "731-739", "e123")
    assert rec.doi == "10.1000/XYZ123"
    assert rec.issn == ("0028-0836", "1476-4687")
    assert rec.accession_numbers == ("WOS:000123456700001",)
    assert rec.database == "Web of Science Core Collection"
    assert (rec.publisher, rec.publisher_place) == ("Nature Portfolio", "Berlin")
    assert rec.language == "English"
    assert rec.source is not None and rec.source.line == 3


def test_af_full_names_are_preferred_and_ca_is_a_group_author() -> None:
    rec = one(ARTICLE)
    assert [c.name.display() for c in rec.contributors] == [
        "John Andrew Smith", "Maria de la Cruz", "Study Grp"]
    assert rec.contributors[2].name.literal == "Study Grp"


def test_author_keywords_then_keywords_plus() -> None:
    assert one(ARTICLE).keywords == ("cancer", "tumour growth", "NEOPLASMS", "GENETICS")


def test_cited_references_the_address_and_j9_are_kept_not_mapped() -> None:
    kept = unmapped(one(ARTICLE))
    assert ("WoS CR", "Doe J, 2000, J THINGS, V1, P2") in kept
    assert ("WoS CR", "Roe R, 2001, LANCET, V3, P4") in kept
    assert ("WoS PA", "HEIDELBERGER PLATZ 3, BERLIN, GERMANY") in kept
    assert ("WoS J9", "NATURE") in kept


def test_a_proceedings_paper_and_its_conference() -> None:
    rec = one(PROCEEDINGS)
    assert rec.type == "paper-conference"
    assert (rec.container_title, rec.collection_title) == ("Proceedings of the Conf",
                                                           "Lecture Notes in Stuff")
    assert (rec.event_title, rec.event_place) == ("12th Conference on Stuff", "Paris, FRANCE")
    assert rec.event_date is not None
    assert rec.event_date.parts == ((2018, 6, 1), (2018, 6, 5))
    assert rec.isbn == ("978-0-00-000000-2",)
    assert ("WoS DT", "Proceedings Paper") in unmapped(rec)


def test_a_lone_electronic_locator_is_the_article_number() -> None:
    rec = one("PT J\nTI X\nSO J\nVL 13\nIS 2\nPS e0191645\nUT ZOOREC:ZOOR1\nER\n")
    assert (rec.page, rec.number) == ("", "e0191645")


@pytest.mark.parametrize(("pt", "csl"), [("J", "article-journal"), ("B", "book"),
                                         ("P", "patent")])
def test_publication_types(pt: str, csl: str) -> None:
    assert one(f"PT {pt}\nTI X\nPY 2020\nER\n").type == csl


def test_an_unknown_publication_type_is_reported() -> None:
    records, found = read(document("PT K\nTI X\nSO A JOURNAL\nER\n"))
    assert records[0].type == "article-journal"
    assert [(d.code, d.line) for d in found] == [("WOS023", 3)]


def test_an_unknown_tag_is_reported_once_and_kept_in_the_note() -> None:
    records, found = read(document("PT J\nTI A\nZZ odd\nER\n", "PT J\nTI B\nZZ odder\nER\n"))
    assert [(d.code, d.line) for d in found] == [("WOS020", 5)]
    assert [unmapped(r) for r in records] == [[("WoS ZZ", "odd")], [("WoS ZZ", "odder")]]


def test_au_and_af_of_different_lengths() -> None:
    records, found = read(document("PT J\nAU Smith, J\n   Roe, R\nAF Smith, John\nTI A\nER\n"))
    assert [c.name.display() for c in records[0].contributors] == ["J. Smith", "R. Roe"]
    assert codes(found) == ["WOS025"]
    assert ("WoS AF", "Smith, John") in unmapped(records[0])


def test_a_file_without_header_is_read() -> None:
    records, found = read(b"PT J\nTI A\nER\n\nPT J\nTI B\nER\n")
    assert [r.title for r in records] == ["A", "B"] and found == []


def test_the_tab_delimited_utf16_export_and_its_facts() -> None:
    path = corpus_path("wos-tagged", "wos-tabdelimited-utf16__veni-sysrev.txt")
    facts = ReadFacts()
    found, report = collect()
    with path.open("rb") as stream:
        records = list(read_wos(stream, path.name, report, facts=facts))
    assert not [d for d in found if d.severity.value == "error"]
    assert len(records) == 29
    assert all(r.title and r.accession_numbers for r in records)
    assert "UTF-16" in facts.encoding


def test_tagged_facts() -> None:
    facts = ReadFacts()
    list(read_wos(io.BytesIO(document(ARTICLE)), "t.txt", collect()[1], facts=facts))
    assert facts.exporter == "Web of Science"
    assert facts.encoding


@pytest.mark.parametrize(("head", "wos"), [
    (document(ARTICLE), True),
    (b"PT J\nAU Smith, J\nTI A\nER\n", True),
    (b"TY  - JOUR\nTI  - x\nER  - \n", False),
    (b"PMID- 1\nTI  - x\n", False),
])
def test_sniff(head: bytes, wos: bool) -> None:
    assert (WosReader.sniff(head) > 0.5) is wos


# --- damaged files --------------------------------------------------------------------------------

THREE = HEADER + "".join(f"PT J\nTI {t}\nPY 2020\nER\n\n" for t in ("Alpha", "Bravo", "Charlie"))
#: The same with an author whose name shows the file is UTF-8 before any title (line 4).
THREE_UTF8 = THREE.replace("PT J\n", "PT J\nAU M\u00fcller, J\n", 1)


def titles(records: list[Record]) -> list[str]:
    return [r.title for r in records]


@pytest.mark.parametrize("position", [0, 1, 2])
def test_bad_bytes_are_replaced_and_named_by_line(position: int) -> None:
    word = ("Alpha", "Bravo", "Charlie")[position]
    records, found = read(THREE_UTF8.encode().replace(word.encode(), b"Br\xffvo"))
    assert len(records) == 3
    assert [(d.code, d.line) for d in found] == [(printed("TXT002"), 5 + 5 * position)]
    assert "\ufffd" in records[position].title


def test_utf16_without_a_byte_order_mark_is_read_by_guessing() -> None:
    records, found = read(THREE.encode("utf-16-le"))
    assert titles(records) == ["Alpha", "Bravo", "Charlie"]
    assert [(d.code, d.line) for d in found] == [(printed("TXT006"), 1)]


def test_a_nul_byte_is_dropped_and_named_by_line() -> None:
    records, found = read(THREE.replace("Bravo", "Bra\x00vo").encode())
    assert titles(records) == ["Alpha", "Bravo", "Charlie"]
    assert [(d.code, d.line) for d in found] == [(printed("TXT003"), 9)]


def test_binary_data_is_refused_with_nothing_read() -> None:
    records, found = read(b"\x00\x01\x02\x03binary\xff\xfe\x00" * 50)
    assert records == []
    assert [(d.code, d.severity.value) for d in found] == [
        (printed("TXT005"), "error"), (printed("TXT007"), "warning")]


def test_a_file_in_windows_1252_is_read_as_such() -> None:
    records, found = read(THREE.replace("Bravo", "Br\u00e9vo").encode("cp1252"))
    assert titles(records) == ["Alpha", "Br\u00e9vo", "Charlie"]
    assert codes(found) == [printed("TXT001")]


def test_a_file_cut_in_a_record_keeps_what_came_before_and_names_the_cut() -> None:
    data = THREE.encode()
    records, found = read(data[:data.index(b"Charlie") + 3])
    assert titles(records) == ["Alpha", "Bravo", "Cha"]
    assert [(d.code, d.line) for d in found] == [("WOS013", 13)]


@pytest.mark.parametrize("position", [0, 1])
def test_a_record_without_its_end_is_closed_at_the_next_pt(position: int) -> None:
    lines = THREE.splitlines(keepends=True)
    er_lines = [n for n, line in enumerate(lines) if line == "ER\n"]
    del lines[er_lines[position]]
    records, found = read("".join(lines).encode())
    assert titles(records) == ["Alpha", "Bravo", "Charlie"]
    assert [(d.code, d.line) for d in found] == [("WOS013", 3 + 5 * position)]


def test_a_record_cut_in_half_keeps_every_value() -> None:
    # The second record lost its PT line: its lines (and its ER) are outside any record, so
    # they are reported, once, at the first of them; the records around it convert.
    records, found = read(THREE.replace("PT J\nTI Bravo", "TI Bravo").encode())
    assert titles(records) == ["Alpha", "Charlie"]
    assert [(d.code, d.line) for d in found] == [("WOS015", 8)]


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"FN Clarivate Analytics Web of Science\n"
                                  b"VR 1.0\nEF\n"])
def test_nothing_to_read_is_a_diagnostic_not_a_crash(data: bytes) -> None:
    records, found = read(data)
    assert records == [] and found


# --- the corpus ---------------------------------------------------------------------------------

#: Not Web of Science: RIS from IEEE (JabRef's test that the importer refuses it).
NOT_WOS = {"jabref/IEEEImport1.txt"}


def manifest_counts() -> dict[str, int]:
    manifest = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
    return {f["file"]: f["records"] for f in manifest["files"]
            if f["role"] == "input" and f.get("records") and f["file"] not in NOT_WOS}


def corpus_files() -> list[Path]:
    return [FOLDER / name for name in sorted(manifest_counts())]


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_reads_without_errors_and_as_many_records(path: Path) -> None:
    records, found = read(path.read_bytes(), path.name)
    assert not [d for d in found if d.severity.value == "error"], found
    assert len(records) == manifest_counts()[str(path.relative_to(FOLDER))]


@pytest.fixture(scope="module")
def csl_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((CORPUS / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_csl_json_of_every_corpus_file_is_valid(path: Path,
                                                csl_validator: jsonschema.Draft7Validator) -> None:
    records, _ = read(path.read_bytes(), path.name)
    items = [record_to_csl(r, f"id{i}") for i, r in enumerate(records)]
    errors = list(csl_validator.iter_errors(items))
    assert errors == [], errors[:3]


# --- WoS -> RIS -> RIS reader ---------------------------------------------------------------

#: Fields the RIS writer writes and the RIS reader reads back as the same field.
RIS_CARRIED = ("type", "title", "container_title_short", "volume", "page", "number", "publisher",
               "doi", "issn", "isbn", "accession_numbers", "keywords", "abstract", "language")

#: Fields RIS cannot carry the same way in some record types, with the reason (each is
#: checked in every other type, so the list cannot hide a reader bug).
RIS_LIMITS = {
    "container_title": ("paper-conference", "a conference paper's proceedings title is "
                        "written as T2, which the RIS reader takes for the conference name "
                        "(CPAPER table)"),
    "publisher_place": ("paper-conference", "CY of a conference paper is where it was held "
                        "(CPAPER table)"),
    "issue": ("chapter", "a chapter in a numbered series volume (PT S, wos-2012-tm): the RIS "
              "reader's CHAP table has no issue, IS comes back in the note"),
}


def ris_round_trip(records: list[Record]) -> list[Record]:
    out = io.StringIO()
    _, report = collect()
    RisWriter(report, WriterOptions()).write(records, out)
    return list(read_ris(io.BytesIO(out.getvalue().encode("utf-8")), "back.ris", report))


def names(rec: Record) -> list[tuple[str, str]]:
    return [(c.role, " ".join(c.name.display().split())) for c in rec.contributors]


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_wos_to_ris_and_back_gives_the_same_records(path: Path) -> None:
    records, _ = read(path.read_bytes(), path.name)
    back = ris_round_trip(records)
    assert len(back) == len(records)
    for number, (original, again) in enumerate(zip(records, back, strict=True), start=1):
        checked = [*RIS_CARRIED, *(name for name, (kind, _) in RIS_LIMITS.items()
                                   if original.type != kind)]
        for name in checked:
            assert getattr(again, name) == getattr(original, name), (name, number)
        if original.type == "chapter" and original.issue:
            assert again.issue == "" and any(original.issue in n for n in again.notes)
        assert names(again) == names(original), number
        before, after = original.issued, again.issued
        # RIS's DA holds one date: a range comes back as its start.
        assert (before.parts[:1] if before else None) == (after.parts if after else None)
        for raw in original.unmapped:
            assert any(raw.value in note for note in again.notes), (number, raw)
