"""risx check --format text|json|github, parsed and checked, on real exports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import corpus_path

WARNING_ONLY = "TY  - JOUR\nTI  - No end\n"
ANNOTATION = re.compile(r"^::(warning|error) file=([^,]+)(?:,line=(\d+))?,title=([A-Z]+\d+)::(.*)$")


def check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "risx", "check", *map(str, args)],
                          capture_output=True, text=True, check=False)


def test_json_report_counts_per_file_and_code(tmp_path: Path) -> None:
    # A real export with warnings (author lists glued into one AU line).
    wos = corpus_path("db-exports", "endnote-export-mixed__asysd.ris")
    binary = tmp_path / "binary.ris"
    binary.write_bytes(bytes(range(256)) * 8)
    text_run = check(wos)
    result = check("--format", "json", wos, binary)
    assert result.returncode == 1  # the binary file is an error
    assert result.stderr == ""  # everything is in the report
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert report["ok"] is False
    first, second = report["files"]
    assert first["file"] == str(wos)
    assert first["records"] == 69
    assert first["errors"] == 0
    assert first["ok"] is True
    assert first["encoding"] == "UTF-8 (BOM)"
    assert first["dialect"] == "EndNote"
    # The counts agree with the text format's diagnostics, code by code.
    text_codes = re.findall(r"warning\[([A-Z]+\d+)\]", text_run.stderr)
    assert first["warnings"] == len(text_codes) > 0
    assert first["by_code"] == {code: text_codes.count(code) for code in set(text_codes)}
    assert len(first["diagnostics"]) == first["warnings"]
    assert all(d["line"] >= 1 and d["level"] == "warning" for d in first["diagnostics"])
    # Not text: one error, and the warning that no records were found.
    assert second["by_code"] == {"RIS005": 1, "RIS007": 1}
    assert (second["errors"], second["warnings"], second["ok"]) == (1, 1, False)
    assert report["totals"] == {"files": 2, "records": 69, "warnings": first["warnings"] + 1,
                                "errors": 1}


def test_json_strict_fails_on_warnings(tmp_path: Path) -> None:
    source = tmp_path / "w.ris"
    source.write_text(WARNING_ONLY)
    relaxed = check("--format", "json", source)
    assert relaxed.returncode == 0
    assert json.loads(relaxed.stdout)["ok"] is True
    strict = check("--format", "json", "--strict", source)
    assert strict.returncode == 1
    report = json.loads(strict.stdout)
    assert report["ok"] is False and report["strict"] is True
    assert report["files"][0]["by_code"] == {"RIS012": 1}


def test_github_annotations_parse_and_match_the_text_diagnostics() -> None:
    source = corpus_path("db-exports", "endnote-export-mixed__asysd.ris")
    text_run = check(source)
    result = check("--format", "github", source)
    assert result.returncode == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    annotations = [ANNOTATION.match(line) for line in lines[:-1]]
    assert all(annotations), lines
    assert lines[-1] == text_run.stdout.strip()  # then the text summary
    expected = re.findall(r"^(.+?):(\d+): (warning|error)\[([A-Z]+\d+)\]: (.*)$",
                          text_run.stderr, flags=re.M)
    got = [(m.group(2), m.group(3), m.group(1), m.group(4), m.group(5))
           for m in annotations if m]
    assert len(got) == len(expected) > 0
    for (file, line, level, code, message), (g_file, g_line, g_level, g_code, g_message) in zip(
            expected, got, strict=True):
        assert (g_file, g_line, g_level, g_code) == (file, line, level, code)
        assert g_message == f"[{code}] {message}"


def test_github_escapes_file_names_and_messages(tmp_path: Path) -> None:
    source = tmp_path / "a,b:c.ris"
    source.write_text(WARNING_ONLY)
    result = check("--format", "github", "--strict", source)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::warning file={str(tmp_path).replace(':', '%3A')}/a%2Cb%3Ac.ris,"
                            "line=1,title=RIS012::")


def test_text_format_is_the_default(tmp_path: Path) -> None:
    source = tmp_path / "w.ris"
    source.write_text(WARNING_ONLY)
    default, text = check(source), check("--format", "text", source)
    assert default.stdout == text.stdout == f"{source}: 1 record(s), 1 warning(s), 0 error(s)\n"
    assert default.stderr == text.stderr
    assert "warning[RIS012]" in text.stderr


def test_the_encoding_of_joined_exports_is_named_by_its_start(tmp_path: Path) -> None:
    utf8 = "TY  - JOUR\nTI  - Eins Straße\nER  - \n".encode()
    utf16 = b"\xff\xfe" + "TY  - JOUR\r\nTI  - Zwei\r\nER  - \r\n".encode("utf-16-le")
    cp1252 = "TY  - JOUR\r\nTI  - Drei Straße\r\nER  - \r\n".encode("cp1252")
    expected = {
        "utf8_utf8.ris": (b"\xef\xbb\xbf" + utf8 + b"\xef\xbb\xbf" + utf8,
                          "UTF-8 (BOM) at the start, files joined (RIS004)"),
        "utf8_utf16.ris": (utf8 + utf16, "UTF-8 at the start, files joined (RIS004)"),
        "utf16_cp1252.ris": (utf16 + cp1252, "UTF-16 at the start, files joined (RIS004)"),
        "cp1252_utf16.ris": (cp1252 + utf16, "8-bit text at the start, files joined (RIS004)"),
        "cp1252.ris": (cp1252, "Windows-1252"),
    }
    for name, (data, _) in expected.items():
        (tmp_path / name).write_bytes(data)
    result = check("--format", "json", *(tmp_path / name for name in expected))
    report = json.loads(result.stdout)
    assert {Path(f["file"]).name: (f["records"], f["encoding"]) for f in report["files"]} == {
        name: (data.count(b"TY") + data.count("TY".encode("utf-16-le")), encoding)
        for name, (data, encoding) in expected.items()}
