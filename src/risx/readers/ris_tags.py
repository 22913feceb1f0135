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
TYPE_ROLES: dict[str, dict[str, str]] = {
    "BOOK": {"A2": "collection-editor", "A3": "editor"},
    "EBOOK": {"A2": "collection-editor", "A3": "editor"},
    "SER": {"A2": "collection-editor", "A3": "editor"},
    "EDBOOK": {"AU": "editor", "A1": "editor", "A2": "collection-editor"},
    "CONF": {"A4": "organizer"},
    "THES": {"A3": "contributor"},
    "RPRT": {"A2": "collection-editor", "A3": "contributor", "A4": "contributor"},
    "GOVDOC": {"A2": "collection-editor"},
    "DATA": {"A2": "producer"},
    "PAT": {"A2": ""},
}

#: Types whose T2 names a periodical (journal, magazine, newspaper).
PERIODICAL_TYPES: frozenset[str] = frozenset(
    {"JOUR", "EJOUR", "ABST", "INPR", "MGZN", "NEWS", "JFULL"}
)
#: Types whose T2 is the title of a series rather than of a container.
SERIES_T2_TYPES: frozenset[str] = frozenset(
    {"BOOK", "EBOOK", "EDBOOK", "SER", "RPRT", "GOVDOC", "COMP", "CTLG", "PAMP", "DATA"}
)
#: Types whose T2 names a conference.
CONFERENCE_TYPES: frozenset[str] = frozenset({"CONF", "CPAPER"})
#: Types where ``DA`` is an access date, not the date of publication (2011 spec tables).
DA_IS_ACCESS_TYPES: frozenset[str] = frozenset({"EBOOK", "EJOUR", "AGGR", "DBASE", "MULTI"})
#: Types whose ``SP`` is a page count, not a page.
PAGE_COUNT_TYPES: frozenset[str] = frozenset({"BOOK", "EBOOK", "EDBOOK", "THES"})
#: Types whose ``SN`` is a document number rather than an ISSN/ISBN.
NUMBER_SN_TYPES: frozenset[str] = frozenset({"RPRT", "PAT", "GOVDOC"})
