"""The reference list as Markdown (``-t markdown``, ``.md``).

The same entries and order as ``-t apa``, with italics as ``*...*``, DOIs and
URLs as autolinks, and every Markdown-active character of the data escaped,
so a title such as ``[x](javascript:alert(1))`` or ``<script>`` is shown as
text by GitHub or any CommonMark renderer.  No raw HTML is ever written.

Layout: an optional ``# Title`` heading, then a bullet list (``- ``) or a
numbered list (``1. ``), one entry per item.  The heading and list style are
the options ``title`` and ``list_style`` (``--title``, ``--list``), or the
constructor's arguments of those names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Literal, TextIO

from risx.diagnostics import Report
from risx.writers.options import MarkdownOptions, Options
from risx.writers.reference_list.writer import TitledListWriter, runs_of

if TYPE_CHECKING:
    from risx.csl import LoadedStyle, RenderedEntry

ListStyle = Literal["bullet", "numbered"]


class MarkdownWriter(TitledListWriter):
    name = "markdown"
    extensions = (".md",)
    description = "APA 7 reference list as Markdown (or any CSL style with --style)"
    options_type = MarkdownOptions
    options: MarkdownOptions

    def __init__(self, report: Report, options: Options | None = None, *,
                 title: str | None = None, list_style: ListStyle | None = None) -> None:
        """``title`` and ``list_style``, when given, replace the options' own."""
        super().__init__(report, options, title=title)
        if list_style is not None:
            self.options = replace(self.options, list_style=list_style)
        #: The kind of list (a ``list_style`` other than "numbered" is a bullet list).
        self.list_style: ListStyle = ("numbered" if self.options.list_style == "numbered"
                                      else "bullet")

    def format_entry(self, entry: RenderedEntry) -> str:
        from risx.csl.markup import to_markdown

        return to_markdown(runs_of(entry))

    def write_document(self, entries: Sequence[str], out: TextIO, style: LoadedStyle) -> None:
        from risx.csl.markup import escape_markdown

        if self.options.title:
            out.write("# " + escape_markdown(" ".join(self.options.title.split())) + "\n\n")
        for number, entry in enumerate(entries, start=1):
            marker = f"{number}. " if self.list_style == "numbered" else "- "
            out.write(marker + entry + "\n")
