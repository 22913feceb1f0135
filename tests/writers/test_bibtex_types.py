"""The BibTeX/BibLaTeX type tables (risx.writers.bibtex.types): one home for both directions,
and every entry type a writer writes is one the BibTeX reader reads as such.

The CSL types come from the CSL-JSON reader's list (CSL 1.0.2, csl-data.json); each is
written by both writers and read back by the matching reader.  The reader's own table of
entry types (``risx.readers.bibtex_types``) is the writers' module's, not a copy.
"""

from __future__ import annotations

import io

import pytest

from risx.diagnostics import collect
from risx.model import Contributor, Name, Record, SourceLocation
from risx.readers import bibtex_types
from risx.readers.bibtex import read_bibtex
from risx.readers.csljson import CSL_TYPES
from risx.writers.bibtex import types
from risx.writers.bibtex.biblatex import BiblatexWriter
from risx.writers.bibtex.bibtex import BibtexWriter
from risx.writers.bibtex.entry import EntryWriter


def test_the_reader_reads_the_writers_tables_not_a_copy() -> None:
    assert bibtex_types.ENTRY_TYPES is types.FROM_ENTRY_TYPES
    assert bibtex_types.ARTICLE_SUBTYPES is types.ARTICLE_SUBTYPES
    assert bibtex_types.MONTH_MACROS is types.MONTH_MACROS


def test_one_row_per_csl_type_gives_both_writers_tables() -> None:
    assert set(types.TO_ENTRY_TYPES) <= CSL_TYPES
    for csl_type, (bibtex, biblatex) in types.TO_ENTRY_TYPES.items():
        assert types.BIBTEX_TYPES.get(csl_type, "misc") == bibtex
        assert types.BIBLATEX_TYPES.get(csl_type, "misc") == biblatex
    assert {types.ARTICLE_SUBTYPES[s]: s for s in types.ARTICLE_SUBTYPES} == types.ENTRY_SUBTYPES


def _record(csl_type: str, *, genre: str = "", with_container: bool = True) -> Record:
    return Record(
        type=csl_type, source=SourceLocation("t.ris", 1), title="A title", genre=genre,
        container_title="A container" if with_container else "",
        contributors=(Contributor("author", Name(family="Doe", given="Jane")),),
        urls=("https://example.org/x",))


def _round_trip(writer: type[EntryWriter], record: Record) -> tuple[str, Record, list[str]]:
    _, report = collect()
    out = io.StringIO()
    writer(report).write([record], out)
    text = out.getvalue()
    found, report = collect()
    [back] = read_bibtex(io.BytesIO(text.encode("utf-8")), "t.bib", report,
                         biblatex=writer is BiblatexWriter)
    return text, back, [d.code for d in found]


@pytest.mark.parametrize("writer", [BibtexWriter, BiblatexWriter], ids=lambda w: w.name)
@pytest.mark.parametrize("csl_type", sorted(CSL_TYPES))
def test_every_entry_type_written_is_read_back_as_its_row_says(
        writer: type[EntryWriter], csl_type: str) -> None:
    """No CSL type is written as an entry type the reader does not know (BTX007), and the
    type read back is the one FROM_ENTRY_TYPES gives for what was written."""
    for record in (_record(csl_type), _record(csl_type, with_container=False),
                   _record(csl_type, genre="Master's thesis")):
        text, back, codes = _round_trip(writer, record)
        kind = text[1:text.index("{")]
        assert "BTX007" not in codes, text
        expected = types.FROM_ENTRY_TYPES[kind][0]
        if kind == "article" and writer is BiblatexWriter:
            expected = types.ARTICLE_SUBTYPES.get(types.ENTRY_SUBTYPES.get(csl_type, ""),
                                                  expected)
        assert back.type == expected, text


def test_types_that_survive_the_round_trip() -> None:
    """What the two tables keep of a type through BibLaTeX: the main CSL types come back as
    they went, a magazine article by its entrysubtype."""
    kept = {csl_type for csl_type in CSL_TYPES
            if _round_trip(BiblatexWriter, _record(csl_type))[1].type == csl_type}
    assert {"article-journal", "article-magazine", "article-newspaper", "book", "chapter",
            "paper-conference", "thesis", "report", "dataset", "software", "patent",
            "webpage", "periodical", "manuscript", "pamphlet"} <= kept
