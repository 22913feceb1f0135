"""examples/Makefile, run with real make: pattern rules, the merged bibliography, make -j,
and the rule that an unchanged output keeps its modification time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RISX = f"{sys.executable} -m risx"


def make(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-C", str(directory), f"RISX={RISX}", *args],
                          capture_output=True, text=True, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if shutil.which("make") is None:
        pytest.fail("GNU make is not installed (apt-get install make)")
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy, ignore=shutil.ignore_patterns("out"))
    return copy


def test_make_j_builds_every_output(project: Path) -> None:
    result = make(project, "-j4")
    assert result.returncode == 0, result.stdout + result.stderr
    out = project / "out"
    sources = sorted(p.stem for p in project.glob("*.ris"))
    assert sources == ["pubmed-zotero", "troup2022"]
    expected = {f"{s}.json" for s in sources} | {f"{s}.bib" for s in sources}
    expected |= {"all.bib", "count.txt", "duplicates.csv"}
    assert {p.name for p in out.iterdir()} == expected
    assert json.loads((out / "troup2022.json").read_text())[0]["container-title"] == "PLoS ONE"
    # The merged bibliography holds every record, with unique keys.
    merged = (out / "all.bib").read_text(encoding="utf-8")
    keys = [line.split("{", 1)[1].rstrip(",") for line in merged.splitlines()
            if line.startswith("@")]
    assert len(keys) == 7 == len(set(keys))
    assert (out / "count.txt").read_text().strip() == "7"
    # Same bytes as the per-file outputs with -j1: parallel make changes nothing.
    serial = project.parent / "serial"
    shutil.copytree(project, serial, ignore=shutil.ignore_patterns("out"))
    assert make(serial, "-j1").returncode == 0
    for name in expected:
        assert (serial / "out" / name).read_bytes() == (out / name).read_bytes(), name


def test_nothing_is_rebuilt_when_sources_are_only_touched(project: Path) -> None:
    assert make(project, "-j2").returncode == 0
    assert make(project, "-q").returncode == 0  # up to date
    out = project / "out"
    old = 1_000_000_000
    for path in out.iterdir():
        os.utime(path, (old, old))
    for source in project.glob("*.ris"):
        os.utime(source, (old + 10, old + 10))  # newer than the outputs, same content
    result = make(project, "-j2")
    assert result.returncode == 0, result.stderr
    assert "convert" in result.stdout  # the conversions did run ...
    # ... but found nothing to change: outputs and what depends on them stay as they were.
    assert "grep -c" not in result.stdout
    assert {p.stat().st_mtime for p in out.iterdir()} == {old}


def test_make_check_fails_on_a_bad_file(project: Path) -> None:
    assert make(project, "check").returncode == 0
    (project / "broken.ris").write_bytes(bytes(range(256)) * 4)
    result = make(project, "check")
    assert result.returncode != 0
    assert "broken.ris:1: error[RIS005]" in result.stderr
