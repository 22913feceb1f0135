"""The import graph of src/risx has no circle (issue 14): scripts/import-graph finds them, and finds
the one the CSL layer had before the run layer's worker module (render <-> workers, via a deferred
import)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "import-graph"
SRC = SCRIPT.parent.parent / "src"


def run(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(src)], capture_output=True, text=True,
                          check=False)


def test_risx_has_no_import_circle() -> None:
    result = run(SRC)
    assert result.returncode == 0, result.stderr
    assert "circles (module-level and deferred imports): 0" in result.stdout
    # The graph is real: the pipeline reaches the readers' registry and the outputs module.
    pipeline = next(line for line in result.stdout.splitlines() if line.startswith("risx.pipeline:"))
    assert "risx.outputs" in pipeline


def test_a_circle_through_a_deferred_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "risx" / "csl"
    package.mkdir(parents=True)
    (tmp_path / "risx" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "render.py").write_text(textwrap.dedent("""
        def render():
            from risx.csl.workers import pool
            return pool
    """))
    (package / "workers.py").write_text("from risx.csl.render import render\npool = render\n")
    result = run(tmp_path)
    assert result.returncode == 1
    assert "circle: risx.csl.render <-> risx.csl.workers" in result.stderr


def test_imports_under_type_checking_make_no_circle(tmp_path: Path) -> None:
    package = tmp_path / "risx"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from risx.b import B\n")
    (package / "b.py").write_text("from risx.a import *\nB = 1\n")
    assert run(tmp_path).returncode == 0
