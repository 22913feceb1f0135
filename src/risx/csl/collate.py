"""Sort keys that follow alphabetical order rather than code points.

citeproc-py compares lower-cased strings by code point, which puts "Ødegaard",
"Çelik" and "Ångström" after "Zimmerman".  This key folds letters to their
base (NFKD without combining marks, plus the letters Unicode does not
decompose: ø, æ, œ, ß, ł, đ, þ), ignores case, and weighs spaces and
punctuation below letters, as the default Unicode collation does; ties are
broken by the original text so the order is total and deterministic.  It is
not a full Unicode Collation Algorithm; it does not need PyICU.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

from risx.csl.markup import strip_marks

_SPECIAL = str.maketrans({
    "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ı": "i", "ð": "d",
    "Ð": "d", "ĸ": "q",
})


@functools.lru_cache(maxsize=65536)
def collation_key(text: str) -> str:
    """Primary-strength key: base letters and digits; spaces and punctuation sort first."""
    folded = unicodedata.normalize("NFKD", strip_marks(text).translate(_SPECIAL))
    out: list[str] = []
    for char in folded:
        if unicodedata.combining(char):
            continue
        if char.isalnum():
            out.append(char.casefold())
        elif char.isspace():
            out.append("\x01")
        else:
            out.append("\x02")
    return "".join(out)


SortRow = Sequence[str | None]


def _compare_values(left: str | None, right: str | None) -> int:
    if left is None or right is None:
        # Missing values sort last whatever the direction (as citeproc-py and -js do).
        return (left is None) - (right is None)
    if left.isdigit() and right.isdigit():
        a, b = int(left), int(right)
        return (a > b) - (a < b)
    a_key, b_key = collation_key(left), collation_key(right)
    if a_key != b_key:
        return (a_key > b_key) - (a_key < b_key)
    return (left > right) - (left < right)


def compare_rows(left: SortRow, right: SortRow, descending: Sequence[bool]) -> int:
    for a, b, desc in zip(left, right, descending, strict=False):
        result = _compare_values(a, b)
        if result:
            return -result if desc and a is not None and b is not None else result
    return 0


def sort_permutation(rows: Sequence[SortRow], descending: Sequence[bool]) -> list[int]:
    """Indices of ``rows`` in sorted order (stable: equal rows keep their input order)."""
    def compare(i: int, j: int) -> int:
        return compare_rows(rows[i], rows[j], descending)
    return sorted(range(len(rows)), key=functools.cmp_to_key(compare))
