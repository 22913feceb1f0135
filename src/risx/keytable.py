"""A compact table of the keys an output has used: each key stored once, as bytes."""

from __future__ import annotations

from array import array


class KeyTable:
    """A map from strings to small non-negative ints that stores each key once, as UTF-8 bytes
    in one buffer, a fraction of what a ``set`` of ``str`` and a suffix ``dict`` cost
    (``benchmarks/README.md``, "Memory").  The writers keep every id of an output to keep
    them unique, and on a large input that was the only thing in the parent process that
    grew with the input.

    Open addressing with linear probing over a power-of-two table kept at most two thirds
    full.  A slot holds its key's hash and where the key starts in the buffer (a 4-byte
    length, then the bytes).  Python's own (per-process salted) hash only decides where a key
    sits, never what is found, so output does not depend on it.
    """

    __slots__ = ("_buffer", "_count", "_hashes", "_starts", "_values")

    _EMPTY = -1
    _LENGTH_BYTES = 4

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._count = 0
        self._allocate(1024)

    def _allocate(self, size: int) -> None:
        self._starts = array("q", [self._EMPTY]) * size
        self._hashes = array("q", [0]) * size
        self._values = array("I", [0]) * size

    def __len__(self) -> int:
        return self._count

    def _slot(self, key: bytes, key_hash: int) -> int:
        """The slot holding ``key``, or the empty slot where it belongs."""
        mask = len(self._starts) - 1
        slot = key_hash & mask
        starts, hashes, buffer = self._starts, self._hashes, self._buffer
        # The stored form (length, then bytes): a match at a key's start is that very key.
        stored = len(key).to_bytes(self._LENGTH_BYTES, "little") + key
        while True:
            start = starts[slot]
            if start == self._EMPTY or (hashes[slot] == key_hash
                                        and buffer.startswith(stored, start)):
                return slot
            slot = (slot + 1) & mask

    def get(self, key: str) -> int | None:
        encoded = key.encode()
        slot = self._slot(encoded, hash(encoded))
        return None if self._starts[slot] == self._EMPTY else self._values[slot]

    def get_or_add(self, key: str, value: int) -> int | None:
        """The value of ``key``; or, when it is absent, None after adding it with ``value``."""
        encoded = key.encode()
        key_hash = hash(encoded)
        slot = self._slot(encoded, key_hash)
        if self._starts[slot] != self._EMPTY:
            return self._values[slot]
        self._add(slot, encoded, key_hash, value)
        return None

    def set(self, key: str, value: int) -> None:
        encoded = key.encode()
        key_hash = hash(encoded)
        slot = self._slot(encoded, key_hash)
        if self._starts[slot] == self._EMPTY:
            self._add(slot, encoded, key_hash, value)
        else:
            self._values[slot] = value

    def _add(self, slot: int, encoded: bytes, key_hash: int, value: int) -> None:
        self._starts[slot] = len(self._buffer)
        self._hashes[slot] = key_hash
        self._values[slot] = value
        self._buffer += len(encoded).to_bytes(self._LENGTH_BYTES, "little")
        self._buffer += encoded
        self._count += 1
        if 3 * self._count > 2 * len(self._starts):
            self._grow()

    def _grow(self) -> None:
        old = zip(self._starts, self._hashes, self._values, strict=True)
        self._allocate(2 * len(self._starts))
        starts, hashes, values = self._starts, self._hashes, self._values
        mask = len(starts) - 1
        for start, key_hash, value in old:
            if start == self._EMPTY:
                continue
            slot = key_hash & mask  # every key differs from the others: find a free slot
            while starts[slot] != self._EMPTY:
                slot = (slot + 1) & mask
            starts[slot], hashes[slot], values[slot] = start, key_hash, value
