"""Fixes to citeproc-py 0.11.1, applied from outside, one small named patch per defect.

Why patches and not a vendored fork: the defects sit in about fifteen
functions spread over citeproc-py's 1,600-line ``model.py``.  A fork would
mean carrying (and re-licensing) that code inside risx; patching keeps
citeproc-py an ordinary pinned dependency and keeps every line here our own.
Each patch replaces or wraps one function, names the defect it fixes (see
``citeproc-py-apa.md`` in the team notes, "Root causes"), and can be turned off
in a test with :func:`disabled` to show that the defect comes back.

The patches were written against citeproc-py 0.11.1 and read its internals,
so importing this module with any other version fails at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import citeproc  # type: ignore[import-untyped]
import citeproc.model as cm  # type: ignore[import-untyped]
import citeproc.string as cs  # type: ignore[import-untyped]
from citeproc.source import Name as CiteprocName  # type: ignore[import-untyped]
from citeproc.source import VariableError

from risx.csl.collate import sort_permutation
from risx.csl.markup import MARK_CHARS
from risx.csl.reference import ReadFrame, TrackedReference

PINNED_CITEPROC_VERSION = "0.11.1"

if citeproc.__version__ != PINNED_CITEPROC_VERSION:  # pragma: no cover - depends on install
    raise ImportError(
        f"risx.csl patches citeproc-py {PINNED_CITEPROC_VERSION}, but citeproc-py "
        f"{citeproc.__version__} is installed; install citeproc-py=={PINNED_CITEPROC_VERSION}")

Undo = Callable[[], None]


@dataclass
class Patch:
    """One fix: ``apply`` changes citeproc-py and returns a function that undoes the change."""

    name: str
    defect: str
    apply: Callable[[], Undo]
    undo: Undo | None = None

    @property
    def installed(self) -> bool:
        return self.undo is not None

    def install(self) -> None:
        if self.undo is None:
            self.undo = self.apply()

    def uninstall(self) -> None:
        if self.undo is not None:
            self.undo()
            self.undo = None


def _replace(owner: Any, attribute: str, replacement: Any) -> Undo:
    original = owner.__dict__[attribute] if attribute in vars(owner) else getattr(owner, attribute)
    had_own = attribute in vars(owner)
    setattr(owner, attribute, replacement)

    def undo() -> None:
        if had_own:
            setattr(owner, attribute, original)
        else:
            delattr(owner, attribute)
    return undo


def _chain(*undos: Undo) -> Undo:
    def undo() -> None:
        for step in reversed(undos):
            step()
    return undo


def _tracked(item: Any) -> TrackedReference | None:
    try:
        reference = item.reference
    except Exception:  # not a citation item (a date, a locale element ...)
        return None
    return reference if isinstance(reference, TrackedReference) else None


# --- 1. CSL 1.0.2 variables -------------------------------------------------------------

#: Name variables of CSL 1.0.2 missing from ``citeproc.NAMES`` (citeproc-py spelling).
NEW_NAME_VARIABLES = (
    "chair", "compiler", "contributor", "curator", "director", "editor_translator",
    "executive_producer", "guest", "host", "narrator", "organizer", "original_author",
    "performer", "producer", "recipient", "reviewed_author", "script_writer",
    "series_creator", "translator", "interviewer", "illustrator", "composer",
    "collection_editor", "container_author", "editorial_director",
)
NEW_DATE_VARIABLES = ("available_date", "event_date", "original_date", "submitted", "accessed")
NEW_STANDARD_VARIABLES = (
    "archive_collection", "archive_place", "authority", "chapter_number", "citation_key",
    "container_title_short", "division", "event_title", "genre", "part_number", "part_title",
    "printing_number", "publisher_place", "reviewed_genre", "reviewed_title",
    "supplement_number", "volume_title", "volume_title_short", "title_short", "DOI", "PMCID",
    "PMID", "ISBN", "ISSN", "URL", "number",
)


def _apply_csl102_variables() -> Undo:
    lists = (citeproc.NAMES, citeproc.DATES, citeproc.VARIABLES)
    saved = [list(values) for values in lists]
    # The lists are shared objects (citeproc.model and citeproc.source.json import them
    # by reference), so extending them in place reaches every reader.
    for values, extra in ((citeproc.NAMES, NEW_NAME_VARIABLES),
                          (citeproc.DATES, NEW_DATE_VARIABLES)):
        values.extend(v for v in extra if v not in values)
    citeproc.VARIABLES.extend(v for v in (*NEW_NAME_VARIABLES, *NEW_DATE_VARIABLES,
                                          *NEW_STANDARD_VARIABLES)
                              if v not in citeproc.VARIABLES)

    def undo() -> None:
        for values, old in zip(lists, saved, strict=True):
            values[:] = old
    return undo


# --- 2. Date ranges ---------------------------------------------------------------------

_DATE_RANK = {"day": 1, "month": 2, "year": 3}


def _date_value(date: Any, part: str) -> Any:
    if part == "month":
        return date.get("month", date.get("season"))
    return date.get(part)


def _render_date_part(date_element: Any, part: Any, date: Any, context: Any) -> str | None:
    try:
        if context is None or context is date_element:
            text = part.render(date)
        else:
            text = part.render(date, context)
    except VariableError:
        return None
    return None if text is None else str(text)


def render_date_range(self: Any, date_range: Any, show_parts: list[str] | None = None,
                      context: Any = None) -> Any:
    """A date range after CSL 1.0.2: the largest differing part decides what repeats.

    "May 23–26, 2019", "January–May 2021", "2015–2021": the parts at or below the
    largest differing one are written for both ends, joined by that part's
    ``range-delimiter`` (an en dash by default); the others are written once.
    """
    shown = list(show_parts or ["year", "month", "day"])
    begin, end = date_range.begin, date_range.get("end")
    if end is None or end.is_nil():
        return self.render_single_date(begin, shown, context)
    differing = [p for p in shown if _date_value(begin, p) != _date_value(end, p)]
    if not differing:
        return self.render_single_date(begin, shown, context)
    top = max(differing, key=_DATE_RANK.__getitem__)
    ranged = {p for p in shown if _DATE_RANK[p] <= _DATE_RANK[top]}
    children = [c for c in self.iterchildren() if c.get("name") in shown]
    in_range = [i for i, c in enumerate(children) if c.get("name") in ranged]
    if not in_range:
        return self.render_single_date(begin, shown, context)
    first, last = in_range[0], in_range[-1]

    def rendered(parts: list[Any], date: Any) -> list[tuple[Any, str]]:
        out = []
        for part in parts:
            text = _render_date_part(self, part, date, context)
            if text:
                out.append((part, text))
        return out

    before = rendered(children[:first], begin)
    after = rendered(children[last + 1:], begin)
    begin_span = rendered(children[first:last + 1], begin)
    end_span = rendered(children[first:last + 1], end)
    if not begin_span or not end_span:
        return self.render_single_date(begin, shown, context)
    part, text = begin_span[-1]
    suffix = part.get("suffix", "")
    if suffix and text.endswith(suffix):
        begin_span[-1] = (part, text[: len(text) - len(suffix)])
    part, text = end_span[0]
    prefix = part.get("prefix", "")
    if prefix and text.startswith(prefix):
        end_span[0] = (part, text[len(prefix):])
    top_part = next((c for c in children if c.get("name") == top), None)
    delimiter = (top_part.get("range-delimiter") if top_part is not None else None) or "\u2013"
    style_context = context if (context is not None and self.is_locale_date()) else self
    join = style_context.join
    span = (join([t for _, t in begin_span]) + delimiter + join([t for _, t in end_span]))
    return join([t for _, t in before] + [span] + [t for _, t in after])


def _apply_date_range() -> Undo:
    original_process = cm.Date.process

    def process(self: Any, item: Any, variable: Any = None, show_parts: Any = None,
                context: Any = None, **kwargs: Any) -> Any:
        # A date reached through <text macro> receives that cs:text as its context;
        # only a cs:date (the style date of a localized form) is a valid one.
        if context is not None and not isinstance(context, cm.Date):
            context = None
        return original_process(self, item, variable, show_parts, context, **kwargs)

    return _chain(_replace(cm.Date, "render_date_range", render_date_range),
                  _replace(cm.Date, "process", process))


# --- 3. Substitution suppresses what it printed ------------------------------------------

def _substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    reference = _tracked(item)
    for child in self.getchildren():
        frame = ReadFrame()
        if reference is not None:
            reference.frames.append(frame)
        try:
            if isinstance(child, cm.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except VariableError:
            continue
        finally:
            if reference is not None:
                reference.frames.remove(frame)
        if text:
            self.add_to_repressed_list(child, context)
            if reference is not None:
                reference.hide(frame.names)
            return text
    return None


def _apply_substitute() -> Undo:
    return _replace(cm.Substitute, "render", _substitute_render)


# --- 4. Group suppression decided by what rendered ----------------------------------------

def _group_process(original: Callable[..., Any]) -> Callable[..., Any]:
    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        reference = _tracked(item)
        if reference is None:
            return original(self, item, context=context, **kwargs)
        frame = ReadFrame()
        reference.frames.append(frame)
        output = []
        delimiter = self.get("delimiter", "")
        try:
            for child, is_choose in _children(self):
                try:
                    if is_choose:
                        text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                if text is not None:
                    output.append(text)
        finally:
            reference.frames.remove(frame)
        # CSL: a group is suppressed when it calls at least one variable and every
        # variable it called was empty; terms and values alone do not keep it.
        if output and (frame.called == 0 or frame.found > 0):
            if frame.found == 0:
                # A nested group that printed (terms only: "(n.d.)") is content for the
                # groups around it, as in citeproc-js: an item with no author, title or
                # date still gets "(n.d.)" rather than an empty entry.
                for outer in reference.frames:
                    outer.found += 1
            return self.join(output)
        raise VariableError
    return process


def _quiet(original: Callable[..., Any]) -> Callable[..., Any]:
    """Reads made to test a condition are not variable calls, and see substituted
    variables (CSL hides those from rendering only: ``if variable="editor"`` still
    holds after the editors stood in for a missing author)."""
    def wrapper(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        reference = _tracked(item)
        if reference is None:
            return original(self, item, *args, **kwargs)
        object.__setattr__(reference, "quiet", reference.quiet + 1)
        try:
            return original(self, item, *args, **kwargs)
        finally:
            object.__setattr__(reference, "quiet", reference.quiet - 1)
    return wrapper


def _names_counts_roles(original: Callable[..., Any]) -> Callable[..., Any]:
    def process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        reference = _tracked(item)
        if reference is not None and reference.frames:
            for role in (self.get("variable") or "").split():
                reference.note_call(role, role in reference)
        return original(self, item, *args, **kwargs)
    return process


def _apply_dynamic_group() -> Undo:
    return _chain(
        _replace(cm.Group, "process", _group_process(cm.Group.process)),
        _replace(cm.Names, "process", _names_counts_roles(cm.Names.process)),
    )


def _apply_condition_reads() -> Undo:
    return _chain(
        *(_replace(cm.If, name, _quiet(getattr(cm.If, name)))
          for name in ("_variable", "_is_numeric", "_is_uncertain_date")),
        _replace(cm.Label, "_is_plural", _quiet(cm.Label._is_plural)),
    )


# --- 5. text-case on labels, date parts and name parts ------------------------------------

#: Which text-case fixes are on.  Both live in one replacement of ``TextCased.case``
#: (installed once, idempotently) so that either can be turned off alone in a test.
_TEXT_CASE_FIXES = {"label-text-case": False, "title-case": False}
_STOCK_CASE = cm.TextCased.case


def _case(self: Any, text: Any, language: str | None = None) -> Any:
    if language is None and _TEXT_CASE_FIXES["label-text-case"]:
        # Only cs:text passes the item language; labels, date parts and name parts
        # pass none, and stock citeproc-py then skips title case ("(eds.)").
        language = "en"
    if _TEXT_CASE_FIXES["title-case"] and language == "en" and self.get("text-case") == "title":
        return _title_case_text(text)
    return _STOCK_CASE(self, text, language)


def _text_case_fix(name: str) -> Callable[[], Undo]:
    def apply() -> Undo:
        cm.TextCased.case = _case
        _TEXT_CASE_FIXES[name] = True

        def undo() -> None:
            _TEXT_CASE_FIXES[name] = False
            if not any(_TEXT_CASE_FIXES.values()):
                cm.TextCased.case = _STOCK_CASE
        return undo
    return apply


# --- 6. Term form fallback ----------------------------------------------------------------

#: CSL: verb-short -> verb -> long; symbol -> short -> long; short -> long.
TERM_FORM_FALLBACK: dict[str, str | None] = {"verb-short": "verb", "verb": None,
                                             "symbol": "short", "short": None}


def _apply_term_fallback() -> Undo:
    original = cm.CitationStylesElement.get_term

    def get_term(self: Any, name: str, form: str | None = None, fallback_locale: bool = True,
                 zero_padded: bool = False) -> Any:
        term = original(self, name, form, fallback_locale, zero_padded)
        while term is None and form is not None:
            form = TERM_FORM_FALLBACK.get(form)
            term = original(self, name, form, fallback_locale, zero_padded)
        return term
    return _replace(cm.CitationStylesElement, "get_term", get_term)


# --- 7. page-range-format="expanded" ------------------------------------------------------

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")


def expand_last_page(first: str, last: str) -> str:
    """"1234", "45" -> "1245"; "S12", "5" -> "S15"; anything else unchanged."""
    first_match = _TRAILING_DIGITS.match(first)
    if first_match is None or not last.isdigit():
        return last
    digits = first_match.group(2)
    if len(last) >= len(digits):
        return last
    return first_match.group(1) + digits[: len(digits) - len(last)] + last


def _apply_expanded_pages() -> Undo:
    original = cm.FormatNumber._format_last_page

    def format_last_page(self: Any, first: str, last: str) -> str:
        if self.get_root().get_option("page-range-format") == "expanded":
            return expand_last_page(str(first), str(last))
        return str(original(self, first, last))
    return _replace(cm.FormatNumber, "_format_last_page", format_last_page)


# --- 7b. Page values that are not page ranges -----------------------------------------------

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


def _apply_verbatim_pages() -> Undo:
    """"366-+", "415-U53", "pp 37-64", "s3-s32.e1": not ranges of numbers, so printed as
    given (stock citeproc-py turns every hyphen into a range dash and splits at "&").
    Web of Science's "968-&" ("and following") loses the "&", as citeproc-js prints it."""
    original = cm.FormatNumber._process

    def process(self: Any, value: Any, variable: str) -> Any:
        if variable.startswith("page"):
            text = _TRAILING_AMPERSAND.sub("", str(value))
            if not pages_are_ranges(text):
                return text
            value = text
        return original(self, value, variable)
    return _replace(cm.FormatNumber, "_process", process)


# --- 7c. Initials ------------------------------------------------------------------------------

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


def _apply_initials() -> Undo:
    def initialize(self: Any, given: Any, mark: str, context: Any) -> str:
        if self.get("initialize") == "false":
            # CSL: initialize="false" keeps given names whole (APA's "testimony of Ann
            # Lee"); stock citeproc-py ignores the attribute.
            return str(given)
        hyphen = self.get_option("initialize-with-hyphen", context)
        return initialize_given(str(given), mark, hyphen is not False and hyphen != "false")
    return _replace(cm.Name, "initialize", initialize)


# --- 7d. Title case ---------------------------------------------------------------------------

#: The words title case leaves in lower case (citeproc-js's list; single words only).
TITLE_STOP_WORDS = frozenset(["about", "above", "across", "afore", "after", "against", "al", "along", "alongside", "amid", "amidst", "among", "amongst", "anenst", "apropos", "apud", "around", "as", "aside", "astride", "at", "athwart", "atop", "barring", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "but", "by", "circa", "despite", "down", "during", "et", "except", "for", "forenenst", "from", "given", "in", "inside", "into", "lest", "like", "modulo", "near", "next", "notwithstanding", "of", "off", "on", "onto", "out", "over", "per", "plus", "pro", "qua", "sans", "since", "than", "through", "thru", "throughout", "thruout", "till", "to", "toward", "towards", "under", "underneath", "until", "unto", "up", "upon", "versus", "vs.", "v.", "vs", "v", "via", "vis-à-vis", "with", "within", "without", "or", "yet", "so", "and", "nor", "a", "an", "the", "de", "d'", "von", "van", "c", "ca"])
_TITLE_SEPARATOR = re.compile("([\u2018\u2019\u201c\u201d\"'\\-\u2013\u2014/.,;?!:\\[\\]()]"
                              "|[\\s\u00a0\u2000-\u200b\u205f\u3000]+)")


def title_case(pieces: list[tuple[str, bool]]) -> list[str]:
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
            capitalise = ((len(word) > 1 and lower not in TITLE_STOP_WORDS) or first
                          or after_punctuation or following == "-")
            if capitalise and word == lower:
                tokens[index] = word[0].upper() + word[1:]
            first = after_punctuation = False
            last = (piece_index, index)
    if last is not None:
        tokens = out[last[0]]
        word = tokens[last[1]]
        if len(word) > 1 and word.lower() in TITLE_STOP_WORDS:
            tokens[last[1]] = word[0].upper() + word[1:]
    return ["".join(tokens) for tokens in out]


def _title_case_text(text: Any) -> Any:
    if isinstance(text, cs.MixedString):
        pieces = [(str(p), isinstance(p, cs.NoCase)) for p in text]
        cased = title_case(pieces)
        return cs.MixedString([p if isinstance(p, cs.NoCase) else cs.String(c)
                               for p, c in zip(text, cased, strict=True)])
    cased_text = title_case([(str(text), False)])[0]
    return cs.String(cased_text) if isinstance(text, cs.String) else cased_text


# --- 8. CJK names -------------------------------------------------------------------------

def is_cjk(text: str) -> bool:
    for char in text:
        code = ord(char)
        if (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
                or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
                or 0x20000 <= code <= 0x2FA1F):
            return True
    return False


def _cjk_name(name: Any) -> bool:
    return "literal" not in name and is_cjk(name.get("family") or "")


def _apply_cjk_names() -> Undo:
    original = cm.Name.process

    def process(self: Any, item: Any, variable: str, context: Any = None,
                sort_options: Any = None, **kwargs: Any) -> Any:
        reference = item.reference
        names = dict.get(reference, variable)
        if not names or not any(_cjk_name(n) for n in names):
            return original(self, item, variable, context=context, sort_options=sort_options,
                            **kwargs)
        # CJK names are written family name first with no separator and never
        # initialised ("王小明"); the short form is the family name alone.
        short = self.get_option("form", context, sort_options) == "short"
        swapped = [CiteprocName(literal=(n.get("family") or "") if short else
                                (n.get("family") or "") + (n.get("given") or ""))
                   if _cjk_name(n) else n for n in names]
        dict.__setitem__(reference, variable, swapped)
        try:
            return original(self, item, variable, context=context, sort_options=sort_options,
                            **kwargs)
        finally:
            dict.__setitem__(reference, variable, names)
    return _replace(cm.Name, "process", process)


# --- 9. Punctuation seams -----------------------------------------------------------------

_MARKS = "".join(MARK_CHARS)


def normalize_seam(left: Any, other: Any) -> Any:
    """Stock rules plus: "?" or "!" swallows a following ".", and formatting marks
    (the end of an italic title) do not hide the seam."""
    left_text = str(left).rstrip(_MARKS)
    other_text = str(other)
    if not left_text or not other_text:
        return other
    last, first = left_text[-1], other_text[0]
    if (last == " " and first == " ") or (first == "." and last in ".?!") \
            or (last == first and first in cs.SEAM_PUNCTUATION):
        return cs._strip_first_char(other)
    return other


def _apply_seams() -> Undo:
    return _chain(_replace(cs, "normalize_seam", normalize_seam),
                  _replace(cm, "normalize_seam", normalize_seam))


# --- 10. Collation-based sorting ----------------------------------------------------------

def _sort(self: Any, items: list[Any], context: Any) -> list[Any]:
    keys = self.findall("cs:key", self.nsmap)
    columns = [key.sort_keys(items, context) for key in keys]
    descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]
    rows = [[str(column[i]) if column[i] is not None else None for column in columns]
            for i in range(len(items))]
    return [items[i] for i in sort_permutation(rows, descending)]


def _apply_collation_sort() -> Undo:
    return _replace(cm.Sort, "sort", _sort)


# --- 11. Memoised style lookups -----------------------------------------------------------

_MISSING = object()
#: A lookup that raised (``None`` can be a real answer, so it cannot stand for this).
_ABSENT = object()


def _apply_memoised_lookups() -> Undo:
    """Cache XPath results, root lookups and terms per element.

    The style tree does not change while rendering, so a lookup's answer can be
    kept on the element.  The cache lives on lxml's Python proxy for the element;
    :mod:`risx.csl.style` keeps every proxy of a loaded style alive, so the cache
    survives (with other styles it is simply rebuilt when a proxy is recreated).
    """
    original_xpath = cm.CitationStylesElement.xpath_search
    original_term = cm.Locale.get_term

    def xpath_search(self: Any, expression: str) -> Any:
        memo = self.__dict__.get("_risx_xpath")
        if memo is None:
            memo = self.__dict__["_risx_xpath"] = {}
        found = memo.get(expression)
        if found is None:
            found = memo[expression] = original_xpath(self, expression)
        return found

    def get_root(self: Any) -> Any:
        root = self.__dict__.get("_risx_root")
        if root is None:
            root = self.__dict__["_risx_root"] = self.getroottree().getroot()
        return root

    def get_term(self: Any, name: str, form: str | None = None,
                 zero_padded: bool = False) -> Any:
        memo = self.__dict__.get("_risx_terms")
        if memo is None:
            memo = self.__dict__["_risx_terms"] = {}
        key = (name, form, zero_padded)
        term = memo.get(key, _MISSING)
        if term is _MISSING:
            try:
                term = original_term(self, name, form, zero_padded)
            except IndexError:
                term = None
            memo[key] = term
        if term is None:
            raise IndexError(name)
        return term

    return _chain(_replace(cm.CitationStylesElement, "xpath_search", xpath_search),
                  _replace(cm.CitationStylesElement, "get_root", get_root),
                  _replace(cm.Locale, "get_term", get_term))


# --- 12. Facts about the style computed once, not per entry ---------------------------------
#
# citeproc-py reads the same attributes of the same elements for every entry: the
# types a cs:if tests, whether an element has any formatting or affixes, the locale
# options.  None of these changes while a style is in use (citeproc-py never sets an
# attribute), so each is worked out on first use and kept on the element's proxy, as
# the memoised lookups above are.  Together about a fifth of the rendering time.

#: Formatting attributes and the values with which ``Formatted.format`` leaves text as is.
_NEUTRAL_FORMATTING = (("font-style", "normal"), ("font-variant", "normal"),
                       ("font-weight", "normal"), ("text-decoration", "none"),
                       ("vertical-align", "baseline"))


#: The tests a cs:if can make, in the order ``If.render`` makes them, and the methods.
_CONDITION_TESTS = (("type", "_type"), ("variable", "_variable"), ("is-numeric", "_is_numeric"),
                    ("is-uncertain-date", "_is_uncertain_date"), ("locator", "_locator"),
                    ("position", "_position"))


def _if_render(self: Any, item: Any, context: Any = None, delimiter: str = "",
               **kwargs: Any) -> Any:
    """``If.render`` with the element's tests and match mode read once, not per entry."""
    plan = self.__dict__.get("_risx_tests")
    if plan is None:
        attributes = self.attrib
        plan = self.__dict__["_risx_tests"] = (
            tuple(method for name, method in _CONDITION_TESTS if name in attributes),
            self.get("match"))
    methods, match = plan
    results: list[Any] = []
    for method in methods:
        if method == "_position":
            results += self._position(item, context)
        else:
            results += getattr(self, method)(item)
    if match == "any":
        passed = any(results)
    elif match == "none":
        passed = not any(results)
    else:
        passed = all(results)
    if not passed:
        raise cm.ConditionFailed
    return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


def _apply_static_conditions() -> Undo:
    original = cm.If._type

    def type_test(self: Any, item: Any) -> list[bool]:
        types = self.__dict__.get("_risx_types")
        if types is None:
            types = self.__dict__["_risx_types"] = tuple(
                t.lower() for t in self.get("type").split())
        reference = item.reference
        if not isinstance(reference, TrackedReference):
            return list(original(self, item))
        # The type is bookkeeping, not a variable call: read it without the accounting.
        item_type = dict.get(reference, "type")
        return [t == item_type for t in types]
    return _chain(_replace(cm.If, "_type", type_test), _replace(cm.If, "render", _if_render))


def _apply_plain_elements() -> Undo:
    original_format = cm.Formatted.format
    original_wrap = cm.Affixed.wrap

    def format_text(self: Any, string: Any) -> Any:
        plain = self.__dict__.get("_risx_unformatted")
        if plain is None:
            plain = self.__dict__["_risx_unformatted"] = all(
                self.get(name, neutral) == neutral for name, neutral in _NEUTRAL_FORMATTING)
        if not plain:
            return original_format(self, string)
        # What the five formatting steps return when every one of them is neutral.
        return str(string) if isinstance(string, (int, float)) else string

    def wrap(self: Any, string: Any) -> Any:
        bare = self.__dict__.get("_risx_unaffixed")
        if bare is None:
            bare = self.__dict__["_risx_unaffixed"] = not (self.get("prefix")
                                                          or self.get("suffix"))
        # With no prefix and no suffix, wrapping gives back the same string (an empty
        # affix is dropped by String/MixedString addition); other types take the
        # stock path, with its errors.
        if bare and isinstance(string, (str, cs.MixedString)):
            return string
        return original_wrap(self, string)

    return _chain(_replace(cm.Formatted, "format", format_text),
                  _replace(cm.Affixed, "wrap", wrap))


def _children(element: Any) -> tuple[tuple[Any, bool], ...]:
    """An element's children, each with whether it is a cs:choose, listed once: the style
    tree does not change after it is loaded, and lxml builds the list on every call."""
    children = element.__dict__.get("_risx_children")
    if children is None:
        children = element.__dict__["_risx_children"] = tuple(
            (child, isinstance(child, cm.Choose)) for child in element.iterchildren())
    return children  # type: ignore[no-any-return]


def _apply_static_children() -> Undo:
    def render_children(self: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        # Parent.render_children as citeproc-py has it, over the listed children.
        output = []
        for child, is_choose in _children(self):
            try:
                text = (child.render(item, delimiter=delimiter, **kwargs) if is_choose
                        else child.render(item, **kwargs))
            except VariableError:
                continue
            if text is not None:
                output.append(text)
        return cm.join(output, delimiter) if output else None

    def choose_render(self: Any, item: Any, context: Any = None, delimiter: str = "",
                      **kwargs: Any) -> Any:
        # Choose.render: the first branch whose conditions hold.
        for child, _ in _children(self):
            try:
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except cm.ConditionFailed:
                continue
        return None

    return _chain(_replace(cm.Parent, "render_children", render_children),
                  _replace(cm.Choose, "render", choose_render))


#: What a cs:text prints, in the order ``Text.process`` looks for it.
_TEXT_SOURCES = ("variable", "macro", "term", "value")


def _apply_static_text() -> Undo:
    original = cm.Text.process

    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """``Text.process`` with what the element prints looked up once, and the item's
        language read without raising when it has none (a read that is never counted)."""
        reference = _tracked(item)
        plan = self.__dict__.get("_risx_text")
        if plan is None:
            source = next((name for name in _TEXT_SOURCES if name in self.attrib), None)
            plan = self.__dict__["_risx_text"] = (source, self.get(source) if source else None)
        source, value = plan
        if reference is None or source is None:
            return original(self, item, context=context, **kwargs)
        if context is None:
            context = self
        if reference._absent("language"):
            language = self.get_root().get("default-locale", "en")[:2]
        else:
            language = dict.__getitem__(reference, "language")[:2]
        if source == "variable":
            text = self._variable(item, context)
        elif source == "macro":
            text = self.get_macro(value).render(item, context)
        elif source == "term":
            text = self._term(item)
        else:
            text = cs.String(self.preformat(value))
        return text, language

    return _replace(cm.Text, "process", process)


def _apply_memoised_locale_options() -> Undo:
    original = cm.Locale.get_option

    def get_option(self: Any, name: str) -> Any:
        memo = self.__dict__.get("_risx_options")
        if memo is None:
            memo = self.__dict__["_risx_options"] = {}
        value = memo.get(name, _MISSING)
        if value is _MISSING:
            try:
                value = original(self, name)
            except IndexError:  # this locale has no cs:style-options: ask the next one
                value = _ABSENT
            memo[name] = value
        if value is _ABSENT:
            raise IndexError(name)
        return value
    return _replace(cm.Locale, "get_option", get_option)


PATCHES: dict[str, Patch] = {p.name: p for p in (
    Patch("csl102-variables", "CSL 1.0.2 name and date variables (director, host, "
          "reviewed-author ...) are parsed as strings and crash names rendering",
          _apply_csl102_variables),
    Patch("condition-reads", "(infrastructure) reads made by cs:if tests and label "
          "plurality are neither variable calls nor blocked by substitution",
          _apply_condition_reads),
    Patch("date-range", "a date range crashes (context is a cs:text) or loses its year",
          _apply_date_range),
    Patch("substitute-suppresses", "a variable printed by cs:substitute is printed again "
          "(title, editors, edition twice)", _apply_substitute),
    Patch("dynamic-group", "a cs:group is kept when a taken branch prints only a term "
          "(\"(Publication)\")", _apply_dynamic_group),
    Patch("label-text-case", "text-case=\"title\" ignored on labels (\"(eds.)\")",
          _text_case_fix("label-text-case")),
    Patch("term-form-fallback", "no fallback from a missing term form (verb-short -> verb "
          "-> long)", _apply_term_fallback),
    Patch("expanded-page-range", "page-range-format=\"expanded\" leaves \"1234–45\"",
          _apply_expanded_pages),
    Patch("verbatim-pages", "page values that are not ranges (\"366-+\", \"pp 37-64\") "
          "get a range dash, and \"968-&\" becomes \"968– & \"", _apply_verbatim_pages),
    Patch("initials", "initials of \"Wei-qin\" and \"Name of\" come out as \"W.-. qin .\" "
          "and \"N. of .\"; initialize=\"false\" is ignored", _apply_initials),
    Patch("title-case", "title case skips words after \"(\" or a hyphen, capitalises one-letter "
          "words and words after \".\"", _text_case_fix("title-case")),
    Patch("cjk-names", "CJK names come out as \"王, . 小明 .\"", _apply_cjk_names),
    Patch("punctuation-seams", "\"?.\" and \"!.\" at a seam, seams behind an italic end",
          _apply_seams),
    Patch("collation-sort", "sorting by code point puts Ø, Ç, Å after Z", _apply_collation_sort),
    Patch("memoised-lookups", "XPath lookups repeated on every render (43% of the time)",
          _apply_memoised_lookups),
    Patch("static-conditions", "cs:if looks up which tests it makes, and splits and "
          "lower-cases its types, on every entry", _apply_static_conditions),
    Patch("plain-elements", "elements without formatting or affixes still run the five "
          "formatting steps and two seam checks on every render", _apply_plain_elements),
    Patch("memoised-locale-options", "locale options (punctuation-in-quote ...) looked up "
          "in the locale tree on every quoted text", _apply_memoised_locale_options),
    Patch("static-children", "every render of an element asks lxml for its children again "
          "(a list of proxies per cs:choose, cs:if, cs:group, macro)", _apply_static_children),
    Patch("static-text", "every cs:text looks up what it prints on every render, and an item "
          "without a language raises an exception in each", _apply_static_text),
)}


def install_all() -> None:
    for patch in PATCHES.values():
        patch.install()


@contextmanager
def disabled(*names: str) -> Iterator[None]:
    """Run with some patches removed (for tests showing the defect each one fixes)."""
    unknown = set(names) - set(PATCHES)
    if unknown:
        raise KeyError(f"unknown patches: {sorted(unknown)}")
    removed = [PATCHES[n] for n in names if PATCHES[n].installed]
    for patch in removed:
        patch.uninstall()
    try:
        yield
    finally:
        for patch in removed:
            patch.install()

