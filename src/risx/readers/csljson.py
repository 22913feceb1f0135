"""CSL-JSON reader: a JSON array of CSL items (citeproc-js, Zotero, Better BibTeX, our writer).

Items are parsed one at a time from a growing text buffer with
:meth:`json.JSONDecoder.raw_decode`, so memory holds one buffer of text and one
item, not the whole parsed array, and every record knows the line its item
starts on.  A syntax error stops the file with one error naming the line and
column ``json`` reports (JSN001); the items before it are kept.

Mapping: the CSL variables with a model field (:func:`risx.model.csl_fields`)
map one-to-one; name variables become contributors in the order the item lists
them; dates are read from ``date-parts`` (months 13-16 are seasons, as
citeproc-js writes them), ``season``, ``raw`` (read like a RIS date) or
``literal``; ``ISSN``/``ISBN``/``URL``/``keyword``/``note`` fill the model's
lists.  Variables the model has no field for (``categories``, ``custom``,
``dimensions``, ...) are kept as ``RawTag(variable, value, 0)`` in
``unmapped`` (non-string values as compact JSON), so nothing is lost: the
CSL-JSON writer puts them back as ``variable: value`` note lines.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from risx.csl_item import date_number, decode_date_part
from risx.diagnostics import DiagnosticSink, Report
from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation, csl_fields
from risx.readers.base import Reader, head_text
from risx.textio import Decoding
from risx.transforms.dates import parse_ris_date, parse_season
from risx.transforms.identifiers import normalise_doi, split_issn_isbn, split_urls
from risx.transforms.keywords import split_csl_keywords
from risx.transforms.pages import normalise_pages
from risx.transforms.text import decode_entities

#: The CSL-JSON reader's diagnostic codes, each with its meaning (part of risx.diagnostics.CODES).
CODES: dict[str, str] = {
    "JSN001": "the input is not valid JSON; the items before the error were read",
    "JSN002": "the input is empty or not a CSL-JSON array of items",
    "JSN003": "an array element is not a CSL item (JSON object); it was skipped",
    "JSN004": "an item has no type or a type CSL does not define; it was read as 'document'",
    "JSN005": "a name variable holds a value that is not a CSL name; kept as an unmapped value",
    "JSN006": "the file is not valid UTF-8; the bytes that are not were replaced",
    "JSN007": "the text holds U+FFFD replacement characters (damage done by an earlier tool)",
}

#: CSL 1.0.2 item types (csl-data.json).
CSL_TYPES = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
})

#: CSL 1.0.2 name variables (csl-data.json).
NAME_VARIABLES = frozenset({
    "author", "chair", "collection-editor", "compiler", "composer", "container-author",
    "contributor", "curator", "director", "editor", "editorial-director", "editor-translator",
    "executive-producer", "guest", "host", "interviewer", "illustrator", "narrator",
    "organizer", "original-author", "performer", "producer", "recipient", "reviewed-author",
    "script-writer", "series-creator", "translator",
})

#: Older or tool-specific spellings -> the CSL variable (used when the CSL one is absent).
ALIASES = {
    "shortTitle": "title-short",
    "journalAbbreviation": "container-title-short",
    "event": "event-title",
    "archive-location": "archive_location",
}

_FIELD_OF = {variable: attribute for attribute, variable in csl_fields()}
_DATE_FIELDS = frozenset({"issued", "accessed", "original-date", "available-date",
                          "event-date", "submitted"})
_NAME_PARTS = {"family": "family", "given": "given", "suffix": "suffix", "literal": "literal",
               "non-dropping-particle": "non_dropping_particle",
               "dropping-particle": "dropping_particle"}

CHUNK_SIZE = 1 << 20
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
#: What the decoder makes of bytes that are not UTF-8 (``surrogateescape``): lone surrogates.
_UNDECODED = re.compile("[\udc80-\udcff]")


class _JsonError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _Buffer:
    """Text of a stream, decoded as UTF-8 chunk by chunk, with line numbers of positions.

    ``text[pos:]`` is the unconsumed part; :meth:`consume` drops what is
    behind ``pos`` (counting its line breaks) so the buffer never holds more
    than the current item plus one chunk.
    """

    def __init__(self, stream: BinaryIO, sink: DiagnosticSink) -> None:
        self._stream = stream
        self._sink = sink
        # Bytes that are not UTF-8 come out as lone surrogates, told apart from U+FFFD
        # characters the text really holds (JSN006, JSN007), then replaced with U+FFFD.
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.text = ""
        self.pos = 0
        self.eof = False
        self._lines_before = 0  # line breaks in text already dropped
        self._first = True
        #: The first bytes of the input (its byte-order mark, if any).
        self.head = b""

    def more(self) -> bool:
        """Read one more chunk (at least as large as the buffer); False at the end."""
        if self.eof:
            return False
        size = max(CHUNK_SIZE, len(self.text) - self.pos)
        data = self._stream.read(size)
        final = not data
        if self._first and data:
            self._first = False
            self.head = data[:4]
            if data.startswith(codecs.BOM_UTF8):
                data = data[3:]
        text = self._decoder.decode(data, final=final)
        if not text.isascii():
            text = self._check_characters(text)
        self.text += text
        if final:
            self.eof = True
        return True

    def _check_characters(self, text: str) -> str:
        """``text`` with undecodable bytes replaced by U+FFFD; each kind of damage reported
        once, at its first line: bytes that are not UTF-8 (JSN006), U+FFFD characters that
        the file holds as valid UTF-8, left by the tool that wrote it (JSN007)."""
        sink = self._sink
        messages: list[tuple[int, str, str]] = []
        held = text.find("\ufffd")
        if held >= 0 and sink.first_time("JSN007"):
            messages.append((held, "JSN007", "the text holds U+FFFD replacement characters: an "
                             "earlier tool could not read some characters and replaced them "
                             "(they are valid UTF-8 here; check the values)"))
        undecoded = _UNDECODED.search(text)
        if undecoded is not None:
            if sink.first_time("JSN006"):
                messages.append((undecoded.start(), "JSN006", "the file is not valid UTF-8; "
                                 "the bytes that are not were replaced with U+FFFD"))
            text = _UNDECODED.sub("\ufffd", text)
        for position, code, message in sorted(messages):
            sink.warning(code, self._line_in(text, position), message)
        return text

    def _line_in(self, text: str, pos: int) -> int:
        """The line of position ``pos`` of ``text``, a chunk about to join the buffer."""
        return self.line_of(len(self.text)) + text.count("\n", 0, pos)

    def consume(self) -> None:
        if self.pos > CHUNK_SIZE:
            self._lines_before += self.text.count("\n", 0, self.pos)
            self.text = self.text[self.pos:]
            self.pos = 0

    def line_of(self, pos: int) -> int:
        return self._lines_before + self.text.count("\n", 0, pos) + 1

    def column_of(self, pos: int) -> int:
        return pos - (self.text.rfind("\n", 0, pos) + 1) + 1

    def skip_space(self) -> str:
        """The next significant character ("" at the end of the input), without consuming it."""
        while True:
            match = _SPACE.match(self.text, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def decode_value(self) -> tuple[Any, int]:
        """The JSON value at ``pos`` and the position it started at; reads more as needed."""
        start = self.pos
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, start)
            except json.JSONDecodeError as error:
                if not self.eof and self.more():
                    continue
                raise _JsonError(error.msg, self.line_of(error.pos),
                                 self.column_of(error.pos)) from None
            if end >= len(self.text) and not self.eof and self.more():
                continue  # a number or literal may go on in the next chunk
            self.pos = end
            return value, start

    def error_here(self, message: str) -> _JsonError:
        return _JsonError(message, self.line_of(self.pos), self.column_of(self.pos))


def _text(value: Any) -> str | None:
    """A string, integer or integral float as text; None for anything else."""
    if isinstance(value, str):
        # TEXT-ENTITIES: "&amp;" in a CSL value is an escape an earlier tool left.
        return decode_entities(value.strip()) if "&" in value else value.strip()
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


def _compact(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def read_date(value: Any) -> Date | None:
    """A CSL date object (or a bare string, as some exporters write) -> Date; None if empty."""
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        return None
    parts: list[tuple[int, ...]] = []
    season: int | None = None
    raw_parts = value.get("date-parts")
    if isinstance(raw_parts, list):
        for part in raw_parts[:2]:
            decoded = decode_date_part(part)
            if decoded is not None:
                numbers, part_season = decoded
                season = season or part_season
                parts.append(numbers)
    season_value = value.get("season")
    if season_value is not None:
        number = date_number(season_value)
        if number is not None and 1 <= number <= 4:
            season = number
        elif isinstance(season_value, str):
            season = parse_season(season_value) or season
    raw = _text(value.get("raw")) or ""
    literal = _text(value.get("literal")) or ""
    if not parts and raw:
        parsed = parse_ris_date(raw)
        if parsed.date is not None:
            parts = list(parsed.date.parts)
            season = season or parsed.date.season
    if not parts and not raw and not literal:
        return None
    return Date(parts=tuple(parts), season=season, raw=literal or raw)


def split_keywords(text: str) -> list[str]:
    """CSL ``keyword`` is one string: split at ``;`` when it has one (our writer joins terms
    holding commas so), else at ``, `` as Zotero joins them (KW-CSL-SPLIT,
    :mod:`risx.transforms.keywords`).

    A comma without a space stays inside a keyword: "46,XX males" is one keyword,
    and so is a RIS keyword written "a,b,c" (citation-js's joined form), which
    keeps the CSL-JSON round trip exact.
    """
    return split_csl_keywords(text)


def read_name(value: Any) -> Name | None:
    if isinstance(value, str):
        text = value.strip()
        return Name(literal=text) if text else None
    if not isinstance(value, dict):
        return None
    parts: dict[str, str] = {}
    for key, attribute in _NAME_PARTS.items():
        part = _text(value.get(key))
        if part:
            parts[attribute] = part
    if not parts:
        return None
    return Name(**parts)


class CslJsonReader(Reader):
    name = "csl-json"
    extensions = (".json",)
    description = "CSL-JSON (citeproc, Zotero, Better BibTeX, pandoc)"

    @classmethod
    def sniff(cls, head: bytes) -> float:
        """A JSON array or object; sure when it holds CSL's ``type``/``id``/``title`` keys."""
        text = head_text(head).lstrip()
        if not text.startswith(("[", "{")):
            return 0.0
        return 0.9 if re.search(r'"(?:type|id|title|author)"\s*:', text) else 0.3

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        sink = DiagnosticSink(report, source_name)
        buffer = _Buffer(stream, sink)
        try:
            yield from self._read(buffer, source_name, sink)
        finally:
            # JSON is read as UTF-8 whatever it starts with: the start is what there is to say.
            decoding = Decoding()
            decoding.note_start(buffer.head)
            self.facts.encoding = decoding.describe()

    def _read(self, buffer: _Buffer, source_name: str, sink: DiagnosticSink) -> Iterator[Record]:
        try:
            first = buffer.skip_space()
            if first == "":
                sink.warning("JSN002", 1, "the input is empty; no CSL-JSON items were read")
                return
            if first == "{":  # a single item, as some tools write one
                value, start = buffer.decode_value()
                yield from self._items([(value, buffer.line_of(start))], source_name, sink)
                self._expect_end(buffer)
                return
            if first != "[":
                # Let json name the problem (it is not JSON at all, or a bare value).
                value, start = buffer.decode_value()
                sink.error("JSN002", buffer.line_of(start), "the input is not a CSL-JSON "
                           f"array of items (it is a JSON {type(value).__name__})")
                return
            buffer.pos += 1
            if buffer.skip_space() == "]":
                buffer.pos += 1
                self._expect_end(buffer)
                return
            while True:
                value, start = buffer.decode_value()
                yield from self._items([(value, buffer.line_of(start))], source_name, sink)
                following = buffer.skip_space()
                if following == ",":
                    buffer.pos += 1
                    buffer.skip_space()
                    buffer.consume()
                    continue
                if following == "]":
                    buffer.pos += 1
                    self._expect_end(buffer)
                    return
                raise buffer.error_here("Expecting ',' delimiter" if following
                                        else "Unterminated array")
        except _JsonError as error:
            sink.error("JSN001", error.line, f"invalid JSON: {error.message} (line {error.line} "
                       f"column {error.column}); the items after it were not read")

    @staticmethod
    def _expect_end(buffer: _Buffer) -> None:
        if buffer.skip_space():
            raise buffer.error_here("Extra data")

    def _items(self, values: list[tuple[Any, int]], source_name: str,
               sink: DiagnosticSink) -> Iterator[Record]:
        for value, line in values:
            if not isinstance(value, dict):
                sink.warning("JSN003", line, f"an array element is a JSON "
                             f"{type(value).__name__}, not a CSL item; skipped")
                continue
            yield item_to_record(value, SourceLocation(source_name, line), sink)


def item_to_record(item: dict[str, Any], source: SourceLocation,
                   sink: DiagnosticSink | None = None) -> Record:
    """One CSL-JSON item -> a record (unknown variables go to ``unmapped``)."""
    declared = _text(item.get("type")) or ""
    item_type = declared if declared in CSL_TYPES else "document"
    if declared not in CSL_TYPES and sink is not None:
        what = f"unknown CSL type '{declared}'" if declared else "an item without a type"
        sink.warning("JSN004", source.line, f"{what}; read as 'document'")
    fields: dict[str, Any] = {}
    contributors: list[Contributor] = []
    unmapped: list[RawTag] = []
    keywords: list[str] = []
    notes: list[str] = []
    urls: list[str] = []
    issn: list[str] = []
    isbn: list[str] = []

    def keep(variable: str, value: Any) -> None:
        unmapped.append(RawTag(variable, _compact(value), 0))

    for variable, value in item.items():
        if variable in ("id", "type") or value is None or value == "" or value == []:
            continue
        target = ALIASES.get(variable, variable)
        if target != variable and target in item:
            keep(variable, value)  # both spellings: the CSL one wins, this one is kept
            continue
        if target in NAME_VARIABLES:
            values = value if isinstance(value, list) else [value]
            names = [read_name(v) for v in values]
            if any(n is None for n in names) and sink is not None:
                sink.warning("JSN005", source.line, f"'{variable}' holds a value that is not a "
                             "CSL name; it was kept as an unmapped value")
                keep(variable, [v for v, n in zip(values, names, strict=True) if n is None])
            contributors.extend(Contributor(target, n) for n in names if n is not None)
        elif target in _DATE_FIELDS:
            date = read_date(value)
            if date is None:
                keep(variable, value)
            else:
                fields[_FIELD_OF[target]] = date
        else:
            text = _text(value)
            if text is None:
                keep(variable, value)
            elif target == "DOI":
                fields["doi"] = normalise_doi(text) or text
            elif target in ("ISSN", "ISBN"):
                found_issn, found_isbn = split_issn_isbn(text)
                found = found_issn + found_isbn if target == "ISSN" else found_isbn + found_issn
                (issn if target == "ISSN" else isbn).extend(found or [text])
            elif target == "URL":
                urls.extend(split_urls(text))
            elif target == "keyword":
                keywords.extend(split_keywords(text))
            elif target == "note":
                notes.append(text)
            elif target == "page":
                fields["page"] = normalise_pages(text)
            elif target in _FIELD_OF:
                fields[_FIELD_OF[target]] = text
            else:
                keep(variable, value)
    return Record(
        type=item_type, source=source, source_type=declared,
        source_id=_text(item.get("id")) or "",
        contributors=tuple(contributors), issn=tuple(issn), isbn=tuple(isbn),
        urls=tuple(urls), keywords=tuple(keywords), notes=tuple(notes),
        unmapped=tuple(unmapped), **fields)
