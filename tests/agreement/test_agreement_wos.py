"""Agreement of the Web of Science reader with Zotero's and JabRef's importers, field by field.

* ``wos-tagged/zotero/``: the test cases of Zotero's ``Web of Science Tagged.js`` (input and
  the Zotero items it must give): Core Collection, BIOSIS, CAB, FSTA and Derwent records;
* ``wos-tagged/jabref/isi-expected.json``: the entries and fields ``IsiImporterTest.java``
  asserts for JabRef's ISI importer test files (``IEEEImport1.txt`` among them is not Web of
  Science but RIS: it must be recognised as RIS, and is compared as the RIS reader reads it).

Dates are read with the test's own reading (:func:`format_agreement.text_date`), not risx's.
A field is compared when both sides have a value, equal after the normalisation of
``format_agreement``: titles, sources and publishers without regard to letter case (Web of
Science writes them in capitals, which risx recases and Zotero keeps, and JabRef recases its
own way).  Every difference must be listed below with its reason, every listed one must still
occur.  Run ``pytest -s`` to see the tables.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import CORPUS
from format_agreement import (
    ZOTERO_TYPES,
    Tally,
    check_differences,
    expand,
    extra_value,
    identifiers,
    initials,
    model_date,
    plain,
    squash,
    text_date,
)
from risx.diagnostics import collect
from risx.model import Name, Record
from risx.readers.detect import sniff
from risx.readers.ris import RisReader, read_ris
from risx.readers.wos import read_wos
from risx.registry import default_registry

FOLDER = CORPUS / "wos-tagged"


def read(path: Path) -> list[Record]:
    found, report = collect()
    with path.open("rb") as stream:
        records = list(read_wos(stream, path.name, report))
    assert not [d for d in found if d.severity.value == "error"], found
    return records


def person(name: Name) -> str:
    if name.literal:
        return plain(name.literal)
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    return initials(plain(f"{name.given} {family} {name.suffix}"))


def caseless(text: str) -> str:
    return plain(text).casefold()


# --- Zotero ---------------------------------------------------------------------------------------

ZOTERO_ROLES = {"author": "author", "inventor": "author", "editor": "editor",
                "bookAuthor": "container-author", "seriesEditor": "collection-editor"}
ZOTERO_CONTAINERS = ("publicationTitle", "bookTitle", "proceedingsTitle")


def zotero_side(item: dict[str, Any]) -> dict[str, str]:
    get = item.get
    creators = sorted((ZOTERO_ROLES.get(c["creatorType"], c["creatorType"]),
                       initials(plain(f"{c.get('firstName', '')} {c.get('lastName', '')}")))
                      for c in get("creators", []))
    return {
        "type": ZOTERO_TYPES.get(item["itemType"], item["itemType"]),
        "title": caseless(get("title", "")),
        "creators": " | ".join(f"{role}: {name}" for role, name in creators),
        "date": text_date(get("date", "") or get("issueDate", "")),
        "container": caseless(next((get(k) for k in ZOTERO_CONTAINERS if get(k)), "")),
        "journal abbreviation": plain(get("journalAbbreviation", "")),
        "conference": caseless(get("conferenceName", "")),
        "volume": get("volume", ""),
        "issue": get("issue", ""),
        "pages": get("pages", ""),
        "number": get("patentNumber", ""),
        "DOI": get("DOI", "").lower(),
        "ISSN": identifiers(get("ISSN", "")),
        "ISBN": identifiers(get("ISBN", "")),
        "publisher": caseless(get("publisher", "") or get("assignee", "")),
        "place": caseless(get("place", "") or get("country", "")),
        "language": get("language", "").strip(),
        "abstract": plain(get("abstractNote", "")),
        "keywords": " | ".join(sorted(plain(t["tag"]) for t in get("tags", []))),
        "accession": extra_value(item, "Web of Science ID"),
    }


def risx_side(record: Record) -> dict[str, str]:
    creators = sorted((c.role, person(c.name)) for c in record.contributors)
    return {
        "type": record.type,
        "title": caseless(record.title),
        "creators": " | ".join(f"{role}: {name}" for role, name in creators),
        "date": model_date(record.issued),
        "container": caseless(record.container_title),
        "journal abbreviation": plain(record.container_title_short),
        "conference": caseless(record.event_title),
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.page if record.type != "patent" else "",
        "number": record.number if record.type == "patent" else "",
        "DOI": record.doi.lower(),
        "ISSN": identifiers(" ".join(record.issn)),
        "ISBN": identifiers(" ".join(record.isbn)),
        "publisher": caseless(record.publisher),
        "place": caseless(record.publisher_place or record.jurisdiction),
        "language": record.language,
        "abstract": plain(record.abstract),
        "keywords": " | ".join(sorted(plain(k) for k in record.keywords)),
        "accession": record.accession_numbers[0] if record.accession_numbers else "",
    }


#: Differences in fields both sides have, with their reason ("case[item] field").
ZOTERO_KNOWN: dict[tuple[str, str], str] = expand({
    "a one-page item (BP 82, EP 82): Zotero writes the range 82-82, risx the page":
        "003[0] pages",
})

#: The agreement reached (ratchet: it may only rise).
ZOTERO_MINIMUM = 0.994


def test_agreement_with_zotero() -> None:
    tally = Tally()
    cases = json.loads((FOLDER / "zotero" / "cases.json").read_text(encoding="utf-8"))["cases"]
    for case in cases:
        items = json.loads((FOLDER / "zotero" / case["expected_file"]).read_text(encoding="utf-8"))
        records = read(FOLDER / "zotero" / case["input_file"])
        assert len(items) == len(records) == case["records_in_input"]
        for index, (item, record) in enumerate(zip(items, records, strict=True)):
            theirs, ours = zotero_side(item), risx_side(record)
            for name in theirs:
                tally.add(f"{case['case']}[{index}]", name, squash(theirs[name]),
                          squash(ours[name]))
    check_differences(tally, ZOTERO_KNOWN, "Web of Science: agreement with Zotero (9 cases)",
                      ZOTERO_MINIMUM)


# --- JabRef ---------------------------------------------------------------------------------------

JABREF_TYPES = {"article": "article-journal", "misc": "document", "book": "book",
                "inproceedings": "paper-conference", "incollection": "chapter"}
JABREF_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december")
_LATEX_SCRIPT = re.compile(r"\$([_^])\{?([^${}]*)\}?\$")


def jabref_value(name: str, value: str) -> str:
    if name == "author":
        people = []
        for one in re.split(r"\s+and\s+", value):
            family, comma, given = one.partition(",")
            people.append(initials(plain(f"{given} {family}" if comma else one)))
        return " | ".join(people)
    if name == "title":
        return caseless(_LATEX_SCRIPT.sub(r"\2", value))  # LiNbO$_3$ is LiNbO3 in text
    if name in ("journal", "publisher"):
        return caseless(value)
    if name == "pages":
        return value.replace("--", "-")
    if name == "month":
        return str([m[:3] for m in JABREF_MONTHS].index(value.lower()[:3]) + 1)
    if name == "type":
        return JABREF_TYPES.get(value.lower(), value.lower())
    if name == "keywords":
        return " | ".join(sorted(k.strip() for k in value.split(",")))
    if name == "sn":
        return identifiers(value)
    return plain(value)


def our_value(name: str, record: Record) -> str:
    issued = record.issued
    values = {
        "author": " | ".join(person(c.name) for c in record.contributors if c.role == "author"),
        "title": caseless(plain(record.title)),
        "journal": caseless(record.container_title),
        "publisher": caseless(record.publisher),
        "pages": record.page or record.number,
        "month": str(issued.month) if issued is not None and issued.month else "",
        "year": str(issued.year) if issued is not None and issued.year else "",
        "type": record.type,
        "volume": record.volume,
        "number": record.issue,
        "abstract": plain(record.abstract),
        "keywords": " | ".join(sorted(record.keywords)),
        "sn": identifiers(" ".join(record.issn)),
    }
    return values[name]


#: Differences in fields both sides have, with their reason ("test[entry] field").
JABREF_KNOWN: dict[tuple[str, str], str] = expand({
    "an abbreviated last page (2457-71): risx writes it out (PAGE-EXPAND, issue 16)":
        "importEntriesMedline[0] pages; importEntriesMedline[1] pages",
    "Inspec gives both BP-EP (467, 472) and its page span PS 467-72: JabRef takes PS as "
    "written, risx the full range from BP and EP":
        "importEntries1[0] pages",
    "hand-made record with PT K (no such type), DT '-', BR and AR in place of BP: JabRef makes "
    "a misc entry with AR as its pages; risx reports the type (WOS023), reads a record with a "
    "source (SO) as a journal article, EP as its page and AR as its article number":
        "importEntries2[0] type; importEntries2[0] pages",
})

JABREF_MINIMUM = 0.926  # 63 of 68 (65 before PAGE-EXPAND, issue 16)


def read_any(path: Path) -> list[Record]:
    """A JabRef test file read by the reader its content calls for."""
    if sniff(path.read_bytes()[:16384], default_registry().readers) is RisReader:
        _found, report = collect()
        with path.open("rb") as stream:
            return list(read_ris(stream, path.name, report))
    return read(path)


def test_agreement_with_jabref() -> None:
    tally = Tally()
    expected = json.loads((FOLDER / "jabref" / "isi-expected.json").read_text(encoding="utf-8"))
    for test in expected["tests"]:
        records = read_any(FOLDER / "jabref" / test["file"])
        for index, fields in test["entries"].items():
            record = records[int(index)]
            for name, value in fields.items():
                if value is None:
                    continue  # asserted absent: see test_jabref_absent_fields
                tally.add(f"{test['test']}[{index}]", name, squash(jabref_value(name, value)),
                          squash(our_value(name, record)))
    check_differences(tally, JABREF_KNOWN, "Web of Science: agreement with JabRef "
                      "(IsiImporterTest)", JABREF_MINIMUM)


def test_jabref_absent_fields() -> None:
    """A field JabRef's test asserts absent is absent in risx's record too."""
    expected = json.loads((FOLDER / "jabref" / "isi-expected.json").read_text(encoding="utf-8"))
    absent = [(test, int(index), name) for test in expected["tests"]
              for index, fields in test["entries"].items()
              for name, value in fields.items() if value is None]
    assert absent, "isi-expected.json asserts no field absent any more"
    for test, index, name in absent:
        record = read_any(FOLDER / "jabref" / test["file"])[index]
        assert our_value(name, record) == "", (test["test"], index, name)
