"""BibTeX / BibLaTeX reader (``-f bibtex``, ``-f biblatex``): ``.bib`` -> records.

Bytes -> numbered lines (:mod:`risx.textio`, plus the legacy encodings a
``.bib`` may have) -> chunks of whole blocks -> bibtexparser 2's splitter ->
entries -> values (``@string`` macros, ``#``, LaTeX) -> records.

Streaming.  bibtexparser parses a string; the reader hands it the input in
chunks of about :data:`CHUNK_CHARS` characters, each cut before a line that
starts a block (``@type{``).  The splitter treats such a line as the start
of a new block even inside an unfinished one (its error recovery), so a cut
there never changes what it reads.  Macros carry over from chunk to chunk;
memory holds one chunk.

``crossref`` / ``xdata``.  A child inherits the fields it lacks from its
parent, as biber does (biblatex manual, appendix B: a parent's ``title``
becomes an "in" child's ``booktitle``; BibTeX's same-name rule for the
rest).  Parents of the usual kinds (``@book``, ``@proceedings``,
``@collection``, ``@xdata``...) are remembered, and the last entries of any
kind, within a budget of entries and characters; BibTeX wants the parent
*after* its children, so a child whose parent has not been read yet is held,
with every entry after it (output keeps the input order), until the parent
arrives, :data:`MAX_HELD` entries pass, or the input ends (BTX004).

Encodings.  UTF-8 (with or without a byte-order mark), UTF-16 and the
Windows-1252 fallback come from :mod:`risx.textio`.  A file that is not
UTF-8 is first read in the encoding its JabRef ``% Encoding:`` line names,
when that decodes it, else as GB18030 when its bytes are Chinese double-byte
text (GBK is a subset), else as Windows-1252 (BTX009 says which, and why).

A block bibtexparser cannot parse is reported with its line (BTX001) and the
entries around it convert.  Every field no rule uses is kept in
``Record.unmapped``; ``Record.raw`` stays empty (it holds RIS tags).
"""

from __future__ import annotations

import codecs
import re
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO, ClassVar

from risx.diagnostics import DiagnosticSink, Report
from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation
from risx.readers import bibtex_types as types
from risx.readers.base import Reader, ReaderOptions, ReadFacts, head_text
from risx.readers.bibtex_syntax import EntryBlock, StringBlock, split_blocks
from risx.textio import Decoding, TextFormat, decode_line_blocks
from risx.transforms.dates import parse_month, parse_ris_date, parse_season
from risx.transforms.identifiers import normalise_doi, split_issn_isbn, split_urls
from risx.transforms.keywords import split_bibtex_keywords
from risx.transforms.latex import latex_to_rich, latex_to_text, needs_latex
from risx.transforms.pages import normalise_pages
from risx.transforms.text import decode_entities

#: The BibTeX and BibLaTeX readers' diagnostic codes, each with its meaning (part of
#: risx.diagnostics.CODES).
CODES: dict[str, str] = {
    "BTX001": "a block could not be parsed; it was skipped, the entries around it were read",
    "BTX002": "the input is empty or holds no BibTeX entries",
    "BTX003": "an @string macro is not defined; kept as its name",
    "BTX004": "a crossref/xdata parent was not found; nothing was inherited",
    "BTX005": "a field appears twice in an entry; the first value is used, the repeat is kept "
              "in the note",
    "BTX006": "an entry key was used by an earlier entry; both entries are kept",
    "BTX007": "unknown entry type; the entry was read as a generic document",
    "BTX008": "a date could not be read; it was kept in the note",
    "BTX009": "the file is not UTF-8; it was read in the encoding its JabRef header names, or "
              "as GB18030 (Chinese)",
    "BTX010": "an entry has no key",
    "BTX011": "a value longer than --max-value-length was dropped; the rest of its entry was "
              "kept",
    "BTX012": "a crossref/xdata chain does not end (a cycle) or names its own entry",
    "BTX013": "a comma is missing between two fields; they were read as two fields",
    "BTX099": "an entry could not be interpreted (a risx bug); it was skipped",
}

#: Characters handed to bibtexparser at a time (cut before a block-start line).
CHUNK_CHARS = 256 * 1024
#: Entries held back at most while a ``crossref`` parent is awaited.
MAX_HELD = 5000
#: Entries remembered as possible ``crossref`` parents: the last ones of any type, and the
#: last ones of the parent types (``@book``, ``@proceedings``...), which are kept longer.
RECENT_PARENTS = 1000
KEPT_PARENTS = 5000
#: Keys remembered to report a repeated key: a repeat further apart than this goes unreported
#: (the writers still make every output key unique, OUT003).
KEPT_KEYS = 100_000
#: At most this many characters of field values are kept in each kind of remembered entry.
REMEMBERED_CHARS = 2_000_000
#: Deepest chain of ``crossref``/``xdata`` followed (a cycle stops here).
MAX_INHERITANCE_DEPTH = 8

_BLOCK_START = re.compile(r"[ \t]*@[\w]*[ \t]*[{(]")
_ENCODING_LINE = re.compile(rb"%\s*Encoding\s*:\s*([A-Za-z0-9._-]+)", re.IGNORECASE)
_NAME_SEPARATOR = re.compile(r"[{}]|(?<=\s)and(?=\s)", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_ISO_DATE = re.compile(r"^(-?\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T[\d:.]+Z?)?[~?%]?$")
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")
_MACRO_NAME = re.compile(r"^[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*$")
_PAGE_DASHES = re.compile(r"\s*(?:--+|[\u2010-\u2015\u2212])\s*")
_URL_COMMAND = re.compile(r"^\\(?:url|href)\s*\{([^{}]*)\}")
_ARXIV = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z.-]+/\d{7}(?:v\d+)?)$", re.I)


# --- bytes -> lines -----------------------------------------------------------------------------


class _Prefixed:
    """``head`` followed by the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data = self._head if size < 0 else self._head[:size]
            self._head = self._head[len(data):]
            return data
        return self._stream.read(size)

    def readline(self) -> bytes:
        if self._head:
            cut = self._head.find(b"\n")
            end = len(self._head) if cut < 0 else cut + 1
            line, self._head = self._head[:end], self._head[end:]
            return line if cut >= 0 else line + self._stream.readline()
        return self._stream.readline()


class _Transcoded:
    """A byte stream in a legacy encoding, read as UTF-8 (for :func:`decode_lines`)."""

    def __init__(self, head: bytes, stream: BinaryIO, encoding: str) -> None:
        self._decoder = codecs.getincrementaldecoder(encoding)("replace")
        self._source = _Prefixed(head, stream)
        self._pending = b""
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._pending) < size):
            data = self._source.read(1 << 20)
            self._pending += self._decoder.decode(data, final=not data).encode("utf-8")
            self._done = not data
        if size < 0:
            data, self._pending = self._pending, b""
        else:
            data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def readline(self) -> bytes:
        while b"\n" not in self._pending and not self._done:
            data = self._source.read(1 << 16)
            self._pending += self._decoder.decode(data, final=not data).encode("utf-8")
            self._done = not data
        cut = self._pending.find(b"\n")
        end = len(self._pending) if cut < 0 else cut + 1
        line, self._pending = self._pending[:end], self._pending[end:]
        return line


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # a character cut at the end of the sample
    return True


def _looks_chinese(head: bytes) -> bool:
    """Whether non-ASCII bytes come in GBK/GB18030 pairs of high bytes (Chinese text),
    not as the lone high bytes of Western 8-bit text (``M\\xfcller``)."""
    pairs = lone = 0
    index, size = 0, len(head)
    while index < size:
        byte = head[index]
        if byte < 0x80:
            index += 1
            continue
        following = head[index + 1] if index + 1 < size else 0
        if 0x81 <= byte <= 0xFE and 0xA1 <= following <= 0xFE:
            pairs += 1
            index += 2
        else:
            lone += 1
            index += 1
    if pairs < 2 or pairs < 4 * lone:
        return False
    try:
        head.decode("gb18030")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3
    return True


def _legacy_encoding(head: bytes) -> tuple[str, str]:
    """(codec, why) for a head that is not UTF-8; ("", "") to let textio fall back."""
    declared = _ENCODING_LINE.search(head[:4096])
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = ""
        if codec and codec not in ("utf-8", "ascii"):
            try:
                head.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                return codec, f"as its '% Encoding: {name}' line says"
    if _looks_chinese(head):
        return "gb18030", "its bytes are Chinese double-byte text (GBK/GB18030)"
    return "", ""


#: What textio's messages call this input, and how its lines start after UTF-16 text.  The
#: name and pattern are RIS's, what textio said of every input before it took the format from
#: its reader: kept so that issue 14 changes no output; "BibTeX" (and lines starting with "@")
#: go with the deliberate change that prints the TXT codes.
_TEXT_FORMAT = TextFormat("RIS", rb"[ \t]*[A-Za-z][A-Za-z0-9]{1,3}(?: {1,3}|\t)-")


def decoded_lines(stream: BinaryIO, sink: DiagnosticSink) -> Iterator[tuple[int, str]]:
    """The numbered lines of a ``.bib`` input, whatever its encoding (module docstring)."""
    for first, lines in decoded_line_blocks(stream, sink):
        yield from enumerate(lines, start=first)


def decoded_line_blocks(stream: BinaryIO, sink: DiagnosticSink, decoding: Decoding | None = None,
                        ) -> Iterator[tuple[int, list[str]]]:
    """:func:`decoded_lines` a block of lines at a time: ``(first line's number, lines)``;
    ``decoding`` records what textio decided."""
    head = stream.read(64 * 1024)
    source: BinaryIO = _Prefixed(head, stream)  # type: ignore[assignment]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2000].count(0) > 100
    if head and not utf16 and not _is_utf8(head):
        codec, why = _legacy_encoding(head)
        if codec:
            sink.warning("BTX009", 1, f"the file is not UTF-8; read as {codec} ({why}): "
                         "check accented and non-Latin letters")
            source = _Transcoded(head, stream, codec)  # type: ignore[assignment]
    yield from decode_line_blocks(source, sink, _TEXT_FORMAT, decoding)


# --- lines -> chunks of whole blocks -----------------------------------------------------------


def chunks(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(number of the first line, text) pieces of the input, each cut before a line that
    starts a block, of about :data:`CHUNK_CHARS` characters."""
    return block_chunks((number, [text]) for number, text in lines)


def block_chunks(blocks: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[int, str]]:
    """:func:`chunks` of blocks of lines: each block is cut once, at its last line that
    starts a BibTeX block, so no Python runs per line."""
    pending: list[str] = []
    first = 1
    for number, lines in blocks:
        if not pending:
            first = number
        cut = len(lines) - 1
        while cut >= 0 and not (lines[cut][:1] in "@ \t" and _BLOCK_START.match(lines[cut])):
            cut -= 1
        if cut <= 0 or sum(map(len, pending)) + sum(map(len, lines[:cut])) < CHUNK_CHARS // 4:
            pending.extend(lines)
            continue
        pending.extend(lines[:cut])
        yield first, "\n".join(pending)
        pending, first = lines[cut:], number + cut
    if pending:
        yield first, "\n".join(pending)


# --- values ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Value:
    """A field value as LaTeX text (macros expanded, delimiters removed), and its line."""

    latex: str
    line: int
    #: The value was one bare macro name (``month = aug``): its name.
    macro: str = ""


_PIECE_MARKS = re.compile(r'[{}"#]')


def _pieces(raw: str) -> list[str]:
    """The ``#``-joined pieces of a raw value (at brace depth 0, outside quotes)."""
    pieces: list[str] = []
    depth = 0
    quoted = False
    start = 0
    for match in _PIECE_MARKS.finditer(raw):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"':
            if depth == 0:
                quoted = not quoted
        elif depth == 0 and not quoted:
            pieces.append(raw[start:match.start()].strip())
            start = match.end()
    pieces.append(raw[start:].strip())
    return pieces


_BRACES = re.compile(r"[{}]")


def _single_group(raw: str, opening: str, closing: str) -> bool:
    """Whether ``raw`` is one delimited value (its first delimiter closes at its end)."""
    if len(raw) < 2 or raw[0] != opening or raw[-1] != closing:
        return False
    if opening == '"':
        return True  # braces inside quotes are balanced, a quote is never inside braces here
    depth = 0
    last = len(raw) - 1
    for match in _BRACES.finditer(raw):
        if match.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start() == last
    return False


class _Macros:
    """``@string`` macros (case-insensitive, later definitions win) and BibTeX's months."""

    def __init__(self) -> None:
        self.values: dict[str, str] = dict(types.MONTH_MACROS)

    def evaluate(self, raw: str, line: int, sink: DiagnosticSink, *,
                 well_formed: bool = False) -> _Value:
        """The LaTeX text of a raw value; ``well_formed`` when risx's own splitter delimited
        it (a value without ``#`` is then one piece, and needs no second look)."""
        if well_formed and "#" not in raw:
            first = raw[:1]
            if first == "{" or first == '"':
                return _Value(raw[1:-1], line)
        raw = raw.strip()
        if "#" not in raw:
            if _single_group(raw, "{", "}") or _single_group(raw, '"', '"'):
                return _Value(raw[1:-1], line)
            if raw.isdigit():
                return _Value(raw, line)
        out: list[str] = []
        pieces = _pieces(raw)
        for piece in pieces:
            if _single_group(piece, "{", "}") or _single_group(piece, '"', '"'):
                out.append(piece[1:-1])
            elif piece.isdigit() or not piece:
                out.append(piece)
            else:
                known = self.values.get(piece.lower())
                if known is None:
                    if _MACRO_NAME.match(piece) and sink.first_time(f"BTX003:{piece.lower()}"):
                        sink.warning("BTX003", line, f"the @string macro '{piece}' is not "
                                     "defined; kept as its name (reported once per macro)")
                    out.append(piece)
                else:
                    out.append(known)
        macro = pieces[0] if len(pieces) == 1 and _MACRO_NAME.match(pieces[0] or "") else ""
        return _Value("".join(out), line, macro=macro)


# --- names ---------------------------------------------------------------------------------------


def split_name_list(text: str) -> list[str]:
    """The names of a name list: split on the word ``and`` at brace depth 0, any case."""
    if "and" not in text.lower():
        stripped = text.strip()
        return [stripped] if stripped else []
    names: list[str] = []
    depth = 0
    start = 0
    for match in _NAME_SEPARATOR.finditer(text):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            names.append(text[start:match.start()].strip())
            start = match.end()
    names.append(text[start:].strip())
    return [n for n in names if n]


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` characters at brace depth 0 (not after a backslash:
    ``\\~n`` is an accent, not a tie)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if index and text[index - 1] == "\\":
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and (char in separator):
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


_WORD_GAPS = re.compile(r"[ \t\n~]+")


def _words(text: str) -> list[str]:
    if "{" not in text and "\\" not in text:
        return [w for w in _WORD_GAPS.split(text) if w]
    return [w for w in _split_top(text, " \t\n~") if w]


def _is_lower(word: str) -> bool | None:
    """BibTeX's case of a word: that of its first letter at brace depth 0 (a ``{\\"u}``
    special character counts by its letter); ``None`` when it has none (caseless)."""
    depth = 0
    index = 0
    while index < len(word):
        char = word[index]
        if char == "{":
            if depth == 0 and word[index + 1:index + 2] == "\\":
                end = word.find("}", index)
                letters = [c for c in latex_to_text(word[index:end + 1 if end > 0 else None])
                           if c.isalpha()]
                if letters:
                    return letters[0].islower()
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == "\\" and depth == 0:
            decoded = [c for c in latex_to_text(word[index:index + 4]) if c.isalpha()]
            if decoded:
                return decoded[0].islower()
        elif depth == 0 and char.isalpha():
            return char.islower()
        index += 1
    return None


_EXTENDED_PART = re.compile(r"^\s*(given|family|prefix|suffix|giveni|familyi|prefixi|suffixi|"
                            r"useprefix)\s*=(.*)$", re.IGNORECASE | re.DOTALL)


def _extended_name(parts: list[str]) -> Name | None:
    """BibLaTeX's extended name format (``family=Doe, given=Jane, prefix=van``), or None."""
    found: dict[str, str] = {}
    for part in parts:
        match = _EXTENDED_PART.match(part)
        if match is None:
            return None
        found[match.group(1).lower()] = match.group(2).strip()
    if not any(key in found for key in ("given", "family")):
        return None
    def text(key: str) -> str:
        value = found.get(key, "")
        return latex_to_text(value[1:-1] if _single_group(value, "{", "}") else value)
    return Name(family=text("family"), given=text("given"),
                non_dropping_particle=text("prefix"), suffix=text("suffix"))


@lru_cache(maxsize=1 << 13)
def parse_bibtex_name(text: str) -> Name | None:
    """One BibTeX name (``First von Last``, ``von Last, First``, ``von Last, Jr, First``,
    or BibLaTeX's ``family=..., given=...``)."""
    text = text.strip().strip(",").strip()
    if not text:
        return None
    if _single_group(text, "{", "}"):
        literal = latex_to_text(text)
        return Name(literal=literal) if literal else None
    parts = [p.strip() for p in (text.split(",") if "{" not in text else _split_top(text, ","))]
    if "=" in text:
        extended = _extended_name(parts)
        if extended is not None:
            return extended
    if len(parts) == 1:
        words = _words(parts[0])
        if len(words) == 1:
            return Name(family=latex_to_text(words[0]))
        cases = [_is_lower(w) for w in words[:-1]]
        lowers = [i for i, c in enumerate(cases) if c]
        if lowers:
            start, end = lowers[0], lowers[-1]
            first, von, last = words[:start], words[start:end + 1], words[end + 1:]
        else:
            first, von, last = words[:-1], [], words[-1:]
        jr: list[str] = []
    else:
        head_words = _words(parts[0])
        cases = [_is_lower(w) for w in head_words[:-1]]
        von_end = -1
        if cases and cases[0]:
            von_end = max(i for i, c in enumerate(cases) if c)
        von, last = head_words[:von_end + 1], head_words[von_end + 1:]
        if len(parts) == 2:
            jr, first = [], _words(parts[1])
        else:
            jr = _words(parts[1])
            first = _words(", ".join(parts[2:]))
    return Name(family=latex_to_text(" ".join(last)), given=latex_to_text(" ".join(first)),
                non_dropping_particle=latex_to_text(" ".join(von)),
                suffix=latex_to_text(" ".join(jr)))


def parse_bibtex_names(text: str) -> tuple[list[Name], bool]:
    """The names of a name-list field, and whether it ended with ``and others``."""
    names: list[Name] = []
    others = False
    for part in split_name_list(text):
        if part.lower() == "others":
            others = True
            continue
        name = parse_bibtex_name(part)
        if name is not None and (name.literal or name.family or name.given):
            names.append(name)
    return names, others


# --- dates -------------------------------------------------------------------------------------


def _iso_part(text: str) -> tuple[int, ...] | None:
    match = _ISO_DATE.match(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and 21 <= month <= 24:
        return (year,)  # an EDTF season: the season is read by the caller
    if month is not None and not 1 <= month <= 12:
        return (year,)
    if day is not None and not 1 <= day <= 31:
        return (year, month) if month else (year,)
    return tuple(p for p in (year, month, day) if p is not None)


def parse_biblatex_date(text: str) -> Date | None:
    """A BibLaTeX ``date`` (``2012-12-13``, ``2016-03``, ranges ``a/b``, open ``1999/``,
    EDTF seasons ``2018-21``), or any date :func:`parse_ris_date` reads; None if none."""
    value = text.strip()
    if not value:
        return None
    start_text, slash, end_text = value.partition("/")
    start = _iso_part(start_text)
    if start is not None and (not slash or not end_text.strip() or end_text.strip() == ".."):
        season = _edtf_season(start_text)
        return Date(parts=(start,), season=season, raw=value)
    end = _iso_part(end_text) if slash else None
    if start is not None and end is not None:
        return Date(parts=(start, end), raw=value)
    parsed = parse_ris_date(value)
    if parsed.date is not None and parsed.date.parts:
        return Date(parts=parsed.date.parts, season=parsed.date.season, raw=value)
    return None


def _edtf_season(text: str) -> int | None:
    match = _ISO_DATE.match(text.strip())
    if match and match.group(2) and 21 <= int(match.group(2)) <= 24:
        return int(match.group(2)) - 20
    return None


def month_and_day(text: str) -> tuple[int | None, int | None, int | None]:
    """(month, day, season) of a ``month`` value: ``8``, ``aug``, ``August``, ``JUL 15``,
    ``July 30th``, ``Spring``."""
    value = text.strip().rstrip(".")
    if not value:
        return None, None, None
    words = value.replace(",", " ").replace(".", " ").split()
    named = [i for i, w in enumerate(words) if not w.isdigit() and parse_month(w)]
    if named:
        # A month name, and a day before or after it ("JUL 15", "July 30th", "2 sep").
        month = parse_month(words[named[0]])
        day = None
        for word in words[:named[0]] + words[named[0] + 1:]:
            found = _DAY.fullmatch(word)
            if found and 1 <= int(found.group(1)) <= 31:
                day = int(found.group(1))
                break
        return month, day, None
    if len(words) == 1 and words[0].isdigit():
        return parse_month(words[0]), None, None
    season = parse_season(words[0]) if words else None
    return None, None, season


# --- entries -> records ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    """One entry as read: type, key, fields by lower-case name (first occurrence), repeats."""

    entry_type: str
    key: str
    line: int
    fields: dict[str, _Value]
    #: Names as written, for the note of unmapped values.
    spelled: dict[str, str] = field(default_factory=dict)
    repeats: list[tuple[str, _Value]] = field(default_factory=list)

    def reference(self) -> str:
        """The key of the entry this one inherits from ("" for none)."""
        for name in ("crossref", "xdata"):
            value = self.fields.get(name)
            if value is not None and value.latex.strip():
                return value.latex.strip().split(",")[0].strip()
        return ""


class _Mapper:
    """Field -> model rules for one entry (tables in :mod:`risx.readers.bibtex_types`)."""

    def __init__(self, entry: _Entry, sink: DiagnosticSink, source: SourceLocation, *,
                 biblatex: bool = False) -> None:
        self.biblatex = biblatex
        self.entry = entry
        self.sink = sink
        self.source = source
        self.fields = entry.fields
        self.used: set[str] = {"crossref", "xdata", "xref"}
        self.values: dict[str, object] = {}
        self.notes: list[str] = []
        self.kind = entry.entry_type

    # -- access ---------------------------------------------------------------------------------

    def has(self, name: str) -> bool:
        value = self.fields.get(name)
        return value is not None and bool(value.latex.strip())

    def text(self, name: str) -> str:
        value = self.fields.get(name)
        if value is None:
            return ""
        self.used.add(name)
        if self.biblatex and name in types.LIST_FIELDS and " and " in value.latex:
            text = "; ".join(latex_to_text(item) for item in split_name_list(value.latex))
        else:
            text = latex_to_text(value.latex)
        # TEXT-ENTITIES: "&amp;" left by the web page the entry was taken from.
        return decode_entities(text) if "&" in text else text

    def rich(self, name: str) -> str:
        value = self.fields.get(name)
        if value is None:
            return ""
        self.used.add(name)
        text = latex_to_rich(value.latex)
        return decode_entities(text) if "&" in text else text

    def line(self, name: str) -> int:
        value = self.fields.get(name)
        return value.line if value is not None else self.source.line

    def set(self, **values: object) -> None:
        for key, value in values.items():
            if value:
                self.values[key] = value

    # -- rules ------------------------------------------------------------------------------------

    def run(self) -> Record:
        self._type()
        self._contributors()
        self._titles()
        self._numbers()
        self._dates()
        self._publication()
        self._identifiers()
        self._content()
        unmapped = [RawTag(self.entry.spelled.get(name, name), _note_text(value.latex),
                           value.line)
                    for name, value in self.fields.items()
                    if name not in self.used and value.latex.strip()]
        unmapped.extend(RawTag(self.entry.spelled.get(name, name), _note_text(value.latex),
                               value.line) for name, value in self.entry.repeats)
        values = self.values
        csl_type = str(values.pop("type"))
        return Record(type=csl_type, source=self.source, source_type=f"@{self.entry.entry_type}",
                      source_id=self.entry.key, notes=tuple(self.notes),
                      unmapped=tuple(unmapped), **values)  # type: ignore[arg-type]

    def _type(self) -> None:
        kind = self.kind
        mapped = types.ENTRY_TYPES.get(kind)
        if mapped is None:
            if self.sink.first_time(f"BTX007:{kind}"):
                self.sink.warning("BTX007", self.source.line, f"unknown entry type '@{kind}'; "
                                  "read as a generic document (reported once per type)")
            mapped = ("document", "")
        csl_type, genre = mapped
        subtype = self.text("entrysubtype").lower() if self.has("entrysubtype") else ""
        if kind == "article" and subtype in types.ARTICLE_SUBTYPES:
            csl_type = types.ARTICLE_SUBTYPES[subtype]
        elif subtype:
            self.used.discard("entrysubtype")
        if kind in ("thesis", "report", "techreport", "mastersthesis", "phdthesis", "misc",
                    "patent", "online", "manual", "unpublished", "dataset", "software") and \
                self.has("type"):
            genre = _thesis_genre(self.text("type"))
        self.values["type"] = csl_type
        self.set(genre=genre)

    def _contributors(self) -> None:
        contributors: list[Contributor] = []
        for name, value in list(self.fields.items()):
            role = types.NAME_FIELDS.get(name)
            if name in ("editora", "editorb", "editorc"):
                kind = self.text(f"{name}type").lower() if self.has(f"{name}type") else ""
                role = types.EDITOR_TYPES.get(kind, "editor" if not kind else "")
                if not role:
                    self.used.discard(f"{name}type")
            elif name == "editor" and self.has("editortype"):
                kind = self.text("editortype").lower()
                role = types.EDITOR_TYPES.get(kind, "editor")
            if role is None or not role:
                continue
            self.used.add(name)
            names, others = parse_bibtex_names(value.latex)
            if not names and not others and value.latex.strip():
                self.used.discard(name)
                continue
            contributors.extend(Contributor(role, n) for n in names)
            if others:
                self.notes.append(f"{self.entry.spelled.get(name, name)}: {len(names)} "
                                  f"named, and others")
        self.set(contributors=tuple(contributors))

    def _titles(self) -> None:
        title = _with_addon(_joined(self.rich("title"), self.rich("subtitle")),
                            self.rich("titleaddon"))
        self.set(title=title, title_short=self.rich("shorttitle"))
        kind = self.kind
        short = ""
        if self.has("fjournal"):  # MathSciNet: the full name, and the abbreviation in journal
            journal, short = self.rich("fjournal"), self.text("journal")
        elif self.has("journaltitle"):
            journal = self.rich("journaltitle")
        else:
            journal = self.rich("journal")
        journal = _joined(journal, self.rich("journalsubtitle"))
        booktitle = _with_addon(_joined(self.rich("booktitle"), self.rich("booksubtitle")),
                                self.rich("booktitleaddon"))
        container = ""
        if journal:
            container = journal
            if booktitle:
                self.used.difference_update(("booktitle", "booksubtitle", "booktitleaddon"))
        elif booktitle:
            container = booktitle
        maintitle = _with_addon(_joined(self.rich("maintitle"), self.rich("mainsubtitle")),
                                self.rich("maintitleaddon")) if self.has("maintitle") else ""
        if maintitle and booktitle and not journal:
            # A chapter in one volume of a multi-volume work: biblatex's maintitle is the work,
            # booktitle the volume's own title (CSL container-title, volume-title).
            container = maintitle
            self.set(volume_title=booktitle)
        elif not container and maintitle:
            container = maintitle
        series = self.rich("series")
        if series.isdigit() and kind == "article":
            series = f"{_ordinal(int(series))} series"  # biblatex: a journal's numbered series
        self.set(container_title=container,
                 collection_title=types.BIBSTRINGS.get(series.lower(), series),
                 event_title=self.rich("eventtitle"), original_title=self.rich("origtitle"))
        short = short or self.rich("shortjournal") or self.text("journalabbr") or \
            self.text("journal-iso") or self.text("journalabbreviation")
        if short and short != container:
            self.set(container_title_short=short)

    def _numbers(self) -> None:
        kind = self.kind
        volume, part = self.text("volume"), self.text("part")
        if volume and part:
            volume = f"{volume}.{part}"  # as biblatex prints a physical part of a volume
        elif part:
            self.used.discard("part")
        self.set(volume=volume, edition=self.text("edition"),
                 chapter_number=self.text("chapter"), version=self.text("version"),
                 number_of_volumes=self.text("volumes"))
        pages = self.text("pages")
        if pages:
            self.set(page=normalise_pages(_PAGE_DASHES.sub("-", pages)))
        self.set(number_of_pages=self.text("pagetotal") or self.text("numpages"))
        number = self.text("number")
        issue = self.text("issue")
        if kind in types.ISSUE_NUMBER_TYPES:
            if number and issue and number != issue:
                self.set(issue=issue)
                self.used.discard("number")
            else:
                self.set(issue=issue or number)
            self.set(number=self.text("eid") or self.text("art_number") or
                     self.text("article-number"))
        elif kind in types.OWN_NUMBER_TYPES:
            self.set(number=number, issue=issue)
        elif number and self.has("series"):
            self.set(collection_number=number, issue=issue)
        else:
            self.set(number=number, issue=issue)

    def _dates(self) -> None:
        issued: Date | None = None
        if self.has("date"):
            issued = parse_biblatex_date(self.text("date"))
            if issued is None:
                self._date_problem("date")
            if self.has("year") and issued is not None and \
                    _year_of(self.fields["year"].latex) == issued.year:
                self.used.update(("year", "month", "day"))
        if issued is None and self.has("year"):
            issued = self._year_month_day()
        self.set(issued=issued)
        for name, target in (("urldate", "accessed"), ("eventdate", "event_date"),
                             ("origdate", "original_date")):
            if self.has(name):
                parsed = parse_biblatex_date(self.text(name))
                if parsed is None:
                    self._date_problem(name)
                else:
                    self.set(**{target: parsed})

    def _year_month_day(self) -> Date | None:
        raw_year = self.text("year")
        year = _year_of(raw_year)
        if year is None:
            self._date_problem("year")
            # Kept as the date's text ("13th Century"): CSL prints a literal date as written.
            return Date(raw=raw_year) if any(c.isalnum() for c in raw_year) else None
        parts: tuple[int, ...] = (year,)
        season: int | None = None
        month_value = self.fields.get("month")
        if month_value is not None:
            month_text = types.MONTH_MACROS.get(month_value.macro.lower(), "") or \
                latex_to_text(month_value.latex)
            month, day, season = month_and_day(month_text)
            self.used.add("month")
            if month is not None:
                parts = (year, month)
                day_field = self.text("day") if self.has("day") else ""
                day = day or (int(day_field) if day_field.isdigit() else None)
                if day is not None and 1 <= day <= 31:
                    parts = (year, month, day)
            elif season is None:
                self.used.discard("month")
                self._date_problem("month")
        raw = raw_year if len(parts) == 1 else ""
        return Date(parts=(parts,), season=season, raw=raw)

    def _date_problem(self, name: str) -> None:
        self.used.discard(name)
        self.sink.warning("BTX008", self.line(name), f"{self.entry.spelled.get(name, name)} "
                          f"'{_clip(latex_to_text(self.fields[name].latex))}' could not be read "
                          "as a date; kept in the note")

    def _publication(self) -> None:
        kind = self.kind
        publisher = self.text("publisher")
        if kind in ("techreport", "report") or not publisher:
            publisher = publisher or self.text("institution")
        if kind in ("mastersthesis", "phdthesis", "thesis") or not publisher:
            publisher = publisher or self.text("school")
        if not publisher and self.has("organization"):
            publisher = self.text("organization")
        self.set(publisher=publisher)
        if self.has("address") and self.has("location"):
            # ACM: address is the publisher's, location the conference's.
            self.set(publisher_place=self.text("address"))
            if kind in types.CONFERENCE_TYPES:
                self.set(event_place=self.text("location"))
        else:
            self.set(publisher_place=self.text("location") or self.text("address") or
                     self.text("city"))
        if self.has("venue"):
            self.set(event_place=self.text("venue"))
        howpublished = self.fields.get("howpublished")
        if howpublished is not None:
            url = _URL_COMMAND.match(howpublished.latex.strip())
            text = url.group(1) if url else latex_to_text(howpublished.latex)
            if text.lower().startswith(("http://", "https://", "ftp://", "www.")):
                self.used.add("howpublished")
                self.values.setdefault("urls", (text,))
            elif not self.values.get("publisher"):
                self.set(publisher=self.text("howpublished"))
            else:
                self.set(medium=self.text("howpublished"))
        self._language()
        if self.has("pubstate"):
            state = self.text("pubstate")
            self.set(status=types.BIBSTRINGS.get(state.lower(), state))

    def _language(self) -> None:
        """``langid`` (or the older ``hyphenation``) names the language precisely (a babel
        name, made BCP 47); else ``language``: a babel name is made BCP 47 too, free text
        ("English", as Zotero writes it) is kept as written."""
        for name in ("langid", "hyphenation"):
            if self.has(name):
                key = self.text(name)
                self.set(language=types.LANGUAGE_TAGS.get(key.lower(), key))
                return
        language = self.text("language")
        self.set(language=types.LANGUAGE_TAGS.get(language, language))

    def _identifiers(self) -> None:
        if self.has("doi"):
            doi = _doi(self.text("doi"))
            if doi:
                self.set(doi=doi)
            else:
                self.used.discard("doi")
        urls = list(self.values.get("urls", ()))  # type: ignore[call-overload]
        if self.has("url"):
            url_text = self.fields["url"].latex.strip()
            url_match = _URL_COMMAND.match(url_text)
            raw_url = url_match.group(1) if url_match else _url_text(url_text)
            self.used.add("url")
            urls.extend(u for u in split_urls(raw_url) if u not in urls)
        self.set(urls=tuple(urls))
        issn: list[str] = []
        isbn: list[str] = []
        for name in ("issn", "eissn", "isbn"):
            if not self.has(name):
                continue
            found_issn, found_isbn = split_issn_isbn(self.text(name))
            issn.extend(v for v in found_issn if v not in issn)
            isbn.extend(v for v in found_isbn if v not in isbn)
            if not found_issn and not found_isbn:
                (isbn if name == "isbn" else issn).append(self.text(name))
        self.set(issn=tuple(issn), isbn=tuple(isbn), pmid=self.text("pmid"),
                 pmcid=self.text("pmcid"))
        self._eprint()
        accession = [self.text("unique-id")] if self.has("unique-id") else []
        self.set(accession_numbers=tuple(accession), label=self.text("label"))
        if self.has("file"):
            self.set(file_links=tuple(parse_file_field(self.fields["file"].latex)))
            self.used.add("file")

    def _eprint(self) -> None:
        if not self.has("eprint"):
            return
        eprint = self.text("eprint")
        archive = (self.text("eprinttype") or self.text("archiveprefix")).strip()
        if not archive and _ARXIV.match(eprint):
            archive = "arXiv"
        if archive.lower() == "arxiv":
            identifier = _ARXIV.match(eprint)
            number = identifier.group(1) if identifier else eprint
            if not self.values.get("number"):
                self.set(number=f"arXiv:{number}", archive="arXiv")
            else:
                self.used.discard("eprint")
        elif archive.lower() in ("pubmed", "pmid") and not self.values.get("pmid"):
            self.set(pmid=eprint)
        elif archive.lower() in ("pmc", "pmcid") and not self.values.get("pmcid"):
            self.set(pmcid=eprint)
        else:
            self.used.discard("eprint")
            self.used.discard("eprinttype")
            self.used.discard("archiveprefix")

    def _content(self) -> None:
        self.set(abstract=self.text("abstract"))
        keywords: list[str] = []
        for name in ("keywords", "keyword", "author_keywords", "author-keywords"):
            if self.has(name):
                # KW-BIB: split in the LaTeX, where braces keep "{Aged, 80 and over}" whole.
                self.used.add(name)
                for term in split_bibtex_keywords(self.fields[name].latex):
                    keyword = decode_entities(latex_to_text(term))
                    if keyword and keyword not in keywords:
                        keywords.append(keyword)
        self.set(keywords=tuple(keywords))
        for name in ("note", "annote", "annotation", "addendum"):
            if self.has(name):
                self.notes.append(self.text(name))


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10,
                                                                                 "th")
    return f"{number}{suffix}"


def _with_addon(title: str, addon: str) -> str:
    """A title and its ``titleaddon``, as biblatex prints them ("Title. Addon")."""
    if title and addon:
        return f"{title} {addon}" if title.rstrip().endswith((".", "?", "!")) else \
            f"{title}. {addon}"
    return title or addon


def _joined(main: str, sub: str) -> str:
    if main and sub:
        return f"{main}: {sub}" if not main.rstrip().endswith((":", "?", "!", ".")) else \
            f"{main} {sub}"
    return main or sub


def _year_of(text: str) -> int | None:
    """The year of a ``year`` value: the value itself when it is a number, else a
    four-digit number in it ("2019a", "(2019)"); None for "????", "13th Century"."""
    value = latex_to_text(text).strip()
    if value.lstrip("-").isdigit() and len(value.lstrip("-")) <= 4:
        return int(value) if int(value) != 0 else None
    match = _FOUR_DIGITS.search(value)
    return int(match.group(0)) if match else None


def _thesis_genre(text: str) -> str:
    return types.BIBSTRINGS.get(text.strip().lower(), text.strip())


_WHOLE_DOI = re.compile(r"10\.\d{4,9}/\S+")


def _doi(text: str) -> str:
    """The DOI of a ``doi`` field: the whole value once its prefix is removed (a SICI DOI
    holds ``<`` and ``>``), else the DOI found in it."""
    bare = re.sub(r"(?i)^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)", "", text.strip())
    return bare if _WHOLE_DOI.fullmatch(bare) else normalise_doi(text)


def _url_text(latex: str) -> str:
    """A URL field as written: only the escapes an exporter adds are undone (``\\_``,
    ``\\%``, ``\\&``, ``\\#``, ``{\\textasciitilde}``); nothing else is LaTeX in a URL."""
    if "\\" not in latex and "{" not in latex:
        return latex.strip()
    return latex_to_text(latex)


def _note_text(latex: str) -> str:
    return latex_to_text(latex)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_file_field(latex: str) -> list[str]:
    """The paths in a ``file`` field: JabRef/Zotero ``description:path:type`` items joined
    by ``;`` (``\\:`` and ``\\;`` escaped), Mendeley's ``:path:pdf``, or a bare path."""
    paths: list[str] = []
    for item in re.split(r"(?<!\\);", latex):
        item = item.strip()
        if not item:
            continue
        parts = re.split(r"(?<!\\):", item)
        path = ":".join(parts[1:-1]) if len(parts) >= 3 else item
        path = path.replace("\\:", ":").replace("\\;", ";")
        path = latex_to_text(path) if needs_latex(path) else path.strip()
        if path and path not in paths:
            paths.append(path)
    return paths


# --- blocks -> entries (macros, crossref, duplicates) -----------------------------------------


class _Library:
    """What the reader remembers across chunks: macros, parents, keys, held entries."""

    def __init__(self, sink: DiagnosticSink, source_name: str, options: ReaderOptions, *,
                 biblatex: bool = False) -> None:
        self.biblatex = biblatex
        self.sink = sink
        self.source_name = source_name
        self.options = options
        self.macros = _Macros()
        #: Possible parents by key, with the characters they hold (see :meth:`_remember`).
        self.parents: OrderedDict[str, tuple[_Entry, int]] = OrderedDict()
        self.recent: OrderedDict[str, tuple[_Entry, int]] = OrderedDict()
        self.remembered_chars = {"parents": 0, "recent": 0}
        #: The keys seen, to report a repeated one (BTX006); the last KEPT_KEYS of them, so a
        #: file of any size is read in bounded memory.
        self.keys: set[str] = set()
        self.key_order: deque[str] = deque()
        self.held: deque[_Entry] = deque()
        self.entries = 0

    def blocks(self, first_line: int, text: str) -> Iterator[Record]:
        for block in split_blocks(text, first_line):
            if isinstance(block, StringBlock):
                value = self.macros.evaluate(block.raw, block.line, self.sink)
                self.macros.values[block.key.strip().lower()] = value.latex
            elif isinstance(block, EntryBlock):
                self.entries += 1
                entry = self._entry(block)
                if entry is not None:
                    yield from self._arrive(entry)
            else:
                self.entries += 1
                self.sink.error("BTX001", block.line, f"this block could not be parsed "
                                f"({_clip(block.reason, 120)}); it was skipped, the entries "
                                "around it were read")

    def _entry(self, block: EntryBlock) -> _Entry | None:
        line = block.line
        if block.repaired.startswith("a comma"):
            self.sink.warning("BTX013", line, f"{block.repaired}; the entry was read as if "
                              "it were there")
        fields: dict[str, _Value] = {}
        spelled: dict[str, str] = {}
        repeats: list[tuple[str, _Value]] = []
        evaluate, sink = self.macros.evaluate, self.sink
        limit = self.options.max_value_length
        well_formed = block.well_formed
        for item_name, item_raw, item_line in block.fields:
            name = item_name.lower()
            value = evaluate(item_raw, item_line, sink, well_formed=well_formed)
            if len(value.latex) > limit:
                sink.error("BTX011", value.line, f"the {item_name} value starting on this line "
                           f"is {len(value.latex):,} characters long, over the limit of "
                           f"{limit:,}: that value was dropped, the rest of the entry kept "
                           "(raise the limit with --max-value-length)")
                continue
            if name in fields:
                repeats.append((name, value))
                if sink.first_time(f"BTX005:{line}"):
                    sink.warning("BTX005", value.line, f"field '{item_name}' appears twice in "
                                 "this entry; the first value is used, the other is kept in "
                                 "the note")
                continue
            fields[name] = value
            spelled[name] = item_name
        key = block.key
        if not key:
            sink.warning("BTX010", line, "this entry has no key; one is generated on output")
        elif key.lower() in self.keys:
            sink.warning("BTX006", line, f"the key '{_clip(key)}' was used by an earlier entry; "
                         "both are kept")
        else:
            self.keys.add(key.lower())
            self.key_order.append(key.lower())
            if len(self.key_order) > KEPT_KEYS:
                self.keys.discard(self.key_order.popleft())
        return _Entry(block.entry_type, key, line, fields, spelled, repeats)

    def _remember(self, entry: _Entry) -> None:
        """Keep ``entry`` as a possible parent, within a budget of entries and characters
        (the oldest go first), so memory stays flat however many books a file holds."""
        key = entry.key.lower()
        if not key:
            return
        size = sum(len(value.latex) for value in entry.fields.values())
        kind = "parents" if entry.entry_type in types.PARENT_TYPES else "recent"
        kept, limit = (self.parents, KEPT_PARENTS) if kind == "parents" else \
            (self.recent, RECENT_PARENTS)
        previous = kept.pop(key, None)
        if previous is not None:
            self.remembered_chars[kind] -= previous[1]
        kept[key] = (entry, size)
        self.remembered_chars[kind] += size
        while kept and (len(kept) > limit or self.remembered_chars[kind] > REMEMBERED_CHARS):
            _, (_, dropped) = kept.popitem(last=False)
            self.remembered_chars[kind] -= dropped

    def _parent(self, key: str) -> _Entry | None:
        found = self.parents.get(key.lower()) or self.recent.get(key.lower())
        return found[0] if found else None

    def _arrive(self, entry: _Entry) -> Iterator[Record]:
        self._remember(entry)
        if self.held or (entry.reference() and self._parent(entry.reference()) is None):
            self.held.append(entry)
            yield from self._release(force=len(self.held) > MAX_HELD)
            return
        yield from self._emit(entry)

    def _release(self, *, force: bool = False) -> Iterator[Record]:
        """Emit held entries from the front while their parents are known."""
        while self.held:
            front = self.held[0]
            if not force and not self._ready(front):
                return
            self.held.popleft()
            force = False
            yield from self._emit(front)

    def _ready(self, entry: _Entry) -> bool:
        """Whether every entry of the ``crossref``/``xdata`` chain from ``entry`` is known."""
        current = entry
        for _ in range(MAX_INHERITANCE_DEPTH):
            reference = current.reference()
            if not reference:
                return True
            parent = self._parent(reference)
            if parent is None:
                return False
            if parent is current:
                return True
            current = parent
        return True

    def finish(self) -> Iterator[Record]:
        while self.held:
            yield from self._release(force=True)

    def _emit(self, entry: _Entry) -> Iterator[Record]:
        self._report_cycle(entry)
        resolved = self._inherit(entry, 0, report=True)
        try:
            record = _Mapper(resolved, self.sink, SourceLocation(self.source_name, entry.line),
                             biblatex=self.biblatex).run()
        except Exception as exc:  # one bad entry must never stop the good ones
            self.sink.error("BTX099", entry.line, f"this entry could not be interpreted "
                            f"({type(exc).__name__}: {exc}); it was skipped")
            return
        yield record

    def _report_cycle(self, entry: _Entry) -> None:
        """Warn when the chain of parents from ``entry`` comes back to an entry on it."""
        seen = {id(entry)}
        current = entry
        for _ in range(MAX_INHERITANCE_DEPTH):
            reference = current.reference()
            parent = self._parent(reference) if reference else None
            if parent is None or parent is current:
                return  # the end of the chain, or an entry naming itself (reported below)
            if id(parent) in seen:
                self.sink.warning("BTX012", entry.line, f"the crossref/xdata chain from "
                                  f"'{_clip(entry.key)}' comes back to '{_clip(parent.key)}'; "
                                  "each entry on it was inherited from once")
                return
            seen.add(id(parent))
            current = parent

    def _inherit(self, entry: _Entry, depth: int, *, report: bool) -> _Entry:
        """``entry`` with the fields it inherits (problems reported only for the entry
        being converted, not again for each parent on its chain)."""
        reference = entry.reference()
        if not reference:
            return entry
        parent = self._parent(reference)
        problem = ""
        if depth >= MAX_INHERITANCE_DEPTH:
            problem = "the crossref/xdata chain is too long"  # a cycle: reported by _emit
        elif parent is entry:
            problem = f"the entry '{_clip(entry.key)}' names itself as its crossref/xdata parent"
        elif parent is None:
            problem = (f"the crossref/xdata entry '{_clip(reference)}' was not found; nothing "
                       "was inherited (it is kept in the note)")
        if problem or parent is None:
            if report and depth < MAX_INHERITANCE_DEPTH:
                code = "BTX004" if parent is None and depth < MAX_INHERITANCE_DEPTH else "BTX012"
                self.sink.warning(code, entry.line, problem)
            fields = dict(entry.fields)
            kept: list[tuple[str, _Value]] = [(name, fields.pop(name))
                                              for name in ("crossref", "xdata") if name in fields]
            return _Entry(entry.entry_type, entry.key, entry.line, fields, entry.spelled,
                          entry.repeats + kept)
        parent = self._inherit(parent, depth + 1, report=False)
        fields = dict(entry.fields)
        via_xdata = "xdata" in entry.fields and "crossref" not in entry.fields
        child_in = entry.entry_type in types.IN_TYPES
        renamed = types.INHERITED_FROM_MV if parent.entry_type.startswith("mv") else \
            types.INHERITED_AS
        for name, value in parent.fields.items():
            if not via_xdata and child_in and name in renamed:
                fields.setdefault(renamed[name], value)
                continue
            if not via_xdata and name == "author" and \
                    entry.entry_type in ("inbook", "bookinbook", "suppbook"):
                fields.setdefault("bookauthor", value)
            if name in types.NOT_INHERITED and not via_xdata:
                continue
            if name in ("crossref", "xdata", "ids", "key"):
                continue
            fields.setdefault(name, value)
        return _Entry(entry.entry_type, entry.key, entry.line, fields,
                      {**parent.spelled, **entry.spelled}, entry.repeats)


def read_bibtex(stream: BinaryIO, source_name: str, report: Report,
                options: ReaderOptions | None = None, *, biblatex: bool = False,
                facts: ReadFacts | None = None) -> Iterator[Record]:
    """Yield the records of a BibTeX/BibLaTeX byte stream, reporting every problem.

    ``biblatex`` reads the literal lists (``publisher``, ``location``...) as lists; every
    other BibLaTeX field and type is read either way."""
    options = options or ReaderOptions()
    sink = DiagnosticSink(report, source_name)
    library = _Library(sink, source_name, options, biblatex=biblatex)
    decoding = Decoding()
    try:
        for first_line, text in block_chunks(decoded_line_blocks(stream, sink, decoding)):
            yield from library.blocks(first_line, text)
    finally:
        if facts is not None:
            facts.encoding = decoding.describe()
    yield from library.finish()
    if library.entries == 0:
        sink.warning("BTX002", 1, "no BibTeX entries found (no line starts with '@type{')")


_BIB_SNIFF = re.compile(r"(?m)^[ \t]*@[ \t]*([A-Za-z_]+)[ \t]*[{(]")


class BibtexReader(Reader):
    name = "bibtex"
    extensions: ClassVar[tuple[str, ...]] = (".bib", ".bibtex")
    description = "BibTeX and BibLaTeX (.bib from Zotero, JabRef, Mendeley, Scopus, WoS, ...)"

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        return read_bibtex(stream, source_name, report, self.options, facts=self.facts)

    @classmethod
    def sniff(cls, head: bytes) -> float:
        found = _BIB_SNIFF.findall(head_text(head))
        if not found:
            return 0.0
        known = [t for t in found if t.lower() in types.ENTRY_TYPES or
                 t.lower() in ("string", "comment", "preamble")]
        return 0.9 if known else 0.5


class BiblatexReader(BibtexReader):
    """The same reader; ``publisher``, ``location``... are BibLaTeX lists (``and``-joined)."""

    name = "biblatex"
    extensions = ()
    description = "BibLaTeX (as bibtex; publisher, location... read as and-lists)"

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        return read_bibtex(stream, source_name, report, self.options, biblatex=True,
                           facts=self.facts)
