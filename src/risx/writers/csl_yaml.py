"""CSL YAML for pandoc and Quarto (``-t csl-yaml``, ``.yaml``).

The items of ``-t csl-json`` (the same ids, fields, order and notes), written as a YAML list, or,
with ``--front-matter``, under ``references:`` between ``---`` lines, ready to paste at the top
of a Markdown or Quarto document.  Items are streamed as records arrive.

pandoc reads every string of a YAML bibliography as Markdown (``*x*`` becomes emphasis, ``<b>``
raw HTML, ``$x$`` maths, ``1984. Title`` an ordered list), where it reads CSL-JSON strings as
text.  So each string is escaped (:func:`escape_pandoc_markdown`): pandoc then gives the same
bibliography from this file as from our CSL-JSON (tests/writers/test_csl_yaml_writer.py runs the real
pandoc of ``pypandoc-binary`` on the corpus), and nothing in the data becomes markup.  Numbers
in dates stay integers; every string is double-quoted (:mod:`risx.writers.yaml_text`).
"""

from __future__ import annotations

import re
from typing import Any, TextIO

from risx.csl.markup import (
    BOLD_OFF,
    BOLD_ON,
    ITALIC_OFF,
    ITALIC_ON,
    NOCASE_CLOSE,
    NOCASE_OPEN,
    SMALLCAPS_OFF,
    SMALLCAPS_ON,
    SUB_OFF,
    SUB_ON,
    SUP_OFF,
    SUP_ON,
    drop_reserved,
    parse_rich_text,
)
from risx.csl_item import CslIds, record_to_csl, wanted_id
from risx.diagnostics import Report
from risx.model import Record
from risx.writers.base import RecordWriter
from risx.writers.options import CslYamlOptions, Options
from risx.writers.yaml_text import YamlValue, quote, yaml_lines

# Inline Markdown syntax anywhere in a line: emphasis, code, links, raw HTML and entities,
# strikeout, super/subscript, maths, citations, attributes, and the escape itself.  Quotes are
# left to pandoc's smart quotes: citeproc reads straight quotes in CSL-JSON the same way.
_ALWAYS = re.compile(r"([\\`*_\[\]<>&~^$@#|!{}])")
_CURLY_DOUBLE = re.compile("[\u201c\u201d]")
# Smart punctuation: "--" and "---" become dashes, "..." an ellipsis.
_SMART = re.compile(r"(-(?=-)|(?<=-)-|\.(?=\.\.)|(?<=\.)\.(?=\.)|(?<=\.\.)\.)")
# What starts a block at the start of a line: a list marker (1. 1) (a) iv. #.), a rule, a quote,
# a heading, a definition, a table or a setext underline.
_LIST_MARKER = re.compile(r"^(\s*\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+|#))([.)])(?=\s|$)")
_LINE_START_PUNCT = re.compile(r"^(\s*)([-+=:.()>%])")


def escape_pandoc_markdown(text: str) -> str:
    """``text`` as pandoc Markdown that reads back as exactly ``text`` (inline, no markup)."""
    lines = []
    # citeproc reads paired double quotes in CSL-JSON, straight or typographic, as a quotation
    # (and flips inner ones to single quotes); pandoc Markdown does that for straight pairs
    # only, and makes an unpaired straight quote typographic, which citeproc leaves alone.
    paired = (text.count('"') + len(_CURLY_DOUBLE.findall(text))) % 2 == 0
    if paired:
        text = _CURLY_DOUBLE.sub('"', text)
    for line in text.split("\n"):
        line = _ALWAYS.sub(r"\\\1", line)
        if not paired:
            line = line.replace('"', '\\"')
        line = _SMART.sub(r"\\\1", line)
        line = _LIST_MARKER.sub(r"\1\\\2", line)
        line = _LINE_START_PUNCT.sub(r"\1\\\2", line)
        lines.append(line)
    return "\n".join(lines)


_MARKDOWN_OF_MARK = {ITALIC_ON: "*", ITALIC_OFF: "*", BOLD_ON: "**", BOLD_OFF: "**",
                     SUP_ON: "^", SUP_OFF: "^", SUB_ON: "~", SUB_OFF: "~",
                     SMALLCAPS_ON: "[", SMALLCAPS_OFF: "]{.smallcaps}",
                     NOCASE_OPEN: "[", NOCASE_CLOSE: "]{.nocase}"}
_RICH_TEXT_PIECE = re.compile("(" + "|".join(re.escape(m) for m in _MARKDOWN_OF_MARK) + ")")


def pandoc_markdown(value: str) -> str:
    """A CSL-JSON string as pandoc Markdown: the rich text CSL defines (``<i>``, ``<b>``,
    ``<sup>``, ``<sub>``, small caps, ``nocase``) as its Markdown, everything else as text."""
    neutral = parse_rich_text(drop_reserved(value))
    if neutral == value:
        return escape_pandoc_markdown(value)
    # Each piece of text is escaped on its own: escaping more than needed is harmless, as
    # pandoc reads any backslash-escaped punctuation as itself.
    pieces = _RICH_TEXT_PIECE.split(neutral)
    out: list[str] = []
    in_script = False  # inside ^...^ or ~...~ a space must be escaped
    for piece in pieces:
        mark = _MARKDOWN_OF_MARK.get(piece)
        if mark is not None:
            out.append(mark)
            if mark in ("^", "~"):
                in_script = not in_script
        else:
            text = escape_pandoc_markdown(piece)
            out.append(text.replace(" ", "\\ ") if in_script else text)
    return "".join(out)


def _escaped(value: Any) -> YamlValue:
    if isinstance(value, str):
        return pandoc_markdown(value)
    if isinstance(value, dict):
        return {key: _escaped(member) for key, member in value.items()}
    if isinstance(value, list):
        return [_escaped(member) for member in value]
    if isinstance(value, int):
        return value
    return escape_pandoc_markdown(str(value))


#: A rendered item: wanted id, whether it is the source's, file and line (OUT003), and the
#: item's YAML lines after its id, indented for the list.
_RenderedItem = tuple[str, bool, str, int, str]


class CslYamlWriter(RecordWriter):
    name = "csl-yaml"
    extensions = (".yaml",)  # .yml is Hayagriva's (Typst)
    description = "CSL YAML (pandoc, Quarto); --front-matter for a references: block"

    options_type = CslYamlOptions
    options: CslYamlOptions

    def __init__(self, report: Report, options: Options | None = None, *,
                 front_matter: bool | None = None) -> None:
        """``front_matter``, when given, replaces the options' own."""
        super().__init__(report, options)
        self.front_matter = front_matter if front_matter is not None else self.options.front_matter
        self._ids = CslIds(self)
        self._first = True
        # In front matter the list sits under "references:", two spaces in.
        self._indent = 2 if self.front_matter else 0

    def render(self, record: Record) -> _RenderedItem:
        item = record_to_csl(record, "", with_extra=not self.options.no_extra)
        del item["id"]
        body = "".join(line + "\n" for line in yaml_lines(_escaped(item), self._indent + 2))
        wanted, from_source = wanted_id(record)
        return wanted, from_source, record.source.file, record.source.line, body

    def emit(self, rendered: _RenderedItem, out: TextIO) -> None:
        wanted, from_source, file, line, body = rendered
        item_id = self._ids.claim(wanted, from_source, file, line)
        if self._first and self.front_matter:
            out.write("---\nreferences:\n")
        pad = " " * self._indent
        # pandoc reads the id as Markdown too: escaped, it reads back as the id.
        out.write(f"{pad}- {quote('id')}: {quote(escape_pandoc_markdown(item_id))}\n{body}")
        self._first = False

    def finish(self, out: TextIO) -> None:
        if self._first:
            out.write("---\nreferences: []\n---\n" if self.front_matter else "[]\n")
        elif self.front_matter:
            out.write("---\n")
