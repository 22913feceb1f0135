"""A merged conversion rendered by worker processes equals the one-process conversion, byte for byte.

Records are mapped and rendered in workers (``risx.parallel``) while ids, keys and messages are
decided in the parent; these tests compare ``jobs=2`` with ``jobs=1`` on real exports, with chunks
made small so that every file is spread over many tasks and both workers.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import risx
from conftest import CORPUS
from risx import parallel, plan
from risx.diagnostics import Diagnostic, Reporter
from risx.readers.base import ReaderOptions
from risx.readers.csljson import CslJsonReader
from risx.readers.ris import RisReader
from risx.registry import default_registry
from risx.settings import Settings
from risx.writers.apa import ApaWriter
from risx.writers.base import WriterOptions
from risx.writers.csljson import CslJsonWriter

STREAMING_FORMATS = ("csl-json", "bibtex", "biblatex", "ris")


def corpus_files() -> list[str]:
    return sorted(str(p) for p in CORPUS.rglob("*.ris"))


def convert(inputs: list[str], target: Path, fmt: str, jobs: int,
            **options: object) -> tuple[bytes | None, list[Diagnostic], bool]:
    reporter = Reporter(stream=io.StringIO(), keep=True, strict=bool(options.get("strict")))
    result = risx.convert(inputs, target, to=fmt, jobs=jobs, reporter=reporter,
                          **options)  # type: ignore[arg-type]
    data = target.read_bytes() if target.exists() else None
    return data, result.diagnostics, result.ok


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CHUNK_RECORDS", 7)


@pytest.mark.parametrize("fmt", STREAMING_FORMATS)
def test_whole_corpus_merged_is_identical_with_workers(fmt: str, tmp_path: Path,
                                                       small_chunks: None) -> None:
    files = corpus_files()
    assert len(files) > 80
    one, one_messages, one_ok = convert(files, tmp_path / "one.out", fmt, 1)
    two, two_messages, two_ok = convert(files, tmp_path / "two.out", fmt, 2)
    assert one is not None and len(one) > 1_000_000
    assert two == one
    assert [d.format() for d in two_messages] == [d.format() for d in one_messages]
    assert two_ok == one_ok
    # The comparison means something only if the corpus raised messages of every kind.
    codes = {d.code for d in one_messages}
    assert {"RIS012", "RIS022", "RIS024", "OUT003"} <= codes or fmt != "csl-json"


def test_report_once_messages_stay_once_per_file(tmp_path: Path, small_chunks: None) -> None:
    records = "".join(f"TY  - JOUR\nTI  - Title {n}\nZZ  - vendor value\nER  - \n\n"
                      for n in range(100))
    source = tmp_path / "vendor.ris"
    source.write_text(records, encoding="utf-8")
    _, one_messages, _ = convert([str(source)], tmp_path / "one.json", "csl-json", 1)
    _, two_messages, _ = convert([str(source)], tmp_path / "two.json", "csl-json", 2)
    assert [d.code for d in two_messages] == ["RIS024"]
    assert two_messages == one_messages


def test_damaged_records_give_the_same_messages_and_records(tmp_path: Path,
                                                             small_chunks: None) -> None:
    good = "TY  - JOUR\nID  - same\nTI  - A title {n}\nAU  - Doe, Jane\nPY  - 2020\nER  - \n\n"
    parts = [good.format(n=n) for n in range(40)]
    parts[3] = "Record 4 of 40\n" + parts[3]  # stray text between records
    parts[10] = parts[10].replace("ER  - \n", "")  # closed by the next TY
    parts[20] = "TI  - An orphan title\nPY  - 2019\n\n"  # TY lost: recovered as GEN
    parts[30] = parts[30].replace("PY  - 2020", "PY  - " + "9" * 200)  # a value over the limit
    source = tmp_path / "damaged.ris"
    source.write_text("".join(parts), encoding="utf-8")
    options = {"reader_options": ReaderOptions(max_value_length=100),
               "writer_options": WriterOptions(keep_ids=True)}
    one, one_messages, _ = convert([str(source)], tmp_path / "one.bib", "bibtex", 1, **options)
    two, two_messages, _ = convert([str(source)], tmp_path / "two.bib", "bibtex", 2, **options)
    assert one is None and two is None  # RIS030 is an error: nothing is written
    assert [d.format() for d in two_messages] == [d.format() for d in one_messages]
    assert {"RIS010", "RIS012", "RIS015", "RIS030", "OUT003"} <= {d.code for d in one_messages}


def test_failed_conversion_with_workers_leaves_no_output(tmp_path: Path) -> None:
    source = tmp_path / "warn.ris"
    source.write_text("TY  - JOUR\nTI  - T\nZZ  - x\nER  - \n", encoding="utf-8")
    target = tmp_path / "out.json"
    data, messages, ok = convert([str(source)], target, "csl-json", 2, strict=True)
    assert not ok and data is None
    assert [d.code for d in messages] == ["RIS024"]
    assert not list(tmp_path.glob("*.risx-tmp"))


def test_standard_output_with_workers_equals_the_file(tmp_path: Path) -> None:
    source = CORPUS / "db-exports"
    files = sorted(str(p) for p in source.glob("*.ris"))[:6]
    command = [sys.executable, "-m", "risx", "convert", *files, "-t", "bibtex", "-q"]
    serial = subprocess.run([*command, "-j", "1"], capture_output=True, check=True)
    workers = subprocess.run([*command, "-j", "2"], capture_output=True, check=True)
    assert workers.stdout == serial.stdout and len(serial.stdout) > 10_000
    assert workers.stderr == serial.stderr == b""


def test_who_gets_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "small.ris"
    small.write_text("TY  - JOUR\nTI  - T\nER  - \n", encoding="utf-8")
    paths = [str(small)]
    registry = default_registry()

    def jobs(settings: Settings, readers: list[type] | None = None,
             writer: type = CslJsonWriter, where: list[str] = paths) -> int:
        return plan.plan(settings, where, readers or [RisReader], writer,  # type: ignore[arg-type]
                         per_input=False).record_workers

    assert jobs(Settings()) == 1  # small input: not worth starting processes
    assert jobs(Settings(jobs=3)) == 3  # asked for
    assert jobs(Settings(jobs=3, dedupe=True)) == 1  # dedupe needs every record first
    assert jobs(Settings(jobs=3), readers=[CslJsonReader]) == 1  # only the RIS reader splits
    apa = registry.writers.get("apa")
    assert issubclass(apa, ApaWriter)
    assert jobs(Settings(jobs=3), writer=apa) == 1  # a sorted list is not a RecordWriter
    assert jobs(Settings(), where=["-"]) == 1  # size of standard input unknown
    monkeypatch.setattr(plan, "AUTO_PARALLEL_BYTES", 10)
    monkeypatch.setattr(plan, "cores", lambda: 2)
    assert jobs(Settings()) == 2  # large input: every core


def _damaged_inputs(tmp_path: Path) -> list[Path]:
    """Inputs whose messages come from decoding and from record boundaries, at chunk seams."""
    record = "TY  - JOUR\nTI  - Title {n}\nAU  - Doe, Jane\nPY  - 2020\nER  - \n\n"
    files: dict[str, bytes] = {}
    body = "".join(record.format(n=n) for n in range(12))
    files["nul_on_ty.ris"] = body.replace("TY  - JOUR\nTI  - Title 5", "TY  - JO\x00UR\nTI  - Title 5").encode()
    files["joined_exports.ris"] = ("\ufeff" + body + "\ufeff" + body).encode("utf-8")
    files["cp1252.ris"] = body.replace("Title 7", "Título 7").encode("cp1252")
    damaged = body.encode().replace(b"Title 3", "Títle 3".encode()).replace(b"Title 9", b"Ti\xfftle 9")
    files["utf8_damaged.ris"] = damaged
    files["odd_forms.ris"] = (body.replace("TY  - JOUR\nTI  - Title 4", "ty  - JOUR\nTI  - Title 4")
                              .replace("TY  - JOUR\nTI  - Title 8", "TY - JOUR\nTI  - Title 8")).encode()
    no_er = body.replace("PY  - 2020\nER  - \n\n", "PY  - 2020\n\n")
    files["no_er.ris"] = ("Header line\n" + no_er + "AU  - Stray, Tag\n").encode()
    files["orphans.ris"] = body.replace("TY  - JOUR\nTI  - Title 6", "AU  - Stray, Tag\nTY  - JOUR\nTI  - Title 6").encode()
    files["utf16.ris"] = body.encode("utf-16")
    files["three_encodings.ris"] = (body.encode() + body.encode("utf-16")
                                    + body.replace("Title 2", "Título 2").encode("cp1252"))
    files["empty.ris"] = b""
    files["no_records.ris"] = b"just some text\nand more\n"
    files["binary.ris"] = bytes(range(256)) * 40
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.mark.parametrize("chunk", [1, 2, 5])
def test_decoding_and_boundary_messages_at_chunk_seams(tmp_path: Path, chunk: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CHUNK_RECORDS", chunk)
    seen: set[str] = set()
    for path in _damaged_inputs(tmp_path):
        one, one_messages, one_ok = convert([str(path)], tmp_path / "one.json", "csl-json", 1)
        two, two_messages, two_ok = convert([str(path)], tmp_path / "two.json", "csl-json", 2)
        assert two == one, path.name
        assert [d.format() for d in two_messages] == [d.format() for d in one_messages], path.name
        assert two_ok == one_ok
        seen |= {d.code for d in one_messages}
        for target in (tmp_path / "one.json", tmp_path / "two.json"):
            target.unlink(missing_ok=True)
    # Every kind of message the inputs were made to raise was compared.
    assert {"RIS001", "RIS002", "RIS003", "RIS004", "RIS005", "RIS007", "RIS010", "RIS011",
            "RIS012", "RIS014", "RIS016"} <= seen


def plain_records(path: Path, count: int) -> Path:
    """A file of ``count`` minimal, well-formed records."""
    path.write_text("".join(f"TY  - JOUR\nTI  - Title {n}\nER  - \n" for n in range(count)),
                    encoding="utf-8")
    return path


def test_workers_hold_a_bounded_number_of_chunks(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat with workers: the parent never has more than 2 * jobs chunks out."""
    monkeypatch.setattr(parallel, "CHUNK_RECORDS", 10)
    source = plain_records(tmp_path / "many.ris", 3000)
    outstanding = 0
    most = 0
    submit = parallel.ProcessPoolExecutor.submit

    def counting_submit(self: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal outstanding, most
        future = submit(self, *args, **kwargs)
        outstanding += 1
        most = max(most, outstanding)

        def done(_: object) -> None:
            nonlocal outstanding
            outstanding -= 1

        future.add_done_callback(done)
        return future

    monkeypatch.setattr(parallel.ProcessPoolExecutor, "submit", counting_submit)
    data, _, ok = convert([str(source)], tmp_path / "out.json", "csl-json", 2)
    assert ok and data is not None and data.count(b'"id"') == 3000
    assert 2 <= most <= 2 * 2  # 300 chunks went through, never more than four at once


def test_a_worker_that_dies_stops_the_conversion_with_an_error(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed for memory, say: an error naming the input, no output, no temp file, no hang."""
    monkeypatch.setattr(parallel, "CHUNK_RECORDS", 10)
    source = plain_records(tmp_path / "many.ris", 500)
    interpret = parallel.interpret

    def dying(raw: Any, *args: Any, **options: Any) -> Any:
        if raw.line > 900:  # some way in: workers are forked with this patch in place
            os._exit(9)
        return interpret(raw, *args, **options)

    monkeypatch.setattr(parallel, "interpret", dying)
    data, messages, ok = convert([str(source)], tmp_path / "out.json", "csl-json", 2)
    assert not ok and data is None
    assert [(d.code, d.file) for d in messages if d.severity.value == "error"] == [
        ("IO001", str(source))]
    assert "worker process died" in messages[-1].message
    assert not list(tmp_path.glob("*.risx-tmp"))
