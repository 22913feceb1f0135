"""How a patch changes citeproc-py and takes the change back: the tools the fixes and the
speed-ups (:mod:`risx.csl.fixes`, :mod:`risx.csl.speedups`) are made with.

A patch is a function that changes citeproc-py and returns an :data:`Undo`, which
puts back exactly what was there: the registry (:mod:`risx.csl.engine`) installs
patches, and takes single ones out for the tests that show each defect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from risx.csl.reference import TrackedReference

#: Puts back what a patch changed.
Undo = Callable[[], None]


def replace(owner: Any, attribute: str, replacement: Any) -> Undo:
    """Set ``owner.attribute`` (a class or a module) to ``replacement``; the undo restores
    it, or removes it where ``owner`` had only inherited it."""
    original = owner.__dict__[attribute] if attribute in vars(owner) else getattr(owner, attribute)
    had_own = attribute in vars(owner)
    setattr(owner, attribute, replacement)

    def undo() -> None:
        if had_own:
            setattr(owner, attribute, original)
        else:
            delattr(owner, attribute)
    return undo


def chain(*undos: Undo) -> Undo:
    """One undo for several changes, taken back in reverse order."""
    def undo() -> None:
        for step in reversed(undos):
            step()
    return undo


def tracked(item: Any) -> TrackedReference | None:
    """The risx reference a citeproc-py citation item renders, or ``None`` for anything else
    (a reference risx did not make, a date, a locale element ...)."""
    try:
        reference = item.reference
    except Exception:
        return None
    return reference if isinstance(reference, TrackedReference) else None
