"""Give RIS tagged values their meaning: one raw record -> one :class:`Record`.

The meaning of many tags depends on the record type and on which other tags
are present; the rules below follow the RIS specification where exporters
follow it and the evidence of real exports where they do not
(``shared/notes/ris-reference.md`` section 3c names the files).  Every value
is either used for a field or kept in ``Record.unmapped``; nothing is dropped.

Precedence where several tags can fill one field (first present wins):

* title: TI, T1, CT (then BT for books)
* authors: AU and A1 in source order
* issued: DA when it has a year (and the type does not make DA an access
  date), else PY, else Y1, the fuller of PY/Y1 when both share a year; a PY
  whose "other" part is ``received`` etc. loses to one without
* abstract: AB, then N2 (an N2 equal to AB is a duplicate and is used up)
* container title of a periodical: JF, T2, JO (see :func:`_periodical_titles`)

What a tag means for each type is data: the rows of
:data:`~risx.readers.ris.tables.TAG_READINGS` (the 2011 per-type tables, whose
field labels ``zotero-ris/003.ris`` spells out as placeholder values, checked
against Zotero in ``tests/agreement/test_agreement_zotero.py``), the creator roles of
:data:`~risx.readers.ris.tables.TYPE_ROLES` and
:data:`~risx.readers.ris.tables.NAME_TAG_FIELDS`, and an exporter's own rows
(:data:`~risx.readers.ris.exporters.EXPORTER_RULES`), which come first.  Each
row names a meaning; the mapper resolves it (:data:`MEANINGS`), with named
resolvers where a meaning weighs other tags (T2 beside JF/JO,
:meth:`_Mapper._periodical_titles`; the proceedings beside the conference).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, fields
from typing import NamedTuple, cast

from risx.diagnostics import DiagnosticSink, clip
from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation
from risx.readers.ris.exporters import (
    EXPORTER_RULES,
    NO_EXPORTER,
    PLACEHOLDERS,
    VENDOR_TAGS,
    Exporter,
    Guess,
    exporter_for,
)
from risx.readers.ris.tables import (
    CONFERENCE_TYPES,
    DEFAULT_ROLES,
    KNOWN_TAGS,
    NAME_TAG_FIELDS,
    NOT_YET_ISSUED_TYPES,
    RIS_TYPES,
    TAG_READINGS,
    TYPE_ROLES,
    TYPE_STATUS,
    normalise_type,
    type_code,
    type_from_evidence,
)
from risx.transforms.dates import parse_partial_date, parse_ris_date
from risx.transforms.identifiers import (
    find_doi,
    is_isbn,
    looks_like_article_number,
    normalise_doi,
    split_issn_isbn,
    split_trailing_doi,
    split_urls,
)
from risx.transforms.names import parse_ris_names, recase_name
from risx.transforms.pages import read_page_range
from risx.transforms.text import clean_text, decode_entities

_PLACEHOLDER = re.compile(r"(?i)(no|specified|not specified|n/?a|unknown|none|-+)$")
_ISSUE_WITH_MONTH = re.compile(
    r"(?i)^(\S+)\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|"
    r"winter)\w*\.?(?:\s+\d{1,4})?$"
)
_ISSUE_LIKE = re.compile(r"^\d{1,4}(?:\s*[-/–]\s*\d{1,4})?$")
_DOCUMENT_TYPE_LABEL = re.compile(r"[A-Za-z][A-Za-z ,;&/-]{0,40}$")
_PMCID_IN_TEXT = re.compile(r"^(PMC\d+)\s*\[PMCID\]$", re.I)
_PMID_IN_TEXT = re.compile(r"^(\d{1,9})\s*\[PMID\]$", re.I)
#: The user-defined tags, where exporters put DOIs and PubMed ids (in this order).
_USER_TAGS = ("U1", "U2", "U3", "U4", "U5")
_USER_TAG_SET = frozenset(_USER_TAGS)
#: What peek_all/take_all return for an absent tag (most tags, most of the time).
_NO_TAGS: tuple[RawTag, ...] = ()
#: Tags filled from web pages, whose HTML tags are removed before their entities are decoded
#: (:func:`~risx.transforms.text.clean_text`); every other value has its entities decoded as
#: the record is read (TEXT-ENTITIES).
_MARKUP_TAGS = frozenset({"AB", "N2", "N1", "RN"})
#: A page value's trailing text that names the volume (IEEE ``EP - 2113 vol.3``).
_VOLUME_TEXT = re.compile(r"(?i)^vol(?:ume)?\.?\s*(\w+)$")


class TagBag:
    """The raw tags of one record, with bookkeeping of which ones a field used.

    ``raws`` are the values the fields read: the source's, with character references decoded
    (TEXT-ENTITIES; the tags of :data:`_MARKUP_TAGS` keep theirs for :func:`clean_text`);
    ``source`` are the tags exactly as read, for ``Record.raw``.
    """

    __slots__ = ("by_tag", "position", "raws", "source", "used")

    def __init__(self, raws: list[RawTag]) -> None:
        self.source = raws
        self.raws = _decoded(raws)
        #: Positions of the non-empty values of each tag, in source order.
        self.by_tag: dict[str, list[int]] = {}
        #: Positions of the values a field used (empty values carry nothing to map or lose).
        self.used: set[int] = set()
        #: Position of each raw tag by identity, built on first need: ``list.index`` made a
        #: 10,000-author record quadratic.
        self.position: dict[int, int] | None = None
        by_tag = self.by_tag
        for index, raw in enumerate(raws):
            if raw.value:
                indexes = by_tag.get(raw.tag)
                if indexes is None:
                    by_tag[raw.tag] = [index]
                else:
                    indexes.append(index)
            else:
                self.used.add(index)

    def has(self, tag: str) -> bool:
        return bool(self.by_tag.get(tag))

    def has_any(self, tags: frozenset[str]) -> bool:
        return not tags.isdisjoint(self.by_tag)

    def peek(self, tag: str) -> str:
        indexes = self.by_tag.get(tag)
        return self.raws[indexes[0]].value if indexes else ""

    def peek_all(self, tag: str) -> Sequence[RawTag]:
        indexes = self.by_tag.get(tag)
        return [self.raws[i] for i in indexes] if indexes else _NO_TAGS

    def take(self, tag: str) -> str:
        """The first value of ``tag`` (marked used); repeats stay unmapped.

        A value a field already took is not handed out again, so two rules
        cannot both claim one value (an EndNote ``ET`` e-pub date on a journal
        article became both the available date and the edition).
        """
        indexes = self.by_tag.get(tag)
        if not indexes or indexes[0] in self.used:
            return ""
        self.used.add(indexes[0])
        return self.raws[indexes[0]].value

    def take_first(self, *tags: str) -> str:
        for tag in tags:
            value = self.take(tag)
            if value:
                return value
        return ""

    def used_value(self, tag: str) -> bool:
        """Whether the first value of ``tag`` was already used by a field."""
        indexes = self.by_tag.get(tag)
        return indexes is not None and bool(indexes) and indexes[0] in self.used

    def take_all(self, tag: str) -> Sequence[RawTag]:
        indexes = self.by_tag.get(tag)
        if not indexes:
            return _NO_TAGS
        self.used.update(indexes)
        return [self.raws[i] for i in indexes]

    def use(self, raw: RawTag) -> None:
        if self.position is None:
            self.position = {id(raw): index for index, raw in enumerate(self.raws)}
        index = self.position.get(id(raw))
        self.used.add(index if index is not None else self.raws.index(raw))

    def line_of(self, tag: str) -> int | None:
        indexes = self.by_tag.get(tag)
        return self.raws[indexes[0]].line if indexes else None

    def unmapped(self) -> tuple[RawTag, ...]:
        return tuple(r for i, r in enumerate(self.raws) if i not in self.used and r.tag != "ER")


def _decoded(raws: list[RawTag]) -> list[RawTag]:
    """``raws`` with the character references of their values decoded (TEXT-ENTITIES); the
    same list when no value has an ``&`` (nearly every record)."""
    decoded = raws
    for index, raw in enumerate(raws):
        value = raw.value
        if "&" in value and raw.tag not in _MARKUP_TAGS:
            text = decode_entities(value)
            if text != value:
                if decoded is raws:
                    decoded = list(raws)
                decoded[index] = RawTag(raw.tag, text, raw.line)
    return decoded


def map_record(raws: list[RawTag], start_line: int, file: str, sink: DiagnosticSink,
               exporter: Exporter | str = NO_EXPORTER,
               tally: dict[str, int] | None = None, *,
               names_in_capitals: bool = False) -> Record:
    """Interpret one record's tags (by the rules of ``exporter``, the file's exporter).

    Each exporter row that changed the record is counted in ``tally`` (by its ID), for
    ``-v``.  ``names_in_capitals``: the file writes every name in capitals, so names are
    recased (NAME-CAPS-FILE, decided once per file by the reader)."""
    if isinstance(exporter, str):
        exporter = exporter_for(Guess(exporter, "")) if exporter else NO_EXPORTER
    bag = TagBag(raws)
    ty_value = bag.take("TY")
    code = _record_type(ty_value, bag, start_line, sink)
    csl_type, genre = RIS_TYPES[code]
    draft = _Draft(type=csl_type, source=SourceLocation(file, start_line), source_type=ty_value,
                   genre=genre, status=TYPE_STATUS.get(code, ""))
    reading = readings(code, exporter)
    mapper = _Mapper(bag, code, reading.meanings, sink, cast(Record, draft), reading,
                     tally if tally is not None else {}, names_in_capitals=names_in_capitals)
    return mapper.run()


def _record_type(ty_value: str, bag: TagBag, start_line: int, sink: DiagnosticSink) -> str:
    """The RIS type code: ``TY``'s, or one a type row reads from the tags when ``TY`` is
    empty or not a RIS type (:data:`~risx.readers.ris.tables.TYPE_RULES`)."""
    if ty_value and normalise_type(ty_value) is not None:
        return type_code(ty_value, start_line, sink)
    rule = type_from_evidence(ty_value, bag.by_tag)
    if rule is None:
        return type_code(ty_value, start_line, sink)
    written = f"TY '{ty_value}'" if ty_value else "an empty TY"
    sink.warning("RIS026", start_line, f"the record has {written}, but a journal, volume and "
                 f"issue, pages or DOI: read as a journal article ({rule.id})")
    return rule.becomes


#: The meanings the mapper resolves for each tag of :data:`~risx.readers.ris.tables.TAG_READINGS`
#: (``note``: read for no field, so the value stays in the note).
MEANINGS: dict[str, frozenset[str]] = {
    "T2": frozenset({"container", "periodical", "series", "conference",
                     "proceedings-or-conference", "note", "proceedings",
                     "periodical-abbreviated-beside-j2", "subtitle-beside-journal", "subtitle",
                     "translation-beside-journal"}),
    "BT": frozenset({"container", "title"}),
    "JF": frozenset({"container", "archive"}),
    "VL": frozenset({"volume", "edition"}),
    "ET": frozenset({"edition", "epub-date-or-edition", "version"}),
    "DA": frozenset({"issued", "accessed"}),
    "IS": frozenset({"issue", "number-of-volumes"}),
    "NV": frozenset({"number-of-volumes", "series-number"}),
    "SE": frozenset({"section", "chapter", "page-without-sp"}),
    "SP": frozenset({"page", "page-count"}),
    "C7": frozenset({"article-number", "note", "article-number-unless-pages"}),
    "M1": frozenset({"article-number", "article-number-or-issue", "article-number-or-issue-like",
                     "number", "series-number", "page-without-sp", "issue", "issue-if-digits",
                     "note"}),
    "SN": frozenset({"issn", "isbn", "number"}),
    "BN": frozenset({"isbn", "note"}),
    "C2": frozenset({"pmcid", "pmcid-or-pmid"}),
    "CY": frozenset({"publisher-place", "event-place", "jurisdiction"}),
    "PB": frozenset({"publishers", "publishers-but-country"}),
    "C1": frozenset({"publisher-place", "note"}),
    "M3": frozenset({"genre", "document-type", "medium", "preprint-or-document-type"}),
    "C3": frozenset({"note", "proceedings"}),
    "CP": frozenset({"issue", "event-title", "note"}),
    "T3": frozenset({"series", "notices"}),
    "ST": frozenset({"short-title", "short-or-original-title", "short-unless-repeat"}),
    "JA": frozenset({"short", "journal-or-url"}),
    "AN": frozenset({"accession", "review-number"}),
    "L3": frozenset({"note", "doi"}),
    "RI": frozenset({"reviewed-title-unless-id"}),
    "AU": frozenset({"name", "family-first", "given-first"}),
    "A1": frozenset({"name", "group-author", "family-first"}),
    "A2": frozenset({"name", "note"}),
    "PU": frozenset({"note", "publisher"}),
    "PI": frozenset({"note", "publisher-place"}),
    "JI": frozenset({"note", "container-short"}),
    "J9": frozenset({"note", "container-short"}),
    "NL": frozenset({"note", "container-short"}),
}

#: Meanings that hold only when the file-level decision named here was taken
#: (:func:`risx.readers.ris.reader.file_decisions`).
NEEDS_DECISION: dict[str, str] = {"family-first": "names-family-first"}


class Readings(NamedTuple):
    """What the tags mean in records of one type from one exporter."""

    meanings: dict[str, str]
    #: The exporter row behind each meaning that is not the generic one (tag -> rule ID).
    rule_ids: dict[str, str]
    #: Tags the exporter writes as its own (not reported as strange).
    vendor_tags: frozenset[str]
    #: The exporter's placeholder values: (tag, value) -> row ID.
    placeholders: dict[tuple[str, str], str]
    decisions: frozenset[str]


@functools.lru_cache(maxsize=256)
def readings(code: str, exporter: Exporter) -> Readings:
    """What each tag of :data:`~risx.readers.ris.tables.TAG_READINGS` means in a record of type
    ``code`` from ``exporter``: the exporter's rows first, then the type's, then the default."""
    meanings = {tag: reading.meaning(code) for tag, reading in TAG_READINGS.items()}
    rule_ids: dict[str, str] = {}
    names = exporter.answers_to
    for rule in EXPORTER_RULES:
        needed = NEEDS_DECISION.get(rule.meaning)
        if (rule.exporter in names and (not rule.types or code in rule.types)
                and (needed is None or needed in exporter.decisions)):
            meanings[rule.tag] = rule.meaning
            rule_ids[rule.tag] = rule.id
    vendor = frozenset(tag for name in names for tag in VENDOR_TAGS.get(name, ()))
    placeholders = {(p.tag, p.value): p.id for p in PLACEHOLDERS if p.exporter in names}
    return Readings(meanings, rule_ids, vendor, placeholders, exporter.decisions)


class _Draft:
    """A mutable stand-in for a Record while it is being mapped.

    ``dataclasses.replace`` on a frozen record with some seventy fields, once
    per mapped field, was most of what mapping cost (benchmarks/README.md); a
    draft starts from the Record defaults (computed once), is updated in place
    and is frozen into a Record once.
    """

    def __init__(self, **values: object) -> None:
        attributes = vars(self)
        attributes.update(_RECORD_DEFAULTS)
        attributes.update(values)

    @staticmethod
    def build(draft: Record, **final: object) -> Record:
        values = vars(draft)
        values.update(final)
        return Record(**values)


#: Every Record field that has a default, with that default (all are immutable values).
_RECORD_DEFAULTS: dict[str, object] = {
    f.name: f.default for f in fields(Record) if f.default is not MISSING
}


@dataclass
class _Mapper:
    bag: TagBag
    code: str
    #: What the type-dependent tags mean in this record (:func:`readings`).
    means: dict[str, str]
    sink: DiagnosticSink
    #: While mapping, a :class:`_Draft` with the Record's attributes; frozen at the end of run().
    record: Record
    reading: Readings
    #: How often each exporter row changed a record (the reader's, for ``-v``).
    tally: dict[str, int]
    #: URLs found in tags other than UR/L2/LK (Cochrane's JA).
    extra_urls: tuple[str, ...] = ()
    #: A preprint's server (Embase's JF), its publisher when PB names none.
    server: str = ""
    #: The file writes every name in capitals: recase them (NAME-CAPS-FILE).
    names_in_capitals: bool = False

    def set(self, **values: object) -> None:
        vars(self.record).update(values)

    def fired(self, tag: str) -> None:
        """Count the exporter row that gave ``tag`` its meaning here (when one did)."""
        rule_id = self.reading.rule_ids.get(tag)
        if rule_id is not None:
            self.tally[rule_id] = self.tally.get(rule_id, 0) + 1

    def run(self) -> Record:
        self._report_unknown_tags()
        if self.means["M3"] == "preprint-or-document-type":
            self._preprint()
        self._identity()
        self._titles()
        self._contributors()
        self._dates()
        self._container_details()
        self._pages_and_numbers()
        self._identifiers()
        self._publication()
        self._content()
        return _Draft.build(self.record, raw=tuple(self.bag.source), unmapped=self.bag.unmapped())

    # -- helpers -----------------------------------------------------------------------------

    def _report_unknown_tags(self) -> None:
        vendor = self.reading.vendor_tags
        for tag, indexes in self.bag.by_tag.items():
            if (tag and tag not in KNOWN_TAGS and tag not in vendor
                    and self.sink.first_time(f"RIS024:{tag}")):
                line = self.bag.raws[indexes[0]].line
                self.sink.warning("RIS024", line, f"tag '{tag}' is not a RIS tag; its values are "
                                  f"kept as unmapped notes (reported once per file)")

    def _take_placeholder_free(self, tag: str) -> str:
        value = self.bag.take(tag)
        if value and _PLACEHOLDER.match(value):
            rule_id = self.reading.placeholders.get((tag, value))
            if rule_id is not None:  # the exporter's own "none": counted, not warned about
                self.tally[rule_id] = self.tally.get(rule_id, 0) + 1
                return ""
            self.sink.warning("RIS025", self.bag.line_of(tag), f"{tag} '{value}' is a "
                              f"placeholder, not a value; ignored")
            return ""
        return value

    # -- fields ------------------------------------------------------------------------------

    def _identity(self) -> None:
        self.set(source_id=self.bag.take("ID"), label=self.bag.take("LB"))

    def _titles(self) -> None:
        bag, means = self.bag, self.means
        title = bag.take_first("TI", "T1", "CT")
        if not title and means["BT"] == "title":
            title = bag.take("BT")
        reviewed = bag.peek("RI")
        self.set(title=title, original_title=bag.take("OP"), translated_title=bag.take("TT"),
                 reviewed_title=bag.take("RI") if reviewed and not _ID_SHAPED.match(reviewed)
                 else "")
        if means["ST"] in ("short-or-original-title", "short-unless-repeat") and bag.has("ST"):
            self._short_or_original_title(original=means["ST"] == "short-or-original-title")
        else:
            self.set(title_short=bag.take("ST"))
        t2 = means["T2"]
        if t2 == "subtitle":
            if self._t2_as_title_part(bag.peek("T2"), quiet=True, any_length=True):
                self.fired("T2")
                t2 = "done"
            else:
                t2 = TAG_READINGS["T2"].meaning(self.code)
        if t2 in _PERIODICAL_READINGS:
            if t2 != "periodical-abbreviated-beside-j2" or not self._abbreviation_beside_j2():
                self._periodical_titles(quiet_subtitle=t2 == "subtitle-beside-journal",
                                        translation=t2 == "translation-beside-journal")
        elif t2 in ("conference", "proceedings-or-conference"):
            self._conference_titles(always_the_conference=t2 == "conference")
        elif t2 == "proceedings":
            self.set(container_title=bag.take("T2"))
            self.fired("T2")
        elif t2 == "series":
            self.set(collection_title=bag.take("T2"))
        elif t2 == "container":
            self.set(container_title=bag.take_first("T2", "BT"))
        if means["CP"] == "event-title" and bag.has("CP"):
            self.set(event_title=self.record.event_title or bag.take("CP"))
            self.fired("CP")
        for tag in ("C3", "CP"):
            if means[tag] == "note" and bag.has(tag):
                self.fired(tag)  # an exporter's row keeps it in the note (WoS's affiliation)
        if means["JF"] == "archive":
            # Printed by APA after the bracketed description, without "In".
            self.set(archive=bag.take_first("JF", "JO"))
        if means["T3"] == "notices" and bag.has("T3"):
            self._notices()
        if not self.record.collection_title and not (means["T3"] == "notices"
                                                     and bag.used_value("T3")):
            self.set(collection_title=bag.take("T3"))
        if means["JA"] == "journal-or-url" and bag.has("JA") and not self.record.container_title:
            self._journal_in_ja()
        if not self.record.container_title:
            # With only an abbreviation (JO "J.Neurosurg.", zotero-ris/001.ris), it is also the
            # best container title there is.
            self.set(container_title=bag.take_first("JF", "JO")
                     or self.record.container_title_short)
        short = self.record.container_title_short or bag.take_first("J2", "JA", "J1")
        for tag in ("JI", "J9", "NL"):
            if not short and means[tag] == "container-short" and bag.has(tag):
                short = bag.take(tag)
                self.fired(tag)
        self.set(container_title_short=short)
        # An abbreviation tag that only repeats the full title adds nothing to a note.
        for tag in ("J2", "JA", "J1"):
            for raw in bag.peek_all(tag):
                if _same_title(raw.value, self.record.container_title):
                    bag.use(raw)

    def _periodical_titles(self, *, quiet_subtitle: bool = False,
                           translation: bool = False) -> None:
        """Decide what T2, JF and JO mean for a journal-like record (see the rule below).

        T2 is the journal unless JF or JO is present and neither equals T2 nor
        is T2 an abbreviation of one of them.  Then T2 is a subtitle when it is
        much shorter than the title and the title has no colon (the seed
        record from Pure), else a translated title (EBSCO puts an English
        title there).  JO is a full name unless it has dots, equals J2/JA, or
        abbreviates the full name.
        """
        bag = self.bag
        t2, jf, jo = bag.peek("T2"), bag.peek("JF"), bag.peek("JO")
        short_given = bag.peek("J2") or bag.peek("JA") or bag.peek("J1")
        full = ""
        short = ""
        if jf:
            full = bag.take("JF")
        if t2:
            known = [v for v in (jf, jo) if v]
            if not known or any(_same_title(t2, v) for v in known):
                full = full or t2
                bag.take("T2")
            elif any(is_abbreviation(t2, v) for v in known):
                short = t2
                bag.take("T2")
            elif translation:
                # EBSCO: an English translation of a non-English title (EXP-EBSCO-02).
                self.set(translated_title=bag.take("T2"))
                self.fired("T2")
            elif self._t2_as_title_part(t2, quiet=quiet_subtitle) and quiet_subtitle:
                self.fired("T2")
        if jo:
            jo_is_short = ("." in jo or _same_title(jo, short_given)
                           or (bool(full) and is_abbreviation(jo, full) and not _same_title(jo, full)))
            if not full and not jo_is_short:
                full = jo
                bag.take("JO")
            elif jo_is_short and not short:
                short = jo
                bag.take("JO")
            elif _same_title(jo, full):
                bag.take("JO")
            elif not full:
                full = jo
                bag.take("JO")
        self.set(container_title=full, container_title_short=short)

    def _conference_titles(self, *, always_the_conference: bool) -> None:
        """The proceedings (C3, BT) and the conference (T2); T2 alone is the proceedings
        unless it is ``always_the_conference``."""
        bag = self.bag
        container = (bag.take("C3") if self.means["C3"] == "proceedings" else "") or bag.take("BT")
        if container or always_the_conference:
            self.set(container_title=container, event_title=bag.take("T2"))
        else:
            self.set(container_title=bag.take("T2"))

    def _abbreviation_beside_j2(self) -> bool:
        """EndNote's PubMed records: T2 the abbreviation, J2 the full journal (EXP-ENDN-01).
        False (nothing taken) when the record is not so."""
        bag = self.bag
        t2, j2 = bag.peek("T2"), bag.peek("J2")
        if (not t2 or not j2 or bag.has("JF") or bag.has("JO") or _same_title(t2, j2)
                or not is_abbreviation(t2, j2)):
            return False
        self.set(container_title=bag.take("J2"), container_title_short=bag.take("T2"))
        self.fired("T2")
        return True

    def _t2_as_title_part(self, t2: str, *, quiet: bool = False,
                          any_length: bool = False) -> bool:
        """T2 beside the journal in JF/JO (or, ``quiet``, an exporter's known subtitle): the
        title's subtitle when short, else a translated title.  Not when T2 only repeats the
        title or its start (used up), or is a conference acronym (``ICSE '19``: kept in the
        note).  ``any_length``: the exporter's T2 is the subtitle however long (Pure's theses
        and books).  Whether T2 was read as the subtitle."""
        title = self.record.title
        line = self.bag.line_of("T2")
        if not t2:
            return False
        if title and (_same_title(t2, title) or _normalise_title(title).startswith(
                _normalise_title(t2))):
            self.bag.take("T2")  # a repeat of the title (or of its start) carries nothing
            return False
        if _CONFERENCE_ACRONYM.match(t2.strip()):
            self.sink.warning("RIS023", line, f"T2 '{clip(t2)}' looks like a conference's "
                              f"acronym, not the journal or a subtitle: kept in the note")
            return False
        self.bag.take("T2")
        if title and ":" not in title and (any_length or len(t2) < 0.5 * len(title)):
            self.set(title=f"{title}: {t2}")
            if not quiet:
                self.sink.warning("RIS023", line, "T2 differs from the journal named in JF/JO "
                                  "and is short: read as the title's subtitle")
            return True
        self.set(translated_title=t2)
        self.sink.warning("RIS023", line, "T2 differs from the journal named in JF/JO: read "
                          "as a translated title (kept in the note)")
        return False

    def _short_or_original_title(self, *, original: bool) -> None:
        """Scopus's and EndNote's ST: a repeat of the title (used up), a short form of it (the
        short title), or (Scopus, ``original``) the title in the original language
        (EXP-SCOP-03)."""
        bag, title = self.bag, self.record.title
        st = bag.take("ST")
        if _same_title(st, title):
            self.fired("ST")
        elif not original or (title and _normalise_title(title).startswith(
                _normalise_title(st))):
            self.set(title_short=st)
        else:
            self.set(original_title=self.record.original_title or st)
            self.fired("ST")

    def _notices(self) -> None:
        """Ovid's T3: notices about the article, kept in the note; a retraction is said
        (EXP-OVID-02).  A T3 that is no notice stays the series."""
        for raw in self.bag.peek_all("T3"):
            if not _NOTICE.match(raw.value):
                continue
            self.fired("T3")
            self.set(notes=(*self.record.notes, raw.value))
            self.bag.use(raw)
            if _RETRACTION.search(raw.value):
                self.sink.warning("RIS027", raw.line, f"the exporter notes a retraction: "
                                  f"'{clip(raw.value, 100)}'")

    def _journal_in_ja(self) -> None:
        """Cochrane's JA: the journal's full name (CENTRAL), or a trial registry's URL
        (EXP-COCH-01)."""
        value = self.bag.peek("JA").strip()
        if value.lower().startswith(("http://", "https://", "www.")):
            self.extra_urls += (self.bag.take("JA"),)
        else:
            self.set(container_title=self.bag.take("JA"))
        self.fired("JA")

    def _preprint(self) -> None:
        """Embase's preprints: TY GEN, M3 Preprint, the server in JF (EXP-EMB-01)."""
        bag = self.bag
        if bag.peek("M3").strip().lower() != "preprint":
            self.means = {**self.means, "M3": "document-type"}
            return
        bag.take("M3")
        self.set(type="article", genre="")
        self.server = bag.take_first("JF", "JO")
        self.fired("M3")

    def _contributors(self) -> None:
        overrides = TYPE_ROLES.get(self.code, {})
        as_fields = NAME_TAG_FIELDS.get(self.code, {})
        contributors: list[Contributor] = []
        used = self.bag.used
        means = self.means
        # The exporter's readings of the name tags ("name": the type's role, as parsed).
        special = {tag: means[tag] for tag in ("AU", "A1", "A2") if means[tag] != "name"}
        for index, raw in enumerate(self.bag.raws):
            if raw.tag not in DEFAULT_ROLES or not raw.value:
                continue
            if special and raw.tag in special:
                name = self._exporter_name(raw, special[raw.tag])
                if name is None:
                    continue
                if name:
                    used.add(index)
                    contributors.extend(name)
                    continue
            role = overrides.get(raw.tag, DEFAULT_ROLES[raw.tag])
            if not role:
                # An organisation or title in a creator tag (CASE A2 reporter, PAT A2
                # issuing organisation): fill its field, else keep it unmapped (note).
                target = as_fields.get(raw.tag)
                if target and not getattr(self.record, target):
                    self.set(**{target: raw.value})
                    used.add(index)
                continue
            parsed = parse_ris_names(raw.value)
            used.add(index)
            if parsed.problem:
                self.sink.warning("RIS022", raw.line, f"{raw.tag} '{clip(raw.value)}': "
                                  f"{parsed.problem}")
            if self.names_in_capitals:
                contributors.extend(Contributor(role, recase_name(name)) for name in parsed.names)
            else:
                contributors.extend(Contributor(role, name) for name in parsed.names)
        self.set(contributors=tuple(contributors))

    def _exporter_name(self, raw: RawTag, meaning: str) -> tuple[Contributor, ...] | None:
        """A name tag read by an exporter's row: the contributors it gives, ``None`` when the
        value stays in the note, ``()`` when the generic reading applies after all."""
        role = TYPE_ROLES.get(self.code, {}).get(raw.tag, DEFAULT_ROLES[raw.tag]) or "author"
        if meaning == "note":
            self.fired(raw.tag)
            return None
        if meaning == "group-author":
            self.fired(raw.tag)
            # WoS's group author: an organisation; the sponsor of a conference paper when it is
            # also its publisher, not an author at all.
            publisher = self.bag.peek("PU") or self.bag.peek("PB")
            if self.code in CONFERENCE_TYPES and _same_title(raw.value, publisher):
                return None
            return (Contributor(role, Name(literal=raw.value.strip())),)
        if meaning == "family-first" and "," not in raw.value and ";" not in raw.value:
            self.fired(raw.tag)
            parsed = parse_ris_names(_comma_after_family(raw.value))
        elif meaning == "given-first":
            parsed = parse_ris_names(raw.value)
            if parsed.problem and _GIVEN_FIRST in parsed.problem:
                # IEEE Xplore's normal form: its names need no warning.
                self.fired(raw.tag)
                return tuple(Contributor(role, name) for name in parsed.names)
            return ()
        else:
            return ()
        if parsed.problem:
            self.sink.warning("RIS022", raw.line, f"{raw.tag} '{clip(raw.value)}': "
                              f"{parsed.problem}")
        return tuple(Contributor(role, name) for name in parsed.names)

    def _dates(self) -> None:
        bag = self.bag
        issued: Date | None = None
        if self.code in NOT_YET_ISSUED_TYPES:
            # In press: the year given is not the year of publication; it stays in the note
            # (TY-INPR-01).
            if bag.has("Y2"):
                self.set(accessed=self._date(bag.take_all("Y2")[0]))
            return
        da = bag.peek_all("DA")
        if da and self.means["DA"] == "accessed":
            self.set(accessed=self._date(bag.take_all("DA")[0]))
            da = []
        years = [r for tag in ("PY", "Y1") for r in bag.peek_all(tag)]
        year_date = self._best_year_date(years)
        if da:
            first = da[0]
            parsed = parse_ris_date(first.value)
            if parsed.date is not None and parsed.date.parts:
                issued = self._date(first)
                bag.use(first)
                if year_date is not None and issued is not None:
                    self._use_same_year(years, issued)
            else:
                month, day = parse_partial_date(first.value)
                if month and year_date is not None and year_date.year:
                    parts = (year_date.year, month) + ((day,) if day else ())
                    issued = Date(parts=(parts,), raw=first.value)
                    bag.use(first)
                    self._use_same_year(years, issued)
        if issued is None and year_date is not None:
            issued = year_date
            self._use_same_year(years, issued)
        accessed_raw = bag.peek_all("Y2")
        if accessed_raw:
            self.set(accessed=self._date(bag.take_all("Y2")[0]))
        if self.means["ET"] == "epub-date-or-edition" and bag.has("ET"):
            edition = bag.peek("ET")
            parsed = parse_ris_date(edition)
            if parsed.date is not None and parsed.date.parts and not parsed.problem:
                self.set(available_date=parsed.date)
                bag.take("ET")
        self.set(issued=issued)

    def _best_year_date(self, years: list[RawTag]) -> Date | None:
        """The fullest PY/Y1 date, preferring values without 'other' info such as 'received'."""
        best: Date | None = None
        best_rank = (-1, -1)
        for raw in years:
            parsed = parse_ris_date(raw.value)
            if parsed.date is None or not parsed.date.parts:
                if parsed.problem:
                    self.sink.warning("RIS021", raw.line, f"{raw.tag} '{clip(raw.value)}': "
                                      f"{parsed.problem}")
                    continue
                self.bag.use(raw)  # a placeholder such as 0000 or n.d.
                continue
            plain_other = parsed.other.lower() in ("", "undefined")
            rank = (1 if plain_other else 0, len(parsed.date.parts[0]))
            if rank > best_rank:
                if parsed.problem:
                    self.sink.warning("RIS021", raw.line, f"{raw.tag} '{clip(raw.value)}': "
                                      f"{parsed.problem}")
                best, best_rank = parsed.date, rank
        return best

    def _use_same_year(self, years: list[RawTag], issued: Date) -> None:
        """Mark PY/Y1 values that say nothing beyond ``issued`` as used."""
        for raw in years:
            parsed = parse_ris_date(raw.value)
            if parsed.date is None or not parsed.date.parts:
                continue
            if parsed.date.year == issued.year and parsed.other.lower() in ("", "undefined") and (
                    len(parsed.date.parts[0]) <= len(issued.parts[0]) if issued.parts else True):
                self.bag.use(raw)

    def _date(self, raw: RawTag) -> Date | None:
        parsed = parse_ris_date(raw.value)
        self.bag.use(raw)
        if parsed.problem:
            self.sink.warning("RIS021", raw.line, f"{raw.tag} '{clip(raw.value)}': "
                              f"{parsed.problem}")
        return parsed.date

    def _container_details(self) -> None:
        bag, means = self.bag, self.means
        volume = self._take_placeholder_free("VL")
        if not volume and bag.has("VO") and bag.peek("VO").isdigit():
            volume = bag.take("VO")
        elif volume and bag.peek("VO") == volume:
            bag.take("VO")  # IEEE repeats VL in VO (colrev-ris/ieee_ris.ris)
        if means["VL"] == "edition":
            self.set(edition=volume)
            volume = ""
        if means["ET"] == "version":
            self.set(version=bag.take("ET"))
        self.set(volume=volume)
        issue = self._take_placeholder_free("IS") or (bag.take("CP") if means["CP"] == "issue"
                                                      else "")
        month_suffix = _ISSUE_WITH_MONTH.match(issue)
        if month_suffix:
            issue = month_suffix.group(1)
        if means["IS"] == "number-of-volumes" and issue:
            self.set(number_of_volumes=issue)
            issue = ""
        self.set(issue=issue)
        if not self.record.edition and means["ET"] != "version":  # a version is not an edition
            self.set(edition=bag.take("ET"))
        if means["NV"] == "series-number":
            self.set(collection_number=bag.take("NV"))
        else:
            self.set(number_of_volumes=self.record.number_of_volumes or bag.take("NV"))
        section = bag.take("SE")
        if means["SE"] == "chapter":
            self.set(chapter_number=section)
        elif means["SE"] == "page-without-sp" and section and not bag.has("SP"):
            self.set(page_first=section)
        elif section:
            self.set(section=section)
        self.set(collection_number=self.record.collection_number or bag.take("SV"))

    def _pages_and_numbers(self) -> None:
        bag, means = self.bag, self.means
        start = self._take_placeholder_free("SP")
        end = self._take_placeholder_free("EP")
        number = ""
        m1 = means["M1"]
        if means["C7"] == "article-number":
            number = bag.take("C7")
        elif means["C7"] == "article-number-unless-pages" and bag.has("C7"):
            if start and end and start != end:
                self.fired("C7")  # an IEEE document number beside real pages: in the note
            else:
                number = bag.take("C7")
        if means["AN"] == "review-number" and _CDSR_NUMBER.match(bag.peek("AN").strip()):
            # A Cochrane review: its number is the article number, its year the volume.
            number = number or bag.peek("AN").strip()
            issued = self.record.issued
            if not self.record.volume and issued is not None and issued.year:
                self.set(volume=str(issued.year))
            self.fired("AN")
        if m1.startswith("article-number"):
            value = bag.peek("M1")
            if value and looks_like_article_number(value):
                number = number or value
                bag.take("M1")
        elif m1 == "number":
            number = bag.take("M1")
        elif m1 == "series-number":
            self.set(collection_number=self.record.collection_number or bag.take("M1"))
        elif m1 == "page-without-sp" and not start:
            self.set(page_first=bag.take("M1"))
        elif m1 == "note" and bag.has("M1"):
            self.fired("M1")  # an exporter's M1 that is never a number (Ovid): in the note
        value = bag.peek("M1")
        if value and not self.record.issue and not bag.used_value("M1") and (
                m1 in ("issue", "article-number-or-issue")
                or (m1 == "issue-if-digits" and value.isdigit())
                or (m1 == "article-number-or-issue-like" and _ISSUE_LIKE.match(value))):
            self.set(issue=bag.take("M1"))
        if means["SP"] == "page-count" and start and not end:
            self.set(number_of_pages=start)
            start = ""
        pages = read_page_range(start, end)
        page = pages.page
        if pages.number:
            # PAGE-ARTNO; when the record names its article number elsewhere, a page after all.
            page, number = (pages.number, number) if number else ("", pages.number)
        if pages.rest:
            self._page_rest(pages.rest)
        if means["SN"] == "number" and bag.has("SN") and not is_isbn(bag.peek("SN")):
            # A report's ISBN-shaped SN is its ISBN (read with the identifiers), not its number.
            number = number or bag.take("SN")
        self.set(page=page, number=number or self.record.number)

    def _page_rest(self, rest: str) -> None:
        """Text after the last page (PAGE-TRAIL): the volume when it names one the record
        lacks or repeats ("vol.3"), else a note, so that nothing is lost."""
        volume = _VOLUME_TEXT.match(rest)
        if volume is not None and self.record.volume in ("", volume.group(1)):
            self.set(volume=volume.group(1))
        else:
            self.set(notes=(*self.record.notes, f"EP: {rest}"))

    def _identifiers(self) -> None:
        bag = self.bag
        doi_values = bag.take_all("DO")
        dois = [d for raw in doi_values for d in split_doi_value(raw.value)]
        if not dois and self.means["L3"] == "doi" and bag.has("L3"):
            found = find_doi(bag.peek("L3"))
            if found:
                dois.append(found)
                bag.take("L3")
                self.fired("L3")
        if not dois:
            for tag in ("U1", "U2", "U3", "U4", "U5", "M3", "N1", "L2", "UR"):
                for raw in bag.peek_all(tag):
                    found = find_doi(raw.value)
                    if found and (tag != "N1" or raw.value.lower().lstrip().startswith("doi")):
                        dois.append(found)
                        if tag not in ("L2", "UR", "N1"):
                            bag.use(raw)
                        break
                if dois:
                    break
        self.set(doi=dois[0] if dois else "")
        if dois and bag.has_any(_USER_TAG_SET):
            # Pure repeats the DOI in U2 (the seed record): a copy carries nothing new.
            for tag in _USER_TAGS:
                for raw in bag.peek_all(tag):
                    if normalise_doi(raw.value) == dois[0] and raw.value.strip().startswith(
                            ("10.", "doi", "http")):
                        bag.use(raw)
        if len(dois) > 1:
            extra = "; ".join(dois[1:])
            self.set(notes=(*self.record.notes, f"DO: {extra}"))
        issn: list[str] = []
        isbn: list[str] = []
        sn = self.means["SN"]
        if sn == "number":
            # IDENT-SN-ISBN: a report's ISBN-shaped SN is its ISBN; another SN is its number
            # (_pages_and_numbers), or stays in the note.
            for raw in bag.peek_all("SN"):
                if is_isbn(raw.value) and raw.value.strip() not in isbn:
                    isbn.append(raw.value.strip())
                    bag.use(raw)
        else:
            for raw in bag.take_all("SN"):
                found_issn, found_isbn = split_issn_isbn(raw.value)
                issn.extend(v for v in found_issn if v not in issn)
                isbn.extend(v for v in found_isbn if v not in isbn)
                if not found_issn and not found_isbn:
                    # Neither shape: keep the value as written rather than lose it, as the
                    # type's (tables.TAG_READINGS["SN"]).
                    (issn if sn == "issn" else isbn).append(raw.value)
        if self.means["BN"] == "isbn":
            # IDENT-BN: conference papers carry their proceedings' ISBN in BN.
            for raw in bag.take_all("BN"):
                in_bn = split_issn_isbn(raw.value)[1] or [raw.value]
                isbn.extend(v for v in in_bn if v not in isbn)
        self.set(issn=tuple(issn), isbn=tuple(isbn))
        self._pubmed_ids()
        urls: list[str] = list(self.extra_urls)
        for tag in ("UR", "L2", "LK"):
            for raw in bag.take_all(tag):
                urls.extend(u for u in split_urls(raw.value) if u not in urls)
        files = [u for tag in ("L1", "L4") for raw in bag.take_all(tag) for u in split_urls(raw.value)]
        accession = [raw.value for raw in bag.take_all("AN")]
        self.set(urls=tuple(urls), file_links=tuple(files), accession_numbers=tuple(accession),
                 call_number=bag.take("CN"), archive_location=bag.take("AV"))

    def _pubmed_ids(self) -> None:
        bag = self.bag
        pmid = bag.take("PMID")
        pmcid = ""
        for raw in bag.peek_all("C2"):
            value = raw.value.strip()
            if re.fullmatch(r"PMC\d+", value, re.I):
                pmcid = value.upper()
                bag.use(raw)
            elif value.isdigit() and self.means["C2"] == "pmcid-or-pmid" and not pmid:
                pmid = value
                bag.use(raw)
        for tag in _USER_TAGS if bag.has_any(_USER_TAG_SET) else ():
            for raw in bag.peek_all(tag):
                match = _PMID_IN_TEXT.match(raw.value.strip())
                if match and not pmid:
                    pmid = match.group(1)
                    bag.use(raw)
                # PubMed's own RIS: "U2  - PMC4756000[pmcid]" (jabref-ris/RisImporterTestDOI.ris).
                match = _PMCID_IN_TEXT.match(raw.value.strip())
                if match and not pmcid:
                    pmcid = match.group(1).upper()
                    bag.use(raw)
        self.set(pmid=pmid, pmcid=pmcid)

    def _publisher_values(self) -> list[str]:
        """The PB values that name publishers: every PB (a repeat is another publisher), but
        for Ovid not the one that repeats CY, the publisher's country (EXP-OVID-05)."""
        bag = self.bag
        raws = bag.peek_all("PB")
        if len(raws) < 2 or bag.used_value("PB"):
            value = bag.take("PB")
            return [value] if value else []
        country = bag.peek("CY").strip().casefold()
        values = []
        for raw in raws:
            bag.use(raw)
            value = raw.value.strip()
            if self.means["PB"] == "publishers-but-country" and value.casefold() == country:
                self.fired("PB")  # the country stays in the record as CY, its place
            elif value and value not in values:
                values.append(value)
        return values

    def _publishers(self) -> str:
        """The publisher, several joined with '; ' (APA 7 9.29: "A; B")."""
        names = []
        for value in self._publisher_values():
            name, doi = split_trailing_doi(value)
            if doi:
                # DOI-INSIDE: "Elsevier BV http://doi.org/10.2139/ssrn.1234567" is a publisher
                # and the DOI; one that differs from the record's is kept in the note.
                if not self.record.doi:
                    self.set(doi=doi)
                elif doi != self.record.doi:
                    self.set(notes=(*self.record.notes, f"DO: {doi}"))
            if name:
                names.append(name)
        return "; ".join(names)

    def _publication(self) -> None:
        bag, means = self.bag, self.means
        publisher = self._publishers() or self.server
        if not publisher and means["PU"] == "publisher" and bag.has("PU"):
            publisher = bag.take("PU")
            self.fired("PU")
        self.set(publisher=publisher)
        place = bag.take_first("CY", "PP")
        if means["CY"] == "event-place":
            self.set(event_place=place)
        elif means["CY"] == "jurisdiction":
            self.set(jurisdiction=place)
        else:
            self.set(publisher_place=place)
        if means["C1"] == "publisher-place":
            self.set(publisher_place=bag.take("C1"))
        if (not self.record.publisher_place and means["PI"] == "publisher-place"
                and bag.has("PI")):
            self.set(publisher_place=bag.take("PI"))  # WoS's publisher's city
            self.fired("PI")
        m3, reading = bag.peek("M3"), means["M3"]
        if m3 and reading == "document-type" and _DOCUMENT_TYPE_LABEL.match(m3):
            # "Article", "Review", "Short survey": APA would print it as a genre, so it stays
            # in raw only.
            bag.take("M3")
        elif m3 and reading != "document-type":
            if reading == "medium":
                self.set(medium=bag.take("M3"))
            elif not self.record.genre:
                self.set(genre=bag.take("M3"))
        self.set(database=bag.take_first("DB", "DP"), language=bag.take("LA"))

    def _content(self) -> None:
        bag = self.bag
        abstract = clean_text(bag.take("AB"))
        for raw in bag.peek_all("N2"):
            text = clean_text(raw.value)
            if not abstract:
                abstract = text
                bag.use(raw)
            elif _same_title(text, abstract):
                bag.use(raw)  # Pure and others repeat the abstract in N2
        keywords: list[str] = []
        for raw in bag.take_all("KW"):
            for keyword in _split_keywords(raw.value):
                if keyword not in keywords:
                    keywords.append(keyword)
        notes = [*self.record.notes]
        for tag in ("N1", "RN"):
            notes.extend(clean_text(raw.value) for raw in bag.take_all(tag))
        self.set(abstract=abstract, keywords=tuple(keywords), notes=tuple(n for n in notes if n))


_NON_WORD = re.compile(r"[^\w]+")
#: The T2 readings of a journal-like record (JF/JO weighed beside T2).
_PERIODICAL_READINGS = frozenset({"periodical", "subtitle-beside-journal",
                                  "periodical-abbreviated-beside-j2", "translation-beside-journal"})
#: A value shaped like a record id, not a title (RI 'REF_0001', '12345', 'rayyan-1234').
_ID_SHAPED = re.compile(r"(?=\S*\d)[\w.:/#-]+$")
#: A conference's acronym and year (``ICSE '19``, ``CHI 2020``, ``NeurIPS'21``).
_CONFERENCE_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*\s*['\u2019]?\s*(\d{2}|\d{4})$")
#: A CDSR review's number.
_CDSR_NUMBER = re.compile(r"CD\d{6}$")
#: The notices Ovid writes in T3 (MEDLINE's comment, erratum, retraction and update links).
_NOTICE = re.compile(r"(?i)\[?\s*(comment(ed)? (in|on)|erratum (in|for)|retraction (in|of)|"
                     r"retracted|expression of concern|update (in|of)|updated by|republished|"
                     r"corrected and republished|reprint (in|of)|summary for patients)\b")
_RETRACTION = re.compile(r"(?i)\bretract|expression of concern")
#: What the name parser says of a name written given name first (IEEE's normal form).
_GIVEN_FIRST = "read as given name first"


def _normalise_title(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _same_title(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True  # the common case (an abstract repeated in N2) without normalising
    return _normalise_title(a) == _normalise_title(b)


#: Words a journal's abbreviation may leave out ("Journal of the ..." -> "J ...").
_SKIPPED_IN_ABBREVIATIONS = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "to",
                                       "&", "de", "la", "und", "der", "die"})


def is_abbreviation(short: str, full: str) -> bool:
    """Whether ``short`` abbreviates ``full`` word by word ("Hum Mol Genet" / "Human molecular genetics").

    Each word of ``short`` must be a prefix of the next remaining significant
    word of ``full``, in order; stop words of ``full`` may be skipped.
    """
    short_words = _normalise_title(short.replace(".", " ")).split()
    full_words = _normalise_title(full).split()
    if not short_words or len(short_words) > len(full_words):
        return False
    position = 0
    for word in short_words:
        while position < len(full_words):
            candidate = full_words[position]
            position += 1
            if candidate.startswith(word):
                break
            if candidate not in _SKIPPED_IN_ABBREVIATIONS:
                return False
        else:
            return False
    return True


def _comma_after_family(value: str) -> str:
    """EPPI-Reviewer's ``Nwosu Adaeze`` as ``Nwosu, Adaeze``: the family name is the first
    word, with the lower-case particles before it (``van der Berg Anna``)."""
    words = value.split()
    family_end = 0
    while family_end < len(words) - 1 and words[family_end].islower():
        family_end += 1
    if family_end >= len(words) - 1:
        return value
    return " ".join(words[:family_end + 1]) + ", " + " ".join(words[family_end + 1:])


def _split_keywords(value: str) -> list[str]:
    parts = value.split(";") if ";" in value else [value]
    return [p.strip() for p in parts if p.strip()]


def split_doi_value(value: str) -> list[str]:
    """Every DOI in one DO value (exporters put several, separated by spaces or ';')."""
    found = []
    for piece in re.split(r"[;\s]+(?=(?:https?://|doi:|10\.))", value.strip()):
        doi = normalise_doi(piece)
        if doi and doi not in found:
            found.append(doi)
    return found
