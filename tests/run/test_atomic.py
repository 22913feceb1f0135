"""All-or-nothing output: a failed run (full disk, Ctrl-C, error) leaves the old file and no temp file."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from risx import outputs
from risx.cli import main

RECORD = "TY  - JOUR\nTI  - Title {n}\nAU  - Doe, Jane\nPY  - 2020\nAB  - {abstract}\nER  - \n"


def ris_file(path: Path, count: int) -> Path:
    abstract = "words " * 40
    path.write_text("".join(RECORD.format(n=n, abstract=abstract) for n in range(count)))
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".risx-tmp"))


class FullDisk:
    """A text stream that fails like a full disk once ``limit`` characters were written."""

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
def test_full_disk_keeps_the_previous_file_and_leaves_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    source = ris_file(tmp_path / "in.ris", 50)
    target = tmp_path / "out.data"
    target.write_text("previous content")
    original_init = outputs.PendingOutput.__init__

    def init_on_a_full_disk(self: outputs.PendingOutput, target: Path) -> None:
        original_init(self, target)
        self.stream = FullDisk(self.stream, 500)  # type: ignore[assignment]

    monkeypatch.setattr(outputs.PendingOutput, "__init__", init_on_a_full_disk)
    result = CliRunner().invoke(main, ["convert", str(source), "-t", fmt, "-o", str(target)])
    assert result.exit_code == 1
    assert "error[IO001]" in result.stderr and "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text() == "previous content"
    assert leftovers(tmp_path) == []


def test_interrupt_in_process_keeps_the_previous_file(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    source = ris_file(tmp_path / "in.ris", 20)
    target = tmp_path / "out.json"
    target.write_text("previous content")
    from risx.readers.ris import mapping as ris_mapping

    calls = {"n": 0}
    real_map_record = ris_mapping.map_record

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 10:
            raise KeyboardInterrupt
        return real_map_record(*args, **kwargs)

    monkeypatch.setattr(ris_mapping, "map_record", interrupted)
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(target)])
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    assert target.read_text() == "previous content"
    assert leftovers(tmp_path) == []


def default_sigint() -> None:
    """In the child before exec: SIGINT back to its default action.

    A test run started with SIGINT ignored (a shell's background job) passes that on to its
    children, and Python installs its KeyboardInterrupt handler only when SIGINT is not ignored
    at start-up: without this, the test would test the parent shell, not risx.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_real_sigint_while_writing_keeps_the_previous_file(tmp_path: Path, jobs: str) -> None:
    """Ctrl-C as a terminal sends it: SIGINT to a real process that is half-way through.

    With ``-j 2`` the terminal's SIGINT reaches the whole process group; the workers ignore
    it and the parent stops them, discards the output and leaves no process behind.
    """
    source = ris_file(tmp_path / "big.ris", 40000)
    target = tmp_path / "out.json"
    target.write_text("previous content")
    process = subprocess.Popen([sys.executable, "-m", "risx", "convert", "-q", str(source), "-o",
                                str(target), "-j", jobs], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=default_sigint)
    deadline = time.monotonic() + 60
    while not leftovers(tmp_path) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the conversion ended before it could be interrupted"
    time.sleep(0.3)  # let it write part of the output
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to every process of the group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert target.read_text() == "previous content"
    assert leftovers(tmp_path) == []
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no worker outlived the parent


def test_successful_output_is_complete_and_synced(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    source = ris_file(tmp_path / "in.ris", 5)
    target = tmp_path / "out.json"
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(target)])
    assert result.exit_code == 0
    assert synced, "the output was renamed into place without fsync"
    assert target.read_text().rstrip().endswith("]")
    assert leftovers(tmp_path) == []
