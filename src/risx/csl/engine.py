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
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from risx.csl import fixes, speedups
from risx.csl.patching import Undo

Kind = Literal["fix", "speedup"]


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


_TESTS = "tests/test_csl_patches.py::"
_CORPUS_TESTS = "tests/test_csl_corpus_fixes.py::"

#: Every patch, in the order they are installed (fixes first).
PATCHES: dict[str, Patch] = {p.name: p for p in (
    Patch("csl102-variables", "fix", "CSL 1.0.2 name and date variables (director, host, "
          "reviewed-author ...) are parsed as strings and crash names rendering",
          _TESTS + "test_csl102_variables", fixes.csl102_variables),
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


def install() -> None:
    """Install every patch (idempotent)."""
    for patch in PATCHES.values():
        patch.install()


@contextmanager
def disabled(*names: str) -> Iterator[None]:
    """Run with some patches removed (for tests showing the defect each one fixes)."""
    unknown = set(names) - set(PATCHES)
    if unknown:
        raise KeyError(f"unknown patches: {sorted(unknown)}")
    removed = [PATCHES[n] for n in names if PATCHES[n].installed]
    for patch in removed:
        patch.uninstall()
    try:
        yield
    finally:
        for patch in removed:
            patch.install()
