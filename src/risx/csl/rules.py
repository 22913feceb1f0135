"""CSL rules as citeproc-js applies them, in plain Python: no citeproc-py here.

The fixes in :mod:`risx.csl.fixes` hand citeproc-py's text to these functions;
the rendering code and the APA rule layer may call them too.  Each takes and
returns plain strings (or tuples of them), so each can be tested, and reused,
without a style or a processor.  Sorting by collation key lives beside them,
in :mod:`risx.csl.collate`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

# --- Page ranges ----------------------------------------------------------------------------

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")


def expand_last_page(first: str, last: str) -> str:
    """"1234", "45" -> "1245"; "S12", "5" -> "S15"; anything else unchanged
    (CSL ``page-range-format="expanded"``)."""
    first_match = _TRAILING_DIGITS.match(first)
    if first_match is None or not last.isdigit():
        return last
    digits = first_match.group(2)
    if len(last) >= len(digits):
        return last
    return first_match.group(1) + digits[: len(digits) - len(last)] + last


#: One page or a page range as citeproc-js recognises them ("45", "e12", "S12-S15", "12a-c").
_CLEAN_PAGES = re.compile(r"^(?P<first>(?:[0-9]*[A-Za-z]{1,3})?)[0-9]+[a-z]*"
                          r"(?:\s*[-\u2013]\s*(?P<last>(?:[0-9]*[A-Za-z]{1,3})?)[0-9]+[a-z]*)?$")
_TRAILING_AMPERSAND = re.compile(r"\s*&\s*$")


def pages_are_ranges(value: str) -> bool:
    """True when every comma-separated part is a page or a range of pages."""
    for part in value.split(","):
        match = _CLEAN_PAGES.match(part.strip())
        # Both ends of a range carry the same prefix ("S12-S15", not "415-U53").
        if match is None or match.group("last") not in (None, match.group("first")):
            return False
    return True


def without_trailing_ampersand(pages: str) -> str:
    """Web of Science's "968-&" ("and following") -> "968-", as citeproc-js prints it."""
    return _TRAILING_AMPERSAND.sub("", pages)


# --- Initials -------------------------------------------------------------------------------

_INITIAL = re.compile(r"^([A-Z\u00c0-\u017f\u0400-\u042f\u0370-\u03ff])"
                      r"([a-zA-Z\u00c0-\u017f\u0400-\u052f\u0370-\u03ff]*)(\.)?")
_ROMANESQUE = re.compile(r"[-0-9a-zA-Z\u00c0-\u017f\u0370-\u03ff\u0400-\u052f]")
_STARTS_ROMANESQUE = re.compile(r"^[&a-zA-Z\u00c0-\u017f\u0370-\u03ff\u0400-\u052f]")
_NAME_SEPARATOR = re.compile(r"([-\s]+)")


@functools.lru_cache(maxsize=16384)
def initialize_given(given: str, terminator: str, hyphen: bool = True) -> str:
    """Initials of a given name, by the rules citeproc-js follows (remembered: a name is
    initialised for its sort key and again for its entry, and names recur in a list).

    "John Andrew" -> "J. A.", "Jean-Marie" -> "J.-M.", "Wei-qin" -> "W." (a lower-case
    part after a hyphen belongs to the syllable), "Name of" -> "N. of" (lower-case words
    are kept), "MEmre" -> "Me." (a capital run inside a word is a digraph).  Stock
    citeproc-py writes "W.-. qin ." and "N. of . File" for the last two.
    """
    if not _STARTS_ROMANESQUE.match(given):
        return given
    name = given if hyphen else given.replace("-", " ")
    name = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", name))
    name = re.sub(r"-([a-z])", "\u2013\\1", name)
    name = re.sub(r"\.(?=[^ ])", ". ", name)
    pieces = _NAME_SEPARATOR.split(name)
    for index in range(0, len(pieces), 2):
        word = pieces[index]
        if not word:
            continue
        match = _INITIAL.match(word)
        initial, rest = (match.group(1), match.group(2)) if match else ("", "")
        if match and rest and match.group(3):
            initial, rest = initial + rest, ""  # an abbreviation such as "Ph." is kept
        if match:
            capitals = ""
            for char in rest:
                if char != char.upper():
                    break
                capitals += char
            extra = capitals.lower() if len(capitals) < len(rest) else ""
            pieces[index] = initial + extra
            if index + 1 < len(pieces):
                separator = pieces[index + 1]
                pieces[index + 1] = terminator + "-" if "-" in separator else terminator
            else:
                pieces.append(terminator)
        elif _ROMANESQUE.search(word):
            pieces[index] = " " + word
    text = "".join(pieces).rstrip(" \t\n\r\ufeff\u00a0")
    text = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", text))
    return re.sub("\u2013([a-z])", "-\\1", text)


def first_word_is_lower_case(text: str) -> bool:
    """Whether the first word of ``text`` has no capitals (what CSL's capitalize-first
    changes); a text with no word counts as lower case."""
    words = text.split()
    return not words or words[0] == words[0].lower()


# --- Title case -----------------------------------------------------------------------------

#: The words title case leaves in lower case (citeproc-js's list; single words only).  Not
#: the words a cite key leaves out (:data:`risx.transforms.keys.TITLE_STOP_WORDS`).
TITLE_CASE_LOWER_WORDS = frozenset(["about", "above", "across", "afore", "after", "against", "al", "along", "alongside", "amid", "amidst", "among", "amongst", "anenst", "apropos", "apud", "around", "as", "aside", "astride", "at", "athwart", "atop", "barring", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "but", "by", "circa", "despite", "down", "during", "et", "except", "for", "forenenst", "from", "given", "in", "inside", "into", "lest", "like", "modulo", "near", "next", "notwithstanding", "of", "off", "on", "onto", "out", "over", "per", "plus", "pro", "qua", "sans", "since", "than", "through", "thru", "throughout", "thruout", "till", "to", "toward", "towards", "under", "underneath", "until", "unto", "up", "upon", "versus", "vs.", "v.", "vs", "v", "via", "vis-à-vis", "with", "within", "without", "or", "yet", "so", "and", "nor", "a", "an", "the", "de", "d'", "von", "van", "c", "ca"])
_TITLE_SEPARATOR = re.compile("([\u2018\u2019\u201c\u201d\"'\\-\u2013\u2014/.,;?!:\\[\\]()]"
                              "|[\\s\u00a0\u2000-\u200b\u205f\u3000]+)")


def title_case(pieces: Sequence[tuple[str, bool]]) -> list[str]:
    """Title case over text pieces (``(text, protected)``; protected pieces are nocase spans).

    As citeproc-js does it: every all-lower-case word of two letters or more that is
    not a stop word is capitalised, and so are the first word, a word after ":", "?"
    or "!", and a stop word at the very end; words are split at spaces and at
    punctuation, brackets, quotes, slashes and hyphens ("(Journal Title",
    "Well-Being"); single letters ("Turismo e Hospitalidade") and words with
    capitals stay as written.
    """
    first, after_punctuation = True, False
    out: list[list[str]] = []
    last: tuple[int, int] | None = None
    for piece_index, (text, protected) in enumerate(pieces):
        tokens = _TITLE_SEPARATOR.split(text)
        out.append(tokens)
        if protected:
            if text.strip():
                first = after_punctuation = False
                last = None
            continue
        for index in range(0, len(tokens), 2):
            word = tokens[index]
            if index:
                separator = tokens[index - 1]
                if separator.strip() and separator.strip()[-1] in "!?:":
                    after_punctuation = True
            if not word:
                continue
            lower = word.lower()
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            capitalise = ((len(word) > 1 and lower not in TITLE_CASE_LOWER_WORDS) or first
                          or after_punctuation or following == "-")
            if capitalise and word == lower:
                tokens[index] = word[0].upper() + word[1:]
            first = after_punctuation = False
            last = (piece_index, index)
    if last is not None:
        tokens = out[last[0]]
        word = tokens[last[1]]
        if len(word) > 1 and word.lower() in TITLE_CASE_LOWER_WORDS:
            tokens[last[1]] = word[0].upper() + word[1:]
    return ["".join(tokens) for tokens in out]


# --- Terms ----------------------------------------------------------------------------------

#: CSL: verb-short -> verb -> long; symbol -> short -> long; short -> long.
TERM_FORM_FALLBACK: dict[str, str | None] = {"verb-short": "verb", "verb": None,
                                             "symbol": "short", "short": None}


# --- Names ----------------------------------------------------------------------------------

def is_cjk(text: str) -> bool:
    """Whether ``text`` has kana, a CJK ideograph or Hangul: such a name is written family
    name first with no separator and never initialised ("王小明")."""
    for char in text:
        code = ord(char)
        if (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
                or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
                or 0x20000 <= code <= 0x2FA1F):
            return True
    return False


# --- Dates ----------------------------------------------------------------------------------

_DATE_RANK = {"day": 1, "month": 2, "year": 3}


def ranged_date_parts(shown: Sequence[str], differing: Sequence[str]) -> tuple[str, set[str]]:
    """For a date range (CSL 1.0.2): the largest part that differs between its ends, and the
    shown parts written for both ends (that part and those below it); ``differing`` must
    not be empty.  "May 23–26, 2019" ranges the day, "January–May 2021" the month."""
    top = max(differing, key=_DATE_RANK.__getitem__)
    return top, {p for p in shown if _DATE_RANK[p] <= _DATE_RANK[top]}


# --- Punctuation ----------------------------------------------------------------------------

#: Marks that do not repeat where two pieces of text meet ("..", ",,"), as citeproc-py has them.
SEAM_PUNCTUATION = frozenset(".,;:!?")


def seam_drops_first(left: str, right: str) -> bool:
    """Whether ``right``'s first character goes where ``left`` ends: a second space, a
    repeated mark, or a "." after "?" or "!" ("Still unresolved?." -> "Still unresolved?")."""
    if not left or not right:
        return False
    last, first = left[-1], right[0]
    return ((last == " " and first == " ") or (first == "." and last in ".?!")
            or (last == first and first in SEAM_PUNCTUATION))
