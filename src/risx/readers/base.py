"""What every reader provides."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from risx.diagnostics import Report
from risx.model import Record


class Reader(ABC):
    """Turns bytes into a stream of records.

    ``read`` is a generator: records are yielded as soon as they are complete,
    so memory stays flat however large the input.  Problems go to ``report``;
    a reader never raises for bad input.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    description: ClassVar[str]

    @abstractmethod
    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        """Yield the records of ``stream``; ``source_name`` names it in diagnostics."""
