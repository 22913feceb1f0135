"""The risx command: formats, exit codes, stdin/stdout, atomic output files, check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import corpus_path
from risx.cli import main

GOOD = "TY  - JOUR\nTI  - First\nAU  - Doe, Jane\nPY  - 2020\nER  - \n"
WARNING_ONLY = "TY  - JOUR\nTI  - No end\n"


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_formats_lists_readers_and_writers_with_extensions() -> None:
    code, out, _ = run("formats")
    assert code == 0
    assert "ris" in out
    assert "csl-json" in out and ".json" in out


def test_convert_stdin_to_stdout() -> None:
    code, out, err = run("convert", "-t", "csl-json", input=GOOD)
    assert code == 0
    assert err == ""  # quiet on success
    items = json.loads(out)
    assert items[0]["title"] == "First"
    assert items[0]["id"] == "doe2020"


def test_output_format_from_extension(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_text(GOOD)
    target = tmp_path / "out.json"
    code, out, _ = run("convert", str(source), "-o", str(target))
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text())[0]["title"] == "First"


def test_unknown_extension_without_format_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_text(GOOD)
    code, _, err = run("convert", str(source), "-o", str(tmp_path / "out.xyz"))
    assert code == 2
    assert "-t FORMAT" in err


def test_unknown_format_and_missing_input_are_usage_errors(tmp_path: Path) -> None:
    assert run("convert", "-t", "nope", input=GOOD)[0] == 2
    assert run("convert", str(tmp_path / "missing.ris"), "-t", "csl-json")[0] == 2


def test_warnings_go_to_stderr_with_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_text(WARNING_ONLY)
    code, out, err = run("convert", str(source), "-t", "csl-json")
    assert code == 0
    assert err.strip() == f"{source}:1: warning[RIS012]: the record starting here has no ER line; closed at the end of the file"
    assert json.loads(out)[0]["title"] == "No end"


def test_quiet_silences_warnings() -> None:
    code, _, err = run("convert", "-q", "-t", "csl-json", input=WARNING_ONLY)
    assert code == 0
    assert err == ""


def test_strict_fails_on_warnings_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_text(WARNING_ONLY)
    target = tmp_path / "out.json"
    code, _, err = run("convert", "--strict", str(source), "-o", str(target))
    assert code == 1
    assert "RIS012" in err
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left behind


def test_failed_run_leaves_previous_output_untouched(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_text(WARNING_ONLY)
    target = tmp_path / "out.json"
    target.write_text("previous")
    assert run("convert", "--strict", str(source), "-o", str(target))[0] == 1
    assert target.read_text() == "previous"


def test_binary_input_is_an_error_with_exit_1(tmp_path: Path) -> None:
    source = tmp_path / "bad.ris"
    source.write_bytes(bytes(range(256)) * 10)
    target = tmp_path / "out.json"
    code, _, err = run("convert", str(source), "-o", str(target))
    assert code == 1
    assert f"{source}:1: error[RIS005]" in err
    assert "Traceback" not in err
    assert not target.exists()


def test_several_inputs_go_into_one_output_in_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ris", tmp_path / "b.ris"
    first.write_text(GOOD)
    second.write_text(GOOD.replace("First", "Second"))
    code, out, _ = run("convert", str(first), str(second), "-t", "csl-json")
    assert code == 0
    items = json.loads(out)
    assert [i["title"] for i in items] == ["First", "Second"]
    assert [i["id"] for i in items] == ["doe2020", "doe2020a"]  # unique across inputs


def test_output_directory_gets_one_file_per_input(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ris", tmp_path / "b.ris"
    first.write_text(GOOD)
    second.write_text(GOOD.replace("First", "Second"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, _ = run("convert", str(first), str(second), "-t", "csl-json", "-o", f"{out_dir}/")
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["a.json", "b.json"]
    assert json.loads((out_dir / "b.json").read_text())[0]["title"] == "Second"


def test_check_reports_counts_and_exit_codes(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.ris", tmp_path / "bad.ris"
    good.write_text(GOOD + GOOD)
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    code, out, _ = run("check", str(good))
    assert code == 0
    assert out.strip() == f"{good}: 2 record(s), 0 warning(s), 0 error(s)"
    code, out, err = run("check", str(good), str(bad))
    assert code == 1
    assert f"{bad}: 0 record(s)" in out
    assert "RIS005" in err


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    source = tmp_path / "w.ris"
    source.write_text(WARNING_ONLY)
    assert run("check", str(source))[0] == 0
    assert run("check", "--strict", str(source))[0] == 1


def test_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    source = corpus_path("db-exports", "endnote-export-mixed__asysd.ris")
    outputs = []
    for name in ("one.json", "two.json"):
        target = tmp_path / name
        assert run("convert", "-q", str(source), "-o", str(target))[0] == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_installed_console_script_reads_real_stdin() -> None:
    """The real entry point, through a pipe, as a Makefile would call it."""
    seed = corpus_path("seed", "troup2022-pure-export.ris").read_bytes()
    result = subprocess.run([sys.executable, "-m", "risx", "convert", "-t", "csl-json", "-q"],
                            input=seed, capture_output=True, check=False,
                            env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    item = json.loads(result.stdout.decode("utf-8"))[0]
    assert item["container-title"] == "PLoS ONE"
    assert "©" in item["note"]  # UTF-8 on stdout whatever the locale says


@pytest.mark.parametrize("args", [["--help"], ["convert", "--help"], ["check", "--help"]])
def test_help_documents_exit_codes(args: list[str]) -> None:
    code, out, _ = run(*args)
    assert code == 0
    assert "Exit codes" in out


def test_bad_key_pattern_is_a_usage_error_before_any_output(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    code, _, err = run("convert", "-t", "bibtex", "--key-pattern", "{nope}", "-o", str(target),
                       input=GOOD)
    assert code == 2
    assert "--key-pattern" in err and "{nope}" in err
    assert not target.exists()


def test_markdown_title_and_numbered_list() -> None:
    code, out, _ = run("convert", "-t", "markdown", "--title", "Reading list", "--list",
                       "numbered", input=GOOD)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# Reading list"
    assert lines[2] == "1. Doe, J. (2020). *First*."  # APA italicises a stand-alone title
