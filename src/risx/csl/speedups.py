"""Speed-ups of citeproc-py: the same output, with what a style says worked out once.

citeproc-py asks the same questions of the same style elements for every entry
(XPath lookups of macros and ancestors, the terms of the locale, the tests a
``cs:if`` makes, whether an element has formatting or affixes, its children).
The style tree does not change while it is in use, so each answer is worked out
on first use and remembered (:mod:`risx.csl.elements`).  None of these changes
what is printed: ``tests/csl/test_csl_patches.py`` renders every oracle item with them
on and off and compares.  What each saves is measured in ``benchmarks/README.md``.
"""

from __future__ import annotations

from typing import Any

import citeproc.model as cm  # type: ignore[import-untyped]
import citeproc.string as cs  # type: ignore[import-untyped]
from citeproc.source import VariableError  # type: ignore[import-untyped]

from risx.csl.elements import FACTS, children
from risx.csl.patching import Undo, chain, replace, tracked
from risx.csl.reference import TrackedReference

_MISSING = object()
#: A lookup that raised (``None`` can be a real answer, so it cannot stand for this).
_ABSENT = object()


def memoised_lookups() -> Undo:
    """Remember XPath results (macros by name, ancestors), root lookups and terms per
    element: the style tree does not change while rendering."""
    original_xpath = cm.CitationStylesElement.xpath_search
    original_term = cm.Locale.get_term

    def xpath_search(self: Any, expression: str) -> Any:
        facts = FACTS.get(self)
        if facts is None:
            return original_xpath(self, expression)
        memo = facts.xpath
        if memo is None:
            memo = facts.xpath = {}
        found = memo.get(expression)
        if found is None:
            found = memo[expression] = original_xpath(self, expression)
        return found

    def get_root(self: Any) -> Any:
        facts = FACTS.get(self)
        if facts is None:
            return self.getroottree().getroot()
        root = facts.root
        if root is None:
            root = facts.root = self.getroottree().getroot()
        return root

    def get_term(self: Any, name: str, form: str | None = None,
                 zero_padded: bool = False) -> Any:
        facts = FACTS.get(self)
        if facts is None:
            return original_term(self, name, form, zero_padded)
        memo = facts.terms
        if memo is None:
            memo = facts.terms = {}
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

    return chain(replace(cm.CitationStylesElement, "xpath_search", xpath_search),
                 replace(cm.CitationStylesElement, "get_root", get_root),
                 replace(cm.Locale, "get_term", get_term))


# --- Facts about the style computed once, not per entry --------------------------------
#
# citeproc-py reads the same attributes of the same elements for every entry: the
# types a cs:if tests, whether an element has any formatting or affixes, the locale
# options.  None of these changes while a style is in use (citeproc-py never sets an
# attribute), so each is worked out on first use and kept in the element's facts, as
# the memoised lookups above are.

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
    facts = FACTS.get(self)
    plan = None if facts is None else facts.tests
    if plan is None:
        attributes = self.attrib
        plan = (tuple(method for name, method in _CONDITION_TESTS if name in attributes),
                self.get("match"))
        if facts is not None:
            facts.tests = plan
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


def static_conditions() -> Undo:
    original = cm.If._type

    def type_test(self: Any, item: Any) -> list[bool]:
        facts = FACTS.get(self)
        types = None if facts is None else facts.types
        if types is None:
            types = tuple(t.lower() for t in self.get("type").split())
            if facts is not None:
                facts.types = types
        reference = item.reference
        if not isinstance(reference, TrackedReference):
            return list(original(self, item))
        # The type is bookkeeping, not a variable call: read it without the accounting.
        item_type = dict.get(reference, "type")
        return [t == item_type for t in types]
    return chain(replace(cm.If, "_type", type_test), replace(cm.If, "render", _if_render))


def plain_elements() -> Undo:
    original_format = cm.Formatted.format
    original_wrap = cm.Affixed.wrap

    def format_text(self: Any, string: Any) -> Any:
        facts = FACTS.get(self)
        plain = None if facts is None else facts.unformatted
        if plain is None:
            plain = all(self.get(name, neutral) == neutral
                        for name, neutral in _NEUTRAL_FORMATTING)
            if facts is not None:
                facts.unformatted = plain
        if not plain:
            return original_format(self, string)
        # What the five formatting steps return when every one of them is neutral.
        return str(string) if isinstance(string, (int, float)) else string

    def wrap(self: Any, string: Any) -> Any:
        facts = FACTS.get(self)
        bare = None if facts is None else facts.unaffixed
        if bare is None:
            bare = not (self.get("prefix") or self.get("suffix"))
            if facts is not None:
                facts.unaffixed = bare
        # With no prefix and no suffix, wrapping gives back the same string (an empty
        # affix is dropped by String/MixedString addition); other types take the
        # stock path, with its errors.
        if bare and isinstance(string, (str, cs.MixedString)):
            return string
        return original_wrap(self, string)

    return chain(replace(cm.Formatted, "format", format_text),
                 replace(cm.Affixed, "wrap", wrap))


def static_children() -> Undo:
    def render_children(self: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        # Parent.render_children as citeproc-py has it, over the listed children.
        output = []
        for child, is_choose in children(self):
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
        for child, _ in children(self):
            try:
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except cm.ConditionFailed:
                continue
        return None

    return chain(replace(cm.Parent, "render_children", render_children),
                 replace(cm.Choose, "render", choose_render))


#: What a cs:text prints, in the order ``Text.process`` looks for it.
_TEXT_SOURCES = ("variable", "macro", "term", "value")


def static_text() -> Undo:
    original = cm.Text.process

    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """``Text.process`` with what the element prints looked up once, and the item's
        language read without raising when it has none (a read that is never counted)."""
        reference = tracked(item)
        facts = FACTS.get(self)
        plan = None if facts is None else facts.text
        if plan is None:
            source = next((name for name in _TEXT_SOURCES if name in self.attrib), None)
            plan = (source, self.get(source) if source else None)
            if facts is not None:
                facts.text = plan
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

    return replace(cm.Text, "process", process)


def memoised_locale_options() -> Undo:
    original = cm.Locale.get_option

    def get_option(self: Any, name: str) -> Any:
        facts = FACTS.get(self)
        if facts is None:
            return original(self, name)
        memo = facts.options
        if memo is None:
            memo = facts.options = {}
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
    return replace(cm.Locale, "get_option", get_option)
