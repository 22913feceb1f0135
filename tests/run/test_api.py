"""The library API: risx.read, risx.write, risx.convert, risx.check (the CLI runs on it)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import risx
from conftest import corpus_path
from risx import api
from risx.cli import main
from risx.diagnostics import Diagnostic
from risx.readers.base import ReaderOptions
from risx.readers.ris import RisReader
from risx.registry import UnknownFormat, default_registry
from test_streaming import big_input

SCOPUS = ("db-exports", "scopus-2025__asysd.ris")


def test_read_from_path_binary_and_text_files() -> None:
    path = corpus_path(*SCOPUS)
    from_path = risx.read(path)
    assert len(from_path) == 10
    with open(path, "rb") as binary:
        assert risx.read(binary) == from_path
    with open(path, encoding="utf-8-sig") as text:
        from_text = risx.read(text)
    assert [r.title for r in from_text] == [r.title for r in from_path]


def test_read_reports_diagnostics_to_a_callable() -> None:
    found: list[Diagnostic] = []
    records = risx.read(io.BytesIO(b"TY  - JOUR\nTI  - No end\n"), report=found.append)
    assert [r.title for r in records] == ["No end"]
    assert [d.code for d in found] == ["RIS012"]
    assert found[0].file == "<stream>"


def test_iter_records_gives_what_read_gives_one_at_a_time() -> None:
    path = corpus_path(*SCOPUS)
    records = risx.iter_records(path)
    assert not isinstance(records, list)
    assert next(records) == risx.read(path)[0]
    assert [next(records), *records] == risx.read(path)[1:]
    with open(path, encoding="utf-8-sig") as text:
        assert [r.title for r in risx.iter_records(text)] == [r.title for r in risx.read(path)]
    with pytest.raises(UnknownFormat):  # when called, not at the first record
        risx.iter_records(path, format="marc21")  # not a format risx reads


@pytest.mark.parametrize("mode", ["binary", "text"])
def test_iter_records_streams_a_large_file(mode: str) -> None:
    stream = big_input(20000)  # about 25 MB
    source = stream if mode == "binary" else io.TextIOWrapper(stream, encoding="utf-8")
    records = risx.iter_records(source)
    assert next(records).title == "Title 0"
    assert stream.high_water < 3 * 1024 * 1024  # a few blocks, not the file
    assert sum(1 for _ in records) == 19999


@pytest.mark.parametrize(("data", "title", "code"), [
    (b"TY  - JOUR\nTI  - Caf\xe9 au lait\nER  - \n", "Caf\u00e9 au lait", "RIS001"),  # Windows-1252
    (b"TY  - JOUR\nAU  - M\xc3\xbcller, A\nTI  - Caf\xe9\nER  - \n", "Caf\ufffd", "RIS002"),
])
def test_a_text_stream_opened_with_surrogateescape_reads_as_the_file_does(
        data: bytes, title: str, code: str) -> None:
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
    found: list[Diagnostic] = []
    (record,) = risx.read(text, report=found.append)
    assert record.title == title
    assert [d.code for d in found] == [code]
    assert risx.read(io.BytesIO(data)) == [record]


def test_a_lone_surrogate_in_a_text_stream_is_reported_not_raised() -> None:
    found: list[Diagnostic] = []
    (record,) = risx.read(io.StringIO("TY  - JOUR\nTI  - x\ud800y\nER  - \n"), report=found.append)
    assert record.title.startswith("x") and record.title.endswith("y")
    assert [(d.code, d.line) for d in found] == [("RIS001", 2)]


def test_write_to_path_stream_and_bytes(tmp_path: Path) -> None:
    records = risx.read(corpus_path(*SCOPUS))
    target = tmp_path / "s.json"
    risx.write(records, None, target)  # format from the extension
    items = json.loads(target.read_text(encoding="utf-8"))
    assert [i["title"] for i in items] == [r.title for r in records]
    text = io.StringIO()
    risx.write(records, "csl-json", text)
    assert text.getvalue() == target.read_text(encoding="utf-8")
    binary = io.BytesIO()
    risx.write(records, "csl-json", binary)
    assert binary.getvalue() == target.read_bytes()
    # Unchanged content: the file is left alone.
    os.utime(target, (1_000_000_000, 1_000_000_000))
    risx.write(records, "csl-json", target)
    assert target.stat().st_mtime == 1_000_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]
    with pytest.raises(UnknownFormat):
        risx.write(records, "nope", io.StringIO())


def test_convert_and_check_return_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # An export with warnings (names glued into one AU line) beside a clean one.
    sources = [corpus_path(*SCOPUS), corpus_path("db-exports", "dimensions__citesource.ris")]
    result = risx.convert(sources, out, to="bibtex", jobs=2)
    assert result.ok
    assert [s.records_written for s in result.inputs] == [10, 246]
    assert sorted(p.name for p in out.iterdir()) == ["dimensions__citesource.bib",
                                                     "scopus-2025__asysd.bib"]
    assert any(d.code.startswith("RIS") for d in result.diagnostics)  # kept, not printed
    strict = risx.convert(sources, tmp_path / "all.json", strict=True)
    assert not strict.ok
    assert not (tmp_path / "all.json").exists()
    summaries = risx.check(sources)
    assert [(s.records_read, s.errors) for s in summaries] == [(10, 0), (246, 0)]


def test_cli_runs_on_the_api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[list[str]] = []
    real = api.convert

    def spy(inputs: list[str], *args: object, **kwargs: object) -> api.ConversionResult:
        calls.append(list(inputs))
        return real(inputs, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "convert", spy)
    source = corpus_path(*SCOPUS)
    result = CliRunner().invoke(main, ["convert", "-q", str(source), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 0
    assert calls == [[str(source)]]


def test_reader_limits_reach_every_reader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[ReaderOptions] = []

    class SpyReader(RisReader):
        def __init__(self, options: ReaderOptions | None = None) -> None:
            super().__init__(options)
            seen.append(self.options)

    def registry() -> object:
        reg = default_registry()
        reg.readers.register("ris", SpyReader)
        return reg

    monkeypatch.setattr("risx.commands.default_registry", registry)
    sources = [str(corpus_path(*SCOPUS)), str(corpus_path("db-exports", "wos__asysd.ris"))]
    result = CliRunner().invoke(main, ["convert", "-q", "-f", "ris", "--max-value-length", "5000",
                                       "--max-record-lines", "700", *sources, "-o",
                                       f"{tmp_path}/", "-t", "csl-json", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert seen == [ReaderOptions(max_value_length=5000, max_record_lines=700)] * 2
    seen.clear()
    CliRunner().invoke(main, ["check", "-f", "ris", "--max-record-lines", "9", sources[0]])
    assert seen == [ReaderOptions(max_record_lines=9)]


def test_import_risx_is_cheap() -> None:
    code = ("import sys, risx; "
            "print(sorted(m for m in ('risx.api', 'risx.pipeline', 'citeproc', 'bibtexparser', "
            "'lxml', 'click', 'risx.readers.ris') if m in sys.modules)); "
            "print(risx.convert.__module__, risx.read.__module__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    loaded, modules = result.stdout.splitlines()
    assert loaded == "[]"
    assert modules == "risx.api risx.api"  # the function, not a submodule of that name
