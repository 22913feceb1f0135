"""APA speed: risx's CSL layer (-j 1, -j 2, ...) vs stock citeproc-py vs citeproc-js, one run.

    python benchmarks/bench_apa.py [N ...] [--jobs 1,2] [--js NODE_PATH] [--skip-stock]
                                   [--tree DIR]... [--speedups]
                                   [--stock-max N]

Items: the 45 APA oracle items (tests/corpus/apa-oracle/items.json) replicated
with random family names and years (seed 42) up to N; the date-range item is
reduced to one date so that stock citeproc-py survives.  Every processor renders
the same items (read from one JSON file) as one plain-text bibliography (sorted),
each in its own process.  Columns:

* ``wall s``: elapsed time inside the processor: style parsing, sorting, rendering
  (ours: also starting the ``-j`` workers); not the interpreter's start-up or reading
  the JSON.  citeproc-js's is its script's own figure (engine + update + bibliography,
  ``tests/tools/citeproc_js_render.js``, npm ``citeproc`` from ``--js``, default
  ``~/.cache/risx-node/node_modules``);
* ``CPU s``: CPU time of the processor's process and its workers, where measured;
* ``process s``: the whole process, start-up and JSON loading included;
* ``x js``: citeproc-js's wall s over this row's (above 1: faster than citeproc-js);
* ``peak MB`` / ``PSS MB``: the highest sum, over the process and all its workers, of
  resident memory (RSS) and of proportional memory (PSS: pages shared between the
  parent and its forked workers counted once in all), sampled every 100 ms from
  ``/proc`` by this script.  RSS counts shared pages once per process, so its sum is
  an upper bound.

Stock citeproc-py takes about 20 ms per item; it is skipped above ``--stock-max``
items (default 2000).  Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("RISX_CORPUS", ROOT / "tests" / "corpus"))
TOOLS = ROOT / "tests" / "tools"
#: How often the memory of a measured process tree is read.  Reading smaps_rollup walks the
#: process's page tables under its memory lock, so reading often slows the process down.
POLL_SECONDS = 0.1
FAMILIES = ["Smith", "Nguyen", "Müller", "García", "Ødegaard", "Kowalski", "Lee", "Okafor",
            "van der Berg", "Rossi", "Tanaka", "Johnson", "Çelik", "Brown", "Dubois"]


def make_items(count: int, seed: int = 42) -> list[dict[str, Any]]:
    base = json.loads((CORPUS / "apa-oracle/items.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    items = []
    for n in range(count):
        item = json.loads(json.dumps(base[n % len(base)]))
        item["id"] = f"item{n}"
        for name in item.get("author", []):
            if "family" in name:
                name["family"] = rng.choice(FAMILIES)
        parts = item.get("issued", {}).get("date-parts")
        if parts:
            item["issued"] = {"date-parts": [[rng.randint(1950, 2024), *parts[0][1:]]]}
        items.append(item)
    return items


def stock(items: list[dict[str, Any]]) -> tuple[float, float]:
    """Wall and CPU seconds of stock citeproc-py (every risx patch off)."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    try:
        from risx.csl.engine import PATCHES, disabled
    except ImportError:  # a tree from before the engine registry (--tree)
        from risx.csl.patches import PATCHES, disabled  # type: ignore[no-redef]
    from risx.csl.style import bundled_file

    with disabled(*PATCHES), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start, cpu = time.perf_counter(), time.process_time()
        style = CitationStylesStyle(str(bundled_file("apa.csl")), validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        bib.register(Citation([CitationItem(i["id"]) for i in items]))
        bib.sort()
        entries = [str(e) for e in bib.bibliography()]
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(entries) == len(items)
    return elapsed, cpu


def ours(items: list[dict[str, Any]], jobs: int, without: str = "") -> tuple[float, float]:
    """Wall and CPU seconds (this process and its workers) of risx's CSL layer with ``jobs``,
    and with the patch ``without`` off."""
    from contextlib import nullcontext

    from risx.csl import CslRenderer, load_style
    from risx.csl.workers import render_in_workers

    off: Any = nullcontext()
    if without:
        from risx.csl.engine import disabled

        off = disabled(without)
    start, cpu = time.perf_counter(), _cpu_with_children()
    with off:
        renderer = CslRenderer(load_style())
        bibliography = (render_in_workers(renderer, items, jobs, print) if jobs > 1
                        else renderer.render(items))
    entries = [e.to("text") for e in bibliography.entries]
    elapsed, cpu = time.perf_counter() - start, _cpu_with_children() - cpu
    assert len(entries) == len(items), bibliography.failures[:3]
    assert bibliography.workers == (jobs if jobs > 1 else 0)
    return elapsed, cpu


def _cpu_with_children() -> float:
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(name: str, source: str) -> None:
    """Child process: one processor on the items in ``source``; prints its seconds."""
    items = json.loads(Path(source).read_text(encoding="utf-8"))
    if name == "stock":
        seconds, cpu = stock(items)
    else:
        jobs, _, without = name.removeprefix("ours-j").partition("-without-")
        seconds, cpu = ours(items, int(jobs), without)
    print(json.dumps({"seconds": seconds, "cpu": cpu}))


def _process_tree(pid: int) -> list[int]:
    pids, position = [pid], 0
    while position < len(pids):
        parent = pids[position]
        position += 1
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                children = Path(f"/proc/{parent}/task/{task}/children").read_text()
                pids.extend(int(child) for child in children.split())
        except OSError:  # gone in between
            continue
    return pids


def _tree_memory_kib(pid: int) -> tuple[int, int]:
    """Summed RSS and PSS (KiB) of a process and its descendants."""
    rss = pss = 0
    for member in _process_tree(pid):
        try:
            rollup = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


def measured(command: list[str], env: dict[str, str]) -> tuple[str, dict[str, float]]:
    """Run ``command``; its stdout, its wall time and its tree's peak summed RSS and PSS."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    peak_rss = peak_pss = 0
    while child.poll() is None:
        rss, pss = _tree_memory_kib(child.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(POLL_SECONDS)
    out, err = child.communicate()
    wall = time.perf_counter() - start
    if child.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed: {err[-2000:]}")
    return out, {"process": wall, "peak_mb": peak_rss / 1024, "pss_mb": peak_pss / 1024}


def in_child(name: str, source: Path, tree: Path = ROOT) -> dict[str, float]:
    out, stats = measured([sys.executable, __file__, "--one", name, str(source),
                           "--src", str(tree / "src")],
                          {**os.environ, "PYTHONPATH": str(tree / "src")})
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return {**result, **stats}


def citeproc_js(source: Path, count: int, node_path: str) -> dict[str, float] | None:
    """citeproc-js on the same items: its in-script time (engine + update + bibliography)."""
    script = TOOLS / "citeproc_js_render.js"
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp, "out.json")
        try:
            _, stats = measured(["node", str(script), str(source), str(target),
                                 "--formats", "text"], {**os.environ, "NODE_PATH": node_path})
        except (RuntimeError, OSError):
            return None
        out = json.loads(target.read_text(encoding="utf-8"))
    assert len(out["bib"]["text"]["entries"]) == count
    return {"seconds": out["timings"]["text"]["total_ms"] / 1000, **stats}


DEFAULT_NODE_PATH = Path.home() / ".cache" / "risx-node" / "node_modules"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--jobs", default="1,2", metavar="1,2",
                        help="ours with each of these -j values, side by side (default 1,2)")
    parser.add_argument("--js", metavar="NODE_PATH",
                        default=str(DEFAULT_NODE_PATH) if DEFAULT_NODE_PATH.is_dir() else None,
                        help="node_modules holding citeproc (default: ~/.cache/risx-node)")
    parser.add_argument("--skip-stock", action="store_true", help="leave stock citeproc-py out")
    parser.add_argument("--stock-max", type=int, default=2000, metavar="N",
                        help="leave stock citeproc-py out above N items (default 2000)")
    parser.add_argument("--speedups", action="store_true",
                        help="also ours -j 1 with each speed-up off in turn (the smallest size)")
    parser.add_argument("--tree", action="append", type=Path, metavar="DIR",
                        help="time the risx of this checkout (its src/); repeat to compare "
                             "trees in one run (default: the tree this script is in)")
    parser.add_argument("--one", nargs=2, metavar=("NAME", "ITEMS"), help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(args.src))
    if args.one:
        run_one(args.one[0], args.one[1])
        return
    jobs = [int(j) for j in args.jobs.split(",")]
    trees = [tree.resolve() for tree in args.tree or [ROOT]]
    for tree in trees:
        print(f"tree {tree.name}: {tree}")
    print("Each processor runs in its own process on the same items; wall s is the time "
          "inside the processor (style parsing included), citeproc-js's as its script "
          "measures it (engine + update + bibliography). x js: citeproc-js's wall s over "
          "this row's. Memory: peak of the summed RSS / PSS of the process and its workers.")
    print(f"{'items':>6} {'processor':>28} {'wall s':>8} {'CPU s':>8} {'process s':>9} "
          f"{'entries/s':>9} {'x js':>6} {'peak MB':>8} {'PSS MB':>7}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp, "items.json")
            source.write_text(json.dumps(make_items(size)), encoding="utf-8")
            results: dict[str, dict[str, float] | None] = {}
            for n in jobs:
                for tree in trees:
                    label = f"ours -j {n}" + (f" {tree.name}" if len(trees) > 1 else "")
                    results[label] = in_child(f"ours-j{n}", source, tree)
            if args.speedups and size == min(args.sizes):
                from risx.csl.engine import PATCHES

                for patch in PATCHES.values():
                    if patch.kind == "speedup":
                        results[f"without {patch.name}"] = in_child(
                            f"ours-j1-without-{patch.name}", source)
            if not args.skip_stock and size <= args.stock_max:
                results["stock"] = in_child("stock", source)
            if args.js:
                results["citeproc-js"] = citeproc_js(source, size, args.js)
        js = results.get("citeproc-js")
        for name, result in results.items():
            if result is None:
                print(f"{size:>6} {name:>28}  failed")
                continue
            ratio = f"{js['seconds'] / result['seconds']:5.2f}x" if js else "     -"
            cpu = f"{result['cpu']:8.2f}" if "cpu" in result else "       -"
            print(f"{size:>6} {name:>28} {result['seconds']:8.2f} {cpu} "
                  f"{result['process']:9.2f} {size / result['seconds']:9.0f} {ratio} "
                  f"{result['peak_mb']:8.0f} {result['pss_mb']:7.0f}")


if __name__ == "__main__":
    main()
