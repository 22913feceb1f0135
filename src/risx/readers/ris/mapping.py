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

Type-dependent rules decided from the 2011 per-type tables, whose field labels
``zotero-ris/003.ris`` spells out as placeholder values (checked against
Zotero in ``tests/test_agreement_zotero.py``):

* creator roles per type in ``tables.TYPE_ROLES`` (CLSWK/MAP/MULTI/UNPB/ELEC
  A2 series editor, PCOMM/ICOMM A2 recipient, MPCT A3 producer and A4
  performers, DATA A4 funding agency); creator tags holding an organisation
  or a title fill a field instead (``tables.NAME_TAG_FIELDS``: CASE A2
  reporter, LEGAL/PAT A2 issuing organisation, RPRT A3 publisher) or stay in
  the note (CHART/FIGURE A2 file name, CTLG/PAMP A2 institution);
* T2 is the series title for CLSWK, MAP, MPCT, MULTI, UNPB as for books;
  CPAPER T2 is the conference name (event-title) and C1 the place of
  publication for CONF and CPAPER (CY is the conference location);
* M1 is the issue for EJOUR, CONF, CPAPER (and a numeric MGZN M1); for JOUR
  only a short issue-like M1 is (Zotero's fallback, ``zotero-ris/004.ris``);
* an SN of neither ISSN nor ISBN shape is kept as an ISSN for periodicals and
  as an ISBN otherwise;
* COMP ET is the version, never also the edition
  (``citation-js-ris/input/012.ris``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, fields
from typing import cast

from risx.diagnostics import DiagnosticSink, clip
from risx.model import Contributor, Date, RawTag, Record, SourceLocation
from risx.readers.ris.tables import (
    CONFERENCE_TYPES,
    DA_IS_ACCESS_TYPES,
    DEFAULT_ROLES,
    KNOWN_TAGS,
    NAME_TAG_FIELDS,
    NUMBER_SN_TYPES,
    PAGE_COUNT_TYPES,
    PERIODICAL_TYPES,
    RIS_TYPES,
    SERIES_T2_TYPES,
    TYPE_ROLES,
    TYPE_STATUS,
    type_code,
)
from risx.transforms.dates import parse_partial_date, parse_ris_date
from risx.transforms.identifiers import (
    find_doi,
    looks_like_article_number,
    normalise_doi,
    split_issn_isbn,
    split_urls,
)
from risx.transforms.names import parse_ris_names

_HTML_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
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


class TagBag:
    """The raw tags of one record, with bookkeeping of which ones a field used."""

    __slots__ = ("by_tag", "position", "raws", "used")

    def __init__(self, raws: list[RawTag]) -> None:
        self.raws = raws
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


def map_record(raws: list[RawTag], start_line: int, file: str, sink: DiagnosticSink,
               exporter: str = "") -> Record:
    """Interpret one record's tags (by the rules of ``exporter``, the file's exporter)."""
    bag = TagBag(raws)
    ty_value = bag.take("TY")
    code = type_code(ty_value, start_line, sink)
    csl_type, genre = RIS_TYPES[code]
    draft = _Draft(type=csl_type, source=SourceLocation(file, start_line), source_type=ty_value,
                   genre=genre, status=TYPE_STATUS.get(code, ""))
    mapper = _Mapper(bag, code, sink, cast(Record, draft))
    return mapper.run()


class _Draft:
    """A mutable stand-in for a Record while it is being mapped.

    ``dataclasses.replace`` on a frozen record with some seventy fields, once
    per mapped field, was half of the reader's time; a draft starts from the
    Record defaults (computed once), is updated in place and is frozen into a
    Record once.
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
    sink: DiagnosticSink
    #: While mapping, a :class:`_Draft` with the Record's attributes; frozen at the end of run().
    record: Record

    def set(self, **values: object) -> None:
        vars(self.record).update(values)

    def run(self) -> Record:
        self._report_unknown_tags()
        self._identity()
        self._titles()
        self._contributors()
        self._dates()
        self._container_details()
        self._pages_and_numbers()
        self._identifiers()
        self._publication()
        self._content()
        return _Draft.build(self.record, raw=tuple(self.bag.raws), unmapped=self.bag.unmapped())

    # -- helpers -----------------------------------------------------------------------------

    def _report_unknown_tags(self) -> None:
        for tag, indexes in self.bag.by_tag.items():
            if tag and tag not in KNOWN_TAGS and self.sink.first_time(f"RIS024:{tag}"):
                line = self.bag.raws[indexes[0]].line
                self.sink.warning("RIS024", line, f"tag '{tag}' is not a RIS tag; its values are "
                                  f"kept as unmapped notes (reported once per file)")

    def _take_placeholder_free(self, tag: str) -> str:
        value = self.bag.take(tag)
        if value and _PLACEHOLDER.match(value):
            self.sink.warning("RIS025", self.bag.line_of(tag), f"{tag} '{value}' is a "
                              f"placeholder, not a value; ignored")
            return ""
        return value

    # -- fields ------------------------------------------------------------------------------

    def _identity(self) -> None:
        self.set(source_id=self.bag.take("ID"), label=self.bag.take("LB"))

    def _titles(self) -> None:
        bag, code = self.bag, self.code
        title = bag.take_first("TI", "T1", "CT")
        if not title and code in ("BOOK", "UNPB", "EBOOK", "EDBOOK"):
            title = bag.take("BT")
        self.set(title=title, title_short=bag.take("ST"), original_title=bag.take("OP"),
                 translated_title=bag.take("TT"), reviewed_title=bag.take("RI"))
        if code in PERIODICAL_TYPES:
            self._periodical_titles()
        elif code in CONFERENCE_TYPES:
            # Proceedings: C3 (Zotero), BT (Dimensions); T2 alone is the proceedings in
            # IEEE-style CONF records (colrev-ris/ieee_ris.ris) but the conference name in
            # CPAPER (2011 table; zotero-ris/003.ris labels it "Conference Name").
            container = bag.take_first("C3", "BT")
            if container or code == "CPAPER":
                self.set(container_title=container, event_title=bag.take("T2"))
            else:
                self.set(container_title=bag.take("T2"))
        elif code in SERIES_T2_TYPES:
            self.set(collection_title=bag.take("T2"))
        elif code == "THES":
            # T2 is the department: nothing in CSL holds it, so it stays unmapped (note). A
            # thesis has no container: ProQuest's JF "ProQuest Dissertations and Theses" is
            # the database that holds it (colrev-ris/abi_inform_proquest_ris.ris), which APA
            # prints after the bracketed description, without "In".
            self.set(archive=bag.take_first("JF", "JO"))
        else:
            self.set(container_title=bag.take_first("T2", "BT"))
        if not self.record.collection_title:
            self.set(collection_title=bag.take("T3"))
        if not self.record.container_title:
            # With only an abbreviation (JO "J.Neurosurg.", zotero-ris/001.ris), it is also the
            # best container title there is.
            self.set(container_title=bag.take_first("JF", "JO")
                     or self.record.container_title_short)
        short = self.record.container_title_short or bag.take_first("J2", "JA", "J1")
        self.set(container_title_short=short)
        # An abbreviation tag that only repeats the full title adds nothing to a note.
        for tag in ("J2", "JA", "J1"):
            for raw in bag.peek_all(tag):
                if _same_title(raw.value, self.record.container_title):
                    bag.use(raw)

    def _periodical_titles(self) -> None:
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
            else:
                self._t2_as_title_part(t2)
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

    def _t2_as_title_part(self, t2: str) -> None:
        title = self.record.title
        line = self.bag.line_of("T2")
        self.bag.take("T2")
        if title and ":" not in title and len(t2) < 0.5 * len(title):
            self.set(title=f"{title}: {t2}")
            self.sink.warning("RIS023", line, "T2 differs from the journal named in JF/JO and is "
                              "short: read as the title's subtitle")
        else:
            self.set(translated_title=t2)
            self.sink.warning("RIS023", line, "T2 differs from the journal named in JF/JO: read "
                              "as a translated title (kept in the note)")

    def _contributors(self) -> None:
        overrides = TYPE_ROLES.get(self.code, {})
        as_fields = NAME_TAG_FIELDS.get(self.code, {})
        contributors: list[Contributor] = []
        used = self.bag.used
        for index, raw in enumerate(self.bag.raws):
            if raw.tag not in DEFAULT_ROLES or not raw.value:
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
            contributors.extend(Contributor(role, name) for name in parsed.names)
        self.set(contributors=tuple(contributors))

    def _dates(self) -> None:
        bag = self.bag
        issued: Date | None = None
        da = bag.peek_all("DA")
        if da and self.code in DA_IS_ACCESS_TYPES:
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
        if self.code in PERIODICAL_TYPES and bag.has("ET"):
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
        bag, code = self.bag, self.code
        volume = self._take_placeholder_free("VL")
        if not volume and bag.has("VO") and bag.peek("VO").isdigit():
            volume = bag.take("VO")
        elif volume and bag.peek("VO") == volume:
            bag.take("VO")  # IEEE repeats VL in VO (colrev-ris/ieee_ris.ris)
        if code == "COMP":
            self.set(edition=volume, version=bag.take("ET"))
            volume = ""
        self.set(volume=volume)
        issue = self._take_placeholder_free("IS") or bag.take("CP")
        month_suffix = _ISSUE_WITH_MONTH.match(issue)
        if month_suffix:
            issue = month_suffix.group(1)
        if code in ("CHAP", "ECHAP") and issue:
            self.set(number_of_volumes=issue)
            issue = ""
        self.set(issue=issue)
        if not self.record.edition and code != "COMP":  # COMP: ET is the version (above)
            self.set(edition=bag.take("ET"))
        if code in ("RPRT", "GOVDOC"):
            self.set(collection_number=bag.take("NV"))
        else:
            self.set(number_of_volumes=self.record.number_of_volumes or bag.take("NV"))
        section = bag.take("SE")
        if code in ("CHAP", "ECHAP"):
            self.set(chapter_number=section)
        elif code == "MGZN" and section and not bag.has("SP"):
            self.set(page_first=section)
        elif section:
            self.set(section=section)
        self.set(collection_number=self.record.collection_number or bag.take("SV"))

    def _pages_and_numbers(self) -> None:
        bag, code = self.bag, self.code
        start = self._take_placeholder_free("SP")
        end = self._take_placeholder_free("EP")
        number = ""
        if code in ("JOUR", "EJOUR", "INPR", "ABST"):
            number = bag.take("C7")
            m1 = bag.peek("M1")
            if m1 and looks_like_article_number(m1):
                number = number or m1
                bag.take("M1")
        elif code in ("THES", "RPRT", "GOVDOC"):
            number = bag.take("M1")
        if code in ("BOOK", "EBOOK", "EDBOOK", "SER"):
            self.set(collection_number=self.record.collection_number or bag.take("M1"))
        if code == "NEWS" and not start:
            self.set(page_first=bag.take("M1"))
        m1 = bag.peek("M1")
        if m1 and not self.record.issue and not bag.used_value("M1"):
            # M1 is the issue in the 2011 EJOUR, CONF and CPAPER tables (zotero-ris/003.ris
            # labels it "Issue"); MGZN exporters put the issue there too.  For JOUR it is
            # unused by the spec but Zotero reads it as a fallback issue (zotero-ris/004.ris,
            # M1 9999): accepted only when it looks like an issue, since Embase and Ovid put
            # addresses and cited references in M1.
            spec_issue = code in ("EJOUR", "CONF", "CPAPER") or (code == "MGZN" and m1.isdigit())
            if spec_issue or (code == "JOUR" and _ISSUE_LIKE.match(m1)):
                self.set(issue=bag.take("M1"))
        if code in PAGE_COUNT_TYPES and start and not end:
            self.set(number_of_pages=start)
            start = ""
        if start and not end and not number and "-" not in start and looks_like_article_number(start):
            number, start = start, ""
        page = _page_range(start, end)
        if code in NUMBER_SN_TYPES and bag.has("SN"):
            number = number or bag.take("SN")
        self.set(page=page, number=number or self.record.number)

    def _identifiers(self) -> None:
        bag = self.bag
        doi_values = bag.take_all("DO")
        dois = [d for raw in doi_values for d in split_doi_value(raw.value)]
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
        if self.code not in NUMBER_SN_TYPES:
            for raw in bag.take_all("SN"):
                found_issn, found_isbn = split_issn_isbn(raw.value)
                issn.extend(v for v in found_issn if v not in issn)
                isbn.extend(v for v in found_isbn if v not in isbn)
                if not found_issn and not found_isbn:
                    # Neither shape: keep the value as written rather than lose it, as an
                    # ISSN for periodicals and an ISBN for everything else (the 2011 tables
                    # label SN "ISSN" only for periodical types; zotero-ris/003.ris).
                    (issn if self.code in PERIODICAL_TYPES else isbn).append(raw.value)
        self.set(issn=tuple(issn), isbn=tuple(isbn))
        self._pubmed_ids()
        urls: list[str] = []
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
            elif value.isdigit() and self.code in PERIODICAL_TYPES and not pmid:
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

    def _publication(self) -> None:
        bag, code = self.bag, self.code
        self.set(publisher=bag.take("PB"))
        place = bag.take_first("CY", "PP")
        if code in CONFERENCE_TYPES:
            # CY is where the conference was, C1 where the proceedings were published
            # (2011 CONF and CPAPER tables; zotero-ris/003.ris "Place Published").
            self.set(event_place=place, publisher_place=bag.take("C1"))
        elif code == "PAT":
            self.set(jurisdiction=place)
        else:
            self.set(publisher_place=place)
        m3 = bag.peek("M3")
        if m3 and code in PERIODICAL_TYPES and _DOCUMENT_TYPE_LABEL.match(m3):
            # Scopus, Embase and EBSCO label the kind of article ("Article", "Review",
            # "Short survey"); APA would print it as a genre, so it stays in raw only.
            bag.take("M3")
        elif m3 and code not in PERIODICAL_TYPES:
            if code in ("ELEC", "BLOG"):
                self.set(medium=bag.take("M3"))
            elif not self.record.genre:
                self.set(genre=bag.take("M3"))
        self.set(database=bag.take_first("DB", "DP"), language=bag.take("LA"))

    def _content(self) -> None:
        bag = self.bag
        abstract = _strip_markup(bag.take("AB"))
        for raw in bag.peek_all("N2"):
            text = _strip_markup(raw.value)
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
            notes.extend(_strip_markup(raw.value) for raw in bag.take_all(tag))
        self.set(abstract=abstract, keywords=tuple(keywords), notes=tuple(n for n in notes if n))


_NON_WORD = re.compile(r"[^\w]+")


def _normalise_title(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _same_title(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True  # the common case (an abstract repeated in N2) without normalising
    return _normalise_title(a) == _normalise_title(b)


_STOP_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "to", "&", "de", "la",
                         "und", "der", "die"})


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
            if candidate not in _STOP_WORDS:
                return False
        else:
            return False
    return True


def _page_range(start: str, end: str) -> str:
    start = start.replace("–", "-").replace("—", "-").strip()
    end = end.strip()
    if start and end and start != end:
        return f"{start}-{end}"
    return start or end


def _strip_markup(text: str) -> str:
    if "<" not in text:
        return text
    return _HTML_TAG.sub("", text).strip()


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
