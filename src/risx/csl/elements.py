"""What risx remembers about the elements of a loaded style: a table beside them, not on them.

citeproc-py asks the same questions of the same style elements for every entry: which
children an element has, what a ``cs:if`` tests, what a ``cs:text`` prints, a macro by
name, a term.  The style tree does not change once it is loaded, so the speed-ups
(:mod:`risx.csl.speedups`) work each answer out once per element and keep it in that
element's :class:`ElementFacts`, in :data:`FACTS`.

Why a table keyed by element, and not attributes set on lxml's element objects (as risx
did first): lxml makes the Python object of an element when Python asks for it and
discards it when no reference is left, taking any attribute with it, so a cache on it
needs every object of the style kept alive from somewhere anyway; and a style risx did
not load (a host program's own, rendered while the patches are in) should not be
changed by risx.  :func:`remember` enters every element of a style that
:func:`risx.csl.style.load_style` loaded, which keeps their objects alive (and with
them the state citeproc-py itself keeps on them, such as ``locale.style``), until the
:class:`~risx.csl.style.LoadedStyle` is garbage: then :func:`remember`'s ``forget``
takes them out.  Elements that are not in the table get no facts: their answers are
worked out every time, as stock citeproc-py does.

A weak-keyed table would need no ``forget`` but costs a weak reference per lookup,
about three times a plain dictionary's lookup, on the hottest path of rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import citeproc.model as cm  # type: ignore[import-untyped]


class ElementFacts:
    """One element's answers, each ``None`` until first asked."""

    __slots__ = ("children", "options", "root", "terms", "tests", "text", "types",
                 "unaffixed", "unformatted", "xpath")

    def __init__(self) -> None:
        #: Its children, each with whether it is a cs:choose.
        self.children: tuple[tuple[Any, bool], ...] | None = None
        #: XPath expression -> the elements it finds from here.
        self.xpath: dict[str, Any] | None = None
        #: The root element of its tree.
        self.root: Any = None
        #: (name, form, zero-padded) -> the locale's term (a locale root's facts).
        self.terms: dict[tuple[str, str | None, bool], Any] | None = None
        #: Locale option -> its value (a locale root's facts).
        self.options: dict[str, Any] | None = None
        #: What a cs:if tests: the test methods and the match mode.
        self.tests: tuple[tuple[str, ...], str | None] | None = None
        #: The types a cs:if type test names, lower-cased.
        self.types: tuple[str, ...] | None = None
        #: What a cs:text prints: its source attribute and that attribute's value.
        self.text: tuple[str | None, str | None] | None = None
        #: Whether the element has no formatting, and whether it has no affixes.
        self.unformatted: bool | None = None
        self.unaffixed: bool | None = None


#: The facts of every element of every style risx loaded and still uses, by element.
FACTS: dict[Any, ElementFacts] = {}


def remember(elements: Iterable[Any]) -> Callable[[], None]:
    """Give ``elements`` facts; returns the function that takes them out of the table."""
    added = []
    for element in elements:
        if element not in FACTS:
            FACTS[element] = ElementFacts()
            added.append(element)

    def forget() -> None:
        for element in added:
            FACTS.pop(element, None)
    return forget


def _listed(element: Any) -> tuple[tuple[Any, bool], ...]:
    return tuple((child, isinstance(child, cm.Choose)) for child in element.iterchildren())


def children(element: Any) -> tuple[tuple[Any, bool], ...]:
    """An element's children, each with whether it is a cs:choose: listed once for a
    loaded style's element, where lxml would build the list on every call."""
    facts = FACTS.get(element)
    if facts is None:
        return _listed(element)
    found = facts.children
    if found is None:
        found = facts.children = _listed(element)
    return found
