"""EndNote XML reader (``-f endnote-xml``): ``<xml><records><record>...`` -> records.

Bytes -> record chunks -> one safe XML parse per record -> flat fields -> record.

Why one parse per record rather than ``iterparse`` over the file: an XML
parser stops at the first well-formedness error and cannot say at which byte
to resume, so one damaged record would lose every record after it.  Here a
byte-level splitter (:class:`_Splitter`) finds each ``<record>...</record>``
(skipping comments, CDATA sections and processing instructions, where a
``<record>`` would not be a tag) and knows its line; lxml then parses that
chunk alone.  A damaged record is reported with its line and the others
convert; memory holds one record at a time, whatever the file's size.

Hostile XML.  Every parse uses lxml with ``resolve_entities=False``,
``load_dtd=False``, ``no_network=True`` and ``huge_tree=False`` (libxml2's own
limits on depth and text size stay on), and records are parsed without the
file's prolog, so no entity a document declares can ever be expanded and no
external entity or DTD is fetched.  Beyond that, a prolog that declares a DTD
with entities or an external identifier (billion laughs, XXE) is refused
outright with ENX002: EndNote never writes one.  Nesting deeper than
:data:`MAX_DEPTH` and records larger than four times the value limit (in bytes: what
one record may hold in memory to be parsed) are refused (ENX007); a value longer than the
limit in a record that is not is dropped, and the rest of the record kept (ENX014).

Text.  ``<style face=...>`` runs are joined; in titles, bold, italic,
superscript and subscript runs become CSL rich text (``<b>``, ``<i>``,
``<sup>``, ``<sub>``), as Zotero imports them.  Runs of spaces, tabs and line
feeds become one space (a re-wrapped file puts line breaks inside values);
EndNote's own line break, a carriage return (``&#xD;``), is kept as a line
break in abstracts and notes.

Meaning.  The element -> field rules, several of them type-dependent, are in
:class:`_Mapper` and the tables of :mod:`risx.readers.endnote_types`.  Every
element no rule uses is kept in ``Record.unmapped`` under its path
(``titles/alt-title``, ``custom3``, ``research-notes``...), so it reaches the
note of the writers that have one.  ``Record.raw`` stays empty: it holds RIS
source tags, which the RIS writer would write back verbatim.
"""

from __future__ import annotations

import codecs
import functools
import html.entities
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, NamedTuple, cast

from risx.diagnostics import DiagnosticSink, Report
from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation
from risx.readers import endnote_types as types
from risx.readers.base import Reader, ReaderOptions, head_text, peek_start
from risx.textio import describe_start
from risx.transforms.dates import parse_month, parse_partial_date, parse_ris_date
from risx.transforms.identifiers import (
    looks_like_article_number,
    normalise_doi,
    split_issn_isbn,
    split_urls,
)
from risx.transforms.names import parse_ris_names
from risx.transforms.pages import normalise_pages
from risx.transforms.text import decode_entities

#: The EndNote XML reader's diagnostic codes, each with its meaning (part of
#: risx.diagnostics.CODES).
CODES: dict[str, str] = {
    "ENX001": "the input is empty or holds no EndNote XML records",
    "ENX002": "the file declares a DTD with entities or an external DTD (billion laughs, XXE); "
              "it was not read",
    "ENX003": "a record is not well-formed XML; it was read with error recovery",
    "ENX004": "a record has no </record> (the file is cut or the next record starts); read up "
              "to the cut, or skipped when nothing in it could be read",
    "ENX005": "a record has bytes that are not valid UTF-8; they were replaced",
    "ENX006": "text outside any record was skipped",
    "ENX007": "a record was refused: it is nested too deeply or larger than four times "
              "--max-value-length in bytes",
    "ENX008": "unknown reference type; the record was read as a generic document",
    "ENX009": "a date could not be read; it was kept in the note",
    "ENX010": "a name could not be split reliably",
    "ENX011": "a record uses an entity XML does not define (&nbsp;); HTML entity names were "
              "read as their characters",
    "ENX012": "the file declares an encoding risx does not know; read as UTF-8",
    "ENX013": "a record could not be read as XML even with error recovery; it was skipped",
    "ENX014": "a value longer than --max-value-length was dropped; the rest of its record "
              "was kept",
    "ENX099": "a record could not be interpreted (a risx bug); it was skipped",
}

#: An lxml element (lxml ships no type information).
Element = Any

#: Deepest element nesting a record may have (EndNote's is 6: record/urls/related-urls/url/style).
MAX_DEPTH = 32
#: Bytes read from the input at a time.
READ_SIZE = 1 << 20

_MARKUP = re.compile(rb"<(/?)record(?=[\s>/])|<!--|<!\[CDATA\[|<\?|<!DOCTYPE", re.IGNORECASE)
_WRAPPERS = re.compile(rb"</?(?:xml|records)\s*>|<(?:xml|records)\s[^>]*>", re.IGNORECASE)
_ENCODING_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_HOSTILE_DOCTYPE = re.compile(rb"<!ENTITY|\bSYSTEM\b|\bPUBLIC\b|\[", re.IGNORECASE)
_UNDEFINED_ENTITY = re.compile(r"Entity '([^']+)' not defined")
_ENTITY_REFERENCE = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_SPACES = re.compile(r"[ \t\n\f\v\u00a0]*[ \t\n]+[ \t\n\f\v\u00a0]*")
_LINE_BREAKS = re.compile(r" *(?:\r\n?|\u2028|\u2029) *")
_YEAR = re.compile(r"\d{4}")
_DAY_FIRST = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_DAY_FIRST_WORDED = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?\s+(\d{4})$")
_MONTH_DAY_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})?$")
_RICH_TAG = re.compile(r"</?(?:b|i|sup|sub)>")
_PAGE_DASH = re.compile(r"\s*[-\u2010-\u2015]+\s*")
_ET_AL = re.compile(r"(?i)^(?:et\.?\s*al\.?|and others)$")
_ENDS_WITH_INITIALS = re.compile(r"^[^\W\d_][\w'-]+\s+(?:[A-Z]\.?\s*-?){1,3}$")
_EMPTY_NAME_PART = re.compile(r",\s*(?=,)")
_KEYWORD_SEPARATORS = re.compile(r"\s*[;\r\n]\s*")
_PMCID = re.compile(r"^PMC\d+$", re.IGNORECASE)
_GERMAN_MONTHS = {"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4,
                  "mai": 5, "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10,
                  "november": 11, "dezember": 12}

#: Faces that become CSL rich text in titles, in the order Zotero nests them.
_RICH_FACES = (("bold", "b"), ("italic", "i"), ("superscript", "sup"), ("subscript", "sub"))
#: Elements whose text is a title (rich text kept).
_TITLE_PATHS = frozenset({
    "titles/title", "titles/secondary-title", "titles/tertiary-title", "titles/alt-title",
    "titles/short-title", "titles/translated-title", "periodical/full-title",
    "alt-periodical/full-title",
})
#: Elements whose line breaks are kept (paragraphs of free text).
_MULTILINE_PATHS = frozenset({"abstract", "notes", "research-notes"})


# --- syntax: bytes -> record chunks -----------------------------------------------------------


@dataclass(slots=True)
class _Chunk:
    """One ``<record>`` element's bytes, or what was left of it, and its first line."""

    data: bytes
    line: int
    complete: bool = True
    #: For an incomplete record: where it was cut ("the end of the file", "line 12").
    cut_at: str = ""


class _Splitter:
    """Finds the ``<record>`` elements in a byte stream (see the module docstring)."""

    def __init__(self, stream: BinaryIO, sink: DiagnosticSink, max_record_bytes: int) -> None:
        self.stream = stream
        self.sink = sink
        self.max_record_bytes = max_record_bytes
        self.buffer = b""
        self.eof = False
        #: Line number of ``buffer[0]`` and a cache of the last line computed.
        self.base_line = 1
        self._counted = (0, 1)
        self.records_seen = 0
        self.refused = False
        self._told_outside = False
        self._pending_outside = b""
        self._pending_line = 1

    def _more(self) -> bool:
        if self.eof:
            return False
        data = self.stream.read(READ_SIZE)
        if not data:
            self.eof = True
            return False
        self.buffer += data
        return True

    def line_at(self, position: int) -> int:
        start, line = self._counted
        if position < start:
            start, line = 0, self.base_line
        line += self.buffer.count(b"\n", start, position)
        self._counted = (position, line)
        return line

    def _drop(self, position: int) -> int:
        """Forget the buffer before ``position`` (keeping line numbers right); where
        ``position`` now is.  The bytes are only cut once enough of them are done with, so a
        record costs no copy of the rest of the buffer."""
        if position < READ_SIZE:
            return position
        self.base_line = self.line_at(position)
        self.buffer = self.buffer[position:]
        self._counted = (0, self.base_line)
        return 0

    def _find(self, needle: bytes, start: int) -> int:
        """Index of ``needle`` at or after ``start``, reading more as needed; -1 at the end."""
        while True:
            found = self.buffer.find(needle, start)
            if found >= 0 or not self._more():
                return found

    def chunks(self) -> Iterator[_Chunk]:
        position = 0
        record_start = -1  # inside a record: where it starts; else -1
        skipping = False  # inside a record that was refused for its size
        while True:
            match = _MARKUP.search(self.buffer, position)
            if match is None:
                if record_start >= 0 and not skipping and \
                        len(self.buffer) - record_start > self.max_record_bytes:
                    skipping = True
                    self._refuse_size(record_start)
                if record_start < 0:
                    keep = len(self.buffer) if self.eof else max(position, len(self.buffer) - 16)
                    self._outside(position, keep)
                    position = self._drop(keep)
                elif skipping:
                    keep = max(record_start, len(self.buffer) - 16)
                    record_start = position = self._drop(keep)
                else:
                    position = max(position, len(self.buffer) - 16)
                if self._more():
                    continue
                break
            token = match.group(0)
            lowered = token.lower()
            if record_start < 0 and not match.group(1) and not lowered.startswith(b"<record"):
                self._outside(position, match.start())
            if lowered.startswith(b"<!--"):
                position = self._skip_to(b"-->", match.end())
            elif lowered.startswith(b"<![cdata["):
                position = self._skip_to(b"]]>", match.end())
            elif lowered.startswith(b"<?"):
                position = self._skip_to(b"?>", match.end())
            elif lowered.startswith(b"<!doctype"):
                if record_start >= 0:
                    position = match.end()
                    continue
                if self._doctype(match.start()):
                    return  # refused: nothing more is read
                position = self._skip_doctype(match.end())
            elif match.group(1):  # </record>
                close = self._find(b">", match.end())
                end = len(self.buffer) if close < 0 else close + 1
                if record_start < 0:
                    self._outside(position, end, stray=True)
                elif skipping:
                    skipping = False
                else:
                    self.records_seen += 1
                    yield _Chunk(self.buffer[record_start:end], self.line_at(record_start))
                record_start = -1
                position = self._drop(end)
            else:  # <record
                if record_start >= 0 and not skipping:
                    yield _Chunk(self.buffer[record_start:match.start()],
                                 self.line_at(record_start), complete=False,
                                 cut_at=f"line {self.line_at(match.start())}, where the next "
                                        f"record starts")
                    self.records_seen += 1
                elif record_start < 0:
                    self._outside(position, match.start())
                self._check_outside()
                skipping = False
                start = self._drop(match.start())
                length = match.end() - match.start()
                close = self._find(b">", start)
                if close > 0 and self.buffer[close - 1:close] == b"/":  # <record/>
                    self.records_seen += 1
                    yield _Chunk(self.buffer[start:close + 1], self.line_at(start))
                    record_start = -1
                    position = self._drop(close + 1)
                else:
                    record_start = start
                    position = start + length
            if record_start >= 0 and not skipping and \
                    len(self.buffer) - record_start > self.max_record_bytes:
                skipping = True
                self._refuse_size(record_start)
        if record_start >= 0 and not skipping:
            self.records_seen += 1
            yield _Chunk(self.buffer[record_start:], self.line_at(record_start), complete=False,
                         cut_at="the end of the file")
        else:
            self._outside(position, len(self.buffer))
        self._check_outside()

    def _skip_to(self, terminator: bytes, start: int) -> int:
        found = self._find(terminator, start)
        return len(self.buffer) if found < 0 else found + len(terminator)

    def _skip_doctype(self, start: int) -> int:
        return self._skip_to(b">", start)

    def _doctype(self, start: int) -> bool:
        """Whether the DOCTYPE at ``start`` is refused (declares entities or an external DTD)."""
        end = self._find(b">", start)
        declaration = self.buffer[start:end if end >= 0 else len(self.buffer)]
        if _HOSTILE_DOCTYPE.search(declaration, 9) is None:
            return False
        self.refused = True
        self.sink.error("ENX002", self.line_at(start), "the file declares a DTD with entities "
                        "or an external DTD (<!DOCTYPE ...>): EndNote XML has none, and "
                        "expanding entities or fetching external ones is how hostile XML "
                        "attacks (billion laughs, XXE); the file was not read, nothing was "
                        "fetched")
        return True

    def _refuse_size(self, record_start: int) -> None:
        self.records_seen += 1
        self.sink.error("ENX007", self.line_at(record_start), f"record refused: it is larger "
                        f"than {self.max_record_bytes:,} bytes (raise the limit with "
                        f"--max-value-length)")

    def _outside(self, start: int, end: int, *, stray: bool = False) -> None:
        """Collect what lies outside records; :meth:`_check_outside` judges it once whole."""
        if self._told_outside or start >= end:
            return
        if stray:
            self._told_outside = True
            self.sink.warning("ENX006", self.line_at(start), "a </record> without its <record> "
                              "was skipped (further text outside records is not reported)")
            return
        piece = self.buffer[start:end]
        if not self._pending_outside and not piece.strip():
            return
        if not self._pending_outside:
            self._pending_line = self.line_at(start + len(piece) - len(piece.lstrip()))
        if len(self._pending_outside) < 4096:
            self._pending_outside += piece[:4096]

    def _check_outside(self) -> None:
        """Warn once about anything but the wrappers and white space outside records."""
        pending, self._pending_outside = self._pending_outside, b""
        if self._told_outside or not pending:
            return
        text = _WRAPPERS.sub(b"", pending).strip()
        if not text:
            return
        self._told_outside = True
        shown = text[:60].decode("utf-8", "replace")
        self.sink.warning("ENX006", self._pending_line, f"text outside any record skipped: "
                          f"'{shown}' (further text outside records is not reported)")


# --- encoding -----------------------------------------------------------------------------------


class _Utf8Stream:
    """A byte stream re-encoded to UTF-8 from another encoding, read incrementally."""

    def __init__(self, head: bytes, stream: BinaryIO, encoding: str) -> None:
        self._decoder = codecs.getincrementaldecoder(encoding)("replace")
        self._pending = head
        self._stream = stream
        self._done = False

    def read(self, size: int = -1) -> bytes:
        if self._done:
            return b""
        data = self._pending or self._stream.read(size if size > 0 else READ_SIZE)
        self._pending = b""
        if not data:
            self._done = True
            return self._decoder.decode(b"", final=True).encode("utf-8")
        return self._decoder.decode(data).encode("utf-8")


class _Prefixed:
    """``head`` followed by the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data, self._head = self._head, b""
            return data
        return self._stream.read(size)


def _utf8_input(stream: BinaryIO, sink: DiagnosticSink) -> _Prefixed | _Utf8Stream | None:
    """The input as UTF-8 bytes (transcoded if it declares or marks another encoding)."""
    head = stream.read(4096)
    if not head:
        return None
    if head.startswith(codecs.BOM_UTF8):
        return _Prefixed(head[3:], stream)
    encoding = ""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif head.startswith(b"\x00<"):
        encoding = "utf-16-be"
    else:
        declared = _ENCODING_DECLARATION.match(head)
        name = declared.group(1).decode("ascii").lower() if declared else "utf-8"
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            sink.warning("ENX012", 1, f"the file declares the encoding '{name}', which risx "
                         "does not know; read as UTF-8")
            codec = "utf-8"
        if codec not in ("utf-8", "ascii"):
            encoding = codec
    if not encoding:
        return _Prefixed(head, stream)
    return _Utf8Stream(head, stream, encoding)


# --- one record: bytes -> element -------------------------------------------------------------


def _parser(*, recover: bool) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           huge_tree=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True, collect_ids=False, recover=recover)


class _Parsers:
    """The two parsers, made once per file (lxml parsers are not thread-safe; risx's
    workers are processes)."""

    def __init__(self) -> None:
        from lxml import etree

        self.strict = _parser(recover=False)
        self.lenient = _parser(recover=True)
        self.error = etree.XMLSyntaxError
        self.fromstring = etree.fromstring


def _html_entities(data: bytes) -> bytes:
    """``&nbsp;`` and the other HTML entity names as character references; unknown names
    as literal text.  Nothing is expanded recursively: each name is one character."""
    def replace(match: re.Match[bytes]) -> bytes:
        name = match.group(1).decode("ascii")
        if name in ("amp", "lt", "gt", "quot", "apos"):
            return match.group(0)
        text = html.entities.html5.get(name + ";")
        if text is None:
            return b"&amp;" + match.group(1) + b";"
        return "".join(f"&#{ord(c)};" for c in text).encode("ascii")
    return _ENTITY_REFERENCE.sub(replace, data)


_PLAIN_RUN = re.compile(rb'<style face="normal"(?: [a-z]+="[^"<>]*")*>')
_ENDNOTE_PLAIN_RUN = b'<style face="normal" font="default" size="100%">'


def _without_plain_runs(data: bytes) -> bytes:
    """The record without its ``<style face="normal" ...>`` wrappers when every run is one:
    joining plain runs is all the reader would do with them, and a record with half the
    elements parses and walks in half the time.  A record with any other run (italic,
    superscript) keeps all its runs, and so its rich text."""
    if b"<style" not in data or b"<![CDATA[" in data:
        return data
    # EndNote's own run, exactly as it writes it, is removed without a regular expression.
    stripped = data.replace(_ENDNOTE_PLAIN_RUN, b"")
    if b"<style" in stripped:
        stripped = _PLAIN_RUN.sub(b"", stripped)
        if b"<style" in stripped:
            return data
    return stripped.replace(b"</style>", b"")


def _parse_chunk(chunk: _Chunk, parsers: _Parsers,
                 sink: DiagnosticSink) -> Element | None:
    """The record element of ``chunk``, with every repair reported; ``None`` (reported)
    when nothing could be read."""
    data = _without_plain_runs(chunk.data)
    if not chunk.complete:
        return _recover(chunk, data, parsers, sink)
    for _attempt in range(3):
        try:
            return parsers.fromstring(data, parsers.strict)
        except parsers.error as error:
            message = str(error.msg)
            line = chunk.line + (error.lineno or 1) - 1
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as bad:
                sink.warning("ENX005", chunk.line + data.count(b"\n", 0, bad.start),
                             "this record has bytes that are not valid UTF-8; they were "
                             "replaced with U+FFFD (check the characters here)")
                data = data.decode("utf-8", "replace").encode("utf-8")
                continue
            undefined = _UNDEFINED_ENTITY.search(message)
            if undefined:
                sink.warning("ENX011", line, f"this record uses '&{undefined.group(1)};', which "
                             "XML does not define: HTML entity names were read as their "
                             "characters, unknown ones as text")
                data = _html_entities(data)
                continue
            sink.warning("ENX003", line, f"this record is not well-formed XML ({message}); it "
                         "was read with the parser's error recovery: check its fields")
            return _recover(chunk, data, parsers, sink, reported=True)
    return _recover(chunk, data, parsers, sink)


def _recover(chunk: _Chunk, data: bytes, parsers: _Parsers, sink: DiagnosticSink, *,
             reported: bool = False) -> Element | None:
    try:
        element = parsers.fromstring(data, parsers.lenient)
    except parsers.error:
        element = None
    usable = element is not None and isinstance(element.tag, str) and \
        element.tag.lower() == "record" and len(element) > 0
    if not chunk.complete:
        if usable:
            sink.warning("ENX004", chunk.line, f"the record starting here has no </record> "
                         f"before {chunk.cut_at}: it was read up to there, and its last field "
                         f"may be incomplete")
        else:
            sink.error("ENX004", chunk.line, f"the record starting here has no </record> before "
                       f"{chunk.cut_at} and nothing in it could be read; skipped")
        return element if usable else None
    if not usable:
        sink.error("ENX013", chunk.line, "this record could not be read as XML, even with "
                   "error recovery; skipped")
        return None
    if not reported:
        sink.warning("ENX003", chunk.line, "this record is not well-formed XML; it was read "
                     "with the parser's error recovery: check its fields")
    return element


# --- one record: element -> flat fields -----------------------------------------------------


class _TooDeep(Exception):
    pass


class _Field(NamedTuple):
    """One leaf element: its path in the record, its text, its title rich text, its line,
    its attributes and its position among the record's fields."""

    path: str
    text: str
    rich: str
    line: int
    attributes: dict[str, str]
    position: int

    @property
    def shown(self) -> str:
        """The value as the note shows it: the text, and attributes that add to it."""
        extra = [f"{k}={v}" for k, v in self.attributes.items() if v and v != self.text]
        return f"{self.text} [{'; '.join(extra)}]" if extra else self.text


#: A _Field from a tuple, without the Python-level ``__new__`` of a named tuple (one per leaf).
_field = cast(Callable[[tuple[str, str, str, int, dict[str, str], int]], _Field],
              functools.partial(tuple.__new__, _Field))


def _normalise(text: str, *, multiline: bool) -> str:
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        lines = [_SPACES.sub(" ", part).strip() for part in _LINE_BREAKS.split(text)]
        joiner = "\n" if multiline else " "
        return joiner.join(part for part in lines if part) if not multiline else \
            joiner.join(lines).strip("\n")
    if "\n" in text or "\t" in text or "  " in text:
        return _SPACES.sub(" ", text).strip()
    return text.strip()


def _runs(element: Element, depth: int) -> list[tuple[str, str]]:
    """(text, face) runs of a leaf element: its ``<style>`` children and loose text."""
    runs: list[tuple[str, str]] = []
    if element.text and not (element.text.isspace() and "\n" in element.text):
        runs.append((element.text, ""))
    for child in element:
        if depth + 1 > MAX_DEPTH:
            raise _TooDeep
        tag = child.tag
        face = child.get("face", "") if isinstance(tag, str) and tag.lower() == "style" else ""
        if len(child):
            inner = _runs(child, depth + 1)
            runs.extend((text, f"{face} {inner_face}".strip()) for text, inner_face in inner)
        elif child.text:
            runs.append((child.text, face))
        if child.tail and not (child.tail.isspace() and "\n" in child.tail):
            runs.append((child.tail, ""))
    return runs


def _rich(runs: list[tuple[str, str]]) -> str:
    """CSL rich text of styled runs (adjacent runs of one style merged)."""
    out: list[str] = []
    merged: list[tuple[str, tuple[str, ...]]] = []
    for text, face in runs:
        words = face.lower().split()
        tags = tuple(tag for name, tag in _RICH_FACES if name in words)
        if merged and merged[-1][1] == tags:
            merged[-1] = (merged[-1][0] + text, tags)
        else:
            merged.append((text, tags))
    for text, tags in merged:
        out.extend(f"<{t}>" for t in tags)
        out.append(text)
        out.extend(f"</{t}>" for t in reversed(tags))
    return "".join(out)


#: (parent path, tag) -> path; element names are few, records many.
_PATHS: dict[tuple[str, str], str] = {}
_NO_ATTRIBUTES: dict[str, str] = {}


#: Elements some producers write outside their container (JabRef: ``<record><secondary-title>``)
#: -> where EndNote puts them.
_RELOCATED = {"title": "titles/title", "secondary-title": "titles/secondary-title",
              "tertiary-title": "titles/tertiary-title", "alt-title": "titles/alt-title",
              "short-title": "titles/short-title", "translated-title": "titles/translated-title",
              "year": "dates/year", "pub-dates": "dates/pub-dates"}


def _path(prefix: str, tag: str) -> str:
    path = _PATHS.get((prefix, tag))
    if path is None:
        name = tag.lower().replace("_", "-")
        path = f"{prefix}/{name}" if prefix else _RELOCATED.get(name, name)
        if len(_PATHS) < 10_000:  # a hostile file must not grow the table without end
            _PATHS[(prefix, tag)] = path
    return path


def _is_style(element: Element) -> bool:
    tag = element.tag
    return tag.__class__ is str and (tag == "style" or tag.lower() == "style")


def _flatten(record: Element, record_line: int, *, one_line: bool = False) -> list[_Field]:
    """Every leaf element of the record, in document order, with its path.

    A leaf is an element whose children are all ``<style>`` runs (or that has none).
    EndNote's usual leaf, one run holding plain text, takes the short path.  For a record
    written on one line (EndNote writes whole files so) every leaf is on the record's line."""
    found: list[_Field] = []
    append = found.append

    def line_of(element: Element) -> int:
        return record_line if one_line else record_line + (element.sourceline or 1) - 1

    paths = _PATHS
    multiline_paths = _MULTILINE_PATHS
    no_attributes = _NO_ATTRIBUTES
    field = _field

    def walk(element: Element, prefix: str, depth: int) -> None:
        if depth + 1 > MAX_DEPTH:
            raise _TooDeep
        for child in element:
            tag = child.tag
            if tag.__class__ is not str:
                continue  # an entity reference left unexpanded, a comment
            path = paths.get((prefix, tag)) or _path(prefix, tag)
            count = len(child)
            items = child.items()
            attributes = dict(items) if items else no_attributes
            line = record_line if one_line else line_of(child)
            if count == 0:
                text = child.text or ""
                if "\n" in text or "\t" in text or "\r" in text or "  " in text \
                        or "\u2028" in text or "\u2029" in text:
                    text = _normalise(text, multiline=path in multiline_paths)
                else:
                    text = text.strip()
                append(field((path, text, text, line, attributes, len(found))))
                continue
            first = child[0]
            if count == 1 and len(first) == 0 and _is_style(first) and \
                    not (child.text or "").strip() and not (first.tail or "").strip():
                text = first.text or ""
                plain = _normalise(text, multiline=path in multiline_paths)
                rich = plain
                face = first.get("face", "normal")
                if face != "normal" and path in _TITLE_PATHS:
                    rich = _normalise(_rich([(text, face)]), multiline=False)
                append(field((path, plain, rich, line, attributes, len(found))))
                continue
            if not _is_style(first) or not all(_is_style(c) for c in child):
                walk(child, path, depth + 1)
                continue
            runs = _runs(child, depth + 1)
            text = "".join(t for t, _ in runs)
            plain = _normalise(text, multiline=path in multiline_paths)
            rich = plain
            if path in _TITLE_PATHS and any(f and f != "normal" for _, f in runs):
                rich = _normalise(_rich(runs), multiline=False)
            append(field((path, plain, rich, line, attributes, len(found))))

    walk(record, "", 0)
    return found


# --- flat fields -> record ----------------------------------------------------------------------


class _Bag:
    """The fields of one record by path, with bookkeeping of which ones a rule used."""

    def __init__(self, fields: list[_Field]) -> None:
        by_path: dict[str, list[int]] = {}
        used: set[int] = set()
        for index, item in enumerate(fields):
            if "&" in item.text:
                # TEXT-ENTITIES: the XML parser decoded one level of escapes; a value escaped
                # twice ("&amp;amp;", "&amp;#8725;") still holds the second.
                fields[index] = item = item._replace(text=decode_entities(item.text),
                                                     rich=decode_entities(item.rich))
            if item.text or (item.attributes and item.attributes.get("name")):
                indexes = by_path.get(item.path)
                if indexes is None:
                    by_path[item.path] = [item.position]
                else:
                    indexes.append(item.position)
            else:
                used.add(item.position)  # empty: nothing to map or to lose
        self.fields = fields
        self.by_path = by_path
        self.used = used

    def peek(self, path: str) -> _Field | None:
        indexes = self.by_path.get(path)
        return self.fields[indexes[0]] if indexes else None

    def take(self, path: str) -> _Field | None:
        """The first unused value of ``path`` (marked used)."""
        indexes = self.by_path.get(path)
        if indexes is None:
            return None
        used = self.used
        for index in indexes:
            if index not in used:
                used.add(index)
                return self.fields[index]
        return None

    def text(self, path: str) -> str:
        item = self.take(path)
        return item.text if item is not None else ""

    def rich(self, path: str) -> str:
        item = self.take(path)
        return item.rich if item is not None else ""

    def release(self, item: _Field | None) -> None:
        """Give back a value a rule took but did not place: it stays unmapped (the note)."""
        if item is not None:
            self.used.discard(item.position)

    def use(self, item: _Field) -> None:
        self.used.add(item.position)

    def take_all(self, path: str) -> list[_Field]:
        indexes = self.by_path.get(path)
        if indexes is None:
            return []
        taken = [self.fields[i] for i in indexes if i not in self.used]
        self.used.update(indexes)
        return taken

    def use_equal(self, path: str, value: str) -> None:
        """Mark values of ``path`` that only repeat ``value`` as used."""
        for index in self.by_path.get(path, ()):
            if _same(self.fields[index].text, value):
                self.used.add(index)

    def unmapped(self) -> tuple[RawTag, ...]:
        used = self.used
        return tuple(RawTag(f.path, f.shown if f.attributes else f.text, f.line)
                     for i, f in enumerate(self.fields) if i not in used)


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and a.casefold().strip(" .") == b.casefold().strip(" .")


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Mapper:
    """Element -> field rules for one record (type-dependent ones from endnote_types)."""

    def __init__(self, bag: _Bag, sink: DiagnosticSink, source: SourceLocation) -> None:
        self.bag = bag
        self.sink = sink
        self.source = source
        self.values: dict[str, object] = {}
        self.notes: list[str] = []
        self.type_name = ""

    def run(self) -> Record:
        self._type()
        self._contributors()
        self._titles()
        self._dates()
        self._numbers()
        self._identifiers()
        self._publication()
        self._content()
        values = self.values
        csl_type = str(values.pop("type"))
        return Record(type=csl_type, source=self.source, notes=tuple(self.notes),
                      unmapped=self.bag.unmapped(), **values)  # type: ignore[arg-type]

    def set(self, **values: object) -> None:
        store = self.values
        for key, value in values.items():
            if value:
                store[key] = value

    def _type(self) -> None:
        item = self.bag.take("ref-type")
        name = (item.attributes.get("name", "") if item else "").strip()
        number = item.text.strip() if item else ""
        if not name and number.isdigit():
            name = types.NAMES_BY_NUMBER.get(int(number), "")
        mapped = types.TYPES_BY_NAME.get(name.lower())
        if mapped is None:
            what = f"'{name or number}'" if name or number else "no <ref-type>"
            self.sink.warning("ENX008", item.line if item else self.source.line,
                              f"unknown reference type {what}; read as a generic document")
            mapped = ("document", "")
            self.type_name = "generic"
        else:
            self.type_name = name.lower()
        self.values["type"] = mapped[0]
        # The type as the element gives it: its name and its number ("Journal Article (17)").
        written = f"{name} ({number})" if name and number else name or number
        self.set(genre=mapped[1], source_type=written,
                 source_id=self.bag.text("rec-number"))

    def _contributors(self) -> None:
        contributors: list[Contributor] = []
        for path, indexes in self.bag.by_path.items():
            group = _author_group(path)
            if not group:
                continue
            role = types.role_for(group, self.type_name)
            if not role:
                continue
            for index in indexes:
                item = self.bag.fields[index]
                self.bag.use(item)
                contributors.extend(Contributor(role, n) for n in self._names(item))
        self.set(contributors=tuple(contributors))

    def _names(self, item: _Field) -> tuple[Name, ...]:
        text = item.text
        if text.endswith(",") and "," not in text[:-1]:
            # EndNote's mark of a corporate author: a trailing comma and no other.  Not for
            # "et al.," nor for a person written "Wiese B.," (a family name and initials).
            candidate = text[:-1].strip()
            if not _ET_AL.match(candidate) and not _ENDS_WITH_INITIALS.search(candidate):
                return (Name(literal=candidate),)
        parsed = parse_ris_names(_EMPTY_NAME_PART.sub("", text.rstrip(",")).strip())
        if parsed.problem:
            self.sink.warning("ENX010", item.line, f"author '{_clip(text)}': {parsed.problem}")
        return parsed.names

    def _titles(self) -> None:
        bag, kind = self.bag, self.type_name
        self.set(title=bag.rich("titles/title"), title_short=bag.rich("titles/short-title"),
                 translated_title=bag.rich("titles/translated-title"))
        secondary = bag.take("titles/secondary-title")
        tertiary = bag.take("titles/tertiary-title")
        journal = bag.take("periodical/full-title") or bag.take("alt-periodical/full-title")
        abbreviation = bag.take("periodical/abbr-1") or bag.take("alt-periodical/abbr-1")
        container, collection, short = "", "", ""
        if kind in types.SERIES_SECONDARY_TITLE_TYPES:
            # A book's secondary title is its series; a tertiary one has no CSL field left.
            collection = secondary.rich if secondary else ""
            bag.release(tertiary)
            container = journal.rich if journal and not _same(journal.text, collection) else ""
        else:
            container = secondary.rich if secondary else ""
            collection = tertiary.rich if tertiary else ""
            if journal and not container:
                container = journal.rich
            elif journal and not _same(journal.text, secondary.text if secondary else ""):
                if kind in types.PERIODICAL_TYPES and secondary is not None and \
                        is_short_form(secondary.text, journal.text):
                    # secondary-title holds the abbreviation (JabRef's "Br J Cancer" case)
                    container, short = journal.rich, secondary.text
                else:
                    bag.release(journal)
        alt = bag.peek("titles/alt-title")
        if kind in types.PERIODICAL_TYPES:
            short = short or (abbreviation.text if abbreviation else "") or \
                (alt.text if alt else "")
        elif abbreviation is not None and not _same(abbreviation.text, container):
            bag.release(abbreviation)
        if short and _same(short, container):
            short = ""
        self.set(container_title=container, collection_title=collection,
                 container_title_short=short)
        # A title repeated in another element (alt-title = abbreviation, alt-periodical =
        # periodical, as EndNote writes them) adds nothing to the note.
        for path in ("titles/alt-title", "periodical/full-title", "periodical/abbr-1",
                     "periodical/abbr-2", "periodical/abbr-3", "alt-periodical/full-title",
                     "alt-periodical/abbr-1", "alt-periodical/abbr-2", "alt-periodical/abbr-3"):
            for value in (container, short, collection):
                if value:
                    bag.use_equal(path, strip_rich(value))

    def _dates(self) -> None:
        bag = self.bag
        year_item = bag.take("dates/year")
        date_item = bag.take("dates/pub-dates/date") or bag.take("dates/month")
        year_match = _YEAR.search(year_item.text) if year_item else None
        year = int(year_match.group(0)) if year_match else None
        issued: Date | None = None
        if year_item is not None and year is None:
            self.sink.warning("ENX009", year_item.line, f"year '{_clip(year_item.text)}' has "
                              "no four-digit year; kept in the note")
            bag.release(year_item)
        elif year_item is not None and year is not None:
            issued = Date(parts=((year,),), raw=year_item.text)
        if date_item is not None:
            parsed = read_endnote_date(date_item.text, year)
            if parsed is None:
                bag.release(date_item)
                self.sink.warning("ENX009", date_item.line, f"date '{_clip(date_item.text)}' "
                                  "could not be read; kept in the note")
            elif self.type_name in types.CONFERENCE_TYPES and len(parsed.parts) > 1:
                self.set(event_date=parsed)  # the days of the conference
            elif year is None or parsed.year == year:
                issued = parsed
            else:
                bag.release(date_item)  # another year than <year>: kept in the note
        self.set(issued=issued)
        access = bag.take("access-date")
        if access is not None:
            parsed_access = parse_ris_date(access.text)
            if parsed_access.date is not None and parsed_access.date.parts:
                self.set(accessed=parsed_access.date)
            else:
                bag.release(access)

    def _numbers(self) -> None:
        bag, kind = self.bag, self.type_name
        self.set(volume=bag.text("volume"))
        pages = bag.text("pages")
        if kind in types.PAGE_COUNT_TYPES:
            self.set(number_of_pages=pages)
        elif pages and "-" not in pages and kind in types.PERIODICAL_TYPES and \
                looks_like_article_number(pages):
            self.set(number=pages)
        else:
            self.set(page=normalise_pages(_PAGE_DASH.sub("-", pages)))
        number = bag.take("number")
        issue = bag.take("issue")
        if number is not None and kind in types.SERIES_NUMBER_TYPES:
            self.set(collection_number=number.text)
        elif number is not None and kind in types.OWN_NUMBER_TYPES:
            self.set(number=number.text)
        elif number is not None:
            if issue is None:
                issue = number
            elif not _same(issue.text, number.text):
                bag.release(number)
        issue_text = issue.text if issue is not None else ""
        if kind in types.CHAPTER_TYPES:
            self.set(number_of_volumes=issue_text, chapter_number=bag.text("section"))
        else:
            self.set(issue=issue_text, section=bag.text("section"))
        edition = bag.take("edition")
        if edition is not None:
            if kind == "computer program":
                self.set(version=edition.text)
            elif kind in types.PERIODICAL_TYPES:
                # A journal article's "Edition" is its e-publication date in EndNote.
                parsed = parse_ris_date(edition.text)
                if parsed.date is not None and parsed.date.parts and not parsed.problem:
                    self.set(available_date=parsed.date)
                else:
                    bag.release(edition)
            else:
                self.set(edition=edition.text)
        if not self.values.get("number_of_volumes"):
            self.set(number_of_volumes=bag.text("num-vols"))
        custom7 = bag.peek("custom7")
        if custom7 and kind in types.PERIODICAL_TYPES and not self.values.get("number") and \
                looks_like_article_number(custom7.text):
            self.set(number=bag.text("custom7"))  # EndNote's "Article Number"

    def _identifiers(self) -> None:
        bag, kind = self.bag, self.type_name
        doi_item = bag.peek("electronic-resource-num")
        if doi_item is not None:
            doi = normalise_doi(doi_item.text)
            if doi:
                bag.take("electronic-resource-num")
                self.set(doi=doi)
        issn: list[str] = []
        isbn: list[str] = []
        for item in bag.take_all("isbn"):
            if kind in types.NUMBER_IN_ISBN_TYPES and not self.values.get("number"):
                self.set(number=item.text)
                continue
            found_issn, found_isbn = split_issn_isbn(item.text)
            issn.extend(v for v in found_issn if v not in issn)
            isbn.extend(v for v in found_isbn if v not in isbn)
            if not found_issn and not found_isbn:
                (issn if kind in types.PERIODICAL_TYPES else isbn).append(item.text)
        self.set(issn=tuple(issn), isbn=tuple(isbn))
        custom2 = bag.peek("custom2")
        if custom2 is not None and _PMCID.match(custom2.text.strip()):
            self.set(pmcid=bag.text("custom2").strip().upper())  # EndNote's "PMCID"
        urls: list[str] = []
        links: list[str] = []
        for path in ("urls/related-urls/url", "urls/web-urls/url", "urls/text-urls/url",
                     "urls/url"):
            for item in bag.take_all(path):
                for link in split_urls(item.text):
                    target = urls if link.lower().startswith(("http://", "https://", "ftp://",
                                                              "www.")) else links
                    if path != "urls/text-urls/url" and target is links and \
                            not link.lower().startswith(("internal-pdf:", "file:")):
                        target = urls  # a pseudo-link (<Go to ISI>://...): after the web links
                    if link not in target:
                        target.append(link)
        web = [u for u in urls if u.lower().startswith(("http://", "https://", "ftp://", "www."))]
        other = [u for u in urls if u not in web]
        for path in ("urls/pdf-urls/url", "urls/image-urls/url"):
            links.extend(item.text for item in bag.take_all(path) if item.text not in links)
        self.set(urls=tuple(web + other), file_links=tuple(links),
                 accession_numbers=tuple(i.text for i in bag.take_all("accession-num")),
                 call_number=bag.text("call-num"))

    def _publication(self) -> None:
        bag, kind = self.bag, self.type_name
        place = bag.text("pub-location")
        if kind in types.EVENT_PLACE_TYPES:
            self.set(event_place=place)
        elif kind == "patent":
            self.set(jurisdiction=place)
        else:
            self.set(publisher_place=place)
        self.set(publisher=bag.text("publisher"), label=bag.text("label"),
                 database=bag.text("remote-database-name"), language=bag.text("language"))
        work_type = bag.text("work-type")
        if work_type:
            self.set(genre=work_type)

    def _content(self) -> None:
        bag = self.bag
        self.set(abstract=bag.text("abstract"))
        keywords: list[str] = []
        for item in bag.take_all("keywords/keyword"):
            # One keyword per element; a list in one element (JabRef, Bookends) is split.
            for keyword in _KEYWORD_SEPARATORS.split(item.text):
                if keyword and keyword not in keywords:
                    keywords.append(keyword)
        self.set(keywords=tuple(keywords))
        self.notes.extend(item.text for item in bag.take_all("notes"))


@functools.lru_cache(maxsize=256)
def _author_group(path: str) -> str:
    """``authors`` for ``contributors/authors/author``; "" for a path that is no name."""
    group, _, leaf = path.rpartition("/")
    return group[13:] if leaf == "author" and group.startswith("contributors/") else ""


def strip_rich(text: str) -> str:
    """``text`` without the rich-text tags this reader makes."""
    return _RICH_TAG.sub("", text) if "<" in text else text


def is_short_form(short: str, full: str) -> bool:
    """Whether ``short`` abbreviates ``full`` word by word ("Br J Cancer" / "British
    journal of cancer")."""
    from risx.readers.ris.mapping import is_abbreviation

    return is_abbreviation(short, full)


def read_endnote_date(text: str, year: int | None) -> Date | None:
    """A ``pub-dates/date`` value, completed with ``year`` when it has none.

    Handles what EndNote libraries hold (``Mar``, ``Nov 2004``, ``2015/07/01``,
    ``7/1/`` (month/day), ``12.03.2018`` and ``31. Dezember 2003`` (day first),
    ``10-12 September 2018``); ``None`` when nothing could be read.
    """
    value = text.strip().rstrip(".")
    if not value:
        return None
    day_first = _DAY_FIRST.match(value)
    if day_first:
        day, month, day_year = (int(g) for g in day_first.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return Date(parts=((day_year, month, day),), raw=text)
    worded = _DAY_FIRST_WORDED.match(value)
    if worded:
        month_number = _GERMAN_MONTHS.get(worded.group(2).lower()) or parse_month(worded.group(2))
        if month_number:
            return Date(parts=((int(worded.group(3)), month_number, int(worded.group(1))),),
                        raw=text)
    slashed = _MONTH_DAY_SLASHED.match(value)
    if slashed and year is not None and not slashed.group(3):
        month, day = int(slashed.group(1)), int(slashed.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return Date(parts=((year, month, day),), raw=text)
    parsed = parse_ris_date(value)
    if parsed.date is not None and parsed.date.parts and not parsed.problem:
        return Date(parts=parsed.date.parts, season=parsed.date.season, raw=text)
    if year is not None:
        month_only, day_only = parse_partial_date(value)
        german = _GERMAN_MONTHS.get(value.lower())
        if month_only or german:
            parts = (year, month_only or german or 0) + ((day_only,) if day_only else ())
            return Date(parts=(parts,), raw=text)
        if parsed.date is not None and parsed.date.parts:
            return Date(parts=parsed.date.parts, season=parsed.date.season, raw=text)
    return None


# --- the reader ---------------------------------------------------------------------------------


class _RecordSink:
    """A :class:`DiagnosticSink` that names the record in every message it passes on."""

    __slots__ = ("file", "sink", "suffix")

    def __init__(self, sink: DiagnosticSink, suffix: str) -> None:
        self.sink = sink
        self.file = sink.file
        self.suffix = suffix

    def first_time(self, key: str) -> bool:
        return self.sink.first_time(key)

    def warning(self, code: str, line: int | None, message: str) -> None:
        self.sink.warning(code, line, message + self.suffix)

    def error(self, code: str, line: int | None, message: str) -> None:
        self.sink.error(code, line, message + self.suffix)


def read_endnote_xml(stream: BinaryIO, source_name: str, report: Report,
                     options: ReaderOptions | None = None) -> Iterator[Record]:
    """Yield the records of an EndNote XML byte stream, reporting every problem."""
    options = options or ReaderOptions()
    sink = DiagnosticSink(report, source_name)
    source = _utf8_input(stream, sink)
    if source is None:
        sink.warning("ENX001", 1, "the input is empty; no EndNote XML records were read")
        return
    splitter = _Splitter(source, sink, max_record_bytes=options.max_value_length * 4)  # type: ignore[arg-type]
    parsers = _Parsers()
    for ordinal, chunk in enumerate(splitter.chunks(), start=1):
        one_line = b"\n" not in chunk.data
        # EndNote writes a whole library on one line: "line 1" would not find the record.
        record_sink = _RecordSink(sink, f" (record {ordinal} of the file)") if one_line \
            else sink
        element = _parse_chunk(chunk, parsers, record_sink)  # type: ignore[arg-type]
        if element is None:
            continue
        record = _interpret(element, chunk.line, source_name, record_sink,  # type: ignore[arg-type]
                            options, one_line=one_line)
        element.clear()
        if record is not None:
            yield record
    if splitter.records_seen == 0 and not splitter.refused:
        sink.warning("ENX001", 1, "no EndNote XML records found (no <record> element)")


def _interpret(element: Element, line: int, source_name: str, sink: DiagnosticSink,
               options: ReaderOptions, *, one_line: bool = False) -> Record | None:
    try:
        fields = _flatten(element, line, one_line=one_line)
    except _TooDeep:
        sink.error("ENX007", line, f"record refused: its elements are nested more than "
                   f"{MAX_DEPTH} levels deep")
        return None
    limit = options.max_value_length
    if any(len(f.text) > limit for f in fields):
        fields = _without_long_values(fields, limit, sink)
    try:
        return _Mapper(_Bag(fields), sink, SourceLocation(source_name, line)).run()
    except Exception as exc:  # one bad record must never stop the good ones
        sink.error("ENX099", line, f"this record could not be interpreted "
                   f"({type(exc).__name__}: {exc}); it was skipped")
        return None


def _without_long_values(fields: list[_Field], limit: int,
                         sink: DiagnosticSink) -> list[_Field]:
    """``fields`` without the values longer than ``limit`` (each reported with ENX014); the
    record keeps the rest.  (A record too large to hold at all, four times the limit in
    bytes, is refused whole by the splitter: ENX007.)"""
    kept: list[_Field] = []
    for item in fields:
        if len(item.text) > limit:
            sink.error("ENX014", item.line, f"the {item.path} value is {len(item.text):,} "
                       f"characters long, over the limit of {limit:,}: that value was dropped, "
                       f"the rest of the record kept (raise the limit with --max-value-length)")
            continue
        kept.append(item._replace(position=len(kept)))
    return kept


class EndnoteXmlReader(Reader):
    name = "endnote-xml"
    extensions = (".xml", ".endx")
    description = "EndNote XML (EndNote, Bookends, JabRef, Zotero, Mendeley exports)"

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        # XML is decoded here, not by textio: its start is what the summary can say.
        self.facts.encoding = describe_start(peek_start(stream))
        return read_endnote_xml(stream, source_name, report, self.options)

    @classmethod
    def sniff(cls, head: bytes) -> float:
        text = head_text(head).lstrip().lower()
        if "<records" in text and ("<record>" in text or "<ref-type" in text or
                                   "<reference_type" in text):
            return 0.95
        if text.startswith(("<?xml", "<xml>")) and "<records" in text:
            return 0.8
        return 0.0
