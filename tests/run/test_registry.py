"""Finding formats: built-in ones without reading the installed packages, plugins when needed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

import pytest

from risx.model import Record
from risx.registry import (
    BUILTIN_EXTENSIONS,
    BUILTIN_READERS,
    BUILTIN_WRITERS,
    FormatTable,
    UnknownFormat,
    _load,
    default_registry,
)
from risx.writers.base import Writer
from risx.writers.bibtex import BibtexWriter
from risx.writers.csljson import CslJsonWriter


class YamlWriter(Writer):
    """A plugin's format, found through this module's name as an entry point would be."""

    name = "yaml"
    # Extensions no built-in format writes (.yml is Hayagriva's, .yaml CSL YAML's).
    extensions = (".toml", ".tml")
    description = "a plugin"

    def write(self, records: Iterable[Record], out: TextIO) -> None:
        out.write("[]\n")


class JsonPlugin(YamlWriter):
    name = "json-plugin"
    extensions = (".json",)


class Lookups:
    """Stands for the entry points: the pairs it gives, and how often it was asked."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        self.calls = 0

    def __call__(self) -> Iterator[tuple[str, str]]:
        self.calls += 1
        return iter(self.pairs)


def writers(*pairs: tuple[str, str]) -> tuple[FormatTable[Writer], Lookups]:
    plugins = Lookups(list(pairs))
    return FormatTable("output", dict(BUILTIN_WRITERS), plugins=plugins), plugins


def test_the_builtin_extensions_are_the_classes_own() -> None:
    targets = {*BUILTIN_READERS.values(), *BUILTIN_WRITERS.values()}
    assert set(BUILTIN_EXTENSIONS) == targets
    for target in targets:
        assert BUILTIN_EXTENSIONS[target] == _load(target).extensions, target


def test_builtin_formats_are_found_without_the_installed_packages() -> None:
    table, plugins = writers(("yaml", f"{__name__}:YamlWriter"))
    assert table.get("csl-json") is CslJsonWriter
    assert table.get("BibTeX") is BibtexWriter
    assert table.by_extension(".json") is CslJsonWriter
    assert table.by_extension("bib") is BibtexWriter
    assert plugins.calls == 0


def test_by_extension_imports_only_the_format_it_returns() -> None:
    table, _ = writers()
    assert table.by_extension(".json") is CslJsonWriter
    assert set(table.loaded) == {"csl-json"}  # not apa, biblatex, bibtex before it by name


def test_plugins_are_read_once_for_what_the_builtins_lack() -> None:
    table, plugins = writers(("YAML", f"{__name__}:YamlWriter"))
    assert table.get("yaml") is YamlWriter
    assert table.by_extension(".tml") is YamlWriter
    assert "yaml" in table.names()
    assert table.by_extension(".nothing") is None
    assert plugins.calls == 1


def test_an_unknown_name_lists_the_plugins_too() -> None:
    table, _ = writers(("yaml", f"{__name__}:YamlWriter"))
    with pytest.raises(UnknownFormat, match=r"unknown output format 'nope' \(known: apa, .*yaml"):
        table.get("nope")


def test_a_plugin_cannot_replace_a_builtin_format() -> None:
    table, _ = writers(("csl-json", f"{__name__}:YamlWriter"),
                       ("json-plugin", f"{__name__}:JsonPlugin"))
    assert table.get("csl-json") is CslJsonWriter
    assert table.by_extension(".json") is CslJsonWriter  # the built-in first, then plugins
    assert table.names().count("csl-json") == 1
    assert table.get("json-plugin") is JsonPlugin


def test_a_broken_plugin_does_not_hide_the_others() -> None:
    table, _ = writers(("broken", "no_such_module_anywhere:Writer"),
                       ("yaml", f"{__name__}:YamlWriter"))
    assert table.by_extension(".toml") is YamlWriter
    with pytest.raises(ModuleNotFoundError):
        table.get("broken")


def test_registered_formats_win_and_need_no_lookup() -> None:
    table, plugins = writers()
    table.register("csl-json", YamlWriter)
    assert table.get("csl-json") is YamlWriter
    assert table.by_extension(".toml") is YamlWriter
    assert plugins.calls == 0


def test_the_default_registry_has_every_builtin_format() -> None:
    registry = default_registry()
    assert set(BUILTIN_READERS) <= set(registry.readers.names())
    assert set(BUILTIN_WRITERS) <= set(registry.writers.names())
