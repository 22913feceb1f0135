"""CSL items -> citeproc-py references, with the data rules citeproc-py needs.

citeproc-py trusts its input: it drops ``raw`` dates and crashes on EDTF
strings, assumes every value is a string, lower-cases ids, parses unknown
name variables as strings, looks up hyphenated name variables
(``container-author``) under their underscored key only, and reads no rich
text but ``<span class="nocase">``.  :func:`prepare_item` turns any CSL-JSON
item into what it can render safely:

* dates: ``date-parts`` (integers; months 13-16 as seasons), or a parsed
  ``raw`` / ISO string, or a ``literal``; nothing else;
* strings only: numbers become text, lists give their first value, objects are
  dropped; whitespace (including line breaks) collapses to one space;
* names as citeproc-py ``Name`` objects under both spellings of their variable;
* rich text as formatting marks (:mod:`risx.csl.markup`), straight quotes and
  apostrophes as typographic ones, except in identifiers and URLs;
* a bare DOI (``https://doi.org/`` and ``doi:`` prefixes removed).

Ids are not touched here: the renderer gives each reference its own internal
key, so two ids differing only in case cannot collide.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import citeproc  # type: ignore[import-untyped]
from citeproc.source import Date as CiteprocDate  # type: ignore[import-untyped]
from citeproc.source import DateRange, LiteralDate
from citeproc.source import Name as CiteprocName
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from citeproc.string import MixedString, String  # type: ignore[import-untyped]

from risx.csl.markup import NOCASE_CLOSE, NOCASE_OPEN, drop_reserved, parse_rich_text
from risx.csl.reference import TrackedReference, variable_key
from risx.csl_item import date_number, decode_date_part

#: Fields taken verbatim: no rich text, no typographic quotes.
VERBATIM_FIELDS = frozenset({"DOI", "URL", "ISBN", "ISSN", "PMID", "PMCID", "call-number",
                             "language", "citation-key", "id"})
_IGNORED_FIELDS = frozenset({"id", "type", "year-suffix", "citation-number",
                             "first-reference-note-number", "key"})
_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix",
               "literal")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DATE = re.compile(r"^\s*(-?\d{1,4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")

# CiteProcJSON's parse_* helpers do not depend on the instance's data.
_PARSER = CiteProcJSON([])


@dataclass(frozen=True)
class PreparedItem:
    """A reference ready for citeproc-py, and the link targets its entry may print."""

    reference: TrackedReference
    links: tuple[str, ...]


def clean_text(value: str) -> str:
    """Control characters dropped, runs of ASCII whitespace (line breaks included) made one
    space.  No-break spaces are kept: the data put them there on purpose."""
    return _WHITESPACE.sub(" ", _CONTROL.sub("", drop_reserved(value))).strip()


_OPENING_CONTEXT = frozenset(" \t([{\u2014\u2013-/\u201c\u2018\u00a0\u202f")


def smart_quotes(text: str) -> str:
    """Straight quotes and apostrophes -> typographic ones (O'Connor -> O’Connor)."""
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        if char == "'":
            after = text[index + 1] if index + 1 < len(text) else " "
            opening = before in _OPENING_CONTEXT and after.isalnum()
            out.append("\u2018" if opening else "\u2019")
        elif char == '"':
            out.append("\u201c" if before in _OPENING_CONTEXT else "\u201d")
        else:
            out.append(char)
    return "".join(out)


_SINGLE_QUOTES = frozenset("'\u2018\u2019")
_DOUBLE_QUOTES = frozenset('"\u201c\u201d')
_QUOTE_MARKS = {0: ("\u201c", "\u201d"), 1: ("\u2018", "\u2019")}
_NOCASE_MASK = {NOCASE_OPEN: "\ue1f0", NOCASE_CLOSE: "\ue1f1"}


def quote_marks(text: str) -> str:
    """Quotation marks in a field value, as CSL processors set them.

    Paired straight quotes, single or double, are quotation marks: the outer
    pair is set as double quotes and a pair inside it as single ones
    ("Woolf's 'Flush'" gives Woolf’s “Flush”), the way citeproc-js treats
    quotes in titles; typographic quotes are kept as written (they count for
    the nesting).  An apostrophe (a single quote that pairs with nothing)
    becomes ’; an unpaired double quote stays as written.
    """
    if not (_SINGLE_QUOTES | _DOUBLE_QUOTES).intersection(text):
        return text
    for tag, mask in _NOCASE_MASK.items():
        text = text.replace(tag, mask)
    chars = list(text)
    stack: list[tuple[int, bool]] = []  # (position, is_double) of open quotes
    pairs: dict[int, int] = {}  # opening position -> closing position
    for index, char in enumerate(chars):
        double = char in _DOUBLE_QUOTES
        if not double and char not in _SINGLE_QUOTES:
            continue
        before = chars[index - 1] if index else " "
        after = chars[index + 1] if index + 1 < len(chars) else " "
        if not double and before.isalnum() and after.isalnum():
            continue  # an apostrophe inside a word
        can_open = (before in _OPENING_CONTEXT or before in "\ue1f0") and not after.isspace() \
            and char not in "\u2019\u201d"
        can_close = not before.isspace() and not after.isalnum() and char not in "\u2018\u201c"
        if can_close and stack and stack[-1][1] == double:
            pairs[stack.pop()[0]] = index
        elif can_close and any(d == double for _, d in stack):
            while stack and stack[-1][1] != double:
                stack.pop()
            pairs[stack.pop()[0]] = index
        elif can_open:
            stack.append((index, double))
    depth_of: dict[int, int] = {}
    open_positions: list[int] = []
    closes = {close: start for start, close in pairs.items()}
    for index in range(len(chars)):
        if index in pairs:
            depth_of[index] = depth_of[pairs[index]] = len(open_positions) % 2
            open_positions.append(index)
        elif index in closes:
            open_positions.remove(closes[index])
    for index, char in enumerate(chars):
        if index in depth_of and char in "'\"":  # typographic pairs stay as written
            partner = pairs.get(index, closes.get(index))
            if partner is not None and chars[partner] in "'\"\u201c\u201d\u2018\u2019":
                chars[index] = _QUOTE_MARKS[depth_of[index]][0 if index in pairs else 1]
        elif char == "'":
            chars[index] = "\u2019"
    text = "".join(chars)
    for tag, mask in _NOCASE_MASK.items():
        text = text.replace(mask, tag)
    return text


#: citeproc-js sets a narrow no-break space before ":;?!»" written with a space (French
#: typography, "types : Finnish"); an ordinary space there would let the line break.
_SPACED_PUNCTUATION = re.compile(r" ([:;?!\u00bb])")
#: A plain numeric range in a volume or issue ("2-3") is set with an en dash, as in pages.
_NUMERIC_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
RANGE_VARIABLES = frozenset({"volume", "issue", "collection-number", "number-of-volumes"})


def _string(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[0], (str, int, float)):
        return str(value[0])
    return None


def prepare_text(variable: str, value: str) -> Any:
    text = clean_text(value)
    if not text:
        return None
    if variable == "DOI":
        text = _DOI_PREFIX.sub("", text)
    if variable in VERBATIM_FIELDS:
        return MixedString([String(text)])
    if variable in RANGE_VARIABLES:
        text = _NUMERIC_RANGE.sub("\\1\u2013\\2", text)
    text = _SPACED_PUNCTUATION.sub("\u202f\\1", text).replace("\u00ab ", "\u00ab\u202f")
    return _PARSER.parse_string(quote_marks(parse_rich_text(text)))


def prepare_names(value: Any) -> list[Any]:
    names: list[Any] = []
    if not isinstance(value, list):
        return names
    for entry in value:
        if not isinstance(entry, Mapping):
            continue
        parts = {}
        for part in _NAME_PARTS:
            text = _string(entry.get(part))
            if text:
                text = smart_quotes(clean_text(text))
                if text:
                    parts[part] = text
        if "literal" in parts:
            names.append(CiteprocName(literal=parts["literal"]))
        elif parts.get("family") or parts.get("given"):
            names.append(CiteprocName(**parts))
    return names


def _date_part(parts: Any) -> dict[str, int] | None:
    """One ``date-parts`` entry as citeproc-py's date arguments (``year``, ``month``...)."""
    decoded = decode_date_part(parts)
    if decoded is None:
        return None
    numbers, season = decoded
    date = dict(zip(("year", "month", "day"), numbers, strict=False))
    if season is not None:
        date["season"] = season
    return date


def _parse_date_string(text: str) -> list[list[int]] | None:
    ranges = [t for t in re.split(r"\s*/\s*(?=\d{4})", text.strip()) if t]
    parsed: list[list[int]] = []
    for piece in ranges[:2]:
        match = _ISO_DATE.match(piece)
        if match is None:
            return None
        parsed.append([int(g) for g in match.groups() if g is not None])
    return parsed or None


def prepare_date(value: Any) -> Any:
    """A CSL date (object or string) -> citeproc-py Date / DateRange / LiteralDate."""
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, Mapping):
        return None
    raw_parts = value.get("date-parts")
    if not raw_parts and isinstance(value.get("raw"), str):
        raw_parts = _parse_date_string(value["raw"])
        if not raw_parts:
            literal = clean_text(value["raw"])
            return LiteralDate(literal) if literal else None
    dates = [d for d in (_date_part(p) for p in (raw_parts or [])[:2]) if d is not None]
    season = date_number(value.get("season"))
    circa = bool(value.get("circa"))
    if dates and season is not None and 1 <= season <= 4 and "month" not in dates[0]:
        dates[0]["season"] = season
    if len(dates) == 2 and dates[0] != dates[1]:
        return DateRange(begin=CiteprocDate(**dates[0]), end=CiteprocDate(**dates[1]),
                         circa=circa)
    if dates:
        return CiteprocDate(circa=circa, **dates[0])
    literal_text = _string(value.get("literal"))
    if literal_text and clean_text(literal_text):
        return LiteralDate(clean_text(literal_text), circa=circa)
    return None


def reference_key(variable: str) -> str:
    """The key a CSL-JSON variable has in a prepared reference (``shortTitle`` is the
    title's short form)."""
    return "title_short" if variable == "shortTitle" else variable_key(variable)


def prepare_item(item: Mapping[str, Any], key: str) -> PreparedItem:
    """One CSL item -> a reference under ``key`` (raises on data it cannot use at all)."""
    item_type: str = _string(item.get("type")) or "document"
    data: dict[str, Any] = {}
    name_variables = set(citeproc.NAMES)
    date_variables = set(citeproc.DATES)
    for variable, value in item.items():
        if variable in _IGNORED_FIELDS or not isinstance(variable, str):
            continue
        python_key = reference_key(variable)
        if python_key in name_variables:
            names = prepare_names(value)
            if names:
                data[python_key] = names
                if "_" in python_key:
                    # Names.process looks roles up by their CSL (hyphenated) name.
                    data[variable.replace("_", "-")] = names
        elif python_key in date_variables:
            date = prepare_date(value)
            if date is not None:
                data[python_key] = date
        else:
            text = _string(value)
            if text is None:
                continue
            prepared = (clean_text(text) or None) if variable == "language" \
                else prepare_text(variable, text)
            if prepared is not None:
                data[python_key] = prepared
    links = []
    doi = data.get("DOI")
    if doi is not None:
        links.append("https://doi.org/" + str(doi))
    url = data.get("URL")
    if url is not None:
        links.append(str(url))
    return PreparedItem(TrackedReference(key, item_type, data), tuple(links))
