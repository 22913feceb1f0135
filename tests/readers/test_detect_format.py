"""Picking a reader by content: each reader's sniff, the choice for a path, and the CLI."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import corpus_path
from risx.plan import reader_class_for
from risx.readers.bibtex import BibtexReader
from risx.readers.csljson import CslJsonReader
from risx.readers.detect import UndetectedFormatReader, sniff, sniffing_formats
from risx.readers.endnote_xml import EndnoteXmlReader
from risx.readers.medline import MedlineReader
from risx.readers.ris import RisReader
from risx.readers.wos import WosReader
from risx.registry import default_registry

RIS = b"Record #1 of 1\r\nTY  - JOUR\r\nTI  - A title\r\nER  - \r\n"
CSL = b'[\n  {"id": "a", "type": "book", "title": "T"}\n]\n'
ENDNOTE = (b'<?xml version="1.0" encoding="UTF-8" ?><xml><records><record><ref-type name="Book">'
           b"6</ref-type><titles><title>T</title></titles></record></records></xml>")
BIBTEX = b"% exported\n\n@Article{key,\n  title = {T},\n}\n"
MEDLINE_XML = b'<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>\n'
MEDLINE = b"\r\nPMID- 123\r\nOWN - NLM\r\nTI  - A title.\r\nFAU - Smith, John\r\nAU  - Smith J\r\n"
ERIC = b"\nOWN - ERIC\nTI  - A title\nAU  - Smith, Tom\nOID - EJ1131633\nISSN - ISSN-1234-4567\n"
WOS = (b"\xef\xbb\xbfFN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\n"
       b"TI A title\nER\n\nEF\n")
WOS_NO_HEADER = b"PT J\nAU Smith, J\n   Doe, A\nTI A title\nSO JOURNAL\nPY 2020\nER\n"
WOS_TABULAR = "PT\tAU\tTI\tSO\r\nJ\tSmith, J\tA title\tJOURNAL\t\r\n".encode("utf-16")


@pytest.mark.parametrize(("head", "reader"), [
    (RIS, RisReader), (CSL, CslJsonReader), (ENDNOTE, EndnoteXmlReader), (BIBTEX, BibtexReader),
    (codecs.BOM_UTF8 + RIS, RisReader), (codecs.BOM_UTF16_LE + RIS.decode().encode("utf-16-le"),
                                         RisReader),
    (BIBTEX.decode().encode("utf-16-le"), BibtexReader),  # no byte-order mark
    (b"\n\n" + ENDNOTE.replace(b"><", b">\n<"), EndnoteXmlReader),
    (MEDLINE, MedlineReader), (ERIC, MedlineReader), (b"PMID- 123\nTI  - not RIS\n", MedlineReader),
    (WOS, WosReader), (WOS_NO_HEADER, WosReader), (WOS_TABULAR, WosReader),
    # RIS and MEDLINE share their two-letter tag lines: a TY line decides.
    (b"TY  - JOUR\nTI  - A title\nAU  - Smith, J\nPY  - 2020\nER  - \n", RisReader),
    (b"TY  - JOUR\nAN  - WOS:000123\nPT  - J\nER  - \n", RisReader),
])
def test_each_format_is_recognised(head: bytes, reader: type) -> None:
    assert sniff(head, default_registry().readers) is reader


@pytest.mark.parametrize("head", [b"hello world\n", MEDLINE_XML, b"\x00\x01\x02binary",
                                  b"PT J\nplain text\n", b"FN a file name\n"])
def test_what_no_reader_recognises(head: bytes) -> None:
    assert sniff(head, default_registry().readers) is None


def test_the_formats_that_are_tried_are_named_once() -> None:
    assert sniffing_formats(default_registry().readers) == ["bibtex", "csl-json", "endnote-xml",
                                                            "medline", "ris", "wos"]


@pytest.mark.parametrize(("name", "data", "reader"), [
    ("export.txt", RIS, RisReader), ("export.txt", BIBTEX, BibtexReader),
    ("library.xml", ENDNOTE, EndnoteXmlReader), ("items.dat", CSL, CslJsonReader),
    ("refs.bib", RIS, BibtexReader),  # a known extension is trusted
    ("empty.txt", b"", RisReader),  # nothing to recognise: the extension's reader says so
    ("pubmed.xml", MEDLINE_XML, UndetectedFormatReader),
    ("notes.txt", b"just some notes\n", UndetectedFormatReader),
    ("pubmed-export.txt", MEDLINE, MedlineReader), ("savedrecs.txt", WOS, WosReader),
    ("pubmed.nbib", MEDLINE, MedlineReader), ("savedrecs.ciw", WOS, WosReader),
    ("refs.isi", WOS_NO_HEADER, WosReader),
])
def test_reader_for_a_path(tmp_path: Path, name: str, data: bytes, reader: type) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert reader_class_for(str(path), None, default_registry()) is reader


def test_from_overrides_the_content(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(BIBTEX)
    assert reader_class_for(str(path), "ris", default_registry()) is RisReader


def risx(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "risx", *args], input=data,
                          capture_output=True, check=False)


@pytest.mark.parametrize("data", [BIBTEX, ENDNOTE, RIS, CSL, MEDLINE, ERIC, WOS, WOS_TABULAR])
def test_standard_input_is_recognised(data: bytes) -> None:
    result = risx("convert", "-", "-t", "csl-json", data=data)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"] == ("T" if data in (BIBTEX, ENDNOTE, CSL)
                                                     else "A title")


def test_an_unrecognised_input_is_an_error_and_the_others_convert(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes\n")
    good = corpus_path("endnote-xml", "endnote19__reflib.xml")
    result = risx("convert", str(notes), str(good), "-t", "csl-json")
    assert result.returncode == 1
    assert len(json.loads(result.stdout)) == 5
    message = result.stderr.decode()
    assert f"{notes}:1: error[FMT001]" in message
    assert "tried bibtex, csl-json, endnote-xml, medline, ris, wos" in message


def test_formats_and_check_know_the_new_readers() -> None:
    listing = risx("formats").stdout.decode()
    for name in ("endnote-xml", "bibtex", "biblatex", "medline", "wos"):
        assert name in listing
    bib = corpus_path("bibtex-exports", "zotero-export__asysd.bib")
    xml = corpus_path("endnote-xml", "endnote17-german-large__kwb.xml")
    result = risx("check", "--format", "json", str(bib), str(xml))
    report = json.loads(result.stdout)
    assert [f["records"] for f in report["files"]] == [1000, 906]
    assert [f["errors"] for f in report["files"]] == [0, 0]
