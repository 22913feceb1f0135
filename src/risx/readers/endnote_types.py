"""DATA: EndNote XML reference types, and what the type-dependent elements mean.

Sources: the EndNote reference-type list (docs.endnote.com, "Reference
types"; the numbers as published in hash-bang/Reflib-EndNoteXML ``index.js``
and cross-checked with the corpus, ``shared/notes/formats-reference.md``
section 3), the field labels EndNote shows per type (which element holds the
series editor, the conference name...), and the corpus files in
``tests/corpus/endnote-xml/``.

The ``name`` attribute of ``<ref-type>`` is trusted over the number: other
producers number the types differently (Zotero case 001: Journal Article 0,
Book 1, Web Page 16; JabRef: Book 2, Conference 11; Mendeley: Journal
Article 0).  The number is only used when the name is missing.
"""

from __future__ import annotations

#: EndNote type name (lower case) -> (CSL type, genre or "").
TYPES_BY_NAME: dict[str, tuple[str, str]] = {
    "aggregated database": ("dataset", ""),
    "ancient text": ("classic", ""),
    "artwork": ("graphic", ""),
    "audiovisual material": ("motion_picture", ""),
    "bill": ("bill", ""),
    "blog": ("post-weblog", ""),
    "book": ("book", ""),
    "book section": ("chapter", ""),
    "case": ("legal_case", ""),
    "catalog": ("book", "Catalog"),
    "chart or table": ("figure", ""),
    "classical work": ("classic", ""),
    "computer program": ("software", ""),
    "conference": ("paper-conference", ""),  # JabRef's name (number 11)
    "conference paper": ("paper-conference", ""),
    "conference proceedings": ("paper-conference", ""),
    "dataset": ("dataset", ""),
    "dictionary": ("entry-dictionary", ""),
    "discussion forum": ("post", ""),
    "edited book": ("book", ""),
    "electronic article": ("article-journal", ""),
    "electronic book": ("book", ""),
    "electronic book section": ("chapter", ""),
    "electronic source": ("webpage", ""),  # EndNote 7 and Mendeley
    "encyclopedia": ("entry-encyclopedia", ""),
    "equation": ("figure", ""),
    "figure": ("figure", ""),
    "film or broadcast": ("motion_picture", ""),
    "generic": ("document", ""),
    "government document": ("report", ""),
    "grant": ("document", "Grant"),
    "hearing": ("hearing", ""),
    "interview": ("interview", ""),
    "journal article": ("article-journal", ""),
    "legal rule or regulation": ("regulation", ""),
    "magazine article": ("article-magazine", ""),
    "manuscript": ("manuscript", ""),
    "map": ("map", ""),
    "multimedia application": ("software", ""),
    "music": ("musical_score", ""),
    "newspaper article": ("article-newspaper", ""),
    "online database": ("dataset", ""),
    "online multimedia": ("webpage", ""),
    "pamphlet": ("pamphlet", ""),
    "patent": ("patent", ""),
    "personal communication": ("personal_communication", ""),
    "podcast": ("broadcast", ""),
    "press release": ("article", "Press release"),
    "report": ("report", ""),
    "serial": ("periodical", ""),
    "social media": ("post", ""),
    "standard": ("standard", ""),
    "statute": ("legislation", ""),
    "television episode": ("broadcast", ""),
    "thesis": ("thesis", ""),
    "unpublished work": ("manuscript", ""),
    "unused 1": ("document", ""),
    "unused 2": ("document", ""),
    "unused 3": ("document", ""),
    "web page": ("webpage", ""),
}

#: EndNote's own ref-type numbers -> type name, used only when ``name`` is absent.
NAMES_BY_NUMBER: dict[int, str] = {
    2: "Artwork", 3: "Audiovisual Material", 4: "Bill", 5: "Book Section", 6: "Book",
    7: "Case", 8: "Catalog", 9: "Computer Program", 10: "Conference Proceedings",
    12: "Web Page", 13: "Generic", 14: "Hearing", 17: "Journal Article",
    19: "Magazine Article", 20: "Map", 21: "Film or Broadcast", 23: "Newspaper Article",
    24: "Pamphlet", 25: "Patent", 26: "Personal Communication", 27: "Report",
    28: "Edited Book", 31: "Statute", 32: "Thesis", 34: "Unpublished Work", 36: "Manuscript",
    37: "Figure", 38: "Chart or Table", 39: "Equation", 43: "Electronic Article",
    44: "Electronic Book", 45: "Online Database", 46: "Government Document",
    47: "Conference Paper", 48: "Online Multimedia", 49: "Classical Work",
    50: "Legal Rule or Regulation", 51: "Ancient Text", 52: "Dictionary", 53: "Encyclopedia",
    54: "Grant", 55: "Aggregated Database", 56: "Blog", 57: "Serial", 58: "Standard",
    59: "Dataset", 60: "Electronic Book Section", 61: "Music",
}

# -- type groups for the elements whose meaning depends on the type ------------------------

#: Types whose ``secondary-title`` is the periodical (journal, magazine, newspaper).
PERIODICAL_TYPES = frozenset({
    "journal article", "electronic article", "magazine article", "newspaper article",
})
#: Types whose ``secondary-title`` is the series: EndNote labels it "Series Title".
SERIES_SECONDARY_TITLE_TYPES = frozenset({
    "book", "edited book", "electronic book", "report", "government document",
    "computer program", "map", "catalog", "serial", "thesis",
})
#: Types whose ``pages`` holds the number of pages ("Number of Pages" in EndNote).
PAGE_COUNT_TYPES = frozenset({
    "book", "edited book", "electronic book", "thesis", "manuscript", "unpublished work",
    "catalog", "classical work", "ancient text",
})
#: Types whose ``number`` is the series number, not an issue.
SERIES_NUMBER_TYPES = frozenset({"book", "edited book", "electronic book", "book section",
                                 "electronic book section"})
#: Types whose ``number`` is the document's own number (report, patent, bill...).
OWN_NUMBER_TYPES = frozenset({"report", "government document", "patent", "bill", "case",
                              "statute", "standard", "grant", "legal rule or regulation"})
#: Types whose ``isbn`` holds the document's own number (EndNote: "Report Number",
#: "Patent Number").
NUMBER_IN_ISBN_TYPES = frozenset({"report", "patent"})
#: Conference types: a day range in ``pub-dates`` is when the conference met.
CONFERENCE_TYPES = frozenset({"conference paper", "conference proceedings", "conference"})
#: Types whose ``pub-location`` is where the event was held, not where it was published.
EVENT_PLACE_TYPES = frozenset({"conference paper", "conference"})
#: Chapter types: ``section`` is the chapter number, ``issue`` the number of volumes.
CHAPTER_TYPES = frozenset({"book section", "electronic book section"})

#: contributors/<element> -> CSL role, by type (``"*"`` is every other type).  ``""``
#: keeps the names unmapped (they reach the note): EndNote's "Translated Author" is the
#: author's name transliterated, not a translator.
ROLES: dict[str, dict[str, str]] = {
    "authors": {"*": "author", "edited book": "editor"},
    "secondary-authors": {
        "*": "editor",
        "book": "collection-editor", "electronic book": "collection-editor",
        "report": "collection-editor", "government document": "collection-editor",
        "edited book": "collection-editor", "map": "collection-editor",
        "personal communication": "recipient", "interview": "interviewer",
        "film or broadcast": "director", "audiovisual material": "director",
        "thesis": "contributor", "patent": "contributor",
    },
    "tertiary-authors": {
        "*": "collection-editor",
        "film or broadcast": "producer", "audiovisual material": "producer",
        "book": "editor",
    },
    "subsidiary-authors": {
        "*": "translator",
        "conference paper": "contributor", "film or broadcast": "contributor",
        "audiovisual material": "contributor",
    },
    "translated-authors": {"*": ""},
}


def role_for(group: str, type_name: str) -> str:
    """The CSL role of the names in ``contributors/<group>`` for the type; "" to keep them."""
    table = ROLES.get(group)
    if table is None:
        return ""
    return table.get(type_name, table["*"])
