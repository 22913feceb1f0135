"""The reference list as an HTML document (``-t html``, ``.html``).

Entries are ``<div class="csl-entry">`` elements inside a ``csl-bib-body``
block, as citeproc-js writes them, with the style's hanging indent and line
spacing as inline CSS.  Every value is escaped (``&#38;``, ``&#60;``,
``&#62;``); the only markup is the style's italics, bold, superscript,
subscript and small caps, and links: a DOI or URL in an entry is an ``<a href>`` when it is
an http, https, ftp or ftps URL (a ``javascript:`` or ``data:`` one stays text).

The page is well-formed (it parses as XML too: void elements are closed), names its language
(``lang``, the style's locale) and its encoding (``<meta charset="utf-8" />``), and carries
``--title`` as its ``<title>`` and an ``<h1>``; without a title it is titled "References".
No script, style sheet or other resource is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from risx.writers.reference_list.writer import TitledListWriter, runs_of

if TYPE_CHECKING:
    from risx.csl import LoadedStyle, RenderedEntry

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")


def page_title(title: str) -> str:
    """A title as HTML text: one line, escaped (a title is text, never markup)."""
    from risx.csl.markup import escape_html

    return escape_html(" ".join(title.split())).replace('"', "&#34;")


class HtmlWriter(TitledListWriter):
    name = "html"
    extensions = (".html", ".htm")
    description = "APA 7 reference list as an HTML page (or any CSL style with --style)"

    def format_entry(self, entry: RenderedEntry) -> str:
        # Links with safe schemes only (markup's _LINKABLE_URL); others stay text.
        from risx.csl.markup import to_html

        return to_html(runs_of(entry), links=True)

    def write_document(self, entries: Sequence[str], out: TextIO, style: LoadedStyle) -> None:
        bibliography = style.root.bibliography
        css = []
        if (bibliography.get("hanging-indent") or "false") == "true":
            css.append("padding-left: 2em; text-indent: -2em;")
        spacing = bibliography.get("line-spacing")
        if spacing and spacing.isdigit() and spacing != "1":
            css.append(f"line-height: {int(spacing)};")
        attribute = f' style="{" ".join(css)}"' if css else ""
        language = style.locale if _LANGUAGE_TAG.match(style.locale) else "en"
        title = page_title(self.title) if self.title and self.title.strip() else ""
        out.write("<!DOCTYPE html>\n"
                  f'<html lang="{language}">\n'
                  '<head>\n<meta charset="utf-8" />\n'
                  f"<title>{title or 'References'}</title>\n</head>\n"
                  "<body>\n")
        if title:
            out.write(f"<h1>{title}</h1>\n")
        out.write(f'<div class="csl-bib-body"{attribute}>\n')
        for entry in entries:
            out.write(f'  <div class="csl-entry">{entry}</div>\n')
        out.write("</div>\n</body>\n</html>\n")
