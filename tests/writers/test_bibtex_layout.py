"""risx lays out BibTeX and BibLaTeX entries exactly as bibtexparser 2's writer does.

The entry writer (:func:`risx.writers.bibtex.entry.render_entry`) writes the
entries itself, for speed; until then bibtexparser's ``write_string`` laid
them out.  Its layout stays reachable here (:func:`bibtexparser_layout`, built
the way the writer used to build it), so that every comparison below is
against bibtexparser itself, not against a copy of our own code:

* every record of every RIS file and every CSL-JSON input of the corpus,
  through both writers, with and without ``--ascii``, gives the same bytes
  as bibtexparser's layout of the same fields with the same keys;
* so do arbitrary fields (Hypothesis), both raw values and values built
  through :class:`~risx.writers.bibtex.entry.BibFields`' own methods.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS, corpus_path
from risx import api
from risx.diagnostics import collect
from risx.model import Name, Record
from risx.writers.base import WriterOptions
from risx.writers.biblatex import BiblatexWriter
from risx.writers.bibtex import BibtexWriter
from risx.writers.bibtex.entry import BibFields, CiteKeys, EntryWriter, render_entry

WRITERS: tuple[type[EntryWriter], ...] = (BibtexWriter, BiblatexWriter)


def bibtexparser_layout(entry_type: str, key: str, fields: BibFields) -> str:
    """One entry as bibtexparser 2's writer lays it out, with the format risx used with it:
    two-space indent, no value alignment, no trailing comma, braced values unless bare."""
    layout = BibtexFormat()  # type: ignore[no-untyped-call]
    layout.indent = "  "
    entry = Entry(entry_type, key, [
        Field(name, f"{{{value}}}" if braced else value)
        for name, (value, braced) in fields.items.items()])
    return str(write_string(Library([entry]), unparse_stack=[], bibtex_format=layout))


# --- The corpus -------------------------------------------------------------------------------


def is_csl_items(path: Path) -> bool:
    """A JSON file holding a list of CSL items (not a schema, a manifest or a Zotero export)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return (isinstance(data, list) and bool(data) and all(isinstance(i, dict) for i in data)
            and all("type" in i for i in data) and not any("itemType" in i for i in data))


def corpus_inputs() -> list[tuple[Path, str]]:
    """Every RIS file of the corpus, and every CSL-JSON item list, with its reader's name."""
    ris = [(path, "ris") for path in sorted(CORPUS.rglob("*.ris")) if path.is_file()]
    csl = [(path, "csl-json") for path in sorted(CORPUS.rglob("*.json"))
           if path.is_file() and is_csl_items(path)]
    return ris + csl


def read_records(path: Path, reader: str) -> list[Record]:
    _, report = collect()
    return api.read(path, format=reader, report=report)


def written(records: list[Record], writer: type[EntryWriter], options: WriterOptions) -> str:
    _, report = collect()
    out = io.StringIO()
    writer(report, options).write(records, out)
    return out.getvalue()


def laid_out_by_bibtexparser(records: list[Record], writer: type[EntryWriter],
                             options: WriterOptions) -> str:
    """What the writer wrote before it laid entries out itself: the same entry types, fields
    and unique keys, each entry by bibtexparser, entries separated by a blank line."""
    _, report = collect()
    fields_of = writer(report, options)
    keys = CiteKeys(options, report)
    entries = []
    for record in records:
        kind, fields = fields_of.entry(record)
        key = keys.claim(*keys.wanted(record), record.source.file, record.source.line)
        entries.append(bibtexparser_layout(kind, key, fields))
    return "\n".join(entries)


CONFIGURATIONS = [(writer, ascii) for writer in WRITERS for ascii in (False, True)]


def test_the_corpus_gives_inputs_of_both_kinds() -> None:
    corpus_path("seed")
    kinds = Counter(reader for _, reader in corpus_inputs())
    assert kinds["ris"] >= 40
    assert kinds["csl-json"] >= 10


@pytest.mark.parametrize(("path", "reader"), corpus_inputs(),
                         ids=lambda value: str(value.relative_to(CORPUS))
                         if isinstance(value, Path) else value)
def test_corpus_entries_match_bibtexparsers_layout(path: Path, reader: str) -> None:
    records = read_records(path, reader)
    for writer, ascii in CONFIGURATIONS:
        options = WriterOptions(ascii=ascii)
        ours = written(records, writer, options)
        assert ours == laid_out_by_bibtexparser(records, writer, options), (writer.name, ascii)


def test_the_corpus_comparison_is_not_vacuous() -> None:
    """Many entries, with many field names, bare macros and both layouts of the last field."""
    entries = 0
    field_names: set[str] = set()
    bare = 0
    for path, reader in corpus_inputs():
        _, report = collect()
        for writer in WRITERS:
            fields_of = writer(report, WriterOptions())
            for record in read_records(path, reader):
                _, fields = fields_of.entry(record)
                entries += 1
                field_names.update(fields.items)
                bare += sum(1 for _, braced in fields.items.values() if not braced)
    assert entries >= 2000
    assert len(field_names) >= 40
    assert bare >= 100


# --- Arbitrary fields ---------------------------------------------------------------------------

# Field names and values the layout must carry through untouched, whatever they hold: braces,
# commas, "=", newlines, the cite-key placeholder NUL, non-ASCII text.
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_RAW_ITEMS = st.dictionaries(_TEXT, st.tuples(_TEXT, st.booleans()), max_size=8)


@given(entry_type=_TEXT, key=_TEXT, items=_RAW_ITEMS)
def test_any_fields_are_laid_out_as_bibtexparser_does(entry_type: str, key: str,
                                                      items: dict[str, tuple[str, bool]]) -> None:
    fields = BibFields(items=items)
    assert render_entry(entry_type, key, fields) == bibtexparser_layout(entry_type, key, fields)


_NAMES = st.lists(st.builds(Name, family=_TEXT, given=_TEXT, literal=st.sampled_from(["", "WHO"]),
                            non_dropping_particle=st.sampled_from(["", "van", "de la"]),
                            suffix=st.sampled_from(["", "Jr"])), max_size=4)


@given(ascii=st.booleans(), biber=st.booleans(), text=_TEXT, title=_TEXT, names=_NAMES,
       lines=st.lists(_TEXT, max_size=4), url=_TEXT, month=st.sampled_from(["", "may", "dec"]))
def test_fields_built_by_bibfields_are_laid_out_as_bibtexparser_does(
        ascii: bool, biber: bool, text: str, title: str, names: list[Name], lines: list[str],
        url: str, month: str) -> None:
    fields = BibFields(ascii=ascii, biber=biber)
    fields.names("author", names)
    fields.title("title", title)
    fields.text("journal", text)
    fields.macro("month", month)
    fields.lines("abstract", lines)
    fields.link("url", url)
    fields.verbatim("doi", text)
    fields.text("journal", title)  # a second value for a field goes to the overflow
    fields.lines("annote", fields.overflow)
    assert render_entry("article", "k", fields) == bibtexparser_layout("article", "k", fields)


def test_an_entry_without_fields_is_laid_out_as_bibtexparser_does() -> None:
    assert render_entry("misc", "k", BibFields()) == "@misc{k,\n}\n"
    assert bibtexparser_layout("misc", "k", BibFields()) == "@misc{k,\n}\n"

