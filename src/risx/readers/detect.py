"""Pick a reader by content when the file name does not say which format an input is.

``.txt`` is written by RIS, MEDLINE and Web of Science exports alike, ``.xml``
by EndNote and by other XML formats, standard input has no name at all: for
those (and unknown extensions) each reader's :meth:`~risx.readers.base.Reader.sniff`
rates the first :data:`~risx.readers.base.SNIFF_SIZE` bytes and the most
confident reader wins.  ``-f`` always overrides.  An input no reader
recognises is read by :class:`UndetectedFormatReader`, which reports FMT001
naming the formats that were tried, so the other inputs still convert.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from risx.diagnostics import Diagnostic, Report, Severity
from risx.model import Record
from risx.readers.base import SNIFF_SIZE, Reader, peek_start

if TYPE_CHECKING:
    from risx.registry import FormatTable

#: The codes of format detection, each with its meaning (part of risx.diagnostics.CODES).
CODES: dict[str, str] = {
    "FMT001": "the input's format could not be recognised from its content; give -f FORMAT",
}


def input_head(path: str) -> bytes:
    """The first bytes of an input, without consuming them from standard input."""
    if path == "-":
        peek = getattr(sys.stdin.buffer, "peek", None)
        if peek is None:
            return b""
        try:
            return bytes(peek(SNIFF_SIZE)[:SNIFF_SIZE])
        except (OSError, ValueError):
            return b""
    try:
        with open(path, "rb") as stream:
            return stream.read(SNIFF_SIZE)
    except OSError:
        return b""  # reading it later reports the problem (IO001)


def sniffing_formats(readers: FormatTable[Reader]) -> list[str]:
    """The names of the readers that recognise their format by content (a reader that only
    inherits another's test, as ``biblatex`` does ``bibtex``'s, is not listed twice)."""
    names = []
    for name in readers.names():
        try:
            cls = readers.get(name)
        except Exception:  # a broken plugin must not stop the formats that work
            continue
        defining = next((k for k in cls.__mro__ if "sniff" in vars(k)), Reader)
        if defining is cls and cls is not Reader:
            names.append(name)
    return names


def sniff(head: bytes, readers: FormatTable[Reader]) -> type[Reader] | None:
    """The reader most confident that ``head`` is its format (the first by name on a tie),
    or None when none recognises it."""
    best, chosen = 0.0, None
    for name in sniffing_formats(readers):
        cls = readers.get(name)
        try:
            confidence = cls.sniff(head)
        except Exception:  # a sniffer must never stop the run
            continue
        if confidence > best:
            best, chosen = confidence, cls
    return chosen


def is_blank(head: bytes) -> bool:
    """An input with nothing to recognise (empty, or only white space and marks)."""
    return not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe")


class UndetectedFormatReader(Reader):
    """Stands in for the reader of an input whose format could not be recognised."""

    name = "undetected"
    extensions = ()
    description = "an input whose format was not recognised (reports FMT001)"

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        from risx.registry import default_registry
        from risx.textio import describe_start

        # Nothing is decoded: the summary names how the input starts, as it always has.
        self.facts.encoding = describe_start(peek_start(stream))
        tried = ", ".join(sniffing_formats(default_registry().readers))
        report(Diagnostic(Severity.ERROR, "FMT001", f"cannot tell the format of this input "
                          f"from its name or its content (tried {tried}); give -f FORMAT "
                          "(see 'risx formats')", source_name, 1))
        return iter(())
