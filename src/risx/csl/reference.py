"""The reference object citeproc-py renders from, with two abilities the stock one lacks.

citeproc-py reads every field through ``item.reference`` (a dict subclass).
:class:`TrackedReference` is that dict plus:

* **hidden variables**: variables already printed by a ``cs:substitute`` are
  treated as absent for the rest of the entry (CSL: "substituted variables
  are suppressed in the rest of the output");
* **read accounting**: ``cs:group`` needs to know whether the variables it
  called were empty, and ``cs:substitute`` which variables it printed.  Each
  successful read of a field is a variable that rendered, each failed read an
  empty variable; reads made while testing a condition do not count.

The bookkeeping lives on the reference, which risx creates per item, so it
never leaks from one item to another; the renderer calls :meth:`reset`
before each rendering pass over an item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citeproc.source import Reference, VariableError  # type: ignore[import-untyped]

#: Keys that are bookkeeping or processor-generated, not variables a style "calls".
_NOT_VARIABLES = frozenset({"key", "type", "language", "year_suffix"})


def variable_key(name: str) -> str:
    """citeproc-py's spelling of a CSL variable name (hyphens become underscores)."""
    return name.replace("-", "_")


@dataclass(eq=False)
class ReadFrame:
    """Reads seen while one ``cs:group`` or ``cs:substitute`` child renders."""

    called: int = 0
    found: int = 0
    names: set[str] = field(default_factory=set)


class TrackedReference(Reference):  # type: ignore[misc]
    """A citeproc-py ``Reference`` with hidden variables and read accounting."""

    def __init__(self, key: str, type_: str, data: dict[str, Any]) -> None:
        # Reference.__init__ validates keys against citeproc-py's variable list
        # and warns once per unknown CSL 1.0.2 variable; the data is already
        # normalised, so fill the dict directly.
        dict.__init__(self, data)
        dict.__setitem__(self, "key", key)
        dict.__setitem__(self, "type", type_)
        object.__setattr__(self, "hidden", set())
        object.__setattr__(self, "frames", [])
        object.__setattr__(self, "quiet", 0)

    # citeproc-py's CustomDict maps attribute writes to items; keep ours as attributes.
    hidden: set[str]
    frames: list[ReadFrame]
    quiet: int

    def reset(self) -> None:
        self.hidden.clear()
        self.frames.clear()
        object.__setattr__(self, "quiet", 0)

    def hide(self, names: set[str]) -> None:
        self.hidden.update(variable_key(n) for n in names)

    def _note(self, key: str, found: bool) -> None:
        if self.quiet or not self.frames:
            return
        name = variable_key(key)
        if name in _NOT_VARIABLES:
            return
        for frame in self.frames:
            if found:
                frame.found += 1
                frame.names.add(name)
            else:
                frame.called += 1

    def note_call(self, key: str, found: bool) -> None:
        """Count a variable call made without a read (``cs:names`` tests roles with ``in``)."""
        self._note(key, found)

    def __contains__(self, key: object) -> bool:
        if not self.quiet and isinstance(key, str) and variable_key(key) in self.hidden:
            return False
        return dict.__contains__(self, key)

    def _absent(self, key: str) -> bool:
        if not dict.__contains__(self, key):
            return True
        return not self.quiet and variable_key(key) in self.hidden

    def __getitem__(self, key: str) -> Any:
        if self._absent(key):
            self._note(key, False)
            raise VariableError
        self._note(key, True)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        if self._absent(key):
            if default is None or default == []:
                self._note(key, False)
            return default
        self._note(key, True)
        return dict.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        return self[name]

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("hidden", "frames", "quiet"):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __repr__(self) -> str:
        return f"TrackedReference({dict.get(self, 'key')})"
