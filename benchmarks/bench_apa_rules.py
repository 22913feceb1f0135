"""The APA rule layer's own cost, as a share of rendering the same list, in one run.

    python benchmarks/bench_apa_rules.py [--records N] [--repeat K]

Items: every record of the RIS corpus (tests/corpus) as the reference-list writer maps it
(record_to_csl), repeated up to N (default 10,000).  Measured in this process: the Manual
rules (risx.apa.RuleSet) over all N items, best of K runs; then one rendering of the same N
items with the derived style (CslRenderer, one process).  The figure that matters is the
ratio: the rules' time over the rendering's.  Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("RISX_CORPUS", ROOT / "tests" / "corpus"))
sys.path.insert(0, str(ROOT / "src"))


def corpus_items(count: int) -> list[dict[str, Any]]:
    try:
        from risx.csl_item import record_to_csl
    except ImportError:  # before the writer seams: the mapping's old home
        from risx.writers.csljson import record_to_csl  # type: ignore[attr-defined,no-redef]
    from risx.readers.ris import RisReader

    base: list[dict[str, Any]] = []
    for path in sorted(CORPUS.rglob("*.ris")):
        reader = RisReader()
        with path.open("rb") as stream:
            for record in reader.read(stream, str(path), lambda diagnostic: None):
                base.append(record_to_csl(record, f"r{len(base)}", with_extra=False))
    items = []
    while len(items) < count:
        for item in islice(base, count - len(items)):
            items.append({**item, "id": f"i{len(items)}"})
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from risx.apa import RuleSet
    from risx.apa.profile import profile_for
    from risx.csl import CslRenderer, load_style

    items = corpus_items(args.records)
    best = float("inf")
    rules = RuleSet()
    for _ in range(args.repeat):
        rules = RuleSet()
        start = time.perf_counter()
        changed = [rules.apply(item) for item in items]
        best = min(best, time.perf_counter() - start)
    renderer = CslRenderer(load_style(profile_for(None).style))
    start = time.perf_counter()
    bibliography = renderer.render(changed)
    rendering = time.perf_counter() - start
    print(f"items: {len(items)} (corpus records repeated); entries: {len(bibliography.entries)}")
    print(f"rules:     {best:8.3f} s  ({best / len(items) * 1e6:.1f} us per item, best of "
          f"{args.repeat})")
    print(f"rendering: {rendering:8.3f} s  (one process)")
    print(f"rules / rendering: {best / rendering:.2%}")
    for line in rules.summary():
        print(f"  {line}")


if __name__ == "__main__":
    main()
