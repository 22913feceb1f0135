"""The MEDLINE reader: one fixture per quirk, damaged files, the whole corpus, RIS round trips.

Fixtures are written inline in the shape PubMed's "Save: PubMed format" writes them (tags
padded to four characters, a dash and a space, six-space continuation lines, a blank line
between records); ERIC's records are taken from the corpus.
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
from risx.readers.medline import MedlineReader, read_medline
from risx.readers.ris import read_ris
from risx.textio import printed
from risx.transforms.text import decode_entities
from risx.writers.base import WriterOptions
from risx.writers.csljson import record_to_csl
from risx.writers.ris import RisWriter

FOLDER = CORPUS / "medline-nbib"

ARTICLE = """\
PMID- 31234567
OWN - NLM
STAT- MEDLINE
IS  - 1476-4687 (Electronic)
IS  - 0028-0836 (Print)
VI  - 12
IP  - 3
DP  - 2019 Jan-Feb
TI  - A study of things in the world that goes on for a long time and wraps onto
      the next line.
PG  - 731-9
LID - 10.1000/xyz123 [doi]
AB  - Background text.
FAU - Smith, John Andrew
AU  - Smith JA
AD  - Dept of Things, Univ.
FAU - de la Cruz, Maria
AU  - de la Cruz M
CN  - The Study Group
LA  - eng
PT  - Journal Article
PT  - Review
TA  - Nature
JT  - Nature
MH  - Humans
MH  - *Neoplasms/drug therapy/*genetics
OT  - cancer
PMC - PMC6543210
AID - S0140-6736(19)30000-0 [pii]
AID - 10.1000/xyz123 [doi]
SO  - Nature. 2019 Jan-Feb;12(3):731-9.
"""

CHAPTER = """\
PMID- 20301234
BTI - GeneReviews(R)
DP  - 2018 Spring
FED - Adam, Margaret P
ED  - Adam MP
ISBN- 978-0-00-000000-2
PT  - Book Chapter
TI  - Some chapter
"""


def read(data: bytes, name: str = "t.nbib") -> tuple[list[Record], list[Diagnostic]]:
    found, report = collect()
    return list(read_medline(io.BytesIO(data), name, report)), found


def one(text: str) -> Record:
    records, found = read(text.encode())
    assert len(records) == 1, found
    return records[0]


def codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def unmapped(rec: Record) -> list[tuple[str, str]]:
    return [(raw.tag, raw.value) for raw in rec.unmapped]


# --- quirks -----------------------------------------------------------------------------------


def test_a_journal_article_in_the_shape_pubmed_writes() -> None:
    records, found = read(ARTICLE.encode())
    assert found == []
    rec = records[0]
    assert rec.type == "article-journal"
    # continuation joined with one space, PubMed's closing full stop dropped
    assert rec.title == ("A study of things in the world that goes on for a long time and "
                         "wraps onto the next line")
    assert (rec.container_title, rec.container_title_short) == ("Nature", "Nature")
    assert (rec.volume, rec.issue) == ("12", "3")
    assert rec.doi == "10.1000/xyz123"
    assert (rec.pmid, rec.pmcid) == ("31234567", "PMC6543210")
    assert rec.issn == ("1476-4687", "0028-0836")  # without (Electronic)/(Print)
    assert rec.language == "eng"
    assert rec.abstract == "Background text."
    assert rec.source is not None and rec.source.line == 1


def test_fau_au_pairs_are_one_person_with_the_full_name_and_cn_is_collective() -> None:
    rec = one(ARTICLE)
    assert [(c.role, c.name.display()) for c in rec.contributors] == [
        ("author", "John Andrew Smith"), ("author", "Maria de la Cruz"),
        ("author", "The Study Group")]
    assert rec.contributors[1].name.non_dropping_particle == "de la"
    assert rec.contributors[2].name.literal == "The Study Group"


def test_an_affiliation_is_kept_under_the_author_it_follows() -> None:
    assert ("MEDLINE AD (Smith, John Andrew)", "Dept of Things, Univ.") in unmapped(one(ARTICLE))


def test_mesh_terms_keep_qualifiers_and_major_markers_before_ot_keywords() -> None:
    assert one(ARTICLE).keywords == ("Humans", "*Neoplasms/drug therapy/*genetics", "cancer")


def test_publication_types_and_the_pii_and_source_line_stay_in_the_note() -> None:
    kept = unmapped(one(ARTICLE))
    assert ("MEDLINE PT", "Journal Article") in kept and ("MEDLINE PT", "Review") in kept
    assert ("MEDLINE AID", "S0140-6736(19)30000-0 [pii]") in kept
    assert ("MEDLINE SO", "Nature. 2019 Jan-Feb;12(3):731-9.") in kept


@pytest.mark.parametrize(("dp", "parts", "season"), [
    ("2019 Jan-Feb", ((2019, 1), (2019, 2)), None),
    ("2018 Spring", ((2018,),), 1),
    ("2021 Dec 15", ((2021, 12, 15),), None),
    ("2020", ((2020,),), None),
])
def test_dp_dates(dp: str, parts: tuple[tuple[int, ...], ...], season: int | None) -> None:
    rec = one(f"PMID- 1\nDP  - {dp}\nTI  - T\n")
    assert rec.issued is not None
    assert (rec.issued.parts, rec.issued.season) == (parts, season)


def test_a_book_chapter_with_its_book_editor_and_isbn() -> None:
    rec = one(CHAPTER)
    assert rec.type == "chapter"
    assert (rec.title, rec.container_title) == ("Some chapter", "GeneReviews(R)")
    assert [(c.role, c.name.display()) for c in rec.contributors] == [
        ("editor", "Margaret P. Adam")]
    assert rec.isbn == ("978-0-00-000000-2",)


def test_pmid_opens_each_record_without_an_end_tag() -> None:
    records, found = read((ARTICLE + "\n" + CHAPTER).encode())
    assert found == [] and [r.pmid for r in records] == ["31234567", "20301234"]
    assert [r.source.line for r in records if r.source] == [1, 33]


def test_an_unknown_tag_is_reported_once_and_kept_in_the_note() -> None:
    records, found = read(b"PMID- 1\nTI  - A\nXYZ - odd\n\nPMID- 2\nTI  - B\nXYZ - odder\n")
    assert [(d.code, d.line) for d in found] == [("MED020", 3)]
    assert [unmapped(r) for r in records] == [[("MEDLINE XYZ", "odd")],
                                              [("MEDLINE XYZ", "odder")]]


def test_eric_records_and_their_exporter() -> None:
    path = corpus_path("medline-nbib", "colrev", "eric_nbib.nbib")
    facts = ReadFacts()
    found, report = collect()
    with path.open("rb") as stream:
        records = list(read_medline(stream, path.name, report, facts=facts))
    assert found == []
    assert len(records) == 1 and records[0].pmid == ""
    assert records[0].accession_numbers and records[0].accession_numbers[0].startswith("E")
    assert (facts.exporter, facts.evidence) == ("ERIC", "OWN - ERIC in the first record")
    assert facts.encoding


def test_a_pmc_id_without_its_prefix_gets_it() -> None:
    assert one("PMID- 1\nTI  - T\nPMC -22664230\n").pmcid == "PMC22664230"


def test_pubmed_facts() -> None:
    facts = ReadFacts()
    list(read_medline(io.BytesIO(ARTICLE.encode()), "t.nbib", collect()[1], facts=facts))
    assert (facts.exporter, facts.evidence) == ("PubMed", "the first record starts with PMID-")


@pytest.mark.parametrize(("head", "expected"), [
    (ARTICLE.encode(), 0.95),
    (b"TY  - JOUR\nTI  - x\nER  - \n", 0.0),
    (b"FAU - Smith, J\nSTAT- MEDLINE\n", 0.85),
    (b"PT J\nAU Smith, J\nER\n", 0.0),
])
def test_sniff(head: bytes, expected: float) -> None:
    assert MedlineReader.sniff(head) == expected


# --- damaged files --------------------------------------------------------------------------------

THREE = "".join(f"PMID- {n}\nTI  - {t}\nDP  - 2020\n\n"
                for n, t in ((1, "Alpha"), (2, "Bravo"), (3, "Charlie")))
#: The same with an author whose name shows the file is UTF-8 before any title (line 2).
THREE_UTF8 = THREE.replace("PMID- 1\n", "PMID- 1\nFAU - M\u00fcller, J\u00fcrgen\n", 1)


def titles(records: list[Record]) -> list[str]:
    return [r.title for r in records]


@pytest.mark.parametrize("position", [0, 1, 2])
def test_bad_bytes_are_replaced_and_named_by_line(position: int) -> None:
    word = ("Alpha", "Bravo", "Charlie")[position]
    data = THREE_UTF8.encode().replace(word.encode(), b"Br\xffvo")
    records, found = read(data)
    assert len(records) == 3
    line = 3 + 4 * position
    assert [(d.code, d.line) for d in found] == [(printed("TXT002"), line)]
    assert "\ufffd" in records[position].title


def test_utf16_without_a_byte_order_mark_is_read_by_guessing() -> None:
    records, found = read(THREE.encode("utf-16-le"))
    assert titles(records) == ["Alpha", "Bravo", "Charlie"]
    assert [(d.code, d.line) for d in found] == [(printed("TXT006"), 1)]


def test_a_nul_byte_is_dropped_and_named_by_line() -> None:
    records, found = read(THREE.replace("Bravo", "Bra\x00vo").encode())
    assert titles(records) == ["Alpha", "Bravo", "Charlie"]
    assert [(d.code, d.line) for d in found] == [(printed("TXT003"), 6)]


def test_binary_data_is_refused_with_nothing_read() -> None:
    records, found = read(b"\x00\x01\x02\x03binary\xff\xfe\x00" * 50)
    assert records == []
    assert [(d.code, d.severity.value) for d in found] == [
        (printed("TXT005"), "error"), (printed("TXT007"), "warning")]


def test_a_file_in_windows_1252_is_read_as_such() -> None:
    records, found = read(THREE.replace("Bravo", "Br\u00e9vo").encode("cp1252"))
    assert titles(records) == ["Alpha", "Br\u00e9vo", "Charlie"]
    assert codes(found) == [printed("TXT001")]


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    records, found = read(b"\xff\xfe" + THREE.encode("utf-16-le"))
    assert titles(records) == ["Alpha", "Bravo", "Charlie"] and found == []


def test_a_file_cut_in_a_record_keeps_what_came_before() -> None:
    data = THREE.encode()
    records, found = read(data[:data.index(b"Charlie") + 3])
    assert titles(records) == ["Alpha", "Bravo", "Cha"]
    assert found == []  # MEDLINE has no end tag: a short last record is still a record


def test_a_record_that_lost_its_first_line_is_still_a_record() -> None:
    # After a blank line any tag opens a record (ERIC's records start with OWN, not PMID).
    records, found = read(THREE.replace("PMID- 2\n", "").encode())
    assert [(r.pmid, r.title) for r in records] == [("1", "Alpha"), ("", "Bravo"),
                                                    ("3", "Charlie")]
    assert [r.source.line for r in records if r.source] == [1, 5, 8]
    assert found == []


def test_a_record_cut_in_half_by_a_lost_blank_line_keeps_every_value() -> None:
    # Two records run together: the second's single fields are reported and kept in the note.
    records, found = read(THREE.replace("DP  - 2020\n\nPMID- 2\n", "DP  - 2020\n").encode())
    assert [(r.pmid, r.title) for r in records] == [("1", "Alpha"), ("3", "Charlie")]
    assert [(d.code, d.line) for d in found] == [("MED024", 4), ("MED024", 5)]
    assert [value for tag, value in unmapped(records[0])] == ["Bravo", "2020"]


def test_a_line_without_tag_or_indent_is_read_as_a_continuation_and_named() -> None:
    records, found = read(b"PMID- 1\nTI  - Alpha\nstray words\nDP  - 2020\n\nPMID- 2\nTI  - B\n")
    assert [(d.code, d.line) for d in found] == [("MED023", 3)]
    assert titles(records) == ["Alpha stray words", "B"]


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"<html><body>PubMed</body></html>\n"])
def test_nothing_to_read_is_a_diagnostic_not_a_crash(data: bytes) -> None:
    records, found = read(data)
    assert records == [] and found


# --- the corpus ---------------------------------------------------------------------------------


#: JabRef's hand-made files with blocks that do not start with PMID: the manifest counts what
#: JabRef's importer makes of them; the reader keeps every block after a blank line as a
#: record (nothing dropped), as tests/readers/test_tagged_syntax.py folds them.
WITHOUT_PMID = {"jabref/MedlinePlainImporterTestMultiAbstract.txt": 1,
                "jabref/MedlinePlainImporterTestMultiTitle.txt": 1,
                "jabref/MedlinePlainImporterTestMultipleEntries.txt": 7}


def manifest_counts() -> dict[str, int]:
    manifest = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
    counts = {f["file"]: f["records"] for f in manifest["files"]
              if f["role"] == "input" and f.get("records")}
    return counts | WITHOUT_PMID


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


# --- MEDLINE -> RIS -> RIS reader ------------------------------------------------------------

#: Fields the RIS writer writes and the RIS reader reads back as the same field.
RIS_CARRIED = ("type", "title", "container_title", "container_title_short", "volume", "issue",
               "page", "publisher", "doi", "issn", "isbn", "keywords", "abstract", "language",
               "pmid", "pmcid")


def ris_round_trip(records: list[Record]) -> list[Record]:
    out = io.StringIO()
    _, report = collect()
    RisWriter(report, WriterOptions()).write(records, out)
    return list(read_ris(io.BytesIO(out.getvalue().encode("utf-8")), "back.ris", report))


def names(rec: Record) -> list[tuple[str, str]]:
    # The RIS reader reads a no-break space in a name as a space ("EFSA Panel\u00a0on ...",
    # pubmed-2019-nonenglish__p1m-ortho.nbib): compared with spaces made plain.
    return [(c.role, " ".join(c.name.display().split())) for c in rec.contributors]


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_medline_to_ris_and_back_gives_the_same_records(path: Path) -> None:
    records, _ = read(path.read_bytes(), path.name)
    back = ris_round_trip(records)
    assert len(back) == len(records)
    for number, (original, again) in enumerate(zip(records, back, strict=True), start=1):
        for name in RIS_CARRIED:
            assert getattr(again, name) == getattr(original, name), (name, number)
        assert names(again) == names(original), number
        before, after = original.issued, again.issued
        # RIS's DA holds one date: a range comes back as its start.
        assert (before.parts[:1] if before else None) == (after.parts if after else None)
        for raw in original.unmapped:
            # The RIS reader decodes character references in notes (TEXT-ENTITIES, issue 16).
            value = decode_entities(raw.value)
            assert any(value in note for note in again.notes), (number, raw)
