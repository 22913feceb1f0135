"""The CSL engine: citeproc-py with risx's patches, and the registry that names them.

citeproc-py is an ordinary dependency.  Where it falls short of CSL as citeproc-js
renders it (the oracle risx is measured against), risx changes one function from
outside for each defect, rather than carrying a copy of citeproc-py: every line of
risx stays the team's own, and an upgrade of citeproc-py is a test run.  The patches
come in two kinds, each in its own module:

* **fixes** (:mod:`risx.csl.fixes`): the output changes, towards CSL;
* **speed-ups** (:mod:`risx.csl.speedups`): the output stays the same, faster.

The rules the fixes follow are plain functions in :mod:`risx.csl.rules`.  Each row
of :data:`PATCHES` names a patch, says what it fixes, and names the test that shows
the defect coming back without it (:func:`disabled`).

**When.**  Importing risx, or ``risx.csl``, changes nothing in citeproc-py: a program
that imports risx and renders nothing keeps citeproc-py as it was installed.  The
patches go in when rendering starts: a :class:`~risx.csl.render.CslRenderer` calls
:func:`install` when it is made and before each list it renders, and a worker
process when it starts.  :func:`install` is idempotent and thread-safe.

**Undoing.**  Once in, the patches stay: a renderer and its style go on being used
(the next list, the worker processes), and taking the patches out after each list
would pull them from under a list another thread is rendering.  A program that
wants citeproc-py back as it was calls :func:`uninstall` (the next render installs
them again), or renders inside a :func:`patched` block, which restores what it found.
Both are process-wide: while the patches are in, any citeproc-py rendering in the
process gets them; monkey-patching cannot be scoped to one thread.

**Which citeproc-py.**  The patches read citeproc-py's internals, so they are made for
a range of releases (:data:`CITEPROC_RANGE`, the same as in ``pyproject.toml``), and
``scripts/test-citeproc-versions`` runs the CSL tests against every release in it
that PyPI has.  Outside the range risx refuses to render (CSL001), naming the range;
with ``RISX_CITEPROC_UNTESTED=1`` it warns once and tries (the CI run against the
newest release does, to show early what a new release breaks, or which patch it
makes unnecessary: that patch's test then finds no defect with the patch off).
"""

from __future__ import annotations

import os
import re
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import citeproc  # type: ignore[import-untyped]

from risx.csl import fixes, speedups
from risx.csl.patching import Undo

Kind = Literal["fix", "speedup"]

#: The citeproc-py releases the patches are made for: from the first up to, not including,
#: the second.  0.11.0 and 0.11.1 have the same code; 0.10.x lacks the seam handling
#: (``citeproc.string.normalize_seam``) that the punctuation fix builds on.
CITEPROC_RANGE = ("0.11.0", "0.12")
#: Set (to anything but "" or "0") to render with a citeproc-py outside the range anyway.
UNTESTED_ENV = "RISX_CITEPROC_UNTESTED"


class CiteprocVersionError(RuntimeError):
    """The installed citeproc-py is outside :data:`CITEPROC_RANGE`, or a patch does not fit it."""


class UntestedCiteprocWarning(UserWarning):
    """Rendering with a citeproc-py outside :data:`CITEPROC_RANGE`, as asked."""


def _release(version: str) -> tuple[int, ...] | None:
    match = re.match(r"^(\d+)\.(\d+)(?:\.(\d+))?", version)
    if match is None:
        return None
    return tuple(int(g or 0) for g in match.groups())  # "0.12" is 0.12.0


def citeproc_version_problem(version: str | None = None) -> str | None:
    """Why citeproc-py ``version`` (default: the installed one) is not one the patches are
    made for, or ``None`` when it is."""
    version = str(citeproc.__version__) if version is None else version
    release, low, high = _release(version), _release(CITEPROC_RANGE[0]), _release(CITEPROC_RANGE[1])
    if release is not None and low is not None and high is not None and low <= release < high:
        return None
    return (f"citeproc-py {version} is installed, but risx's CSL layer is made for "
            f"citeproc-py >={CITEPROC_RANGE[0]},<{CITEPROC_RANGE[1]}: install one of those "
            f"(pip install 'citeproc-py>={CITEPROC_RANGE[0]},<{CITEPROC_RANGE[1]}'), or set "
            f"{UNTESTED_ENV}=1 to try this one")


def check_citeproc_version() -> None:
    """Refuse a citeproc-py outside the range (:class:`CiteprocVersionError`); with
    :data:`UNTESTED_ENV` set, warn once instead."""
    global _WARNED
    problem = citeproc_version_problem()
    if problem is None:
        return
    if os.environ.get(UNTESTED_ENV, "") in ("", "0"):
        raise CiteprocVersionError(problem)
    if not _WARNED:
        _WARNED = True
        warnings.warn(f"{problem.split(':')[0]}; rendering anyway ({UNTESTED_ENV} is set)",
                      UntestedCiteprocWarning, stacklevel=3)


@dataclass(eq=False)
class Patch:
    """One change to citeproc-py: ``apply`` makes it and returns how to undo it."""

    name: str
    kind: Kind
    #: What stock citeproc-py does wrong (a fix) or does again and again (a speed-up).
    defect: str
    #: The test that shows the defect when the patch is off.
    shown_by: str
    apply: Callable[[], Undo]
    undo: Undo | None = None
    #: Whether :func:`install` installs it (:func:`disabled` turns a patch off).
    wanted: bool = True

    @property
    def installed(self) -> bool:
        return self.undo is not None

    def install(self) -> None:
        if self.undo is None:
            self.undo = self.apply()

    def uninstall(self) -> None:
        if self.undo is not None:
            self.undo()
            self.undo = None


_TESTS = "tests/csl/test_csl_patches.py::"
_CORPUS_TESTS = "tests/csl/test_csl_corpus_fixes.py::"

#: Every patch, in the order they are installed (fixes first).
PATCHES: dict[str, Patch] = {p.name: p for p in (
    Patch("csl102-variables", "fix", "CSL 1.0.2 name and date variables (director, host, "
          "reviewed-author ...) are parsed as strings and crash names rendering",
          _TESTS + "test_csl102_variables", fixes.csl102_variables),
    Patch("number-of-volumes", "fix", "a number-of-volumes (\"(Vols. 1–4)\") is dropped: "
          "the label's plural test raises", _TESTS + "test_number_of_volumes",
          fixes.number_of_volumes),
    Patch("condition-reads", "fix", "(infrastructure) reads made by cs:if tests and label "
          "plurality are neither variable calls nor blocked by substitution",
          _TESTS + "test_condition_reads", fixes.condition_reads),
    Patch("date-range", "fix", "a date range crashes (context is a cs:text) or loses its year",
          _TESTS + "test_date_range", fixes.date_range),
    Patch("substitute-suppresses", "fix", "a variable printed by cs:substitute is printed "
          "again (title, editors, edition twice)", _TESTS + "test_substitute_suppresses",
          fixes.substitute_suppresses),
    Patch("dynamic-group", "fix", "a cs:group is kept when a taken branch prints only a term "
          "(\"(Publication)\")", _TESTS + "test_dynamic_group", fixes.dynamic_group),
    Patch("label-text-case", "fix", "text-case=\"title\" ignored on labels (\"(eds.)\")",
          _TESTS + "test_label_text_case", fixes.label_text_case),
    Patch("term-form-fallback", "fix", "no fallback from a missing term form (verb-short -> "
          "verb -> long)", _TESTS + "test_term_form_fallback", fixes.term_form_fallback),
    Patch("expanded-page-range", "fix", "page-range-format=\"expanded\" leaves \"1234–45\"",
          _TESTS + "test_expanded_page_range", fixes.expanded_page_range),
    Patch("verbatim-pages", "fix", "page values that are not ranges (\"366-+\", \"pp 37-64\") "
          "get a range dash, and \"968-&\" becomes \"968– & \"",
          _CORPUS_TESTS + "test_page_patch_off_gives_the_stock_range_dash",
          fixes.verbatim_pages),
    Patch("initials", "fix", "initials of \"Wei-qin\" and \"Name of\" come out as "
          "\"W.-. qin .\" and \"N. of .\"; initialize=\"false\" is ignored",
          _CORPUS_TESTS + "test_initials_patch_and_initialize_false", fixes.initials),
    Patch("title-case", "fix", "title case skips words after \"(\" or a hyphen, capitalises "
          "one-letter words and words after \".\"",
          _CORPUS_TESTS + "test_title_case_patch_off", fixes.title_case),
    Patch("cjk-names", "fix", "CJK names come out as \"王, . 小明 .\"",
          _TESTS + "test_cjk_names", fixes.cjk_names),
    Patch("capitalize-first", "fix", "text-case=\"capitalize-first\" capitalises a first word "
          "that has capitals (\"ArXiv:1706.03762\")", _TESTS + "test_capitalize_first",
          fixes.capitalize_first),
    Patch("thousands-separator", "fix", "a number with thousands commas (patent "
          "\"9,367,538\") gets a plural label (\"Patent Nos.\")",
          _TESTS + "test_thousands_separator", fixes.thousands_separator),
    Patch("group-author-pair", "fix", "two group authors are joined \"A, & B\" (citeproc-js "
          "and APA 7 9.8: \"A & B\")", _TESTS + "test_group_author_pair",
          fixes.group_author_pair),
    Patch("spaced-ellipsis", "fix", "21 or more authors get \"…\" in the Manual profile's "
          "style (APA 7 9.8: \". . .\"); apa.csl itself keeps CSL's ellipsis",
          _TESTS + "test_spaced_ellipsis", fixes.spaced_ellipsis),
    Patch("punctuation-seams", "fix", "\"?.\" and \"!.\" at a seam, seams behind an italic end",
          _TESTS + "test_punctuation_seams", fixes.punctuation_seams),
    Patch("collation-sort", "fix", "sorting by code point puts Ø, Ç, Å after Z",
          _TESTS + "test_collation_sort", fixes.collation_sort),
    Patch("memoised-lookups", "speedup", "XPath lookups (macros, ancestors, terms) repeated "
          "on every render", _TESTS + "test_memoised_lookups", speedups.memoised_lookups),
    Patch("static-conditions", "speedup", "cs:if looks up which tests it makes, and splits "
          "and lower-cases its types, on every entry",
          _TESTS + "test_once_per_style_facts_change_no_output", speedups.static_conditions),
    Patch("plain-elements", "speedup", "elements without formatting or affixes still run the "
          "five formatting steps and two seam checks on every render",
          _TESTS + "test_once_per_style_facts_change_no_output", speedups.plain_elements),
    Patch("memoised-locale-options", "speedup", "locale options (punctuation-in-quote ...) "
          "looked up in the locale tree on every quoted text",
          _TESTS + "test_once_per_style_facts_change_no_output",
          speedups.memoised_locale_options),
    Patch("static-children", "speedup", "every render of an element asks lxml for its "
          "children again (a list of proxies per cs:choose, cs:if, cs:group, macro)",
          _TESTS + "test_static_children_ask_lxml_once_per_element", speedups.static_children),
    Patch("static-text", "speedup", "every cs:text looks up what it prints on every render, "
          "and an item without a language raises an exception in each",
          _TESTS + "test_once_per_style_facts_change_no_output", speedups.static_text),
)}


def install(*, without: Iterable[str] = ()) -> None:
    """Install every patch that is not turned off (idempotent); ``without`` turns those off
    first (a worker process copies its parent's engine this way)."""
    check_citeproc_version()
    with _LOCK:
        for name in _known(without):
            _turn_off(PATCHES[name])
        done: list[Patch] = []
        for patch in PATCHES.values():
            if patch.wanted and not patch.installed:
                try:
                    patch.install()
                except Exception as error:  # an untested citeproc-py lacks what it replaces
                    for applied in reversed(done):
                        applied.uninstall()
                    raise CiteprocVersionError(
                        f"risx's patch '{patch.name}' does not fit citeproc-py "
                        f"{citeproc.__version__}: {type(error).__name__}: {error}") from error
                done.append(patch)


def uninstall() -> None:
    """Take every patch out: citeproc-py is as it was before risx installed anything.  The
    next renderer (or render) installs them again."""
    with _LOCK:
        for patch in reversed(PATCHES.values()):
            patch.uninstall()


def is_installed() -> bool:
    """Whether every patch that is not turned off is in."""
    return all(patch.installed for patch in PATCHES.values() if patch.wanted)


def turned_off() -> tuple[str, ...]:
    """The patches :func:`disabled` (or ``install(without=...)``) turned off, in order."""
    return tuple(name for name, patch in PATCHES.items() if not patch.wanted)


@contextmanager
def patched() -> Iterator[None]:
    """citeproc-py with risx's patches inside the block, and as it was found after it.

    For a program that renders with risx and uses citeproc-py itself as well.  The
    patches change citeproc-py for the whole process: code in other threads that
    renders with citeproc-py while the block runs gets them too, and the block must
    enclose all of risx's rendering (a renderer made inside it re-installs the patches
    when used outside it).  Blocks nest; the outermost one restores.
    """
    global _DEPTH, _RESTORE
    with _LOCK:
        if _DEPTH == 0:
            _RESTORE = not any(patch.installed for patch in PATCHES.values())
        _DEPTH += 1
        install()
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0 and _RESTORE:
                uninstall()


@contextmanager
def disabled(*names: str) -> Iterator[None]:
    """The engine as risx installs it, less the named patches (for the tests that show the
    defect each one fixes, and for measuring stock citeproc-py)."""
    chosen = [PATCHES[name] for name in _known(names)]
    with _LOCK:
        install()
        chosen = [patch for patch in chosen if patch.wanted]
        for patch in chosen:
            patch.wanted = False
        _reinstall()
    try:
        yield
    finally:
        with _LOCK:
            for patch in chosen:
                patch.wanted = True
            _reinstall()


def _known(names: Iterable[str]) -> list[str]:
    names = list(names)
    unknown = set(names) - set(PATCHES)
    if unknown:
        raise KeyError(f"unknown patches: {sorted(unknown)}")
    return names


def _turn_off(patch: Patch) -> None:
    patch.wanted = False
    _reinstall()


def _reinstall() -> None:
    """Every patch out, last first, and the wanted ones in again in order: patches that wrap
    the same function (several wrap ``Name.process``) each undo to what they found, so one
    cannot be taken out from under a later one alone."""
    for patch in reversed(PATCHES.values()):
        patch.uninstall()
    for patch in PATCHES.values():
        if patch.wanted:
            patch.install()


#: Installing and taking out happen under this lock, so two threads starting renderers at
#: once install each patch once.
_LOCK = threading.RLock()
#: How many :func:`patched` blocks are open, and whether the outermost one found
#: citeproc-py without patches.
_DEPTH = 0
_RESTORE = False
#: Whether the warning about an untested citeproc-py was given.
_WARNED = False
