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
from collections.abc import Callable
from functools import partial
from itertools import islice

from risx.diagnostics import Diagnostic, Report, Severity
from risx.keytable import KeyTable
from risx.model import Name, Record
from risx.transforms.text import strip_rich_text

# Letters NFKD does not decompose into ASCII.
_SPECIAL_ASCII = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i",
})
_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]+")


def fold_ascii(text: str) -> str:
    """Drop accents and fold letters to ASCII ("Müller" -> "Muller", "Ørsted" -> "Orsted")."""
    if text.isascii():
        return text  # most names and titles; isascii() is a flag CPython keeps on the string
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_ASCII))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def key_token(text: str) -> str:
    """Lower-case ASCII letters and digits only."""
    return _NOT_KEY_CHAR.sub("", fold_ascii(text).lower())


def key_creators(record: Record) -> tuple[Name, ...]:
    """The names a key is made from: the authors, else the editors, else every contributor."""
    for role in ("author", "editor"):
        names = record.names(role)
        if names:
            return names
    return tuple(c.name for c in record.contributors)


def first_creator_token(record: Record) -> str:
    """The first author's (else editor's, else any contributor's) family name as a key token."""
    for name in key_creators(record):
        source = name.family or (name.literal.split() or [""])[0]
        token = key_token(source)
        if token:
            return token
    return ""


def default_id(record: Record) -> str:
    """``familyYEAR`` (``troup2022``), falling back to the first title word, then ``item``."""
    creator = first_creator_token(record)
    if not creator:
        words = [key_token(w) for w in strip_rich_text(record.title).split()]
        creator = next((w for w in words if w), "")
    year = str(record.issued.year) if record.issued and record.issued.year else ""
    return (creator or "item") + year


def letter_suffix(index: int) -> str:
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
        #: Every key handed out (lower-cased), with the index of the next suffix to try when
        #: it is asked for again.  Compact: an output of 100,000 records holds 100,000 keys.
        self._taken = KeyTable()

    def claim(self, wanted: str) -> str:
        """``wanted`` if it is free, else ``wanted`` plus the first free letter suffix."""
        folded = wanted.lower()
        index = self._taken.get_or_add(folded, 0)
        if index is None:
            return wanted
        while True:
            candidate = wanted + letter_suffix(index)
            index += 1
            if self._taken.get_or_add(candidate.lower(), 0) is None:
                self._taken.set(folded, index)
                return candidate

    def claim_reported(self, wanted: str, from_source: bool, report: Report, file: str,
                       line: int, *, label: str) -> str:
        """:meth:`claim`, with a warning (OUT003) when the source's own identifier had to
        change; ``label`` names it in the message (``id``, ``ID``)."""
        given = self.claim(wanted)
        if from_source and given != wanted:
            report(Diagnostic(Severity.WARNING, "OUT003", f"{label} '{wanted}' was already used "
                              f"by an earlier record; this one is '{given}'", file, line))
        return given


# --- Cite-key patterns (BibTeX, BibLaTeX) --------------------------------------------------
#
# A pattern is literal text with fields in braces.  Literal text may hold only
# characters that are safe in a cite key everywhere (letters, digits and
# ``- _ : . + /``); fields are:
#
# ``{auth}`` / ``{Auth}``
#     first author's family name (else editor's, else any contributor's; else
#     the first title word), ASCII, lower case / capitalised.
# ``{authors}`` / ``{Authors}``
#     family names of the first two authors, joined (``smithjones``); three or
#     more authors give the first name and ``etal``.
# ``{year}``
#     the year of publication (empty when unknown).
# ``{title}`` / ``{Title}``
#     the first title word that is not a stop word.
# ``{shorttitleN}`` / ``{ShorttitleN}``
#     the first N (1-9) such words, joined (``ShorttitleN`` capitalises each).
#
# The default, ``{auth}{year}{title}``, gives ``troup2022clinician``.  A key that
# comes out empty becomes ``item``.

DEFAULT_KEY_PATTERN = "{auth}{year}{title}"

#: Words skipped when a key takes words from a title.
TITLE_STOP_WORDS = frozenset({
    "a", "an", "the", "of", "on", "in", "at", "to", "for", "and", "or", "nor", "but", "with",
    "without", "from", "by", "as", "is", "are", "was", "were", "be", "been", "into", "onto",
    "about", "above", "over", "under", "between", "among", "via", "vs", "versus", "toward",
    "towards", "upon", "within", "than", "this", "that", "these", "those", "its", "it", "do",
    "does", "how", "what", "when", "where", "which", "who", "why", "whether", "not", "no",
    "der", "die", "das", "ein", "eine", "und", "oder", "von", "zu", "mit", "fur", "im", "am",
    "le", "la", "les", "un", "une", "des", "du", "de", "et", "en", "el", "los", "las", "del",
    "y", "il", "lo", "gli", "della", "di", "e", "o",
})

_FIELD = re.compile(r"\{([^{}]*)\}")
_KEY_LITERAL = re.compile(r"[A-Za-z0-9_:.+/-]*")
_SHORTTITLE = re.compile(r"(?i)shorttitle([1-9])")
_WORD = re.compile(r"[A-Za-z0-9]+")
#: What a cite key may hold: ASCII letters, digits and a few marks that neither
#: BibTeX, biber nor LaTeX's ``\cite`` give a meaning to.
_VALID_KEY = re.compile(r"[A-Za-z0-9_:.+/-]+")


class KeyPatternError(ValueError):
    """A ``--key-pattern`` that cannot be used; the message says why."""


def is_valid_cite_key(key: str) -> bool:
    """Whether ``key`` can be used unchanged as a BibTeX/BibLaTeX cite key."""
    return bool(_VALID_KEY.fullmatch(key))


def title_words(title: str, limit: int | None = None) -> list[str]:
    """The ASCII-folded words of ``title`` that are not stop words, case kept; the first
    ``limit`` of them when it is given."""
    words = (w for w in _WORD.findall(fold_ascii(strip_rich_text(title)))
             if w.lower() not in TITLE_STOP_WORDS)
    return list(words if limit is None else islice(words, limit))


def _family_tokens(record: Record, limit: int) -> list[str]:
    """ASCII family names (case kept) of the first ``limit`` creators that have one: authors,
    else editors, else anyone.  (A key uses three at most: a record may have hundreds.)"""
    tokens: list[str] = []
    for name in key_creators(record):
        source = name.family or (name.literal.split() or [""])[0]
        token = "".join(_WORD.findall(fold_ascii(source)))
        if token:
            tokens.append(token)
            if len(tokens) == limit:
                break
    return tokens


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def _auth_field(record: Record, *, lower: bool) -> str:
    families = _family_tokens(record, 1)
    word = families[0] if families else next(iter(title_words(record.title, 1)), "")
    return word.lower() if lower else _capitalise(word)


def _authors_field(record: Record, *, lower: bool) -> str:
    families = _family_tokens(record, 3)  # a third means "etal"
    chosen = families[:2] if len(families) <= 2 else [families[0], "etal"]
    return "".join(f.lower() if lower else _capitalise(f) for f in chosen)


def _year_field(record: Record) -> str:
    year = record.issued.year if record.issued else None
    return str(year) if year is not None else ""


def _title_field(record: Record, *, count: int, lower: bool) -> str:
    words = title_words(record.title, count)
    return "".join(w.lower() if lower else _capitalise(w) for w in words)


def _literal_part(record: Record, *, text: str) -> str:
    return text


class KeyPattern:
    """A parsed cite-key pattern; :meth:`render` applies it to one record."""

    def __init__(self, pattern: str = DEFAULT_KEY_PATTERN) -> None:
        self.pattern = pattern
        #: One function a part, literal or field, each giving its text for a record: the
        #: pattern is read once here, not again for each record.
        self._parts: list[Callable[[Record], str]] = []
        position = 0
        has_field = False
        for match in _FIELD.finditer(pattern):
            self._literal(pattern[position:match.start()])
            self._parts.append(self._field(match.group(1)))
            has_field = True
            position = match.end()
        self._literal(pattern[position:])
        if not has_field:
            raise KeyPatternError(
                f"key pattern '{pattern}' has no field; use e.g. {DEFAULT_KEY_PATTERN}")

    def _literal(self, text: str) -> None:
        if not _KEY_LITERAL.fullmatch(text):
            raise KeyPatternError(
                f"key pattern '{self.pattern}': literal text '{text}' may only hold "
                "letters, digits and - _ : . + / (fields go in braces, e.g. {auth})")
        if text:
            self._parts.append(partial(_literal_part, text=text))

    def _field(self, field: str) -> Callable[[Record], str]:
        lower = field[0].islower()
        if field in ("auth", "Auth"):
            return partial(_auth_field, lower=lower)
        if field in ("authors", "Authors"):
            return partial(_authors_field, lower=lower)
        if field == "year":
            return _year_field
        if field in ("title", "Title"):
            return partial(_title_field, count=1, lower=lower)
        match = _SHORTTITLE.fullmatch(field)
        if match:
            return partial(_title_field, count=int(match.group(1)), lower=lower)
        raise KeyPatternError(
            f"key pattern '{self.pattern}': unknown field '{{{field}}}' (known: {{auth}} "
            "{Auth} {authors} {Authors} {year} {title} {Title} {shorttitleN} {ShorttitleN})")

    def render(self, record: Record) -> str:
        """The key this pattern gives ``record`` (before uniqueness suffixes); never empty."""
        return "".join([part(record) for part in self._parts]) or "item"
