"""Find readers and writers by name or file extension.

Formats come from two places: a built-in table (risx's own formats, also declared as entry
points) and the ``risx.readers`` / ``risx.writers`` entry-point groups, through which
third-party packages add formats.  The installed packages' entry points are only looked up
when the built-in table cannot answer (a name it does not have, an extension none of its
formats writes, the list of every format): looking them up costs more than a one-record
conversion, and make runs risx once per file.  So a built-in name always means the built-in
format (a plugin must choose another name), and a built-in format wins over a plugin for the
same extension.  Tests and embedding applications may add or replace formats at run time with
``register``.

Nothing is imported to find a format by extension: the built-in formats' extensions are data
here (:data:`BUILTIN_EXTENSIONS`; a test checks them against the classes), so ``-o refs.json``
does not import the BibTeX or CSL writers (bibtexparser, citeproc) to learn theirs.

There is no module-level mutable state: a :class:`Registry` is an object, and
:func:`default_registry` builds a fresh one.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from risx.readers.base import Reader
from risx.writers.base import Writer

BUILTIN_READERS: dict[str, str] = {
    "ris": "risx.readers.ris:RisReader",
    "csl-json": "risx.readers.csljson:CslJsonReader",
    "endnote-xml": "risx.readers.endnote_xml:EndnoteXmlReader",
    "bibtex": "risx.readers.bibtex:BibtexReader",
    "biblatex": "risx.readers.bibtex:BiblatexReader",
    "medline": "risx.readers.medline:MedlineReader",
    "wos": "risx.readers.wos:WosReader",
}

BUILTIN_WRITERS: dict[str, str] = {
    "csl-json": "risx.writers.csljson:CslJsonWriter",
    "bibtex": "risx.writers.bibtex:BibtexWriter",
    "biblatex": "risx.writers.biblatex:BiblatexWriter",
    "apa": "risx.writers.apa:ApaWriter",
    "markdown": "risx.writers.markdown:MarkdownWriter",
    "ris": "risx.writers.ris:RisWriter",
    "html": "risx.writers.html:HtmlWriter",
    "hayagriva": "risx.writers.hayagriva:HayagrivaWriter",
    "csl-yaml": "risx.writers.csl_yaml:CslYamlWriter",
    "docx": "risx.writers.docx:DocxWriter",
}

#: The file extensions of each built-in format, by target (the same as its class's
#: ``extensions``), so that finding a format by extension imports none of them.
BUILTIN_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "risx.readers.ris:RisReader": (".ris", ".txt"),
    "risx.readers.csljson:CslJsonReader": (".json",),
    "risx.readers.endnote_xml:EndnoteXmlReader": (".xml", ".endx"),
    "risx.readers.bibtex:BibtexReader": (".bib", ".bibtex"),
    "risx.readers.bibtex:BiblatexReader": (),
    "risx.readers.medline:MedlineReader": (".nbib", ".medline"),
    "risx.readers.wos:WosReader": (".ciw", ".isi"),
    "risx.writers.csljson:CslJsonWriter": (".json",),
    "risx.writers.bibtex:BibtexWriter": (".bib",),
    "risx.writers.biblatex:BiblatexWriter": (),
    "risx.writers.apa:ApaWriter": (".txt",),
    "risx.writers.markdown:MarkdownWriter": (".md",),
    "risx.writers.ris:RisWriter": (".ris",),
    "risx.writers.html:HtmlWriter": (".html", ".htm"),
    "risx.writers.hayagriva:HayagrivaWriter": (".yml",),
    "risx.writers.csl_yaml:CslYamlWriter": (".yaml",),
    "risx.writers.docx:DocxWriter": (".docx",),
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
    """Formats of one kind (readers or writers), loaded lazily.

    ``targets`` are the built-in formats (``name -> "module:Class"``); ``plugins`` gives the
    installed formats (``(name, target)`` pairs), and is called the first time a question
    needs them.
    """

    kind: str
    targets: dict[str, str] = field(default_factory=dict)
    loaded: dict[str, type[T]] = field(default_factory=dict)
    plugins: Callable[[], Iterable[tuple[str, str]]] | None = None

    def register(self, name: str, cls: type[T]) -> None:
        self.loaded[name] = cls

    def _add_plugins(self) -> bool:
        """Add the installed formats the table does not have; False if that was done before."""
        if self.plugins is None:
            return False
        plugins, self.plugins = self.plugins, None
        for name, target in plugins():
            self.targets.setdefault(name.lower(), target)
        return True

    def names(self) -> list[str]:
        self._add_plugins()
        return self._known_names()

    def _known_names(self) -> list[str]:
        return sorted(set(self.targets) | set(self.loaded))

    def get(self, name: str) -> type[T]:
        key = name.lower()
        if key in self.loaded:
            return self.loaded[key]
        if key not in self.targets:
            self._add_plugins()  # only a name the built-in table lacks needs the plugins
        if key not in self.targets:
            known = ", ".join(self.names())
            raise UnknownFormat(f"unknown {self.kind} format '{name}' (known: {known})")
        cls: type[T] = _load(self.targets[key])
        self.loaded[key] = cls
        return cls

    def by_extension(self, extension: str) -> type[T] | None:
        """The format for files ending in ``extension``: the first by name among the built-in
        and registered ones, else among the installed plugins; ``None`` if no format has it."""
        wanted = extension.lower().lstrip(".")
        known = self._known_names()
        found = self._first_with_extension(known, wanted)
        if found is None and self._add_plugins():
            plugins = [name for name in self._known_names() if name not in known]
            found = self._first_with_extension(plugins, wanted)
        return found

    def _first_with_extension(self, names: Iterable[str], wanted: str) -> type[T] | None:
        for name in names:
            if wanted in (e.lstrip(".") for e in self._extensions(name)):
                try:
                    return self.get(name)
                except Exception:  # a broken plugin must not stop the formats that work
                    continue
        return None

    def _extensions(self, name: str) -> tuple[str, ...]:
        """A format's extensions, without importing it when it is a built-in one."""
        if name not in self.loaded and self.targets.get(name) in BUILTIN_EXTENSIONS:
            return BUILTIN_EXTENSIONS[self.targets[name]]
        try:
            return self.get(name).extensions
        except Exception:  # a broken plugin must not stop the formats that work
            return ()


@dataclass
class Registry:
    readers: FormatTable[Reader]
    writers: FormatTable[Writer]


def _entry_points(group: str) -> list[tuple[str, str]]:
    # Imported here: importlib.metadata costs more than a one-record conversion.
    from importlib.metadata import entry_points

    return [(ep.name, ep.value) for ep in entry_points(group=group)]


def default_registry() -> Registry:
    """The built-in formats, and every format installed through entry points when asked for."""
    return Registry(
        FormatTable("input", dict(BUILTIN_READERS),
                    plugins=functools.partial(_entry_points, "risx.readers")),
        FormatTable("output", dict(BUILTIN_WRITERS),
                    plugins=functools.partial(_entry_points, "risx.writers")))
