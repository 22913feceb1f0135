"""String tests the APA rules share: "is this the same body as that", business suffixes,
database URLs, and APA title case for periodical names."""

from __future__ import annotations

import re
import unicodedata

# --- Same body --------------------------------------------------------------------------------

#: Designations of business structure the Manual (9.29) says to leave out of publisher
#: names.  ``Co.`` and ``Corp.`` stay: the Manual's own examples keep them (``Henry Holt and
#: Co.``, ``IBM Corp.``).
_BUSINESS_SUFFIX = re.compile(r"(?:,\s*|\s+)(?:Inc\.?|Incorporated|(?:Pty\.?\s+)?Ltd\.?|(?:Pty\.?\s+)?Limited|LLC|L\.L\.C\.)$",
                              re.IGNORECASE)


def strip_business_suffix(name: str) -> str:
    """``John Wiley & Sons, Inc.`` -> ``John Wiley & Sons``; other names unchanged."""
    stripped = name.strip()
    while True:
        shorter = _BUSINESS_SUFFIX.sub("", stripped).rstrip(" ,")
        if shorter == stripped or not shorter:
            return stripped
        stripped = shorter


def body_key(name: str) -> str:
    """A key under which two spellings of one organisation compare equal: NFKC, case folded,
    ``&`` as ``and``, no leading ``The``, no business suffix, no punctuation, spaces collapsed."""
    text = unicodedata.normalize("NFKC", strip_business_suffix(name)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def same_body(first: str, second: str) -> bool:
    key = body_key(first)
    return bool(key) and key == body_key(second)


# --- Database URLs ----------------------------------------------------------------------------

#: URLs of subscription databases and discovery records (9.30: omit them).  Publisher and
#: platform URLs are kept.  Each pattern has the database's name, which a thesis takes as its
#: database (R08) when the data gives none.
DATABASE_URLS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), name) for pattern, name in (
        (r"^https?://[^/]*proquest\.com/(?:docview|dissertations|openview)\b",
         "ProQuest Dissertations and Theses Global"),
        (r"^https?://[^/]*ebscohost\.com/", "EBSCOhost"),
        (r"^https?://[^/]*ovid(?:sp)?\.(?:com|tx\.ovid\.com)/|^https?://[^/]*\.ovid\.com/", "Ovid"),
        (r"^https?://[^/]*scopus\.com/(?:inward/record|record/display)", "Scopus"),
        (r"^https?://[^/]*(?:webofscience\.com|webofknowledge\.com|isiknowledge\.com)/",
         "Web of Science"),
        (r"^https?://[^/]*gale\.com/(?:apps/doc|ps/)", "Gale"),
        (r"^https?://[^/]*embase\.com/", "Embase"),
        (r"^https?://[^/]*ezproxy[^/]*/", "EZproxy"),
    ))


def database_of(url: str) -> str | None:
    """The database a URL is a record of, or None for any other URL."""
    for pattern, name in DATABASE_URLS:
        if pattern.search(url.strip()):
            return name
    return None


#: Database names that apa.csl prints from ``archive`` after a journal article (9.30 omits
#: them).  Compared by :func:`body_key`.
DATABASE_NAMES = frozenset(body_key(name) for name in (
    "PsycINFO", "APA PsycInfo", "APA PsycINFO", "PsycARTICLES", "APA PsycArticles", "MEDLINE",
    "PubMed", "Scopus", "Web of Science", "Web of Science Core Collection", "EBSCOhost",
    "ProQuest", "ProQuest Central", "Ovid", "OvidSP", "Embase", "CINAHL", "CINAHL Plus",
    "Academic Search Complete", "Business Source Complete", "JSTOR"))


# --- APA title case (6.17) --------------------------------------------------------------------

#: Minor words of three letters or fewer that title case leaves in lower case: articles,
#: short conjunctions and short prepositions.
APA_MINOR_WORDS = frozenset(["a", "an", "the", "and", "but", "for", "nor", "or", "so", "yet",
                             "as", "at", "by", "in", "of", "off", "on", "per", "to", "up", "via"])
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def apa_title_case(title: str) -> str:
    """A periodical name in APA title case: words of four letters or more capitalised,
    capitalised minor words of three letters or fewer lowered (not the first word, not one
    after a colon, not the last).  Words with a capital after their first letter (``PLoS``,
    ``JAMA``) and names in capitals throughout stay as written; the CSL engine's own title
    case then capitalises the remaining major words."""
    letters = [c for c in title if c.isalpha()]
    if not letters or all(c.isupper() for c in letters):
        return title
    matches = list(_WORD.finditer(title))
    pieces: list[str] = []
    position = 0
    for index, match in enumerate(matches):
        word = match.group()
        before = title[position:match.start()]
        pieces.append(before)
        position = match.end()
        starts_phrase = index == 0 or before.rstrip()[-1:] in (":", "?", "!", "\u2014")
        is_last = index == len(matches) - 1
        pieces.append(_case_word(word, starts_phrase, is_last, title[match.end():match.end() + 1]))
    pieces.append(title[position:])
    return "".join(pieces)


def _case_word(word: str, starts_phrase: bool, is_last: bool, following: str) -> str:
    if any(c.isupper() for c in word[1:]):
        return word  # an acronym or a name with inner capitals
    lower = word.lower()
    if len(word) >= 4 or starts_phrase or is_last or following == "-":
        return word[0].upper() + word[1:] if word == lower else word
    if lower in APA_MINOR_WORDS and word != lower:
        return lower
    return word
