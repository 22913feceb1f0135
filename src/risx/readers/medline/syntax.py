"""MEDLINE syntax: numbered lines -> raw records, by the MEDLINE row of the tagged-line base.

``shared/notes/formats-reference.md`` section 1:

* a tag is left-justified in a four-character slot, then ``- `` (``PMID- ``, ``FAU - ``,
  ``AU  - ``); hand-made files break the spacing (``PMID-2266423``, ``TI-``), which is read
  with one warning per file (MED012);
* a long value continues on lines indented by six spaces, joined with one space;
* a blank line ends a record; ``PMID-`` starts a PubMed record, and any tag line outside a
  record starts one too (ERIC's records start with ``OWN - ERIC`` and have no PMID);
* a line inside a record that is neither (``SO  invalid line``; the rest of a value after a
  line separator, U+2028, which :mod:`risx.textio` ends a line at) is kept as text of the
  record: the mapper reads it as continuing the value before it (MED023).
"""

from __future__ import annotations

import re

from risx.readers.tagged import SyntaxCodes, TaggedSyntax
from risx.textio import TextFormat

#: Every tag of NLM's MEDLINE/PubMed field descriptions (and ERIC's ``ISSN``), each with what
#: it holds.  The canonical fast path knows these; any other tag is read through the lenient
#: pattern and reported once per file (MED020) by the mapper.
MEDLINE_TAGS: dict[str, str] = {
    "AB": "abstract",
    "AD": "affiliation of the author or editor before it",
    "AID": "article identifier ([doi], [pii], [bookaccession], ERIC links)",
    "AU": "author, family name and initials",
    "AUID": "author identifier (ORCID)",
    "BTI": "book title",
    "CDAT": "Bookshelf record creation date",
    "CI": "copyright information",
    "CIN": "comment in",
    "CN": "corporate (collective) author",
    "COI": "conflict of interest statement (old form)",
    "COIS": "conflict of interest statement",
    "CON": "comment on",
    "CP": "chapter",
    "CRDT": "create date",
    "CRF": "corrected and republished from",
    "CRI": "corrected and republished in",
    "CTDT": "contribution date",
    "CTI": "collection title",
    "DA": "date created (records before 2017)",
    "DCOM": "date completed",
    "DDIN": "dataset described in",
    "DEP": "date of electronic publication",
    "DP": "date of publication",
    "DRDT": "date revised (Bookshelf)",
    "DRIN": "dataset use reported in",
    "ECF": "expression of concern for",
    "ECI": "expression of concern in",
    "ED": "editor, family name and initials",
    "EDAT": "Entrez date",
    "EFR": "erratum for",
    "EIN": "erratum in",
    "EN": "edition",
    "FAU": "full author name",
    "FED": "full editor name",
    "FIR": "full investigator name",
    "FPS": "full personal name as subject",
    "GN": "general note",
    "GR": "grant number",
    "GS": "gene symbol",
    "IP": "issue",
    "IR": "investigator name",
    "IRAD": "investigator affiliation",
    "IS": "ISSN, with (Print), (Electronic) or (Linking)",
    "ISBN": "ISBN",
    "ISSN": "ISSN (ERIC)",
    "JID": "NLM journal identifier",
    "JT": "journal title",
    "LA": "language",
    "LID": "location identifier ([doi], [pii], or a bare electronic locator)",
    "LR": "date last revised",
    "MH": "MeSH term (heading/qualifier, * before a major topic)",
    "MHDA": "MeSH date",
    "MID": "manuscript identifier",
    "NM": "substance name",
    "NR": "number of references",
    "OAB": "other abstract",
    "OABL": "other abstract's language",
    "OCI": "other copyright information",
    "OID": "other identifier (ERIC's accession number)",
    "ORI": "original report in",
    "OT": "other term (author keyword)",
    "OTO": "other term owner",
    "OWN": "owner (NLM, ERIC...)",
    "PB": "publisher",
    "PG": "pagination",
    "PHST": "publication history status date",
    "PL": "place of publication (for journals, the journal's country)",
    "PMC": "PubMed Central identifier",
    "PMCR": "PubMed Central release",
    "PMID": "PubMed identifier",
    "PS": "personal name as subject",
    "PST": "publication status",
    "PT": "publication type",
    "PUBM": "publishing model",
    "RF": "number of references",
    "RIN": "retraction in",
    "RN": "registry number or EC number",
    "ROF": "retraction of",
    "RPF": "republished from",
    "RPI": "republished in",
    "RRF": "retracted and republished from",
    "RRI": "retracted and republished in",
    "SB": "subset",
    "SFM": "space flight mission",
    "SI": "secondary source identifier",
    "SO": "source: the citation as NLM prints it",
    "SPIN": "summary for patients in",
    "STAT": "status",
    "TA": "journal title abbreviation",
    "TI": "title",
    "TT": "transliterated (vernacular) title",
    "UIN": "update in",
    "UOF": "update of",
    "VI": "volume",
    "VTI": "volume title",
}

class MedlineSyntax(TaggedSyntax):
    """The tagged-line row, with the one spacing ERIC adds to PubMed's."""

    __slots__ = ()

    def canonical_gap(self, tag: str, gap: str) -> bool:
        # ERIC writes its four-letter tags with a space before the dash ("ISSN - EISSN-...",
        # zotero/005.nbib); PubMed pads every tag to four characters ("PMID- ", "AU  - ").
        return len(tag) + len(gap) == self.tag_width or (len(tag) == 4 and gap == " ")


#: The MEDLINE layout (``shared/notes/formats-reference.md`` section 1).
MEDLINE_SYNTAX = MedlineSyntax(
    name="MEDLINE",
    tag_width=4,
    separator="- ",
    slots={tag.ljust(4): tag for tag in MEDLINE_TAGS},
    # Hand-made files break the spacing (PMID-2266423, TI-): a tag, spaces, the dash.
    lenient=re.compile(r"([A-Za-z][A-Za-z0-9]{1,3})( *)- ?(.*)$"),
    gaps=frozenset(),
    pad_tags=True,
    spacing_rule="their tag padded to four characters before the dash",
    record_start=frozenset({"PMID"}),
    record_end=frozenset(),
    # No end tag, and a tag line outside a record opens one: the base's "no end", "end
    # alone" and "orphans" messages cannot occur (codes.py), so they share the stray-text code.
    codes=SyntaxCodes(stray_text="MED010", lower_case="MED011", odd_spacing="MED012",
                      no_end="MED010", end_alone="MED010", orphans="MED010", too_long="MED016",
                      too_many_lines="MED017"),
    # After UTF-16 text, a tag line in 8-bit text starts the next file (risx.textio).
    text=TextFormat("MEDLINE", rb"[A-Z][A-Z0-9]{1,3} *- "),
    blank_line_ends_record=True,
    tag_outside_opens_record=True,
    continuation_indent=6,
)
