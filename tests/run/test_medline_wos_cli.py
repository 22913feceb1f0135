"""MEDLINE and Web of Science through the command line: `risx formats` lists them, `risx
check` reads them (found by content in .txt files), `risx convert` writes them, and a damaged
file is reported as ``file:line: warning[CODE]`` with the good records still converted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import corpus_path


def risx(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "risx", *map(str, args)], capture_output=True,
                          text=True, check=False,
                          input=stdin.decode("utf-8") if stdin is not None else None)


def test_formats_lists_both_readers() -> None:
    result = risx("formats")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert any(line.split()[:3] == ["medline", ".nbib", ".medline"] for line in lines)
    assert any(line.split()[:3] == ["wos", ".ciw", ".isi"] for line in lines)
    # The descriptions start in one column, past the longest extensions (".nbib .medline").
    inputs = {line.split()[0]: line for line in lines[1:lines.index("Output formats:")]}
    starts = {inputs[name].index(description) for name, description in (
        ("medline", "MEDLINE/PubMed"), ("wos", "Web of Science"), ("ris", "RIS tagged"))}
    assert len(starts) == 1


def test_check_finds_medline_and_wos_in_txt_files_by_content(tmp_path: Path) -> None:
    medline = tmp_path / "pubmed.txt"
    medline.write_bytes(corpus_path("medline-nbib", "pubmed-2017__synthesisr.txt").read_bytes())
    wos = tmp_path / "savedrecs.txt"
    wos.write_bytes(corpus_path("wos-tagged", "wos-2018-clarivate__refsplitr.txt").read_bytes())
    result = risx("check", "--format", "json", medline, wos)
    assert result.returncode == 0, result.stderr
    files = json.loads(result.stdout)["files"]
    assert [(f["records"], f["dialect"], f["errors"]) for f in files] == [
        (3, "PubMed", 0), (10, "Web of Science", 0)]


def test_check_reports_the_line_of_a_wos_record_without_er(tmp_path: Path) -> None:
    source = tmp_path / "cut.txt"
    source.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A\n"
                      "PT J\nTI B\nER\nEF\n")
    result = risx("check", source)
    assert result.returncode == 0
    assert f"{source}:3: warning[WOS013]" in result.stderr


def test_convert_nbib_and_wos_into_one_csl_json_list(tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    result = risx("convert", "-o", out,
                  corpus_path("medline-nbib", "pubmed-2019-single-edited__rbibutils.nbib"),
                  corpus_path("wos-tagged", "wos-2012-bom-onerecord__metaknowledge.isi"))
    assert result.returncode == 0, result.stderr
    items = json.loads(out.read_text(encoding="utf-8"))
    assert len(items) == 2
    assert items[0]["PMID"] and items[1]["title"]


def test_standard_input_is_sniffed_and_f_overrides() -> None:
    nbib = b"PMID- 1\nTI  - From stdin.\nDP  - 2020\n"
    result = risx("convert", "-t", "csl-json", stdin=nbib)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"] == "From stdin"
    forced = risx("convert", "-f", "wos", "-t", "csl-json", stdin=nbib)
    assert json.loads(forced.stdout) == []
    assert "<stdin>:1: warning[WOS010]" in forced.stderr
    assert "no Web of Science records found" in forced.stderr
