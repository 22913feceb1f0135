"""read -> write RIS -> read gives the same records, for every RIS file of the test corpus.

What "the same" means: every field of :class:`risx.model.Record` is compared
except ``source`` (the start line moves: headers and stray text are not
written back).  ``raw`` and ``unmapped`` are compared as (tag, value) pairs in
order, without their line numbers, which change for the same reason and
because wrapped values are written on one line.  The one structural
difference allowed is the ``ER`` tag: a record whose source had no ``ER``
(RIS012) gets one, so the re-read record's raw tags end with ``("ER", "")``
exactly where the original's ended.

The writer must also be idempotent: writing the re-read records gives the
same text, byte for byte, with LF and with CR LF line ends.
"""

from __future__ import annotations

import io
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, codes, read_text
from risx.diagnostics import Diagnostic, collect
from risx.model import Record
from risx.writers.base import WriterOptions
from risx.writers.ris import RisWriter

COMPARED_FIELDS = tuple(f.name for f in fields(Record) if f.name != "source")


def corpus_ris_files() -> list[Path]:
    files = sorted(CORPUS.rglob("*.ris"))
    return files


def comparable(record: Record) -> dict[str, Any]:
    """Every compared field; raw/unmapped as (tag, value) pairs, the final ER made explicit."""
    values: dict[str, Any] = {}
    for name in COMPARED_FIELDS:
        value = getattr(record, name)
        if name in ("raw", "unmapped"):
            value = tuple((raw.tag, raw.value) for raw in value)
        values[name] = value
    if not values["raw"] or values["raw"][-1][0] != "ER":
        values["raw"] = (*values["raw"], ("ER", ""))
    return values


def write_ris(records: list[Record], newline: str = "\n") -> tuple[str, list[Diagnostic]]:
    found, report = collect()
    out = io.StringIO(newline="")
    RisWriter(report, WriterOptions(newline=newline)).write(records, out)
    return out.getvalue(), found


def test_the_corpus_has_ris_files_in_every_folder() -> None:
    files = corpus_ris_files()
    if not files:
        pytest.fail(f"the test corpus is incomplete: no .ris under {CORPUS} (RISX_CORPUS)")
    folders = {path.parent.relative_to(CORPUS).parts[0] for path in files}
    assert {"db-exports", "zotero-ris", "jabref-ris", "rispy", "colrev-ris", "seed"} <= folders


@pytest.mark.parametrize("path", corpus_ris_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_round_trips(path: Path) -> None:
    records, _ = read_text(path.read_bytes(), path.name)
    text, written_diagnostics = write_ris(records)
    # No value in the corpus needs cleaning: nothing was dropped on the way out.
    assert codes(written_diagnostics) == []
    again, diagnostics = read_text(text, "out.ris")
    # The written file is clean RIS: nothing about its syntax or encoding is reported.
    syntax = [c for c in codes(diagnostics) if c < "RIS020"]
    assert syntax == ([] if records else ["RIS007"])
    assert len(again) == len(records)
    for index, (before, after) in enumerate(zip(records, again, strict=True)):
        expected, got = comparable(before), comparable(after)
        differing = [name for name in COMPARED_FIELDS if expected[name] != got[name]]
        assert differing == [], f"record {index + 1} (line {before.source.line}) changed"
    # Idempotent, and the same records with CR LF line ends.
    assert write_ris(again)[0] == text
    crlf, _ = write_ris(records, "\r\n")
    assert crlf == text.replace("\n", "\r\n")
    assert [comparable(r) for r in read_text(crlf.encode("utf-8"))[0]] == \
        [comparable(r) for r in records]


def test_round_trip_compares_something_real() -> None:
    """Guard against a vacuous comparison: the corpus gives many records with many fields."""
    total_records = 0
    filled = 0
    for path in corpus_ris_files():
        records, _ = read_text(path.read_bytes(), path.name)
        total_records += len(records)
        filled += sum(1 for r in records for name in COMPARED_FIELDS if getattr(r, name))
    assert total_records > 1500
    assert filled > 10 * total_records
