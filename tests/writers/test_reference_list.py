"""The reference-list family (risx.writers.reference_list): one writer renders, formats lay the
entries out, and a binary format is one more formatter over the entries' runs.

The seed record is the Pure export in examples/troup2022.ris; APA 7 (Manual 9.25, a journal
article) sets the journal name and the volume in italics and the DOI as a link.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import pytest

import risx
import risx.writers.options
from risx.csl import LoadedStyle, RenderedEntry
from risx.csl.markup import Run
from risx.diagnostics import collect
from risx.model import Record
from risx.registry import default_registry
from risx.writers.base import BinaryWriter
from risx.writers.docx import DocxWriter
from risx.writers.html import HtmlWriter
from risx.writers.markdown import MarkdownWriter
from risx.writers.reference_list.text import ApaWriter
from risx.writers.reference_list.writer import ReferenceListWriter, runs_of

ONE = Path(__file__).resolve().parents[2] / "examples" / "troup2022.ris"


class RunsWriter(ReferenceListWriter, BinaryWriter):
    """The shape of a docx writer: each entry's runs, as bytes (one line per run: flags, tab,
    UTF-8 text, and the link target after a second tab)."""

    name = "runs"
    extensions = (".runs",)
    description = "styled runs as bytes (a test writer)"

    def format_entry(self, entry: RenderedEntry) -> list[Run]:
        return runs_of(entry)

    def write_document(self, entries: Sequence[list[Run]], out: BinaryIO,
                       style: LoadedStyle) -> None:
        for runs in entries:
            for run in runs:
                flags = "".join(mark for mark, on in (("i", run.italic), ("b", run.bold)) if on)
                line = f"{flags}\t{run.text}" + (f"\t{run.link}" if run.link else "")
                out.write(line.encode("utf-8") + b"\n")
            out.write(b"\n")


def seed() -> list[Record]:
    return risx.read(ONE)


def test_the_formats_are_formatters_of_one_writer() -> None:
    """Text, Markdown and HTML say how an entry and the document look; reading the records,
    rendering them and reporting what was left out is the shared writer's."""
    for writer in (ApaWriter, MarkdownWriter, HtmlWriter):
        assert issubclass(writer, ReferenceListWriter) and not writer.binary
        own = set(vars(writer))
        assert {"format_entry", "write_document"} <= own
        assert not own & {"write", "render_list"}, writer.name


def test_docx_is_a_binary_formatter_of_the_same_writer() -> None:
    """The Word list renders through the shared writer too; its own ``write`` only checks that
    python-docx is there (OUT004) before the shared one runs."""
    assert issubclass(DocxWriter, ReferenceListWriter) and issubclass(DocxWriter, BinaryWriter)
    assert DocxWriter.binary
    own = set(vars(DocxWriter))
    assert {"format_entry", "write_document"} <= own and "render_list" not in own


def test_the_html_page_links_the_doi_and_carries_its_title() -> None:
    out = io.StringIO()
    HtmlWriter(collect()[1], title="Sources").write(seed(), out)
    page = out.getvalue()
    doi = "https://doi.org/10.1371/journal.pone.0267787"
    assert f'<a href="{doi}">{doi}</a>' in page
    assert "<title>Sources</title>" in page and "<h1>Sources</h1>" in page
    assert '<meta charset="utf-8" />' in page


def test_a_binary_format_gets_each_entrys_runs_and_writes_bytes() -> None:
    found, report = collect()
    out = io.BytesIO()
    writer = RunsWriter(report)
    assert writer.binary
    writer.write(seed(), out)
    lines = out.getvalue().decode("utf-8").splitlines()
    assert found == []
    assert "i\tPLoS ONE" in lines and "i\t17" in lines  # journal and volume in italics
    doi = "https://doi.org/10.1371/journal.pone.0267787"
    assert f"\t{doi}\t{doi}" in lines  # the DOI as a link run
    plain = "".join(line.split("\t")[1] for line in lines if line)
    text = io.StringIO()
    ApaWriter(collect()[1]).write(seed(), text)
    assert plain == text.getvalue().rstrip("\n")  # the same entry the text list prints


@pytest.mark.parametrize("writer", [ApaWriter, MarkdownWriter, HtmlWriter, RunsWriter,
                                    DocxWriter],
                         ids=lambda w: w.name)
def test_a_style_that_cannot_be_loaded_writes_nothing_in_any_format(
        writer: type[ReferenceListWriter], tmp_path: Path) -> None:
    found, report = collect()
    out = io.BytesIO() if writer.binary else io.StringIO()
    writer(report, risx.writers.options.ReferenceListOptions(style=str(tmp_path / "no.csl"))
           ).write(seed(), out)
    assert out.getvalue() in ("", b"")
    assert [d.code for d in found] == ["CSL001"]


def test_a_binary_list_writer_registered_at_run_time_is_found_by_extension() -> None:
    registry = default_registry()
    registry.writers.register(RunsWriter.name, RunsWriter)
    assert registry.writers.by_extension(".runs") is RunsWriter


def test_a_binary_list_writer_writes_its_bytes_through_the_real_pipeline(tmp_path: Path) -> None:
    """``risx convert`` opens the output in binary mode for it, chosen by the extension, and
    the file holds what the writer writes to a byte stream."""
    registry = default_registry()
    registry.writers.register(RunsWriter.name, RunsWriter)
    target = tmp_path / "list.runs"
    result = risx.convert([str(ONE)], target, registry=registry)
    assert result.ok  # the reader's warnings on the export only: none from writing
    assert [d.code for d in result.diagnostics if d.code[:3] in ("CSL", "OUT", "IO0")] == []
    direct = io.BytesIO()
    RunsWriter(collect()[1]).write(seed(), direct)
    assert direct.getvalue().startswith(b"\t") and b"\ni\tPLoS ONE\n" in direct.getvalue()
    assert target.read_bytes() == direct.getvalue()
