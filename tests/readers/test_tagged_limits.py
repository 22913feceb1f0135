"""Limits drop a value, never a record, in every tagged-line reader (issue 16, item 8): MEDLINE and
Web of Science share the RIS reader's base, so an oversized value goes with an error naming its
line and the record keeps the rest."""

from __future__ import annotations

import io

import pytest

import risx
from risx.diagnostics import Diagnostic
from risx.readers.base import ReaderOptions

LONG = "A title far longer than the limit set for this test"

CASES = {
    "medline": (f"PMID- 1\nTI  - {LONG}\nAB  - short\n\nPMID- 2\nTI  - Second\n", "MED016"),
    "wos": (f"FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI {LONG}\nSO JOURNAL ONE\n"
            f"PY 2020\nER\n\nPT J\nTI Second\nSO JOURNAL TWO\nPY 2021\nER\n\nEF\n", "WOS016"),
}


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_an_oversized_value_is_dropped_and_its_record_kept(fmt: str) -> None:
    text, code = CASES[fmt]
    found: list[Diagnostic] = []
    records = risx.read(io.BytesIO(text.encode()), format=fmt,
                        options=ReaderOptions(max_value_length=30), report=found.append)
    assert len(records) == 2
    assert records[0].title == ""
    if fmt == "medline":
        assert records[0].abstract == "short"
    else:
        assert records[0].container_title == "Journal One"
        assert records[0].issued is not None and records[0].issued.parts == ((2020,),)
    assert records[1].title == "Second"
    errors = [d for d in found if d.code == code]
    assert len(errors) == 1
    assert errors[0].line == (2 if fmt == "medline" else 4)
    assert "dropped, the rest of the record kept" in errors[0].message
