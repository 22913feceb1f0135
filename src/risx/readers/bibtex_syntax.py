"""BibTeX syntax: a chunk of ``.bib`` text -> blocks (entries, ``@string`` macros, failures).

Two splitters share the work.  bibtexparser 2's splitter handles everything,
with its error recovery (a block that cannot be parsed becomes a failed block
and parsing goes on), but it walks every brace, comma, quote and line break in
Python, which costs more than the whole RIS reader does per record.  So well-
formed blocks are split here with a handful of regular expressions per field
(:func:`split_blocks`), and any block this splitter is not sure about -- a
``(``-delimited block, a missing comma, an unbalanced brace, a value it cannot
delimit -- is handed, from its ``@`` to the next line that starts a block, to
bibtexparser, whose reading of it is used as is.  Both read values the same
way (bibtexparser's conventions: ``\\{`` and ``\\}`` do not count as braces, a
field's line is the line of its ``=``), and a test holds the two to the same
result on the whole corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["EntryBlock", "FailedBlock", "StringBlock", "split_blocks"]


@dataclass(slots=True)
class EntryBlock:
    entry_type: str
    key: str
    line: int
    #: (name as written, raw value as written, line of its ``=``), in order.
    fields: list[tuple[str, str, int]] = field(default_factory=list)
    #: How a repair read it ("" when it was read as written).
    repaired: str = ""
    #: Split by this module: every value is delimited and ``#``-joined as BibTeX wants.
    well_formed: bool = False


@dataclass(slots=True)
class StringBlock:
    key: str
    raw: str
    line: int


@dataclass(slots=True)
class FailedBlock:
    line: int
    reason: str


Block = EntryBlock | StringBlock | FailedBlock

_BLOCK_START = re.compile(r"@([\w]*)[ \t]*([{(])")
_LINE_START_BLOCK = re.compile(r"\n[ \t]*@[\w]*[ \t]*[{(]")
_KEY = re.compile(r"\s*([^,\s{}()=\"#]*)\s*,")
_FIELD_NAME = re.compile(r"\s*([^\s=,{}()\"#]+)\s*(=)\s*")
_AFTER_VALUE = re.compile(r"\s*(,|\}|#)")
_BARE = re.compile(r"[^\s,}#\"{]+")
# One character class each (a class is several times faster to scan for than an alternation);
# an escaped brace and a line that starts a block are told apart where they are found.
_BRACE_SCAN = re.compile(r"[{}\n]")
_QUOTE_SCAN = re.compile(r"[\"{}\n]")
_BLOCK_AFTER_NEWLINE = re.compile(r"\n[ \t]*@[\w]*[ \t]*[{(]")
_END_OF_ENTRY = re.compile(r"\s*,?\s*\}")
#: The next field's name and its ``=`` (groups 1 and 2), or the end of the entry (no group).
_FIELD_OR_END = re.compile(r"\s*(?:([^\s=,{}()\"#]+)\s*(=)\s*|,?\s*\})")
_SPACE = re.compile(r"\s*")
_KEYLESS = re.compile(r"^(@[\w]*[ \t]*[{(])(\s*[\w.:+-]+\s*=)")
_MISSING_COMMA = re.compile(r"^(\{.*?\}|\"[^\"]*\")[ \t]*\n\s*([A-Za-z][\w.:+-]*)\s*=\s*(.*)$",
                            re.DOTALL)


class _Unsure(Exception):
    """This splitter is not sure about a block: bibtexparser reads it."""


class _Lines:
    """Line numbers of positions in a text, counted forward incrementally."""

    __slots__ = ("first", "line", "position", "text")

    def __init__(self, text: str, first: int) -> None:
        self.text = text
        self.first = first
        self.position = 0
        self.line = first

    def at(self, position: int) -> int:
        if position < self.position:
            self.position, self.line = 0, self.first
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def _braced_end(text: str, start: int) -> int:
    """Index just after the ``}`` closing the ``{`` at ``start``."""
    close = text.find("}", start + 1)
    if close > 0 and text[close - 1] != "\\" and text.find("{", start + 1, close) < 0 and (
            text.find("\n", start, close) < 0
            or _BLOCK_AFTER_NEWLINE.search(text, start, close) is None):
        return close + 1  # no brace inside (most values): found without a loop
    depth = 0
    for match in _BRACE_SCAN.finditer(text, start):
        token = match.group()
        position = match.start()
        if token == "\n":
            if _BLOCK_AFTER_NEWLINE.match(text, position):
                raise _Unsure  # a block starts before the brace closes
        elif position and text[position - 1] == "\\":
            continue  # \{ and \} are not braces to bibtexparser
        elif token == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.end()
    raise _Unsure


def _quoted_end(text: str, start: int) -> int:
    """Index just after the ``"`` closing the ``"`` at ``start`` (braces inside balanced)."""
    depth = 0
    for match in _QUOTE_SCAN.finditer(text, start + 1):
        token = match.group()
        position = match.start()
        if token == "\n":
            if _BLOCK_AFTER_NEWLINE.match(text, position):
                raise _Unsure
        elif text[position - 1] == "\\":
            continue
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                raise _Unsure
        elif depth == 0:
            return match.end()
    raise _Unsure


def _value_end(text: str, start: int) -> tuple[int, str, int]:
    """(index just after a value (pieces joined by ``#``) starting at ``start``, the ``,``
    or ``}`` after it, and the index after that)."""
    position = start
    while True:
        char = text[position:position + 1]
        if char == "{":
            position = _braced_end(text, position)
        elif char == '"':
            position = _quoted_end(text, position)
        else:
            bare = _BARE.match(text, position)
            if bare is None:
                raise _Unsure
            position = bare.end()
        following = text[position:position + 1]
        if following == "," or following == "}":  # the usual case, without a regex
            return position, following, position + 1
        after = _AFTER_VALUE.match(text, position)
        if after is None:
            raise _Unsure
        terminator = after.group(1)
        if terminator != "#":
            return position, terminator, after.end()
        position = _SPACE.match(text, after.end()).end()  # type: ignore[union-attr]


def _entry(text: str, start: int, body: int, entry_type: str,
           lines: _Lines) -> tuple[EntryBlock, int]:
    """The entry whose ``{`` ends at ``body``; and where the text after it starts."""
    key = _KEY.match(text, body)
    if key is None:
        raise _Unsure
    entry = EntryBlock(entry_type, key.group(1), lines.at(start), well_formed=True)
    position = key.end()
    append = entry.fields.append
    while True:
        name = _FIELD_OR_END.match(text, position)
        if name is None:
            raise _Unsure
        if name.group(1) is None:
            return entry, name.end()  # the closing brace (after an optional comma)
        value_start = name.end()
        value_end, terminator, position = _value_end(text, value_start)
        append((name.group(1), text[value_start:value_end], lines.at(name.start(2))))
        if terminator == "}":
            return entry, position


def _string(text: str, start: int, body: int, lines: _Lines) -> tuple[StringBlock, int]:
    name = _FIELD_NAME.match(text, body)
    if name is None:
        raise _Unsure
    value_end, terminator, after = _value_end(text, name.end())
    if terminator != "}":
        end = _END_OF_ENTRY.match(text, after - 1)
        if end is None:
            raise _Unsure
        after = end.end()
    return StringBlock(name.group(1), text[name.end():value_end], lines.at(start)), after


def split_blocks(text: str, first_line: int) -> Iterator[Block]:
    """The blocks of ``text`` (whose first line is ``first_line``), in order."""
    lines = _Lines(text, first_line)
    position = 0
    while True:
        match = _BLOCK_START.search(text, position)
        if match is None:
            return
        start = match.start()
        entry_type = match.group(1).lower()
        try:
            if match.group(2) != "{":
                raise _Unsure
            if entry_type in ("comment", "preamble"):
                position = _braced_end(text, match.end() - 1)
                continue
            if entry_type == "string":
                block, position = _string(text, start, match.end(), lines)
                yield block
                continue
            entry, position = _entry(text, start, match.end(), entry_type, lines)
            yield entry
        except _Unsure:
            stop = _LINE_START_BLOCK.search(text, match.end())
            end = stop.start() + 1 if stop else len(text)
            yield from _with_bibtexparser(text[start:end], lines.at(start))
            position = end


# --- the fallback: bibtexparser ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _splitter_class() -> type:
    """bibtexparser's splitter, imported on first use (bibtexparser costs ~40 ms), with its
    logger silenced: every problem it logs is reported as a diagnostic instead."""
    import logging

    from bibtexparser.splitter import Splitter

    logger = logging.getLogger("bibtexparser")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return Splitter


def _with_bibtexparser(segment: str, first_line: int) -> Iterator[Block]:
    """The blocks bibtexparser reads in ``segment``, as this module's blocks."""
    from bibtexparser.model import (
        DuplicateBlockKeyBlock,
        DuplicateFieldKeyBlock,
        Entry,
        ParsingFailedBlock,
        String,
    )

    for block in _splitter_class()(segment).split().blocks:
        line = first_line + (block.start_line or 0)
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            block = block.ignore_error_block or block
        if isinstance(block, String):
            yield StringBlock(block.key, block.value, line)
        elif isinstance(block, Entry):
            yield _converted(block, first_line)
        elif isinstance(block, ParsingFailedBlock):
            salvaged = _without_key(block.raw or "", segment, block.start_line or 0)
            if salvaged is not None:
                entry = _converted(salvaged, line)
                entry.repaired = "no key"
                yield entry
                continue
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            yield FailedBlock(line, " ".join(reason.split()))


def _converted(block: object, first_line: int) -> EntryBlock:
    """A bibtexparser entry as an :class:`EntryBlock`, a missing comma repaired."""
    entry = EntryBlock(block.entry_type.strip().lower(), block.key.strip(),  # type: ignore[attr-defined]
                       first_line + (block.start_line or 0))  # type: ignore[attr-defined]
    for item in block.fields:  # type: ignore[attr-defined]
        name, raw = item.key, item.value
        line = first_line + (item.start_line or 0)
        while "\n" in raw:
            match = _MISSING_COMMA.match(raw.strip())
            if match is None or not _closes_at_end(match.group(1)):
                break
            entry.repaired = f"a comma is missing after the value of '{name}'"
            entry.fields.append((name, match.group(1), line))
            line += match.group(1).count("\n") + 1
            name, raw = match.group(2), match.group(3)
        entry.fields.append((name, raw, line))
    return entry


def _closes_at_end(value: str) -> bool:
    if value.startswith('"'):
        return True
    try:
        return _braced_end(value, 0) == len(value)
    except _Unsure:
        return False


def _without_key(raw: str, text: str, start_line: int) -> object | None:
    """An entry written without its key (``@article{`` then ``author = ...``, as EndNote
    writes them), parsed with an empty key; None when that is not what failed.  The block
    runs from its line in ``text`` to the next line that starts a block."""
    if not text or _KEYLESS.match(raw.lstrip()) is None:
        return None
    lines = text.split("\n")[start_line:]
    end = next((i for i in range(1, len(lines)) if re.match(r"[ \t]*@[\w]*[ \t]*[{(]",
                                                          lines[i])), len(lines))
    segment = "\n".join(lines[:end])
    match = _KEYLESS.match(segment.lstrip())
    if match is None:
        return None
    offset = len(segment) - len(segment.lstrip())
    repaired = segment[:offset + match.end(1)] + "," + segment[offset + match.end(1):]
    from bibtexparser.model import Entry

    blocks = [b for b in _splitter_class()(repaired).split().blocks if isinstance(b, Entry)]
    return blocks[0] if len(blocks) == 1 else None
