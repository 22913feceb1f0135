"""The corruption matrix: each kind of damage x position (first/middle/last record) x output format.

In the style of bibtexparser 2's parse-failure tests: a small clean base file
(three records, titles Alpha, Bravo, Charlie) is damaged in one record, run
through ``risx convert`` (click's CliRunner on ``risx.cli.main``) for every
registered writer, and each case asserts:

* no traceback: stderr holds only ``FILE:LINE: level[CODE]: message`` lines;
* the exit code (0 with warnings; 1 when an error was reported, and then no
  output file and no temporary file is left);
* how many records still convert (CSL-JSON items, RIS records, BibTeX
  entries; the record titles that appear in every format's output);
* each diagnostic's code and 1-based line, exactly and in order.

Damage that concerns the whole file (encodings, empty input) has no position
and runs once per format.  The limit cases (a 10 MB value, 10,000 authors)
are at the end; they are run with fewer combinations to keep this file fast.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import read_text
from risx.cli import main
from risx.diagnostics import collect
from risx.readers.base import ReaderOptions
from risx.readers.ris import read_ris
from risx.registry import default_registry

FORMATS = default_registry().writers.names()
TITLES = ("Alpha", "Bravo", "Charlie")
POSITIONS = {"first": 0, "middle": 1, "last": 2}
_DIAGNOSTIC = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<level>warning|error)\[(?P<code>[A-Z]+\d+)\]: \S")


def record(title: str) -> list[bytes]:
    return [b"TY  - JOUR", b"TI  - " + title.encode(), b"AU  - Doe, Jane", b"PY  - 2020",
            b"ER  - "]


@dataclass(frozen=True)
class Damage:
    """How one record is damaged, and what the reader must say about it.

    ``lines`` turns the record's lines into the damaged ones; ``diagnostics``
    are (code, line offset from the first line of the damaged block).
    """

    lines: Callable[[list[bytes]], list[bytes]]
    diagnostics: tuple[tuple[str, int], ...] = ()
    exit_code: int = 0
    #: Records converted: "all" (3), an int, or "up_to" (the records before it and itself).
    records: int | str = 3
    #: Titles that are in the output besides those of the undamaged records.
    title_survives: bool = True
    #: The whole file is refused (nothing converts).
    refused: bool = False
    #: Extra diagnostics only some writers report: format -> ((code, offset), ...).
    writer_diagnostics: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()


GARBAGE = bytes(range(256)) * 2  # every byte value, 27 of them never found in text

DAMAGES: dict[str, Damage] = {
    "missing_er": Damage(lambda r: r[:-1], (("RIS012", 0),)),
    "er_without_ty": Damage(lambda r: [b"ER  - ", *r], (("RIS013", 0),)),
    "lost_ty_line": Damage(lambda r: r[1:], (("RIS015", 0),)),
    "ty_inside_record": Damage(lambda r: [*r[:2], b"TY  - BOOK", *r[2:]], (("RIS012", 0),),
                               records=4),
    "stray_text_before": Damage(lambda r: [b"Record 2 of 3", *r], (("RIS010", 0),)),
    "empty_tags": Damage(lambda r: [r[0], r[1], b"AU  -", b"SP  - ", b"EP  -   ", *r[3:]]),
    "empty_ty": Damage(lambda r: [b"TY  - ", *r[1:]], (("RIS017", 0),)),
    "one_space_dash": Damage(lambda r: [r[0], r[1].replace(b"  -", b" -"), *r[2:]],
                             (("RIS016", 1),)),
    "tab_dash": Damage(lambda r: [r[0], r[1].replace(b"  -", b"\t-"), *r[2:]], (("RIS016", 1),)),
    "lower_case_tag": Damage(lambda r: [r[0], b"ti" + r[1][2:], *r[2:]], (("RIS011", 1),)),
    "windows_1252": Damage(lambda r: [r[0], r[1] + " café".encode("cp1252"), *r[2:]],
                           (("RIS001", 1),)),
    "invalid_utf8_in_utf8": Damage(
        lambda r: [r[0], r[1] + " é".encode(), r[2] + b"\xff\xfe", *r[3:]], (("RIS002", 2),)),
    "nul_bytes": Damage(lambda r: [r[0], r[1][:8] + b"\x00\x00" + r[1][8:], *r[2:]],
                        (("RIS003", 1),)),
    "control_bytes": Damage(lambda r: [r[0], r[1][:8] + b"\x01\x1b" + r[1][8:], *r[2:]],
                            writer_diagnostics=(("ris", (("OUT002", 0),)),)),
    "truncated": Damage(lambda r: [r[0], r[1], r[2][:9]], (("RIS012", 0),), records="up_to"),
    "binary_garbage": Damage(lambda r: [r[0], r[1] + GARBAGE, *r[2:]],
                             (("RIS005", -1), ("RIS007", -1)), exit_code=1, refused=True),
}

BASE_TEXT = b"\n".join(line for title in TITLES for line in [*record(title), b""]).decode()

WHOLE_FILE: dict[str, tuple[bytes, tuple[tuple[str, int], ...], int, int]] = {
    # name: (input, diagnostics (code, line), exit code, records)
    "empty_file": (b"", (("RIS007", 1),), 0, 0),
    "whitespace_only": (b"  \n\t\r\n \r   \n", (("RIS007", 1),), 0, 0),
    "utf16_with_bom": (BASE_TEXT.encode("utf-16"), (), 0, 3),
    "utf16le_without_bom": (BASE_TEXT.encode("utf-16-le"), (("RIS006", 1),), 0, 3),
    "utf16be_without_bom": (BASE_TEXT.encode("utf-16-be"), (("RIS006", 1),), 0, 3),
    "binary_file": (GARBAGE * 8, (("RIS005", 1), ("RIS007", 1)), 1, 0),
    "html_error_page": (b"<!DOCTYPE html>\n<html><body>TY  - JOUR</body></html>\n",
                        (("RIS005", 1), ("RIS007", 1)), 1, 0),
}


def build(damage: Damage, position: int) -> tuple[bytes, int, list[str]]:
    """The damaged file, the first line of the damaged block, and the titles that must survive."""
    lines: list[bytes] = []
    block_start = 0
    survivors: list[str] = []
    for index, title in enumerate(TITLES):
        if index == position:
            block_start = len(lines) + 1
            lines.extend(damage.lines(record(title)))
            if damage.title_survives:
                survivors.append(title)
            if damage.records == "up_to":
                return b"\n".join(lines), block_start, survivors  # the file ends here
        else:
            lines.extend(record(title))
            survivors.append(title)
        lines.append(b"")
    return b"\n".join(lines) + b"\n", block_start, survivors


@dataclass
class Outcome:
    exit_code: int
    diagnostics: list[tuple[str, int]]
    output: str | None
    leftovers: list[str]


def convert(tmp_path: Path, data: bytes, fmt: str) -> Outcome:
    source = tmp_path / "in.ris"
    source.write_bytes(data)
    out_dir = tmp_path / "out"
    out_dir.mkdir(exist_ok=True)
    target = out_dir / f"result.{fmt}"
    result = CliRunner().invoke(main, ["convert", str(source), "-t", fmt, "-o", str(target)])
    # No traceback: the only way out is SystemExit, and stderr is diagnostics only.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    diagnostics = []
    for line in result.stderr.splitlines():
        match = _DIAGNOSTIC.match(line)
        assert match, f"not a diagnostic line: {line!r}"
        assert match["file"] == str(source)
        diagnostics.append((match["code"], int(match["line"])))
    output = (None if not target.exists() else docx_text(target.read_bytes()) if fmt == "docx"
              else target.read_text(encoding="utf-8"))
    leftovers = sorted(p.name for p in out_dir.iterdir() if p != target)
    return Outcome(result.exit_code, diagnostics, output, leftovers)


def docx_text(data: bytes) -> str:
    """A Word document's text: the XML of its body (a docx is a zip)."""
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def converted_records(fmt: str, output: str) -> int | None:
    """How many records the output holds, for formats where that can be counted exactly."""
    if fmt == "csl-json":
        return len(json.loads(output))
    if fmt == "ris":
        return len(read_text(output)[0])
    if fmt in ("bibtex", "biblatex"):
        return len(re.findall(r"^@\w+\{", output, re.M))
    return None


def titles_in(output: str, fmt: str = "") -> list[str]:
    if output.lstrip().startswith("["):
        output = " ".join(str(item.get("title", "")) for item in json.loads(output))
    elif fmt in ("hayagriva", "csl-yaml"):  # control characters are escapes there: read them
        import yaml

        loaded = yaml.safe_load(output)
        entries = loaded.values() if fmt == "hayagriva" else loaded
        output = " ".join(str(entry.get("title", "")) for entry in entries)
    text = re.sub(r"[\x00-\x1f]", "", output).lower()
    return [t for t in TITLES if t.lower() in text]


def check(outcome: Outcome, fmt: str, *, exit_code: int, diagnostics: list[tuple[str, int]],
          records: int, titles: list[str]) -> None:
    assert outcome.exit_code == exit_code
    assert outcome.diagnostics == diagnostics
    assert outcome.leftovers == []  # never a temporary file left behind
    if exit_code != 0:
        assert outcome.output is None  # a failed run writes nothing
        return
    assert outcome.output is not None
    counted = converted_records(fmt, outcome.output)
    if counted is not None:
        assert counted == records
    assert titles_in(outcome.output, fmt) == titles


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("damage_name", DAMAGES)
def test_damaged_record(tmp_path: Path, damage_name: str, position: str, fmt: str) -> None:
    damage = DAMAGES[damage_name]
    index = POSITIONS[position]
    data, block_start, survivors = build(damage, index)
    outcome = convert(tmp_path, data, fmt)
    expected = [(code, 1 if offset < 0 else block_start + offset)
                for code, offset in damage.diagnostics]
    expected += [(code, block_start + offset) for name, extra in damage.writer_diagnostics
                 if name == fmt for code, offset in extra]
    if damage.records == "up_to":
        records = index + 1
    else:
        assert isinstance(damage.records, int)
        records = damage.records
    check(outcome, fmt, exit_code=damage.exit_code, diagnostics=expected,
          records=0 if damage.refused else records, titles=[] if damage.refused else survivors)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", WHOLE_FILE)
def test_damaged_file(tmp_path: Path, case: str, fmt: str) -> None:
    data, diagnostics, exit_code, records = WHOLE_FILE[case]
    outcome = convert(tmp_path, data, fmt)
    check(outcome, fmt, exit_code=exit_code, diagnostics=list(diagnostics), records=records,
          titles=list(TITLES) if records else [])


def test_the_matrix_damages_what_it_claims() -> None:
    """The damaged inputs really are damaged as named (guards against a no-op damage)."""
    for name, damage in DAMAGES.items():
        data, _, _ = build(damage, 1)
        assert data != build(Damage(lambda r: r), 1)[0], name
    assert b"\x00" in build(DAMAGES["nul_bytes"], 0)[0]
    assert b"TY  -" not in build(DAMAGES["lost_ty_line"], 0)[0].split(b"\n")[0]


# -- limits ------------------------------------------------------------------------------------
# Limits protect memory, they do not drop records: a value longer than --max-value-length
# (default 64 MB) is dropped with an error (RIS030) naming the value's line, and the record
# keeps everything else; lines past --max-record-lines (default 1,000,000) are dropped with an
# error (RIS031) naming the first of them.  An error fails the run, so the CLI writes no output
# file (exit 1); library callers get every record.  10,000 authors is under the line limit:
# that record converts.

def _with_value(position: int, value: bytes) -> bytes:
    damage = Damage(lambda r: [*r[:3], b"AB  - " + value, *r[3:]])
    return build(damage, position)[0]


@pytest.mark.parametrize("position", POSITIONS)
def test_a_value_over_the_limit_is_dropped_and_its_record_kept(position: str) -> None:
    index = POSITIONS[position]
    data = _with_value(index, b"x" * 2_000)
    found, report = collect()
    records = list(read_ris(io.BytesIO(data), "t.ris", report,
                            ReaderOptions(max_value_length=1_000)))
    assert [r.title for r in records] == list(TITLES)
    assert [r.abstract for r in records] == [""] * len(TITLES)
    # The value's line: the record's TY line, then TI, AU, and the AB line.
    assert [(d.code, d.line) for d in found] == [("RIS030", 1 + 6 * index + 3)]
    assert "dropped, the rest of the record kept" in found[0].message


def test_a_value_grown_past_the_limit_by_continuation_lines_is_dropped() -> None:
    wrapped = b"\n".join([b"AB  - start", *([b"  " + b"y" * 100] * 30), b"KW  - kept"])
    data = build(Damage(lambda r: [*r[:3], *wrapped.split(b"\n"), *r[3:]]), 1)[0]
    found, report = collect()
    records = list(read_ris(io.BytesIO(data), "t.ris", report,
                            ReaderOptions(max_value_length=1_000)))
    assert [r.title for r in records] == list(TITLES)
    assert records[1].abstract == "" and records[1].keywords == ("kept",)
    assert [(d.code, d.line) for d in found] == [("RIS030", 10)]


def test_lines_past_the_line_limit_are_dropped_and_the_record_kept() -> None:
    authors = [f"AU  - Author{i:02d}, Given".encode() for i in range(20)]
    data = build(Damage(lambda r: [*r[:2], *authors, *r[3:]]), 1)[0]
    found, report = collect()
    records = list(read_ris(io.BytesIO(data), "t.ris", report,
                            ReaderOptions(max_record_lines=10)))
    assert [r.title for r in records] == list(TITLES)
    # TY, TI and eight authors are the record's first ten lines; the rest is dropped.
    assert len(records[1].names("author")) == 8
    assert [(d.code, d.line) for d in found] == [("RIS031", 7 + 10)]


def test_the_default_limits_hold_a_ten_megabyte_value() -> None:
    records, diagnostics = read_text(_with_value(1, b"x" * 10_000_000))
    assert diagnostics == []
    assert [len(r.abstract) for r in records] == [0, 10_000_000, 0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_value_over_the_limit_through_every_writer(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "in.ris"
    source.write_bytes(_with_value(1, b"y" * 2_000))
    target = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(target), "-t", fmt,
                                       "--max-value-length", "1000"])
    assert result.exit_code == 1
    assert "error[RIS030]" in result.stderr
    assert not target.exists()  # an error fails the run: nothing is written


def test_raising_the_limit_converts_the_long_value(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_bytes(_with_value(2, b"z" * 2_000_000))
    target = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(target),
                                       "--max-value-length", "3000000"])  # from 1,000,000
    assert result.exit_code == 0, result.stderr
    items = json.loads(target.read_text())
    assert [len(item.get("abstract", "")) for item in items] == [0, 0, 2_000_000]


@pytest.fixture(scope="module")
def ten_thousand_authors() -> bytes:
    authors = [f"AU  - Author{i:05d}, Given".encode() for i in range(10_000)]
    return build(Damage(lambda r: [*r[:2], *authors, *r[3:]]), 1)[0]


def test_ten_thousand_authors_convert_in_every_format(ten_thousand_authors: bytes) -> None:
    # Read once (the mapper is slow on this input; see the note in the report), then every writer.
    import io

    from risx.diagnostics import collect

    records, diagnostics = read_text(ten_thousand_authors)
    assert diagnostics == []
    assert [len(r.names("author")) for r in records] == [1, 10_000, 1]
    registry = default_registry()
    for fmt in FORMATS:
        found, report = collect()
        writer = registry.writers.get(fmt)(report)
        out: io.StringIO | io.BytesIO = io.BytesIO() if writer.binary else io.StringIO()
        writer.write(records, out)
        value = out.getvalue()
        text = docx_text(value) if isinstance(value, bytes) else value
        assert [d for d in found if d.severity.value == "error"] == [], fmt
        assert titles_in(text, fmt) == list(TITLES), fmt
        if fmt in ("csl-json", "ris", "bibtex", "biblatex"):
            assert "Author09999" in text, fmt


@pytest.mark.parametrize("position", ["first", "last"])
def test_many_authors_at_the_edges(position: str) -> None:
    index = POSITIONS[position]
    authors = [f"AU  - Author{i:05d}, Given".encode() for i in range(1_000)]
    data = build(Damage(lambda r: [*r[:2], *authors, *r[3:]]), index)[0]
    records, diagnostics = read_text(data)
    assert diagnostics == []
    assert [len(r.names("author")) for r in records] == [1_000 if i == index else 1 for i in range(3)]
