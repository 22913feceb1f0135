"""What a reader decides about its input (Reader.facts): the encoding and the exporter.

The run layer prints these in ``-v`` and ``check --format json``; the strings are the ones the
summary has always shown, so they are spelled out here.
"""

from __future__ import annotations

import io

import pytest

from conftest import corpus_path
from risx.diagnostics import collect
from risx.readers.base import Reader
from risx.readers.csljson import CslJsonReader
from risx.readers.ris import RisReader, read_ris

RECORD = "TY  - JOUR\r\nTI  - Straße “x”\r\nAU  - Müller, J\r\nER  - \r\n"
UTF8_RECORD = "TY  - JOUR\nTI  - Eins Straße\nER  - \n"


def facts_of(reader: Reader, data: bytes) -> tuple[str, str, str, int]:
    _, report = collect()
    count = sum(1 for _ in reader.read(io.BytesIO(data), "in.ris", report))
    return reader.facts.encoding, reader.facts.exporter, reader.facts.evidence, count


@pytest.mark.parametrize(("data", "encoding"), [
    (RECORD.encode(), "UTF-8"),
    (b"\xef\xbb\xbf" + RECORD.encode(), "UTF-8 (BOM)"),
    (RECORD.encode("cp1252"), "Windows-1252"),
    (RECORD.encode("utf-16"), "UTF-16 (BOM)"),
    (b"\xfe\xff" + RECORD.encode("utf-16-be"), "UTF-16 (BOM)"),
    ((RECORD * 3).encode("utf-16-le"), "UTF-16 (no BOM, guessed)"),
    ("TY  - JOUR\nAU  - Grau‐Andrés, R\n".encode() + b"TI  - bad \xff byte\nER  - \n",
     "UTF-8, damaged lines"),
    (UTF8_RECORD.encode() + b"\xef\xbb\xbf" + UTF8_RECORD.encode(),
     "UTF-8 at the start, files joined (RIS004)"),
    (b"\xef\xbb\xbf" + UTF8_RECORD.encode() + b"\xff\xfe" + (RECORD * 50).encode("utf-16-le"),
     "UTF-8 (BOM) at the start, files joined (RIS004)"),
    (b"\xff\xfe" + RECORD.encode("utf-16-le") + UTF8_RECORD.encode(),
     "UTF-16 at the start, files joined (RIS004)"),
    ((RECORD * 3).encode("utf-16-le") + UTF8_RECORD.encode(),
     "UTF-16 at the start, files joined (RIS004)"),
    # Windows-1252 met after a UTF-16 file joined to UTF-8: the start is named only as 8-bit.
    (UTF8_RECORD.encode() + b"\xff\xfe" + (RECORD * 50).encode("utf-16-le")
     + RECORD.encode("cp1252"), "8-bit text at the start, files joined (RIS004)"),
    (bytes(range(256)) * 40, "not text"),
    (b"<!DOCTYPE html><html><body>error</body></html>\n", "not text"),
    (b"", "UTF-8"),
])
def test_the_ris_reader_names_the_encoding_it_decoded(data: bytes, encoding: str) -> None:
    assert facts_of(RisReader(), data)[0] == encoding


@pytest.mark.parametrize(("data", "encoding"), [
    (b'[{"type": "book", "title": "x"}]', "UTF-8"),
    (b'\xef\xbb\xbf[{"type": "book", "title": "x"}]', "UTF-8 (BOM)"),
    ('[{"type": "book", "title": "x"}]'.encode("utf-16"), "UTF-16 (BOM)"),
    (b"", "UTF-8"),
])
def test_the_csl_json_reader_names_how_its_input_starts(data: bytes, encoding: str) -> None:
    reader = CslJsonReader()
    assert facts_of(reader, data)[:2] == (encoding, "")


@pytest.mark.parametrize(("name", "exporter", "evidence", "records"), [
    ("db-exports/wos__asysd.ris", "Web of Science",
     "N1 containing 'Times Cited in Web of Science' (in 50 of the first 50 records)", 50),
    # 1,000 records: the exporter is the one most of the first 50 show.
    ("db-exports/zotero-export-wos-1000__asysd.ris", "Web of Science via Zotero",
     "N1 containing 'Times Cited in Web of Science', DA ending '//' or '/undefined' "
     "(in 46 of the first 50 records)", 1000),
    # Exports from several databases in one EndNote library: EndNote is the exporter.
    ("db-exports/endnote-export-mixed__asysd.ris", "EndNote",
     "tags in alphabetical order, ID last (in 50 of the first 50 records; sources: Scopus 23, "
     "no source sign 19, PubMed 8)", 69),
    ("db-exports/pubmed-via-endnote__asreview.ris", "PubMed via EndNote",
     "DP 'NLM', tags in alphabetical order, ID last (in 6 of the first 6 records)", 6),
    # No record shows a sign: Ovid's framing lines name it.
    ("db-exports/ovid__synthesisr.ris", "Ovid",
     "'Link to the Ovid Full Text' lines (4 around the first 4 records)", 4),
    ("colrev-ris/psycinfo_ris.ris", "APA PsycNet",
     "'Provider: American Psychological Association' headers (1 around the first 1 records)", 1),
    ("colrev-ris/ieee_ris.ris", "IEEE Xplore", "a VO line, Y1 matching "
     "'(\\d{1,2}(-\\d{1,2})? )?[A-Z][a-z]{2,8}\\.? \\d{4}$' (in 2 of the first 2 records)", 2),
    ("seed/troup2022-pure-export.ris", "Pure", "N1 starting 'Funding Information:' or "
     "'Publisher Copyright:' (in 1 of the first 1 records)", 1),
    ("db-exports/ovid-psycinfo-via-zotero__asreview.ris", "Zotero",
     "DA ending '//' or '/undefined' (in 6 of the first 6 records)", 6),
    ("db-exports/rayyan-export__asreview.ris", "Rayyan",
     "AN starting 'rayyan-' (in 19 of the first 19 records)", 19),
    # EndNote's field labels as values, in EndNote's layout.
    ("zotero-ris/003.ris", "EndNote",
     "tags in alphabetical order, ID last (in 39 of the first 48 records)", 48),
    # A database is not an exporter: no exporter, and the evidence says what DB named.
    ("citation-js-ris/input/010.ris", "", "no exporter's sign; DB/DP names the database "
     "'Library of Congress ISBN' (in 1 of the first 1 records)", 1),
    ("zotero-ris/001.ris", "", "", 1),
])
def test_the_ris_reader_names_the_exporter_and_its_evidence(name: str, exporter: str,
                                                            evidence: str, records: int) -> None:
    data = corpus_path(*name.split("/")).read_bytes()
    assert facts_of(RisReader(), data)[1:] == (exporter, evidence, records)


def test_facts_are_filled_in_for_ris_to_ris_too() -> None:
    from risx.readers.base import ReaderOptions

    data = corpus_path("db-exports", "wos__asysd.ris").read_bytes()
    reader = RisReader(ReaderOptions(source_tags_only=True))
    assert facts_of(reader, data)[:2] == ("UTF-8 (BOM)", "Web of Science")


def _record(number: int) -> str:
    # No ER (a syntax warning, reported when the next TY closes the record) and a date that
    # cannot be read (a mapping warning, reported when the record is mapped).
    return f"TY  - JOUR\nTI  - Record {number}\nPY  - 20x{number}\n"


@pytest.mark.parametrize("count", [3, 50, 51, 120])
def test_reading_ahead_for_the_exporter_keeps_every_message_in_its_place(count: int) -> None:
    # The first 50 records are read before any is mapped: the syntax's messages about them are
    # held back and reported in their place, between the mapping's.
    last = 3 * count + 1  # the ER line of the last record
    text = "".join(_record(n) for n in range(count)) + "ER  - \nstray text\nKW  - lost\n"
    found, report = collect()
    records = list(read_ris(io.BytesIO(text.encode()), "in.ris", report))
    assert [r.title for r in records] == [f"Record {n}" for n in range(count)]
    expected = []
    for n in range(count):
        if n < count - 1:
            expected.append(("RIS012", 1 + 3 * n))
        expected.append(("RIS021", 3 + 3 * n))
    expected += [("RIS010", last + 1), ("RIS014", last + 2)]
    assert [(d.code, d.line) for d in found] == expected


class _InterruptedStream(io.BytesIO):
    """Gives its data, then stops as Ctrl-C would instead of saying it has ended."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads = 0

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        if self.reads > 2:  # the head, the rest, then the read that would find the end
            raise KeyboardInterrupt
        return super().read(size)


def test_messages_held_while_reading_ahead_are_said_when_interrupted() -> None:
    # 40 records, fewer than the sample: the interrupt comes while they are read ahead.
    abstract = "AB  - " + "word " * 400 + "\n"
    text = "stray text\n" + "".join(_record(n) + abstract for n in range(40))
    found, report = collect()
    with pytest.raises(KeyboardInterrupt):
        list(read_ris(_InterruptedStream(text.encode()), "in.ris", report))
    assert [(d.code, d.line) for d in found] == [("RIS010", 1)] + [
        ("RIS012", 2 + 4 * n) for n in range(39)]


BIB = "@article{key, title={Caf\u00e9 “x”}, year={2020}}\n"
ENDNOTE = ('<xml><records><record><ref-type name="Journal Article">17</ref-type>'
           '<titles><title>T</title></titles></record></records></xml>')


@pytest.mark.parametrize(("data", "encoding"), [
    (BIB.encode(), "UTF-8"),
    (b"\xef\xbb\xbf" + BIB.encode(), "UTF-8 (BOM)"),
    (BIB.encode("utf-16"), "UTF-16 (BOM)"),
    (BIB.encode("cp1252"), "Windows-1252"),
])
def test_the_bibtex_reader_names_the_encoding_textio_decided(data: bytes, encoding: str) -> None:
    from risx.readers.bibtex import BibtexReader

    assert facts_of(BibtexReader(), data)[:2] == (encoding, "")


@pytest.mark.parametrize(("data", "encoding"), [
    (ENDNOTE.encode(), "UTF-8"),
    (b"\xef\xbb\xbf" + ENDNOTE.encode(), "UTF-8 (BOM)"),
    (ENDNOTE.encode("utf-16"), "UTF-16 (BOM)"),
])
def test_the_endnote_reader_names_how_its_input_starts(data: bytes, encoding: str) -> None:
    from risx.readers.endnote_xml import EndnoteXmlReader

    reader = EndnoteXmlReader()
    _, report = collect()
    # A file as the run layer opens it (buffered, so its start can be looked at).
    records = list(reader.read(io.BufferedReader(io.BytesIO(data)), "in.xml", report))
    assert (reader.facts.encoding, len(records)) == (encoding, 1)
