"""Keep the C heap from holding on to memory Python has freed (glibc only).

glibc's allocator raises its mmap threshold each time a large block is freed, so that after
the first few 1 MB read blocks and pickled chunks, such blocks come from the heap instead, and
the heap is only trimmed when more than twice that threshold is free at its top.  A
long conversion then keeps megabytes of freed blocks resident in every process
(``benchmarks/README.md``, "Memory").  Fixing both thresholds at glibc's own starting value
(which also switches the adjusting off) returns large blocks to the system when they are freed.

The ``risx convert`` command sets this once (forked workers inherit it); the library API
(``risx.convert`` included) does not, because the malloc settings of the program that imports
risx are that program's.
"""

from __future__ import annotations

import sys

# mallopt() parameter numbers, from glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: glibc's default for both before it starts adjusting them (DEFAULT_MMAP_THRESHOLD_MIN).
_THRESHOLD = 128 * 1024


def return_freed_memory_promptly() -> bool:
    """Fix glibc's trim and mmap thresholds; False (and nothing done) off glibc."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    # mallopt returns 1 on success; musl's stub returns 0 and changes nothing.
    mmap_set: bool = mallopt(_M_MMAP_THRESHOLD, _THRESHOLD) == 1
    trim_set: bool = mallopt(_M_TRIM_THRESHOLD, _THRESHOLD) == 1
    return mmap_set and trim_set
