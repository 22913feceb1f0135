"""Shared test fixtures: where the test corpus lives, and small helpers to read RIS text."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from risx.diagnostics import Diagnostic, collect
from risx.model import Record
from risx.readers.ris import read_ris

ROOT = Path(__file__).resolve().parents[1]
#: The corpus travels with the project (tests/corpus/, see its README); RISX_CORPUS points the
#: tests at another copy.
CORPUS = Path(os.environ.get("RISX_CORPUS", Path(__file__).resolve().parent / "corpus"))
#: The team's scripts the tests run (citeproc-js rendering).
TOOLS = Path(__file__).resolve().parent / "tools"


def corpus_path(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"the test corpus is incomplete: {path} not found (RISX_CORPUS={CORPUS})")
    return path


def read_text(text: str | bytes, name: str = "t.ris") -> tuple[list[Record], list[Diagnostic]]:
    """Records and diagnostics for RIS given as a string (UTF-8) or bytes."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    found, report = collect()
    records = list(read_ris(io.BytesIO(data), name, report))
    return records, found


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]
