"""BibLaTeX (``.bib`` read by biber) with the default biblatex data model.

Each record becomes one entry, written as it arrives.  Compared with
:mod:`risx.writers.bibtex.bibtex`: dates are ISO (``date = {2022-05-05}``,
``urldate``), the container is ``journaltitle``/``booktitle``, theses and
reports are ``thesis``/``report`` with a ``type``, and translators and
PubMed ids (``eprint`` with ``eprinttype = {pubmed}``) have proper fields.

Every entry holds only fields its type allows in biblatex's data model
(:data:`~risx.writers.bibtex.types.TYPE_FIELDS`, written from ``blx-dm.def``), so ``biber
--validate-datamodel`` has nothing to object to but genuinely missing data.
A value without an allowed field is kept as a ``field: value`` line in
``annotation`` together with extra identifiers and unmapped source tags
(``no_extra`` drops them all).  Text escaping, title protection and names
(:mod:`risx.writers.bibtex.latex`), and the entry's layout and cite keys
(:mod:`risx.writers.bibtex.entry`) are shared with BibTeX.

``.bib`` maps to BibTeX; ask for this writer with ``-t biblatex``.
"""

from __future__ import annotations

import re

from risx.csl_item import extra_note_lines
from risx.model import Record
from risx.writers.bibtex.entry import (
    BibFields,
    EntryWriter,
    add_closing_fields,
    add_links_and_identifiers,
    unplaced_lines,
)
from risx.writers.bibtex.latex import bib_pages, is_web_link, iso_date, verbatim
from risx.writers.bibtex.types import (
    BIBLATEX_TYPES,
    COMMON_FIELDS,
    ENTRY_SUBTYPES,
    MASTERS,
    PHD,
    TYPE_FIELDS,
)
from risx.writers.options import BibtexOptions

#: CSL type -> BibLaTeX entry type (:mod:`risx.writers.bibtex.types`); types not listed
#: become ``misc``; :func:`entry_type` refines a few by what the record holds.
ENTRY_TYPES = BIBLATEX_TYPES

#: Where each entry type puts the container title (``None``: it has no place for one).
_CONTAINER_FIELD = {
    "article": "journaltitle",
    "inbook": "booktitle",
    "incollection": "booktitle",
    "inreference": "booktitle",
    "inproceedings": "booktitle",
    "misc": "howpublished",
    "software": "howpublished",
    "booklet": "howpublished",
    "unpublished": "howpublished",
    "online": "organization",
}
#: The entry types whose booktitle can hold a volume's title below a maintitle.
_VOLUME_TITLE_KINDS = frozenset({"inbook", "incollection", "inreference", "inproceedings"})


def volume_title_placed(kind: str, record: Record) -> bool:
    return bool(record.volume_title and record.container_title) and kind in _VOLUME_TITLE_KINDS


#: Where each entry type puts the publisher.
_PUBLISHER_FIELD = {
    "report": "institution",
    "thesis": "institution",
    "online": "organization",
    "misc": "organization",
    "software": "organization",
    "manual": "organization",
}
_PUBSTATE = {"in press": "inpress", "forthcoming": "forthcoming", "submitted": "submitted",
             "accepted": "accepted", "in preparation": "inpreparation", "prepublished":
             "prepublished"}
_INTEGER = re.compile(r"[0-9]+")


def entry_type(record: Record) -> str:
    """The BibLaTeX entry type: the table, refined by what the record holds."""
    kind = ENTRY_TYPES.get(record.type, "misc")
    has_editor = bool(record.names("editor"))
    if kind == "article" and record.type == "article" and not record.container_title:
        kind = "online" if has_link(record) else "misc"
    elif kind == "book" and not record.names("author") and has_editor:
        kind = "collection"
    elif kind == "incollection" and not has_editor:
        kind = "inbook"  # incollection requires an editor; inbook does not
    elif kind == "inproceedings" and not record.container_title:
        kind = "proceedings"
    elif kind == "online" and not has_link(record):
        kind = "misc"  # online requires a url or doi
    return kind


def has_link(record: Record) -> bool:
    """Whether the entry gets a ``doi`` or a ``url`` (one that is a web link: see BibFields.link)."""
    return bool(record.doi) or (bool(record.urls) and is_web_link(verbatim(record.urls[0])))


def thesis_type(genre: str) -> str:
    """biblatex's localisable thesis types, else the genre as written."""
    if MASTERS.search(genre):
        return "mathesis"
    if PHD.search(genre) or not genre:
        return "phdthesis"
    return genre


def record_fields(record: Record, kind: str, options: BibtexOptions) -> BibFields:
    """The fields of one entry of type ``kind``, in a fixed order."""
    f = BibFields(ascii=options.ascii, biber=True,
                  allowed=COMMON_FIELDS | TYPE_FIELDS.get(kind, frozenset()))
    f.names("author", record.names("author"))
    f.names("editor", record.names("editor"))
    f.names("translator", record.names("translator"))
    f.names("editora", record.names("collection-editor"))
    if "editora" in f:
        f.text("editoratype", "series editor")
    f.title("title", record.title)
    f.title("shorttitle", record.title_short)
    f.text("origtitle", record.original_title)
    if record.type in ENTRY_SUBTYPES:
        f.text("entrysubtype", ENTRY_SUBTYPES[record.type])

    container = _CONTAINER_FIELD.get(kind, "series")
    if container == "series" and record.collection_title:
        container = "container-title"  # kept in annotation: series holds the collection
    if volume_title_placed(kind, record):
        # A chapter in one volume of a multi-volume work: biblatex's maintitle is the work,
        # booktitle the volume's own title (CSL container-title and volume-title).
        f.text("maintitle", record.container_title)
        f.text("booktitle", record.volume_title)
    else:
        f.text(container, record.container_title)
    f.text("shortjournal", record.container_title_short if kind == "article" else "")
    f.text("series", record.collection_title)
    f.text("eventtitle", record.event_title)
    f.text("venue", record.event_place)

    if record.issued:
        date = iso_date(record.issued)
        f.text("date", date)
        if not date and record.issued.raw:
            f.text("pubstate", _PUBSTATE.get(record.issued.raw.strip().lower(), ""))
            f.text("date-as-written", record.issued.raw)  # kept in annotation

    if _INTEGER.fullmatch(record.volume.strip()):
        f.text("volume", record.volume.strip())
    else:
        f.text("volume-as-written", record.volume)  # volume is an integer field
    if kind == "article":
        f.text("number", record.issue)
        f.text("eid", record.number)
    else:
        f.text("number", record.number or record.collection_number)
        if record.number:
            f.text("collection-number", record.collection_number)  # kept in annotation
        f.text("issue", record.issue)
    if _INTEGER.fullmatch(record.number_of_volumes.strip()):
        f.text("volumes", record.number_of_volumes.strip())
    else:
        f.text("volumes-as-written", record.number_of_volumes)  # volumes is an integer field
    f.text("pages", bib_pages(record.page))
    f.text("pagetotal", record.number_of_pages)
    f.text("chapter", record.chapter_number)

    f.text(_PUBLISHER_FIELD.get(kind, "publisher"), record.publisher)
    f.text("location", record.publisher_place)
    f.text("edition", record.edition)
    f.text("version", record.version)
    if kind == "thesis":
        f.text("type", thesis_type(record.genre))
    elif kind == "report":
        f.text("type", record.genre or ("Standard" if record.type == "standard" else "techreport"))
    else:
        f.text("type", record.genre)

    add_links_and_identifiers(f, record)
    if record.pmid:
        f.verbatim("eprint", record.pmid)
        f.text("eprinttype", "pubmed")
    add_closing_fields(f, record)
    if not options.no_extra:
        f.allowed = None
        f.lines("annotation", [*f.overflow,
                               *unplaced_lines(record, volume_title_placed=volume_title_placed(
                                   kind, record)),
                               *extra_note_lines(record)])
    return f


class BiblatexWriter(EntryWriter):
    name = "biblatex"
    extensions = ()
    description = "BibLaTeX (biber, default data model)"

    def entry(self, record: Record) -> tuple[str, BibFields]:
        kind = entry_type(record)
        return kind, record_fields(record, kind, self.options)
