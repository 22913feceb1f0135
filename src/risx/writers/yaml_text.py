"""YAML written by hand for the YAML writers (``-t hayagriva``, ``-t csl-yaml``).

Only three shapes are ever written: mappings with string keys, sequences, and scalars.  Every
string, key or value, is a double-quoted scalar, so nothing in the data can become a tag
(``!!python/...``), an anchor or alias (``&a``, ``*a``), a comment, a number, a boolean, a null,
or a new mapping: a title ``yes``, ``1e3``, ``~`` or ``- x: &a`` stays that text.  Integers
are the only unquoted scalars, and only when the caller passes an ``int``.

Escaping follows YAML 1.1 and 1.2 together (PyYAML reads 1.1, libyaml ports such as the one in
Typst too): inside double quotes a backslash and a quote are escaped, and every character
outside YAML's printable set, plus the characters YAML 1.1 reads as line breaks (NEL, LINE
SEPARATOR, PARAGRAPH SEPARATOR) and the byte-order mark, is written as an escape.  A lone
surrogate (undecodable input kept by ``surrogateescape``) cannot be written as UTF-8 and becomes
U+FFFD.  The writing is streamed: :func:`yaml_lines` yields one line at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeAlias

#: What :func:`yaml_lines` can write: nested mappings and sequences of strings and integers.
YamlValue: TypeAlias = str | int | Sequence["YamlValue"] | Mapping[str, "YamlValue"]

_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
                  "\x00": "\\0", "\x07": "\\a", "\x08": "\\b", "\x0b": "\\v", "\x0c": "\\f",
                  "\x1b": "\\e"}
# YAML's printable set is TAB, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF, 0xE000-0xFFFD and the astral
# planes; NEL, LS and PS are line breaks to YAML 1.1, and the BOM is dropped by some readers.
_NEEDS_ESCAPE = re.compile("[\\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``
    (a lone surrogate reads back as U+FFFD)."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _scalar(value: str | int) -> str:
    if isinstance(value, bool):  # bool is an int: never let True become an unquoted scalar
        return quote(str(value))
    if isinstance(value, int):
        return str(value)
    return quote(value)


def yaml_lines(value: YamlValue, indent: int = 0) -> Iterator[str]:
    """Block-style YAML for ``value``, one line at a time (no line endings), indented by
    ``indent`` spaces; empty mappings and sequences are written ``{}`` and ``[]``."""
    pad = " " * indent
    if isinstance(value, (str, int)):
        yield pad + _scalar(value)
    elif isinstance(value, Mapping):
        if not value:
            yield pad + "{}"
        for key, member in value.items():
            yield from _member(pad + quote(key) + ":", member, indent)
    else:
        if not value:
            yield pad + "[]"
        for item in value:
            if isinstance(item, (str, int)):
                yield pad + "- " + _scalar(item)
            elif not item:
                yield pad + ("- {}" if isinstance(item, Mapping) else "- []")
            else:
                # The first line of a nested block goes after the dash, the rest under it.
                lines = yaml_lines(item, indent + 2)
                yield pad + "- " + next(lines)[indent + 2:]
                yield from lines


def _member(head: str, member: YamlValue, indent: int) -> Iterator[str]:
    if isinstance(member, (str, int)):
        yield head + " " + _scalar(member)
    elif not member:
        yield head + (" {}" if isinstance(member, Mapping) else " []")
    else:
        yield head
        yield from yaml_lines(member, indent + 2)
