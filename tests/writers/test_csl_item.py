"""The Record <-> CSL item seam (risx.csl_item): one date-parts decoder for every reader of CSL
dates, and one mapping that every CSL-based writer takes its items from.

The decoder's cases come from the CSL-JSON schema (csl-data.json: ``date-parts`` holds one or
two ``[year, month, day]`` lists of numbers or numeric strings; months 13-16 are the seasons,
CSL specification "Seasons"); before this module the CSL-JSON reader and the CSL processor's
preparation each had their own copy.
"""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from risx.cli import main
from risx.csl.prepare import prepare_date
from risx.csl_item import date_number, decode_date_part, record_to_csl
from risx.diagnostics import collect
from risx.readers.csljson import CslJsonReader, read_date


def test_date_numbers_are_what_json_may_hold_for_a_number() -> None:
    assert [date_number(v) for v in (2020, 2020.0, "2020", " 2020 ", "-44", "٢٠٢٠")] == [
        2020, 2020, 2020, 2020, -44, 2020]
    # Not numbers: a boolean, a fraction, a superscript digit (int() refuses it), two signs.
    assert [date_number(v) for v in (True, 2020.5, "2020²", "--5", "+", "", None, [2020])] == [
        None] * 8


def test_a_date_part_keeps_its_valid_numbers_and_reads_months_13_to_16_as_seasons() -> None:
    assert decode_date_part([2020, 5, 17]) == ((2020, 5, 17), None)
    assert decode_date_part(["2020", "05"]) == ((2020, 5), None)
    assert decode_date_part([2020, 14]) == ((2020,), 2)  # 14: summer; the day goes with it
    assert decode_date_part([2020, 14, 3]) == ((2020,), 2)
    assert decode_date_part([2020, 0, 3]) == ((2020,), None)  # no month 0: the year only
    assert decode_date_part([2020, 5, 32]) == ((2020, 5), None)
    assert decode_date_part([2020, "May", 3]) == ((2020,), None)  # reading stops at "May"
    assert decode_date_part([2020, 5, 3, 9]) == ((2020, 5, 3), None)
    for no_year in ([], [0, 5], ["n.d."], "2020", None, {"year": 2020}):
        assert decode_date_part(no_year) is None


_PIECE = st.one_of(st.integers(-3000, 3000), st.integers(0, 40), st.sampled_from(
    ["2020", "07", "14", "x", "", "2020²", "-44"]), st.floats(-10, 40), st.booleans(), st.none())


def _citeproc_numbers(date: Any) -> list[tuple[int, ...]]:
    """The year, month and day of each end of a citeproc-py date (none for a literal)."""
    if date is None or "literal" in date:
        return []
    ends = [date["begin"], date["end"]] if "begin" in date else [date]
    return [tuple(end[unit] for unit in ("year", "month", "day") if unit in end) for end in ends]


@given(parts=st.lists(st.lists(_PIECE, max_size=4), min_size=1, max_size=3))
def test_the_csl_json_reader_and_the_csl_processor_read_date_parts_alike(
        parts: list[list[Any]]) -> None:
    """What ``-f csl-json`` keeps of a date and what the reference list prints of it are the
    same numbers (seasons apart: the model keeps one per date, citeproc-py one per end)."""
    model = read_date({"date-parts": parts})
    model_parts = list(model.parts) if model is not None else []
    rendered = _citeproc_numbers(prepare_date({"date-parts": parts}))
    if len(model_parts) == 2 and len(rendered) == 1:
        assert model_parts[0] == model_parts[1]  # citeproc-py makes a range of one date one
        model_parts = model_parts[:1]
    assert model_parts == rendered


def test_a_superscript_digit_in_a_date_no_longer_stops_the_writer(tmp_path: Path) -> None:
    """``"2020²"`` passed ``str.isdigit`` and then failed ``int()``: the CSL-JSON writer died
    (OUT001) and nothing was written.  Now it is not a date number: the value is kept as
    unmapped data in the note, and the record is written."""
    source = tmp_path / "sup.json"
    source.write_text(json.dumps([{"id": "a", "type": "book", "title": "T",
                                   "issued": {"date-parts": [["2020²"]]}}]), encoding="utf-8")
    done = CliRunner().invoke(main, ["convert", str(source), "-t", "csl-json", "-q"])
    assert done.exit_code == 0, done.output
    [item] = json.loads(done.stdout)
    assert "issued" not in item and "2020²" in item["note"]
    _, report = collect()
    [record] = CslJsonReader().read(io.BytesIO(source.read_bytes()), "sup.json", report)
    assert record.issued is None and record_to_csl(record, "a")["note"] == item["note"]


#: What risx.csl_item holds for the writers (the Record -> CSL item mapping and its ids).
MAPPING = {"record_to_csl", "name_to_csl", "date_to_csl", "extra_note_lines", "wanted_id",
           "CslIds", "CslItem"}


def test_every_writer_takes_the_csl_mapping_from_csl_item() -> None:
    """No writer borrows the Record -> CSL mapping from another writer (the CSL-JSON writer
    held it, and BibTeX and the reference lists imported it from there)."""
    used = set()
    for path in sorted((ROOT / "src" / "risx" / "writers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = {alias.name for alias in node.names} & MAPPING
                assert not names or node.module == "risx.csl_item", (path.name, node.module)
                used |= names
    assert {"record_to_csl", "extra_note_lines", "CslIds"} <= used
