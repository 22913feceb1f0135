"""Title case for the values Web of Science writes in capitals (``SO``, ``SE``, ``PU``, ``PI``).

The Core Collection writes source titles, series, publishers and their cities in capitals
(``JOURNAL OF THE AMERICAN ACADEMY OF CHILD AND ADOLESCENT PSYCHIATRY``, ``PALO ALTO``), which a
reference list would print as they are.  A value with no lower-case letter is recased word by
word: small words (``of``, ``and``, ``the``...) in lower case except at the start or after a
hyphen, colon or bracket; every other word capitalised, unless it is an acronym the record
itself spells in capitals (the ISO abbreviation ``JI``: ``JAMA-J. Am. Med. Assoc.`` keeps
``JAMA``), one of a short list of publishers' and agencies' acronyms, or a roman numeral.
A value with any lower-case letter (Zoological Record's ``Journal of Applied Ecology``) is
left as it is.
"""

from __future__ import annotations

import re

#: Words written in lower case inside a title (English, and the Romance and German articles
#: and prepositions of the journals the platform indexes).
SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
    "or", "the", "to", "with", "via", "al", "da", "das", "de", "degli", "dei", "del", "della",
    "delle", "der", "des", "di", "do", "dos", "du", "e", "el", "en", "et", "für", "fur", "im",
    "la", "las", "le", "les", "los", "und", "y", "zu", "zur",
})

#: Acronyms kept in capitals wherever they occur.
ACRONYMS = frozenset({
    "ACM", "ACS", "AIAA", "AIDS", "AIP", "AMS", "ANSI", "ASCE", "ASM", "ASME", "ASTM", "BMC",
    "BMJ", "CABI", "CNRS", "CRC", "CSIRO", "DNA", "EMBO", "EPJ", "ESA", "EU", "FASEB", "FEBS",
    "HIV", "IAEA", "IEE", "IEEE", "IET", "IFAC", "IMF", "IOP", "ISO", "IUCN", "JAMA", "MDPI",
    "NASA", "NATO", "NBER", "NIH", "NRC", "OECD", "RNA", "RSC", "SAE", "SIAM", "SPIE", "UK",
    "UN", "UNESCO", "US", "USA", "WHO",
})

#: A run of letters and digits (with an apostrophe inside: CHILDREN'S); "7TH" is one word.
_WORD = re.compile(r"[^\W_]+(?:'[^\W\d_]+)?")
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
#: Characters after which a word starts a new part of the title.
_PART_START = "-:(/[–—"


def recase_capitals(text: str, hint: str = "") -> str:
    """``text`` in title case when it is written in capitals (see the module docstring);
    ``hint`` is another value of the record whose capitals are acronyms (``JI``)."""
    if not text or any(ch.islower() for ch in text):
        return text
    kept = {w for w in _WORD.findall(hint) if len(w) > 1 and w.isupper()} if hint else set()

    def recase(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in kept or word in ACRONYMS or _ROMAN.fullmatch(word):
            return word
        lower = word.lower()
        start = match.start()
        before = text[:start].rstrip()
        if lower in SMALL_WORDS and before and before[-1] not in _PART_START:
            return lower
        return word[0] + word[1:].lower()  # "7TH" -> "7th", "PHYSICS" -> "Physics"

    return _WORD.sub(recase, text)
