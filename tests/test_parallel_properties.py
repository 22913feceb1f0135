"""Property: cutting a file into chunks for workers never changes the output or the messages.

Hypothesis writes RIS-like files from the pieces that make chunk seams hard (TY lines in odd
forms, missing ER, stray text and orphan tags, NUL bytes, byte-order marks, Windows-1252 bytes,
blank lines, continuation lines) and each is converted by one process and by the parallel path
with chunks of 1-3 records.  The "workers" run in this process (an inline pool), so hundreds of
examples take seconds; the real process pool is covered by tests/test_parallel.py.
``RISX_PROPERTY_EXAMPLES=20000`` searches longer.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import risx
from risx import parallel
from risx.diagnostics import Reporter

LINES = [
    b"TY  - JOUR", b"TY  - BOOK", b"ty  - JOUR", b"TY - JOUR", b"  TY  - CHAP", b"TY  -",
    b"\xef\xbb\xbfTY  - JOUR", b"ER  - ", b"ER  -", b"TI  - A title", b"T1  - Another title",
    b"AU  - Doe, Jane", b"AU  - WHO", b"PY  - 2020", b"PY  - n.d.", b"ID  - same",
    b"ZZ  - vendor tag", b"KW  - one", b"AB  - An abstract", b"N1  - a note",
    b"continued on the next line", b"   indented continuation", b"", b"Record 1 of 2",
    b"AB  - nul\x00here", b"TI  - caf\xe9 (Windows-1252)", "TI  - Ä UTF-8".encode(),
    b"TI  - broken \xff byte", b"SP  - 1", b"EP  - 9", b"DO  - 10.1000/x",
]


class InlinePool:
    """Stands in for ProcessPoolExecutor: runs the initializer and each task in this process."""

    def __init__(self, max_workers: int, initializer: Callable[..., None],
                 initargs: tuple[Any, ...]) -> None:
        initializer(*initargs)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, **_: Any) -> None:
        pass


def convert(source: Path, fmt: str, jobs: int) -> tuple[bytes | None, list[str]]:
    target = source.with_name(f"out-{jobs}")
    reporter = Reporter(stream=io.StringIO(), keep=True)
    risx.convert([str(source)], target, to=fmt, jobs=jobs, reporter=reporter)
    written = target.read_bytes() if target.exists() else None
    return written, [d.format() for d in reporter.collected]


@pytest.fixture(autouse=True)
def inline_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", InlinePool)
    monkeypatch.setattr(parallel.signal, "signal", lambda *args: None)  # not in the test process
    monkeypatch.setattr(parallel.gc, "freeze", lambda: None)


@settings(max_examples=int(os.environ.get("RISX_PROPERTY_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(LINES), max_size=60),
       crlf=st.booleans(), chunk=st.integers(min_value=1, max_value=3),
       fmt=st.sampled_from(["csl-json", "bibtex", "ris"]))
def test_chunked_conversion_equals_one_process(lines: list[bytes], crlf: bool, chunk: int,
                                               fmt: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "in.ris"
        source.write_bytes((b"\r\n" if crlf else b"\n").join(lines))
        one = convert(source, fmt, 1)
        parallel.CHUNK_RECORDS = chunk
        try:
            two = convert(source, fmt, 2)
        finally:
            parallel.CHUNK_RECORDS = 200
    assert two == one
