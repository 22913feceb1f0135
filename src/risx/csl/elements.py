"""What risx remembers about the elements of a style while it renders with it.

citeproc-py asks the same questions of the same style elements for every entry: which
children an element has, what a ``cs:if`` tests, what a ``cs:text`` prints.  The style
tree does not change once it is loaded, so risx answers each question once per element.
"""

from __future__ import annotations

from typing import Any

import citeproc.model as cm  # type: ignore[import-untyped]


def children(element: Any) -> tuple[tuple[Any, bool], ...]:
    """An element's children, each with whether it is a cs:choose, listed once: the style
    tree does not change after it is loaded, and lxml builds the list on every call."""
    found = element.__dict__.get("_risx_children")
    if found is None:
        found = element.__dict__["_risx_children"] = tuple(
            (child, isinstance(child, cm.Choose)) for child in element.iterchildren())
    return found  # type: ignore[no-any-return]
