"""BibTeX (``.bib``) for the classic ``bibtex`` program and its standard styles.

Each record becomes one entry, written as it arrives.  The entry type comes
from :data:`ENTRY_TYPES` (CSL type -> BibTeX type, in :mod:`risx.writers.bibtex.types`); fields follow the
standard styles' names (``journal``, ``booktitle``, ``school``,
``institution``, ``month = may`` macros), plus the widely read extras
``doi``, ``url``, ``urldate``, ``issn``, ``isbn``, ``abstract``,
``keywords``, ``language``, ``pmid``, ``eid``.  Text is escaped so that it
prints literally and capitals that carry meaning in titles are braced (see
:mod:`risx.writers.bibtex.latex`).

Data without a BibTeX field (extra URLs and identifiers, unmapped source
tags) goes into ``annote`` as ``TAG: value`` lines, which the standard styles
do not print; ``no_extra`` drops it.  An entry without author gets a ``key``
field (its short title) so that styles can sort and label it.
"""

from __future__ import annotations

from risx.csl_item import extra_note_lines
from risx.model import Record
from risx.writers.bibtex.entry import (
    BibFields,
    EntryWriter,
    add_closing_fields,
    add_links_and_identifiers,
    unplaced_lines,
)
from risx.writers.bibtex.latex import MONTH_MACRO_NAMES, SEASONS, bib_pages
from risx.writers.bibtex.types import BIBTEX_TYPES, MASTERS
from risx.writers.options import BibtexOptions

#: CSL type -> BibTeX entry type (:mod:`risx.writers.bibtex.types`); types not listed
#: become ``misc``.
ENTRY_TYPES = BIBTEX_TYPES

#: Where each entry type puts the container title.
_CONTAINER_FIELD = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "misc": "howpublished",
    "booklet": "howpublished",
}
#: Where each entry type puts the publisher.
_PUBLISHER_FIELD = {
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
    "manual": "organization",
}
#: Types whose standard styles print an author or an editor, never both ("can't use both").
_AUTHOR_OR_EDITOR = frozenset({"book", "inbook"})


def entry_type(record: Record) -> str:
    """The BibTeX entry type for a record."""
    kind = ENTRY_TYPES.get(record.type, "misc")
    if kind == "article" and record.type == "article" and not record.container_title:
        return "misc"
    if kind == "inproceedings" and not record.container_title:
        return "proceedings"
    if kind == "phdthesis" and MASTERS.search(record.genre):
        return "mastersthesis"
    return kind


def short_label(record: Record) -> str:
    """What a style shows instead of an author: the short title, else the title's first words.

    A record with neither title nor container gets "Untitled": without some ``key`` the
    styles cannot sort the entry and warn.
    """
    text = record.title_short or record.title or record.container_title or "Untitled"
    words = text.split()
    return " ".join(words[:6]) + (" ..." if len(words) > 6 else "")


def record_fields(record: Record, kind: str, options: BibtexOptions) -> BibFields:
    """The fields of one entry of type ``kind``, in a fixed order."""
    f = BibFields(ascii=options.ascii)
    extra: list[str] = []
    authors, editors = record.names("author"), record.names("editor")
    f.names("author", authors)
    if authors and editors and kind in _AUTHOR_OR_EDITOR:
        extra.append("editor: " + "; ".join(n.display() for n in editors))
    else:
        f.names("editor", editors)
    f.names("translator", record.names("translator"))
    if not authors:
        f.text("key", short_label(record))
    f.title("title", record.title)

    container = _CONTAINER_FIELD.get(kind, "series")
    if record.container_title:
        if container == "series" and record.collection_title:
            extra.append(f"container-title: {record.container_title}")
        else:
            f.text(container, record.container_title)
    f.text("series", record.collection_title)

    issued = record.issued
    if issued and issued.year is not None:
        f.text("year", str(issued.year))
        if issued.month and 1 <= issued.month <= 12:
            f.macro("month", MONTH_MACRO_NAMES[issued.month - 1])
        elif issued.season and 1 <= issued.season <= 4:
            f.text("month", SEASONS[issued.season - 1])
    elif issued and issued.raw:
        f.text("year", issued.raw)  # "in press", "n.d.": what the source says

    f.text("volume", record.volume)
    if kind == "article":
        f.text("number", record.issue)
        f.text("eid", record.number)
    else:
        number = record.number or record.collection_number
        if record.volume and number:
            extra.append(f"number: {number}")  # the styles take a volume or a number
        else:
            f.text("number", number)
        if record.number and record.collection_number:
            extra.append(f"collection-number: {record.collection_number}")
        if record.issue:
            extra.append(f"issue: {record.issue}")
    f.text("pages", bib_pages(record.page))
    f.text("chapter", record.chapter_number)

    f.text(_PUBLISHER_FIELD.get(kind, "publisher"), record.publisher)
    f.text("address", record.publisher_place)
    f.text("edition", record.edition)
    if kind in ("phdthesis", "mastersthesis", "techreport") and record.genre:
        f.text("type", record.genre)

    add_links_and_identifiers(f, record)
    f.text("pmid", record.pmid)
    add_closing_fields(f, record)
    if not options.no_extra:
        f.lines("annote", [*extra, *f.overflow, *unplaced_lines(record),
                           *extra_note_lines(record)])
    return f


class BibtexWriter(EntryWriter):
    name = "bibtex"
    extensions = (".bib",)
    description = "BibTeX (bibtex with plain, apalike, natbib... styles)"

    def entry(self, record: Record) -> tuple[str, BibFields]:
        kind = entry_type(record)
        return kind, record_fields(record, kind, self.options)
