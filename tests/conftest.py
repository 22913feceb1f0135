"""Shared test fixtures: where the shared corpus lives, and small helpers to read RIS text."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from risx.diagnostics import Diagnostic, collect
from risx.model import Record
from risx.readers.ris import read_ris

ROOT = Path(__file__).resolve().parents[1]
#: The team's shared corpus sits beside the project (CI lays it out the same way).
CORPUS = Path(os.environ.get("RISX_CORPUS", ROOT.parent / "shared" / "corpus"))
DATA = Path(__file__).resolve().parent / "data"


def corpus_path(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"the shared corpus is absent: {path} not found (set RISX_CORPUS)")
    return path


def read_text(text: str | bytes, name: str = "t.ris") -> tuple[list[Record], list[Diagnostic]]:
    """Records and diagnostics for RIS given as a string (UTF-8) or bytes."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    found, report = collect()
    records = list(read_ris(io.BytesIO(data), name, report))
    return records, found


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]
