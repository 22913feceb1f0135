"""The tagged-line base has the shape MEDLINE and Web of Science need, not only RIS's.

No MEDLINE or WoS reader exists yet; the rows below are what those readers will declare
(``shared/notes/formats-reference.md`` sections 1 and 2), and the tests fold the real files of
``tests/corpus/medline-nbib`` and ``tests/corpus/wos-tagged`` into raw records with them: every
line is a tag line, a continuation or a blank, the records are the ones the corpus manifest
counts, and continued values are joined the way each format joins them.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from conftest import corpus_path
from risx.diagnostics import Diagnostic, DiagnosticSink, collect
from risx.readers.base import ReaderOptions
from risx.readers.ris import RIS_SYNTAX
from risx.readers.tagged import RawRecord, SyntaxCodes, TaggedAssembler, TaggedSyntax
from risx.textio import TextFormat, decode_lines

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _codes(prefix: str) -> SyntaxCodes:
    return SyntaxCodes(*(f"{prefix}{n:03d}" for n in range(10, 18)))


#: Tags MEDLINE writes (formats-reference.md section 1), padded into their 4-character slot;
#: any other tag goes through the lenient pattern.
_MEDLINE_TAGS = ("PMID", "OWN", "STAT", "DA", "DCOM", "LR", "IS", "VI", "IP", "DP", "TI", "PG",
                 "LID", "AB", "CI", "FAU", "AU", "AD", "LA", "PT", "DEP", "PL", "TA", "JT",
                 "JID", "SB", "MH", "OT", "OTO", "EDAT", "MHDA", "CRDT", "PHST", "AID", "PST",
                 "SO", "PMC", "GR", "RN", "CN", "IR", "FIR", "TT", "BTI", "CTI", "ED", "FED",
                 "AUID", "COIS", "CIN", "CON", "EIN", "RIN")

MEDLINE = TaggedSyntax(
    name="MEDLINE",
    tag_width=4,
    separator="- ",
    slots={tag.ljust(4): tag for tag in _MEDLINE_TAGS},
    # Hand-made files break the spacing (PMID-2266423, TI-): the tag, spaces, the dash.
    lenient=re.compile(r"([A-Za-z][A-Za-z0-9]{1,3})( *)- ?(.*)$"),
    gaps=frozenset(),
    pad_tags=True,
    spacing_rule="their tag padded to four characters before the dash",
    record_start=frozenset({"PMID"}),
    record_end=frozenset(),
    codes=_codes("MED"),
    text=TextFormat("MEDLINE", rb"[A-Z][A-Z0-9]{1,3} *- "),
    blank_line_ends_record=True,
    tag_outside_opens_record=True,
    continuation_indent=6,
)

WOS = TaggedSyntax(
    name="Web of Science",
    tag_width=2,
    separator=" ",
    slots={a + b: a + b for a in _UPPER for b in _UPPER + "0123456789"},
    # A tag alone on its line: ER, EF.
    lenient=re.compile(r"([A-Z][A-Z0-9])()()$"),
    gaps=frozenset({""}),
    pad_tags=False,
    spacing_rule="one space after the tag",
    record_start=frozenset({"PT"}),
    record_end=frozenset({"ER"}),
    codes=_codes("WOS"),
    text=TextFormat("Web of Science", rb"[A-Z][A-Z0-9] "),
    frame_tags=frozenset({"FN", "VR", "EF"}),
    continuation_indent=3,
    list_tags=frozenset({"AU", "AF", "BA", "BF", "BE", "CA", "CR", "C1", "C3"}),
)


def assemble(syntax: TaggedSyntax, path: Path) -> tuple[list[RawRecord], list[Diagnostic]]:
    found, report = collect()
    sink = DiagnosticSink(report, path.name)
    lines = decode_lines(io.BytesIO(path.read_bytes()), sink, syntax.text)
    return list(TaggedAssembler(syntax, sink, ReaderOptions()).records(lines)), found


def manifest_inputs(folder: str, skip: set[str]) -> list[tuple[str, int]]:
    manifest = json.loads(corpus_path(folder, "manifest.json").read_text(encoding="utf-8"))
    return [(entry["file"], entry["records"]) for entry in manifest["files"]
            if entry["role"] == "input" and entry["file"] not in skip]


# JabRef's hand-made files with blocks that do not start with PMID: the manifest counts what
# JabRef's importer makes of them (no record, or the block folded into the record before); by
# the rows here each block after a blank line is a record, as ERIC's OWN-first records are
# (which of the two the MEDLINE reader keeps is its decision).
_MEDLINE_WITHOUT_PMID = {"jabref/MedlinePlainImporterTestMultiAbstract.txt": 1,
                         "jabref/MedlinePlainImporterTestMultiTitle.txt": 1,
                         "jabref/MedlinePlainImporterTestMultipleEntries.txt": 7}


@pytest.mark.parametrize(("name", "records"), manifest_inputs("medline-nbib",
                                                               set(_MEDLINE_WITHOUT_PMID)))
def test_medline_files_fold_into_their_records(name: str, records: int) -> None:
    raws, found = assemble(MEDLINE, corpus_path("medline-nbib", *name.split("/")))
    assert len(raws) == records
    # Nothing outside a record, nothing lost: every line is a tag, a continuation or a blank.
    assert [d.code for d in found if d.code in ("MED010", "MED015")] == []


@pytest.mark.parametrize(("name", "records"), sorted(_MEDLINE_WITHOUT_PMID.items()))
def test_a_medline_record_may_start_without_pmid(name: str, records: int) -> None:
    raws, _ = assemble(MEDLINE, corpus_path("medline-nbib", *name.split("/")))
    assert len(raws) == records


def test_medline_continuations_are_joined_with_a_space() -> None:
    raws, found = assemble(MEDLINE, corpus_path("medline-nbib",
                                                "pubmed-2016-mixedcase__reflib.nbib"))
    first = {raw.tag: raw.value for raw in reversed(raws[0].tags)}
    assert first["PMID"] == "27236861"
    assert first["TI"] == ("Prognostic value of preoperative von Willebrand factor plasma "
                           "levels in patients with Glioblastoma.")
    assert first["AB"].startswith("Circulating biomarker for malignant gliomas could improve "
                                  "both differential diagnosis and clinical management")
    assert found == []


def test_medline_tag_lines_of_hand_made_files_are_read() -> None:
    raws, found = assemble(MEDLINE, corpus_path("medline-nbib", "jabref",
                                                "MedlinePlainImporterTestInproceeding.txt"))
    assert raws[0].tags[0][:2] == ("PMID", "22664238")
    assert [d.code for d in found] == []  # PMID-22664238: a full slot needs no padding
    raws, found = assemble(MEDLINE, corpus_path("medline-nbib", "jabref",
                                                "MedlinePlainImporterTestMultiAbstract.txt"))
    assert ("TI", "") in [raw[:2] for raw in raws[0].tags]
    assert [(d.code, d.line) for d in found] == [("MED012", 2)]  # TI-: once per file


# The tab-delimited export is not the tagged format; IEEEImport1.txt is RIS.
_NOT_WOS_TAGGED = {"wos-tabdelimited-utf16__veni-sysrev.txt", "jabref/IEEEImport1.txt"}


#: What the rows report, by file: a damaged header (XX instead of FN) is a tag outside any
#: record; the 4-byte "empty" file holds text.
_WOS_MESSAGES = {"wos-badheader__refsplitr.txt": ["WOS015"],
                 "jabref/IsiImporterTestEmpty.isi": ["WOS010"]}


@pytest.mark.parametrize(("name", "records"), manifest_inputs("wos-tagged", _NOT_WOS_TAGGED))
def test_wos_files_fold_into_their_records(name: str, records: int) -> None:
    raws, found = assemble(WOS, corpus_path("wos-tagged", *name.split("/")))
    assert len(raws) == records
    assert all(raw.tags[0].tag == "PT" for raw in raws)
    # The headers (FN, VR), blank lines and EF are framing, not stray text.
    assert [d.code for d in found] == _WOS_MESSAGES.get(name, [])


def test_wos_list_tags_take_one_item_per_continuation_line() -> None:
    raws, _ = assemble(WOS, corpus_path("wos-tagged", "wos-2018-clarivate__refsplitr.txt"))
    authors = [raw.value for raw in raws[0].tags if raw.tag == "AU"]
    assert authors[:3] == ["Deichmann, JL", "Acevedo-Charry, O", "Barclay, L"]
    assert len(authors) == 15
    orcid = next(raw.value for raw in raws[-1].tags if raw.tag == "OI")
    assert orcid.endswith("Tavares, Valeria/0000-0003-0966-0139")  # a text tag: joined


def test_ris_is_one_more_row() -> None:
    assert RIS_SYNTAX.match("TY  - JOUR") == ("TY", "JOUR", False, False)
    assert RIS_SYNTAX.match("ty - JOUR") == ("TY", "JOUR", True, True)
    assert RIS_SYNTAX.match("PMID  - 123") == ("PMID", "123", False, False)
    assert MEDLINE.match("FAU - Smith, John") == ("FAU", "Smith, John", False, False)
    assert MEDLINE.match("TI-A title") == ("TI", "A title", True, False)
    assert MEDLINE.match("      continued text") is None
    assert WOS.match("PT J") == ("PT", "J", False, False)
    assert WOS.match("ER") == ("ER", "", False, False)
    assert WOS.match("   Acevedo-Charry, O") is None
