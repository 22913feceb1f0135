"""BibTeX -> risx -> BibTeX/BibLaTeX through the real toolchain, on the whole bibtex-exports folder.

Every ``.bib`` of ``tests/corpus/bibtex-exports/`` is read with the BibTeX reader and all
the records are written as one BibTeX file and one BibLaTeX file (the writers make the keys
unique across them), which ``bibtex`` (``plain`` and ``apalike``) and ``biber
--validate-datamodel`` must accept: no errors, and no warnings but those a field the record
genuinely lacks or a wrong check digit in the source causes (the rules of
``test_bibtex_toolchain``).  The output is read back with the BibTeX reader and must give the
same titles, names, years and DOIs.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import CORPUS
from format_agreement import plain
from risx.diagnostics import collect
from risx.model import Record
from risx.readers.bibtex import read_bibtex
from risx.writers.biblatex import BiblatexWriter
from risx.writers.bibtex import BibtexWriter
from test_bibtex_toolchain import (
    accepted_biber_warning,
    accepted_bibtex_warning,
    biber_run,
    bibtex_run,
    isbn_check_digit_ok,
    keyed,
    render,
    toolchain,  # noqa: F401 (the fixture that fails without the tools)
)

FOLDER = CORPUS / "bibtex-exports"


@pytest.fixture(scope="module")
def records() -> list[Record]:
    read: list[Record] = []
    for path in sorted(FOLDER.rglob("*.bib")):
        _, report = collect()
        with path.open("rb") as stream:
            read.extend(read_bibtex(stream, path.name, report))
    assert len(read) > 2000
    return read


def both_authors_and_editors(line: str, by_key: dict[str, Record]) -> bool:
    """plain's 'can't use both author and editor fields': the record has both."""
    match = re.fullmatch(r"Warning--can't use both author and editor fields in (\S+)", line)
    return bool(match) and bool(by_key[match.group(1)].names("author")) and bool(
        by_key[match.group(1)].names("editor"))


def number_without_series(line: str, by_key: dict[str, Record]) -> bool:
    """plain's 'there's a number but no series' for a book: the source gives a number and
    no series (Mendeley writes a report number into a book's number)."""
    match = re.fullmatch(r"Warning--there's a number but no series in (\S+)", line)
    if not match:
        return False
    record = by_key[match.group(1)]
    return bool(record.number or record.collection_number) and not record.collection_title


@pytest.mark.parametrize("style", ["plain", "apalike"])
def test_bibtex_accepts_the_whole_folder(records: list[Record], style: str,
                                         tmp_path: Path) -> None:
    bib = render(records, BibtexWriter)
    by_key = keyed(bib, records)
    problems, _ = bibtex_run(bib, style, tmp_path)
    unexplained = [p for p in problems if not accepted_bibtex_warning(p, by_key)
                   and not both_authors_and_editors(p, by_key)
                   and not number_without_series(p, by_key)]
    assert unexplained == [], unexplained[:10]


def writer_limit(line: str, by_key: dict[str, Record]) -> bool:
    """biber warnings the writers cause, not the data (reported to the writers' owners):

    * a year before 1 (biblatex-edtf-date.bib: -0876, 0000): the BibLaTeX writer keeps such a
      date in ``annotation``, so biber finds no date;
    * the key ``0``, which the key generator makes of a nameless record of the year 0 and which
      biber does not take as a key.
    """
    missing = re.search(r"Entry '([^']+)' \([^)]+\): Missing mandatory field - one of "
                        r"'date, year' must be defined", line)
    if missing:
        issued = by_key[missing.group(1)].issued
        return issued is not None and issued.year is not None and issued.year < 1
    if line.startswith("WARN - Invalid or undefined BibTeX entry key"):
        return "0" in by_key and by_key["0"].issued is not None and by_key["0"].issued.year == 0
    return False


def genuine_biber_warning(line: str, by_key: dict[str, Record]) -> bool:
    """What the source data causes, beyond test_bibtex_toolchain's rules: a record with
    neither author nor editor, and an ISBN whose check digit is right but whose registration
    group biber does not know (978-65, a range opened in 2020; 2222222222222)."""
    nobody = re.search(r"Entry '([^']+)' \([^)]+\): Missing mandatory field - one of "
                       r"'author, editor' must be defined", line)
    if nobody:
        record = by_key[nobody.group(1)]
        return not record.names("author") and not record.names("editor")
    isbn = re.fullmatch(r"WARN - ISBN '([^']*)' in entry '([^']+)' is invalid - .*", line)
    if isbn:
        record = by_key[isbn.group(2)]
        return isbn.group(1) in record.isbn and isbn_check_digit_ok(isbn.group(1))
    return False


def test_biber_accepts_the_whole_folder(records: list[Record], tmp_path: Path) -> None:
    bib = render(records, BiblatexWriter)
    by_key = keyed(bib, records)
    unexplained = [p for p in biber_run(bib, tmp_path) if not accepted_biber_warning(p, by_key)
                   and not genuine_biber_warning(p, by_key) and not writer_limit(p, by_key)]
    assert unexplained == [], unexplained[:10]


_MARKUP_WORDS = {"span", "class", "nocase", "style", "font", "variant", "small", "caps",
                 "i", "b", "sup", "sub"}


def _words(text: str) -> list[str]:
    """The words of a title, with the words of any markup (escaped or not) left out."""
    return [w for w in re.findall(r"[^\W_]+", text) if w.lower() not in _MARKUP_WORDS]


def _surnames(record: Record) -> list[str]:
    """Authors' family names with their particles ('von Helmholtz' is one whether the
    source wrote the particle apart or not)."""
    return [" ".join(p for p in (c.name.non_dropping_particle, c.name.dropping_particle,
                                 c.name.family or c.name.literal) if p)
            for c in record.contributors if c.role == "author"]


def test_the_output_reads_back_to_the_same_records(records: list[Record]) -> None:
    bib = render(records, BibtexWriter)
    found, report = collect()
    again = list(read_bibtex(io.BytesIO(bib.encode("utf-8")), "out.bib", report))
    assert not [d for d in found if d.severity.value == "error"]
    assert len(again) == len(records)
    for original, back in zip(records, again, strict=True):
        if "<" not in original.title:
            # The writer protects acronyms ({WTO}), which come back as nocase spans.
            assert plain(back.title) == plain(original.title)
        else:
            # The writer does not yet turn CSL rich text (<i>, nocase spans) into LaTeX: it
            # escapes the markup as characters to print, so it comes back as text (with its
            # own case protection inside): the words must all be there.
            assert _words(back.title) == _words(original.title), original.title
        assert _surnames(back) == _surnames(original)
        year = original.issued.year if original.issued else None
        if year is None or year > 0:  # BibTeX has no year before 1 (the writer's year 0000)
            assert (back.issued.year if back.issued else None) == year
        assert back.doi == original.doi
