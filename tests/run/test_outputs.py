"""risx.outputs: every writer path writes through one write_output, text or bytes.

A binary writer (``Writer.binary``) registered at run time goes through the real pipeline to a
merged file, to one file per input, to standard output and through ``risx.write``; a write that
fails is one IO001 naming the output; leftovers of a killed writer are cleared by name only.
"""

from __future__ import annotations

import errno
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import risx
from risx import outputs
from risx.cli import main
from risx.diagnostics import Reporter
from risx.model import Record
from risx.registry import Registry, default_registry
from risx.writers.base import Writer

RECORDS = "".join(f"TY  - JOUR\nTI  - Title {n}\nAU  - Doe, Jane\nPY  - 2020\nER  - \n"
                  for n in range(3))


class TitlesAsBytes(Writer):
    """A binary writer: each title as UTF-16 bytes with a length prefix, which no text
    stream accepts (``bytes`` written to a text stream raise)."""

    name = "titles-bin"
    extensions = (".bin",)
    description = "titles as UTF-16 bytes (a test writer)"
    binary = True

    def write(self, records: Iterable[Record], out: Any) -> None:
        for record in records:
            data = (record.title or "").encode("utf-16-le")
            out.write(len(data).to_bytes(2, "little") + data)


def expected_bytes(count: int = 3) -> bytes:
    titles = [f"Title {n}".encode("utf-16-le") for n in range(count)]
    return b"".join(len(t).to_bytes(2, "little") + t for t in titles)


def registry() -> Registry:
    found = default_registry()
    found.writers.register(TitlesAsBytes.name, TitlesAsBytes)
    return found


def source(directory: Path, name: str = "in.ris") -> Path:
    path = directory / name
    path.write_text(RECORDS, encoding="utf-8")
    return path


def test_a_binary_writer_gets_bytes_for_a_merged_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    result = risx.convert([str(source(tmp_path))], target, to="titles-bin", registry=registry())
    assert result.ok and result.diagnostics == []
    assert target.read_bytes() == expected_bytes()
    assert [s.status for s in result.inputs] == [outputs.STATUS_WRITTEN]
    again = risx.convert([str(source(tmp_path))], target, to="titles-bin", registry=registry())
    assert [s.status for s in again.inputs] == [outputs.STATUS_UNCHANGED]


def test_a_binary_writer_gets_bytes_for_each_output_of_a_batch(tmp_path: Path) -> None:
    inputs = [str(source(tmp_path, f"in{n}.ris")) for n in range(2)]
    result = risx.convert(inputs, f"{tmp_path}/out/", to="titles-bin", registry=registry())
    assert result.ok
    for n in range(2):
        assert (tmp_path / "out" / f"in{n}.bin").read_bytes() == expected_bytes()


def test_a_binary_writer_gets_bytes_on_standard_output(tmp_path: Path,
                                                       capfdbinary: pytest.CaptureFixture[bytes],
                                                       ) -> None:
    result = risx.convert([str(source(tmp_path))], to="titles-bin", registry=registry())
    assert result.ok
    assert capfdbinary.readouterr().out == expected_bytes()


def test_write_gives_a_binary_writer_bytes_and_refuses_a_text_stream(tmp_path: Path) -> None:
    records = risx.read(source(tmp_path))
    target = tmp_path / "api.bin"
    risx.write(records, "titles-bin", target, registry=registry())
    assert target.read_bytes() == expected_bytes()
    stream = io.BytesIO()
    risx.write(records, "titles-bin", stream, registry=registry())
    assert stream.getvalue() == expected_bytes()
    with pytest.raises(TypeError, match="writes bytes"):
        risx.write(records, "titles-bin", io.StringIO(), registry=registry())


class FullDisk:
    """A stream that fails like a full disk once ``limit`` characters were written."""

    def __init__(self, stream: Any, limit: int) -> None:
        self._stream = stream
        self._left = limit

    def write(self, text: str) -> int:
        self._left -= len(text)
        if self._left < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return int(self._stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex", "ris", "apa"])
def test_a_failed_write_is_one_io001_naming_the_output(tmp_path: Path, fmt: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    original_init = outputs.PendingOutput.__init__

    def init_on_a_full_disk(self: outputs.PendingOutput, target: Path) -> None:
        original_init(self, target)
        self.stream = FullDisk(self.stream, 30)  # type: ignore[assignment]

    monkeypatch.setattr(outputs.PendingOutput, "__init__", init_on_a_full_disk)
    target = tmp_path / "out.data"
    result = CliRunner().invoke(main, ["convert", str(source(tmp_path)), "-t", fmt,
                                       "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"{target}: error[IO001]: cannot write: No space left on device\n"
    assert not target.exists()


def test_write_raises_what_the_command_reports(tmp_path: Path) -> None:
    records = risx.read(source(tmp_path))
    with pytest.raises(OSError):
        risx.write(records, "csl-json", tmp_path / "no such folder" / "out.json")


def test_only_the_leftovers_of_that_output_are_cleared(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    names = [".out.json.0badc0de.risx-tmp",  # what a killed writer of out.json leaves
             ".out.json.notahex!.risx-tmp", ".out.json.0badc0de.tmp", ".other.json.0badc0de.risx-tmp",
             "out.json", ".out.json.0badc0de0.risx-tmp"]
    for name in names:
        (tmp_path / name).write_text("x")
    outputs.remove_leftovers(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])


def test_a_closed_pipe_fails_the_run_quietly(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    class ClosedPipe(io.BytesIO):
        def write(self, data: Any) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    class Stdout:
        buffer = ClosedPipe()

        def fileno(self) -> int:
            raise ValueError("no descriptor")  # the redirection to /dev/null is skipped

    monkeypatch.setattr(outputs.sys, "stdout", Stdout())
    reporter = Reporter(stream=io.StringIO(), keep=True)
    result = risx.convert([str(source(tmp_path))], to="csl-json", reporter=reporter)
    assert not result.ok
    assert result.diagnostics == [] and reporter.stream.getvalue() == ""  # type: ignore[attr-defined]
