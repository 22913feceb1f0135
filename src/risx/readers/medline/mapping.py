"""Give MEDLINE tagged values their meaning: one raw record -> one :class:`Record`.

The type comes first (:func:`record_type`: the publication types of
:data:`~risx.readers.medline.tables.TYPE_ROWS`, the exporter's), then each tag is read by
its meaning for that type (:func:`readings`: the exporter's rows, then the tables').  The
rules that weigh several tags together are here, each in its own step:

* names: ``FAU`` then its ``AU`` are one person (the full form is used, the initials form
  only without it); ``CN`` is a collective author, in its place among the authors;
  ``FED``/``ED`` the same for editors; ``AD`` and ``AUID`` stay in the note, named after the
  person before them (``MEDLINE AD (Smith, John A)``); investigators (``IR``/``FIR``) are
  not authors and stay in the note;
* locators: ``PG`` is the pages, or the article number when it is an electronic locator
  (the bare ``LID``, or ``e0268950``); the DOI comes from the first ``[doi]`` of ``LID`` or
  ``AID`` (or a bare DOI, ``doi:10...``); a bare ``[pii]`` of a few digits that NLM prints
  as the locator in ``SO`` is the article number; ``[bookaccession]`` (NBK...) and ERIC's
  number are accession numbers; links are URLs;
* titles: PubMed ends every title with a full stop, which is dropped, and puts the English
  translation of a non-English title in brackets, which are dropped (the vernacular title,
  ``TT``, is the original title);
* MeSH terms keep NLM's form: ``Descriptor/qualifier``, ``*`` before a major topic.

Every value no step used stays in ``Record.unmapped`` as ``MEDLINE TAG`` (see
:mod:`risx.readers.tagged_values`), so it reaches the note; nothing is dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from risx.diagnostics import DiagnosticSink, clip
from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation
from risx.readers.medline.exporters import (
    ERIC,
    ERIC_JOURNAL_EVIDENCE,
    ERIC_JOURNAL_RULE,
    EXPORTER_RULES,
    exporter_of,
)
from risx.readers.medline.syntax import MEDLINE_TAGS
from risx.readers.medline.tables import TAG_READINGS, TYPE_ROWS
from risx.readers.tagged_values import TagValues, join_unindented
from risx.transforms.dates import ParsedDate, parse_ris_date
from risx.transforms.identifiers import (
    find_doi,
    looks_like_article_number,
    normalise_doi,
    split_issn_isbn,
    split_urls,
)
from risx.transforms.names import parse_ris_names
from risx.transforms.pages import normalise_pages

#: The name unmapped values are kept under: ``MEDLINE PHST``.
PREFIX = "MEDLINE"

#: The meanings the mapper resolves for each tag of ``TAG_READINGS`` (``note``: read for no
#: field, so the value stays in the note).  ``tests/readers/test_medline_reader.py`` keeps the tables
#: and the exporter rows in step with it.
MEANINGS: dict[str, frozenset[str]] = {
    "PMID": frozenset({"pmid"}),
    "PMC": frozenset({"pmcid"}),
    "TI": frozenset({"title"}),
    "BTI": frozenset({"book-title", "container-title"}),
    "CTI": frozenset({"collection-title"}),
    "TT": frozenset({"original-title"}),
    "AB": frozenset({"abstract"}),
    "JT": frozenset({"container-title", "publisher", "archive"}),
    "TA": frozenset({"container-title-short"}),
    "VI": frozenset({"volume"}),
    "IP": frozenset({"issue"}),
    "PG": frozenset({"page"}),
    "DP": frozenset({"issued"}),
    "DEP": frozenset({"available-date"}),
    "LA": frozenset({"language"}),
    "PB": frozenset({"publisher"}),
    "PL": frozenset({"publisher-place", "note"}),
    "EN": frozenset({"edition"}),
    "IS": frozenset({"issn"}),
    "ISSN": frozenset({"issn"}),
    "ISBN": frozenset({"isbn"}),
    "LID": frozenset({"location-id"}),
    "AID": frozenset({"article-id"}),
    "OID": frozenset({"accession", "note"}),
    "MH": frozenset({"keyword"}),
    "OT": frozenset({"keyword"}),
    "SO": frozenset({"degree-and-university", "note"}),
}

#: Tags that hold one value per record: a repeat is reported (MED024) and kept in the note.
#: (``LA`` is left out: an article in two languages has two, and that is not a problem.)
SINGLE_TAGS = frozenset({"TI", "BTI", "AB", "JT", "TA", "VI", "IP", "PG", "DP", "DEP", "PB",
                         "EN", "CTI", "TT"})

_IDENTIFIER_KIND = re.compile(r"^(.*?)\s*\[([A-Za-z]+)\]\s*$")
_SHORT_ID = re.compile(r"^[A-Za-z]{0,2}\d{1,8}$")
_ERIC_ARTICLE_DATE = re.compile(r"^Article\s+(\S+)\s+(\d{4})$", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"^(\d{4})\s+(\d{1,2})(?:\s+(\d{1,2}))?$")
_ISSN_LABEL = re.compile(r"^\s*E?ISSN[-\s:]*", re.IGNORECASE)
_ISBN_LABEL = re.compile(r"^\s*ISBN[-\s:]*", re.IGNORECASE)
#: Final tokens after which a full stop belongs to the word, not to the sentence.
_KEEP_STOP_AFTER = frozenset({"al.", "etc.", "inc.", "ltd.", "co.", "jr.", "sr.", "vs.", "no.",
                              "vol.", "st."})


@functools.lru_cache(maxsize=64)
def readings(csl_type: str, exporter: str) -> dict[str, str]:
    """What each tag of ``TAG_READINGS`` means in a record of ``csl_type`` from ``exporter``:
    the exporter's rows first, then the type's, then the default."""
    meanings = {tag: reading.meaning(csl_type) for tag, reading in TAG_READINGS.items()}
    for rule in EXPORTER_RULES:
        if rule.exporter == exporter and (not rule.types or csl_type in rule.types):
            meanings[rule.tag] = rule.meaning
    return meanings


def record_type(values: TagValues, exporter: str) -> tuple[str, str, int | None]:
    """``(CSL type, the PT value that gave it, its position)``; the position is ``None`` when
    no publication type decided (a journal article by its journal, or a generic document)."""
    pts = [(position, values.raws[position].value) for position in values.positions("PT")]
    for row in TYPE_ROWS:
        if row.exporter != exporter:
            continue
        for position, value in pts:
            if row.matches(value.strip().lower()):
                csl_type = row.csl_type
                if (exporter == ERIC and csl_type == "report"
                        and any(values.has(tag) for tag in ERIC_JOURNAL_EVIDENCE)):
                    csl_type = ERIC_JOURNAL_RULE.meaning
                return csl_type, value, position
    first_pt = pts[0][1] if pts else ""
    if exporter == ERIC:
        # An ERIC document ("ED...") without a journal: ERIC's documents are reports.
        journal = values.has("JT") and values.has("VI")
        return ("article-journal" if journal else "report"), first_pt, None
    # PubMed indexes journal articles and NCBI Bookshelf books: a record no type row decides
    # (Journal Article, Review, Case Reports, In-Process records without PT) is an article.
    if values.has("BTI") and not values.has("JT"):
        return "book", first_pt, None
    return "article-journal", first_pt, None


def count_rules(values: TagValues, csl_type: str, exporter: str, decided_by: int | None,
                tally: dict[str, int]) -> None:
    """Add to ``tally`` the exporter rules that read this record (for ``-v``): a rule of its
    exporter and type whose tag it has, and the journal rule when it made a report an article."""
    fired = [rule.id for rule in EXPORTER_RULES
             if rule.exporter == exporter and (not rule.types or csl_type in rule.types)
             and values.has(rule.tag)]
    if (exporter == ERIC and decided_by is not None and csl_type == ERIC_JOURNAL_RULE.meaning
            and any(row.csl_type == "report" and row.matches(values.raws[decided_by].value
                                                              .strip().lower())
                    for row in TYPE_ROWS if row.exporter == ERIC)):
        fired.append(ERIC_JOURNAL_RULE.id)
    for rule_id in fired:
        tally[rule_id] = tally.get(rule_id, 0) + 1


def map_record(raws: Sequence[RawTag], start_line: int, file: str,
               sink: DiagnosticSink, tally: dict[str, int] | None = None) -> Record:
    """Interpret one MEDLINE record's tags; the exporter rules that read it are counted in
    ``tally``."""
    values = TagValues(raws)
    if "" in values.by_tag:
        values = TagValues(join_unindented(raws, sink, code="MED023", indent="six spaces",
                                           keep_after=frozenset({"PMID"})))
    exporter = exporter_of(values.first("OWN"))
    csl_type, source_type, decided_by = record_type(values, exporter)
    if tally is not None and exporter == ERIC:
        count_rules(values, csl_type, exporter, decided_by, tally)
    if decided_by is not None:
        values.use(decided_by)
    mapper = _Mapper(values, readings(csl_type, exporter), sink, exporter)
    mapper.report_unknown_tags()
    fields = mapper.run()
    return Record(type=csl_type, source=SourceLocation(file, start_line), source_type=source_type,
                  unmapped=values.unmapped(PREFIX, mapper.renamed), **fields)


class _ArticleIds:
    """What a record's LID and AID values hold."""

    __slots__ = ("accessions", "doi", "locator", "piis", "pmcid", "urls")

    def __init__(self) -> None:
        self.doi = ""
        self.locator = ""
        self.pmcid = ""
        self.piis: list[tuple[int, str]] = []
        self.urls: list[str] = []
        self.accessions: list[str] = []


class _Mapper:
    """Reads the fields of one record, a step at a time (see the module docstring)."""

    __slots__ = ("exporter", "fields", "means", "renamed", "sink", "values")

    def __init__(self, values: TagValues, means: dict[str, str], sink: DiagnosticSink,
                 exporter: str) -> None:
        self.values = values
        self.means = means
        self.sink = sink
        self.exporter = exporter
        #: The record's fields by name (values of several types: Record checks them).
        self.fields: dict[str, Any] = {}
        #: Unmapped values kept under another name than ``MEDLINE TAG`` (an author's AD).
        self.renamed: dict[int, str] = {}

    def run(self) -> dict[str, Any]:
        self._names()
        self._titles()
        self._dates()
        self._container()
        self._locators()
        self._identifiers()
        self._publication()
        self._content()
        return self.fields

    # -- helpers -------------------------------------------------------------------------------

    def single(self, tag: str) -> str:
        """The value of a one-value tag; a repeat is reported once per file and kept."""
        values = self.values
        if values.count(tag) > 1 and self.sink.first_time(f"MED024:{tag}"):
            self.sink.warning("MED024", values.all(tag)[1].line, f"{tag} appears more than once "
                              f"in a record; the first value is used, the others are kept in "
                              f"the note (further repeats of {tag} are not reported)")
        return values.take(tag)

    def report_unknown_tags(self) -> None:
        values, sink = self.values, self.sink
        for tag, positions in values.by_tag.items():
            if tag and tag not in MEDLINE_TAGS and sink.first_time(f"MED020:{tag}"):
                sink.warning("MED020", values.raws[positions[0]].line, f"tag '{tag}' is not a "
                             f"MEDLINE tag; its values are kept in the note (reported once per "
                             f"file)")

    def _date(self, raw_value: str, tag: str, line: int | None) -> Date | None:
        numeric = _NUMERIC_DATE.match(raw_value.strip())
        if numeric is not None:
            # "2013 06 10": numbers where PubMed writes month names (hand-made files).
            year, month, day = (int(g) if g else 0 for g in numeric.groups())
            if 1 <= month <= 12 and 0 <= day <= 31:
                parts = (year, month, day) if day else (year, month)
                return Date(parts=(parts,), raw=raw_value)
        parsed: ParsedDate = parse_ris_date(raw_value)
        if parsed.problem:
            self.sink.warning("MED021", line, f"{tag} '{clip(raw_value)}': {parsed.problem}")
        return parsed.date

    # -- steps -----------------------------------------------------------------------------------

    def _names(self) -> None:
        """FAU/AU, FED/ED pairs, CN in place; AD and AUID named after their person."""
        raws, used = self.values.raws, self.values.used
        contributors: list[Contributor] = []
        full: tuple[int, str] | None = None  # a FAU/FED waiting for its AU/ED: (position, role)
        person = ""  # the last person's name as written, for their AD lines
        for position, raw in enumerate(raws):
            tag = raw.tag
            if tag in ("FAU", "FED"):
                if full is not None:
                    contributors.extend(self._person(full[0], full[1]))
                full = (position, "author" if tag == "FAU" else "editor")
                person = raw.value
            elif tag in ("AU", "ED"):
                role = "author" if tag == "AU" else "editor"
                if full is not None and full[1] == role:
                    contributors.extend(self._person(full[0], role))
                    used.add(position)  # the initials form of the full name before it
                    full = None
                else:
                    if full is not None:
                        contributors.extend(self._person(full[0], full[1]))
                        full = None
                    contributors.extend(self._person(position, role))
                    person = raw.value
            elif tag == "CN":
                if full is not None:
                    contributors.extend(self._person(full[0], full[1]))
                    full = None
                if raw.value:
                    contributors.append(Contributor("author", Name(literal=raw.value)))
                    used.add(position)
                person = raw.value
            elif tag in ("AD", "AUID") and person and raw.value:
                self.renamed[position] = f"{PREFIX} {tag} ({person})"
        if full is not None:
            contributors.extend(self._person(full[0], full[1]))
        self.fields["contributors"] = tuple(contributors)

    def _person(self, position: int, role: str) -> list[Contributor]:
        raw = self.values.raws[position]
        value = raw.value
        if not value:
            return []
        if raw.tag in ("FAU", "FED") and "," not in value:
            # NLM lists a person known by one name as "FAU - Selvamani": a family name.
            self.values.use(position)
            return [Contributor(role, Name(family=value))]
        parsed = parse_ris_names(value)
        if not parsed.names:
            return []  # "et al.", "[Anonymous]": not a name; kept in the note
        if parsed.problem:
            self.sink.warning("MED022", raw.line, f"{raw.tag} '{clip(value)}': {parsed.problem}")
        self.values.use(position)
        return [Contributor(role, name) for name in parsed.names]

    def _titles(self) -> None:
        means, fields = self.means, self.fields
        title = clean_title(self.single("TI"))
        book = self.single("BTI")
        if book and means["BTI"] == "container-title":
            fields["container_title"] = book
        elif book and not title:
            title = book
        elif book:
            fields["container_title"] = book
        fields["title"] = title
        fields["original_title"] = clean_title(self.single("TT"))
        fields["collection_title"] = self.single("CTI")
        journal = self.single("JT")
        meaning = means["JT"]
        if meaning == "container-title":
            fields["container_title"] = fields.get("container_title") or journal
        elif meaning == "publisher":
            fields["publisher"] = journal
        elif meaning == "archive":
            fields["archive"] = journal
        fields["container_title_short"] = self.single("TA")

    def _dates(self) -> None:
        values, fields = self.values, self.fields
        dp_line = values.line_of("DP")
        published = self.single("DP")
        issued: Date | None = None
        if published:
            article = _ERIC_ARTICLE_DATE.match(published.strip())
            if article is not None and self.exporter == ERIC:
                # ERIC's "DP - Article 10 2019": the article number, then the year.
                fields["number"] = article.group(1)
                issued = Date(parts=((int(article.group(2)),),), raw=published)
            else:
                issued = self._date(published, "DP", dp_line)
        electronic = self.single("DEP")
        available = self._date(electronic, "DEP", values.line_of("DEP")) if electronic else None
        if issued is None and available is not None:
            issued = available
        fields["issued"] = issued
        fields["available_date"] = available

    def _container(self) -> None:
        fields = self.fields
        fields["volume"] = self.single("VI")
        fields["issue"] = self.single("IP")
        fields["edition"] = self.single("EN")

    def _locators(self) -> None:
        """Pages, article number, DOI, links and accession numbers from PG, LID and AID."""
        values, fields = self.values, self.fields
        page = self.single("PG")
        ids = self._article_ids()
        number = str(fields.get("number", ""))
        locator = ids.locator
        if locator and (not page or page == locator):
            number, page = number or locator, ""
        elif page and not locator and " " not in page and "-" not in page \
                and looks_like_article_number(page):
            number, page = number or page, ""
        elif locator:
            number = number or locator
        if not page and not number:
            number = self._pii_as_locator(ids.piis)
        for position, value in ids.piis:
            if number and value == number:
                values.use(position)  # the id that is the locator, and AID's copy of it
        fields["page"] = normalise_pages(page)  # PAGE-DASH, PAGE-EXPAND, PAGE-LETTER (issue 16)
        fields["number"] = number
        fields["doi"] = ids.doi
        fields["urls"] = tuple(ids.urls)
        fields["accession_numbers"] = tuple(ids.accessions)
        fields["pmcid"] = pmc_form(self.single("PMC") or ids.pmcid)

    def _article_ids(self) -> _ArticleIds:
        """What the LID and AID values are, in source order (see the module docstring)."""
        values = self.values
        ids = _ArticleIds()
        for position in sorted([*values.positions("LID"), *values.positions("AID")]):
            raw = values.raws[position]
            labelled = _IDENTIFIER_KIND.match(raw.value)
            value, kind = ((labelled.group(1), labelled.group(2).lower()) if labelled
                           else (raw.value.strip(), ""))
            if kind == "doi" or (not kind and find_doi(value)):
                found = normalise_doi(value)
                if found and ids.doi in ("", found):
                    ids.doi = found
                    values.use(position)
            elif kind == "pii":
                ids.piis.append((position, value))
            elif kind == "bookaccession":
                if value not in ids.accessions:
                    ids.accessions.append(value)
                values.use(position)
            elif kind in ("pmc", "pmcid") and not ids.pmcid:
                ids.pmcid = value
                values.use(position)
            elif not kind and ("://" in value or value.startswith("www.")):
                ids.urls.extend(u for u in split_urls(value) if u not in ids.urls)
                values.use(position)
            elif not kind and raw.tag == "LID" and not ids.locator:
                ids.locator = value  # the bare electronic locator (e0268950, 1042)
                values.use(position)
        return ids

    def _pii_as_locator(self, piis: list[tuple[int, str]]) -> str:
        """A short publisher item id that NLM prints as the locator in SO (``2021;4(1):1042``)
        is the article number; an Elsevier PII (``S0033-3506(15)00037-2``) is not."""
        source = self.values.first("SO")
        for position, value in piis:
            if _SHORT_ID.match(value) and (f":{value}." in source or source.endswith(f":{value}")):
                self.values.use(position)
                return value
        return ""

    def _identifiers(self) -> None:
        values, fields = self.values, self.fields
        issns: list[str] = []
        for tag in ("IS", "ISSN"):
            for position in values.positions(tag):
                text = _ISSN_LABEL.sub("", values.raws[position].value)
                found, _ = split_issn_isbn(text)
                if found or not text.strip():
                    values.use(position)  # "EISSN-" with nothing after it is used up too
                issns.extend(v for v in found if v not in issns)
        isbns: list[str] = []
        for position in values.positions("ISBN"):
            text = _ISBN_LABEL.sub("", values.raws[position].value)
            _, found = split_issn_isbn(text)
            if found:
                values.use(position)
            isbns.extend(v for v in found if v not in isbns)
        fields["issn"] = tuple(issns)
        fields["isbn"] = tuple(isbns)
        fields["pmid"] = values.take("PMID")
        if self.means["OID"] == "accession":
            found_accessions = list(fields["accession_numbers"])
            for raw in values.take_all("OID"):
                if raw.value not in found_accessions:
                    found_accessions.append(raw.value)
            fields["accession_numbers"] = tuple(found_accessions)

    def _publication(self) -> None:
        values, means, fields = self.values, self.means, self.fields
        publisher = self.single("PB")
        if publisher:
            fields["publisher"] = publisher
        if means["PL"] == "publisher-place":
            fields["publisher_place"] = values.take("PL")
        if means["SO"] == "degree-and-university":
            degree, comma, university = values.first("SO").partition(",")
            if comma and university.strip():
                # "Ph.D. Dissertation, Drexel University": the thesis's genre and institution.
                values.take("SO")
                fields["genre"] = degree.strip()
                fields["publisher"] = university.strip()
        fields["language"] = values.take("LA")

    def _content(self) -> None:
        values, fields = self.values, self.fields
        fields["abstract"] = self.single("AB")
        keywords: list[str] = []
        seen: set[str] = set()
        positions = sorted([*values.positions("MH"), *values.positions("OT")])
        for position in positions:
            keyword = values.raws[position].value.strip()
            values.use(position)
            if keyword and keyword not in seen:
                seen.add(keyword)
                keywords.append(keyword)
        fields["keywords"] = tuple(keywords)


def clean_title(title: str) -> str:
    """A PubMed title without the full stop PubMed ends it with, and without the brackets
    around an English translation (``[Cystic fibrosis in adults].`` -> the words)."""
    text = title.strip()
    if not text:
        return ""
    if text.endswith(".") and not text.endswith(".."):
        last = text.rsplit(None, 1)[-1].lower()
        if last not in _KEEP_STOP_AFTER and "." not in last[:-1]:
            text = text[:-1].rstrip()
    if text.startswith("[") and text.endswith("]") and text.find("]") == len(text) - 1:
        text = text[1:-1].strip()
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1].rstrip()
    return text


def pmc_form(value: str) -> str:
    """A PubMed Central id as PubMed writes it, ``PMC6543210``: hand-made files drop the
    prefix (``PMC -22664230``, jabref/MedlinePlainImporterTestMultipleEntries.txt)."""
    value = value.strip()
    return f"PMC{value}" if value.isdigit() else value
