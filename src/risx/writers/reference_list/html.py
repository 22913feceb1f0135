"""The reference list as an HTML document (``-t html``, ``.html``).

Entries are ``<div class="csl-entry">`` elements inside a ``csl-bib-body``
block, as citeproc-js writes them, with the style's hanging indent and line
spacing as inline CSS.  Every value is escaped (``&#38;``, ``&#60;``,
``&#62;``); the only markup is the style's italics, bold, superscript,
subscript and small caps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from risx.writers.reference_list.writer import ReferenceListWriter, runs_of

if TYPE_CHECKING:
    from risx.csl import LoadedStyle, RenderedEntry


class HtmlWriter(ReferenceListWriter):
    name = "html"
    extensions = (".html", ".htm")
    description = "APA 7 reference list as an HTML page (or any CSL style with --style)"

    def format_entry(self, entry: RenderedEntry) -> str:
        # No links: DOIs and URLs stay text, as citeproc-js writes them.
        from risx.csl.markup import to_html

        return to_html(runs_of(entry, links=False))

    def write_document(self, entries: Sequence[str], out: TextIO, style: LoadedStyle) -> None:
        bibliography = style.root.bibliography
        css = []
        if (bibliography.get("hanging-indent") or "false") == "true":
            css.append("padding-left: 2em; text-indent: -2em;")
        spacing = bibliography.get("line-spacing")
        if spacing and spacing.isdigit() and spacing != "1":
            css.append(f"line-height: {int(spacing)};")
        attribute = f' style="{" ".join(css)}"' if css else ""
        language = style.locale if all(c.isalnum() or c == "-" for c in style.locale) else "en"
        out.write("<!DOCTYPE html>\n"
                  f'<html lang="{language}">\n'
                  "<head>\n<meta charset=\"utf-8\">\n<title>References</title>\n</head>\n"
                  "<body>\n"
                  f'<div class="csl-bib-body"{attribute}>\n')
        for entry in entries:
            out.write(f'  <div class="csl-entry">{entry}</div>\n')
        out.write("</div>\n</body>\n</html>\n")
