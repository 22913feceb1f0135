"""DATA: RIS reference types (``TY``) and the CSL type each becomes.

Source: the RIS Format Specifications (2011 revision, 56 types; the 2001 list
is a subset), with CSL 1.0.2 targets as tabulated in
``shared/notes/ris-reference.md`` section 2.  Vendor spellings are normalised
to a specification code first (``ALIASES``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
