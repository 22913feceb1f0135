"""DATA: the RIS tags risx knows, and which name role each creator tag has per type.

Source: RIS Format Specifications (2001 and 2011 tag lists) and the per-type
tables summarised in ``shared/notes/ris-reference.md`` section 3.  A tag that
is not in ``KNOWN_TAGS`` is reported once per file and kept as an unmapped
value.
"""

from __future__ import annotations

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
