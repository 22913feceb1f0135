"""The APA rules: one small function each, and :data:`RULES`, the table that names them.

The rows follow /work/shared/notes/apa7-manual.md (section 1): each closes one place where
apa.csl, given the data risx has, prints something the Publication Manual (7th ed.) does
not.  They read and write CSL-JSON variables only, so they work on items from any reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from risx.apa.rule import CslItem, Rule, Stage
from risx.apa.text import (
    DATABASE_NAMES,
    apa_title_case,
    body_key,
    database_of,
    same_body,
    strip_business_suffix,
)


def _text(item: CslItem, key: str) -> str:
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def _drop(item: CslItem, *keys: str) -> bool:
    dropped = False
    for key in keys:
        if key in item:
            del item[key]
            dropped = True
    return dropped


def _set(item: CslItem, key: str, value: Any) -> bool:
    if item.get(key) == value:
        return False
    item[key] = value
    return True


# --- Retype ---------------------------------------------------------------------------------

def _looks_like_book(item: CslItem) -> bool:
    """A proceedings volume published as a book: an ISBN or a publisher, and no ISSN
    without an ISBN (a proceedings series with an ISSN alone is a serial)."""
    if _text(item, "ISSN") and not _text(item, "ISBN"):
        return False
    return bool(_text(item, "ISBN") or _text(item, "publisher"))


#: The conference's own variables: a chapter would print them after the publisher, and the
#: Manual's form for proceedings in a book (10.5) names the book, not the meeting.
_EVENT_VARIABLES = ("event", "event-title", "event-place", "event-date")


def _to_chapter(item: CslItem) -> bool:
    item["type"] = "chapter"
    _drop(item, *_EVENT_VARIABLES)
    return True


def proceedings_book(item: CslItem) -> bool:
    """R01: a paper in proceedings published as a book takes the chapter form."""
    if item.get("type") != "paper-conference" or not _text(item, "container-title"):
        return False
    if _text(item, "volume") or _text(item, "issue") or not _looks_like_book(item):
        return False
    return _to_chapter(item)


def proceedings_book_series(item: CslItem) -> bool:
    """R02: a paper in a numbered book series of proceedings (LNCS 11353) takes the chapter
    form, the series as the book and the proceedings as the volume's title: ``In Lecture
    notes in computer science: Vol. 11353. Learning and intelligent optimization (pp. 225–240)``,
    not the journal form."""
    if item.get("type") != "paper-conference" or not _text(item, "container-title"):
        return False
    if not (_text(item, "volume") and _text(item, "collection-title")) or _text(item, "issue"):
        return False
    if not _looks_like_book(item) or _text(item, "volume-title"):
        return False
    item["volume-title"] = item["container-title"]
    item["container-title"] = item.pop("collection-title")
    _drop(item, "container-title-short")
    if _text(item, "collection-number") == _text(item, "volume"):
        _drop(item, "collection-number")  # the series number, printed as the volume
    return _to_chapter(item)


#: Preprint servers by :func:`body_key`, with the name the reference gives them.
PREPRINT_SERVERS = {body_key(name): name for name in (
    "arXiv", "bioRxiv", "medRxiv", "PsyArXiv", "SocArXiv", "EdArXiv", "SSRN", "OSF Preprints",
    "Research Square", "Preprints.org", "ChemRxiv", "TechRxiv", "engrXiv", "Authorea")}
#: Other names the exports give them (Crossref's publisher names).
PREPRINT_SERVERS.update({body_key(alias): name for alias, name in (
    ("Research Square Platform", "Research Square"), ("Research Square Platform LLC",
                                                      "Research Square"))})
#: A server's own identifier exported as the page (medRxiv's "2023.04.10.23288198").
_SERVER_PAGE = re.compile(r"^\d{4}\.\d{2}\.\d{2}\.\d+(?:v\d+)?$")
_PREPRINT_TYPES = frozenset({"article", "article-journal", "report", "manuscript"})
_ARXIV_ID = re.compile(r"^(?:arxiv:)?\s*(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$",
                       re.IGNORECASE)


def _preprint_server(item: CslItem) -> str | None:
    for key in ("container-title", "publisher"):
        server = PREPRINT_SERVERS.get(body_key(_text(item, key)))
        if server:
            return server
    return None


def preprint(item: CslItem) -> bool:
    """R10: a preprint names its server as the publisher, has the year only, and no
    container, no ``Preprint`` genre and no arXiv number beside its DOI or URL."""
    if item.get("type") not in _PREPRINT_TYPES:
        return False
    server = _preprint_server(item)
    if server is None:
        return False
    changed = _set(item, "type", "article")
    changed |= _set(item, "publisher", server)
    changed |= _drop(item, "container-title", "container-title-short")
    if _text(item, "genre").casefold() in ("preprint", "pre-print", "e-print", "eprint"):
        changed |= _drop(item, "genre")
    number = _text(item, "number")
    if number and _ARXIV_ID.match(number) and (_text(item, "DOI") or _text(item, "URL")):
        changed |= _drop(item, "number")
    if _SERVER_PAGE.match(_text(item, "page")) or _ARXIV_ID.match(_text(item, "page")):
        changed |= _drop(item, "page")
    changed |= _year_only(item)
    return changed


def _year_only(item: CslItem) -> bool:
    issued = item.get("issued")
    if not isinstance(issued, dict):
        return False
    parts = issued.get("date-parts")
    if not (isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], list)
            and len(parts[0]) > 1):
        return False
    item["issued"] = {**issued, "date-parts": [parts[0][:1]]}
    return True


def press_release(item: CslItem) -> bool:
    """R25: a press release has the full date, which apa.csl gives the ``document`` type."""
    if item.get("type") != "report" or _text(item, "genre").casefold() != "press release":
        return False
    item["type"] = "document"
    return True


# --- Move -----------------------------------------------------------------------------------

#: Video platforms: a video on one is a ``[Video]`` with the platform as publisher (10.12).
VIDEO_PLATFORMS = {body_key(name): name for name in ("YouTube", "Vimeo")}


def audiovisual_label(item: CslItem) -> bool:
    """R24: a film is a ``[Film]`` and a video on YouTube or Vimeo a ``[Video]`` published by
    the platform, not the locale's ``[Video recording]`` ``In YouTube``."""
    if item.get("type") != "motion_picture":
        return False
    platform = (VIDEO_PLATFORMS.get(body_key(_text(item, "container-title")))
                or VIDEO_PLATFORMS.get(body_key(_text(item, "publisher"))))
    changed = False
    if platform is not None:
        changed |= _drop(item, "container-title")
        changed |= _set(item, "publisher", platform)
    if not _text(item, "genre"):
        item["genre"] = "Video" if platform is not None else "Film"
        changed = True
    return changed


def thesis_database(item: CslItem) -> bool:
    """R08: a thesis names its database: risx maps RIS ``DB``/``DP`` to ``source``, which
    apa.csl never prints; ``archive`` it prints.  Without either, a ProQuest record URL
    names the database."""
    if item.get("type") != "thesis" or _text(item, "archive"):
        return False
    database = _text(item, "source") or database_of(_text(item, "URL")) or ""
    if not database:
        return False
    item["archive"] = database
    return True


_E_LOCATOR = re.compile(r"^(?:e\d{3,}|(?=[A-Za-z]*\d)[A-Za-z0-9]{5,})$")


def article_number(item: CslItem) -> bool:
    """R18: an article number exported as the page (``e0209899``) prints as ``Article
    e0209899``; apa.csl does that for ``number``."""
    if item.get("type") != "article-journal" or _text(item, "number"):
        return False
    page = _text(item, "page")
    if not _E_LOCATOR.match(page):
        return False
    item["number"] = page
    del item["page"]
    return True


def _name_key(name: Any) -> tuple[str, ...]:
    if not isinstance(name, dict):
        return (repr(name),)
    return tuple(body_key(str(name.get(part) or "")) for part in ("literal", "family", "given"))


def editor_translator(item: CslItem) -> bool:
    """R19: a chapter whose book's editors also translated it gives them once, ``(Ed. &
    Trans.)``, in the book's part: CSL's ``editor-translator``."""
    if item.get("type") != "chapter" or "editor-translator" in item:
        return False
    editors, translators = item.get("editor"), item.get("translator")
    if not (isinstance(editors, list) and isinstance(translators, list) and editors):
        return False
    if [_name_key(n) for n in editors] != [_name_key(n) for n in translators]:
        return False
    item["editor-translator"] = editors
    del item["editor"], item["translator"]
    return True


# --- Normalise ------------------------------------------------------------------------------

def _genre_key(genre: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[.()\[\]]", "", genre.casefold())).strip(" ,")


_DOCTORAL = frozenset(_genre_key(g) for g in (
    "Ph.D.", "PhD", "Ph. D.", "Ph.D. thesis", "PhD thesis", "Ph.D. dissertation", "PhD dissertation",
    "Doctoral thesis", "Doctoral dissertation", "Doctoral", "Doctorate", "Dissertation",
    "D.Phil.", "DPhil", "DPhil thesis", "Doctor of Philosophy", "Ed.D.", "EdD", "Thesis (Ph.D.)",
    "Dr.", "Doctoral Thesis (PhD)"))
_MASTERS = frozenset(_genre_key(g) for g in (
    "M.S.", "MS", "M.A.", "MA", "M.Sc.", "MSc", "M.Phil.", "MPhil", "Masters", "Master's",
    "Masters thesis", "Master's thesis", "Master thesis", "M.S. thesis", "MS thesis",
    "M.A. thesis", "MA thesis", "MSc thesis", "M.Sc. thesis", "Thesis (M.S.)", "Thesis (M.A.)",
    "Masters dissertation", "Master's dissertation"))
DOCTORAL, MASTERS, THESIS = "Doctoral dissertation", "Master's thesis", "Thesis"


def thesis_genre(item: CslItem) -> bool:
    """R06: a thesis is a ``Doctoral dissertation`` or a ``Master's thesis``, whatever
    abbreviation the exporter wrote; a thesis with no genre is a ``Thesis``.  Values it
    does not know stay as given."""
    if item.get("type") != "thesis":
        return False
    genre = _text(item, "genre")
    key = _genre_key(genre)
    if not key:
        return _set(item, "genre", THESIS)
    if key in _DOCTORAL:
        return _set(item, "genre", DOCTORAL)
    if key in _MASTERS:
        return _set(item, "genre", MASTERS)
    return False


_UNPUBLISHED = {DOCTORAL: "Unpublished doctoral dissertation",
                MASTERS: "Unpublished master's thesis", THESIS: "Unpublished thesis"}


def unpublished_thesis(item: CslItem) -> bool:
    """R07: a thesis with no database, archive, DOI or (non-database) URL is unpublished."""
    if item.get("type") != "thesis" or _text(item, "genre") not in _UNPUBLISHED:
        return False
    if _text(item, "DOI") or _text(item, "archive") or _text(item, "source"):
        return False
    if _text(item, "archive_location"):
        return False
    url = _text(item, "URL")
    if url and database_of(url) is None:
        return False
    item["genre"] = _UNPUBLISHED[_text(item, "genre")]
    return True


#: A report number that carries its own label: "No. 7", "NIH Publication No. 18-2424".  The
#: derived style labels every report number, so the label in the value would print twice.
_LABELLED_NUMBER = re.compile(r"^(?:(?P<genre>\D.*?)\s+)?(?:No|Nr)(?:\.\s*|\s+)(?P<number>\S.*)$",
                              re.IGNORECASE)


def report_number(item: CslItem) -> bool:
    """R09: a report's number is labelled ``No.`` once, after its genre, ``Report`` when it
    has none: ``(Report No. 123)``, ``(NIH Publication No. 18-2424)``."""
    number = _text(item, "number")
    if item.get("type") != "report" or not number:
        return False
    changed = False
    labelled = _LABELLED_NUMBER.match(number)
    genre = _text(item, "genre")
    if labelled and not (genre and labelled["genre"]):
        item["number"] = labelled["number"]
        if labelled["genre"]:
            item["genre"] = genre = labelled["genre"]
        changed = True
    if not genre:
        item["genre"] = "Report"
        changed = True
    return changed


def data_set(item: CslItem) -> bool:
    """R21: a data set is labelled ``[Data set]``, not the locale's ``[Dataset]``."""
    if item.get("type") != "dataset" or _text(item, "genre"):
        return False
    item["genre"] = "Data set"
    return True


def several_publishers(item: CslItem) -> bool:
    """R29: several publishers are separated by semicolons, each named once: ``A; B``.  The
    readers join repeated publisher fields so (RIS ``PB``); this mends a list written with
    other spacing (``A;B``, ``A ; B``) or naming one body twice."""
    publisher = _text(item, "publisher")
    if ";" not in publisher:
        return False
    names: list[str] = []
    for part in publisher.split(";"):
        name = part.strip()
        if name and not any(same_body(name, known) for known in names):
            names.append(name)
    return _set(item, "publisher", "; ".join(names))


def business_suffixes(item: CslItem) -> bool:
    """R14: ``Inc.``, ``Ltd.``, ``LLC`` leave publisher names (each of several publishers)."""
    publisher = _text(item, "publisher")
    if not publisher:
        return False
    stripped = "; ".join(strip_business_suffix(part) for part in publisher.split(";"))
    if stripped == publisher:
        return False
    item["publisher"] = stripped
    return True


_SERIALS = frozenset({"article-journal", "article-magazine", "article-newspaper"})


def periodical_title_case(item: CslItem) -> bool:
    """R15: a periodical's name in APA title case (words of four letters or more capitalised,
    short minor words lowered), not the engine's Chicago-like word list."""
    if item.get("type") not in _SERIALS:
        return False
    language = _text(item, "language").casefold()
    if language and not language.startswith("en"):
        return False
    title = _text(item, "container-title")
    if not title:
        return False
    return _set(item, "container-title", apa_title_case(title))


_RUN_TOGETHER_INITIALS = re.compile(r"^[A-Z]{2,3}$")


def _split_initials(name: Any) -> Any:
    if not isinstance(name, dict):
        return name
    given, family = name.get("given"), name.get("family")
    if not (isinstance(given, str) and isinstance(family, str)):
        return name
    if not _RUN_TOGETHER_INITIALS.match(given) or family.isupper():
        return name
    return {**name, "given": " ".join(letter + "." for letter in given)}


def initials(item: CslItem) -> bool:
    """R27: run-together initials (MEDLINE's ``Doe JA``) are one initial each: ``Doe, J. A.``
    Only given names of two or three capitals, and not where the family name is in capitals
    too (a name written in capitals throughout)."""
    changed = False
    for role in ("author", "editor", "translator", "container-author", "collection-editor",
                 "editorial-director", "interviewer", "recipient"):
        names = item.get(role)
        if not isinstance(names, list):
            continue
        split = [_split_initials(name) for name in names]
        if split != names:
            item[role] = split
            changed = True
    return changed


# --- Remove ---------------------------------------------------------------------------------

def database_urls(item: CslItem) -> bool:
    """R13: database and discovery URLs (ProQuest ``docview``, EBSCO, Ovid, Scopus
    ``inward/record``, Web of Science, EZproxy) leave the reference; so does a database
    named in ``archive`` after a periodical article."""
    changed = False
    if database_of(_text(item, "URL")) is not None:
        del item["URL"]
        changed = True
    if item.get("type") in _SERIALS and body_key(_text(item, "archive")) in DATABASE_NAMES:
        changed |= _drop(item, "archive", "archive_location")
    return changed


def _group_author(item: CslItem) -> str:
    """The author a publisher can repeat: the only author, or the last of several, when it
    is an organisation (a literal name, or a family name with no given name)."""
    authors = item.get("author")
    if not isinstance(authors, list) or not authors or not isinstance(authors[-1], dict):
        return ""
    last = authors[-1]
    literal = last.get("literal")
    if isinstance(literal, str):
        return literal
    family = last.get("family")
    if isinstance(family, str) and not last.get("given"):
        return family
    return ""


_WEB_TYPES = frozenset({"webpage", "post", "post-weblog"})
_REFERENCE_ENTRIES = frozenset({"entry", "entry-dictionary", "entry-encyclopedia"})


def _drop_equal_to_author(item: CslItem, keys: tuple[str, ...]) -> bool:
    author = _group_author(item)
    if not author:
        return False
    changed = False
    for key in keys:
        if same_body(_text(item, key), author):
            del item[key]
            changed = True
    if changed and "publisher" not in item:
        _drop(item, "publisher-place")
    return changed


def publisher_is_author(item: CslItem) -> bool:
    """R03: a publisher that is the (group) author is left out."""
    if item.get("type") in _WEB_TYPES or item.get("type") in _REFERENCE_ENTRIES:
        return False
    return _drop_equal_to_author(item, ("publisher",))


def site_is_author(item: CslItem) -> bool:
    """R04: a webpage's site name that is its author is left out."""
    if item.get("type") not in _WEB_TYPES:
        return False
    return _drop_equal_to_author(item, ("container-title", "publisher"))


def reference_work_publisher(item: CslItem) -> bool:
    """R05: a dictionary or encyclopedia entry by a group author that also publishes the
    reference work gives no publisher."""
    if item.get("type") not in _REFERENCE_ENTRIES:
        return False
    return _drop_equal_to_author(item, ("publisher",))


def _rule(rule_id: str, title: str, manual: str, stage: Stage, when: str, change: str,
          apply: Any) -> Rule:
    return Rule(f"APA-{rule_id}", title, manual, stage, when, change, apply)


#: Every rule, in the order they run (by stage, then by position here).
RULES: tuple[Rule, ...] = tuple(sorted((
    _rule("R01", "proceedings published as a book take the chapter form", "10.5, 10.3",
          Stage.RETYPE, "paper-conference with a container title and an ISBN or publisher, no "
          "volume or issue", "type -> chapter; the event goes", proceedings_book),
    _rule("R02", "proceedings in a numbered book series take the chapter form", "10.5",
          Stage.RETYPE, "paper-conference with a collection title and volume, an ISBN or "
          "publisher, no issue", "type -> chapter; series -> container, proceedings -> "
          "volume title", proceedings_book_series),
    _rule("R10", "preprints name their server, year only", "10.8", Stage.RETYPE,
          "a known preprint server as container title or publisher", "type -> article; "
          "publisher = server; no container, Preprint genre or arXiv number; year only",
          preprint),
    _rule("R25", "press releases have the full date", "10.4", Stage.RETYPE,
          "report with genre Press release", "type -> document", press_release),
    _rule("R24", "films are [Film], platform videos [Video] from the platform", "10.12",
          Stage.RETYPE, "motion_picture with no genre, or on YouTube or Vimeo",
          "genre = Film / Video; platform -> publisher", audiovisual_label),
    _rule("R08", "a thesis names its database", "10.6, 9.30", Stage.MOVE,
          "thesis with source (RIS DB/DP) or a ProQuest URL and no archive",
          "archive = the database", thesis_database),
    _rule("R18", "article numbers print as Article N", "9.27", Stage.MOVE,
          "article-journal whose page is an e-locator and that has no number",
          "page -> number", article_number),
    _rule("R19", "a chapter's editor who translated it is (Ed. & Trans.)", "10.3, 9.10",
          Stage.MOVE, "chapter whose editors and translators are the same names",
          "editor + translator -> editor-translator", editor_translator),
    _rule("R06", "thesis genres in the Manual's wording", "10.6", Stage.NORMALISE,
          "thesis with an abbreviated or missing genre",
          "genre = Doctoral dissertation / Master's thesis / Thesis", thesis_genre),
    _rule("R07", "theses with no database, archive or URL are unpublished", "10.6",
          Stage.NORMALISE, "thesis with no DOI, archive, source or non-database URL",
          "genre = Unpublished ...", unpublished_thesis),
    _rule("R09", "report numbers are labelled Report No.", "10.4", Stage.NORMALISE,
          "report with a number: no genre, or No. inside the number",
          "genre = Report (or the number's own words); the No. in the number goes", report_number),
    _rule("R21", "data sets are labelled [Data set]", "10.9", Stage.NORMALISE,
          "dataset with no genre", "genre = Data set", data_set),
    _rule("R29", "several publishers are separated by semicolons", "9.29", Stage.NORMALISE,
          "a publisher list with other spacing or a body named twice", "publisher = A; B",
          several_publishers),
    _rule("R14", "business suffixes leave publisher names", "9.29", Stage.NORMALISE,
          "publisher ending in Inc., Ltd., Limited or LLC", "the suffix goes",
          business_suffixes),
    _rule("R27", "one initial per given name", "9.8", Stage.NORMALISE,
          "a given name of two or three capitals (MEDLINE's JA)", "given = J. A.", initials),
    _rule("R15", "periodical names in APA title case", "9.25, 6.17", Stage.NORMALISE,
          "periodical article in English", "container title in APA title case",
          periodical_title_case),
    _rule("R13", "database URLs and names are left out", "9.30", Stage.REMOVE,
          "a database or discovery URL; a database in archive of a periodical article",
          "URL (and archive) go", database_urls),
    _rule("R03", "a publisher that is the author is left out", "9.29", Stage.REMOVE,
          "publisher equal to the group author (normalised)", "publisher goes",
          publisher_is_author),
    _rule("R04", "a site name that is the author is left out", "9.33, 10.16", Stage.REMOVE,
          "webpage whose site or publisher equals the group author",
          "container title / publisher go", site_is_author),
    _rule("R05", "a reference work's publisher that is the author is left out", "10.3",
          Stage.REMOVE, "dictionary or encyclopedia entry whose publisher equals the group "
          "author", "publisher goes", reference_work_publisher),
), key=lambda rule: rule.stage))


@dataclass(frozen=True)
class EngineRule:
    """A Manual rule that CSL data cannot carry, done in the rendering instead: a fix in the
    CSL engine's registry (:data:`risx.csl.engine.PATCHES`), so it is in the name rendering,
    not a pattern over finished lines."""

    id: str
    title: str
    manual: str
    patch: str  # the engine patch's name
    profiles: str  # which profiles get it


ENGINE_RULES: tuple[EngineRule, ...] = (
    EngineRule("APA-R11", "21 or more authors: the first 19, . . . , the last", "9.8",
               "spaced-ellipsis", "manual (keyed to the derived style's id)"),
    EngineRule("APA-R30", "two group authors are joined A & B, no comma", "9.8",
               "group-author-pair", "both (citeproc-js does the same)"),
)


@dataclass(frozen=True)
class StyleRule:
    """A Manual rule that data cannot carry and that the derived style does
    (``csl/data/apa-manual.csl``, one of the changes its header lists): a locale term, a
    label, a date form.  It holds for every item the style renders, so it has no count."""

    id: str
    title: str
    manual: str
    macro: str  # where in the derived style


STYLE_RULES: tuple[StyleRule, ...] = (
    StyleRule("APA-R09", "a report number of any shape is labelled No., singular "
              "(Report No. TR-2019-04, NIH Publication No. 18-2424)", "10.4", "label-number"),
    StyleRule("APA-R21", "the data set label is [Data set], not [Dataset]", "10.9",
              "locale term dataset"),
    StyleRule("APA-R26", "an online dictionary or encyclopedia entry (no editor, volume or "
              "page) gives its full date", "10.3", "date-bib"),
)
