"""Render a bibliography with citeproc-py, entry by entry, in a format-neutral form.

The steps, each isolated per item so one bad item costs one entry, never the list:

1. per item: prepare it (:mod:`risx.csl.prepare`) under an internal key, and
   compute the style's bibliography sort keys for it;
2. for the whole list: sort the items with a collation key
   (:mod:`risx.csl.collate`), and assign year suffixes (2020a, 2020b, n.d.-a) in
   bibliography order to items with the same authors and year, when the style
   asks for them; citeproc-py has no disambiguation, but prints
   ``year-suffix`` when the data has one;
3. per item: render its entry on its own, in neutral text
   (:mod:`risx.csl.markup`), and apply punctuation-in-quote.

Steps 1 and 3 look at one item each, so they can run in worker processes
(:mod:`risx.csl.workers`); step 2 is cheap and stays in this process.

Output formats are produced from the neutral text afterwards, so one
rendering serves text, HTML and Markdown, and all three have the same order
and the same suffixes.

What goes in and what comes out (the seam a reference-list writer, and the APA
rule layer of issue 17, build on):

* **items**: CSL-JSON mappings, as ``record_to_csl`` makes them.  A rule layer
  (``risx/apa/``) changes copies of them before they reach :meth:`CslRenderer.render`;
  the renderer reads the items and never changes them, and knows nothing of records,
  rules or writer options.  Everything citeproc-py needs (its references, the patches)
  is made here, from the items alone.
* **style**: a :class:`~risx.csl.style.LoadedStyle`.  A profile that renders with a
  derived style names a style :func:`~risx.csl.style.load_style` can load (the worker
  processes load it again by that name and locale); the bibliography's layout options
  are the style's properties (``hanging_indent``, ``line_spacing``), so that no writer
  reads citeproc-py's elements.
* **out**: a :class:`Bibliography` of neutral entries, failures and omitted items,
  each by its position in the input, so that the caller maps them back to its records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import citeproc  # type: ignore[import-untyped]
from citeproc import Citation, CitationItem
from citeproc.source import Date as CiteprocDate  # type: ignore[import-untyped]
from citeproc.source import DateRange, LiteralDate

from risx.csl import engine, rules
from risx.csl.collate import compare_rows, sort_permutation
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
from risx.csl.prepare import PreparedItem, prepare_item, reference_key
from risx.csl.reference import ReadFrame, TrackedReference
from risx.csl.style import LoadedStyle
from risx.transforms.keys import letter_suffix


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
    #: Worker processes that rendered the entries (0: this process did).
    workers: int = 0

    def add(self, outcome: RenderedEntry | EntryFailure | int) -> None:
        """One entry's outcome, in bibliography order: an entry, a failure, or an omitted input position."""
        if isinstance(outcome, RenderedEntry):
            self.entries.append(outcome)
        elif isinstance(outcome, EntryFailure):
            self.failures.append(outcome)
        else:
            self.omitted.append(outcome)


@dataclass(frozen=True)
class PreparedEntry:
    """An input item turned into a citeproc-py reference."""

    index: int
    id: str
    prepared: PreparedItem


@dataclass(frozen=True)
class SortInfo:
    """What ordering the list needs from one item: its sort keys, and its year-suffix group.

    Each is worked out from one item alone (so in any process); the order and the
    suffixes, which need every item, are decided from them in one place
    (:meth:`CslRenderer.place`).
    """

    index: int
    id: str
    #: The item's sort keys as text; ``None`` when they could not be computed.
    row: tuple[str | None, ...] | None
    #: Who an in-text citation names, for grouping 2020a/2020b (see :func:`in_text_names_key`).
    author: object = None
    #: The year (or range, literal date, status, "nodate") the group shares.
    year: str = ""
    #: Why the sort keys could not be computed.
    failure: str | None = None


@dataclass(frozen=True)
class Placement:
    """What one entry needs to know about the whole list before it is rendered.

    Rendering an entry reads nothing else from the other items: citeproc-py's
    bibliography object matters only through the item's ``citation-number`` (its
    position in the list of keys) and the year suffix risx computes.  So these
    two values, with the item, are all a worker process needs to render the
    entry exactly as this process would.
    """

    index: int
    id: str
    #: 0-based position among the items that could be prepared, in input order
    #: (citeproc-py's ``citation-number`` is this plus one).
    position: int
    #: "a", "b", ... when the style adds year suffixes and the item shares author and year.
    year_suffix: str | None = None


class _KeyPositions:
    """The part of citeproc-py's list of keys that rendering an entry reads.

    ``keys.index(key)`` gives the citation number (minus one) and ``key in keys``
    whether the item is known; one entry at a time needs only its own key.
    """

    def __init__(self, positions: dict[str, int]) -> None:
        self._positions = positions

    def index(self, key: str, *args: Any) -> int:
        return self._positions[key]

    def __contains__(self, key: object) -> bool:
        return key in self._positions


class _Source:
    """What a citeproc-py CitationItem needs from its bibliography."""

    def __init__(self, source: dict[str, TrackedReference], positions: dict[str, int]) -> None:
        self.source = source
        self.keys = _KeyPositions(positions)
        self.formatter = NeutralFormatter


class _Cite(CitationItem):  # type: ignore[misc]
    """A CitationItem whose reference and bibliography are plain attributes.

    citeproc-py's are properties resolved through three dict lookups on every
    field access (see ``benchmarks/README.md`` for what that cost); the instance
    attributes set in :func:`_cite` shadow them.
    """

    reference: Any = None
    bibliography: Any = None


def _cite(reference: TrackedReference, position: int | None) -> _Cite:
    """A citation item for one reference, alone in its bibliography.

    ``position`` is its citation number minus one; ``None`` when it is not known
    yet, and then a style that reads ``citation-number`` fails on this item.
    """
    key = str(dict.get(reference, "key"))
    source = _Source({key: reference}, {} if position is None else {key: position})
    cite = _Cite(key)
    citation = Citation([cite])
    citation.bibliography = source
    object.__setattr__(cite, "bibliography", source)
    object.__setattr__(cite, "reference", reference)
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


#: Sort keys computed for every item (see :attr:`CslRenderer.leading_sort_keys`).
LEADING_SORT_KEYS = 4


#: Every sort key of some items, given with their positions (citation number minus one),
#: in the same order: how :meth:`CslRenderer.place` breaks the leading keys' ties.
CompleteSortKeys = Callable[[Sequence[tuple["SortInfo", int]]], list["SortInfo"]]


class CslRenderer:
    """Renders lists of CSL items with one loaded style.

    The work is in three steps.  Per item, independent of the others: prepare it
    and compute its sort keys (:meth:`sort_info`).  For the whole list: sort, and
    assign year suffixes (:meth:`place`).  Per item again: render its entry
    (:meth:`render_entry`).  The per-item steps may run in worker processes
    (:mod:`risx.csl.workers`); the result is the same.
    """

    def __init__(self, style: LoadedStyle) -> None:
        engine.install()
        self.style = style
        #: Name variables in both spellings (``container-author``, ``container_author``),
        #: as citeproc-py knows them once the patches are in.
        self._name_variables = frozenset(
            v.replace("_", "-") for v in citeproc.NAMES) | frozenset(citeproc.NAMES)
        bibliography = style.root.bibliography
        self._layout = bibliography.layout
        sort = bibliography.find("cs:sort", bibliography.nsmap)
        self._sort_keys = [] if sort is None else list(sort.findall("cs:key", sort.nsmap))
        self._descending = [k.get("sort", "ascending").lower() == "descending"
                            for k in self._sort_keys]
        #: How many sort keys step 1 computes for every item; the rest only decide between
        #: items those keys leave equal, and are computed for those items alone
        #: (:meth:`place`).  APA's later keys (title, volume... archive) cost a good part
        #: of its sort keys' time, and few items share author, date group and date.
        self.leading_sort_keys = min(len(self._sort_keys), LEADING_SORT_KEYS)
        self._quote_fix = _punctuation_in_quote(style) if style.punctuation_in_quote else None
        self._leading_terms = _entry_start_terms(style)
        #: The variables rendering can read (:attr:`LoadedStyle.variables`); items are
        #: trimmed to these on the way in.  ``None`` keeps every variable.
        self.variables: frozenset[str] | None = style.variables
        #: Whether computing the sort keys needs the citation numbers, which only the
        #: whole list gives (numeric styles that sort by ``citation-number``).
        self.sort_reads_citation_number = any(
            _reads_citation_number(style, key) for key in self._sort_keys)
        #: Whether an entry's text can show its citation number.  When it cannot, an entry
        #: without a year suffix reads nothing from the whole list, and a worker can render
        #: it in step 1 already (see :mod:`risx.csl.workers`).
        self.entry_reads_citation_number = _reads_citation_number(style, self._layout)

    def render(self, items: Iterable[Mapping[str, Any]]) -> Bibliography:
        """The bibliography of ``items`` (read once, in order), in this process
        (:func:`risx.csl.workers.render_in_workers` renders it with workers)."""
        engine.install()  # again: a host program may have taken the patches out since
        entries, infos = self.prepare_and_sort(map(self.trimmed, items))

        def complete(tied: Sequence[tuple[SortInfo, int]]) -> list[SortInfo]:
            return [self.sort_info(entries[info.index], position, every_key=True)
                    for info, position in tied]

        placements, result = self.place(infos, complete)
        for placement in placements:
            result.add(self.render_entry(placement, entries[placement.index]))
        result.failures.sort(key=lambda failure: failure.index)
        return result

    def trimmed(self, item: Mapping[str, Any]) -> Mapping[str, Any]:
        """The item without the variables the style never reads (an abstract, keywords):
        what is left is all its entry can show, and less to keep, send and prepare."""
        read = self.variables
        if read is None:
            return item
        return {variable: value for variable, value in item.items()
                if isinstance(variable, str) and reference_key(variable) in read}

    def prepare_and_sort(self, items: Iterable[Mapping[str, Any]],
                         ) -> tuple[dict[int, PreparedEntry], list[SortInfo | EntryFailure]]:
        """Step 1 for every item, in this process: the prepared items by input position,
        and each item's outcome in input order."""
        entries: dict[int, PreparedEntry] = {}
        infos: list[SortInfo | EntryFailure] = []
        for index, item in enumerate(items):
            entry = self.prepare(index, item)
            if isinstance(entry, EntryFailure):
                infos.append(entry)
                continue
            infos.append(self.sort_info(entry, len(entries)))
            entries[index] = entry
        return entries, infos

    def prepare(self, index: int, item: Mapping[str, Any]) -> PreparedEntry | EntryFailure:
        """The item at input position ``index`` as a reference (step 1)."""
        item_id = str(item.get("id", index + 1))
        try:
            return PreparedEntry(index, item_id, prepare_item(item, f"r{index}"))
        except Exception as error:
            return EntryFailure(index, item_id, _describe(error))

    def sort_info(self, entry: PreparedEntry, position: int | None, *,
                  every_key: bool = False) -> SortInfo:
        """An item's sort keys and year-suffix group (step 1): its
        :attr:`leading_sort_keys`, or with ``every_key`` all of them.

        ``position`` is the item's citation number minus one, needed only when
        :attr:`sort_reads_citation_number`.
        """
        reference = entry.prepared.reference
        self.style.root.formatter = NeutralFormatter
        keys = self._sort_keys if every_key else self._sort_keys[:self.leading_sort_keys]
        try:
            row, author_role = self._sort_row(_cite(reference, position), keys)
        except Exception as error:
            return SortInfo(entry.index, entry.id, None, failure=_describe(error))
        author: object = row[0] if row else None
        if author_role is not None:
            author = in_text_names_key(dict.get(reference, author_role) or [])
        return SortInfo(entry.index, entry.id, tuple(row), author, _year_key(reference))

    def place(self, infos: Sequence[SortInfo | EntryFailure], complete: CompleteSortKeys,
              ) -> tuple[list[Placement], Bibliography]:
        """Bibliography order and year suffixes for all items (step 2), from step 1's
        outcomes in input order; the failures so far are in the returned bibliography.

        ``complete`` gives every sort key of the items the leading keys leave equal, with
        their positions (see :meth:`sort_info`)."""
        result = Bibliography()
        positions: dict[int, int] = {}
        sortable: list[SortInfo] = []
        for info in infos:
            if isinstance(info, EntryFailure):
                result.failures.append(info)
                continue
            positions[info.index] = len(positions)
            if info.row is None:
                result.failures.append(EntryFailure(info.index, info.id, info.failure or ""))
            else:
                sortable.append(info)
        permutation = sort_permutation([info.row or () for info in sortable], self._descending)
        ordered = [sortable[i] for i in permutation]
        if self.leading_sort_keys < len(self._sort_keys):
            ordered = self._break_ties(ordered, positions, complete, result)
        suffixes = _year_suffixes(ordered) if self.style.year_suffixes else {}
        placements = [Placement(info.index, info.id, positions[info.index],
                                suffixes.get(info.index)) for info in ordered]
        return placements, result

    def render_entry(self, placement: Placement,
                     entry: PreparedEntry) -> RenderedEntry | EntryFailure | int:
        """One entry in neutral text (step 3); its input position when the style prints
        nothing for it."""
        reference = entry.prepared.reference
        if placement.year_suffix is not None:
            dict.__setitem__(reference, "year_suffix", placement.year_suffix)
        reference.reset()
        self.style.root.formatter = NeutralFormatter
        try:
            output = self._layout.render_bibliography([_cite(reference, placement.position)])
        except Exception as error:
            return EntryFailure(entry.index, entry.id, _describe(error))
        text = str(output[0]).strip() if output else ""
        if not strip_marks(text).strip():
            return entry.index
        if self._quote_fix is not None:
            text = self._quote_fix(text)
        text = capitalise_leading_term(text, self._leading_terms)
        return RenderedEntry(entry.index, entry.id, text, entry.prepared.links)

    def _break_ties(self, ordered: list[SortInfo], positions: Mapping[int, int],
                    complete: CompleteSortKeys, result: Bibliography) -> list[SortInfo]:
        """``ordered`` (sorted by the leading keys) sorted by every key: each run of items
        the leading keys leave equal is sorted again, stably, by all of them.  Equal keys
        are equal wherever they sit, so this is the order sorting by every key gives.  An
        item whose later keys fail becomes a failure, as in step 1."""
        runs: list[list[SortInfo]] = []
        for info in ordered:
            if runs and compare_rows(runs[-1][-1].row or (), info.row or (),
                                     self._descending) == 0:
                runs[-1].append(info)
            else:
                runs.append([info])
        tied = [info for run in runs if len(run) > 1 for info in run]
        if not tied:
            return ordered
        full = {info.index: info for info in complete([(i, positions[i.index]) for i in tied])}
        out: list[SortInfo] = []
        for run in runs:
            if len(run) == 1:
                out.extend(run)
                continue
            ok = []
            for info in (full[i.index] for i in run):
                if info.row is None:
                    result.failures.append(EntryFailure(info.index, info.id, info.failure or ""))
                else:
                    ok.append(info)
            out.extend(ok[k] for k in sort_permutation([i.row or () for i in ok],
                                                       self._descending))
        return out

    def _sort_row(self, cite: Any, keys: Sequence[Any]) -> tuple[list[str | None], str | None]:
        """The text of ``keys`` (the first ones of the style's sort), and the one name
        variable the first key (the author) printed, if it printed exactly one."""
        row: list[str | None] = []
        author_role = None
        reference = cite.reference
        for position, sort_key in enumerate(keys):
            reference.reset()
            self._layout.repressed = {}
            frame = ReadFrame()
            if position == 0:
                reference.frames.append(frame)
            value = sort_key.sort_keys([cite], self._layout)[0]
            row.append(None if value is None else strip_marks(str(value)))
            if position == 0:
                roles = [v for v in frame.names if v in self._name_variables]
                author_role = roles[0] if len(roles) == 1 else None
        reference.reset()
        return row, author_role


def _year_suffixes(ordered: Sequence[SortInfo]) -> dict[int, str]:
    """"a", "b", ... by input position, in bibliography order, for items sharing author and year."""
    groups: dict[tuple[object, str], list[int]] = {}
    for info in ordered:
        groups.setdefault((info.author, info.year), []).append(info.index)
    suffixes: dict[int, str] = {}
    for members in groups.values():
        if len(members) > 1:
            for position, index in enumerate(members):
                suffixes[index] = letter_suffix(position)
    return suffixes


def _reads_citation_number(style: LoadedStyle, element: Any,
                           macros: dict[str, bool] | None = None) -> bool:
    """Whether rendering ``element`` (a sort key, a macro, the layout) can read
    ``citation-number``.  ``macros`` remembers the answer for each macro already looked at:
    APA's layout reaches the same macros along thousands of paths."""
    macros = {} if macros is None else macros
    for node in element.iter():
        if not isinstance(node.tag, str):  # a comment
            continue
        if "citation-number" in str(node.get("variable") or "").split():
            return True
        name = node.get("macro")
        if not name:
            continue
        name = str(name)
        if name not in macros:
            macros[name] = False  # a macro that calls itself adds nothing new
            macro = style.macro(name)
            macros[name] = macro is not None and _reads_citation_number(style, macro, macros)
        if macros[name]:
            return True
    return False


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
            family += "|" + (rules.initialize_given(given, ".") if given else "")
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
