"""Find readers and writers by name or file extension.

Formats come from two places: the ``risx.readers`` / ``risx.writers``
entry-point groups (how third-party packages add formats) and a built-in
table that is used when the package metadata is unavailable (running from a
source tree).  Entry points win over the table for the same name.  Tests and
embedding applications may add formats at run time with ``register``.

There is no module-level mutable state: a :class:`Registry` is an object, and
:func:`default_registry` builds a fresh one.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from risx.readers.base import Reader
from risx.writers.base import Writer

BUILTIN_READERS: dict[str, str] = {
    "ris": "risx.readers.ris:RisReader",
    "csl-json": "risx.readers.csljson:CslJsonReader",
}

BUILTIN_WRITERS: dict[str, str] = {
    "csl-json": "risx.writers.csljson:CslJsonWriter",
    "bibtex": "risx.writers.bibtex:BibtexWriter",
    "biblatex": "risx.writers.biblatex:BiblatexWriter",
    "apa": "risx.writers.apa:ApaWriter",
    "markdown": "risx.writers.markdown:MarkdownWriter",
    "ris": "risx.writers.ris:RisWriter",
    "html": "risx.writers.html:HtmlWriter",
}

T = TypeVar("T", Reader, Writer)


class UnknownFormat(LookupError):
    """No registered format has that name or extension."""


def _load(target: str) -> type:
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    loaded = getattr(module, attribute)
    if not isinstance(loaded, type):
        raise TypeError(f"{target} is not a class")
    return loaded


@dataclass
class FormatTable(Generic[T]):
    """Formats of one kind (readers or writers), loaded lazily."""

    kind: str
    targets: dict[str, str] = field(default_factory=dict)
    loaded: dict[str, type[T]] = field(default_factory=dict)

    def register(self, name: str, cls: type[T]) -> None:
        self.loaded[name] = cls

    def names(self) -> list[str]:
        return sorted(set(self.targets) | set(self.loaded))

    def get(self, name: str) -> type[T]:
        key = name.lower()
        if key in self.loaded:
            return self.loaded[key]
        if key not in self.targets:
            known = ", ".join(self.names())
            raise UnknownFormat(f"unknown {self.kind} format '{name}' (known: {known})")
        cls: type[T] = _load(self.targets[key])
        self.loaded[key] = cls
        return cls

    def by_extension(self, extension: str) -> type[T] | None:
        wanted = extension.lower().lstrip(".")
        for name in self.names():
            try:
                cls = self.get(name)
            except Exception:  # a broken plugin must not stop the formats that work
                continue
            if wanted in (e.lstrip(".") for e in cls.extensions):
                return cls
        return None


@dataclass
class Registry:
    readers: FormatTable[Reader]
    writers: FormatTable[Writer]


def _entry_points(group: str) -> list[tuple[str, str]]:
    # Imported here: importlib.metadata costs ~20 ms, paid only when formats are looked up.
    from importlib.metadata import entry_points

    return [(ep.name, ep.value) for ep in entry_points(group=group)]


def default_registry() -> Registry:
    """The built-in formats plus every format installed through entry points."""
    readers: FormatTable[Reader] = FormatTable("input", dict(BUILTIN_READERS))
    writers: FormatTable[Writer] = FormatTable("output", dict(BUILTIN_WRITERS))
    for group, table in (("risx.readers", readers.targets), ("risx.writers", writers.targets)):
        for name, target in _entry_points(group):
            table[name.lower()] = target
    return Registry(readers, writers)
