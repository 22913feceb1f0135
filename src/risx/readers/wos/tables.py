"""DATA: Web of Science tags, publication and document types, and the databases of the platform.

Written from Clarivate's field-tag list and full-record descriptions
(``shared/notes/formats-reference.md`` section 2), checked against the Zotero and JabRef
expected outputs in ``tests/corpus/wos-tagged`` (``tests/agreement/test_agreement_wos.py``).

* :data:`WOS_TAGS`: every tag the platform's databases write, with what it holds; another tag
  is reported once per file (WOS020) and kept in the note;
* :data:`PUBLICATION_TYPES` (``PT``) and :data:`DOCUMENT_TYPES` (``DT``): what they say of the
  record's CSL type.  The document types are the platform's, whatever the file format, so the
  RIS reader's Web of Science rules can use the same table;
* :data:`TAG_READINGS`: the meaning of each tag a field is read from, by CSL type;
* :data:`DATABASES`: the database an accession number (``UT WOS:...``) names.
"""

from __future__ import annotations

from typing import NamedTuple

WOS_TAGS: dict[str, str] = {
    # Every database of the platform
    "PT": "publication type (J journal, B book, S series, P patent, C conference)",
    "AU": "authors, family name and initials", "AF": "authors, full names",
    "BA": "book authors", "BF": "book authors, full names", "BE": "book editors",
    "CA": "group authors", "GP": "book group authors",
    "TI": "title", "SO": "source (journal or book) title", "SE": "book series title",
    "BS": "book series subtitle", "LA": "language", "DT": "document type",
    "CT": "conference title", "CY": "conference date", "CL": "conference location",
    "SP": "conference sponsors", "HO": "conference host",
    "DE": "author keywords", "ID": "Keywords Plus", "AB": "abstract",
    "C1": "author addresses", "C3": "affiliations", "RP": "reprint (corresponding) address",
    "EM": "e-mail addresses", "RI": "ResearcherIDs", "OI": "ORCIDs",
    "FU": "funding agencies and grant numbers", "FP": "funding programs", "FX": "funding text",
    "CR": "cited references", "NR": "number of cited references",
    "TC": "times cited (Core Collection)", "Z9": "times cited (all databases)",
    "Z8": "times cited (CSCD)", "ZB": "times cited (BIOSIS)", "ZR": "times cited (RSCI)",
    "ZS": "times cited (SciELO)", "ZA": "times cited (ARCI)",
    "U1": "usage count (last 180 days)", "U2": "usage count (since 2013)",
    "PU": "publisher", "PI": "publisher's city", "PA": "publisher's address",
    "SN": "ISSN", "EI": "electronic ISSN", "BN": "ISBN",
    "J9": "29-character source abbreviation", "JI": "ISO source abbreviation",
    "PD": "publication date", "PY": "publication year", "VL": "volume", "IS": "issue",
    "PN": "part number (a patent's number)", "SU": "supplement", "SI": "special issue",
    "MA": "meeting abstract", "BP": "beginning page", "EP": "ending page",
    "AR": "article number", "DI": "DOI", "D2": "book DOI", "DL": "DOI link",
    "EA": "early access date", "EY": "early access year", "PG": "page count",
    "P2": "chapter count", "WC": "Web of Science categories", "WE": "Web of Science index",
    "SC": "research areas", "GA": "document delivery number", "PM": "PubMed ID",
    "UT": "accession number (WOS:, MEDLINE:, ZOOREC:...)", "OA": "open access",
    "HP": "hot paper", "HC": "highly cited", "DA": "date the export was made",
    "ER": "end of record",
    # Zoological Record, Inspec, BIOSIS, CAB Abstracts, FSTA, Derwent
    "AN": "the database's accession number", "BD": "broad terms", "ST": "systematics",
    "TN": "taxa notes", "NT": "notes", "OR": "organisms", "AW": "web address of the item",
    "UR": "web address", "PS": "page span (pages or an electronic locator)",
    "CO": "CODEN", "PV": "country of publication", "TY": "Inspec treatment type",
    "BR": "Inspec record type", "CN": "chemical data", "CC": "concept codes",
    "MC": "major concepts", "MQ": "miscellaneous descriptors", "DS": "diseases",
    "AE": "patent assignee", "DG": "patent: date granted", "PC": "patent: country",
    "PL": "patent: classification",
}

#: ``PT``: publication type -> CSL type, before the document type refines it.
PUBLICATION_TYPES: dict[str, str] = {
    "J": "article-journal",
    "B": "book",  # or a chapter of it (TI not the book's title, SO)
    "S": "chapter",  # a contribution to a book in a series (Annual Review of ..., Vol 32)
    "P": "patent",
    "C": "paper-conference",  # ISI Export Format's conference records
}

#: ``DT``: document types (several joined by ``; ``), compared case-folded, each with the
#: CSL type it makes (``""``: says nothing about the type: an article, a review, a letter
#: are all articles of their source).
DOCUMENT_TYPES: dict[str, str] = {
    "article": "", "review": "", "letter": "", "note": "", "editorial material": "",
    "meeting abstract": "", "book review": "", "correction": "", "correction, addition": "",
    "data paper": "", "early access": "", "news item": "", "biographical-item": "",
    "item about an individual": "", "reprint": "", "retraction": "",
    "retracted publication": "", "withdrawn publication": "", "expression of concern": "",
    "bibliography": "", "discussion": "", "poetry": "", "fiction, creative prose": "",
    "excerpt": "", "chronology": "", "abstract only": "", "journal paper": "",
    "art exhibit review": "", "film review": "", "theater review": "", "music score": "",
    "music performance review": "", "record review": "", "software review": "",
    "hardware review": "", "database review": "", "dance performance review": "",
    "tv review, radio review": "", "script": "", "meeting summary": "",
    "proceedings paper": "paper-conference", "conference paper": "paper-conference",
    "book": "book", "book chapter": "chapter", "patent": "patent", "dissertation": "thesis",
    "thesis": "thesis",
}


class TagReading(NamedTuple):
    """What one tag means: ``by_type`` for the CSL types listed there, else ``default``."""

    tag: str
    default: str
    by_type: dict[str, str]
    #: Why, and what shows it.
    reason: str

    def meaning(self, csl_type: str) -> str:
        return self.by_type.get(csl_type, self.default)


#: The tags a field is read from, and their meaning (the mapper's resolvers:
#: ``risx.readers.wos.mapping.MEANINGS``); ``note``: read for no field.
TAG_READINGS: dict[str, TagReading] = {reading.tag: reading for reading in (
    TagReading("TI", "title", {}, "the title"),
    TagReading("SO", "container-title", {"book": "book-title", "patent": "note"},
               "the journal or the book; for a book record its own title again "
               "(zotero/006.txt); a patent's is the gazette that announced it (zotero/005.txt)"),
    TagReading("SE", "collection-title", {}, "a book's series (zotero/004.txt)"),
    TagReading("JI", "container-title-short", {},
               "the ISO abbreviation (J9, in capitals and cut to 29 characters, stays in the "
               "note)"),
    TagReading("LA", "language", {}, "the language, in English (English, German)"),
    TagReading("CT", "event-title", {}, "the conference (zotero/009.txt)"),
    TagReading("CY", "event-date", {}, "the conference's dates (FEB 21-23, 2005)"),
    TagReading("CL", "event-place", {}, "where the conference was held"),
    TagReading("DE", "keywords", {}, "author keywords, joined by '; '"),
    TagReading("ID", "keywords", {}, "Keywords Plus, joined by '; '"),
    TagReading("BD", "keywords", {}, "CAB Abstracts' and Zoological Record's broad terms "
               "(controlled indexing terms; zotero/002.txt)"),
    TagReading("OR", "keywords", {}, "CAB Abstracts' and Zoological Record's organisms "
               "(zotero/002.txt)"),
    TagReading("MC", "keywords", {}, "BIOSIS's major concepts (zotero/005.txt)"),
    TagReading("MQ", "keywords", {}, "BIOSIS's miscellaneous descriptors (zotero/005.txt)"),
    TagReading("AB", "abstract", {}, "the abstract"),
    TagReading("PU", "publisher", {}, "the publisher"),
    TagReading("PI", "publisher-place", {}, "the publisher's city (PA, its address, stays in "
               "the note)"),
    TagReading("SN", "issn", {"patent": "note"}, "the ISSN; a patent's is the gazette's that "
               "announced it (zotero/005.txt)"),
    TagReading("EI", "issn", {}, "the electronic ISSN"),
    TagReading("BN", "isbn", {}, "the ISBN"),
    TagReading("EA", "available-date", {}, "the early access date (MAY 2025)"),
    TagReading("VL", "volume", {}, "the volume"),
    TagReading("IS", "issue", {}, "the issue"),
    TagReading("PN", "issue-part", {"patent": "number"},
               "the part of an issue; a patent's number (zotero/005.txt, 008.txt)"),
    TagReading("SU", "issue-supplement", {}, "the supplement of an issue"),
    TagReading("BP", "page", {}, "the first page"),
    TagReading("EP", "page", {}, "the last page"),
    TagReading("AR", "number", {}, "the article number, often the only locator"),
    TagReading("PS", "page-span", {},
               "Inspec's and MEDLINE's page span (2457-71), Zoological Record's locator "
               "(jabref/IsiImporterTestMedline.isi): the pages when BP is absent"),
    TagReading("PG", "note", {"book": "number-of-pages"}, "the number of pages; a book's "
               "extent, not pages cited (zotero/003.txt: PG 1 of a one-page poem)"),
    TagReading("DI", "doi", {}, "the DOI"),
    TagReading("D2", "book-doi", {}, "the DOI of the book: the record's when it has no DI"),
    TagReading("PM", "pmid", {}, "the PubMed identifier"),
    TagReading("UT", "accession", {}, "the accession number, with its database (WOS:000...)"),
    TagReading("AN", "accession", {}, "the database's own accession number (ZOOR..., Inspec)"),
    TagReading("AW", "url", {}, "Zoological Record's web address of the item"),
    TagReading("UR", "url", {}, "a web address"),
    TagReading("AE", "publisher", {}, "a patent's assignee (zotero/005.txt; CSL has no "
               "assignee: the publisher, as Zotero's CSL mapping has it)"),
    TagReading("PC", "jurisdiction", {}, "a patent's country (zotero/005.txt)"),
    TagReading("DG", "issued-if-none", {}, "a patent's date granted, when PY/PD are absent"),
)}

#: What an accession number's prefix (``UT WOS:000290115300030``) says the record comes from.
DATABASES: dict[str, str] = {
    "WOS": "Web of Science Core Collection",
    "ISI": "Web of Science Core Collection",
    "MEDLINE": "MEDLINE",
    "ZOOREC": "Zoological Record",
    "BCI": "BIOSIS Citation Index",
    "BIOSIS": "BIOSIS Previews",
    "INSPEC": "Inspec",
    "CABI": "CAB Abstracts",
    "FSTA": "FSTA",
    "DIIDW": "Derwent Innovations Index",
    "CCC": "Current Contents Connect",
    "KJD": "KCI-Korean Journal Database",
    "SCIELO": "SciELO Citation Index",
    "RSCI": "Russian Science Citation Index",
    "CSCD": "Chinese Science Citation Database",
    "DRCI": "Data Citation Index",
    "PQDT": "ProQuest Dissertations & Theses Citation Index",
    "GRANTS": "Grants Index",
    "PPRN": "Preprint Citation Index",
    "ARCI": "Arabic Citation Index",
}
