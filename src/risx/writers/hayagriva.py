"""Hayagriva YAML, the bibliography format of Typst (``-t hayagriva``, ``-o refs.yml``).

Format: https://github.com/typst/hayagriva/blob/main/docs/file-format.md (checked against the
Typst compiler of the ``typst`` PyPI package: tests/writers/test_hayagriva_writer.py compiles every
corpus file's output).  One mapping, key -> entry; entries are streamed as records arrive.

The CSL type decides the entry type and its parent (an article in a periodical, a chapter in a
book, a paper in proceedings): :data:`TYPE_RULES`, one row per CSL type with the reason.  The
container's title, volume and issue go on the parent; the item's pages stay on the item.

Safety: Typst reads Hayagriva's *formattable strings* (title, publisher, location, genre, note,
...) with its own markup: ``$...$`` is maths, ``{...}`` keeps case, ``\\`` escapes.  Source text
is data, so those four characters are escaped (:func:`formattable`); names, numbers and serials
are plain strings to Hayagriva and are written as they are.  All YAML is written by
:mod:`risx.writers.yaml_text`: every string double-quoted, no tags, anchors or aliases.

Nothing is dropped: a value Hayagriva has no field for, or cannot type (a date range, a
``Spring 2020`` date, a page count ``xii, 300``, a role it lacks), goes to ``note`` as a
``Label: value`` line, with the source's unmapped tags (unless ``no_extra``).  A volume or issue
that is not a number (``12 Suppl 3``) is written as a string, which Hayagriva accepts.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from typing import NamedTuple, TextIO

from risx.csl_item import CslIds, extra_note_lines, wanted_id
from risx.diagnostics import Report
from risx.model import Date, Name, Record
from risx.transforms.text import strip_rich_text
from risx.writers.base import RecordWriter
from risx.writers.options import CslJsonOptions, Options
from risx.writers.yaml_text import YamlValue, quote, yaml_lines

Entry = dict[str, YamlValue]


class TypeRule(NamedTuple):
    """How one CSL type becomes a Hayagriva entry: its type, its parent's type (``""``: the
    container, if any, has no entry of its own), a genre to add when the record has none, and
    why."""

    rule_id: str
    csl_type: str
    entry_type: str
    parent_type: str
    genre: str
    reason: str


TYPE_RULES: tuple[TypeRule, ...] = (
    TypeRule("HAY001", "article-journal", "article", "periodical", "", "a journal article appears in a periodical"),
    TypeRule("HAY002", "article-magazine", "article", "periodical", "", "a magazine is a periodical"),
    TypeRule("HAY003", "article-newspaper", "article", "newspaper", "", "Hayagriva has a newspaper parent"),
    TypeRule("HAY004", "article", "article", "periodical", "", "an article with a container is in a periodical"),
    TypeRule("HAY005", "review", "article", "periodical", "", "a review is an article in a periodical"),
    TypeRule("HAY006", "review-book", "article", "periodical", "", "a book review is an article in a periodical"),
    TypeRule("HAY007", "paper-conference", "article", "proceedings", "", "docs: a paper in proceedings is an article with a proceedings parent"),
    TypeRule("HAY008", "chapter", "chapter", "book", "", "a chapter is a section of a book"),
    TypeRule("HAY009", "entry", "entry", "reference", "", "an entry is in a work of reference"),
    TypeRule("HAY010", "entry-dictionary", "entry", "reference", "", "a dictionary is a work of reference"),
    TypeRule("HAY011", "entry-encyclopedia", "entry", "reference", "", "an encyclopedia is a work of reference"),
    TypeRule("HAY012", "book", "book", "", "", "a book stands alone; its series is a parent anthology"),
    TypeRule("HAY013", "classic", "book", "", "", "a classic is cited as a book"),
    TypeRule("HAY014", "pamphlet", "book", "", "", "a pamphlet is a short bound work"),
    TypeRule("HAY015", "collection", "anthology", "", "", "a collection of texts is an anthology"),
    TypeRule("HAY016", "periodical", "periodical", "", "", "same type"),
    TypeRule("HAY017", "thesis", "thesis", "", "", "same type"),
    TypeRule("HAY018", "report", "report", "book", "", "same type; a report in a series or book has that parent"),
    TypeRule("HAY019", "standard", "report", "", "Standard", "Hayagriva has no standard type: a report with genre Standard, not misc"),
    TypeRule("HAY020", "webpage", "web", "web", "", "docs: web content, the site as a web parent"),
    TypeRule("HAY021", "post-weblog", "article", "blog", "", "docs: a blog post is an article with a blog parent"),
    TypeRule("HAY022", "post", "post", "thread", "", "a post on a platform, the thread or forum its parent"),
    TypeRule("HAY023", "software", "repository", "", "", "software is kept in a repository"),
    TypeRule("HAY024", "dataset", "repository", "", "Data set", "Hayagriva has no data set type: a repository with genre Data set"),
    TypeRule("HAY025", "patent", "patent", "", "", "same type"),
    TypeRule("HAY026", "legal_case", "case", "anthology", "", "a case, its reporter the parent"),
    TypeRule("HAY027", "legislation", "legislation", "anthology", "", "same type; the code is the parent"),
    TypeRule("HAY028", "bill", "legislation", "anthology", "", "a bill is a draft of legislation"),
    TypeRule("HAY029", "regulation", "legislation", "anthology", "", "a regulation is binding law"),
    TypeRule("HAY030", "hearing", "case", "", "Hearing", "a hearing is heard before a body: a case with genre Hearing"),
    TypeRule("HAY031", "manuscript", "manuscript", "", "", "same type"),
    TypeRule("HAY032", "motion_picture", "video", "", "", "a film is a motion picture"),
    TypeRule("HAY033", "broadcast", "video", "video", "", "an episode of a programme: the programme its parent"),
    TypeRule("HAY034", "song", "audio", "audio", "", "a recording; the album its parent"),
    TypeRule("HAY035", "musical_score", "misc", "", "Musical score", "Hayagriva has no score type"),
    TypeRule("HAY036", "speech", "article", "conference", "", "docs: a talk is an article with a conference parent"),
    TypeRule("HAY037", "event", "conference", "", "", "an event itself"),
    TypeRule("HAY038", "performance", "performance", "", "", "same type"),
    TypeRule("HAY039", "graphic", "artwork", "exhibition", "", "a work of art, its exhibition the parent"),
    TypeRule("HAY040", "figure", "artwork", "book", "", "a figure, in the work it belongs to"),
    TypeRule("HAY041", "map", "artwork", "", "Map", "Hayagriva has no map type"),
    TypeRule("HAY042", "interview", "misc", "", "Interview", "Hayagriva has no interview type"),
    TypeRule("HAY043", "personal_communication", "misc", "", "Personal communication", "Hayagriva has no letter type"),
    TypeRule("HAY044", "document", "misc", "misc", "", "a generic document"),
)
_RULE_BY_TYPE = {rule.csl_type: rule for rule in TYPE_RULES}
_FALLBACK_RULE = TypeRule("HAY045", "*", "misc", "misc", "", "a CSL type without a row: misc")

#: Roles Hayagriva keeps in ``affiliated`` (its role names); others go to the note.
_AFFILIATED_ROLES = {
    "translator": "translator", "director": "director", "composer": "composer",
    "illustrator": "illustrator", "producer": "producer", "organizer": "organizer",
    "contributor": "collaborator", "editorial-director": "executive-producer",
}
_NOTE_ROLES = {"interviewer": "Interviewer", "recipient": "Recipient",
               "reviewed-author": "Reviewed author"}

# Typst's markup inside a formattable string: maths, verbatim groups, and its escape.
_TYPST_ACTIVE = re.compile(r"([\\{}$])")
_LINKABLE_URL = re.compile(r"^(?:https?|ftps?)://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_LONGEST_URL = 2048
_ARXIV_NUMBER = re.compile(r"^arxiv:\s*(\S+)$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(\S+)$", re.IGNORECASE)
# A Unicode language identifier Hayagriva parses ("en", "zh-Hans-CN"); anything else would stop
# the compilation, so it goes to the note.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-(?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3}))?$")


def formattable(text: str) -> str:
    """``text`` as a Hayagriva formattable string that Typst shows as written (CSL rich-text
    tags, which Typst would print, as their words)."""
    return _TYPST_ACTIVE.sub(r"\\\1", strip_rich_text(text))


def person(name: Name) -> Entry:
    """A name as Hayagriva's person mapping (never the ``"Family, Given"`` shorthand, which
    Hayagriva would split again at commas and lower-case words)."""
    if name.literal:
        return {"name": name.literal}
    family = name.family or name.given or "?"
    given = name.given if name.family else ""
    entry: Entry = {"name": family}
    if given:
        entry["given-name"] = given
    particle = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p)
    if particle:
        entry["prefix"] = particle
    if name.suffix:
        entry["suffix"] = name.suffix
    return entry


def hayagriva_date(date: Date | None) -> str | None:
    """A single date Hayagriva can read (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, signed years),
    or ``None`` when the date is a range, has a season or a literal only, or is out of range:
    the caller then keeps it as text in the note."""
    if date is None or len(date.parts) != 1 or date.season:
        return None
    parts = date.parts[0]
    year = parts[0]
    if not -9999 <= year <= 9999:
        return None
    text = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
    if len(parts) > 1:
        month = parts[1]
        if not 1 <= month <= 12:
            return None
        text += f"-{month:02d}"
        if len(parts) > 2:
            day = parts[2]
            if not 1 <= day <= calendar.monthrange(year if year > 0 else 2000, month)[1]:
                return None
            text += f"-{day:02d}"
    return text


def date_text(date: Date) -> str:
    if date.raw:
        return date.raw
    return "/".join("-".join(str(p) for p in parts) for parts in date.parts)


class _Builder:
    """One record's entry, with the note lines for what no field takes."""

    def __init__(self, record: Record, with_extra: bool) -> None:
        self.record = record
        self.with_extra = with_extra
        self.rule = _RULE_BY_TYPE.get(record.type, _FALLBACK_RULE)
        self.entry: Entry = {"type": self.rule.entry_type}
        self.parent: Entry = {}
        self.note: list[str] = []

    def build(self) -> Entry:
        record, entry = self.record, self.entry
        self.titles()
        self.people()
        self.dates()
        self.numbers()
        self.publication()
        self.identifiers()
        if record.abstract:
            entry["abstract"] = formattable(record.abstract)
        if record.language:
            if _LANGUAGE.match(record.language):
                entry["language"] = record.language
            else:
                self.note.append(f"Language: {record.language}")
        self.series()
        self.notes()
        if self.parent:
            if self.rule.parent_type:
                self.parent = {"type": self.rule.parent_type, **self.parent}
            else:  # a container where the type has none: keep it, untyped (Hayagriva's misc)
                self.parent = {"type": "misc", **self.parent}
            entry["parent"] = self.parent
        return entry

    def titles(self) -> None:
        record = self.record
        if record.title or record.translated_title or record.title_short:
            title: Entry = {"value": formattable(record.title or record.translated_title)}
            if record.translated_title and record.title:
                title["translation"] = formattable(record.translated_title)
            if record.title_short:
                title["shorthand"] = formattable(record.title_short)
            self.entry["title"] = title if len(title) > 1 else title["value"]
        if record.container_title:
            container: Entry = {"value": formattable(record.container_title)}
            if record.container_title_short:
                container["shorthand"] = formattable(record.container_title_short)
            self.parent["title"] = container if len(container) > 1 else container["value"]
        elif record.container_title_short:
            self.parent["title"] = formattable(record.container_title_short)
        self.label("Original title", record.original_title)
        self.label("Reviewed title", record.reviewed_title)
        self.label("Volume title", record.volume_title)
        if record.event_title:
            if self.rule.parent_type in ("proceedings", "conference"):
                conference: Entry = {"type": "conference", "title": formattable(record.event_title)}
                if record.event_place:
                    conference["location"] = formattable(record.event_place)
                target = self.parent if self.rule.parent_type == "proceedings" else None
                if target is not None:
                    target["parent"] = conference
                else:
                    self.parent.setdefault("title", conference["title"])
                    if record.event_place:
                        self.parent.setdefault("location", conference["location"])
            else:
                self.label("Event", record.event_title)
        if record.event_place and not (record.event_title
                                       and self.rule.parent_type in ("proceedings", "conference")):
            self.label("Event place", record.event_place)

    def people(self) -> None:
        record = self.record
        affiliated: list[YamlValue] = []
        for role in record.roles:
            names: list[YamlValue] = [person(n) for n in record.names(role)]
            if role == "author":
                self.entry["author"] = names
            elif role == "editor":
                # The editors of a chapter's or paper's book edit the parent.
                (self.parent if self.rule.parent_type in ("book", "proceedings", "reference")
                 and record.container_title else self.entry)["editor"] = names
            elif role == "container-author":
                self.parent["author"] = names
            elif role == "collection-editor":
                self.series_entry()["editor"] = names
            elif role in _AFFILIATED_ROLES:
                affiliated.append({"role": _AFFILIATED_ROLES[role], "names": names})
            else:
                label = _NOTE_ROLES.get(role, role.replace("-", " ").capitalize())
                self.label(label, "; ".join(n.display() for n in record.names(role)))
        if affiliated:
            self.entry["affiliated"] = affiliated

    def dates(self) -> None:
        record = self.record
        if record.issued is not None:
            issued = hayagriva_date(record.issued)
            if issued is not None:
                self.entry["date"] = issued
            else:
                self.label("Date", date_text(record.issued))
        for label, date in (("Original date", record.original_date),
                            ("Available", record.available_date),
                            ("Event date", record.event_date),
                            ("Submitted", record.submitted)):
            if date is not None:
                self.label(label, date_text(date))

    def numbers(self) -> None:
        record = self.record
        # Volume and issue number the container when there is one ("12(3)" of a journal).
        holder = self.parent if self.rule.parent_type in ("periodical", "newspaper") else self.entry
        if record.volume:
            holder["volume"] = record.volume
        if record.issue:
            holder["issue"] = record.issue
        if record.page:
            self.entry["page-range"] = record.page
        elif record.page_first:
            self.entry["page-range"] = record.page_first
        if record.edition:
            self.entry["edition"] = record.edition
        for field, label, value in (("page-total", "Pages", record.number_of_pages),
                                    ("volume-total", "Volumes", record.number_of_volumes)):
            if value.isdigit():
                self.entry[field] = int(value)
            else:
                self.label(label, value)
        self.label("Chapter", record.chapter_number)
        self.label("Section", record.section)

    def publication(self) -> None:
        record = self.record
        if record.publisher:
            publisher: Entry = {"name": formattable(record.publisher)}
            if record.publisher_place:
                publisher["location"] = formattable(record.publisher_place)
            self.entry["publisher"] = publisher
        elif record.publisher_place:
            self.entry["location"] = formattable(record.publisher_place)
        genre = record.genre or self.rule.genre
        if genre:
            self.entry["genre"] = formattable(genre)
        if record.authority:
            self.entry["organization"] = formattable(record.authority)
        if record.archive:
            self.entry["archive"] = formattable(record.archive)
        if record.archive_location:
            self.entry["archive-location"] = formattable(record.archive_location)
        if record.call_number:
            self.entry["call-number"] = formattable(record.call_number)
        for label, value in (("Medium", record.medium), ("Status", record.status),
                             ("Jurisdiction", record.jurisdiction),
                             ("Database", record.database)):
            self.label(label, value)

    def identifiers(self) -> None:
        record = self.record
        serials: Entry = {}
        if record.doi:
            serials["doi"] = record.doi
            arxiv = _ARXIV_DOI.match(record.doi)
            if arxiv:
                serials["arxiv"] = arxiv.group(1)
        if record.isbn:
            serials["isbn"] = record.isbn[0]
        if record.issn:
            serials["issn"] = record.issn[0]
        if record.pmid:
            serials["pmid"] = record.pmid
        if record.pmcid:
            serials["pmcid"] = record.pmcid
        if record.number:
            arxiv = _ARXIV_NUMBER.match(record.number)
            if arxiv:
                serials["arxiv"] = arxiv.group(1)
            else:
                serials["number"] = record.number
        if record.version:
            serials["version"] = record.version
        if serials:
            self.entry["serial-number"] = serials
        if record.urls and (not _LINKABLE_URL.match(record.urls[0])
                            or len(record.urls[0]) > _LONGEST_URL):
            # Hayagriva wants an absolute URL, and Typst makes it a link: any other scheme
            # (javascript:, file:), a relative or spaced one, or one Typst refuses as too long
            # (a 54,637-character URL in bibtex-exports/zotero-bbt-biblatex__veni-sysrev.bib)
            # is kept as text.
            self.label("URL", record.urls[0])
        elif record.urls:
            accessed = hayagriva_date(record.accessed)
            url: YamlValue = ({"value": record.urls[0], "date": accessed} if accessed
                              else record.urls[0])
            self.entry["url"] = url
            if record.accessed is not None and accessed is None:
                self.label("Accessed", date_text(record.accessed))
        elif record.accessed is not None:
            self.label("Accessed", date_text(record.accessed))

    def series_entry(self) -> Entry:
        """The series (CSL collection) as a parent anthology: of the parent when the item has
        one, else of the item."""
        owner = self.parent if self.rule.parent_type and self.record.container_title else self.entry
        series = owner.get("parent")
        if not isinstance(series, dict):
            series = {"type": "anthology"}
            owner["parent"] = series
        return series

    def series(self) -> None:
        record = self.record
        if record.collection_title:
            self.series_entry()["title"] = formattable(record.collection_title)
        if record.collection_number:
            if record.collection_title:
                self.series_entry()["volume"] = record.collection_number
            else:
                self.label("Series number", record.collection_number)

    def notes(self) -> None:
        record = self.record
        lines = list(record.notes)
        if record.keywords:
            lines.append("Keywords: " + "; ".join(record.keywords))
        lines.extend(self.note)
        if self.with_extra:
            lines.extend(extra_note_lines(record))
        if lines:
            self.entry["note"] = formattable("\n".join(lines))

    def label(self, label: str, value: str) -> None:
        if value:
            self.note.append(f"{label}: {value}")


def record_to_hayagriva(record: Record, *, with_extra: bool = True) -> Entry:
    """One record as a Hayagriva entry (without its key)."""
    return _Builder(record, with_extra).build()


#: A rendered entry: the wanted key, whether it is the source's, the record's file and line (for
#: the OUT003 warning on a changed key) and the entry's YAML lines.
_RenderedEntry = tuple[str, bool, str, int, str]


class HayagrivaWriter(RecordWriter):
    name = "hayagriva"
    extensions = (".yml",)  # CSL YAML (pandoc) has .yaml
    description = "Hayagriva YAML for Typst's #bibliography"
    options_type = CslJsonOptions  # --no-extra only
    options: CslJsonOptions

    def __init__(self, report: Report, options: Options | None = None) -> None:
        super().__init__(report, options)
        self._ids = CslIds(self)
        self._first = True

    def render(self, record: Record) -> _RenderedEntry:
        entry = record_to_hayagriva(record, with_extra=not self.options.no_extra)
        body = "".join(line + "\n" for line in yaml_lines(entry, 2))
        wanted, from_source = wanted_id(record)
        return wanted, from_source, record.source.file, record.source.line, body

    def emit(self, rendered: _RenderedEntry, out: TextIO) -> None:
        wanted, from_source, file, line, body = rendered
        key = self._ids.claim(wanted, from_source, file, line)
        out.write(("" if self._first else "\n") + quote(key) + ":\n" + body)
        self._first = False

    def finish(self, out: TextIO) -> None:
        if self._first:
            out.write("{}\n")  # an empty mapping: a file Typst reads as no entries


def rule_table() -> Iterable[TypeRule]:
    """The type rules, for ``-v`` listings and the docs."""
    return (*TYPE_RULES, _FALLBACK_RULE)
