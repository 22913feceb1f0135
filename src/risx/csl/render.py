"""Render a bibliography with citeproc-py, entry by entry, in a format-neutral form.

The steps, each isolated per item so one bad item costs one entry, never the list:

1. prepare every item (:mod:`risx.csl.prepare`) under an internal key;
2. compute the style's bibliography sort keys item by item and sort them with a
   collation key (:mod:`risx.csl.collate`);
3. assign year suffixes (2020a, 2020b, n.d.-a) in bibliography order to items
   with the same authors and year, when the style asks for them; citeproc-py
   has no disambiguation, but prints ``year-suffix`` when the data has one;
4. render each entry on its own, in neutral text (:mod:`risx.csl.markup`), and
   apply punctuation-in-quote.

Output formats are produced from the neutral text afterwards, so one
rendering serves text, HTML and Markdown, and all three have the same order
and the same suffixes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import citeproc  # type: ignore[import-untyped]
from citeproc import Citation, CitationItem
from citeproc.source import Date as CiteprocDate  # type: ignore[import-untyped]
from citeproc.source import DateRange, LiteralDate

from risx.csl import patches
from risx.csl.collate import sort_permutation
from risx.csl.markup import (
    BOLD_OFF,
    BOLD_ON,
    ITALIC_OFF,
    ITALIC_ON,
    MARK_CHARS,
    SMALLCAPS_OFF,
    SMALLCAPS_ON,
    SUB_OFF,
    SUB_ON,
    SUP_OFF,
    SUP_ON,
    OutputFormat,
    convert,
    strip_marks,
)
from risx.csl.prepare import PreparedItem, prepare_item
from risx.csl.reference import ReadFrame, TrackedReference
from risx.csl.style import LoadedStyle
from risx.transforms.keys import letter_suffix

patches.install_all()

_NAME_VARIABLES = frozenset(v.replace("_", "-") for v in citeproc.NAMES) | frozenset(
    citeproc.NAMES)


def _marker(on: str, off: str) -> Any:
    def wrap(text: Any) -> str:
        return on + str(text) + off
    return staticmethod(wrap)


def _unchanged(text: Any) -> Any:
    return text


class NeutralFormatter:
    """citeproc-py formatter that writes formatting marks instead of markup."""

    preformat = staticmethod(_unchanged)
    Italic = _marker(ITALIC_ON, ITALIC_OFF)
    Oblique = _marker(ITALIC_ON, ITALIC_OFF)
    Bold = _marker(BOLD_ON, BOLD_OFF)
    Light = staticmethod(_unchanged)
    Underline = staticmethod(_unchanged)
    Superscript = _marker(SUP_ON, SUP_OFF)
    Subscript = _marker(SUB_ON, SUB_OFF)
    SmallCaps = _marker(SMALLCAPS_ON, SMALLCAPS_OFF)


@dataclass(frozen=True)
class RenderedEntry:
    """One bibliography entry in neutral form, with the input position it came from."""

    index: int
    id: str
    neutral: str
    links: tuple[str, ...] = ()

    def to(self, fmt: OutputFormat) -> str:
        return convert(self.neutral, fmt, self.links)

    @property
    def text(self) -> str:
        return strip_marks(self.neutral)


@dataclass(frozen=True)
class EntryFailure:
    """An item that could not be rendered; ``index`` is its position in the input."""

    index: int
    id: str
    message: str


@dataclass
class Bibliography:
    entries: list[RenderedEntry] = field(default_factory=list)
    failures: list[EntryFailure] = field(default_factory=list)
    #: Input positions of items the style deliberately leaves out (APA: personal
    #: communications are cited in text only).
    omitted: list[int] = field(default_factory=list)


class _IndexedKeys(list[str]):
    """``keys.index(key)`` in constant time (citeproc-py's citation-number lookup)."""

    def __init__(self, keys: Iterable[str]) -> None:
        super().__init__(keys)
        self._positions = {key: i for i, key in enumerate(self)}

    def index(self, key: str, *args: Any) -> int:
        return self._positions[key]


class _Source:
    """What a citeproc-py CitationItem needs from its bibliography."""

    def __init__(self, source: dict[str, TrackedReference], keys: list[str]) -> None:
        self.source = source
        self.keys = _IndexedKeys(keys)
        self.formatter = NeutralFormatter


class _Cite(CitationItem):  # type: ignore[misc]
    """A CitationItem whose reference and bibliography are plain attributes.

    citeproc-py's are properties resolved through three dict lookups on every
    field access (a quarter of the rendering time); the instance attributes set
    in :func:`_cite` shadow them.
    """

    reference: Any = None
    bibliography: Any = None


def _cite(key: str, source: _Source) -> _Cite:
    cite = _Cite(key)
    citation = Citation([cite])
    citation.bibliography = source
    object.__setattr__(cite, "bibliography", source)
    object.__setattr__(cite, "reference", source.source[key])
    return cite


def _year_key(reference: TrackedReference) -> str:
    date = dict.get(reference, "issued")
    if isinstance(date, DateRange):
        end = date.get("end")
        return f"{date.begin.get('year')}-{end.get('year') if end is not None else ''}"
    if isinstance(date, CiteprocDate):
        return str(date.get("year"))
    if isinstance(date, LiteralDate):
        return "literal:" + str(date.text)
    status = dict.get(reference, "status")
    return "status:" + str(status) if status is not None else "nodate"


class CslRenderer:
    """Renders lists of CSL items with one loaded style."""

    def __init__(self, style: LoadedStyle) -> None:
        self.style = style
        bibliography = style.root.bibliography
        self._layout = bibliography.layout
        sort = bibliography.find("cs:sort", bibliography.nsmap)
        self._sort_keys = [] if sort is None else list(sort.findall("cs:key", sort.nsmap))
        self._descending = [k.get("sort", "ascending").lower() == "descending"
                            for k in self._sort_keys]
        self._quote_fix = _punctuation_in_quote(style) if style.punctuation_in_quote else None
        self._author_roles: dict[str, str | None] = {}
        self._leading_terms = _entry_start_terms(style)

    def render(self, items: Sequence[Mapping[str, Any]]) -> Bibliography:
        result = Bibliography()
        prepared: dict[str, tuple[int, str, PreparedItem]] = {}
        for index, item in enumerate(items):
            item_id = str(item.get("id", index + 1))
            key = f"r{index}"
            try:
                prepared[key] = (index, item_id, prepare_item(item, key))
            except Exception as error:
                result.failures.append(EntryFailure(index, item_id, _describe(error)))
        keys = list(prepared)
        source = _Source({k: p.reference for k, (_, _, p) in prepared.items()}, keys)
        self.style.root.formatter = NeutralFormatter
        cites = {key: _cite(key, source) for key in keys}

        rows: dict[str, list[str | None]] = {}
        for key in keys:
            try:
                rows[key] = self._sort_row(cites[key])
            except Exception as error:
                index, item_id, _ = prepared[key]
                result.failures.append(EntryFailure(index, item_id, _describe(error)))
        ordered = [k for k in keys if k in rows]
        permutation = sort_permutation([rows[k] for k in ordered], self._descending)
        ordered = [ordered[i] for i in permutation]
        if self.style.year_suffixes:
            self._assign_year_suffixes(ordered, rows, source)

        for key in ordered:
            index, item_id, entry = prepared[key]
            entry.reference.reset()
            try:
                output = self._layout.render_bibliography([cites[key]])
            except Exception as error:
                result.failures.append(EntryFailure(index, item_id, _describe(error)))
                continue
            text = str(output[0]).strip() if output else ""
            if not strip_marks(text).strip():
                result.omitted.append(index)
                continue
            if self._quote_fix is not None:
                text = self._quote_fix(text)
            text = capitalise_leading_term(text, self._leading_terms)
            result.entries.append(RenderedEntry(index, item_id, text, entry.links))
        result.failures.sort(key=lambda failure: failure.index)
        return result

    def _sort_row(self, cite: Any) -> list[str | None]:
        row: list[str | None] = []
        reference = cite.reference
        for position, sort_key in enumerate(self._sort_keys):
            reference.reset()
            self._layout.repressed = {}
            frame = ReadFrame()
            if position == 0:
                reference.frames.append(frame)
            value = sort_key.sort_keys([cite], self._layout)[0]
            row.append(None if value is None else strip_marks(str(value)))
            if position == 0:
                # The names the first key (the author) printed, for year suffixes.
                roles = [v for v in frame.names if v in _NAME_VARIABLES]
                self._author_roles[str(dict.get(reference, "key"))] = \
                    roles[0] if len(roles) == 1 else None
        reference.reset()
        return row

    def _assign_year_suffixes(self, ordered: list[str], rows: dict[str, list[str | None]],
                              source: _Source) -> None:
        groups: dict[tuple[object, str], list[str]] = {}
        for key in ordered:
            reference = source.source[key]
            role = self._author_roles.get(key)
            author: object = rows[key][0] if rows[key] else None
            if role is not None:
                author = in_text_names_key(dict.get(reference, role) or [])
            groups.setdefault((author, _year_key(reference)), []).append(key)
        for members in groups.values():
            if len(members) < 2:
                continue
            for position, key in enumerate(members):
                dict.__setitem__(source.source[key], "year_suffix",
                                 letter_suffix(position))


def in_text_names_key(names: Sequence[Any]) -> tuple[str, ...]:
    """What tells two author lists apart in an APA in-text citation.

    APA (``disambiguate-add-names``, ``disambiguate-add-givenname`` with
    ``primary-name-with-initials``) can show every family name and the initials
    of the first author, nothing more; works whose lists agree on those need
    2020a/2020b.  "Doe, J." and "Doe, J., Jr." agree (the suffix is not shown),
    and so do "Henry, P." and "Henry, P.-Y." in second place.
    """
    key: list[str] = []
    for position, name in enumerate(names):
        literal = name.get("literal")
        if literal:
            key.append(str(literal).casefold())
            continue
        family = " ".join(str(p) for p in (name.get("non-dropping-particle"),
                                            name.get("family")) if p)
        if position == 0:
            given = str(name.get("given") or "")
            family += "|" + (patches.initialize_given(given, ".") if given else "")
        key.append(family.casefold())
    return tuple(key)


def _entry_start_terms(style: LoadedStyle) -> tuple[str, ...]:
    """Lower-case terms that can open an entry when an item has no author or title."""
    found: set[str] = set()
    for name in ("no date", "in press", "forthcoming"):
        for form in (None, "short"):
            text = style.term(name, form)
            if text[:1].islower():
                found.add(text)
    return tuple(sorted(found, key=len, reverse=True))


_LEADING = frozenset("([\u201c\u2018") | MARK_CHARS


def capitalise_leading_term(text: str, terms: Sequence[str]) -> str:
    """"(n.d.-a)." -> "(N.d.-a).": a term that opens an entry is capitalised, as citeproc-js
    does for an item with neither author nor title."""
    start = 0
    while start < len(text) and text[start] in _LEADING:
        start += 1
    for term in terms:
        if text.startswith(term, start):
            return text[:start] + term[0].upper() + text[start + 1:]
    return text


def _describe(error: Exception) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _punctuation_in_quote(style: LoadedStyle) -> Any:
    quotes = [q for q in (style.term("close-quote"), style.term("close-inner-quote")) if q]
    if not quotes:
        return None
    marks = "".join(sorted(MARK_CHARS))
    pattern = re.compile(
        "(" + "|".join(re.escape(q) for q in quotes) + ")([" + marks + "]*)([.,])")

    def fix(text: str) -> str:
        def move(match: re.Match[str]) -> str:
            before = text[match.start() - 1] if match.start() else ""
            punctuation = "" if before in ".?!," else match.group(3)
            return punctuation + match.group(1) + match.group(2)
        return pattern.sub(move, text)
    return fix
