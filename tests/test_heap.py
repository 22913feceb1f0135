"""The conversion's allocator setting (risx.heap): taken on glibc, a no-op elsewhere."""

from __future__ import annotations

import platform

from risx.heap import return_freed_memory_promptly


def test_freed_memory_setting_takes_on_glibc() -> None:
    libc, _ = platform.libc_ver()
    assert return_freed_memory_promptly() is (libc == "glibc")
