"""APA speed: stock citeproc-py vs risx's CSL layer (and citeproc-js when available), one run.

    python benchmarks/bench_apa.py [N ...] [--js NODE_PATH]

Items: the 45 APA oracle items (../shared/corpus/apa-oracle/items.json) replicated
with random family names and years (seed 42) up to N; the date-range item is
reduced to one date so that stock citeproc-py survives.  Both processors render
the same items as one plain-text bibliography (sorted); times are CPU seconds
in this process (style parsing included), so ratios within one run are what
to compare.  With ``--js`` the same items go through citeproc-js
(``../shared/bench/citeproc_js_render.js``) in a subprocess, timed by wall clock.
Not part of the test suite.
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


def citeproc_js(items: list[dict[str, Any]], node_path: str) -> float | None:
    script = SHARED / "bench/citeproc_js_render.js"
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp, "items.json"), Path(tmp, "out.json")
        source.write_text(json.dumps(items), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(["node", str(script), str(source), str(target),
                               "--formats", "text"],
                              env={**os.environ, "NODE_PATH": node_path},
                              capture_output=True, check=False)
        elapsed = time.perf_counter() - start
    return elapsed if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 1000])
    parser.add_argument("--js", metavar="NODE_PATH", help="also run citeproc-js")
    parser.add_argument("--skip-stock", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    print("items  stock_s  ours_s  stock/ours  ours_entries_per_s  js_wall_s")
    for size in args.sizes:
        items = make_items(size)
        ours_s = ours(items)
        stock_s = float("nan") if args.skip_stock else stock(items)
        js_s = citeproc_js(items, args.js) if args.js else None
        print(f"{size:5d}  {stock_s:7.2f}  {ours_s:6.2f}  {stock_s / ours_s:10.2f}  "
              f"{size / ours_s:18.0f}  {js_s if js_s is not None else '-'}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
