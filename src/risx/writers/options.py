"""Writer options: each built-in writer's own dataclass, each field declared with its default,
its help and its command-line flag, and :class:`WriterOptions`, the view that holds them all.

A writer names its options class (:attr:`risx.writers.base.Writer.options_type`) and reads
only those fields.  ``risx convert`` builds its writer flags from :class:`WriterOptions`' fields
(:func:`flag_of` gives each field's :class:`Flag`), in their order here, so a new option is
one field with its flag; the CLI, ``risx.convert`` and ``risx.write`` take a
:class:`WriterOptions` and every writer picks its own fields out of it
(:meth:`Options.adopt`).

This module is light on purpose: the command imports it at start-up to declare its flags,
without importing any writer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, NamedTuple, TypeVar

OptionsT = TypeVar("OptionsT", bound="Options")


class Flag(NamedTuple):
    """How an option is spelled on the command line (a named tuple: cheaper to declare than a
    dataclass, and the command declares its flags at every start)."""

    #: The flag, as ``--crlf``.
    spelling: str
    help: str
    metavar: str | None = None
    #: The values it may take (a choice); empty: any.
    choices: tuple[str, ...] = ()
    show_default: bool = False
    #: For a flag without a value: the field's value when the flag is given (``True`` for a
    #: switch).  ``None``: the flag takes a value.
    given: object = None
    #: Checks a given value before anything is read or written; raises ``ValueError`` with a
    #: message naming the problem (a usage error).
    check: Callable[[str], object] | None = None
    #: Turns the given value (``None`` when the flag is absent) into the field's value; with
    #: it the command-line default is ``None``, not the field's (see :func:`from_flags`).
    convert: Callable[[Any], object] | None = None


def option(default: Any, flag: Flag) -> Any:
    """A dataclass field with its default and its command-line flag."""
    return field(default=default, metadata={"flag": flag})


def flag_of(declared: Any) -> Flag | None:
    """The flag of a field of an options class (``None``: the field has no flag)."""
    flag = declared.metadata.get("flag")
    return flag if isinstance(flag, Flag) else None


class Options:
    """What every writer's options class is: a frozen dataclass of fields with defaults.

    Not a dataclass itself (it has no fields): each dataclass costs the start of every command
    a few tenths of a millisecond (``benchmarks/README.md``), so there are as few as the
    writers need, and they are declared without ``eq`` and ``repr``: the comparison, the hash
    and the text are written here once for all of them (two options are equal when they are
    of the same class with the same values, as a dataclass's are).
    """

    def _names(self) -> tuple[str, ...]:
        return tuple(declared.name for declared in fields(self)) if is_dataclass(self) else ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Options) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{self.__class__.__qualname__}({shown})"

    @classmethod
    def adopt(cls: type[OptionsT], options: object | None) -> OptionsT:
        """``options`` as this class: itself when it is one (a :class:`WriterOptions` is every
        built-in writer's), else a new one from the fields of the same name it has, the
        others left at their defaults (another writer's options, a plugin's)."""
        if options is None:
            return cls()
        if isinstance(options, cls):
            return options
        if not is_dataclass(cls):
            return cls()  # no fields to take
        return cls(**{declared.name: getattr(options, declared.name)
                      for declared in fields(cls) if hasattr(options, declared.name)})


def _check_key_pattern(pattern: str) -> object:
    # Imported here: the command declares the flag at start-up, the check runs only when used.
    from risx.transforms.keys import KeyPattern

    return KeyPattern(pattern)  # KeyPatternError (a ValueError) says what is wrong


def _check_apa_rules(rules: str) -> object:
    from risx.apa import select_rules  # imported when the flag is used, not at start-up

    return select_rules(rules)  # UnknownRule (a ValueError) names the ID


def _check_no_apa_rules(rules: str) -> object:
    from risx.apa import select_rules

    return select_rules("all", rules.split(","))


def _rule_ids(given: str | None) -> tuple[str, ...]:
    return tuple(given.split(",")) if given else ()


def from_flags(values: dict[str, Any]) -> WriterOptions:
    """The options the command line gave (keyword arguments named after the fields), each
    flag's value converted to its field's where the flag says how."""
    converted = dict(values)
    for declared in fields(WriterOptions):
        flag = flag_of(declared)
        if flag is not None and flag.convert is not None and declared.name in converted:
            converted[declared.name] = flag.convert(converted[declared.name])
    return WriterOptions(**converted)


#: Drop source tags that no mapping used instead of keeping them in a note (the writers that
#: keep them: CSL-JSON, BibTeX, BibLaTeX).
NO_EXTRA = Flag("--no-extra", "Drop source tags no mapping used (default: keep them in a note).",
                given=True)


@dataclass(frozen=True, eq=False, repr=False)  # Options compares and shows them
class CslJsonOptions(Options):
    """``-t csl-json``."""

    no_extra: bool = option(False, NO_EXTRA)


@dataclass(frozen=True, eq=False, repr=False)  # Options compares and shows them
class BibtexOptions(Options):
    """``-t bibtex`` and ``-t biblatex``."""

    no_extra: bool = option(False, NO_EXTRA)

    #: Use the source's own ID/label as the cite key when it is a valid one.
    keep_ids: bool = option(False, Flag(
        "--keep-ids", "Use the source's ID as the key when it is valid.", given=True))
    #: Cite-key pattern; ``None`` means the default (:data:`risx.transforms.keys.DEFAULT_KEY_PATTERN`).
    key_pattern: str | None = option(None, Flag(
        "--key-pattern", "BibTeX cite-key pattern, e.g. '{auth}{year}{title}' (the default); "
        "fields: {auth} {Auth} {authors} {year} {title} {shorttitleN} {ShorttitleN}.",
        metavar="PATTERN", check=_check_key_pattern))
    #: Write LaTeX macros instead of UTF-8 for non-ASCII letters.
    ascii: bool = option(False, Flag(
        "--ascii", "BibTeX: write LaTeX macros instead of UTF-8 letters.", given=True))


@dataclass(frozen=True, eq=False, repr=False)  # Options compares and shows them
class ReferenceListOptions(Options):
    """The reference lists rendered by a CSL style (``-t apa``, ``html``, ``markdown``)."""

    #: CSL style name or path; ``None`` means the bundled APA 7.
    style: str | None = option(None, Flag(
        "--style", "CSL style for apa/markdown (default: APA 7).", metavar="NAME|FILE.csl"))
    #: CSL locale name or path; ``None`` means en-US.
    locale: str | None = option(None, Flag(
        "--locale", "CSL locale (default: en-US).", metavar="NAME|FILE.xml"))
    #: The APA Manual rules (:mod:`risx.apa`) for the bundled style: "all", "none" or IDs
    #: "R03,R14".
    apa_rules: str = option("all", Flag(
        "--apa-rules", "APA with the bundled style: the Manual rules to apply (default: all; "
        "--style apa-csl: none, apa.csl as it is).", metavar="all|none|R03,R14,...",
        check=_check_apa_rules, convert=lambda given: given or "all"))
    #: APA Manual rules left out ("R15", "APA-R27").
    no_apa_rules: tuple[str, ...] = option((), Flag(
        "--no-apa-rule", "APA: leave out these Manual rules (e.g. R15,R27).",
        metavar="ID[,ID...]", check=_check_no_apa_rules, convert=_rule_ids))


@dataclass(frozen=True, eq=False, repr=False)  # Options compares and shows them
class RisOptions(Options):
    """``-t ris``."""

    #: Line ending: "\n" or "\r\n".
    newline: str = option("\n", Flag("--crlf", "RIS output: end lines with CR LF.",
                                     given="\r\n"))


@dataclass(frozen=True, eq=False, repr=False)  # Options compares and shows them
class TitledListOptions(ReferenceListOptions):
    """The reference lists with a heading (``-t html``, ``docx``; Markdown adds its own)."""

    #: Heading above the reference list (HTML: also the page's ``<title>``); ``None`` means
    #: none (HTML and docx: "References").
    title: str | None = option(None, Flag(
        "--title", "Markdown/HTML/docx: a heading above the reference list.", metavar="TEXT"))


@dataclass(frozen=True, eq=False, repr=False)  # Options compares and shows them
class MarkdownOptions(TitledListOptions):
    """``-t markdown``."""

    #: "bullet" (``- ``) or "numbered" (``1. ``).
    list_style: str = option("bullet", Flag(
        "--list", "Markdown: the kind of list.", choices=("bullet", "numbered"),
        show_default=True))


@dataclass(frozen=True, eq=False, repr=False)  # Options compares and shows them
class CslYamlOptions(CslJsonOptions):
    """``-t csl-yaml``."""

    #: The list under ``references:`` between ``---`` lines (a document's front matter).
    front_matter: bool = option(False, Flag(
        "--front-matter", "csl-yaml: the list under 'references:' between '---' lines, for a "
        "document's front matter.", given=True))


# The bases' order gives the fields' order, which is the flags' order in --help: the fields
# of the classes furthest down the method resolution order come first (no_extra, then
# BibTeX's, the style's, RIS's, the headings', Markdown's, CSL YAML's).  A new writer's class
# goes first among the bases, and its flags come after the others.
@dataclass(frozen=True, eq=False, repr=False)  # Options compares and shows them
class WriterOptions(CslYamlOptions, MarkdownOptions, RisOptions, ReferenceListOptions, BibtexOptions,
                    CslJsonOptions):
    """Every built-in writer's options in one value: what the command line, ``risx.convert``
    and ``risx.write`` build; each writer reads its own fields of it."""
