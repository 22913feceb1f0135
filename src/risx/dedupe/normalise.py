"""What a record looks like to the matcher: its fields folded into comparable keys.

Databases export one work in many spellings.  Each function here takes one such spelling away,
and says in its documentation which exports write it:

* titles: case, accents, punctuation, markup, ``&``/``and``, and the annotations databases
  append (Ovid's ``LA: Chi`` and ``[Erratum appears in ...]``, a ``[German]`` language tag,
  ``[abstract]``, a trailing ``.``); a title translated into brackets keeps its words;
* names: family names folded like titles (``Müller`` = ``Muller``), particles kept, suffixes
  (``Jr``) dropped;
* pages: the first page only, with ``e``/``S``/``P`` prefixes and leading zeros dropped
  (``e1234`` = ``1234``, ``S12`` = ``12``); a range that Excel turned into a date (``21-Aug``
  from ``21-8``, ``Nov-19`` from ``11-19``) cannot be read back for sure, so it gives the
  candidates (``21`` or ``8``; ``11`` or ``19``), which may agree with a page but never
  contradict one;
* journals: word lists without stop words, so that an ISO abbreviation (``Am J Respir Crit
  Care Med``) can be matched word by word against the full title; Embase's
  ``Journal. Conference: ...`` keeps the journal.

Every key is ``""`` (or empty) when the record does not have the field: the matcher treats a
missing value as neither agreement nor contradiction.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from risx.model import Name, Record
from risx.transforms.identifiers import normalise_doi
from risx.transforms.keys import fold_ascii

_MARKUP = re.compile(r"</?[a-zA-Z][^<>]{0,40}>")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
#: Ovid appends the language: "... surgery] LA: Chi".
_OVID_LANGUAGE = re.compile(r"\s+LA:\s*\w{2,12}\.?\s*$")
#: Annotations MEDLINE, Ovid and Embase append to a title, up to the end even when truncated
#: ("[Erratum appears in Brain Inj. 2013;27(3):377 Note: Sma").
_NOTE_TO_END = re.compile(
    r"\s*\[\s*(?:(?:published\s+)?erratum|corrected|retraction|retracted|comment|see\s+comment"
    r"|note:|abstract\s+no|republished|update\s+in)\b.*$", re.IGNORECASE | re.DOTALL)
#: Web of Science names the corrected article in an erratum's title: "... (vol 360, pg 542, 2009)".
_WOS_CORRECTION = re.compile(r"\s*\(\s*vol\.?\s+\d+[^()]*\)?\s*\.?\s*$", re.IGNORECASE)
#: MEDLINE appends the commented article's citation: "... syndrome... N Engl J Med. 2009 Jan
#: 29;360(5):544-6".
_CITATION_TAIL = re.compile(
    r"\s*(?:\.{1,3}|;)\s+[A-Z][^.;]{1,60}\.\s+(?:19|20)\d{2}\b[^;]{0,20};\s*\d+\s*(?:\([^)]*\))?"
    r"\s*:\s*[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?\.?\s*$")
#: Embase names the corrected article in an erratum's title: "... (New England Journal of
#: Medicine (2009) 360 (542-544))": a parenthesis at the end holding a year and more numbers.
_CORRECTED_ARTICLE = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)\s*\.?\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMBER = re.compile(r"\d+")
#: A short bracketed tag at the end: "[German]", "[German, English]", "[abstract]", "[1]",
#: "[Review]", or a dangling "[".
_TRAILING_TAG = re.compile(r"\s*\[(?:[^\[\]]{0,40})\]?\s*\.?\s*$")
_TAG_WORDS = re.compile(r"^[\w\s,;:&/-]{0,40}$")
_STOP_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de",
                         "la", "le", "les", "des", "du", "der", "die", "das", "und", "fur",
                         "y", "e", "et", "di", "del", "della", "d", "l"})
#: Embase's conference abstracts: "Diabetologia. Conference: 54th Annual Meeting ...".
_CONFERENCE_SUFFIX = re.compile(r"(?i)[.:]?\s*\b(?:conference|congress)\b\s*(?::.*)?$")
_PARENTHESISED = re.compile(r"\([^()]*\)")
#: "PLoS ONE [Electronic Resource]" (Ovid).
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    start=1)}
_EXCEL_DATE = re.compile(r"^(\d{1,2})-([A-Za-z]{3})$|^([A-Za-z]{3})-(\d{1,2})$")
_FIRST_PAGE = re.compile(r"^[A-Za-z]{0,2}0*(\d+)")
_PAGE_LIST_SEPARATOR = re.compile(r"[,;+]")
_RANGE = re.compile(r"^[A-Za-z]{0,2}(\d+)\s*[-\u2013]\s*[A-Za-z]{0,2}(\d+)$")
#: A volume as databases write it: "38", "Vol. 38", "38 (Supplement 1)", "38 Suppl 2", "38 Pt 2".
#: A journal title's tail spilled into the field keeps the volume last ("Korsakova. Part 2. 117",
#: "Japanese journal of clinical medicine. 69"); anything else ("1)") is too unclear to compare.
_VOLUME = re.compile(r"(?i)^\s*(?:vol(?:ume)?\.?\s*)?0*(\d+)\s*(?:[(,.]?\s*(?:suppl|supplement|"
                     r"pt|part|issue|no|spec)\b.*)?$")
_VOLUME_AFTER_TEXT = re.compile(r"^[^\d]*\D[.:]\s+(?:part\s+\d+\.\s+)?0*(\d+)$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: accents, case, punctuation and
    markup ignored, ``&`` read as ``and``."""
    text = _MARKUP.sub(" ", text).replace("&", " and ")
    text = unicodedata.normalize("NFKC", text)
    return _NON_ALNUM.sub(" ", fold_ascii(text).lower()).strip()


def clean_title(title: str) -> str:
    """The title without the annotations databases append to it (see the module docstring)."""
    text = _OVID_LANGUAGE.sub("", title.strip())
    text = _NOTE_TO_END.sub("", text)
    text = _WOS_CORRECTION.sub("", text)
    text = _CITATION_TAIL.sub("", text)
    corrected = _CORRECTED_ARTICLE.search(text)
    if (corrected and corrected.start() > 0 and _YEAR.search(corrected.group(0))
            and len(_NUMBER.findall(corrected.group(0))) >= 3):
        text = text[:corrected.start()]
    for _ in range(3):  # "[Clinical aspects]. [Japanese]": strip tags, never the title itself
        match = _TRAILING_TAG.search(text)
        if (match is None or match.start() == 0
                or not _TAG_WORDS.match(match.group(0).strip(" .[]"))
                or len(match.group(0).split()) > 4):
            break
        text = text[:match.start()]
    return text.strip().strip('"').strip()


def title_key(title: str) -> str:
    """The folded, cleaned title."""
    return fold(clean_title(title))


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7",
          "viii": "8", "ix": "9", "x": "10"}


def title_numbers(folded_title: str) -> tuple[str, ...]:
    """The numbers in a folded title, roman numerals read as numbers, sorted: titles that differ
    only in them are usually different works ("FOCUS 1" / "FOCUS 2", "phase II" / "phase
    I/II", "Part 1" / "Part 2", "complement C3" / "complement factor I")."""
    numbers = [str(int(n)) for n in _NUMBER.findall(folded_title)]
    numbers.extend(_ROMAN[w] for w in folded_title.split() if w in _ROMAN)
    return tuple(sorted(numbers))


def issue_key(issue: str) -> str:
    """The issue folded (``SUPPL. 3`` -> ``suppl 3``)."""
    return fold(issue)


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@functools.lru_cache(maxsize=1 << 16)
def family_key(name: Name) -> str:
    """A person's family name (or an organisation's name) as one folded token string, without a
    suffix written into it (``Lynch Jr`` is ``lynch``)."""
    source = " ".join(p for p in (name.non_dropping_particle, name.family) if p) or name.literal
    words = fold(source).split()
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return "".join(words)


def excel_page_guesses(page: str) -> frozenset[str]:
    """The first pages a range turned into a date by Excel may have had: ``21-Aug`` was
    ``21-8`` (21-28) or ``8-21``; ``Nov-19`` was ``11-19`` or ``19-11``.  Empty when ``page``
    is not such a date."""
    excel = _EXCEL_DATE.match(page.strip())
    if not excel:
        return frozenset()
    month = (excel.group(2) or excel.group(3)).lower()
    number = excel.group(1) or excel.group(4)
    if month not in _MONTHS:
        return frozenset()
    return frozenset({str(_MONTHS[month]), str(int(number))})


def _page_ranges(page: str) -> list[tuple[int, int | None]]:
    """The ranges of a page value as numbers (the last page expanded: ``233-8`` is 233-238),
    several for a list (``233-8, 230-5``); empty for an Excel date or a range that ends
    before it starts (``2297-2108``: a typo in one of the two, and which cannot be told)."""
    ranges: list[tuple[int, int | None]] = []
    for part in _PAGE_LIST_SEPARATOR.split(page.strip().strip('"')):
        part = part.strip()
        if not part:
            continue
        if _EXCEL_DATE.match(part):
            return []
        pair = _RANGE.match(part)
        if pair:
            first, last = pair.group(1), pair.group(2)
            if len(last) < len(first):
                last = first[:len(first) - len(last)] + last
            elif int(last) < int(first):
                return []
            ranges.append((int(first), int(last)))
            continue
        single = _FIRST_PAGE.match(part)
        if single:
            ranges.append((int(single.group(1)), None))
    return ranges


def first_page(page: str) -> str:
    """The first page as digits: ``e1234`` -> ``1234``, ``S12-S14`` -> ``12``, ``0089`` ->
    ``89``, a list of ranges (``233-8, 230-5``) -> its lowest page; ``""`` when there is none,
    when Excel made the range a date (:func:`excel_page_guesses`), or when the range ends
    before it starts (``2297-2108``)."""
    ranges = _page_ranges(page)
    return str(min(first for first, _ in ranges)) if ranges else ""


def one_page(page: str) -> bool:
    """True when the value says the item is one page long (``22-22``, ``S945-S945``): an
    abstract or a notice.  A first page alone (``22``) says nothing about the length."""
    ranges = _page_ranges(page)
    return len(ranges) == 1 and ranges[0][0] == ranges[0][1]


def page_range(page: str) -> str:
    """``first-last`` for one range of two or more pages (``233-8`` -> ``233-238``), else
    ``""``: two different articles never fill the same range of pages."""
    ranges = _page_ranges(page)
    if len(ranges) != 1:
        return ""
    first, last = ranges[0]
    return f"{first}-{last}" if last is not None and last > first else ""


def volume_key(volume: str) -> str:
    """The volume's number (``Vol. 38`` -> ``38``; ``38 (Supplement 1)`` -> ``38``), or ``""``
    when the value does not read as a volume."""
    match = _VOLUME.match(volume) or _VOLUME_AFTER_TEXT.match(volume.strip())
    return match.group(1) if match else ""


def journal_words(journal: str) -> tuple[str, ...]:
    """The words of a journal title that an abbreviation keeps (stop words out), without
    Embase's conference suffix or a parenthesised place (``Lung cancer (Amsterdam,
    Netherlands)``)."""
    text = _CONFERENCE_SUFFIX.sub("", journal)
    text = _BRACKETED.sub(" ", _PARENTHESISED.sub(" ", text))
    return tuple(w for w in fold(text).split() if w not in _STOP_WORDS)


@functools.lru_cache(maxsize=1 << 14)
def journal_variants(journal: str) -> tuple[tuple[str, ...], ...]:
    """The journal's word lists: the whole title, and each part of a title given in several
    languages (``Zhonghua jie he ... = Chinese journal of tuberculosis ...``) or with a
    prefix (``Jpen: Journal of Parenteral ...``)."""
    parts = [journal, *re.split(r"\s=\s|:\s", journal)] if journal else []
    variants: list[tuple[str, ...]] = []
    for part in parts:
        words = journal_words(part)
        if words and words not in variants:
            variants.append(words)
    return tuple(variants)


def contracts(short: str, word: str) -> bool:
    """True when ``short`` abbreviates ``word`` as ISO 4 does: by cutting it (``surg`` for
    ``surgery``) or contracting it (``dtsch`` for ``deutsche``): same first letter, and the
    letters of ``short`` in order within ``word``."""
    if not short or short[0] != word[0]:
        return False
    position = 0
    for letter in short:
        position = word.find(letter, position) + 1
        if position == 0:
            return False
    return True


def abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """True when ``short`` is ``full`` or its abbreviation word by word (``am j respir`` for
    ``american journal respiratory``, ``dtsch med wochenschr`` for ``deutsche medizinische
    wochenschrift``), or the abbreviation written as one word (``jthoraccardiovascsurg``)."""
    if len(short) == len(full):
        return all(contracts(s, f) for s, f in zip(short, full, strict=True))
    if len(short) == 1 and len(full) >= 2 and len(short[0]) >= len(full) + 2:
        return _splits_into(short[0], full)
    return False


def _splits_into(text: str, words: tuple[str, ...]) -> bool:
    """True when ``text`` is one abbreviation of each of ``words`` in turn, run together."""
    if not words:
        return not text
    first, rest = words[0], words[1:]
    for end in range(len(text) - len(rest), 0, -1):
        if contracts(text[:end], first) and _splits_into(text[end:], rest):
            return True
    return False


@functools.lru_cache(maxsize=1 << 16)
def journals_agree(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    """True when a variant of one journal title equals or abbreviates a variant of the other."""
    return any(abbreviates(x, y) or abbreviates(y, x) or "".join(x) == "".join(y)
               for x in a for y in b)


#: Kinds of publication: records of different kinds are not merged automatically (an abstract
#: and the article that followed it share title and authors).  CSL types map onto them; RIS
#: ``ABST`` (read as ``article-journal``) is an abstract.
KIND_OF_TYPE = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "review": "article", "review-book": "article", "article": "article",
    "paper-conference": "conference", "speech": "conference", "event": "conference",
    "chapter": "chapter", "entry": "chapter", "entry-dictionary": "chapter",
    "entry-encyclopedia": "chapter",
    "book": "book", "collection": "book", "classic": "book",
    "thesis": "thesis", "report": "report", "patent": "patent", "dataset": "dataset",
}
_ABSTRACT_SOURCE_TYPES = frozenset({"ABST", "INPR-ABST", "MEETING ABSTRACT", "abstract"})


def kind(record: Record) -> str:
    """The record's kind (``article``, ``conference``, ``chapter``, ``book``, ...), or ``""``
    when its type says nothing (``document``, ``article`` as a generic type)."""
    if record.source_type.strip() in _ABSTRACT_SOURCE_TYPES or record.genre.lower() in (
            "abstract", "meeting abstract", "conference abstract"):
        return "abstract"
    return KIND_OF_TYPE.get(record.type, "")


def doi_key(doi: str) -> str:
    """The DOI, bare and lower case; a DOI copied from a URL is percent-decoded
    (``...%2817%29...`` is ``...(17)...``), as DOIs are case-insensitive ASCII."""
    bare = normalise_doi(doi)
    return unquote(bare).lower() if "%" in bare else bare.lower()


@dataclass(frozen=True, slots=True)
class Keys:
    """One record's comparable keys (see the module docstring)."""

    index: int
    doi: str
    title: str
    title_numbers: tuple[str, ...]
    year: int | None
    families: tuple[str, ...]
    journals: tuple[tuple[str, ...], ...]
    volume: str
    issue: str
    page: str
    #: ``first-last`` for a range of two or more pages, else ``""`` (see :func:`page_range`).
    pages: str
    #: The page value says the item is one page long (see :func:`one_page`).
    one_page: bool
    #: The first pages an Excel-damaged range may have had (see :func:`excel_page_guesses`).
    page_guesses: frozenset[str]
    kind: str

    @property
    def first_author(self) -> str:
        return self.families[0] if self.families else ""


def keys_of(record: Record, index: int) -> Keys:
    names = record.names("author") or record.names("editor")
    journal = record.container_title or record.container_title_short
    journals = journal_variants(journal)
    if record.container_title and record.container_title_short:
        journals += tuple(v for v in journal_variants(record.container_title_short)
                          if v not in journals)
    doi = doi_key(record.doi)
    page_text = record.page_first or record.page
    page = first_page(page_text)
    if not page and record.number and record.type.startswith("article"):
        page = first_page(record.number)  # an article number (e-locator) stands for pages
    title = title_key(record.title)
    return Keys(
        index=index, doi=doi, title=title, title_numbers=title_numbers(title),
        year=record.issued.year if record.issued else None,
        families=tuple(f for f in (family_key(n) for n in names) if f),
        journals=journals, volume=volume_key(record.volume), issue=issue_key(record.issue),
        page=page, pages=page_range(page_text), one_page=one_page(page_text), page_guesses=excel_page_guesses(page_text),
        kind=kind(record))
