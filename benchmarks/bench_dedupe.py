#!/usr/bin/env python3
"""Score risx's deduplication on the labelled sets, beside the published figures, in one table.

usage: python3 benchmarks/bench_dedupe.py [--bench DIR] [--sets diabetes,respiratory,...]
           [--command convert|dedupe] [--keep DIR] [--markdown] [--details N]
       python3 benchmarks/bench_dedupe.py --generate 100000 [--seed S] [--keep DIR]

Each labelled set (``../shared/dedupe-bench``, or ``$RISX_DEDUPE_BENCH``, or ``--bench``) is turned
into one CSL-JSON file the way a reviewer would hand an export to risx: one item per line, the
set's record id in ``id`` and in ``call-number``.  risx runs on it through its real command line
(``risx convert IN.json --merge --dedupe --dedupe-report R.csv -t csl-json -o OUT.json``, or
``risx dedupe`` with ``--command dedupe``), in a fresh process.  The record ids that survived
are read back from the output (``call-number``); which record each dropped one went into is read
from the report (its ``removed_id``/``kept_id`` columns, or, for risx 0.1.0's report, the line of
the item in the input).

Counting convention (the dedupe-bench README's, bib-dedupe's, per work): for each gold work with
m records of which k were kept, k = 0 gives FP + 1 and TP + m - 1 (a study was lost), k >= 1
gives TN + 1, FN + k - 1 and TP + m - k.  *False merges* count the dropped records whose
surviving record belongs to another gold work (the count above does not see them).  The
published figures are beside ours; a second table gives the per-member reading (SRA-DM's,
DedupEndNote's, EndNote's published figures), which the README explains cannot be converted.

``--generate N`` writes N records with planted duplicates (missing DOIs, ``e1234`` vs ``1234``,
``S12`` vs ``12``, title typos, journal abbreviations, initials for given names) plus hard
negatives (a supplement DOI on several abstracts, same title in another year and journal), then
times ``risx convert --dedupe`` beside plain ``risx convert`` of the same file (the baseline of the
same run) and reports wall time, peak memory and the score on the planted truth.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _default_bench() -> Path:
    """``$RISX_DEDUPE_BENCH``, else the nearest ``shared/dedupe-bench`` above the repository
    (a clone sits beside ``shared/``; a worktree may sit a level deeper)."""
    if os.environ.get("RISX_DEDUPE_BENCH"):
        return Path(os.environ["RISX_DEDUPE_BENCH"])
    for parent in ROOT.parents:
        candidate = parent / "shared" / "dedupe-bench"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "dedupe-bench"


DEFAULT_BENCH = _default_bench()
SETS = ("diabetes", "respiratory", "stroke", "haematology")

#: Table 2 of the dedupe-bench README: (TP, FN, TN, FP) per tool and set, per-work convention.
PUBLISHED: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "bib-dedupe": {"diabetes": (1261, 0, 584, 0), "respiratory": (408, 28, 1552, 0),
                   "stroke": (312, 2, 978, 0), "haematology": (120, 15, 1278, 0)},
    "ASySD": {"diabetes": (1259, 2, 584, 0), "respiratory": (399, 37, 1552, 0),
              "stroke": (302, 12, 978, 0), "haematology": (109, 26, 1278, 0)},
    "ASReview": {"diabetes": (1102, 159, 584, 0), "respiratory": (399, 37, 1538, 14),
                 "stroke": (309, 5, 966, 12), "haematology": (112, 23, 1240, 38)},
    "buhos": {"diabetes": (1141, 120, 463, 121), "respiratory": (395, 41, 1539, 13),
              "stroke": (303, 11, 970, 8), "haematology": (108, 27, 1260, 18)},
    "risx 0.1.0": {"diabetes": (1252, 9, 559, 25), "respiratory": (380, 56, 1547, 5),
                   "stroke": (295, 19, 977, 1), "haematology": (103, 32, 1273, 7)},
}
#: risx 0.1.0's false merges (README, the table under Table 1).
PUBLISHED_FALSE_MERGES = {"diabetes": 105, "respiratory": 5, "stroke": 1, "haematology": 7}
#: Table 3: per-member convention, as published (TP, FN, TN, FP).
PUBLISHED_PER_MEMBER: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "SRA-DM": {"respiratory": (674, 125, 1189, 0), "stroke": (426, 81, 785, 0),
               "haematology": (208, 38, 1169, 0)},
    "EndNote X9": {"respiratory": (410, 391, 1185, 2), "stroke": (372, 134, 784, 2),
                   "haematology": (159, 87, 1165, 4)},
    "DedupEndNote": {"respiratory": (766, 34, 1184, 4), "stroke": (497, 13, 782, 0),
                     "haematology": (225, 11, 1177, 2)},
}
#: The goal: sensitivity at least bib-dedupe's on each set, FP 0, no false merge.
TARGET = "bib-dedupe"


# Reading the labelled sets -------------------------------------------------------------------


@dataclass
class LabelledSet:
    name: str
    items: list[dict[str, Any]]  # CSL-JSON items, in the set's order
    work_of: dict[str, str]  # record id -> gold work id

    @property
    def works(self) -> int:
        return len(set(self.work_of.values()))


# Diabetes authors run together: "Chen R.Wang Y.Liang L." -- a name ends at a "." that is
# followed directly by a capital letter starting a new family name (not by another initial).
_DIABETES_AUTHOR_SPLIT = re.compile(r"(?<=\.)(?=[A-Z][^.\s])")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?-?)+$")


def split_diabetes_authors(text: str) -> list[dict[str, str]]:
    """``Adeli K.Lewis G. F.`` -> two CSL names (family, initials as given)."""
    names = []
    for part in _DIABETES_AUTHOR_SPLIT.split(text.strip()):
        words = part.strip().split()
        if not words:
            continue
        cut = len(words)
        while cut > 1 and _INITIALS.match(words[cut - 1]):
            cut -= 1
        family, given = " ".join(words[:cut]), " ".join(words[cut:])
        names.append({"family": family, "given": given} if given else {"literal": family})
    return names


def split_bibtex_authors(text: str) -> list[dict[str, str]]:
    """``Family, Given and Family, Given`` (the SRA-DM sets via bib-dedupe)."""
    names = []
    for part in text.split(" and "):
        part = part.strip()
        if not part:
            continue
        family, _, given = part.partition(",")
        names.append({"family": family.strip(), "given": given.strip()} if given.strip()
                     else {"literal": family.strip()})
    return names


def _value(row: dict[str, str], column: str) -> str:
    value = (row.get(column) or "").strip()
    return "" if value == "NA" else value


def _item(record_id: str, row: dict[str, str], authors: list[dict[str, str]]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": record_id, "type": "article-journal", "call-number": record_id}
    if authors:
        item["author"] = authors
    for column, variable in (("title", "title"), ("journal", "container-title"),
                             ("volume", "volume"), ("number", "issue"), ("pages", "page"),
                             ("doi", "DOI"), ("abstract", "abstract"), ("isbn", "ISSN")):
        value = _value(row, column)
        if value:
            item[variable] = value
    year = _value(row, "year")
    if year.isdigit():
        item["issued"] = {"date-parts": [[int(year)]]}
    return item


def load_diabetes(folder: Path) -> LabelledSet:
    with open(folder / "labelled_test_set.csv", encoding="cp1252", newline="") as stream:
        rows = list(csv.DictReader(stream))
    items = []
    for row in rows:
        record_id = f"id_{int(row['record_id']):07d}"
        items.append(_item(record_id, row, split_diabetes_authors(_value(row, "author"))))
    return LabelledSet("diabetes", items, _clusters(folder, (i["id"] for i in items)))


def load_sra(name: str, folder: Path) -> LabelledSet:
    with open(folder / "records_pre_merged.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    items = [_item(row["ID"], row, split_bibtex_authors(_value(row, "author"))) for row in rows]
    return LabelledSet(name, items, _clusters(folder, (i["id"] for i in items)))


def _clusters(folder: Path, ids: Iterable[str]) -> dict[str, str]:
    work_of: dict[str, str] = {}
    with open(folder / "merged_record_ids.csv", encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            members = [m for m in row["merged_ids"].split(";") if m]
            for member in members:
                work_of[member] = members[0]
    for record_id in ids:
        work_of.setdefault(record_id, record_id)  # a record in no cluster is a work of its own
    return work_of


def load_set(name: str, bench: Path) -> LabelledSet:
    folder = bench / name
    return load_diabetes(folder) if name == "diabetes" else load_sra(name, folder)


# Scoring -------------------------------------------------------------------------------------


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    tn: int = 0
    fp: int = 0
    false_merges: int = 0
    false_merge_pairs: list[tuple[str, str]] = field(default_factory=list)
    lost_works: list[str] = field(default_factory=list)
    #: For each gold work of which more than one record was kept: the kept record ids.
    split_works: list[list[str]] = field(default_factory=list)

    @property
    def sensitivity(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def specificity(self) -> float:
        return self.tn / (self.tn + self.fp) if self.tn + self.fp else 0.0


def score_per_work(work_of: dict[str, str], kept: set[str],
                   merged_into: dict[str, str]) -> Score:
    """The README's per-work convention, plus false merges (dropped -> survivor of another work)."""
    members: dict[str, list[str]] = defaultdict(list)
    for record_id, work in work_of.items():
        members[work].append(record_id)
    score = Score()
    for work, ids in members.items():
        m, k = len(ids), sum(1 for i in ids if i in kept)
        if k == 0:
            score.fp += 1
            score.tp += m - 1
            score.lost_works.append(work)
        else:
            score.tn += 1
            score.fn += k - 1
            score.tp += m - k
            if k > 1:
                score.split_works.append(sorted(i for i in ids if i in kept))
    for dropped, survivor in sorted(merged_into.items()):
        if dropped in kept:
            continue
        if work_of.get(survivor) != work_of.get(dropped):
            score.false_merges += 1
            score.false_merge_pairs.append((dropped, survivor))
    assert score.tp + score.fn + score.tn + score.fp == len(work_of)
    return score


def score_per_member(work_of: dict[str, str], merged_into: dict[str, str]) -> Score:
    """SRA-DM's reading: positives are all members of gold duplicate sets; a member is found
    when the tool grouped it with another record; a gold unique record grouped is an FP."""
    size = Counter(work_of.values())
    grouped = set(merged_into) | set(merged_into.values())
    score = Score()
    for record_id, work in work_of.items():
        duplicate, found = size[work] > 1, record_id in grouped
        if duplicate:
            score.tp += found
            score.fn += not found
        else:
            score.fp += found
            score.tn += not found
    return score


def self_check() -> None:
    """The README's two checks of a scorer."""
    work_of = {"a": "w1", "b": "w1", "c": "w1", "d": "w2", "e": "w3", "f": "w3"}
    nothing_dropped = score_per_work(work_of, set(work_of), {})
    assert nothing_dropped.sensitivity == 0 and nothing_dropped.fp == 0
    one_per_cluster = score_per_work(work_of, {"a", "d", "e"}, {"b": "a", "c": "a", "f": "e"})
    assert one_per_cluster.sensitivity == 1 and one_per_cluster.fp == 0
    assert one_per_cluster.false_merges == 0
    wrong = score_per_work(work_of, {"a", "e"}, {"b": "a", "c": "a", "d": "a", "f": "e"})
    assert wrong.fp == 1 and wrong.false_merges == 1


# Running risx --------------------------------------------------------------------------------


def write_items(items: Sequence[dict[str, Any]], path: Path) -> None:
    """A CSL-JSON array with one item per line: item i (0-based) starts on line i + 2."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("[\n")
        for index, item in enumerate(items):
            out.write(json.dumps(item, ensure_ascii=False))
            out.write(",\n" if index < len(items) - 1 else "\n")
        out.write("]\n")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    stderr: str


def run_risx(args: Sequence[str]) -> Run:
    """risx in a fresh process (this tree's ``src`` first), timed, with its own peak memory."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "risx", *args], stdout=subprocess.DEVNULL,
                                   stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, stderr)


def dedupe_args(command: str, source: Path, output: Path, report: Path,
                extra: Sequence[str] = ()) -> list[str]:
    if command == "dedupe":
        return ["dedupe", str(source), "-t", "csl-json", "-o", str(output), "--report",
                str(report), "--review-list", str(report.with_suffix(".review.csv")), "--prisma",
                str(report.with_suffix(".prisma.json")), *extra]
    return ["convert", str(source), "-f", "csl-json", "--merge", "--dedupe", "--dedupe-report",
            str(report), "-t", "csl-json", "-o", str(output), *extra]


def kept_ids(output: Path) -> set[str]:
    items = json.loads(output.read_text(encoding="utf-8"))
    return {str(item.get("call-number") or item["id"]) for item in items}


def merged_pairs(report: Path, ids_by_line: dict[int, str]) -> dict[str, str]:
    """dropped record id -> the id of the record it went into, from the report."""
    pairs: dict[str, str] = {}
    with open(report, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row.get("removed_id") is not None:
                dropped, kept = row["removed_id"].lstrip("'"), row["kept_id"].lstrip("'")
            else:  # risx 0.1.0's report: lines only
                dropped = ids_by_line[int(row["dropped_line"])]
                kept = ids_by_line[int(row["kept_line"])]
            pairs[dropped] = kept
    return pairs


@dataclass
class SetResult:
    labelled: LabelledSet
    score: Score
    per_member: Score
    run: Run
    review_pairs: int
    #: FN whose records the review list puts side by side (None without a review list).
    fn_reviewed: int | None = None


def review_count(stderr: str) -> int:
    match = re.search(r"(\d+) pair\(s\) (?:sent )?to review", stderr)
    return int(match.group(1)) if match else 0


def run_set(labelled: LabelledSet, command: str, workdir: Path) -> SetResult:
    source = workdir / f"{labelled.name}.json"
    output, report = workdir / f"{labelled.name}.out.json", workdir / f"{labelled.name}.dups.csv"
    write_items(labelled.items, source)
    run = run_risx(dedupe_args(command, source, output, report))
    if run.returncode != 0:
        raise SystemExit(f"risx failed on {labelled.name} (exit {run.returncode}):\n{run.stderr}")
    kept = kept_ids(output)
    ids_by_line = {index + 2: item["id"] for index, item in enumerate(labelled.items)}
    pairs = merged_pairs(report, ids_by_line)
    missing = set(labelled.work_of) - kept - set(pairs)
    assert not missing, f"{len(missing)} record(s) neither kept nor in the report: {sorted(missing)[:5]}"
    # A chain a -> b -> c reports its survivor; follow it so the pair names the kept record.
    survivor = {d: _follow(d, pairs, kept) for d in pairs}
    score = score_per_work(labelled.work_of, kept, survivor)
    review = report.with_suffix(".review.csv")
    return SetResult(labelled, score, score_per_member(labelled.work_of, survivor), run,
                     review_count(run.stderr),
                     fn_on_review_list(score, review) if review.exists() else None)


def fn_on_review_list(score: Score, review: Path) -> int:
    """How many of the FN a reviewer meets on the review list: per work kept in k records, k
    minus the number of groups its kept records form when joined by review pairs."""
    linked: dict[str, set[str]] = defaultdict(set)
    with open(review, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            a, b = row["a_id"].lstrip("'"), row["b_id"].lstrip("'")
            linked[a].add(b)
            linked[b].add(a)
    covered = 0
    for kept in score.split_works:
        remaining, groups = set(kept), 0
        while remaining:
            groups += 1
            frontier = [remaining.pop()]
            while frontier:
                for other in linked[frontier.pop()] & remaining:
                    remaining.discard(other)
                    frontier.append(other)
        covered += len(kept) - groups
    return covered


def _follow(record_id: str, pairs: dict[str, str], kept: set[str]) -> str:
    seen = set()
    while record_id not in kept and record_id in pairs and record_id not in seen:
        seen.add(record_id)
        record_id = pairs[record_id]
    return record_id


# Reporting -----------------------------------------------------------------------------------


def _published(tool: str, name: str) -> str:
    counts = PUBLISHED[tool].get(name)
    if counts is None:
        return "-"
    tp, fn, _, fp = counts
    return f"{tp / (tp + fn):.4f} / {fp}"


def print_table(results: Sequence[SetResult], markdown: bool) -> bool:
    head = ("set", "records", "works", "TP", "FN", "TN", "FP", "sens", "spec", "false merges",
            "review pairs", "FN on review list", "time s", "bib-dedupe", "ASySD", "risx 0.1.0", "goal")
    rows = []
    all_met = True
    for result in results:
        s, name = result.score, result.labelled.name
        tp, fn, _, _ = PUBLISHED[TARGET][name]
        met = s.fp == 0 and s.false_merges == 0 and s.sensitivity >= tp / (tp + fn) - 1e-12
        all_met = all_met and met
        rows.append((name, str(len(result.labelled.work_of)), str(result.labelled.works),
                     str(s.tp), str(s.fn), str(s.tn), str(s.fp), f"{s.sensitivity:.4f}",
                     f"{s.specificity:.4f}", str(s.false_merges), str(result.review_pairs),
                     "-" if result.fn_reviewed is None else str(result.fn_reviewed),
                     f"{result.run.seconds:.2f}", _published("bib-dedupe", name),
                     _published("ASySD", name),
                     f"{_published('risx 0.1.0', name)}, {PUBLISHED_FALSE_MERGES[name]} fm",
                     "met" if met else "NOT met"))
    print("Per-work convention (dedupe-bench README): sens = TP/(TP+FN), spec = TN/(TN+FP); "
          "published cells are sensitivity / FP; fm = false merges")
    _print_rows(head, rows, markdown)
    return all_met


def print_per_member(results: Sequence[SetResult], markdown: bool) -> None:
    head = ("set", "risx TP/FN/TN/FP", "sens", "spec", *PUBLISHED_PER_MEMBER)
    rows = []
    for result in results:
        s, name = result.per_member, result.labelled.name
        cells = []
        for tool in PUBLISHED_PER_MEMBER:
            counts = PUBLISHED_PER_MEMBER[tool].get(name)
            if counts is None:
                cells.append("-")
            else:
                tp, fn, tn, fp = counts
                cells.append(f"{tp / (tp + fn):.3f}, {tn / (tn + fp):.3f}")
        rows.append((name, f"{s.tp}/{s.fn}/{s.tn}/{s.fp}", f"{s.sensitivity:.3f}",
                     f"{s.specificity:.3f}", *cells))
    print()
    print("Per-member reading (SRA-DM; not convertible to the table above; published cells are "
          "sensitivity, specificity as published on slightly different totals)")
    _print_rows(head, rows, markdown)


def _print_rows(head: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def print_details(result: SetResult, limit: int) -> None:
    items = {item["id"]: item for item in result.labelled.items}

    def show(record_id: str) -> str:
        item = items[record_id]
        authors = item.get("author") or [{}]
        first = authors[0].get("family") or authors[0].get("literal") or ""
        year = item.get("issued", {}).get("date-parts", [[""]])[0][0]
        return (f"{record_id} {year} {first} | {item.get('title', '')[:90]} | "
                f"{item.get('container-title', '')[:40]} v{item.get('volume', '')} "
                f"p{item.get('page', '')} doi:{item.get('DOI', '')}")

    s = result.score
    print(f"\n{result.labelled.name}: lost works {len(s.lost_works)}, false merges "
          f"{s.false_merges}, works left with more than one record {len(s.split_works)}")
    for dropped, survivor in s.false_merge_pairs[:limit]:
        print(f"  dropped {show(dropped)}\n     into {show(survivor)}")
    for work in s.lost_works[:limit]:
        print(f"  lost work {work}")
    for kept in s.split_works[:limit]:
        print("  kept apart (FN):")
        for record_id in kept:
            print(f"    {show(record_id)}")


# Generated input -------------------------------------------------------------------------------

_WORDS = ["insulin", "glucose", "receptor", "therapy", "outcome", "cohort", "randomised", "trial", "patients", "mortality", "inflammation", "vascular", "endothelial", "pathway", "kinase", "expression", "renal", "cardiac", "hepatic", "pulmonary", "infection", "antibiotic", "pleural", "empyema", "stroke", "thrombolysis", "anticoagulant", "platelet", "leukaemia", "lymphoma", "marrow", "transplant", "children", "adults", "elderly", "women", "men", "meta-analysis", "systematic", "review", "comparison", "effect", "efficacy", "safety", "dose", "response", "risk", "factor", "association", "prospective", "retrospective", "study", "analysis", "model", "mouse", "rat", "human", "cell", "signalling", "oxidative", "stress", "metabolism", "obesity", "diabetes", "type", "chronic", "acute", "disease", "early", "late", "long-term", "short-term", "follow-up", "quality", "life", "cost", "effectiveness", "screening", "diagnosis", "prognosis", "biomarker", "imaging", "surgery", "drainage", "fibrinolytic", "intrapleural", "tissue", "plasminogen", "activator", "dornase", "ischaemic", "haemorrhagic", "recurrent", "secondary", "prevention", "rehabilitation", "hypertension", "lipid", "cholesterol", "statin"]
_JOURNALS = (("Journal of Clinical Investigation", "J Clin Invest"),
             ("New England Journal of Medicine", "N Engl J Med"),
             ("American Journal of Respiratory and Critical Care Medicine",
              "Am J Respir Crit Care Med"),
             ("Diabetes Care", "Diabetes Care"), ("Diabetologia", "Diabetologia"),
             ("Stroke", "Stroke"), ("British Journal of Haematology", "Br J Haematol"),
             ("Blood", "Blood"), ("Journal of Thoracic and Cardiovascular Surgery",
                                  "J Thorac Cardiovasc Surg"),
             ("European Heart Journal", "Eur Heart J"), ("PLoS One", "PLoS One"),
             ("Chest", "Chest"), ("Thorax", "Thorax"), ("Lancet", "Lancet"))
_FAMILIES = ["Smith", "Wang", "Li", "Zhang", "Chen", "Garcia", "Muller", "Rossi", "Kim", "Nguyen", "Ivanova", "Kowalski", "Silva", "Tanaka", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers"]
_GIVENS = ["John", "Mary", "Wei", "Anna", "Peter", "Maria", "Ahmed", "Olga", "Kenji", "Laura", "David", "Sofia", "Jan", "Li", "Paul", "Elena", "Tom", "Ines", "Marc", "Yuki"]


def _typo(text: str, rng: random.Random) -> str:
    position = rng.randrange(1, max(2, len(text) - 1))
    kind = rng.randrange(3)
    if kind == 0:
        return text[:position] + text[position + 1:]
    if kind == 1:
        return text[:position] + rng.choice("aeiourst") + text[position:]
    return text[:position - 1] + text[position] + text[position - 1] + text[position + 1:]


def _variant(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Another database's export of the same work: some fields missing or written otherwise."""
    copy = json.loads(json.dumps(item))
    for change in rng.sample(range(7), rng.randint(1, 3)):
        if change == 0:
            copy.pop("DOI", None)
        elif (change == 1 and copy.get("page", "").startswith("e")) or (change == 1 and copy.get("page", "").startswith("S")):
            copy["page"] = copy["page"][1:]
        elif change == 1 and "-" in copy.get("page", ""):
            first, last = copy["page"].split("-")
            copy["page"] = f"{first}-{last[-2:]}" if len(last) > 2 else first
        elif change == 2:
            copy["title"] = _typo(copy["title"], rng)
        elif change == 3:
            copy["container-title"] = next(abbr for full, abbr in _JOURNALS
                                           if full == copy["container-title"])
        elif change == 4:
            copy["author"] = [{"family": a["family"], "given": a["given"][0]}
                              for a in copy["author"]]
        elif change == 5:
            copy["title"] = copy["title"].upper() if rng.random() < 0.5 else copy["title"] + "."
        elif change == 6:
            copy.pop("volume", None)
    return copy


def generate_items(n: int, seed: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """n CSL items with planted duplicates, and the true work of each."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    work_of: dict[str, str] = {}

    def add(item: dict[str, Any], work: str) -> None:
        record_id = f"g{len(items) + 1:07d}"
        item["id"] = item["call-number"] = record_id
        items.append(item)
        work_of[record_id] = work

    work_number = 0
    while len(items) < n:
        work_number += 1
        work = f"w{work_number}"
        full, _ = rng.choice(_JOURNALS)
        year = rng.randint(1990, 2024)
        first_page = rng.randint(1, 2000)
        page_style = rng.random()
        page = (f"e{rng.randint(1000, 99999)}" if page_style < 0.15
                else f"S{first_page}" if page_style < 0.25
                else f"{first_page}-{first_page + rng.randint(1, 15)}")
        item: dict[str, Any] = {
            "type": "article-journal",
            "title": " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14))).capitalize(),
            "author": [{"family": rng.choice(_FAMILIES), "given": rng.choice(_GIVENS)}
                       for _ in range(rng.randint(1, 6))],
            "issued": {"date-parts": [[year]]},
            "container-title": full, "volume": str(rng.randint(1, 400)), "page": page,
        }
        if rng.random() < 0.7:
            item["DOI"] = f"10.{rng.randint(1000, 9999)}/gen.{work_number}"
        add(item, work)
        copies = rng.choices((0, 1, 2, 3), weights=(55, 30, 10, 5))[0]
        for _ in range(min(copies, n - len(items))):
            add(_variant(item, rng), work)
        if rng.random() < 0.01 and len(items) + 3 <= n:
            # Hard negatives: one supplement DOI on several different abstracts.
            doi = f"10.{rng.randint(1000, 9999)}/suppl.{work_number}"
            for index in range(3):
                work_number += 1
                abstract = dict(item, title=" ".join(rng.choice(_WORDS) for _ in range(9)),
                                DOI=doi, page=f"S{first_page + index}",
                                author=[{"family": rng.choice(_FAMILIES), "given": "A"}])
                add(abstract, f"w{work_number}")
    return items, work_of


def run_generated(n: int, seed: int, command: str, workdir: Path) -> tuple[float, float]:
    items, work_of = generate_items(n, seed)
    source = workdir / f"generated{n}.json"
    write_items(items, source)
    output, report = workdir / "generated.out.json", workdir / "generated.dups.csv"
    baseline = run_risx(["convert", str(source), "-f", "csl-json", "-t", "csl-json", "-o",
                         str(workdir / "plain.json")])
    run = run_risx(dedupe_args(command, source, output, report))
    if run.returncode != 0 or baseline.returncode != 0:
        raise SystemExit(f"risx failed (exit {run.returncode}, {baseline.returncode}):\n"
                         f"{run.stderr}{baseline.stderr}")
    kept = kept_ids(output)
    ids_by_line = {index + 2: item["id"] for index, item in enumerate(items)}
    pairs = merged_pairs(report, ids_by_line)
    survivor = {d: _follow(d, pairs, kept) for d in pairs}
    score = score_per_work(work_of, kept, survivor)
    works = len(set(work_of.values()))
    print(f"generated: {n} records, {works} works, {n - works} planted duplicates (seed {seed})")
    print(f"  risx convert (no dedupe): {baseline.seconds:.2f} s, peak {baseline.peak_mb:.0f} MB")
    print(f"  risx with dedupe:         {run.seconds:.2f} s, peak {run.peak_mb:.0f} MB "
          f"({run.seconds / baseline.seconds:.2f}x the plain conversion)")
    print(f"  score: TP {score.tp} FN {score.fn} TN {score.tn} FP {score.fp}, sensitivity "
          f"{score.sensitivity:.4f}, specificity {score.specificity:.4f}, false merges "
          f"{score.false_merges}, review pairs {review_count(run.stderr)}")
    last = [line for line in run.stderr.splitlines() if line.strip()][-2:]
    for line in last:
        print(f"  stderr: {line}")
    return run.seconds - baseline.seconds, run.seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--command", choices=("convert", "dedupe"), default="dedupe",
                        help="risx dedupe (default; also writes the review list) or risx "
                             "convert --merge --dedupe (what risx 0.1.0 can run)")
    parser.add_argument("--keep", type=Path, help="keep inputs, outputs and reports in DIR")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--details", type=int, default=0, metavar="N",
                        help="print up to N false merges, lost works and works kept in more "
                             "than one record (the FN) per set")
    parser.add_argument("--generate", metavar="N[,N...]",
                        help="generated inputs of N records (several sizes: the cost per "
                             "record of the dedupe step, beside the smallest)")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args(argv)
    self_check()
    with tempfile.TemporaryDirectory(prefix="risx-dedupe-bench-") as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.generate:
            sizes = [int(n) for n in args.generate.split(",")]
            costs = [(n, run_generated(n, args.seed, args.command, workdir)[0]) for n in sizes]
            if len(costs) > 1:
                smallest, extra = costs[0]
                for n, seconds in costs[1:]:
                    growth = (seconds / n) / (extra / smallest) if extra > 0 else float("nan")
                    print(f"dedupe step (with dedupe minus without) per record at {n} over at "
                          f"{smallest}: {growth:.2f}x (1.0 is linear)")
            return 0
        results = [run_set(load_set(name, args.bench), args.command, workdir)
                   for name in args.sets.split(",")]
        met = print_table(results, args.markdown)
        print_per_member(results, args.markdown)
        for result in results:
            if args.details:
                print_details(result, args.details)
        print(f"\ngoal (FP 0, no false merge, sensitivity >= {TARGET}'s on every set): "
              f"{'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
