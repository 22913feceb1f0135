"""Records stream from reader to writer: memory does not grow with the input."""

from __future__ import annotations

import io
import tracemalloc

from risx.diagnostics import collect
from risx.readers.ris import read_ris
from risx.writers.csljson import CslJsonWriter

RECORD = b"TY  - JOUR\nTI  - Title %d\nAU  - Doe, Jane\nPY  - 2020\nAB  - %s\nER  - \n"


class CountingStream(io.BytesIO):
    """A byte stream that remembers how far it has been read."""

    high_water = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.high_water = max(self.high_water, self.tell())
        return data

    def readline(self, size: int | None = -1) -> bytes:
        data = super().readline(size)
        self.high_water = max(self.high_water, self.tell())
        return data


def big_input(records: int) -> CountingStream:
    abstract = b"words " * 200
    return CountingStream(b"".join(RECORD % (n, abstract) for n in range(records)))


def test_the_first_record_comes_out_before_most_of_the_input_is_read() -> None:
    stream = big_input(20000)  # about 25 MB
    _, report = collect()
    first = next(read_ris(stream, "big.ris", report))
    assert first.title == "Title 0"
    assert stream.high_water < 3 * 1024 * 1024  # a couple of decoding blocks, not the file
    assert stream.high_water < len(stream.getvalue()) // 8


class Discard(io.StringIO):
    def write(self, text: str) -> int:
        return len(text)


def peak_memory_converting(records: int) -> int:
    stream = big_input(records)
    _, report = collect()
    tracemalloc.start()
    try:
        CslJsonWriter(report).write(read_ris(stream, "big.ris", report), Discard())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_number_of_records() -> None:
    """Five times the records must not need much more memory: nothing accumulates."""
    small, large = peak_memory_converting(1000), peak_memory_converting(5000)
    assert large < small * 1.5 + 512 * 1024, (small, large)
