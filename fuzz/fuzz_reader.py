"""Fuzz target: bytes -> textio -> RIS reader -> every registered writer.

Run (atheris, libFuzzer options after the script name)::

    python fuzz/fuzz_reader.py -atheris_runs=1000000 fuzz/seeds

Without atheris installed the same checks run under hypothesis (long profile)::

    python fuzz/fuzz_reader.py --hypothesis 100000

An input "crashes" when any of these fails (the exception names the check):

* reading raises, or reports RIS099 (a record the mapper could not interpret);
* a diagnostic has a code missing from ``risx.diagnostics.CODES`` or a line < 1;
* a writer raises;
* CSL-JSON output is not a JSON array;
* RIS output read back does not give the same records (fields, tags, values),
  or writing them again does not give the same text.
"""

from __future__ import annotations

import io
import json
import os
import sys
import zlib
from collections.abc import Callable
from dataclasses import fields
from typing import Any

with_atheris = "--hypothesis" not in sys.argv
if with_atheris:
    import atheris

    with atheris.instrument_imports(include=["risx.textio", "risx.readers", "risx.transforms",
                                             "risx.writers.ris", "risx.writers.csljson"]):
        from risx.diagnostics import CODES, Diagnostic, collect
        from risx.model import Record
        from risx.readers.ris import read_ris
        from risx.registry import default_registry
        from risx.writers.base import RecordWriter, Writer
else:
    from risx.diagnostics import CODES, Diagnostic, collect
    from risx.model import Record
    from risx.readers.ris import read_ris
    from risx.registry import default_registry
    from risx.writers.base import RecordWriter, Writer

REGISTRY = default_registry()
WRITERS: list[type[Writer]] = []
for _name in REGISTRY.writers.names():
    try:
        WRITERS.append(REGISTRY.writers.get(_name))
    except Exception as exc:  # a writer that does not load yet is reported, not fuzzed
        print(f"fuzz: writer {_name} not loaded: {exc}", file=sys.stderr)
#: Set RISX_FUZZ_WRITERS=csl-json,ris to fuzz only some writers (faster runs).
_only = os.environ.get("RISX_FUZZ_WRITERS")
if _only:
    WRITERS = [w for w in WRITERS if w.name in _only.split(",")]

#: Writers that render a sorted reference list through a CSL processor are ~100x slower
#: (30-70 ms an input): they get every RISX_FUZZ_SLOW_EVERY-th input (by CRC), default 100.
SLOW_EVERY = int(os.environ.get("RISX_FUZZ_SLOW_EVERY", "100"))
COUNTS = {"inputs": 0, "records": 0, "slow_writer_inputs": 0}

_FIELDS = [f.name for f in fields(Record) if f.name != "source"]


class FuzzFailure(AssertionError):
    pass


def _read(data: bytes) -> tuple[list[Record], list[Diagnostic]]:
    found, report = collect()
    records = list(read_ris(io.BytesIO(data), "fuzz.ris", report))
    return records, found


def comparable(record: Record) -> dict[str, Any]:
    """A record's fields without its source location; raw tags as (tag, value), ER made explicit."""
    values: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(record, name)
        if name in ("raw", "unmapped"):
            value = tuple((t.tag, t.value) for t in value)
        values[name] = value
    if not values["raw"] or values["raw"][-1][0] != "ER":
        values["raw"] = (*values["raw"], ("ER", ""))
    return values


def _write(cls: type[Writer], records: list[Record]) -> tuple[str, list[Diagnostic]]:
    found, report = collect()
    out = io.StringIO()
    cls(report).write(records, out)
    return out.getvalue(), found


def check(data: bytes) -> None:
    records, diagnostics = _read(data)
    COUNTS["inputs"] += 1
    COUNTS["records"] += len(records)
    slow = zlib.crc32(data) % SLOW_EVERY == 0
    if slow:
        COUNTS["slow_writer_inputs"] += 1
    if COUNTS["inputs"] % 50000 == 0:
        print(f"fuzz progress: {COUNTS}", file=sys.stderr, flush=True)
    for diagnostic in diagnostics:
        if diagnostic.code not in CODES:
            raise FuzzFailure(f"unknown code {diagnostic.code}")
        if diagnostic.line is not None and diagnostic.line < 1:
            raise FuzzFailure(f"bad line {diagnostic.line} for {diagnostic.code}")
        if diagnostic.code == "RIS099":
            raise FuzzFailure(f"RIS099: {diagnostic.message}")
    for cls in WRITERS:
        if not issubclass(cls, RecordWriter) and not slow:  # a list writer needs them all
            continue
        text, _ = _write(cls, records)
        if cls.name == "csl-json":
            parsed = json.loads(text)
            if not isinstance(parsed, list) or len(parsed) != len(records):
                raise FuzzFailure("CSL-JSON is not one item per record")
        elif cls.name == "ris":
            again, _ = _read(text.encode("utf-8"))
            changed = [comparable(r) for r in again] != [comparable(r) for r in records]
            if changed and not any(d.code == "OUT002" for d in _write(cls, records)[1]):
                raise FuzzFailure("RIS round trip changed the records")
            if _write(cls, again)[0] != text:
                raise FuzzFailure("RIS writer is not idempotent")


def _atheris_main() -> None:
    def one(data: bytes) -> None:
        check(data)

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


def _hypothesis_main(count: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    test: Callable[[], None] = given(st.binary(max_size=4096))(check)
    settings(max_examples=count, deadline=None,
             suppress_health_check=list(HealthCheck))(test)()


if __name__ == "__main__":
    if with_atheris:
        _atheris_main()
    else:
        _hypothesis_main(int(sys.argv[sys.argv.index("--hypothesis") + 1]))
