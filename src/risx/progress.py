"""A one-line progress display on standard error, for terminals only.

It appears only after ``delay`` seconds (short runs stay silent), redraws at
most ten times a second, and is erased before any diagnostic is printed and
at the end, so what remains on the terminal is exactly what a non-terminal
run prints.  The caller decides whether it is enabled (stderr is a terminal
and ``-q`` was not given); a disabled display does nothing at all.
"""

from __future__ import annotations

import time
from typing import TextIO

_REDRAW_INTERVAL = 0.1


class Progress:
    def __init__(self, stream: TextIO, *, total_files: int, enabled: bool,
                 delay: float = 1.0) -> None:
        self.stream = stream
        self.total_files = total_files
        self.enabled = enabled
        self.delay = delay
        self.files = 0
        self.records = 0
        self._start = time.monotonic()
        self._last_draw = 0.0
        self._shown = False

    def advance(self, *, files: int = 0, records: int = 0) -> None:
        self.files += files
        self.records += records
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._start < self.delay or now - self._last_draw < _REDRAW_INTERVAL:
            return
        self._last_draw = now
        self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self._start, 1e-9)
        rate = self.records / elapsed
        width = 20
        done = self.files / self.total_files if self.total_files else 0.0
        filled = int(done * width)
        bar = "#" * filled + "-" * (width - filled)
        line = (f"risx [{bar}] {self.files}/{self.total_files} file(s), "
                f"{self.records} record(s), {rate:,.0f} records/s")
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line (before a diagnostic is printed, and at the end)."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


class ClearingStream:
    """A text stream for diagnostics that erases the progress line before each write."""

    def __init__(self, stream: TextIO, progress: Progress) -> None:
        self._stream = stream
        self._progress = progress

    def write(self, text: str) -> int:
        self._progress.clear()
        return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()
