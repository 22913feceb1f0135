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

#: Fields taken verbatim: no rich text, no typographic quotes.
VERBATIM_FIELDS = frozenset({"DOI", "URL", "ISBN", "ISSN", "PMID", "PMCID", "call-number",
                             "language", "citation-key", "id"})
_IGNORED_FIELDS = frozenset({"id", "type", "year-suffix", "citation-number",
                             "first-reference-note-number", "key"})
_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix",
               "literal")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
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
    return _WHITESPACE.sub(" ", _CONTROL.sub("", drop_reserved(value))).strip()


_OPENING_CONTEXT = frozenset(" \t([{\u2014\u2013-/\u201c\u2018")


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


def _quotes_outside_nocase_tags(text: str) -> str:
    if NOCASE_OPEN not in text:
        return smart_quotes(text)
    pieces = re.split(f"({re.escape(NOCASE_OPEN)}|{re.escape(NOCASE_CLOSE)})", text)
    return "".join(p if p in (NOCASE_OPEN, NOCASE_CLOSE) else smart_quotes(p) for p in pieces)


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
    return _PARSER.parse_string(_quotes_outside_nocase_tags(parse_rich_text(text)))


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


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _date_part(parts: Any) -> dict[str, int] | None:
    if not isinstance(parts, list) or not parts:
        return None
    year = _int(parts[0])
    if year is None or year == 0:
        return None
    date = {"year": year}
    month = _int(parts[1]) if len(parts) > 1 else None
    if month is not None and 13 <= month <= 16:
        date["season"] = month - 12
    elif month is not None and 1 <= month <= 12:
        date["month"] = month
        day = _int(parts[2]) if len(parts) > 2 else None
        if day is not None and 1 <= day <= 31:
            date["day"] = day
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
    season = _int(value.get("season")) if value.get("season") is not None else None
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


def prepare_item(item: Mapping[str, Any], key: str) -> PreparedItem:
    """One CSL item -> a reference under ``key`` (raises on data it cannot use at all)."""
    item_type: str = _string(item.get("type")) or "document"
    data: dict[str, Any] = {}
    name_variables = set(citeproc.NAMES)
    date_variables = set(citeproc.DATES)
    for variable, value in item.items():
        if variable in _IGNORED_FIELDS or not isinstance(variable, str):
            continue
        python_key = "title_short" if variable == "shortTitle" else variable_key(variable)
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
