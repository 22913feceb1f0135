"""``risx dedupe`` and ``convert --dedupe`` as a reviewer runs them: the report with record ids,
the review list, the PRISMA numbers, --prefer, --against, and the options' usage errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from conftest import corpus_path

PUBMED = """TY  - JOUR
ID  - 111
AN  - 31000001
TI  - Intrapleural fibrinolytic therapy for pleural infection in adults
AU  - Smith, John
AU  - Jones, Anna
PY  - 2010
JO  - Am J Respir Crit Care Med
VL  - 182
SP  - 1020
EP  - 1027
DB  - PubMed
ER  -

TY  - JOUR
ID  - 112
TI  - =HYPERLINK("http://x.example/","Management of pleural infection: part 1")
AU  - Brown, Ann
PY  - 2015
JO  - Thorax
VL  - 70
DB  - PubMed
ER  -
""".replace("ER  -\n", "ER  - \n")

EMBASE = """TY  - JOUR
ID  - E-9
AN  - 600123456
TI  - Intrapleural fibrinolytc therapy for pleural infection in adults
AU  - Smith, J.
PY  - 2010
JO  - American Journal of Respiratory and Critical Care Medicine
VL  - 182
SP  - 1020
EP  - 1027
AB  - Only Embase has the abstract.
DB  - Embase
ER  -

TY  - JOUR
ID  - E-10
TI  - =HYPERLINK("http://x.example/","Management of pleural infection: part 2")
AU  - Brown, Ann
PY  - 2015
JO  - Thorax
VL  - 70
DB  - Embase
ER  -
""".replace("ER  -\n", "ER  - \n")


def risx_run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "risx", *map(str, args)], capture_output=True,
                          text=True, check=False)


def inputs(tmp_path: Path) -> tuple[Path, Path]:
    pubmed, embase = tmp_path / "pubmed.ris", tmp_path / "embase.ris"
    pubmed.write_text(PUBMED, encoding="utf-8")
    embase.write_text(EMBASE, encoding="utf-8")
    return pubmed, embase


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_dedupe_writes_report_review_list_and_prisma(tmp_path: Path) -> None:
    pubmed, embase = inputs(tmp_path)
    out, report = tmp_path / "all.json", tmp_path / "removed.csv"
    review, prisma = tmp_path / "review.csv", tmp_path / "prisma.json"
    result = risx_run("dedupe", pubmed, embase, "-o", out, "--report", report,
                      "--review-list", review, "--prisma", prisma)
    assert result.returncode == 0, result.stderr
    assert (f"risx: PRISMA: 4 record(s) identified ({pubmed} 2, {embase} 2); 1 duplicate(s) "
            f"removed automatically; 1 pair(s) sent to review; 3 record(s) remaining"
            in result.stderr)
    items = json.loads(out.read_text(encoding="utf-8"))
    assert len(items) == 3
    # The Embase record is the more complete (it has the abstract): it is kept, PubMed's goes.
    (row,) = read_csv(report)
    assert (row["removed_file"], row["removed_index"], row["removed_id"], row["removed_an"]) == (
        str(pubmed), "1", "111", "31000001")
    assert (row["kept_file"], row["kept_index"], row["kept_id"]) == (str(embase), "1", "E-9")
    assert row["action"] == "duplicate" and row["rule"] == "DUP-R02"
    assert "journal =" in row["evidence"]
    kept = next(i for i in items if i["id"] == "E-9")
    assert "risx dedupe merged: " + f"{pubmed}#1 [ID 111, AN 31000001]" in kept["note"]
    # Part 1 and part 2 stay, side by side on the review list, formulas defused.
    (pair,) = read_csv(review)
    assert pair["rule"] == "DUP-V07"
    assert pair["a_title"].startswith("'=HYPERLINK(") and pair["b_title"].startswith("'=HYPER")
    assert (pair["a_id"], pair["b_id"], pair["a_status"], pair["b_status"]) == (
        "112", "E-10", "kept", "kept")
    numbers = json.loads(prisma.read_text(encoding="utf-8"))
    assert numbers == {
        "records_identified": 4,
        "records_identified_by_input": {str(pubmed): 2, str(embase): 2},
        "records_identified_by_database": {"Embase": 2, "PubMed": 2},
        "duplicates_removed": 1, "duplicates_removed_by_rule": {"DUP-R02": 1},
        "already_screened_removed": 0, "screened_set_records": 0,
        "pairs_sent_to_review": 1, "records_remaining": 3}


def test_prefer_names_the_database_or_file_that_wins(tmp_path: Path) -> None:
    pubmed, embase = inputs(tmp_path)
    for prefer in ("PubMed", "pubmed.ris", str(pubmed)):
        report = tmp_path / "removed.csv"
        result = risx_run("dedupe", pubmed, embase, "--prefer", prefer, "-t", "csl-json",
                          "--report", report)
        assert result.returncode == 0, result.stderr
        ids = [item["id"] for item in json.loads(result.stdout)]
        assert ids == ["111", "112", "E-10"]
        kept = json.loads(result.stdout)[0]
        assert kept["abstract"] == "Only Embase has the abstract."  # filled from the other
        (row,) = read_csv(report)
        assert row["removed_id"] == "E-9" and row["kept_id"] == "111"


def test_against_leaves_out_what_was_screened_before(tmp_path: Path) -> None:
    pubmed, embase = inputs(tmp_path)
    screened = tmp_path / "screened-2024.json"
    done = risx_run("convert", "-q", pubmed, "-o", screened)
    assert done.returncode == 0, done.stderr
    report, prisma = tmp_path / "removed.csv", tmp_path / "prisma.json"
    result = risx_run("dedupe", embase, "--against", screened, "-t", "csl-json", "--report",
                      report, "--prisma", prisma)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == ["E-10"]  # the old set is not written again
    (row,) = read_csv(report)
    assert (row["removed_id"], row["action"], row["kept_file"], row["kept_id"]) == (
        "E-9", "already screened", str(screened), "111")
    numbers = json.loads(prisma.read_text(encoding="utf-8"))
    assert (numbers["records_identified"], numbers["already_screened_removed"],
            numbers["screened_set_records"], numbers["duplicates_removed"],
            numbers["records_remaining"]) == (2, 1, 2, 0, 1)
    assert "1 already screened removed (screened set of 2)" in result.stderr


def test_convert_dedupe_takes_the_same_options(tmp_path: Path) -> None:
    pubmed, embase = inputs(tmp_path)
    review = tmp_path / "review.csv"
    result = risx_run("convert", "--merge", "--dedupe", "--review-list", review, pubmed,
                      embase, "-t", "ris")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ER  -") == 3
    assert "N1  - risx dedupe merged: " in result.stdout
    assert len(read_csv(review)) == 1


def test_record_index_is_given_when_every_line_is_one(tmp_path: Path) -> None:
    # One-line JSON: every item starts on line 1, so the report names the record index.
    item = {"type": "article-journal", "title": "Same title of a study of pleural infection",
            "author": [{"family": "Smith", "given": "J"}], "issued": {"date-parts": [[2010]]},
            "container-title": "Thorax", "volume": "70", "page": "100-110"}
    source = tmp_path / "one-line.json"
    source.write_text(json.dumps([dict(item, id="a"), dict(item, id="b"), dict(item, id="c")]),
                      encoding="utf-8")
    report = tmp_path / "removed.csv"
    result = risx_run("dedupe", source, "-t", "csl-json", "--report", report)
    assert result.returncode == 0, result.stderr
    rows = read_csv(report)
    assert [(r["removed_line"], r["removed_index"], r["removed_id"]) for r in rows] == [
        ("1", "2", "b"), ("1", "3", "c")]


def test_dedupe_options_need_dedupe(tmp_path: Path) -> None:
    pubmed, _ = inputs(tmp_path)
    for option in (("--prisma", tmp_path / "p.json"), ("--review-list", tmp_path / "r.csv"),
                   ("--prefer", "PubMed"), ("--against", pubmed)):
        result = risx_run("convert", pubmed, "-t", "csl-json", *option)
        assert result.returncode == 2
        assert f"{option[0]} needs --dedupe" in result.stderr
    assert not (tmp_path / "p.json").exists()


def test_rules_are_listed() -> None:
    result = risx_run("dedupe", "--rules")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("DUP-R01  merge ")
    assert any(line.startswith("DUP-V02  review  a DOI shared by several") for line in lines)


def test_plain_conversion_never_loads_the_dedupe_engine(tmp_path: Path) -> None:
    pubmed, _ = inputs(tmp_path)
    code = ("import sys; from risx.cli import main\n"
            "try:\n"
            f"    main(['convert', '-q', {str(pubmed)!r}, '-o', {str(tmp_path / 'x.json')!r}])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(sorted(m for m in ('rapidfuzz', 'risx.dedupe') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_prefer_an_exporter_named_by_the_guessed_dialect(tmp_path: Path) -> None:
    # Zotero's RIS names no database in its records: the exporter guessed from the file's tags
    # ("dialect Zotero" in -v) is what a protocol would name.
    ovid = corpus_path("db-exports", "ovid-psycinfo__asreview.ris")
    zotero = corpus_path("db-exports", "ovid-psycinfo-via-zotero__asreview.ris")
    report = tmp_path / "removed.csv"
    default = risx_run("dedupe", "-q", ovid, zotero, "-t", "csl-json", "--report", report)
    assert default.returncode == 0, default.stderr
    assert {row["kept_file"] for row in read_csv(report)} == {str(ovid)}
    preferred = risx_run("dedupe", "-q", ovid, zotero, "-t", "csl-json", "--report", report,
                         "--prefer", "Zotero")
    assert preferred.returncode == 0, preferred.stderr
    rows = read_csv(report)
    assert len(rows) == 6 and {row["kept_file"] for row in rows} == {str(zotero)}
