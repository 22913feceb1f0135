"""Format-neutral rich text, and its conversion to plain text, HTML and Markdown.

citeproc-py renders through a "formatter" whose wrappers produce the output
markup directly, and it never escapes field values.  risx instead renders
every entry once in a *neutral* form: plain Unicode text in which formatting
is marked by private-use characters (one opening and one closing mark per
feature).  Text-case and punctuation rules cannot alter those marks, and the
final conversion escapes the whole entry for its output format in one place,
so no value, term or affix can reach HTML or Markdown unescaped.

The marks also carry the rich text of the data (``<i>``, ``<b>``, ``<sup>``,
``<sub>``, small-caps spans) once :func:`parse_rich_text` has read it, so an
italic species name inside a title comes out italic in HTML and Markdown and
plain in text.  Italic flips: italic text inside an italic title is set
roman, as CSL processors do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

OutputFormat = Literal["text", "html", "markdown"]

ITALIC_ON, ITALIC_OFF = "\ue100", "\ue101"
BOLD_ON, BOLD_OFF = "\ue102", "\ue103"
SUP_ON, SUP_OFF = "\ue104", "\ue105"
SUB_ON, SUB_OFF = "\ue106", "\ue107"
SMALLCAPS_ON, SMALLCAPS_OFF = "\ue108", "\ue109"

#: Mark -> (feature, +1 for an opening mark / -1 for a closing one).
_MARKS: dict[str, tuple[str, int]] = {
    ITALIC_ON: ("i", 1), ITALIC_OFF: ("i", -1),
    BOLD_ON: ("b", 1), BOLD_OFF: ("b", -1),
    SUP_ON: ("sup", 1), SUP_OFF: ("sup", -1),
    SUB_ON: ("sub", 1), SUB_OFF: ("sub", -1),
    SMALLCAPS_ON: ("sc", 1), SMALLCAPS_OFF: ("sc", -1),
}
MARK_CHARS = frozenset(_MARKS)
_MARK_RE = re.compile("[" + "".join(sorted(MARK_CHARS)) + "]")
#: Private-use characters that input data may not carry (they would forge markup).
_RESERVED_RE = re.compile("[\ue100-\ue1ff]")


def strip_marks(text: str) -> str:
    """The neutral text without its formatting marks."""
    return _MARK_RE.sub("", text)


def drop_reserved(text: str) -> str:
    """Remove characters from data that would be read as formatting marks."""
    return _RESERVED_RE.sub("", text)


# --- rich text in field values ------------------------------------------------------------

_TAG_RE = re.compile(
    r"<(?P<close>/?)(?P<tag>i|b|sup|sub)>"
    r"|<span\s+style=\"font-variant:\s*small-caps;?\">"
    r"|<span\s+class=\"nocase\">"
    r"|</span>",
    re.IGNORECASE,
)
_TAG_MARKS = {"i": (ITALIC_ON, ITALIC_OFF), "b": (BOLD_ON, BOLD_OFF),
              "sup": (SUP_ON, SUP_OFF), "sub": (SUB_ON, SUB_OFF)}
NOCASE_OPEN = '<span class="nocase">'
NOCASE_CLOSE = "</span>"


def parse_rich_text(value: str) -> str:
    """CSL-JSON rich text -> neutral text.

    The tags CSL-JSON defines become formatting marks; ``<span class="nocase">``
    is kept as written because citeproc-py reads it itself (as text exempt
    from case changes).  Anything else that looks like markup (``<script>``,
    ``<a href>``) stays literal text and is escaped on output.  Unmatched
    closing tags stay literal too.
    """
    if "<" not in value:
        return value
    out: list[str] = []
    pos = 0
    open_tags: list[str] = []  # "i", "b", "sup", "sub", "sc" or "nocase"
    for match in _TAG_RE.finditer(value):
        out.append(value[pos:match.start()])
        pos = match.end()
        text = match.group(0)
        tag = (match.group("tag") or "").lower()
        if tag:
            on, off = _TAG_MARKS[tag]
            if not match.group("close"):
                open_tags.append(tag)
                out.append(on)
            elif tag in open_tags:
                _close(open_tags, tag)
                out.append(off)
            else:
                out.append(text)
        elif text.lower().startswith("<span"):
            if "nocase" in text.lower():
                open_tags.append("nocase")
                out.append(NOCASE_OPEN)
            else:
                open_tags.append("sc")
                out.append(SMALLCAPS_ON)
        else:  # </span>
            span = next((t for t in reversed(open_tags) if t in ("sc", "nocase")), None)
            if span is None:
                out.append(text)
            else:
                _close(open_tags, span)
                out.append(SMALLCAPS_OFF if span == "sc" else NOCASE_CLOSE)
    out.append(value[pos:])
    # An unclosed nocase span would show its tag; close it at the end of the value.
    out.extend(NOCASE_CLOSE for tag in open_tags if tag == "nocase")
    return "".join(out)


def _close(open_tags: list[str], tag: str) -> None:
    for index in range(len(open_tags) - 1, -1, -1):
        if open_tags[index] == tag:
            del open_tags[index]
            return


# --- neutral text -> styled runs ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one set of formatting features, and an optional link target."""

    text: str
    italic: bool = False
    bold: bool = False
    sup: bool = False
    sub: bool = False
    smallcaps: bool = False
    link: str | None = None

    @property
    def style(self) -> tuple[bool, bool, bool, bool, bool]:
        return (self.italic, self.bold, self.sup, self.sub, self.smallcaps)


def to_runs(neutral: str, links: Iterable[str] = ()) -> list[Run]:
    """Split neutral text into styled runs; occurrences of ``links`` become link runs.

    Depth counters make the conversion robust to any sequence of marks:
    italic is on at odd depth (flip-flop), the others at positive depth.
    """
    depth = {"i": 0, "b": 0, "sup": 0, "sub": 0, "sc": 0}
    runs: list[Run] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            runs.append(Run("".join(buffer), depth["i"] % 2 == 1, depth["b"] > 0,
                            depth["sup"] > 0, depth["sub"] > 0, depth["sc"] > 0))
            buffer.clear()

    for char in neutral:
        mark = _MARKS.get(char)
        if mark is None:
            buffer.append(char)
            continue
        flush()
        feature, step = mark
        depth[feature] = max(0, depth[feature] + step)
    flush()
    return _merge(_split_links(runs, links))


def _split_links(runs: list[Run], links: Iterable[str]) -> list[Run]:
    targets = sorted({t for t in links if t}, key=len, reverse=True)
    if not targets:
        return runs
    out: list[Run] = []
    for run in runs:
        text = run.text
        pos = 0
        while pos < len(text):
            found = min(((text.find(t, pos), t) for t in targets if text.find(t, pos) >= 0),
                        default=None, key=lambda hit: (hit[0], -len(hit[1])))
            if found is None:
                break
            start, target = found
            if start > pos:
                out.append(_with_text(run, text[pos:start]))
            out.append(Run(target, *run.style, link=target))
            pos = start + len(target)
        if pos < len(text):
            out.append(_with_text(run, text[pos:]))
    return out


def _with_text(run: Run, text: str) -> Run:
    return Run(text, *run.style, link=run.link)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and merged[-1].style == run.style and merged[-1].link is None \
                and run.link is None:
            merged[-1] = _with_text(run, merged[-1].text + run.text)
        else:
            merged.append(run)
    return merged


# --- runs -> output formats ----------------------------------------------------------------

def escape_html(text: str) -> str:
    """Escape for HTML text content, with the numeric entities citeproc-js uses."""
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


_HTML_TAGS = (("italic", "<i>", "</i>"), ("bold", "<b>", "</b>"),
              ("sup", "<sup>", "</sup>"), ("sub", "<sub>", "</sub>"),
              ("smallcaps", '<span style="font-variant:small-caps;">', "</span>"))


#: The link schemes a page may carry (a ``javascript:`` or ``data:`` URL from the data stays text).
_LINKABLE_URL = re.compile(r"^(?:https?|ftps?)://[^\s<>\"\x00-\x1f\x7f]+$", re.IGNORECASE)


def to_html(runs: Sequence[Run], *, links: bool = False) -> str:
    """HTML inline markup.  Link runs become ``<a href>`` with ``links`` (the HTML page) when
    their URL is http, https, ftp or ftps; without it they are text, as citeproc-js leaves DOIs
    and URLs (the entries compared with its output)."""
    parts: list[str] = []
    for run in runs:
        opening = "".join(tag for name, tag, _ in _HTML_TAGS if getattr(run, name))
        closing = "".join(tag for name, _, tag in reversed(_HTML_TAGS) if getattr(run, name))
        text = escape_html(run.text)
        if links and run.link is not None and _LINKABLE_URL.match(run.link):
            href = escape_html(run.link).replace('"', "&#34;")
            text = f'<a href="{href}">{text}</a>'
        parts.append(opening + text + closing)
    return "".join(parts)


def to_linked_html(neutral: str, links: Iterable[str]) -> str:
    """Neutral text as HTML with its DOIs and URLs as links (safe schemes only)."""
    return to_html(to_runs(neutral, links), links=True)


#: ASCII punctuation that can start Markdown syntax anywhere in a line (CommonMark, and
#: GitHub's ~strikethrough~, $math$ and | tables).  Backslash-escaping any ASCII
#: punctuation is always allowed, so escaping a few harmless ones costs nothing.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&~|$!])")
#: What would start a block (heading, quote, list, rule, fence) at the start of a line.
_MD_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    return _MD_INLINE.sub(r"\\\1", text)


def _escape_line_start(markdown: str) -> str:
    match = _MD_BLOCK_START.match(markdown)
    if match is None:
        return markdown
    end = match.end()
    if match.group(2)[0].isdigit():  # "1984. Title" would start an ordered list
        return markdown[:end] + "\\" + markdown[end:]
    return markdown[:match.start(2)] + "\\" + markdown[match.start(2):]


_SAFE_URL = re.compile(r"^https?://[^\s<>\x00-\x1f\x7f]+$", re.IGNORECASE)


def to_markdown(runs: Sequence[Run]) -> str:
    """CommonMark inline text: ``*italic*``, ``**bold**``, ``<https://...>`` links.

    Superscript, subscript and small caps have no Markdown syntax and are set
    as plain text (raw HTML is never written).  Whitespace at the edge of an
    emphasised run is moved outside the markers, where CommonMark needs it.
    """
    parts: list[str] = []
    for run in runs:
        if run.link is not None and _SAFE_URL.match(run.link):
            parts.append(f"<{run.link}>")
            continue
        marker = ("*" if run.italic else "") + ("**" if run.bold else "")
        text = run.text
        if not marker or not text.strip():
            parts.append(escape_markdown(text))
            continue
        core = text.strip()
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        parts.append(lead + marker + escape_markdown(core) + marker[::-1] + trail)
    return _escape_line_start("".join(parts))


def convert(neutral: str, fmt: OutputFormat, links: Iterable[str] = ()) -> str:
    """Neutral text -> one output format."""
    if fmt == "text":
        return strip_marks(neutral)
    runs = to_runs(neutral, links if fmt == "markdown" else ())
    if fmt == "html":
        return to_html(runs)
    return to_markdown(runs)
