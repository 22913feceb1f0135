"""DATA: BibTeX's and BibLaTeX's entry types and month macros as CSL knows them, both ways.

One home for the vocabulary the BibTeX and BibLaTeX writers write and the BibTeX reader
(:mod:`risx.readers.bibtex_types`) reads:

* :data:`TO_ENTRY_TYPES`, CSL type -> (BibTeX entry type, BibLaTeX entry type), one row per
  CSL type, which the writers refine by what a record holds;
* :data:`FROM_ENTRY_TYPES`, BibTeX, BibLaTeX and exporters' entry types -> (CSL type, genre),
  which the reader uses;
* ``entrysubtype`` both ways (:data:`ARTICLE_SUBTYPES`, :data:`ENTRY_SUBTYPES`);
* what a thesis's genre says of its degree (:data:`MASTERS`, :data:`PHD`);
* which fields biblatex's default data model allows per entry type (:data:`TYPE_FIELDS`);
* the month macros BibTeX predefines (:data:`MONTH_MACROS`).

The two directions are not inverses: many entry types read as one CSL type (``@inbook``,
``@incollection`` and Mendeley's ``@book_section`` are all chapters), and a CSL type is
written as the entry type that holds its fields best.

Sources: Patashnik's *BibTeXing* (the standard types and fields); the biblatex manual (its
types, ``entrysubtype``, and the data model of ``blx-dm.def``); the CSL 1.0.2 type list; and the
exporters' own types seen in ``tests/corpus/bibtex-exports/`` (Mendeley ``@web_page``,
``@book_section``; Scopus ``@CONFERENCE``).
"""

from __future__ import annotations

import re

#: CSL type -> (BibTeX entry type, BibLaTeX entry type).  A CSL type not listed is ``misc`` in
#: both.  The writers refine a few by what the record holds (``entry_type`` in each): an
#: ``article`` without a journal (a preprint) is ``misc`` (or ``online``), a conference paper
#: without proceedings a ``proceedings``, a thesis a master's thesis when its genre says so.
TO_ENTRY_TYPES: dict[str, tuple[str, str]] = {
    "article-journal": ("article", "article"),
    "article-magazine": ("article", "article"),  # entrysubtype = {magazine}
    "article-newspaper": ("article", "article"),  # entrysubtype = {newspaper}
    "review": ("article", "article"),
    "review-book": ("article", "article"),
    "article": ("article", "article"),
    "book": ("book", "book"),
    "classic": ("book", "book"),
    "collection": ("book", "collection"),
    "periodical": ("book", "periodical"),
    "chapter": ("incollection", "incollection"),
    "entry": ("incollection", "inreference"),
    "entry-dictionary": ("incollection", "inreference"),
    "entry-encyclopedia": ("incollection", "inreference"),
    "paper-conference": ("inproceedings", "inproceedings"),
    "thesis": ("phdthesis", "thesis"),
    "report": ("techreport", "report"),
    # biblatex's "standard" type has no fields in its data model yet.
    "standard": ("techreport", "report"),
    "software": ("manual", "software"),
    "manuscript": ("unpublished", "unpublished"),
    "pamphlet": ("booklet", "booklet"),
    "dataset": ("misc", "dataset"),
    "patent": ("misc", "patent"),
    "webpage": ("misc", "online"),
    "post": ("misc", "online"),
    "post-weblog": ("misc", "online"),
}
#: CSL type -> BibTeX entry type (types not listed: ``misc``).
BIBTEX_TYPES: dict[str, str] = {csl: bibtex for csl, (bibtex, _) in TO_ENTRY_TYPES.items()
                                if bibtex != "misc"}
#: CSL type -> BibLaTeX entry type (types not listed: ``misc``).
BIBLATEX_TYPES: dict[str, str] = {csl: biblatex for csl, (_, biblatex) in TO_ENTRY_TYPES.items()
                                  if biblatex != "misc"}

#: Entry type (lower case) -> (CSL type, genre or "").
FROM_ENTRY_TYPES: dict[str, tuple[str, str]] = {
    # BibTeX
    "article": ("article-journal", ""),
    "book": ("book", ""),
    "booklet": ("pamphlet", ""),
    "conference": ("paper-conference", ""),
    "inbook": ("chapter", ""),
    "incollection": ("chapter", ""),
    "inproceedings": ("paper-conference", ""),
    "manual": ("report", ""),
    "mastersthesis": ("thesis", "Master's thesis"),
    "misc": ("document", ""),
    "phdthesis": ("thesis", "PhD thesis"),
    "proceedings": ("book", ""),
    "techreport": ("report", ""),
    "unpublished": ("manuscript", ""),
    # BibLaTeX
    "artwork": ("graphic", ""),
    "audio": ("song", ""),
    "bookinbook": ("book", ""),  # a book reprinted in a collection: a book with a container
    "collection": ("book", ""),
    "commentary": ("book", ""),
    "dataset": ("dataset", ""),
    "image": ("graphic", ""),
    "inreference": ("entry-encyclopedia", ""),
    "jurisdiction": ("legal_case", ""),
    "legal": ("legislation", ""),
    "legislation": ("legislation", ""),
    "letter": ("personal_communication", ""),
    "movie": ("motion_picture", ""),
    "music": ("song", ""),
    "mvbook": ("book", ""),
    "mvcollection": ("book", ""),
    "mvproceedings": ("book", ""),
    "mvreference": ("book", ""),
    "online": ("webpage", ""),
    "patent": ("patent", ""),
    "performance": ("performance", ""),
    "periodical": ("periodical", ""),
    "reference": ("book", ""),
    "report": ("report", ""),
    "review": ("review", ""),
    "set": ("document", ""),
    "software": ("software", ""),
    "standard": ("standard", ""),
    "suppbook": ("chapter", ""),
    "suppcollection": ("chapter", ""),
    "suppperiodical": ("article-journal", ""),
    "thesis": ("thesis", ""),
    "video": ("motion_picture", ""),
    "xdata": ("document", ""),
    # Other tools' types
    "electronic": ("webpage", ""),
    "www": ("webpage", ""),
    "webpage": ("webpage", ""),
    "web_page": ("webpage", ""),
    "book_section": ("chapter", ""),
    "magazine_article": ("article-magazine", ""),
    "newspaper_article": ("article-newspaper", ""),
    "journal_article": ("article-journal", ""),
    "conference_paper": ("paper-conference", ""),
    "generic": ("document", ""),
    "computer_program": ("software", ""),
    "hearing": ("hearing", ""),
    "statute": ("legislation", ""),
    "bill": ("bill", ""),
    "case": ("legal_case", ""),
    "working_paper": ("report", "Working paper"),
    "data": ("dataset", ""),
}

#: ``entrysubtype`` of a BibLaTeX ``@article`` -> CSL type.
ARTICLE_SUBTYPES: dict[str, str] = {"magazine": "article-magazine",
                                    "newspaper": "article-newspaper"}
#: CSL type -> the ``entrysubtype`` the BibLaTeX writer gives its ``@article``.
ENTRY_SUBTYPES: dict[str, str] = {csl: subtype for subtype, csl in ARTICLE_SUBTYPES.items()}

#: A genre naming a master's degree ("Master's thesis", "M.Sc.", "MPhil", "Magisterarbeit",
#: "Diplomarbeit"): ``@mastersthesis`` in BibTeX, ``type = {mathesis}`` in BibLaTeX.
MASTERS = re.compile(r"(?i)\bmaster|\bm\.?\s?(?:a|sc|s|phil|res)\b\.?|\bmagister|\bdiplom")
#: A genre naming a doctorate (``type = {phdthesis}`` in BibLaTeX).
PHD = re.compile(r"(?i)\bph\.?\s?d\b|doctor|dissertation")

#: Fields every BibLaTeX entry type accepts (biblatex's global entry fields that risx uses).
COMMON_FIELDS = frozenset({
    "abstract", "annotation", "date", "doi", "entrysubtype", "eprint", "eprinttype",
    "keywords", "origtitle", "shortjournal", "shorttitle", "url", "urldate",
})

_BOOKISH = ("author editor editora editoratype translator title edition isbn language "
            "location note number pages publisher series volume volumes chapter eid "
            "addendum pubstate")

#: BibLaTeX entry type -> the fields (besides :data:`COMMON_FIELDS`) biblatex's default data
#: model allows (``blx-dm.def``).
TYPE_FIELDS: dict[str, frozenset[str]] = {kind: frozenset(names.split()) for kind, names in {
    "article": "author editor editora editoratype translator title journaltitle eid issn "
               "issue language note number pages series version volume addendum pubstate",
    "book": _BOOKISH + " pagetotal",
    "inbook": _BOOKISH + " booktitle bookauthor maintitle",
    "collection": _BOOKISH.replace("author ", "") + " pagetotal",
    "incollection": _BOOKISH + " booktitle maintitle",
    "inreference": _BOOKISH + " booktitle maintitle",
    "booklet": "author editor howpublished language location note pages pagetotal title type "
               "chapter eid addendum pubstate",
    "dataset": "author edition editor language location note number organization publisher "
               "series title type version addendum pubstate",
    "manual": "author chapter edition editor eid isbn language location note number "
              "organization pages pagetotal publisher series title type version addendum "
              "pubstate",
    "misc": "author editor howpublished language location note organization title type "
            "version addendum pubstate",
    "online": "author editor language note organization title version addendum pubstate",
    "patent": "author holder location note number title type version addendum pubstate",
    "periodical": "editor editora editoratype issn issue language note number series title "
                  "volume addendum pubstate",
    "proceedings": "editor eid eventtitle isbn language location note number organization "
                   "pages pagetotal publisher series title venue volume volumes chapter "
                   "addendum pubstate",
    "inproceedings": "author booktitle chapter editor eid eventtitle isbn language location maintitle "
                     "note number organization pages publisher series title venue volume "
                     "volumes addendum pubstate",
    "report": "author chapter eid institution isrn language location note number pages "
              "pagetotal title type version addendum pubstate",
    "thesis": "author chapter eid institution language location note pages pagetotal title "
              "type addendum pubstate",
    "unpublished": "author eventtitle howpublished language location note title type venue "
                   "addendum pubstate",
}.items()}
TYPE_FIELDS["software"] = TYPE_FIELDS["misc"]

#: Month macros BibTeX predefines, in month order, as the text it expands them to.
MONTH_MACROS: dict[str, str] = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}
