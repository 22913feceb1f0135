"""One merged output is the same, byte for byte and message for message, whatever ``-j`` says.

A merged output is read and written in this process; with ``-j N`` (or without ``-j``, on every
core) only the reference-list writers render entries in workers (tests/csl/test_apa_parallel.py
covers the renderer on its own).  These tests hold the run to that on the whole corpus and on
standard output.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import risx
from conftest import CORPUS
from risx.diagnostics import Diagnostic, Reporter


def corpus_files() -> list[str]:
    return sorted(str(p) for p in CORPUS.rglob("*.ris"))


def convert(inputs: list[str], target: Path, fmt: str,
            jobs: int) -> tuple[bytes | None, list[Diagnostic], bool]:
    reporter = Reporter(stream=io.StringIO(), keep=True)
    result = risx.convert(inputs, target, to=fmt, jobs=jobs, reporter=reporter)
    data = target.read_bytes() if target.exists() else None
    return data, result.diagnostics, result.ok


@pytest.mark.parametrize("fmt", ["csl-json", "apa"])
def test_whole_corpus_merged_is_identical_with_workers(fmt: str, tmp_path: Path) -> None:
    files = corpus_files()
    assert len(files) > 80
    one, one_messages, one_ok = convert(files, tmp_path / "one.out", fmt, 1)
    two, two_messages, two_ok = convert(files, tmp_path / "two.out", fmt, 2)
    assert one is not None and len(one) > 400_000
    assert two == one
    assert [d.format() for d in two_messages] == [d.format() for d in one_messages]
    assert two_ok == one_ok
    # The comparison means something only if the corpus raised messages of every kind.
    codes = {d.code for d in one_messages}
    assert {"RIS012", "RIS022", "RIS024"} <= codes
    assert "OUT003" in codes or fmt != "csl-json"  # ids made unique across the inputs


def test_standard_output_with_workers_equals_the_file() -> None:
    source = CORPUS / "db-exports"
    files = sorted(str(p) for p in source.glob("*.ris"))[:6]
    command = [sys.executable, "-m", "risx", "convert", *files, "-t", "bibtex", "-q"]
    serial = subprocess.run([*command, "-j", "1"], capture_output=True, check=True)
    workers = subprocess.run([*command, "-j", "2"], capture_output=True, check=True)
    assert workers.stdout == serial.stdout and len(serial.stdout) > 10_000
    assert workers.stderr == serial.stderr == b""
