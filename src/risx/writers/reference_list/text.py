"""The reference list as plain text (``-t apa``, ``.txt``): one entry per line, in bibliography
order, with the style's formatting (italics...) left out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from risx.writers.reference_list.writer import ReferenceListWriter

if TYPE_CHECKING:
    from risx.csl import LoadedStyle, RenderedEntry


class ApaWriter(ReferenceListWriter):
    name = "apa"
    extensions = (".txt",)
    description = "APA 7 reference list, plain text (or any CSL style with --style)"

    def format_entry(self, entry: RenderedEntry) -> str:
        return entry.text

    def write_document(self, entries: Sequence[str], out: TextIO, style: LoadedStyle) -> None:
        for entry in entries:
            out.write(entry + "\n")
