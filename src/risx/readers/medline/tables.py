"""DATA: what MEDLINE tags mean, and which publication types make which CSL type.

Written from NLM's MEDLINE/PubMed field descriptions and ERIC's use of the same syntax
(``shared/notes/formats-reference.md`` section 1), checked against the Zotero and JabRef
expected outputs in ``tests/corpus/medline-nbib`` (``tests/agreement/test_agreement_medline.py``).

* :data:`TAG_READINGS`: the meaning of each tag a field is read from, by CSL type where the
  type changes it.  An exporter's rows (:data:`~risx.readers.medline.exporters.EXPORTER_RULES`)
  come first.  A tag with no reading keeps its values in the note.
* :data:`TYPE_ROWS`: publication types (``PT``) that decide the record's CSL type, tried in
  order (a book chapter is also a "Journal Article"-less record; ERIC's "Journal Articles"
  beats its "Reports - Research").  Every other ``PT`` value (Review, Case Reports, Research
  Support...) describes an article: the record is a journal article when it names a journal.
"""

from __future__ import annotations

from typing import NamedTuple

# Rows are named tuples, cheaper to create at start-up than dataclasses (benchmarks/README.md).


class TagReading(NamedTuple):
    """What one tag means: ``by_type`` for the CSL types listed there, else ``default``."""

    tag: str
    default: str
    by_type: dict[str, str]
    #: Why, and what shows it.
    reason: str

    def meaning(self, csl_type: str) -> str:
        return self.by_type.get(csl_type, self.default)


#: Types a book's publisher place (PL) and publisher (PB) belong to; for a journal article PL
#: is the journal's country (NLM), not where the article was published.
_BOOKISH = ("book", "chapter", "report")

#: The tags a field is read from, and their meaning (the mapper's resolvers:
#: ``risx.readers.medline.mapping.MEANINGS``); ``note``: read for no field.
TAG_READINGS: dict[str, TagReading] = {reading.tag: reading for reading in (
    TagReading("PMID", "pmid", {}, "the PubMed identifier"),
    TagReading("PMC", "pmcid", {}, "the PubMed Central identifier (PMC1234567)"),
    TagReading("TI", "title", {}, "the title (English; a translation in [brackets]); PubMed ends "
               "it with a full stop, which is dropped (formats-reference.md 1)"),
    TagReading("BTI", "book-title", {"chapter": "container-title"},
               "a Bookshelf record's book: the title of a book, the container of a chapter "
               "(zotero/002.nbib)"),
    TagReading("CTI", "collection-title", {}, "the collection (series) of a Bookshelf book"),
    TagReading("TT", "original-title", {},
               "the title in the original language of a non-English article (the vernacular "
               "title; TI holds its English translation)"),
    TagReading("AB", "abstract", {}, "the abstract, structured sections inline"),
    TagReading("JT", "container-title", {}, "the journal's full title"),
    TagReading("TA", "container-title-short", {}, "NLM's abbreviation of the journal's title"),
    TagReading("VI", "volume", {}, "the volume"),
    TagReading("IP", "issue", {}, "the issue (1 Pt 3, Suppl 2)"),
    TagReading("PG", "page", {},
               "the pages (the end abbreviated: 466-75) or an electronic locator (e0268950)"),
    TagReading("DP", "issued", {}, "the date of publication (2019 Jan-Feb, 2018 Spring)"),
    TagReading("DEP", "available-date", {}, "the date of electronic publication (YYYYMMDD)"),
    TagReading("LA", "language", {}, "the language (ISO 639-2: eng, fre; ERIC: English)"),
    TagReading("PB", "publisher", {}, "a Bookshelf book's publisher (zotero/002.nbib)"),
    TagReading("PL", "note", dict.fromkeys(_BOOKISH, "publisher-place"),
               "for a book, where it was published (zotero/002.nbib); for a journal, the "
               "journal's country, which no citation field holds (formats-reference.md 1)"),
    TagReading("EN", "edition", {}, "a book's edition"),
    TagReading("IS", "issn", {}, "the journal's ISSNs, each with (Print), (Electronic) or "
               "(Linking)"),
    TagReading("ISSN", "issn", {}, "ERIC's ISSN (ISSN-1042-1629, EISSN-2375-5636)"),
    TagReading("ISBN", "isbn", {}, "a book's ISBN (ERIC: ISBN-978-...)"),
    TagReading("LID", "location-id", {},
               "a DOI ([doi]), a publisher item id ([pii]) or, bare, the electronic locator"),
    TagReading("AID", "article-id", {},
               "article ids: [doi], [pii], [bookaccession] (NBK...), ERIC's links"),
    TagReading("OID", "note", {}, "other ids (NLM: PMC..., NLM: EMS...)"),
    TagReading("MH", "keyword", {},
               "a MeSH heading as NLM writes it: 'Descriptor/qualifier/qualifier', a * before "
               "the descriptor or qualifier that is a major topic ('Aurovertins/*chemistry')"),
    TagReading("OT", "keyword", {}, "an author keyword (other term)"),
    TagReading("SO", "note", {}, "the citation as NLM prints it: repeats the other fields"),
)}


class TypeRow(NamedTuple):
    """A publication type that decides the record's CSL type."""

    #: ``PubMed``, ``ERIC``: whose value this is.
    exporter: str
    #: The ``PT`` value (compared case-folded: older records write ``JOURNAL ARTICLE``), or its
    #: start when it ends with ``*`` (ERIC's ``Reports - Research``, ``Reports - Evaluative``).
    value: str
    csl_type: str
    reason: str

    def matches(self, folded: str) -> bool:
        wanted = self.value.lower()
        if wanted.endswith("*"):
            return folded.startswith(wanted[:-1])
        return folded == wanted


#: Tried in order: the first row any ``PT`` value of the record matches gives its type.
TYPE_ROWS: tuple[TypeRow, ...] = (
    TypeRow("PubMed", "Book Chapter", "chapter", "an NCBI Bookshelf chapter (zotero/002.nbib)"),
    TypeRow("PubMed", "Book", "book", "an NCBI Bookshelf book"),
    TypeRow("PubMed", "Preprint", "article", "a preprint (CSL 'article')"),
    TypeRow("PubMed", "Dataset", "dataset", "a data set"),
    TypeRow("PubMed", "Technical Report", "report", "a report "
            "(jabref/MedlinePlainImporterTestDOI.txt)"),
    TypeRow("PubMed", "Newspaper Article", "article-newspaper", "a newspaper article"),
    TypeRow("PubMed", "Congress", "paper-conference", "a conference's proceedings"),
    TypeRow("ERIC", "Journal Articles", "article-journal", "zotero/005.nbib, 007.nbib"),
    TypeRow("ERIC", "Books", "book", "zotero/008.nbib"),
    TypeRow("ERIC", "Dissertations/Theses*", "thesis", "zotero/008.nbib"),
    TypeRow("ERIC", "Speeches/Meeting Papers", "speech", "a talk or a paper given at a meeting"),
    TypeRow("ERIC", "Collected Works - Proceedings", "book", "a conference's proceedings"),
    TypeRow("ERIC", "Numerical/Quantitative Data", "dataset", "a data set"),
    TypeRow("ERIC", "Computer Programs", "software", "a program"),
    TypeRow("ERIC", "Reports - *", "report", "zotero/005.nbib, 007.nbib"),
)
