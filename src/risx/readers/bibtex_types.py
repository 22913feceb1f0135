"""DATA: BibTeX and BibLaTeX entry types and fields, and what they become in the model.

The entry types themselves (:data:`ENTRY_TYPES`, :data:`ARTICLE_SUBTYPES`) and the month
macros are :mod:`risx.writers.bibtex.types`' tables, shared with the writers; the rest is
how the reader interprets fields.

Sources: Patashnik's *BibTeXing* (the standard types and fields), the
biblatex manual (its types, fields, ``date`` syntax and the default
``crossref`` inheritance of appendix B), and the exporters' own types seen in
``tests/corpus/bibtex-exports/`` (Mendeley ``@web_page``, ``@book_section``;
Scopus ``@CONFERENCE``); ``shared/notes/formats-reference.md`` section 4.
"""

from __future__ import annotations

# The entry types (both ways) and month macros are the writers' tables too: one home for them.
from risx.writers.bibtex.types import ARTICLE_SUBTYPES as ARTICLE_SUBTYPES
from risx.writers.bibtex.types import FROM_ENTRY_TYPES
from risx.writers.bibtex.types import MONTH_MACROS as MONTH_MACROS

#: Entry type (lower case) -> (CSL type, genre or "").
ENTRY_TYPES = FROM_ENTRY_TYPES

#: Entry types whose ``number`` is the issue of a periodical.
ISSUE_NUMBER_TYPES = frozenset({"article", "periodical", "suppperiodical", "journal_article",
                                "magazine_article", "newspaper_article"})
#: Entry types whose ``number`` is the document's own number (report, patent, standard...).
OWN_NUMBER_TYPES = frozenset({"techreport", "report", "patent", "standard", "manual",
                              "legislation", "legal", "jurisdiction", "working_paper",
                              "thesis", "mastersthesis", "phdthesis", "online", "misc",
                              "unpublished", "dataset", "software"})
#: Entry types whose ``booktitle`` (or a ``crossref`` parent's title) is the container.
IN_TYPES = frozenset({"inbook", "bookinbook", "suppbook", "incollection", "suppcollection",
                      "inproceedings", "conference", "inreference", "book_section",
                      "conference_paper"})
#: Types a ``crossref``/``xdata`` usually points to: their fields are kept for later
#: children (memory stays small: articles, the bulk of any file, are never kept).
PARENT_TYPES = frozenset({"book", "mvbook", "collection", "mvcollection", "proceedings",
                          "mvproceedings", "reference", "mvreference", "periodical", "xdata",
                          "set"})
#: Proceedings-like entry types: ``location``/``venue`` may be the event's place.
CONFERENCE_TYPES = frozenset({"inproceedings", "conference", "proceedings", "mvproceedings",
                              "conference_paper"})

#: Name-list fields -> CSL role.
NAME_FIELDS: dict[str, str] = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookauthor": "container-author",
    "director": "director",
    "producer": "producer",
    "composer": "composer",
    "illustrator": "illustrator",
    "interviewer": "interviewer",
    "recipient": "recipient",
    "organizer": "organizer",
    "reviewedauthor": "reviewed-author",
    "collaborator": "contributor",
    "contributor": "contributor",
}
#: BibLaTeX ``editortype`` values -> CSL role (others keep "editor").
EDITOR_TYPES: dict[str, str] = {
    "director": "director", "compiler": "editor", "organizer": "organizer",
    "collaborator": "contributor", "redactor": "editor", "founder": "editor",
    "continuator": "editor", "reviser": "editor",
}

#: Fields that are titles: their case protection and formatting are kept as CSL rich text.
TITLE_FIELDS = frozenset({
    "title", "subtitle", "titleaddon", "shorttitle", "booktitle", "booksubtitle",
    "booktitleaddon", "maintitle", "mainsubtitle", "journal", "journaltitle",
    "journalsubtitle", "shortjournal", "series", "eventtitle", "origtitle", "issuetitle",
    "reprinttitle",
})
#: Fields a child does not take from a ``crossref`` parent under its own name (biblatex
#: appendix B): the parent's titles become the child's book titles instead.
NOT_INHERITED = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
    "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
    "shorthand", "shorthandintro", "sortkey", "title", "subtitle", "titleaddon",
    "shorttitle", "sorttitle", "indextitle", "indexsorttitle", "key",
})
#: Parent field -> child field, for a child of an "in" type (biblatex appendix B).
INHERITED_AS: dict[str, str] = {
    "title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon",
}
#: For the children of a multi-volume parent (``@mvbook``...), the parent's titles are the
#: main title.
INHERITED_FROM_MV: dict[str, str] = {
    "title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon",
}

#: Exporter bookkeeping that carries nothing bibliographic: still kept, as unmapped
#: values, but never warned about.
BOOKKEEPING = frozenset({
    "timestamp", "owner", "biburl", "bibsource", "date-added", "date-modified", "added-at",
    "interhash", "intrahash", "unique-id", "times-cited", "usage-count-last-180-days",
    "usage-count-since-2013", "number-of-cited-references", "journal-iso", "ids",
})

#: BibLaTeX's literal lists: items joined by ``and`` (biblatex manual 2.2.2).  Read with
#: ``-f biblatex``, they are joined with "; " (several places or publishers, as pandoc and
#: Zotero write them); BibTeX has no lists, so ``-f bibtex`` keeps "Simon and Schuster".
LIST_FIELDS = frozenset({"publisher", "location", "address", "institution", "school",
                         "organization", "origlocation", "origpublisher"})

#: BibLaTeX localisation keys ("bibstrings") used as field values, in English: a ``series``
#: of ``newseries``, a ``type`` of ``patentus``, a ``pubstate`` of ``inpress``.
BIBSTRINGS: dict[str, str] = {
    "newseries": "new series", "oldseries": "old series", "inpress": "in press",
    "forthcoming": "forthcoming", "submitted": "submitted", "prepublished": "prepublished",
    "inpreparation": "in preparation",
    "phdthesis": "PhD thesis", "mathesis": "Master's thesis", "mastersthesis": "Master's thesis",
    "bathesis": "Bachelor's thesis", "candthesis": "Candidate thesis",
    "techreport": "technical report", "resreport": "research report",
    "software": "computer software", "datacd": "CD-ROM", "audiocd": "audio CD",
    "patent": "patent", "patentde": "German patent", "patenteu": "European patent",
    "patentfr": "French patent", "patentuk": "British patent", "patentus": "U.S. patent",
    "patreq": "patent request", "patreqde": "German patent request",
    "patreqeu": "European patent request", "patreqfr": "French patent request",
    "patrequk": "British patent request", "patrequs": "U.S. patent request",
}

#: babel/polyglossia language names (biblatex ``langid``, ``hyphenation`` and ``language``
#: keys) -> BCP 47, as CSL ``language`` wants it.
LANGUAGE_TAGS: dict[str, str] = {
    "english": "en-US", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ",
    "german": "de-DE", "ngerman": "de-DE", "austrian": "de-AT", "naustrian": "de-AT",
    "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr-FR", "francais": "fr-FR",
    "italian": "it-IT", "spanish": "es-ES", "catalan": "ca-AD", "portuguese": "pt-PT",
    "portuges": "pt-PT", "brazilian": "pt-BR", "brazil": "pt-BR", "dutch": "nl-NL",
    "danish": "da-DK", "swedish": "sv-SE", "norsk": "nb-NO", "norwegian": "nb-NO",
    "nynorsk": "nn-NO", "finnish": "fi-FI", "icelandic": "is-IS", "polish": "pl-PL",
    "czech": "cs-CZ", "slovak": "sk-SK", "slovene": "sl-SI", "croatian": "hr-HR",
    "serbian": "sr-RS", "bulgarian": "bg-BG", "russian": "ru-RU", "ukrainian": "uk-UA",
    "greek": "el-GR", "turkish": "tr-TR", "hungarian": "hu-HU", "magyar": "hu-HU",
    "romanian": "ro-RO", "estonian": "et-EE", "latvian": "lv-LV", "lithuanian": "lt-LT",
    "hebrew": "he-IL", "arabic": "ar", "persian": "fa-IR", "japanese": "ja-JP",
    "chinese": "zh-CN", "korean": "ko-KR", "latin": "la", "basque": "eu-ES",
    "galician": "gl-ES", "afrikaans": "af-ZA", "vietnamese": "vi-VN", "thai": "th-TH",
    "indonesian": "id-ID", "welsh": "cy-GB", "irish": "ga-IE",
}
