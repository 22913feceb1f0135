"""``-t docx``: read back with python-docx (paragraphs, runs, italics, indent, links) and
converted to PDF by the real LibreOffice (``soffice``, installed by scripts/install-test-tools),
whose text (``pdftotext``) must hold every entry."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches

from conftest import corpus_path
from risx.cli import main
from risx.model import Contributor, Date, Name, Record, SourceLocation
from test_injection import HOSTILE_RIS

SEED = ("seed", "troup2022-pure-export.ris")
EBSCO = ("db-exports", "ebsco-academic-search-premier__synthesisr.ris")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def convert(tmp_path: Path, *inputs: str, options: tuple[str, ...] = (),
            name: str = "refs.docx") -> Path:
    target = tmp_path / name
    result = CliRunner().invoke(main, ["convert", "-q", *inputs, "-t", "docx", *options,
                                       "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: run scripts/install-test-tools"
    return found


def pdf_text(document: Path, tmp_path: Path) -> str:
    subprocess.run([tool("soffice"), "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(document)], check=True, capture_output=True, timeout=300,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    pdf = document.with_suffix(".pdf")
    assert pdf.exists()
    return subprocess.run([tool("pdftotext"), str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def test_apa_reference_page_layout(tmp_path: Path) -> None:
    path = convert(tmp_path, str(corpus_path(*SEED)), str(corpus_path(*EBSCO)))
    document = docx.Document(str(path))
    heading, *entries = document.paragraphs
    assert heading.text == "References" and heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in heading.runs)
    assert len(entries) == 5
    for paragraph in [heading, *entries]:
        assert paragraph.paragraph_format.line_spacing == 2.0
    for paragraph in entries:
        layout = paragraph.paragraph_format
        assert layout.left_indent == Inches(0.5) and layout.first_line_indent == Inches(-0.5)
    troup = next(p for p in entries if p.text.startswith("Troup"))
    italic = [run.text for run in troup.runs if run.italic]
    assert italic == ["PLoS ONE", "17"]  # journal and volume, as APA wants them
    # The DOI is a hyperlink to itself.
    links = troup._p.findall(f"{W}hyperlink")
    assert len(links) == 1
    target = troup.part.rels[links[0].get(f"{R}id")].target_ref
    assert target == "https://doi.org/10.1371/journal.pone.0267787"
    assert "".join(t.text for t in links[0].iter(f"{W}t")) == target


def test_libreoffice_prints_every_entry(tmp_path: Path) -> None:
    path = convert(tmp_path, str(corpus_path(*SEED)), str(corpus_path(*EBSCO)))
    text = letters(pdf_text(path, tmp_path))
    assert letters("References") in text
    for paragraph in docx.Document(str(path)).paragraphs[1:]:
        assert letters(paragraph.text) in text, paragraph.text


def test_same_bytes_and_no_run_timestamp(tmp_path: Path) -> None:
    first = convert(tmp_path, str(corpus_path(*SEED)), name="a.docx").read_bytes()
    second = convert(tmp_path, str(corpus_path(*SEED)), name="b.docx").read_bytes()
    assert first == second
    package = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    core = package.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "python-docx" not in core
    properties = docx.Document(io.BytesIO(first)).core_properties
    assert properties.created is not None and properties.created.year == 2000
    assert properties.modified is not None and properties.modified.year == 2000


def test_hostile_input_is_text_and_links_are_safe(tmp_path: Path) -> None:
    ok = "TY  - ELEC\nTI  - Fine\nAU  - Roe, R.\nPY  - 2020\nUR  - https://example.org/ok\nER  - \n"
    (tmp_path / "h.ris").write_text(
        HOSTILE_RIS.replace("Heading", "Heading \x01\x0b ctl") + "\n" + ok, encoding="utf-8")
    document = docx.Document(str(convert(tmp_path, str(tmp_path / "h.ris"))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "<script>alert(1)</script>" in text  # as text
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert targets == ["https://example.org/ok"]  # javascript:, data: and a DOI with a quote: text
    assert "javascript:alert(document.cookie)" in text


def test_title_and_another_style(tmp_path: Path) -> None:
    from risx.diagnostics import collect
    from risx.writers.base import WriterOptions
    from risx.writers.docx import DocxWriter, xml_safe

    record = Record(type="book", source=SourceLocation("t", 1), title="A Book",
                    publisher="Pub", issued=Date(parts=((2020,),)),
                    contributors=(Contributor("author", Name(family="Doe", given="Jane")),))
    out = io.BytesIO()
    found, report = collect()
    options = WriterOptions(style="modern-language-association", title="Works cited")
    DocxWriter(report, options).write([record], out)
    assert found == []
    document = docx.Document(io.BytesIO(out.getvalue()))
    heading, entry = document.paragraphs
    assert heading.text == "Works cited"
    assert entry.text == "Doe, Jane. A Book. Pub, 2020."
    assert [r.text for r in entry.runs if r.italic] == ["A Book"]
    assert entry.paragraph_format.first_line_indent == Inches(-0.5)  # MLA hangs too
    assert xml_safe("a\x00b\x0bc\ud800d\te") == "a\ufffdb\ufffdc\ufffdd\te"


def test_every_ris_corpus_file_in_one_document_twice(tmp_path: Path) -> None:
    from test_reader_corpus import all_ris_files

    inputs = [str(path) for path in all_ris_files()]
    first = convert(tmp_path, *inputs, name="a.docx")
    second = convert(tmp_path, *inputs, name="b.docx")
    assert first.read_bytes() == second.read_bytes()
    paragraphs = docx.Document(str(first)).paragraphs
    assert len(paragraphs) > 1700
    assert all(p.text for p in paragraphs)


def test_without_python_docx_nothing_is_written(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    target = tmp_path / "refs.docx"
    result = CliRunner().invoke(main, ["convert", str(corpus_path(*SEED)), "-t", "docx",
                                       "-o", str(target)])
    assert result.exit_code != 0
    assert "OUT004" in result.output and "risx[docx]" in result.output
    assert not target.exists()
