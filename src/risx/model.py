"""The intermediate record every reader produces and every writer consumes.

The shape follows CSL-JSON (the richest common ground between RIS, BibTeX and
CSL styles) so that a writer can map fields by name.  Every record also keeps
the tagged lines it was read from (``raw``) and the subset no mapping used
(``unmapped``), each with its 1-based line number, so nothing in the source is
ever lost: a writer that cannot place a value can still emit it as a note.

All classes are frozen: a record is a value, transforms make new ones with
:func:`dataclasses.replace`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import NamedTuple, cast

# CSL 1.0.2 name roles that risx produces.  Kept as plain strings so that a
# reader for another format can add roles without touching this module.
ROLES: tuple[str, ...] = (
    "author",
    "editor",
    "collection-editor",
    "translator",
    "contributor",
    "producer",
    "organizer",
    "reviewed-author",
    "director",
    "interviewer",
    "recipient",
    "composer",
    "container-author",
    "editorial-director",
    "illustrator",
)


@dataclass(frozen=True, slots=True)
class Name:
    """One person or organisation.

    A personal name fills ``family`` and ``given`` (and the particles and
    suffix where present); an organisation or a name that cannot be split
    safely fills ``literal`` only.
    """

    family: str = ""
    given: str = ""
    #: Particle kept with the family name when sorting ("van" in "van Gogh").
    non_dropping_particle: str = ""
    #: Particle dropped when sorting ("de" in some French names).
    dropping_particle: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    def display(self) -> str:
        """A readable one-line form ("Given particle Family, Suffix"), for messages and keys."""
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.non_dropping_particle, self.family) if p)
        given = " ".join(p for p in (self.given, self.dropping_particle) if p)
        text = f"{given} {family}".strip()
        return f"{text}, {self.suffix}" if self.suffix else text


@dataclass(frozen=True, slots=True)
class Contributor:
    """A name in a role (CSL name variable: ``author``, ``editor``, ...)."""

    role: str
    name: Name


@dataclass(frozen=True, slots=True)
class Date:
    """A possibly partial date, or a range, as CSL ``date-parts``.

    ``parts`` holds one tuple (a single date) or two (a range); each tuple is
    ``(year,)``, ``(year, month)`` or ``(year, month, day)``.  ``season`` is
    1-4 (spring..winter) when the source named a season.  ``raw`` is the text
    as written, kept so that no information is lost even when parsing was
    partial.  A date whose year could not be read has empty ``parts`` and is
    only carried for its ``raw`` text.
    """

    parts: tuple[tuple[int, ...], ...] = ()
    season: int | None = None
    raw: str = ""

    @property
    def year(self) -> int | None:
        return self.parts[0][0] if self.parts else None

    @property
    def month(self) -> int | None:
        return self.parts[0][1] if self.parts and len(self.parts[0]) > 1 else None

    @property
    def day(self) -> int | None:
        return self.parts[0][2] if self.parts and len(self.parts[0]) > 2 else None


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a record came from: a file name (or ``<stdin>``) and the 1-based line of its start."""

    file: str
    line: int


class RawTag(NamedTuple):
    """One tagged value exactly as read (continuation lines already joined).

    A named tuple rather than a frozen dataclass: the reader makes one per
    source line, and tuple construction is several times cheaper.
    """

    tag: str
    value: str
    line: int


#: ``RawTag`` from a ``(tag, value, line)`` tuple, without the Python-level ``__new__`` of a
#: named tuple: a third of the cost, and the reader makes one per source line.
raw_tag_from_tuple = cast(Callable[[tuple[str, str, int]], RawTag],
                          functools.partial(tuple.__new__, RawTag))


def csl(name: str) -> dict[str, str]:
    """Field metadata naming the CSL-JSON variable a model field corresponds to."""
    return {"csl": name}


@dataclass(frozen=True, slots=True)
class Record:
    """One bibliographic item.

    String fields are ``""`` when absent, tuples are empty, dates ``None``.
    Fields whose metadata carries ``csl`` map one-to-one onto the CSL-JSON
    variable of that name (see :func:`csl_fields`).
    """

    #: CSL item type (``article-journal``, ``book``, ``chapter``, ...).
    type: str
    #: Where the record starts in its source.
    source: SourceLocation
    #: The reference type as written in the source (RIS ``TY``), before mapping.
    source_type: str = ""
    #: Identifier given by the source (RIS ``ID``); not guaranteed unique.
    source_id: str = ""
    label: str = field(default="", metadata=csl("citation-label"))

    # Titles
    title: str = field(default="", metadata=csl("title"))
    title_short: str = field(default="", metadata=csl("title-short"))
    container_title: str = field(default="", metadata=csl("container-title"))
    container_title_short: str = field(default="", metadata=csl("container-title-short"))
    collection_title: str = field(default="", metadata=csl("collection-title"))
    #: The title of one volume of a multi-volume work (CSL ``volume-title``; APA 10.3: ``Handbook: Vol. 1. Volume title``).
    volume_title: str = field(default="", metadata=csl("volume-title"))
    original_title: str = field(default="", metadata=csl("original-title"))
    #: A translation of the title given by the source (EBSCO's English T2 for a non-English T1).
    translated_title: str = ""
    event_title: str = field(default="", metadata=csl("event-title"))
    reviewed_title: str = field(default="", metadata=csl("reviewed-title"))

    # People, in source order
    contributors: tuple[Contributor, ...] = ()

    # Dates
    issued: Date | None = field(default=None, metadata=csl("issued"))
    accessed: Date | None = field(default=None, metadata=csl("accessed"))
    original_date: Date | None = field(default=None, metadata=csl("original-date"))
    available_date: Date | None = field(default=None, metadata=csl("available-date"))
    event_date: Date | None = field(default=None, metadata=csl("event-date"))
    submitted: Date | None = field(default=None, metadata=csl("submitted"))

    # Container details
    volume: str = field(default="", metadata=csl("volume"))
    issue: str = field(default="", metadata=csl("issue"))
    page: str = field(default="", metadata=csl("page"))
    page_first: str = field(default="", metadata=csl("page-first"))
    #: Article number (e-locator), report number, patent number, thesis number.
    number: str = field(default="", metadata=csl("number"))
    edition: str = field(default="", metadata=csl("edition"))
    number_of_volumes: str = field(default="", metadata=csl("number-of-volumes"))
    number_of_pages: str = field(default="", metadata=csl("number-of-pages"))
    collection_number: str = field(default="", metadata=csl("collection-number"))
    chapter_number: str = field(default="", metadata=csl("chapter-number"))
    section: str = field(default="", metadata=csl("section"))
    version: str = field(default="", metadata=csl("version"))

    # Identifiers
    doi: str = field(default="", metadata=csl("DOI"))
    issn: tuple[str, ...] = ()
    isbn: tuple[str, ...] = ()
    pmid: str = field(default="", metadata=csl("PMID"))
    pmcid: str = field(default="", metadata=csl("PMCID"))
    accession_numbers: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    #: Links to attached files (RIS ``L1``, ``L4``; often ``internal-pdf://``).
    file_links: tuple[str, ...] = ()
    call_number: str = field(default="", metadata=csl("call-number"))

    # Publication
    publisher: str = field(default="", metadata=csl("publisher"))
    publisher_place: str = field(default="", metadata=csl("publisher-place"))
    event_place: str = field(default="", metadata=csl("event-place"))
    authority: str = field(default="", metadata=csl("authority"))
    jurisdiction: str = field(default="", metadata=csl("jurisdiction"))
    genre: str = field(default="", metadata=csl("genre"))
    medium: str = field(default="", metadata=csl("medium"))
    status: str = field(default="", metadata=csl("status"))
    archive: str = field(default="", metadata=csl("archive"))
    archive_location: str = field(default="", metadata=csl("archive_location"))
    #: Database or provider the record was exported from (RIS ``DB``/``DP``).
    database: str = field(default="", metadata=csl("source"))

    # Content
    abstract: str = field(default="", metadata=csl("abstract"))
    keywords: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    language: str = field(default="", metadata=csl("language"))

    # Losslessness
    #: Every tagged value of the source record, in order, with its line.
    raw: tuple[RawTag, ...] = ()
    #: The tagged values no mapping used (unknown tags, extra repeats), in order.
    unmapped: tuple[RawTag, ...] = ()

    def names(self, role: str) -> tuple[Name, ...]:
        """The names in one role, in source order."""
        return tuple(c.name for c in self.contributors if c.role == role)

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles present, in order of first appearance."""
        seen: dict[str, None] = {}
        for contributor in self.contributors:
            seen.setdefault(contributor.role, None)
        return tuple(seen)


def csl_fields() -> Iterator[tuple[str, str]]:
    """Pairs of (model attribute, CSL variable) for fields that map one-to-one."""
    for f in fields(Record):
        name = f.metadata.get("csl")
        if name:
            yield f.name, name
