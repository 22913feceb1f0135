"""risx.workers: results in the order of the work, a bounded number in flight, and one policy
when a worker dies (JOB001, then the rest in this process), for every user of the pool."""

from __future__ import annotations

import io
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

import risx
from risx import pipeline
from risx.diagnostics import Diagnostic, Reporter, collect
from risx.workers import WorkerPool

PARENT = os.getpid()

fork_only = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                               reason="the patched functions reach forked workers only")


def square(n: int) -> tuple[int, int]:
    return n, n * n


def square_but_die_on_seven(n: int) -> tuple[int, int]:
    """Dies in a worker when given 7 (killed, say); in this process it squares like the rest."""
    if n == 7 and os.getpid() != PARENT:
        os._exit(9)
    return square(n)


def test_results_come_in_the_order_of_the_work() -> None:
    found, report = collect()
    with WorkerPool(2, report, "here") as pool:
        assert list(pool.map(square, range(60))) == [square(n) for n in range(60)]
        order = [3, 0, 2, 1]  # handed out largest first, say; taken back in order
        assert list(pool.map_all(square, [10, 11, 12, 13], first=order)) == [
            square(n) for n in (10, 11, 12, 13)]
    assert found == []


def test_at_most_two_pieces_per_worker_are_out(monkeypatch: pytest.MonkeyPatch) -> None:
    outstanding = most = 0
    real_submit = WorkerPool._submit

    def counting(self: WorkerPool, step: Any, here: Any, piece: Any) -> Any:
        nonlocal outstanding, most
        outstanding += 1
        most = max(most, outstanding)
        return real_submit(self, step, here, piece)

    real_take = WorkerPool._take

    def taking(self: WorkerPool, here: Any, piece: Any, future: Any) -> Any:
        nonlocal outstanding
        outstanding -= 1
        return real_take(self, here, piece, future)

    monkeypatch.setattr(WorkerPool, "_submit", counting)
    monkeypatch.setattr(WorkerPool, "_take", taking)
    read = 0

    def work() -> Any:
        nonlocal read
        for n in range(100):
            read += 1
            yield n

    with WorkerPool(3, collect()[1], "here") as pool:
        for index, (n, _) in enumerate(pool.map(square, work())):
            assert n == index
            assert read <= index + 2 * 3  # the work is read only as results come back
    assert most == 2 * 3


@fork_only
def test_a_dead_worker_is_reported_once_and_its_work_done_here() -> None:
    found, report = collect()
    with WorkerPool(2, report, "input.ris") as pool:
        results = list(pool.map(square_but_die_on_seven, range(40)))
        assert pool.broken
        again = list(pool.map(square, range(5)))  # the pool stays broken: all done here
    assert results == [square(n) for n in range(40)]
    assert again == [square(n) for n in range(5)]
    assert [(d.code, d.severity.value, d.file) for d in found] == [
        ("JOB001", "warning", "input.ris")]
    assert "worker process died" in found[0].message


@fork_only
def test_a_dead_worker_in_map_all_costs_no_result() -> None:
    found, report = collect()
    with WorkerPool(2, report, "out/") as pool:
        results = list(pool.map_all(square_but_die_on_seven, list(range(12)),
                                    first=list(reversed(range(12)))))
    assert results == [square(n) for n in range(12)]
    assert [d.code for d in found] == ["JOB001"]


_RUN_TASK = pipeline._run_task


def run_task_but_die_on_in3(task: Any) -> Any:
    """The batch's task, dying in a worker on ``in3.ris`` (a module function: it is pickled
    by name, and a forked worker finds it as patched)."""
    if task.path.endswith("in3.ris") and os.getpid() != PARENT:
        os._exit(9)
    return _RUN_TASK(task)


def ris_inputs(directory: Path, count: int) -> list[str]:
    paths = []
    for n in range(count):
        path = directory / f"in{n}.ris"
        path.write_text(f"TY  - JOUR\nTI  - Title {n}\nAU  - Doe, Jane\nPY  - 2020\nER  - \n",
                        encoding="utf-8")
        paths.append(str(path))
    return paths


@fork_only
def test_a_batch_whose_worker_dies_writes_every_output(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = ris_inputs(tmp_path, 6)

    def run(jobs: int) -> tuple[dict[str, bytes], list[Diagnostic], bool]:
        out = tmp_path / f"j{jobs}"
        reporter = Reporter(stream=io.StringIO(), keep=True)
        result = risx.convert(inputs, f"{out}/", to="csl-json", jobs=jobs, reporter=reporter)
        return ({p.name: p.read_bytes() for p in sorted(out.iterdir())}, result.diagnostics,
                result.ok)

    alone = run(1)
    monkeypatch.setattr(pipeline, "_run_task", run_task_but_die_on_in3)
    outputs, messages, ok = run(2)
    assert outputs == alone[0] and len(outputs) == 6
    assert [(d.code, d.file) for d in messages] == [("JOB001", str(tmp_path / "j2"))]
    assert ok  # a warning: the outputs are complete and the same
