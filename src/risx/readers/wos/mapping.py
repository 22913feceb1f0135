"""Give Web of Science tagged values their meaning: one raw record -> one :class:`Record`.

The database comes first (the accession number's prefix: :func:`database_of`), then the type
(:func:`record_type`: ``PT``, refined by ``DT``), then each tag is read by its meaning for that
type and database (:func:`readings`).  The rules that weigh several tags together:

* names: ``AF`` (full names) when it names as many authors as ``AU``, else ``AU``; ``CA`` are
  group authors after them; ``BE`` editors; ``BA``/``BF`` the book's authors (the record's
  when it has no ``AU``); ``GP`` a book's group author, an author only when there is no other;
  cited references (``CR``) are never authors;
* titles: a book record's ``SO`` repeats its title; sources, series, publishers and their
  cities written in capitals are recased (:mod:`risx.readers.wos.recase`);
* dates: ``PY`` with ``PD``'s month, day or season (``PD DEC 16``, ``SPR``; ``PD`` with its
  own year: ``JUN 28 2011``, ``2026 FEB 25``); without either, the early access date ``EA``;
* pages ``BP``-``EP``, else Inspec's and MEDLINE's page span ``PS``; the article number ``AR``;
  the issue with its part (``PN``) and supplement (``SU``).

Every value no step used stays in ``Record.unmapped`` as ``WoS TAG`` (see
:mod:`risx.readers.tagged_values`), so it reaches the note: cited references, addresses,
funding, counts.  Nothing is dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from risx.diagnostics import DiagnosticSink, clip
from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation
from risx.readers.tagged_values import TagValues, join_unindented
from risx.readers.wos.exporters import EXPORTER_RULES, database_of
from risx.readers.wos.recase import recase_capitals
from risx.readers.wos.syntax import LIST_TAGS
from risx.readers.wos.tables import (
    DOCUMENT_TYPES,
    TAG_READINGS,
    WOS_TAGS,
)
from risx.transforms.dates import parse_ris_date
from risx.transforms.identifiers import (
    looks_like_article_number,
    normalise_doi,
    split_issn_isbn,
    split_urls,
)
from risx.transforms.names import parse_ris_names
from risx.transforms.pages import normalise_pages

#: The name unmapped values are kept under: ``WoS CR``.
PREFIX = "WoS"

#: The meanings the mapper resolves for each tag of ``TAG_READINGS`` and of the exporter rows
#: (``note``: read for no field).  ``tests/readers/test_wos_reader.py`` keeps them in step.
MEANINGS: dict[str, frozenset[str]] = {
    "TI": frozenset({"title", "title-with-markup"}),
    "AU": frozenset({"names", "names-with-email"}),
    "SO": frozenset({"container-title", "book-title", "note"}),
    "SE": frozenset({"collection-title"}),
    "JI": frozenset({"container-title-short"}),
    "LA": frozenset({"language"}),
    "CT": frozenset({"event-title"}),
    "CY": frozenset({"event-date"}),
    "CL": frozenset({"event-place"}),
    "DE": frozenset({"keywords"}),
    "ID": frozenset({"keywords", "note"}),
    "BD": frozenset({"keywords"}),
    "OR": frozenset({"keywords"}),
    "MC": frozenset({"keywords"}),
    "MQ": frozenset({"keywords"}),
    "AB": frozenset({"abstract"}),
    "PU": frozenset({"publisher"}),
    "PI": frozenset({"publisher-place"}),
    "SN": frozenset({"issn", "note"}),
    "EI": frozenset({"issn"}),
    "BN": frozenset({"isbn"}),
    "EA": frozenset({"available-date"}),
    "VL": frozenset({"volume"}),
    "IS": frozenset({"issue"}),
    "PN": frozenset({"issue-part", "number"}),
    "SU": frozenset({"issue-supplement"}),
    "BP": frozenset({"page"}),
    "EP": frozenset({"page"}),
    "AR": frozenset({"number"}),
    "PS": frozenset({"page-span"}),
    "PG": frozenset({"number-of-pages", "note"}),
    "DI": frozenset({"doi"}),
    "D2": frozenset({"book-doi"}),
    "PM": frozenset({"pmid"}),
    "UT": frozenset({"accession"}),
    "AN": frozenset({"accession"}),
    "AW": frozenset({"url"}),
    "UR": frozenset({"url"}),
    "AE": frozenset({"publisher"}),
    "PC": frozenset({"jurisdiction"}),
    "DG": frozenset({"issued-if-none"}),
}

#: Tags that hold one value per record: a repeat is reported (WOS024) and kept in the note.
SINGLE_TAGS = frozenset({"PT", "TI", "SO", "AB", "PY", "PD", "VL", "IS", "BP", "EP", "AR",
                         "DI", "PU", "PI"})
#: The readings of the tags that are not type-dependent rows (names, dates).
_NAME_READING = {"AU": "names"}

#: The tags keywords come from, in this order (Keywords Plus, ID, is not one for Inspec).
_KEYWORD_TAGS = ("DE", "ID", "OR", "BD", "MC", "MQ")
_KEYWORD_TAGS_BUT_ID = tuple(tag for tag in _KEYWORD_TAGS if tag != "ID")
_EMAIL_AFTER_NAME = re.compile(r"\s*\([^()]*@[^()]*\)\s*$")
_INSPEC_MARKUP = re.compile(r"/(sub|sup)\s*([^/]*?)\s*/", re.IGNORECASE)
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+(\d{4})$")
_YEAR = re.compile(r"\b\d{4}\b")
_NON_WORD = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=128)
def readings(csl_type: str, database: str) -> dict[str, str]:
    """What each tag means in a record of ``csl_type`` from ``database``: the database's rows
    first, then the type's, then the default."""
    meanings = {tag: reading.meaning(csl_type) for tag, reading in TAG_READINGS.items()}
    meanings.update(_NAME_READING)
    for rule in EXPORTER_RULES:
        if rule.database == database and (not rule.types or csl_type in rule.types):
            meanings[rule.tag] = rule.meaning
    return meanings


def same_title(a: str, b: str) -> bool:
    """Two titles that differ only in case, punctuation and spacing."""
    return bool(a) and bool(b) and (a == b or _NON_WORD.sub(" ", a.casefold()).strip()
                                    == _NON_WORD.sub(" ", b.casefold()).strip())


def record_type(values: TagValues, sink: DiagnosticSink, line: int) -> str:
    """The CSL type of a record, from ``PT`` refined by ``DT`` (see :mod:`tables`)."""
    publication = values.first("PT").strip().upper()
    hints = {DOCUMENT_TYPES.get(part.strip().lower(), "")
             for part in values.first("DT").split(";")} - {""}
    if publication == "P" or "patent" in hints:
        return "patent"
    if "paper-conference" in hints or publication == "C":
        return "paper-conference"
    if publication in ("B", "S"):
        source, title = values.first("SO"), values.first("TI")
        if "book" in hints or not source or (publication == "B" and same_title(title, source)):
            return "book"
        return "chapter"
    if publication == "J":
        return "thesis" if "thesis" in hints else "article-journal"
    sink.warning("WOS023", line, f"unknown publication type PT '{clip(publication)}'; read by "
                 f"its document type or as a journal article")
    for csl_type in ("chapter", "book", "thesis"):
        if csl_type in hints:
            return csl_type
    return "article-journal"


def count_rules(values: TagValues, csl_type: str, database: str,
                tally: dict[str, int]) -> None:
    """Add to ``tally`` the database rules that read this record (for ``-v``): a rule of its
    database and type whose tag it has."""
    for rule in EXPORTER_RULES:
        if (rule.database == database and (not rule.types or csl_type in rule.types)
                and values.has(rule.tag)):
            tally[rule.id] = tally.get(rule.id, 0) + 1


def map_record(raws: Sequence[RawTag], start_line: int, file: str,
               sink: DiagnosticSink, tally: dict[str, int] | None = None) -> Record:
    """Interpret one Web of Science record's tags; the database rules that read it are
    counted in ``tally``."""
    values = TagValues(raws)
    if "" in values.by_tag:
        values = TagValues(join_unindented(raws, sink, code="WOS018", indent="three spaces",
                                           keep_after=frozenset({"PT"}), list_tags=LIST_TAGS))
    accession = values.first("UT")
    database = database_of(accession)
    csl_type = record_type(values, sink, start_line)
    if tally is not None and database:
        count_rules(values, csl_type, database, tally)
    mapper = _Mapper(values, readings(csl_type, database), sink, csl_type)
    mapper.report_unknown_tags()
    fields = mapper.run()
    values.take("PT")
    return Record(type=csl_type, source=SourceLocation(file, start_line),
                  source_type=values.first("PT"), database=database,
                  unmapped=values.unmapped(PREFIX), **fields)


class _Mapper:
    """Reads the fields of one record, a step at a time (see the module docstring)."""

    __slots__ = ("csl_type", "fields", "means", "sink", "values")

    def __init__(self, values: TagValues, means: dict[str, str], sink: DiagnosticSink,
                 csl_type: str) -> None:
        self.values = values
        self.means = means
        self.sink = sink
        self.csl_type = csl_type
        #: The record's fields by name (values of several types: Record checks them).
        self.fields: dict[str, Any] = {}

    def run(self) -> dict[str, Any]:
        self._names()
        self._titles()
        self._dates()
        self._locators()
        self._identifiers()
        self._publication()
        self._content()
        return self.fields

    # -- helpers -------------------------------------------------------------------------------

    def single(self, tag: str) -> str:
        """The value of a one-value tag; a repeat is reported once per file and kept."""
        values = self.values
        if values.count(tag) > 1 and tag in SINGLE_TAGS and self.sink.first_time(f"WOS024:{tag}"):
            self.sink.warning("WOS024", values.all(tag)[1].line, f"{tag} appears more than once "
                              f"in a record; the first value is used, the others are kept in "
                              f"the note (further repeats of {tag} are not reported)")
        return values.take(tag)

    def report_unknown_tags(self) -> None:
        values, sink = self.values, self.sink
        for tag, positions in values.by_tag.items():
            if tag and tag not in WOS_TAGS and sink.first_time(f"WOS020:{tag}"):
                sink.warning("WOS020", values.raws[positions[0]].line, f"tag '{tag}' is not a "
                             f"Web of Science tag; its values are kept in the note (reported "
                             f"once per file)")

    def _names_of(self, tag: str, role: str, *, strip_email: bool = False) -> list[Contributor]:
        """The people of one name tag, each value marked used unless something of it is left
        for the note (an e-mail address after the name)."""
        values = self.values
        people: list[Contributor] = []
        for position in values.positions(tag):
            raw = values.raws[position]
            value = raw.value
            if strip_email:
                stripped = _EMAIL_AFTER_NAME.sub("", value)
                keep_in_note = stripped != value
                value = stripped
            else:
                keep_in_note = False
            parsed = parse_ris_names(value)
            if not parsed.names:
                continue  # "[Anonymous]": not a name; kept in the note
            if parsed.problem:
                self.sink.warning("WOS022", raw.line, f"{tag} '{clip(raw.value)}': "
                                  f"{parsed.problem}")
            people.extend(Contributor(role, name) for name in parsed.names)
            if not keep_in_note:
                values.use(position)
        return people

    def _full_names(self) -> list[Contributor]:
        """The authors from AF, each beside its AU (the same person, initials form).  An AF
        without a comma ("Zhang Zhi-Wei") is family name first when its AU says so
        ("Zhang, ZW"): the family name is AU's."""
        values = self.values
        short = values.positions("AU")
        people: list[Contributor] = []
        for index, position in enumerate(values.positions("AF")):
            raw = values.raws[position]
            initials = values.raws[short[index]].value if index < len(short) else ""
            family = initials.partition(",")[0].strip() if "," in initials else ""
            if "," not in raw.value and family and raw.value.startswith(f"{family} "):
                name = Name(family=family, given=raw.value[len(family):].strip())
                people.append(Contributor("author", name))
            else:
                parsed = parse_ris_names(raw.value)
                if parsed.problem:
                    self.sink.warning("WOS022", raw.line, f"AF '{clip(raw.value)}': "
                                      f"{parsed.problem}")
                people.extend(Contributor("author", name) for name in parsed.names)
            values.use(position)
            if index < len(short):
                values.use(short[index])  # the initials form of the same name
        return people

    def _literals(self, tag: str, role: str) -> list[Contributor]:
        values = self.values
        people = [Contributor(role, Name(literal=raw.value.strip()))
                  for raw in values.take_all(tag) if raw.value.strip()]
        return people

    def _date(self, text: str, tag: str, line: int | None) -> Date | None:
        numeric = _NUMERIC_MONTH_YEAR.match(text.strip())
        if numeric is not None and 1 <= int(numeric.group(1)) <= 12:
            # Inspec's "PD 07 2006": the month as a number, then the year.
            return Date(parts=((int(numeric.group(2)), int(numeric.group(1))),), raw=text)
        parsed = parse_ris_date(text)
        if parsed.problem:
            self.sink.warning("WOS021", line, f"{tag} '{clip(text)}': {parsed.problem}")
        return parsed.date

    # -- steps -----------------------------------------------------------------------------------

    def _names(self) -> None:
        values, sink = self.values, self.sink
        email = self.means["AU"] == "names-with-email"
        short, full = values.count("AU"), values.count("AF")
        if full and (full == short or not short):
            authors = self._full_names()
        else:
            if full and sink.first_time("WOS025"):
                sink.warning("WOS025", values.line_of("AF"), f"AU names {short} author(s) and "
                             f"AF {full}: the AU names were used, AF is kept in the note "
                             f"(reported once per file)")
            authors = self._names_of("AU", "author", strip_email=email)
        book_tag = "BF" if values.has("BF") else "BA"
        book_authors = self._names_of(book_tag, "author" if not authors else "container-author")
        if book_tag == "BF":
            for position in values.positions("BA"):
                values.use(position)
        groups = self._literals("CA", "author")
        contributors = [*authors, *book_authors, *groups]
        if not contributors:
            contributors = self._literals("GP", "author")
        contributors.extend(self._names_of("BE", "editor"))
        self.fields["contributors"] = tuple(contributors)

    def _titles(self) -> None:
        values, means, fields = self.values, self.means, self.fields
        title = self.single("TI")
        if means["TI"] == "title-with-markup" and "/" in title:
            title = _INSPEC_MARKUP.sub(lambda m: f"<{m.group(1).lower()}>{m.group(2)}"
                                              f"</{m.group(1).lower()}>", title)
        short = values.take("JI")
        source = recase_capitals(self.single("SO"), short) if means["SO"] != "note" \
            else ""
        if means["SO"] == "book-title":
            if not title:
                title = source
            elif not same_title(title, source):
                fields["container_title"] = source
        elif source:
            fields["container_title"] = source
        fields["title"] = title
        fields["container_title_short"] = short
        fields["collection_title"] = recase_capitals(values.take("SE"))
        fields["event_title"] = values.take("CT")
        fields["event_place"] = values.take("CL")

    def _dates(self) -> None:
        values, fields = self.values, self.fields
        year = self.single("PY").strip()
        when = self.single("PD").strip()
        issued: Date | None = None
        if when:
            text = when if _YEAR.search(when) or not year else f"{when} {year}"
            issued = self._date(text, "PD", values.line_of("PD"))
        if issued is None and year:
            issued = self._date(year, "PY", values.line_of("PY"))
        early = values.take("EA")
        available = self._date(early, "EA", values.line_of("EA")) if early else None
        granted = values.first("DG")
        if issued is None and granted:
            issued = self._date(granted, "DG", values.line_of("DG"))
            values.take("DG")
        fields["issued"] = issued if issued is not None else available
        fields["available_date"] = available
        conference = values.take("CY")
        if conference:
            parsed = parse_ris_date(conference)
            fields["event_date"] = parsed.date if parsed.date is not None \
                else Date(raw=conference)

    def _locators(self) -> None:
        values, means, fields = self.values, self.means, self.fields
        fields["volume"] = self.single("VL")
        issue = self.single("IS")
        part = values.take("PN") if means["PN"] == "issue-part" else ""
        supplement = values.take("SU")
        pieces = [issue] if issue else []
        if part:
            pieces.append(f"Pt {part}")
        if supplement:
            pieces.append(supplement if supplement[:1].isalpha() else f"Suppl {supplement}")
        fields["issue"] = " ".join(pieces)
        first, last = self.single("BP"), self.single("EP")
        page = f"{first}-{last}" if first and last and first != last else first or last
        span = values.first("PS")
        if not page or span == page:
            page = page or span
            values.take("PS")  # the span says again what BP and EP say (BCI, zotero/007.txt)
        number = self.single("AR")
        if means["PN"] == "number":
            number = number or values.take("PN")
        if page and not number and "-" not in page and looks_like_article_number(page):
            # Zoological Record's PS e0191645: an electronic locator, read as the RIS reader
            # reads a lone SP of that shape (an article number, not a page).
            number, page = page, ""
        fields["page"] = normalise_pages(page)  # PAGE-DASH, PAGE-EXPAND, PAGE-LETTER (issue 16)
        fields["number"] = number
        if means["PG"] == "number-of-pages":
            fields["number_of_pages"] = values.take("PG")

    def _identifiers(self) -> None:
        values, fields = self.values, self.fields
        issns: list[str] = []
        for tag in ("SN", "EI") if self.means["SN"] == "issn" else ("EI",):
            for position in values.positions(tag):
                found, _ = split_issn_isbn(values.raws[position].value)
                if found:
                    values.use(position)
                issns.extend(v for v in found if v not in issns)
        isbns: list[str] = []
        for position in values.positions("BN"):
            _, found = split_issn_isbn(values.raws[position].value)
            if found:
                values.use(position)
            isbns.extend(v for v in found if v not in isbns)
        fields["issn"] = tuple(issns)
        fields["isbn"] = tuple(isbns)
        doi = normalise_doi(values.first("DI"))
        if doi:
            values.take("DI")
        elif values.has("D2"):
            doi = normalise_doi(values.first("D2"))
            if doi:
                values.take("D2")
        fields["doi"] = doi
        fields["pmid"] = values.take("PM").strip()
        accessions: list[str] = []
        for tag in ("UT", "AN"):
            for raw in values.take_all(tag):
                # Inspec's AN 9027814 is UT INSPEC:9027814 without its prefix.
                if not any(a == raw.value or a.endswith(f":{raw.value}") for a in accessions):
                    accessions.append(raw.value)
        fields["accession_numbers"] = tuple(accessions)
        urls: list[str] = []
        for tag in ("AW", "UR"):
            for raw in values.take_all(tag):
                urls.extend(u for u in split_urls(raw.value) if u not in urls)
        fields["urls"] = tuple(urls)

    def _publication(self) -> None:
        values, fields = self.values, self.fields
        fields["publisher"] = recase_capitals(self.single("PU") or values.take("AE"))
        fields["publisher_place"] = recase_capitals(self.single("PI"))
        fields["jurisdiction"] = values.take("PC")
        fields["language"] = values.take("LA")

    def _content(self) -> None:
        values, fields = self.values, self.fields
        fields["abstract"] = self.single("AB")
        keywords: list[str] = []
        seen: set[str] = set()
        tags = _KEYWORD_TAGS if self.means["ID"] == "keywords" else _KEYWORD_TAGS_BUT_ID
        for tag in tags:
            for raw in values.take_all(tag):
                for keyword in raw.value.split(";"):
                    keyword = keyword.strip()
                    if keyword and keyword not in seen:
                        seen.add(keyword)
                        keywords.append(keyword)
        fields["keywords"] = tuple(keywords)
