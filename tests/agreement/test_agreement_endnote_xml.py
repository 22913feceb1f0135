"""Agreement of the EndNote XML reader with Zotero's and JabRef's importers, field by field.

* ``endnote-xml/zotero/``: the test cases of Zotero's ``Endnote XML.js`` (input and the
  Zotero items it must give), compared as ``test_agreement_zotero`` compares RIS.
* ``endnote-xml/jabref/``: JabRef's importer test files (an ``.xml`` and the ``.bib`` JabRef
  must make of it) and its exporter test files (a ``.bib`` and the ``.xml`` JabRef wrote of
  it, read back here).  The ``.bib`` side is parsed with bibtexparser alone (not risx's
  BibTeX reader), so the comparison does not depend on the code under test.

A field is compared when both sides have a value (the one-sided ones are counted in the
table); equal after the normalisation of ``format_agreement``.  Every difference must be
listed below with its reason, every listed one must still occur.
Run ``pytest -s tests/agreement/test_agreement_endnote_xml.py`` to see the tables.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import bibtexparser

from conftest import CORPUS
from format_agreement import (
    ZOTERO_TYPES,
    Tally,
    check_differences,
    expand,
    initials,
    plain,
    zotero_item,
)
from risx.diagnostics import collect
from risx.model import Record
from risx.readers.endnote_xml import read_endnote_xml
from test_agreement_zotero import FIELDS, risx_fields, zotero_fields

FOLDER = CORPUS / "endnote-xml"


def read(path: Path) -> list[Record]:
    found, report = collect()
    records = list(read_endnote_xml(path.open("rb"), path.name, report))
    assert not [d for d in found if d.severity.value == "error"], found
    return records


# --- Zotero ---------------------------------------------------------------------------------------

ZOTERO_KNOWN: dict[tuple[str, str], str] = expand({
    "Zotero has no suffix: it keeps 'Jr.' in the given name; risx reads it as the suffix "
    "(NAME-SUFFIX, issue 16)": "003[1] creators",
})

#: 68 of 69 fields both sides have (ratchet: it may only rise; 69 of 69 before NAME-SUFFIX).
ZOTERO_MINIMUM = 0.985


def test_agreement_with_zotero() -> None:
    tally = Tally()
    cases = json.loads((FOLDER / "zotero" / "cases.json").read_text(encoding="utf-8"))["cases"]
    for case in cases:
        items = json.loads((FOLDER / "zotero" / case["expected_file"]).read_text(encoding="utf-8"))
        records = read(FOLDER / "zotero" / case["input_file"])
        assert len(items) == len(records) == case["records_in_input"]
        for index, (item, record) in enumerate(zip(items, records, strict=True)):
            theirs, ours = zotero_fields(zotero_item(item)), risx_fields(record)
            where = f"{case['case']}[{index}]"
            for name in FIELDS:
                tally.add(where, name, plain(theirs[name]), plain(ours[name]))
            tally.add(where, "type", ZOTERO_TYPES.get(item["itemType"], item["itemType"]),
                      record.type)
            if "<" in item.get("title", ""):
                # The rich text itself (case 002 is all styles): compared as written.
                tally.add(where, "rich title", item["title"], record.title)
    check_differences(tally, ZOTERO_KNOWN, "EndNote XML: agreement with Zotero (3 cases)",
                      ZOTERO_MINIMUM)


# --- JabRef -----------------------------------------------------------------------------------

JABREF_TYPES = {"article": "article-journal", "book": "book", "techreport": "report",
                "conference": "paper-conference", "inproceedings": "paper-conference",
                "incollection": "chapter", "inbook": "chapter", "phdthesis": "thesis",
                "misc": "document"}

#: Differences in fields both sides have, with their reason ("file[record] field").
JABREF_KNOWN: dict[tuple[str, str], str] = expand({
    "an abbreviated last page: risx writes it out (PAGE-EXPAND, issue 16), JabRef keeps "
    "'943-7', which biblatex prints as it is":
        "EndnoteXmlImporterTestArticle[0] pages; EndnoteXmlImporterTest_WithoutUrlStyle[0] pages",
})

#: Fields only one side has (the table's "one side" column), and why:
#: * address (10): JabRef's importer puts the author's address (``auth-address``) in BibTeX's
#:   ``address``; risx keeps it in the note, since ``address`` is the publisher's place;
#: * container and series (3 each): three copies of one record (``Strohecker 1937``) whose
#:   ``<ref-type name="Book">`` holds a journal's name (Ecology) as its secondary title.
#:   EndNote calls a book's secondary title its "Series Title", and risx reads it so; JabRef
#:   reads it as the book title (``booktitle``), a field a book has no use for.
#: The agreement reached: 151 of 153 fields both sides have (ratchet; 153 before PAGE-EXPAND).
JABREF_MINIMUM = 0.986


def bib_entries(path: Path) -> list[dict[str, str]]:
    """The entries of a JabRef .bib, in order (JabRef leaves every key empty: bibtexparser
    files the repeats as duplicate-key blocks, which hold the entry)."""
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    entries = []
    for block in library.blocks:
        if isinstance(block, bibtexparser.model.DuplicateBlockKeyBlock):
            block = block.ignore_error_block
        if not isinstance(block, bibtexparser.model.Entry):
            continue
        entry = block
        fields = {f.key.lower(): _unenclosed(str(f.value)) for f in entry.fields}
        fields["ENTRYTYPE"] = entry.entry_type.lower()
        entries.append(fields)
    return entries


def _unenclosed(value: str) -> str:
    value = value.strip()
    if len(value) > 1 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1]
    return value


def _names(value: str) -> str:
    people = []
    for name in re.split(r"\s+and\s+", value):
        family, _, given = name.partition(",")
        people.append(initials(f"{given.strip()} {family.strip()}"))
    return " | ".join(people)


def _record_names(record: Record, role: str) -> str:
    return " | ".join(initials(f"{n.given} {n.family}".strip() if not n.literal else n.literal)
                      for n in record.names(role))


def _identifiers(text: str) -> str:
    return " ".join(sorted(re.sub(r"[^0-9Xx]", "", token).upper()
                           for token in re.findall(r"[0-9][0-9Xx-]{6,}[0-9Xx]", text)))


def _keywords(text: str) -> str:
    separator = ";" if ";" in text else ","
    return " | ".join(sorted(k.strip() for k in text.split(separator) if k.strip()))


def jabref_fields(entry: dict[str, str]) -> dict[str, str]:
    get = entry.get
    return {
        "type": JABREF_TYPES.get(entry["ENTRYTYPE"], entry["ENTRYTYPE"]),
        "title": plain(get("title", "")),
        "author": _names(get("author", "")) if get("author") else "",
        "editor": _names(get("editor", "")) if get("editor") else "",
        "container": plain(get("journal", "") or get("booktitle", "")),
        "series": plain(get("series", "")),
        "year": get("year", ""),
        "volume": get("volume", ""),
        "number": get("number", ""),
        "pages": get("pages", "").replace("--", "-"),
        "doi": get("doi", ""),
        "url": get("url", ""),
        "identifiers": _identifiers(get("isbn", "")),
        "keywords": _keywords(get("keywords", "")),
        "abstract": plain(get("abstract", "")),
        "note": plain(get("note", "")),
        "publisher": plain(get("publisher", "")),
        "address": plain(get("address", "")),
        "language": get("language", ""),
        "file": get("file", ""),
    }


def our_fields(record: Record) -> dict[str, str]:
    return {
        "type": record.type,
        "title": plain(record.title),
        "author": _record_names(record, "author"),
        "editor": _record_names(record, "editor") or _record_names(record, "collection-editor"),
        "container": plain(record.container_title),
        "series": plain(record.collection_title),
        "year": str(record.issued.year) if record.issued and record.issued.year else "",
        "volume": record.volume,
        "number": record.issue or record.number or record.collection_number,
        "pages": record.page or record.number_of_pages,
        "doi": record.doi,
        "url": record.urls[0] if record.urls else "",
        "identifiers": _identifiers(" ".join(record.issn + record.isbn)),
        "keywords": " | ".join(sorted(record.keywords)),
        "abstract": plain(record.abstract),
        "note": plain(record.notes[0]) if record.notes else "",
        "publisher": plain(record.publisher),
        "address": plain(record.publisher_place or record.event_place),
        "language": record.language,
        "file": record.file_links[0] if record.file_links else "",
    }


def jabref_pairs() -> list[tuple[Path, Path]]:
    folder = FOLDER / "jabref"
    return [(xml, xml.with_suffix(".bib")) for xml in sorted(folder.glob("*.xml"))
            if xml.with_suffix(".bib").exists()]


def test_agreement_with_jabref() -> None:
    tally = Tally()
    pairs = jabref_pairs()
    assert len(pairs) == 9
    for xml, bib in pairs:
        records, entries = read(xml), bib_entries(bib)
        assert len(records) == len(entries), xml.name
        for index, (entry, record) in enumerate(zip(entries, records, strict=True)):
            theirs, ours = jabref_fields(entry), our_fields(record)
            for name in theirs:
                tally.add(f"{xml.stem}[{index}]", name, theirs[name], ours[name])
    check_differences(tally, JABREF_KNOWN, "EndNote XML: agreement with JabRef (9 files)",
                      JABREF_MINIMUM)


def test_zotero_cases_hold_what_the_table_compares() -> None:
    """The comparison above is not empty: every case has records with titles and types."""
    items: list[Any] = []
    for case in json.loads((FOLDER / "zotero" / "cases.json").read_text())["cases"]:
        items += json.loads((FOLDER / "zotero" / case["expected_file"]).read_text())
    assert len(items) == 12 and all(item.get("title") for item in items)
