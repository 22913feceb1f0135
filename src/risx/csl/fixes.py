"""Correctness fixes to citeproc-py, applied from outside, one small function per defect.

Each function changes citeproc-py where one defect sits and returns the
:data:`~risx.csl.patching.Undo` that takes the change back; the registry
(:mod:`risx.csl.engine`) names each fix, says what it fixes, and installs them
when a renderer starts.  The rules the fixes follow (initials, title case, page
ranges ...) are plain functions in :mod:`risx.csl.rules`; what is here is only how
they reach citeproc-py.  Why patches and not a copy of citeproc-py: see
:mod:`risx.csl.engine`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import citeproc  # type: ignore[import-untyped]
import citeproc.model as cm  # type: ignore[import-untyped]
import citeproc.string as cs  # type: ignore[import-untyped]
from citeproc.source import Name as CiteprocName  # type: ignore[import-untyped]
from citeproc.source import VariableError

from risx.csl import rules
from risx.csl.collate import sort_permutation
from risx.csl.elements import children
from risx.csl.markup import MARK_CHARS
from risx.csl.patching import Undo, chain, replace, tracked
from risx.csl.reference import ReadFrame

# --- CSL 1.0.2 variables ------------------------------------------------------------------

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


def csl102_variables() -> Undo:
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


# --- Date ranges --------------------------------------------------------------------------

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
    top, ranged = rules.ranged_date_parts(shown, differing)
    parts = [c for c in self.iterchildren() if c.get("name") in shown]
    in_range = [i for i, c in enumerate(parts) if c.get("name") in ranged]
    if not in_range:
        return self.render_single_date(begin, shown, context)
    first, last = in_range[0], in_range[-1]

    def rendered(pieces: list[Any], date: Any) -> list[tuple[Any, str]]:
        out = []
        for part in pieces:
            text = _render_date_part(self, part, date, context)
            if text:
                out.append((part, text))
        return out

    before = rendered(parts[:first], begin)
    after = rendered(parts[last + 1:], begin)
    begin_span = rendered(parts[first:last + 1], begin)
    end_span = rendered(parts[first:last + 1], end)
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
    top_part = next((c for c in parts if c.get("name") == top), None)
    delimiter = (top_part.get("range-delimiter") if top_part is not None else None) or "\u2013"
    style_context = context if (context is not None and self.is_locale_date()) else self
    join = style_context.join
    span = (join([t for _, t in begin_span]) + delimiter + join([t for _, t in end_span]))
    return join([t for _, t in before] + [span] + [t for _, t in after])


def date_range() -> Undo:
    original_process = cm.Date.process

    def process(self: Any, item: Any, variable: Any = None, show_parts: Any = None,
                context: Any = None, **kwargs: Any) -> Any:
        # A date reached through <text macro> receives that cs:text as its context;
        # only a cs:date (the style date of a localized form) is a valid one.
        if context is not None and not isinstance(context, cm.Date):
            context = None
        return original_process(self, item, variable, show_parts, context, **kwargs)

    return chain(replace(cm.Date, "render_date_range", render_date_range),
                 replace(cm.Date, "process", process))


# --- Substitution suppresses what it printed ----------------------------------------------

def _substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    reference = tracked(item)
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


def substitute_suppresses() -> Undo:
    return replace(cm.Substitute, "render", _substitute_render)


# --- Group suppression decided by what rendered --------------------------------------------

def _group_process(original: Callable[..., Any]) -> Callable[..., Any]:
    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        reference = tracked(item)
        if reference is None:
            return original(self, item, context=context, **kwargs)
        frame = ReadFrame()
        reference.frames.append(frame)
        output = []
        delimiter = self.get("delimiter", "")
        try:
            for child, is_choose in children(self):
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
        reference = tracked(item)
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
        reference = tracked(item)
        if reference is not None and reference.frames:
            for role in (self.get("variable") or "").split():
                reference.note_call(role, role in reference)
        return original(self, item, *args, **kwargs)
    return process


def dynamic_group() -> Undo:
    return chain(
        replace(cm.Group, "process", _group_process(cm.Group.process)),
        replace(cm.Names, "process", _names_counts_roles(cm.Names.process)),
    )


def condition_reads() -> Undo:
    return chain(
        *(replace(cm.If, name, _quiet(getattr(cm.If, name)))
          for name in ("_variable", "_is_numeric", "_is_uncertain_date")),
        replace(cm.Label, "_is_plural", _quiet(cm.Label._is_plural)),
    )


# --- text-case on labels, date parts and name parts; title case ----------------------------

#: Which text-case fixes are on.  Both live in one replacement of ``TextCased.case``
#: (installed once, idempotently) so that either can be turned off alone in a test.
_TEXT_CASE_FIXES = {"label-text-case": False, "title-case": False, "capitalize-first": False}
_STOCK_CASE = cm.TextCased.case


def _title_case_text(text: Any) -> Any:
    if isinstance(text, cs.MixedString):
        pieces = [(str(p), isinstance(p, cs.NoCase)) for p in text]
        cased = rules.title_case(pieces)
        return cs.MixedString([p if isinstance(p, cs.NoCase) else cs.String(c)
                               for p, c in zip(text, cased, strict=True)])
    cased_text = rules.title_case([(str(text), False)])[0]
    return cs.String(cased_text) if isinstance(text, cs.String) else cased_text


def _case(self: Any, text: Any, language: str | None = None) -> Any:
    if language is None and _TEXT_CASE_FIXES["label-text-case"]:
        # Only cs:text passes the item language; labels, date parts and name parts
        # pass none, and stock citeproc-py then skips title case ("(eds.)").
        language = "en"
    if _TEXT_CASE_FIXES["title-case"] and language == "en" and self.get("text-case") == "title":
        return _title_case_text(text)
    if (_TEXT_CASE_FIXES["capitalize-first"] and self.get("text-case") == "capitalize-first"
            and not rules.first_word_is_lower_case(str(text))):
        # CSL: capitalize-first changes the first word only when it is in lower case, as
        # citeproc-js does: "arXiv:1706.03762" stays, not "ArXiv:1706.03762".
        return text
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


label_text_case = _text_case_fix("label-text-case")
title_case = _text_case_fix("title-case")
capitalize_first = _text_case_fix("capitalize-first")


# --- Term form fallback -------------------------------------------------------------------

def term_form_fallback() -> Undo:
    original = cm.CitationStylesElement.get_term

    def get_term(self: Any, name: str, form: str | None = None, fallback_locale: bool = True,
                 zero_padded: bool = False) -> Any:
        term = original(self, name, form, fallback_locale, zero_padded)
        while term is None and form is not None:
            form = rules.TERM_FORM_FALLBACK.get(form)
            term = original(self, name, form, fallback_locale, zero_padded)
        return term
    return replace(cm.CitationStylesElement, "get_term", get_term)


# --- Pages --------------------------------------------------------------------------------

def expanded_page_range() -> Undo:
    original = cm.FormatNumber._format_last_page

    def format_last_page(self: Any, first: str, last: str) -> str:
        if self.get_root().get_option("page-range-format") == "expanded":
            return rules.expand_last_page(str(first), str(last))
        return str(original(self, first, last))
    return replace(cm.FormatNumber, "_format_last_page", format_last_page)


def verbatim_pages() -> Undo:
    """"366-+", "415-U53", "pp 37-64", "s3-s32.e1": not ranges of numbers, so printed as
    given (stock citeproc-py turns every hyphen into a range dash and splits at "&").
    Web of Science's "968-&" ("and following") loses the "&", as citeproc-js prints it."""
    original = cm.FormatNumber._process

    def process(self: Any, value: Any, variable: str) -> Any:
        if variable.startswith("page"):
            text = rules.without_trailing_ampersand(str(value))
            if not rules.pages_are_ranges(text):
                return text
            value = text
        return original(self, value, variable)
    return replace(cm.FormatNumber, "_process", process)


# --- Names --------------------------------------------------------------------------------

def initials() -> Undo:
    def initialize(self: Any, given: Any, mark: str, context: Any) -> str:
        if self.get("initialize") == "false":
            # CSL: initialize="false" keeps given names whole (APA's "testimony of Ann
            # Lee"); stock citeproc-py ignores the attribute.
            return str(given)
        hyphen = self.get_option("initialize-with-hyphen", context)
        return rules.initialize_given(str(given), mark,
                                      hyphen is not False and hyphen != "false")
    return replace(cm.Name, "initialize", initialize)


def _cjk_name(name: Any) -> bool:
    return "literal" not in name and rules.is_cjk(name.get("family") or "")


def cjk_names() -> Undo:
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
    return replace(cm.Name, "process", process)


def number_of_volumes() -> Undo:
    original = cm.Label._is_plural

    def is_plural(self: Any, item: Any) -> Any:
        variable = self.get("variable") or ""
        if not variable.startswith("number-of"):
            return original(self, item)
        # Stock citeproc-py reads ``item[variable]`` here, which always raises, so the
        # label and the whole "(Vols. 1–4)" group vanish; the count is the reference's.
        try:
            value = item.reference[variable.replace("-", "_")]
        except VariableError:
            return False
        text = str(value).strip()
        return text.isdigit() and int(text) > 1

    original_number = cm.Number.process

    def number_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        variable = self.get("variable") or ""
        if not variable.startswith("number-of"):
            return original_number(self, item, context=context, **kwargs)
        # cs:number looks the variable up under its CSL spelling; the reference has it
        # under citeproc-py's (number_of_volumes).
        value = item.reference[variable.replace("-", "_")]
        return self._process(value, variable)
    return chain(replace(cm.Label, "_is_plural", is_plural),
                 replace(cm.Number, "process", number_process))


class _SeveralNumbers:
    """citeproc-py's test for "several numbers" (a plural label), with a comma between
    groups of three digits read as a thousands separator, as citeproc-js reads it: patent
    "9,367,538" is "No.", not "Nos."; "1, 3" and "1-3" stay several."""

    _THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

    def __init__(self, original: Any) -> None:
        self.original = original

    def search(self, text: str) -> Any:
        return self.original.search(self._THOUSANDS.sub("", text))


def thousands_separator() -> Undo:
    return replace(cm.Label, "RE_MULTIPLE_NUMBERS", _SeveralNumbers(cm.Label.RE_MULTIPLE_NUMBERS))


def _two_group_authors(names: Any) -> bool:
    return (isinstance(names, list) and len(names) == 2
            and all("literal" in name for name in names))


_PAIR_JOIN = re.compile(r", (&|and) ")


def group_author_pair() -> Undo:
    original = cm.Name.process

    def process(self: Any, item: Any, variable: str, context: Any = None,
                sort_options: Any = None, **kwargs: Any) -> Any:
        text = original(self, item, variable, context=context, sort_options=sort_options,
                        **kwargs)
        # Two organisations are joined "A & B" with no comma before the "&", as citeproc-js
        # joins them (delimiter-precedes-last is for personal names: "Doe, J., & Roe, R.").
        if isinstance(text, str) and _two_group_authors(dict.get(item.reference, variable)):
            joins = _PAIR_JOIN.findall(text)
            if len(joins) == 1:
                return _PAIR_JOIN.sub(r" \1 ", text)
        return text
    return replace(cm.Name, "process", process)


_ELLIPSIS = "\u2026 "
_SPACED_ELLIPSIS = ". . . "


def _style_id(element: Any) -> str:
    root = element.getroottree().getroot()
    found = root.find("{http://purl.org/net/xbiblio/csl}info/{http://purl.org/net/xbiblio/csl}id")
    return "" if found is None or found.text is None else str(found.text).strip()


#: The ``<id>`` of the Manual profile's derived style (data/apa-manual.csl).
MANUAL_STYLE_ID = "urn:risx:styles:apa-manual"  # also in csl/style.py, which loads it


def spaced_ellipsis() -> Undo:
    original = cm.Name.process

    def process(self: Any, item: Any, variable: str, context: Any = None,
                sort_options: Any = None, **kwargs: Any) -> Any:
        text = original(self, item, variable, context=context, sort_options=sort_options,
                        **kwargs)
        # APA 7 (9.8) writes three spaced periods before the last of 21 or more authors;
        # CSL fixes the ellipsis character for et-al-use-last, so only the Manual profile's
        # derived style gets them.  Looked up only when a list was cut that way (rare).
        if (isinstance(text, str) and _ELLIPSIS in text
                and self.get_option("et-al-use-last", context, sort_options)
                and _style_id(self) == MANUAL_STYLE_ID):
            return text.replace(_ELLIPSIS, _SPACED_ELLIPSIS)
        return text
    return replace(cm.Name, "process", process)


# --- Punctuation seams --------------------------------------------------------------------

_MARKS = "".join(MARK_CHARS)


def normalize_seam(left: Any, other: Any) -> Any:
    """Stock rules plus: "?" or "!" swallows a following ".", and formatting marks
    (the end of an italic title) do not hide the seam."""
    if rules.seam_drops_first(str(left).rstrip(_MARKS), str(other)):
        return cs._strip_first_char(other)
    return other


def punctuation_seams() -> Undo:
    # citeproc.model imports the function by name, so both names are replaced.
    return chain(replace(cs, "normalize_seam", normalize_seam),
                 replace(cm, "normalize_seam", normalize_seam))


# --- Collation-based sorting --------------------------------------------------------------

def _sort(self: Any, items: list[Any], context: Any) -> list[Any]:
    keys = self.findall("cs:key", self.nsmap)
    columns = [key.sort_keys(items, context) for key in keys]
    descending = [key.get("sort", "ascending").lower() == "descending" for key in keys]
    rows = [[str(column[i]) if column[i] is not None else None for column in columns]
            for i in range(len(items))]
    return [items[i] for i in sort_permutation(rows, descending)]


def collation_sort() -> Undo:
    return replace(cm.Sort, "sort", _sort)

