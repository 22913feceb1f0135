"""The CSL engine boundary: when risx's patches go into citeproc-py, and how they come out.

A program that imports risx (the API, the writers, ``risx.csl`` itself) and renders nothing
keeps citeproc-py exactly as it was installed; the patches go in when a renderer starts,
and :func:`risx.csl.engine.uninstall` or a :func:`~risx.csl.engine.patched` block gives
citeproc-py back.  Each of these tests runs in a fresh interpreter, since this test
process has long since rendered with the patches in.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from risx.csl import engine

#: Prints nothing; defines ``state()``: every attribute of citeproc-py's modules and of their
#: classes (by object identity), and the variable lists the patches extend.
STATE = """\
import json, sys
import citeproc, citeproc.model, citeproc.string, citeproc.source, citeproc.source.json

def state():
    seen = {}
    for module in (citeproc, citeproc.model, citeproc.string, citeproc.source,
                   citeproc.source.json):
        for name, value in vars(module).items():
            seen[module.__name__ + "." + name] = id(value)
            if isinstance(value, type) and value.__module__.startswith("citeproc"):
                for attribute, member in vars(value).items():
                    seen[module.__name__ + "." + name + "." + attribute] = id(member)
    for name in ("NAMES", "DATES", "VARIABLES"):
        seen[name] = list(getattr(citeproc, name))
    return seen

ITEM = {"id": "a", "type": "book", "title": "T", "author": [{"family": "Ødegaard",
        "given": "Wei-qin"}], "issued": {"date-parts": [[2019, 5, 23], [2019, 5, 26]]}}

def render():
    from risx.csl import CslRenderer, load_style
    return CslRenderer(load_style()).render([ITEM]).entries[0].text
"""


def run(body: str) -> dict[str, object]:
    """Run ``body`` after :data:`STATE` in a fresh interpreter; it prints one JSON object."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", STATE + body], capture_output=True,
                          text=True, env=env, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_importing_risx_changes_nothing_in_citeproc_py() -> None:
    result = run("""
before = state()
import risx, risx.api, risx.csl, risx.csl.engine, risx.csl.workers
from risx.registry import BUILTIN_WRITERS
import importlib
for target in BUILTIN_WRITERS.values():
    importlib.import_module(target.split(":")[0])
from risx.csl import load_style
load_style()  # loading a style is not rendering either
print(json.dumps({"same": state() == before,
                  "installed": risx.csl.engine.is_installed()}))
""")
    assert result == {"same": True, "installed": False}


def test_rendering_installs_and_uninstall_restores() -> None:
    result = run("""
import citeproc.model as cm
original = cm.Date.render_date_range
before = state()
first = render()
from risx.csl import engine
patched = state()
swapped = cm.Date.render_date_range is not original
engine.uninstall()
restored = state() == before
again = render()
with engine.disabled(*engine.PATCHES):
    stock = render()
print(json.dumps({"stock": stock, "swapped": swapped, "changed": patched != before, "restored": restored,
                  "first": first, "again": again, "extended": len(patched["NAMES"]) >
                  len(before["NAMES"])}))
""")
    assert result["swapped"] and result["changed"] and result["extended"]
    assert result["restored"]
    # Rendering after an uninstall puts the patches back: the same entry, not stock output.
    assert result["first"] == result["again"] == "Ødegaard, W. (2019). T."
    assert result["stock"] != result["first"]  # a range's year, initials of "Wei-qin"


def test_patched_block_gives_citeproc_py_back_as_found() -> None:
    result = run("""
from risx.csl import engine
before = state()
with engine.patched():
    with engine.patched():  # nested: only the outermost restores
        inner = render()
    still_in = engine.is_installed()
after_block = state() == before
engine.install()  # installed before a block: the block leaves it installed
with engine.patched():
    render()
print(json.dumps({"inner": inner, "still_in": still_in, "after_block": after_block,
                  "kept": engine.is_installed()}))
""")
    assert result == {"inner": "Ødegaard, W. (2019). T.", "still_in": True,
                      "after_block": True, "kept": True}


def test_install_is_idempotent() -> None:
    result = run("""
from risx.csl import engine
before = state()
engine.install()
once = state()
engine.install()
twice = state()
engine.uninstall()
print(json.dumps({"idempotent": once == twice, "restored": state() == before}))
""")
    assert result == {"idempotent": True, "restored": True}


def test_disabled_turns_a_patch_off_for_later_renderers_too() -> None:
    """A renderer made inside ``disabled`` installs the engine without that patch, and the
    worker start-up gets the same list (``turned_off``)."""
    from risx.csl import CslRenderer, load_style

    with engine.disabled("date-range"):
        assert engine.turned_off() == ("date-range",)
        CslRenderer(load_style())
        assert not engine.PATCHES["date-range"].installed
        assert engine.is_installed()  # every patch that is wanted is in
    assert engine.turned_off() == ()
    assert engine.PATCHES["date-range"].installed


def test_unknown_patch_names_are_refused() -> None:
    with pytest.raises(KeyError), engine.disabled("no-such-patch"):
        pass
    with pytest.raises(KeyError):
        engine.install(without=["no-such-patch"])


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_every_patch_row_names_its_kind_defect_and_a_test_that_exists() -> None:
    assert list(engine.PATCHES) == [p.name for p in engine.PATCHES.values()]
    kinds = [patch.kind for patch in engine.PATCHES.values()]
    # Fixes first, then speed-ups: a speed-up only remembers what the fixed code asks.
    assert kinds == sorted(kinds, key=["fix", "speedup"].index)
    for patch in engine.PATCHES.values():
        assert patch.defect.strip(), patch.name
        file, _, test = patch.shown_by.partition("::")
        assert test in _test_functions(ROOT / file), patch.shown_by


# --- the citeproc-py versions risx accepts ------------------------------------------------------

@pytest.mark.parametrize("version", ["0.11.0", "0.11.1", "0.11.2", "0.11.1.dev3+g1234"])
def test_releases_in_the_range_are_accepted(version: str) -> None:
    assert engine.citeproc_version_problem(version) is None


@pytest.mark.parametrize("version", ["0.10.7", "0.10.0", "0.12", "0.12.0", "1.0.0", "unknown"])
def test_releases_outside_the_range_are_named_with_the_range(version: str) -> None:
    problem = engine.citeproc_version_problem(version)
    assert problem is not None
    assert f"citeproc-py {version} is installed" in problem
    assert ">=0.11.0,<0.12" in problem and engine.UNTESTED_ENV in problem


def test_the_range_is_the_one_pyproject_declares() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    low, high = engine.CITEPROC_RANGE
    assert f'"citeproc-py>={low},<{high}"' in pyproject


def test_the_installed_citeproc_py_is_in_the_range() -> None:
    """The run that tests an untested release sets the variable; every other run must be
    on a release of the range, or the tests above and the oracle would say nothing."""
    if os.environ.get(engine.UNTESTED_ENV, "") in ("", "0"):
        assert engine.citeproc_version_problem() is None


def test_outside_the_range_rendering_is_refused_or_warned(monkeypatch: pytest.MonkeyPatch,
                                                         ) -> None:
    import citeproc

    from risx.csl import CslRenderer, CslStyleError, load_style

    style = load_style()
    monkeypatch.setattr(citeproc, "__version__", "0.10.7")
    monkeypatch.delenv(engine.UNTESTED_ENV, raising=False)
    with pytest.raises(CslStyleError, match=re.escape("citeproc-py 0.10.7 is installed")):
        load_style()
    with pytest.raises(engine.CiteprocVersionError):
        CslRenderer(style)
    monkeypatch.setenv(engine.UNTESTED_ENV, "1")
    monkeypatch.setattr(engine, "_WARNED", False)
    with pytest.warns(engine.UntestedCiteprocWarning, match=re.escape("citeproc-py 0.10.7")):
        CslRenderer(style)
    CslRenderer(style)  # once only: a second renderer does not warn again


def test_the_command_refuses_an_unsupported_citeproc_py_cleanly(tmp_path: Path) -> None:
    """``risx convert -t apa`` says what to install, with CSL001 and exit status 1, and
    writes nothing."""
    target = tmp_path / "refs.txt"
    code = ("import sys, citeproc; citeproc.__version__ = '0.10.7'\n"
            "from risx.cli import main; sys.exit(main())")
    env = {key: value for key, value in os.environ.items() if key != engine.UNTESTED_ENV}
    env["PYTHONPATH"] = str(ROOT / "src")
    done = subprocess.run([sys.executable, "-c", code, "convert",
                           str(ROOT / "examples" / "troup2022.ris"), "-t", "apa",
                           "-o", str(target)], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert "error[CSL001]: citeproc-py 0.10.7 is installed" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists()


def test_a_patch_that_does_not_fit_is_named_and_nothing_is_left_half_installed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import citeproc
    import citeproc.model as cm

    from risx.csl.patching import Undo

    engine.uninstall()
    try:
        names_before = list(citeproc.NAMES)

        def missing() -> Undo:
            raise AttributeError("type object 'Date' has no attribute 'render_date_range'")

        monkeypatch.setattr(engine.PATCHES["date-range"], "apply", missing)
        with pytest.raises(engine.CiteprocVersionError, match="patch 'date-range' does not fit"):
            engine.install()
        assert not any(patch.installed for patch in engine.PATCHES.values())
        assert list(citeproc.NAMES) == names_before  # the fixes before it were taken back
        assert "render_date_range" in vars(cm.Date)
    finally:
        monkeypatch.undo()
        engine.install()
    assert engine.is_installed()


# --- what the speed-ups remember, and where -----------------------------------------------------

def test_a_loaded_style_leaves_the_speedups_table_when_it_is_dropped() -> None:
    import gc

    from risx.csl import CslRenderer, load_style
    from risx.csl.elements import FACTS

    gc.collect()
    before = len(FACTS)
    style = load_style()
    renderer = CslRenderer(style)
    renderer.render([{"id": "a", "type": "book", "title": "T", "issued": "2020"}])
    elements = sum(1 for _ in style.root.iter())
    assert len(FACTS) >= before + elements
    del renderer, style
    gc.collect()
    assert len(FACTS) == before


def test_a_style_risx_did_not_load_is_left_untouched() -> None:
    """A host program's own citeproc-py style, rendered while the patches are in, renders
    as with risx's styles and gets no attributes and no table entries from risx."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    from risx.csl.elements import FACTS
    from risx.csl.style import bundled_file

    engine.install()
    style = CitationStylesStyle(str(bundled_file("apa.csl")), validate=False)
    elements = list(style.root.iter())
    items = [{"id": "a", "type": "book", "title": "A title", "author": [{"family": "Lee",
              "given": "Ann"}], "issued": {"date-parts": [[2020]]}}]
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem("a")]))
    assert [str(entry) for entry in bibliography.bibliography()] == [
        "Lee, A. (2020). A title."]
    assert not any(element in FACTS for element in elements)
    # citeproc-py keeps its own state on some (root.formatter, layout.repressed): only that.
    kept = {name for element in elements for name in getattr(element, "__dict__", {})}
    assert kept <= {"formatter", "locales", "repressed", "style"}, kept


# --- the renderer's seam: CSL items in, neutral entries out -------------------------------------

def test_the_renderer_reads_items_and_never_changes_them() -> None:
    """A rule layer hands the renderer changed copies of the items and keeps the originals
    for the CSL-JSON output: the renderer must leave every item as it was given."""
    import copy

    from risx.csl import CslRenderer, load_style

    items = []
    for name in ("items", "extra_items", "extra2"):
        path = ROOT / "tests" / "corpus" / "apa-oracle" / f"{name}.json"
        items.extend(json.loads(path.read_text(encoding="utf-8")))
    given = copy.deepcopy(items)

    def retyped(item: dict[str, object]) -> dict[str, object]:
        # What an item rule does: a changed copy, never the original.
        return {**item, "type": "chapter"} if item.get("type") == "paper-conference" else item

    bibliography = CslRenderer(load_style()).render(retyped(item) for item in items)
    assert items == given
    # Every input position comes back exactly once, as an entry, a failure or an omission.
    positions = [e.index for e in bibliography.entries] + [
        f.index for f in bibliography.failures] + list(bibliography.omitted)
    assert sorted(positions) == list(range(len(items)))


def test_the_layout_options_are_the_styles_properties(tmp_path: Path) -> None:
    from risx.csl import load_style
    from risx.csl.style import bundled_file

    apa = load_style()
    assert (apa.hanging_indent, apa.line_spacing) == (True, 2)
    plain = tmp_path / "plain.csl"
    plain.write_text(bundled_file("apa.csl").read_text(encoding="utf-8").replace(
        'hanging-indent="true"', "").replace('line-spacing="2"', ""), encoding="utf-8")
    assert (load_style(str(plain)).hanging_indent, load_style(str(plain)).line_spacing) == (
        False, None)
