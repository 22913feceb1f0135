"""The conversion's allocator setting (risx.heap): taken on glibc, a no-op elsewhere."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest
from click.testing import CliRunner

from risx.heap import return_freed_memory_promptly


def test_freed_memory_setting_takes_on_glibc() -> None:
    libc, _ = platform.libc_ver()
    assert return_freed_memory_promptly() is (libc == "glibc")


def test_the_command_sets_it_and_the_library_leaves_the_host_alone(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ctypes

    import risx
    from risx import cli

    settings: list[tuple[int, int]] = []

    class FakeLibc:
        class mallopt:  # stands for the C function
            argtypes: object = None
            restype: object = None

            def __new__(cls, parameter: int, value: int) -> int:  # type: ignore[misc]
                settings.append((parameter, value))
                return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: FakeLibc)
    source = tmp_path / "in.ris"
    source.write_text("TY  - JOUR\nTI  - A\nER  - \n", encoding="utf-8")
    assert risx.convert([source], tmp_path / "a.json").ok
    assert settings == []  # an importing program's malloc settings are its own
    result = CliRunner().invoke(cli.main, ["convert", "-q", str(source), "-o",
                                           str(tmp_path / "b.json")])
    assert result.exit_code == 0
    assert settings == [(-3, 128 * 1024), (-1, 128 * 1024)]  # mmap, then trim threshold
