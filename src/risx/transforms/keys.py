"""Identifiers for records: ASCII folding, default keys, and uniqueness while streaming.

Uniqueness rule (chosen so that output can stream): the first record to ask
for a key gets it unchanged; a later record asking for a key already taken
gets the first free suffix ``a``, ``b``, ... ``z``, ``aa``, ...  So a record's
key never depends on records that come after it.  Keys are compared without
regard to case, because CSL processors (citeproc-py) lower-case ids and two
ids differing only in case would collide there.
"""

from __future__ import annotations

import re
import unicodedata

from risx.model import Record

# Letters NFKD does not decompose into ASCII.
_SPECIAL_ASCII = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i",
})
_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]+")


def fold_ascii(text: str) -> str:
    """Drop accents and fold letters to ASCII ("Müller" -> "Muller", "Ørsted" -> "Orsted")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_ASCII))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def key_token(text: str) -> str:
    """Lower-case ASCII letters and digits only."""
    return _NOT_KEY_CHAR.sub("", fold_ascii(text).lower())


def first_creator_token(record: Record) -> str:
    """The first author's (else editor's, else any contributor's) family name as a key token."""
    for role in ("author", "editor"):
        names = record.names(role)
        if names:
            break
    else:
        names = tuple(c.name for c in record.contributors)
    for name in names:
        source = name.family or (name.literal.split() or [""])[0]
        token = key_token(source)
        if token:
            return token
    return ""


def default_id(record: Record) -> str:
    """``familyYEAR`` (``troup2022``), falling back to the first title word, then ``item``."""
    creator = first_creator_token(record)
    if not creator:
        words = [key_token(w) for w in record.title.split()]
        creator = next((w for w in words if w), "")
    year = str(record.issued.year) if record.issued and record.issued.year else ""
    return (creator or "item") + year


def _suffix(index: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa', ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class UniqueKeys:
    """Hands out keys unique within one output, first come first served."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next_suffix: dict[str, int] = {}

    def claim(self, wanted: str) -> str:
        """``wanted`` if it is free, else ``wanted`` plus the first free letter suffix."""
        if wanted.lower() not in self._taken:
            self._taken.add(wanted.lower())
            return wanted
        index = self._next_suffix.get(wanted.lower(), 0)
        while True:
            candidate = wanted + _suffix(index)
            index += 1
            if candidate.lower() not in self._taken:
                self._next_suffix[wanted.lower()] = index
                self._taken.add(candidate.lower())
                return candidate

    def is_taken(self, key: str) -> bool:
        return key.lower() in self._taken
