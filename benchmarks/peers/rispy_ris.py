"""Peer: RIS -> RIS with rispy (load, then dump), the obvious Python glue; writes to stdout.

usage: $PEERS/venv/bin/python rispy_ris.py FILE.ris
Runs in the peers' venv (rispy is not a risx dependency).
"""

from __future__ import annotations

import sys

import rispy  # type: ignore[import-not-found]


def main(path: str) -> None:
    # utf-8-sig, so that a BOM does not hide the first TY tag (as in the shared py_convert.py).
    with open(path, encoding="utf-8-sig") as source:
        entries = rispy.load(source)
    rispy.dump(entries, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
