"""``-t apa/markdown/html -j N``: entries rendered in worker processes, same bytes as one process.

Speed is measured by ``benchmarks/bench_apa.py``, never here: these tests check that
the output, the order, the year suffixes and the diagnostics do not depend on the
number of processes, on real records (the merged db-exports corpus, the APA oracle
items), and that small lists and dead workers fall back to this process.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import corpus_path, read_text
from risx import plan
from risx.csl import Bibliography, CslRenderer, load_style, workers
from risx.csl.engine import disabled
from risx.diagnostics import Diagnostic, collect
from risx.model import Date, Record, SourceLocation
from risx.plan import RENDER_MIN_ITEMS as PARALLEL_MIN_ITEMS
from risx.readers.ris import RisReader
from risx.settings import Settings
from risx.writers.apa import ApaWriter
from risx.writers.csljson import CslIds, record_to_csl

#: Enough real records to go past the in-process threshold, quick to render twice.
SUBSET = ["dimensions__citesource.ris", "ebsco-environment-index__citesource.ris",
          "wos__asysd.ris"]

#: APA prints nothing for a personal communication (CSL003).
PERSONAL = """TY  - PCOMM
AU  - Lee, Ann
TI  - Email to the author
PY  - 2021
ER  -
"""


def failing_talk(file: str, line: int) -> Record:
    """A talk whose date range fails to render while the date-range patch is off (CSL002)."""
    return Record(type="speech", source=SourceLocation(file, line), title="A talk over four days",
                  issued=Date(parts=((2019, 5, 23), (2019, 5, 26))))


def corpus_records(names: list[str] | None = None) -> list[Record]:
    paths = ([corpus_path("db-exports", n) for n in names] if names
             else sorted(corpus_path("db-exports").glob("*.ris")))
    records: list[Record] = []
    for path in paths:
        found, _ = read_text(path.read_bytes(), str(path))
        records.extend(found)
    return records


def csl_items(records: list[Record]) -> list[dict[str, Any]]:
    ids = CslIds(ApaWriter(collect()[1]))
    return [record_to_csl(r, ids.next_id(r), with_extra=False) for r in records]


def oracle_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for name in ("items", "extra_items", "extra2"):
        items.extend(json.loads(corpus_path("apa-oracle", f"{name}.json").read_text("utf-8")))
    return items


def in_workers(renderer: CslRenderer, items: list[dict[str, Any]], jobs: int,
               found: list[Diagnostic] | None = None) -> Bibliography:
    return workers.render_in_workers(renderer, items, jobs,
                                     found.append if found is not None else collect()[1])


def risx(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "risx", *map(str, args)], capture_output=True,
                          check=False)


# The renderer -------------------------------------------------------------------------------


def test_whole_corpus_and_oracle_items_render_the_same_in_two_workers() -> None:
    items = csl_items(corpus_records()) + oracle_items()
    renderer = CslRenderer(load_style())
    alone = renderer.render(items)
    shared = in_workers(renderer, items, 2)
    assert (alone.workers, shared.workers) == (0, 2)
    assert len(alone.entries) == len(items) > 1600
    assert shared.entries == alone.entries  # order, text, links, input positions
    assert (shared.failures, shared.omitted) == (alone.failures, alone.omitted)
    for fmt in ("text", "html", "markdown"):
        assert [e.to(fmt) for e in shared.entries] == [e.to(fmt) for e in alone.entries]
    texts = [e.text for e in alone.entries]
    assert any(t.startswith("Abella, S. R., & Springer, J. D. (2015b).") for t in texts)
    assert any(t.startswith("Lee, S.-J. (2020b).") for t in texts)  # suffixes, decided once


def test_only_entries_with_a_year_suffix_are_rendered_after_the_sort(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # APA entries never show a citation number, so workers render each entry with its sort
    # keys; only those that step 2 gives a suffix go back to a worker.
    items = csl_items(corpus_records()) + oracle_items()
    renderer = CslRenderer(load_style())
    assert not renderer.entry_reads_citation_number
    sent_after_sort: list[int] = []
    real_in_order = workers._in_order

    def recording_in_order(pool: Any, step: Any, chunks: Any) -> Any:
        if step is workers._render_chunk:
            chunks = list(chunks)
            sent_after_sort.extend(p.index for chunk in chunks for p, _ in chunk)
        return real_in_order(pool, step, chunks)

    monkeypatch.setattr(workers, "_in_order", recording_in_order)
    shared = in_workers(renderer, items, 2)
    assert shared.entries == renderer.render(items).entries
    suffixed = [e.index for e in shared.entries if re.match(r"[^(]*\(\d{4}[a-z][,)]", e.text)]
    assert len(suffixed) > 20
    assert sorted(sent_after_sort) == sorted(suffixed)


@pytest.mark.parametrize("style", ["proteomics", "chicago-author-date", "ieee"])
def test_other_styles_render_the_same_in_workers(style: str) -> None:
    # proteomics sorts by citation-number, so its sort keys are computed in this process;
    # ieee does not sort but numbers its entries, so they are rendered after the sort.
    items = csl_items(corpus_records(SUBSET))[:PARALLEL_MIN_ITEMS + 50]
    renderer = CslRenderer(load_style(style))
    assert renderer.sort_reads_citation_number is (style == "proteomics")
    assert renderer.entry_reads_citation_number is (style != "chicago-author-date")
    alone, shared = renderer.render(items), in_workers(renderer, items, 3)
    assert shared.workers == 3
    assert shared.entries == alone.entries
    assert (shared.failures, shared.omitted) == (alone.failures, alone.omitted)


def test_below_the_threshold_no_worker_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    items = csl_items(corpus_records(SUBSET))
    workers_used, rest = plan.writer_budget(2).for_list(items[:PARALLEL_MIN_ITEMS - 1])
    assert (workers_used, list(rest)) == (1, items[:PARALLEL_MIN_ITEMS - 1])
    workers_used, rest = plan.writer_budget(2).for_list(iter(items[:PARALLEL_MIN_ITEMS]))
    assert (workers_used, list(rest)) == (2, items[:PARALLEL_MIN_ITEMS])
    assert plan.writer_budget(1).for_list(items)[0] == 1
    # The writer asks the plan, and starts workers only for the longer list.
    started: list[int] = []
    real = workers.render_in_workers

    def recording(renderer: CslRenderer, stream: Any, jobs: int, report: Any) -> Bibliography:
        started.append(jobs)
        return real(renderer, stream, jobs, report)

    monkeypatch.setattr(workers, "render_in_workers", recording)
    records = corpus_records(SUBSET)
    short, _ = write_apa(records[:PARALLEL_MIN_ITEMS - 1], jobs=2)
    assert started == []
    assert short == write_apa(records[:PARALLEL_MIN_ITEMS - 1], jobs=1)[0]
    write_apa(records[:PARALLEL_MIN_ITEMS], jobs=2)
    assert started == [2]


def test_chunks_cover_the_list_in_order() -> None:
    assert workers.chunk_size(1000, 2) == 125
    assert workers.chunk_size(10_000, 2) == workers.MAX_CHUNK
    assert workers.chunk_size(200, 16) == 4


def _die(*args: Any) -> None:
    os._exit(3)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the replaced initializer reaches forked workers only")
def test_a_dead_worker_costs_time_not_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    items = csl_items(corpus_records(SUBSET))[:PARALLEL_MIN_ITEMS]
    renderer = CslRenderer(load_style())
    expected = renderer.render(items)
    monkeypatch.setattr(workers, "_start_worker", _die)
    found: list[Diagnostic] = []
    again = in_workers(renderer, items, 2, found)
    assert again.workers == 0  # rendered here, after the pool broke
    assert again.entries == expected.entries
    assert [(d.code, d.severity.value, d.file) for d in found] == [
        ("JOB001", "warning", "<output>")]
    assert "worker process died" in found[0].message


# The writers and the command ----------------------------------------------------------------


def write_apa(records: list[Record], jobs: int) -> tuple[str, list[Diagnostic]]:
    found, report = collect()
    out = io.StringIO()
    writer = ApaWriter(report)
    writer.workers = plan.writer_budget(jobs)
    writer.write(records, out)
    return out.getvalue(), found


def test_a_record_failing_in_a_worker_is_csl002_at_its_line_and_the_rest_is_written(
        tmp_path: Path) -> None:
    odd = tmp_path / "odd.ris"
    odd.write_text(PERSONAL, encoding="utf-8")
    records = corpus_records(SUBSET)
    records[150:150] = [*read_text(odd.read_bytes(), str(odd))[0], failing_talk(str(odd), 7)]
    assert len(records) >= PARALLEL_MIN_ITEMS
    with disabled("date-range"):  # workers run with the same patches off
        alone, alone_found = write_apa(records, jobs=1)
        shared, shared_found = write_apa(records, jobs=2)
    assert shared == alone
    assert shared_found == alone_found
    assert [(d.code, d.file, d.line) for d in shared_found] == [
        ("CSL002", str(odd), 7), ("CSL003", str(odd), 1)]
    assert shared.count("\n") == len(records) - 2


@pytest.mark.parametrize("fmt", ["apa", "markdown", "html"])
def test_cli_output_is_byte_identical_with_j2(fmt: str) -> None:
    inputs = [corpus_path("db-exports", n) for n in SUBSET]
    one, two = risx("convert", *inputs, "-t", fmt), risx("convert", *inputs, "-t", fmt, "-j", "2")
    assert one.returncode == two.returncode == 0
    assert two.stdout == one.stdout and two.stderr == one.stderr
    assert one.stdout.count(b"\n") > PARALLEL_MIN_ITEMS


def test_dir_mode_with_jobs_renders_each_input_alone(tmp_path: Path) -> None:
    inputs = [corpus_path("db-exports", n) for n in SUBSET[1:]]
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        out.mkdir()
        assert risx("convert", "-q", *inputs, "-o", f"{out}/", "-t", "apa", "-j", jobs
                    ).returncode == 0
    names = sorted(p.name for p in (tmp_path / "j1").iterdir())
    assert names == sorted(Path(n).with_suffix(".txt").name for n in SUBSET[1:])
    for name in names:
        assert (tmp_path / "j2" / name).read_bytes() == (tmp_path / "j1" / name).read_bytes()


def test_writers_get_the_jobs_only_when_the_conversion_runs_in_this_process(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    inputs = [str(corpus_path("db-exports", n)) for n in SUBSET]

    def render_workers(settings: Settings, *, per_input: bool) -> int:
        return plan.plan(settings, inputs, [RisReader] * len(inputs), ApaWriter,
                         per_input=per_input).render_workers

    asked = Settings(jobs=4)
    assert render_workers(asked, per_input=False) == 4  # one merged output
    assert render_workers(asked, per_input=True) == 1  # -o DIR/: inputs already spread
    assert plan.plan(asked, inputs[:1], [RisReader], ApaWriter,
                     per_input=True).render_workers == 4  # one input: converted here
    # No -j: every core, which the CSL writers use only for lists of PARALLEL_MIN_ITEMS or more.
    monkeypatch.setattr(plan, "cores", lambda: 3)
    assert render_workers(Settings(), per_input=False) == 3
    monkeypatch.setattr(plan, "AUTO_PARALLEL_BYTES", 10)  # a batch large enough for workers
    assert render_workers(Settings(), per_input=True) == 1
