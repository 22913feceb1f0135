"""APA speed: stock citeproc-py vs risx's CSL layer vs citeproc-js, one run.

    python benchmarks/bench_apa.py [N ...] [--js NODE_PATH] [--skip-stock]

Items: the 45 APA oracle items (../shared/corpus/apa-oracle/items.json) replicated
with random family names and years (seed 42) up to N; the date-range item is
reduced to one date so that stock citeproc-py survives.  Every processor renders
the same items as one plain-text bibliography (sorted), each in its own
process so that its peak memory is its own; times are CPU seconds inside the
processor (style parsing included), so ratios within one run are what to
compare ("vs ours": that processor's time over ours; above 1 means ours is
faster).  citeproc-js (``../shared/bench/citeproc_js_render.js``, npm
``citeproc`` from ``--js``, default ``~/.cache/risx-node/node_modules``) is
timed by its script (engine + update + bibliography).  Not part of the test
suite.
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
SHARED = Path(os.environ.get("RISX_SHARED", ROOT.parent / "shared"))
FAMILIES = ["Smith", "Nguyen", "Müller", "García", "Ødegaard", "Kowalski", "Lee", "Okafor",
            "van der Berg", "Rossi", "Tanaka", "Johnson", "Çelik", "Brown", "Dubois"]


def make_items(count: int, seed: int = 42) -> list[dict[str, Any]]:
    base = json.loads((SHARED / "corpus/apa-oracle/items.json").read_text(encoding="utf-8"))
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


def stock(items: list[dict[str, Any]]) -> float:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    from risx.csl.patches import PATCHES, disabled
    from risx.csl.style import bundled_file

    with disabled(*PATCHES), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.process_time()
        style = CitationStylesStyle(str(bundled_file("apa.csl")), validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        bib.register(Citation([CitationItem(i["id"]) for i in items]))
        bib.sort()
        entries = [str(e) for e in bib.bibliography()]
        elapsed = time.process_time() - start
    assert len(entries) == len(items)
    return elapsed


def ours(items: list[dict[str, Any]]) -> float:
    from risx.csl import CslRenderer, load_style

    start = time.process_time()
    bibliography = CslRenderer(load_style()).render(items)
    entries = [e.to("text") for e in bibliography.entries]
    elapsed = time.process_time() - start
    assert len(entries) == len(items), bibliography.failures[:3]
    return elapsed


def run_one(name: str, size: int) -> None:
    """Child process: one processor on ``size`` items; prints CPU seconds and peak RSS."""
    items = make_items(size)
    seconds = (stock if name == "stock" else ours)(items)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


def in_child(name: str, size: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--one", name, str(size)],
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def citeproc_js(items: list[dict[str, Any]], node_path: str) -> dict[str, float] | None:
    """citeproc-js on the same items: its in-process time (engine + update + bibliography,
    as measured by the script) and its peak RSS."""
    script = SHARED / "bench/citeproc_js_render.js"
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp, "items.json"), Path(tmp, "out.json")
        source.write_text(json.dumps(items), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(["node", str(script), str(source), str(target),
                               "--formats", "text"],
                              env={**os.environ, "NODE_PATH": node_path},
                              capture_output=True, check=False)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            return None
        out = json.loads(target.read_text(encoding="utf-8"))
    assert len(out["bib"]["text"]["entries"]) == len(items)
    return {"seconds": out["timings"]["text"]["total_ms"] / 1000, "wall": wall,
            "peak_mb": out["timings"]["peak_rss_mb"]}


DEFAULT_NODE_PATH = Path.home() / ".cache" / "risx-node" / "node_modules"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--js", metavar="NODE_PATH",
                        default=str(DEFAULT_NODE_PATH) if DEFAULT_NODE_PATH.is_dir() else None,
                        help="node_modules holding citeproc (default: ~/.cache/risx-node)")
    parser.add_argument("--skip-stock", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("NAME", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.one:
        run_one(args.one[0], int(args.one[1]))
        return
    print("Each processor runs in its own process on the same items; seconds are CPU time "
          "inside the processor (style parsing included), citeproc-js's as its script "
          "measures it (engine + update + bibliography).")
    print(f"{'items':>6} {'processor':>12} {'seconds':>8} {'entries/s':>10} "
          f"{'vs ours':>8} {'peak MB':>8}")
    for size in args.sizes:
        results: dict[str, dict[str, float] | None] = {"ours": in_child("ours", size)}
        if not args.skip_stock:
            results["stock"] = in_child("stock", size)
        if args.js:
            results["citeproc-js"] = citeproc_js(make_items(size), args.js)
        base = results["ours"]
        for name, result in results.items():
            if result is None or base is None:
                print(f"{size:>6} {name:>12}  failed")
                continue
            ratio = result["seconds"] / base["seconds"]
            print(f"{size:>6} {name:>12} {result['seconds']:8.2f} "
                  f"{size / result['seconds']:10.0f} {ratio:7.2f}x {result['peak_mb']:8.0f}")


if __name__ == "__main__":
    main()
