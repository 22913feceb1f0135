"""DATA: the RIS reference types (``TY``) and tags risx knows, and what each means per type.

Sources: the RIS Format Specifications (2011 revision, 56 types and the per-type tables; the
2001 lists are a subset), with CSL 1.0.2 targets as tabulated in
``shared/notes/ris-reference.md`` sections 2 and 3.  Vendor spellings of a type are
normalised to a specification code first (``ALIASES``).  A tag that is not in ``KNOWN_TAGS``
is reported once per file and kept as an unmapped value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from risx.diagnostics import DiagnosticSink

#: Specification code -> (CSL type, genre or "").
RIS_TYPES: dict[str, tuple[str, str]] = {
    "ABST": ("article-journal", ""),
    "ADVS": ("motion_picture", ""),
    "AGGR": ("dataset", ""),
    "ANCIENT": ("classic", ""),
    "ART": ("graphic", ""),
    "BILL": ("bill", ""),
    "BLOG": ("post-weblog", ""),
    "BOOK": ("book", ""),
    "CASE": ("legal_case", ""),
    "CHAP": ("chapter", ""),
    "CHART": ("figure", ""),
    "CLSWK": ("classic", ""),
    "COMP": ("software", ""),
    "CONF": ("paper-conference", ""),
    "CPAPER": ("paper-conference", ""),
    "CTLG": ("book", "Catalog"),
    "DATA": ("dataset", ""),
    "DBASE": ("dataset", ""),
    "DICT": ("entry-dictionary", ""),
    "EBOOK": ("book", ""),
    "ECHAP": ("chapter", ""),
    "EDBOOK": ("book", ""),
    "EJOUR": ("article-journal", ""),
    "ELEC": ("webpage", ""),
    "ENCYC": ("entry-encyclopedia", ""),
    "EQUA": ("figure", ""),
    "FIGURE": ("figure", ""),
    "GEN": ("document", ""),
    "GOVDOC": ("report", ""),
    "GRANT": ("document", "Grant"),
    "HEAR": ("hearing", ""),
    "ICOMM": ("personal_communication", ""),
    "INPR": ("article-journal", ""),
    "JFULL": ("periodical", ""),
    "JOUR": ("article-journal", ""),
    "LEGAL": ("regulation", ""),
    "MANSCPT": ("manuscript", ""),
    "MAP": ("map", ""),
    "MGZN": ("article-magazine", ""),
    "MPCT": ("motion_picture", ""),
    "MULTI": ("motion_picture", ""),
    "MUSIC": ("musical_score", ""),
    "NEWS": ("article-newspaper", ""),
    "PAMP": ("pamphlet", ""),
    "PAT": ("patent", ""),
    "PCOMM": ("personal_communication", ""),
    "RPRT": ("report", ""),
    "SER": ("book", ""),
    "SLIDE": ("speech", "Slides"),
    "SOUND": ("song", ""),
    "STAND": ("standard", ""),
    "STAT": ("legislation", ""),
    "THES": ("thesis", ""),
    "UNBILL": ("bill", ""),
    "UNPB": ("manuscript", ""),
    "VIDEO": ("motion_picture", ""),
}

#: Vendor and historical spellings (upper-cased) -> specification code.
ALIASES: dict[str, str] = {
    "WEB": "ELEC",
    "JOURN": "JOUR",
    "JOURNAL": "JOUR",
    "JOURNAL ARTICLE": "JOUR",
    "ARTICLE": "JOUR",
    "JOURNAL/PERIODICAL": "JFULL",
    "OTHER": "GEN",
    "STD": "GEN",
    "GRNT": "GRANT",
    "UNPD": "UNPB",
    "CHAPTER": "CHAP",
    "BOOK SECTION": "CHAP",
    "THESIS": "THES",
    "REPORT": "RPRT",
    "CONFERENCE PAPER": "CPAPER",
    "CONFERENCE PROCEEDINGS": "CONF",
    "PATENT": "PAT",
    "NEWSPAPER": "NEWS",
    "MAGAZINE": "MGZN",
    "ICOMM": "ICOMM",
}

#: The status CSL records for types that carry one.
TYPE_STATUS: dict[str, str] = {"INPR": "in press"}
#: Types that are not yet issued: their PY/Y1/DA (the year of acceptance) is kept in the note,
#: so that APA prints "(in press)" in place of a year, not "In press." after the source
#: (TY-INPR-01; APA 7, 9.16).
NOT_YET_ISSUED_TYPES: frozenset[str] = frozenset({"INPR"})


class TypeRule(NamedTuple):
    """A record whose ``TY`` is missing or no RIS type, read as ``becomes`` when its tags show it."""

    id: str
    #: The TY values (upper-cased; "" for an empty TY) the row is for.
    written: frozenset[str]
    #: Each group names tags of which the record must have at least one (non-empty).
    evidence: tuple[frozenset[str], ...]
    becomes: str
    reason: str
    shown_by: str


#: The type rows, tried in order.
TYPE_RULES: tuple[TypeRule, ...] = (
    TypeRule("TY-EVID-01", frozenset({"", "HTML", "PDF", "CITATION", "DOC"}),
             (frozenset({"JF", "JO", "T2", "JA"}), frozenset({"VL"}),
              frozenset({"IS", "DO", "SP"})),
             "JOUR",
             "an empty TY, or TY HTML/PDF (Publish or Perish), on a record with a journal, a "
             "volume and an issue, pages or DOI is a journal article",
             "tests/readers/test_exporter_rules.py (made up in Publish or Perish's shape)"),
)


def type_from_evidence(ty_value: str, present: dict[str, list[int]]) -> TypeRule | None:
    """The type row that reads a record with TY ``ty_value`` (empty or unknown) by its tags."""
    written = " ".join(ty_value.split()).upper()
    for rule in TYPE_RULES:
        if written in rule.written and all(not group.isdisjoint(present)
                                           for group in rule.evidence):
            return rule
    return None


def normalise_type(value: str) -> str | None:
    """The specification code for a TY value as written, or ``None`` when unknown."""
    text = " ".join(value.split()).upper()
    if text in RIS_TYPES:
        return text
    return ALIASES.get(text)


def type_code(ty_value: str, start_line: int, sink: DiagnosticSink) -> str:
    """The RIS type code ``TY`` stands for, ``GEN`` (with a warning) when empty or unknown."""
    code = normalise_type(ty_value)
    if not ty_value:
        sink.warning("RIS017", start_line, "the record has an empty TY; read as a generic "
                     "document")
        return "GEN"
    if code is None:
        sink.warning("RIS020", start_line, f"unknown reference type '{ty_value}'; read as a "
                     f"generic document")
        return "GEN"
    return code


# Tags -----------------------------------------------------------------------------------------

KNOWN_TAGS: frozenset[str] = frozenset(
    [
        "TY",
        "ER",
        "ID",
        "T1",
        "TI",
        "CT",
        "BT",
        "T2",
        "T3",
        "TT",
        "ST",
        "OP",
        "RI",
        "A1",
        "AU",
        "A2",
        "ED",
        "A3",
        "A4",
        "TA",
        "AB",
        "N2",
        "N1",
        "RN",
        "AD",
        "AN",
        "AV",
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "C6",
        "C7",
        "C8",
        "CA",
        "CN",
        "CP",
        "CY",
        "DA",
        "PY",
        "Y1",
        "Y2",
        "DB",
        "DP",
        "DO",
        "EP",
        "SP",
        "ET",
        "IS",
        "JF",
        "JO",
        "JA",
        "J1",
        "J2",
        "KW",
        "L1",
        "L2",
        "L3",
        "L4",
        "LK",
        "LA",
        "LB",
        "M1",
        "M2",
        "M3",
        "NV",
        "PB",
        "PP",
        "RP",
        "SE",
        "SN",
        "BN",
        "SV",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "UR",
        "VL",
        "VO",
        "PMID",
    ]
)

#: The tag each single-valued field of the model is written as (the RIS writer, for a record
#: without source tags); the reader reads the field from this tag, among others.
FIELD_TAGS: dict[str, str] = {
    "title": "TI",
    "title_short": "ST",
    "translated_title": "TT",
    "original_title": "OP",
    "container_title": "T2",
    "container_title_short": "J2",
    "collection_title": "T3",
    "volume": "VL",
    "issue": "IS",
    "edition": "ET",
    "number_of_volumes": "NV",
    "section": "SE",
    "publisher": "PB",
    "publisher_place": "CY",
    "doi": "DO",
    "call_number": "CN",
    "archive_location": "AV",
    "database": "DB",
    "language": "LA",
    "abstract": "AB",
    "label": "LB",
}

#: Default name role of each creator tag.
DEFAULT_ROLES: dict[str, str] = {
    "AU": "author",
    "A1": "author",
    "A2": "editor",
    "ED": "editor",
    "A3": "collection-editor",
    "A4": "translator",
}

#: Type-specific roles (spec code -> creator tag -> CSL role); "" means "not a name here".
#: From the 2011 per-type tables, whose field labels zotero-ris/003.ris spells out as
#: placeholder values (A2 "Editor, Series" for CLSWK, "Recipient" for PCOMM, "Name of
#: File" for CHART, "Institution" for CTLG/PAMP, ...).
TYPE_ROLES: dict[str, dict[str, str]] = {
    "ADVS": {"A2": "performer"},
    "BILL": {"A2": "author"},  # sponsor: the bill's author (Zotero: sponsor, CSL author)
    "BLOG": {"A3": "illustrator"},
    "BOOK": {"A2": "collection-editor", "A3": "editor"},
    "CASE": {"A2": "", "A3": "", "A4": "contributor"},  # reporter, higher court, counsel
    "CHART": {"A2": ""},  # name of file
    "CLSWK": {"A2": "collection-editor"},
    "COMP": {"A2": "collection-editor"},
    "CTLG": {"A2": ""},  # institution
    "DATA": {"A2": "producer", "A4": "contributor"},  # producer, funding agency
    "EBOOK": {"A2": "collection-editor", "A3": "editor"},
    "EDBOOK": {"AU": "editor", "A1": "editor", "A2": "collection-editor"},
    "FIGURE": {"A2": ""},  # name of file
    "CONF": {"A4": "organizer"},
    "GOVDOC": {"A2": ""},  # department
    "ICOMM": {"A2": "recipient"},
    "LEGAL": {"A2": ""},  # issuing organisation -> authority
    "MAP": {"A2": "collection-editor"},
    "MPCT": {"A2": "collection-editor", "A3": "producer", "A4": "performer"},
    "MULTI": {"A2": "collection-editor"},
    "MUSIC": {"A4": "producer"},
    "PAMP": {"A2": ""},  # institution
    "PAT": {"A2": "", "A3": "contributor"},  # issuing organisation -> authority
    "PCOMM": {"A2": "recipient"},
    "RPRT": {"A2": "collection-editor", "A3": "", "A4": ""},  # "Publisher", department
    "SER": {"A2": "collection-editor", "A3": "editor"},
    "THES": {"A3": "contributor"},
    "UNPB": {"A2": "collection-editor"},
    "ELEC": {"A2": "collection-editor"},
}

#: Creator tags that hold an organisation or a title for some types, and the record field
#: they fill (when it is still empty).  2011 tables, labels as in zotero-ris/003.ris.
NAME_TAG_FIELDS: dict[str, dict[str, str]] = {
    "CASE": {"A2": "container_title", "A3": "authority"},
    "LEGAL": {"A2": "authority"},
    "PAT": {"A2": "authority"},
    "RPRT": {"A3": "publisher"},
}

#: Types whose T2 names a periodical (journal, magazine, newspaper).
PERIODICAL_TYPES: frozenset[str] = frozenset(
    {"JOUR", "EJOUR", "ABST", "INPR", "MGZN", "NEWS", "JFULL"}
)
#: Types whose T2 is the title of a series rather than of a container.
SERIES_T2_TYPES: frozenset[str] = frozenset(
    {"BOOK", "EBOOK", "EDBOOK", "SER", "RPRT", "GOVDOC", "COMP", "CTLG", "PAMP", "DATA",
     # 2011 tables label T2 "Series Title" for these too (zotero-ris/003.ris)
     "CLSWK", "MAP", "MPCT", "MULTI", "UNPB"}
)
#: Types whose T2 names a conference.
CONFERENCE_TYPES: frozenset[str] = frozenset({"CONF", "CPAPER"})
#: Types where ``DA`` is an access date, not the date of publication (2011 spec tables).
DA_IS_ACCESS_TYPES: frozenset[str] = frozenset({"EBOOK", "EJOUR", "AGGR", "DBASE", "MULTI"})
#: Types whose ``SP`` is a page count, not a page.
PAGE_COUNT_TYPES: frozenset[str] = frozenset({"BOOK", "EBOOK", "EDBOOK", "THES"})
#: Types whose ``SN`` is a document number rather than an ISSN/ISBN.
NUMBER_SN_TYPES: frozenset[str] = frozenset({"RPRT", "PAT", "GOVDOC"})
#: Types whose ``BT`` is the title when TI/T1/CT are missing (2001 "primary title for BOOK/UNPB").
BT_TITLE_TYPES: frozenset[str] = frozenset({"BOOK", "UNPB", "EBOOK", "EDBOOK"})
#: Book sections: IS is the number of volumes, SE the chapter (2011 CHAP/ECHAP tables).
SECTION_TYPES: frozenset[str] = frozenset({"CHAP", "ECHAP"})
#: Types whose ``C7`` (and an ``M1`` of that shape) is the article number (2011 JOUR table).
ARTICLE_NUMBER_TYPES: frozenset[str] = frozenset({"JOUR", "EJOUR", "INPR", "ABST"})
#: Types whose ``M1`` is the document's own number (2011 THES, RPRT tables).
NUMBERED_TYPES: frozenset[str] = frozenset({"THES", "RPRT", "GOVDOC"})
#: Types whose ``M1`` is the volume in a series (2011 BOOK, EDBOOK tables).
SERIES_VOLUME_TYPES: frozenset[str] = frozenset({"BOOK", "EBOOK", "EDBOOK", "SER"})
#: Reports: NV is the number in the series (2011 RPRT table, "Series Volume").
REPORT_TYPES: frozenset[str] = frozenset({"RPRT", "GOVDOC"})
#: Types whose ``M3`` is the medium (2011 ELEC table, "Format of Electronic Resource").
MEDIUM_TYPES: frozenset[str] = frozenset({"ELEC", "BLOG"})


# What a tag means, per type -----------------------------------------------------------------


class TagReading(NamedTuple):
    """What one tag means: ``by_type`` for the types whose tables say otherwise, else ``default``.

    A meaning is one of the names the mapping resolves for the tag
    (:data:`risx.readers.ris.mapping.MEANINGS`); ``note`` means the tag is read for no field
    and its value stays in the note.  Exporter rows
    (:data:`risx.readers.ris.exporters.EXPORTER_RULES`) can give a tag another meaning.
    """

    tag: str
    default: str
    by_type: dict[str, str]
    #: Why, and where it is shown (the spec's tables, a corpus file).
    reason: str

    def meaning(self, code: str) -> str:
        return self.by_type.get(code, self.default)


def _each(types: frozenset[str], meaning: str) -> dict[str, str]:
    return dict.fromkeys(sorted(types), meaning)


#: The tags whose meaning depends on the record type.
TAG_READINGS: dict[str, TagReading] = {reading.tag: reading for reading in (
    TagReading("T2", "container", {
        **_each(PERIODICAL_TYPES, "periodical"),
        **_each(SERIES_T2_TYPES, "series"),
        # Proceedings in C3 (Zotero) or BT (Dimensions), else T2 alone is the proceedings
        # (IEEE, colrev-ris/ieee_ris.ris) ...
        "CONF": "proceedings-or-conference",
        # ... but always the conference in CPAPER (zotero-ris/003.ris: "Conference Name").
        "CPAPER": "conference",
        # The department: CSL has no field for it (zotero-ris/003.ris: "Department").
        "THES": "note",
    }, "2011 per-type tables: journal, series, conference or container by type; "
       "ris-reference.md 3b, 3c"),
    TagReading("BT", "container", _each(BT_TITLE_TYPES, "title"),
               "2001 spec: BT is the primary title for BOOK and UNPB, else a secondary title"),
    TagReading("JF", "container", {"THES": "archive"},
               "a thesis has no container: ProQuest's JF 'ProQuest Dissertations and Theses' is "
               "the database holding it (colrev-ris/abi_inform_proquest_ris.ris)"),
    TagReading("VL", "volume", {"COMP": "edition"},
               "2011 COMP table: VL is the edition (citation-js-ris/input/012.ris)"),
    TagReading("ET", "edition", {
        **_each(PERIODICAL_TYPES, "epub-date-or-edition"),
        "COMP": "version",
    }, "2011 tables: ET is a journal's e-pub date and a program's version "
       "(citation-js-ris/input/012.ris: never also the edition)"),
    TagReading("DA", "issued", _each(DA_IS_ACCESS_TYPES, "accessed"),
               "2011 EBOOK, EJOUR, AGGR, DBASE, MULTI tables: DA is the access date"),
    TagReading("IS", "issue", _each(SECTION_TYPES, "number-of-volumes"),
               "2011 CHAP table: IS is the number of volumes"),
    TagReading("NV", "number-of-volumes", _each(REPORT_TYPES, "series-number"),
               "2011 RPRT table: NV is the series volume"),
    TagReading("SE", "section", {**_each(SECTION_TYPES, "chapter"), "MGZN": "page-without-sp"},
               "2011 tables: SE is a chapter's number, a magazine's start page"),
    TagReading("SP", "page", _each(PAGE_COUNT_TYPES, "page-count"),
               "2011 BOOK, THES tables: SP alone is the number of pages"),
    TagReading("C7", "note", _each(ARTICLE_NUMBER_TYPES, "article-number"),
               "2011 JOUR table: C7 is the article number"),
    TagReading("M1", "note", {
        # An article number when it looks like one; Zotero also reads a short M1 as the issue
        # (zotero-ris/004.ris, M1 9999) where Embase and Ovid put addresses and references.
        "JOUR": "article-number-or-issue-like",
        "EJOUR": "article-number-or-issue",
        "INPR": "article-number", "ABST": "article-number",
        **_each(NUMBERED_TYPES, "number"),
        **_each(SERIES_VOLUME_TYPES, "series-number"),
        "NEWS": "page-without-sp",
        "CONF": "issue", "CPAPER": "issue",
        "MGZN": "issue-if-digits",
    }, "2011 tables (zotero-ris/003.ris labels: Issue, Number, Series Volume, Start Page); "
       "ris-reference.md 3c"),
    TagReading("SN", "isbn", {**_each(PERIODICAL_TYPES, "issn"),
                              **_each(NUMBER_SN_TYPES, "number")},
               "ISSN or ISBN by shape, a value of neither shape kept as the type's: the 2011 "
               "tables label SN ISSN for periodicals only; a report's or patent's number"),
    TagReading("BN", "note", _each(CONFERENCE_TYPES, "isbn"),
               "not in the spec; conference papers' exporters put the proceedings' ISBN in BN "
               "(issue 16, item 7; made-up fixture in tests/readers/test_values_ris.py)"),
    TagReading("C2", "pmcid", _each(PERIODICAL_TYPES, "pmcid-or-pmid"),
               "2011 JOUR table: C2 is the PMCID; Scopus and Pure put the PMID there"),
    TagReading("CY", "publisher-place", {**_each(CONFERENCE_TYPES, "event-place"),
                                         "PAT": "jurisdiction"},
               "2011 CONF, CPAPER, PAT tables: CY is where the conference was, a patent's country"),
    TagReading("PB", "publishers", {},
               "2011 tables: PB is the publisher; a repeated PB is another publisher, and APA 7 "
               "9.29 joins several with '; ' (made-up fixture in tests/readers/test_values_ris.py)"),
    TagReading("C1", "note", _each(CONFERENCE_TYPES, "publisher-place"),
               "2011 CONF, CPAPER tables: C1 is the place of publication"),
    TagReading("M3", "genre", {**_each(PERIODICAL_TYPES, "document-type"),
                               **_each(MEDIUM_TYPES, "medium")},
               "Scopus, Embase and EBSCO label the kind of article in M3 (not a genre APA "
               "prints); 2011 ELEC table: the format"),
    TagReading("C3", "note", _each(CONFERENCE_TYPES, "proceedings"),
               "Zotero writes a conference paper's proceedings title in C3 (zotero-ris/003.ris); "
               "elsewhere C3 is custom"),
    TagReading("CP", "issue", {}, "2001 spec: CP is the issue (read when IS is absent)"),
    TagReading("T3", "series", {}, "2011 tables: T3 is the series (tertiary) title"),
    TagReading("ST", "short-title", {}, "2011 tables: ST is the short title"),
    TagReading("JA", "short", {}, "2001 spec: JA is the standard journal abbreviation"),
    TagReading("AN", "accession", {}, "2011 tables: AN is the accession number"),
    TagReading("L3", "note", {}, "2011 tables: L3 is related records (kept in the note)"),
    TagReading("RI", "reviewed-title-unless-id", {},
               "2011 JOUR table: RI is the reviewed item; a value shaped like a record id "
               "(REF_0001, 12345) is not a title (tools write their own ids there)"),
    TagReading("AU", "name", {}, "one person or organisation per line, Family, Given"),
    TagReading("A1", "name", {}, "one person or organisation per line, Family, Given"),
    TagReading("A2", "name", {}, "one person or organisation per line, Family, Given"),
    # Vendor tags: in the note unless an exporter's row places them.
    TagReading("PU", "note", {}, "not a RIS tag (Web of Science: the publisher)"),
    TagReading("PI", "note", {}, "not a RIS tag (Web of Science: the publisher's city)"),
    TagReading("JI", "note", {}, "not a RIS tag (Web of Science: the ISO abbreviation)"),
    TagReading("J9", "note", {}, "not a RIS tag (Web of Science: its own abbreviation)"),
    TagReading("NL", "note", {}, "not a RIS tag (Ovid: the NLM journal abbreviation)"),
)}
