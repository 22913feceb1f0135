"""Bytes to numbered text lines, whatever encoding and line endings an exporter used.

Text formats such as RIS, MEDLINE and Web of Science have no encoding declaration, so the
encoding is sniffed (the reader says which format it decodes, :class:`TextFormat`: its name
for messages, and how its lines start):

* a UTF-16 byte-order mark selects UTF-16 (the whole input is decoded at
  once: such files are rare and small);
* UTF-16 without a mark is recognised by its NUL bytes and read with a warning;
* files joined with ``cat`` may change encoding on the way: a UTF-16 mark at
  the start of a line switches to UTF-16 from there, and a line in 8-bit
  text (a line of the format without the NUL bytes UTF-16 would have, or a UTF-8
  mark) after UTF-16 switches back, each with a warning naming the line;
* otherwise the input is read as UTF-8 line by line.  The first line that is
  not valid UTF-8 decides what the file is: if no earlier line held a valid
  UTF-8 multi-byte sequence the file was never UTF-8 (a Windows export), so it
  is read as Windows-1252 from there on with one warning; otherwise the file
  is UTF-8 with damage, and only the damaged line is decoded leniently, with a
  warning naming it;
* a file that is not UTF-8 is read as Mac Roman instead (written by R or another tool on
  macOS) when the evidence is clear: its bytes above 127, in the 64 KB from the line where
  UTF-8 fails (:data:`MAC_ROMAN_WINDOW`, read ahead), make words and punctuation in Mac Roman
  and not in Windows-1252 (:func:`looks_like_mac_roman`); TXT008 says so, as TXT001 says
  Windows-1252.

Lines end at ``\\r\\n``, ``\\n``, a lone ``\\r`` (classic Mac OS; Web of Science
separates repeated values with one) and U+2028/U+2029.  Every line gets the
1-based number an editor that honours all of those would show.  NUL bytes and
byte-order marks are dropped (a mark after line 1 means two exports were joined
with ``cat``, which is worth a warning).  Input that is not text at all is
refused with one error and no lines.

What was decided is recorded in a :class:`Decoding` as the lines are read, for the reader's
:attr:`~risx.readers.base.Reader.facts`.  The codes (TXT001-TXT007, :data:`CODES`) are the
same for every format; they are printed under their older names RIS001-RIS007 for one more
release (:func:`printed`).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO, NamedTuple

from risx.diagnostics import DiagnosticSink

#: The codes of text decoding, whatever the format, each with its meaning.
CODES: dict[str, str] = {
    "TXT001": "the file is not UTF-8; it was read as Windows-1252",
    "TXT002": "a line has bytes that are not valid UTF-8; they were replaced",
    "TXT003": "a NUL byte was dropped",
    "TXT004": "a byte-order mark or a change of encoding (UTF-8 / UTF-16) in the middle of the "
              "file: files joined?",
    "TXT005": "the input is not text (binary data or an HTML page); it was not read",
    "TXT006": "the input is UTF-16 without a byte-order mark; read by guessing the byte order",
    "TXT007": "the input is empty or holds no records of its format",
    "TXT008": "the file is not UTF-8; its characters read as Mac Roman, so it was read as "
              "Mac Roman",
}
#: The names the codes had while textio served RIS alone.  Scripts grep for them, so they are
#: what messages carry in this release (:data:`PRINT_OLD_NAMES`), and are documented aliases
#: for one release after that.
OLD_NAMES: dict[str, str] = {
    "TXT001": "RIS001", "TXT002": "RIS002", "TXT003": "RIS003", "TXT004": "RIS004",
    "TXT005": "RIS005", "TXT006": "RIS006", "TXT007": "RIS007",
    # TXT001's sibling, printed beside it under the same scheme until the names flip.
    "TXT008": "RIS008",
}
#: Messages carry the old names until one deliberate change flips this (with a CHANGES line).
PRINT_OLD_NAMES = True


def printed(code: str) -> str:
    """The name ``code`` is printed under in this release (see :data:`OLD_NAMES`)."""
    return OLD_NAMES.get(code, code) if PRINT_OLD_NAMES else code


# Rows and flags below are named tuples and plain classes, not dataclasses: creating a
# dataclass is paid at every start of risx (benchmarks/README.md, "Figures behind the code").


class TextFormat(NamedTuple):
    """What textio needs to know of the format it decodes."""

    #: The format's name, in messages (``RIS``).
    name: str
    #: How a line of the format starts in 8-bit text (a regular expression over bytes): after
    #: UTF-16 text, such a line starts a file joined after it.
    line_start: bytes


@functools.lru_cache(maxsize=16)
def _eight_bit_after(line_start: bytes, encoding: str) -> re.Pattern[bytes]:
    """After a UTF-16 line break in ``encoding``, the start of a line in 8-bit text: a UTF-8
    mark, or a line of the format without the NUL bytes UTF-16 gives every ASCII character."""
    line = rb"(?:\xef\xbb\xbf|" + line_start + rb")"
    after = rb"(?<=\n\x00)" if encoding == "utf-16-le" else rb"(?<=\x00\n)"
    return re.compile(after + line)


#: What a caller that does not name its format gets: lines that start like a tag line (a
#: letter, up to three letters or digits, blanks and a dash), as RIS and MEDLINE write them.
TAGGED_TEXT = TextFormat("tagged text", rb"[ \t]*[A-Za-z][A-Za-z0-9]{1,3}(?: {1,3}|\t)-")


class Decoding:
    """What the decoder decided about one input, filled in as it reads."""

    __slots__ = ("damaged", "joined", "mac_roman", "not_text", "utf8_bom", "utf16_bom",
                 "utf16_guessed", "windows_1252")

    def __init__(self) -> None:
        #: How the input starts: a UTF-8 mark, a UTF-16 mark, UTF-16 recognised without one.
        self.utf8_bom = False
        self.utf16_bom = False
        self.utf16_guessed = False
        #: The input is not text and was not read (TXT005).
        self.not_text = False
        #: Some line was read as Windows-1252 (TXT001), had bytes replaced (TXT002), or the
        #: encoding changed inside the input (TXT004).
        self.windows_1252 = False
        #: ... and it was Mac Roman, not Windows-1252 (TXT008).
        self.mac_roman = False
        self.damaged = False
        self.joined = False

    def note_start(self, head: bytes) -> None:
        """Record the byte-order mark ``head`` (the input's first bytes) starts with."""
        self.utf8_bom = head.startswith(b"\xef\xbb\xbf")
        self.utf16_bom = head.startswith((b"\xff\xfe", b"\xfe\xff"))

    def describe(self) -> str:
        """The encoding as the ``-v`` summary names it (``UTF-8 (BOM)``, ``Windows-1252``...)."""
        if self.not_text:
            return "not text"
        bom = " (BOM)" if self.utf8_bom else ""
        if self.joined:
            # Exports joined into one file, each read in its own encoding: the messages say
            # which from which line; only the start is named here.
            start = ("UTF-16" if self.utf16_bom or self.utf16_guessed
                     else "8-bit text" if self.windows_1252 else f"UTF-8{bom}")
            return f"{start} at the start, files joined ({printed('TXT004')})"
        if self.utf16_bom:
            return "UTF-16 (BOM)"
        if self.utf16_guessed:
            return "UTF-16 (no BOM, guessed)"
        if self.windows_1252:
            return "Mac Roman" if self.mac_roman else "Windows-1252"
        return f"UTF-8{bom}{', damaged lines' if self.damaged else ''}"


def describe_start(head: bytes) -> str:
    """What the ``-v`` summary says of an input that a reader decodes itself (JSON, XML), from
    its first bytes: its byte-order mark, else UTF-8."""
    decoding = Decoding()
    decoding.note_start(head)
    return decoding.describe()


HEAD_SIZE = 64 * 1024
BLOCK_SIZE = 1024 * 1024
BOM = "\ufeff"

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: What a line ends at (the module docstring); the RIS writer splits values on it too.
LINE_BREAKS = re.compile("\r\n|[\r\n\u2028\u2029]")
# Characters that need a diagnostic (NUL, a byte-order mark) or that str.splitlines would
# wrongly treat as line breaks (VT, FF, FS, GS, RS, NEL): text holding any takes the slow path.
_NEEDS_CARE = re.compile("[\x00\x0b\x0c\x1c-\x1e\x85\ufeff]")
#: The UTF-8 encodings of the characters of _NEEDS_CARE.
_NEEDS_CARE_BYTES = (b"\x00", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\xc2\x85",
                     b"\xef\xbb\xbf")
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<!--")
# Bytes that never occur in a text file (tab, LF, FF, CR and ESC excluded).
_BINARY_BYTES = bytes(range(0, 9)) + bytes([11]) + bytes(range(14, 27)) + bytes(range(28, 32))


def decode_lines(stream: BinaryIO, sink: DiagnosticSink, text_format: TextFormat = TAGGED_TEXT,
                 decoding: Decoding | None = None) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` for every line of ``stream``, without line endings.

    ``text_format`` is the format the lines are in; ``decoding``, when given, records what
    was decided about the encoding as the lines are read.
    """
    prepared = _prepare(stream, sink, text_format, decoding or Decoding())
    if prepared is None:
        return
    decoder, pieces = prepared
    for piece in pieces:
        yield from decoder.text(piece) if isinstance(piece, str) else decoder.block(piece)


def decode_line_blocks(stream: BinaryIO, sink: DiagnosticSink,
                       text_format: TextFormat = TAGGED_TEXT, decoding: Decoding | None = None,
                       ) -> Iterator[tuple[int, list[str]]]:
    """The lines :func:`decode_lines` gives, a block at a time: ``(first line's number, lines)``.

    For callers that take lines in bulk (the BibTeX reader): a clean
    block costs no Python per line.  Messages about a block's lines are
    reported while it is decoded, before it is returned; each names its line.
    """
    prepared = _prepare(stream, sink, text_format, decoding or Decoding())
    if prepared is None:
        return
    decoder, pieces = prepared
    for piece in pieces:
        if isinstance(piece, str):
            first = decoder.number + 1
            yield first, [line for _, line in decoder.text(piece)]
        else:
            yield decoder.lines_of(piece)


def _prepare(stream: BinaryIO, sink: DiagnosticSink, text_format: TextFormat,
             decoding: Decoding) -> tuple[_LineDecoder, Iterator[bytes | str]] | None:
    """A decoder and what it decodes: blocks of bytes, and text already decoded (UTF-16);
    ``None`` when there is nothing to read (empty, or refused with an error)."""
    head = stream.read(HEAD_SIZE)
    if not head:
        return None
    if len(head) == HEAD_SIZE:
        head += stream.readline()  # finish the last line so lines never split at the seam

    decoding.note_start(head)
    decoder = _LineDecoder(sink, text_format, decoding)
    utf16 = _utf16_encoding(head)
    if utf16 is not None:
        encoding, has_bom = utf16
        if not has_bom:
            decoding.utf16_guessed = True
            sink.warning(printed("TXT006"), 1, f"the file has no byte-order mark but looks like "
                         f"{encoding.upper()}; read as {encoding.upper()}")
        return decoder, _utf16_pieces(head + stream.read(), encoding, decoder)

    refusal = _why_not_text(head, text_format.name)
    if refusal:
        decoding.not_text = True
        sink.error(printed("TXT005"), 1, refusal)
        return None
    return decoder, _pieces(head, stream, decoder)


#: A UTF-16 byte-order mark at the start of a line of 8-bit text: another file begins there.
#: Blocks end at a line feed, so the start of a block is the start of a line too.
_UTF16_MARK_AT_LINE_START = re.compile(rb"(?:^|(?<=\n))(?:\xff\xfe|\xfe\xff)")


def _pieces(head: bytes, stream: BinaryIO, decoder: _LineDecoder) -> Iterator[bytes | str]:
    """The input's 8-bit blocks, and the UTF-16 text of a file joined after them."""
    blocks = _Blocks(head, stream)
    decoder.lookahead = blocks.peek
    for block in blocks:
        # Both marks hold the byte FE, which UTF-8 never has: one search for it (memchr) spares
        # the pattern nearly every block (benchmarks/README.md, "Figures behind the code").
        mark = _UTF16_MARK_AT_LINE_START.search(block) if b"\xfe" in block else None
        if mark is None:
            yield block
            continue
        if mark.start():
            yield block[:mark.start()]
        # The decoder has taken every line before the mark: its count names the line.
        decoder.decoding.joined = True
        decoder.sink.warning(printed("TXT004"), decoder.number + 1, "a UTF-16 byte-order mark "
                             "starts this line: read as UTF-16 from here (were two exports "
                             "joined into one file?)")
        rest = block[mark.start():] + blocks.rest()
        yield from _utf16_pieces(rest, "utf-16-le" if rest[:1] == b"\xff" else "utf-16-be",
                                 decoder)
        return


def _utf16_pieces(data: bytes, encoding: str, decoder: _LineDecoder) -> Iterator[bytes | str]:
    """UTF-16 ``data`` (with or without its mark) as text, and what follows it in 8-bit text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data[:1] == b"\xff" else "utf-16-be"
        data = data[2:]
    eight_bit_after = _eight_bit_after(decoder.text_format.line_start, encoding)
    eight_bit = eight_bit_after.search(data)
    while eight_bit is not None and eight_bit.start() % 2:
        eight_bit = eight_bit_after.search(data, eight_bit.start() + 1)
    end = eight_bit.start() if eight_bit is not None else len(data)
    yield data[:end].decode(encoding, errors="replace")
    if eight_bit is None:
        return
    decoder.decoding.joined = True
    decoder.sink.warning(printed("TXT004"), decoder.number + 1, "this line is not UTF-16 like "
                         "the lines before it: read as 8-bit text from here (were two exports "
                         "joined into one file?)")
    decoder.start_new_file()
    rest = data[end:]
    if rest.startswith(b"\xef\xbb\xbf"):
        rest = rest[3:]  # the mark of the file that starts here, reported just now
    yield from _pieces(rest, io.BytesIO(), decoder)


def decode_bytes(data: bytes, sink: DiagnosticSink,
                 text_format: TextFormat = TAGGED_TEXT) -> list[tuple[int, str]]:
    """:func:`decode_lines` for data already in memory."""
    return list(decode_lines(io.BytesIO(data), sink, text_format))


def _utf16_encoding(head: bytes) -> tuple[str, bool] | None:
    """``(codec, had_bom)`` when the input is UTF-16, else ``None``."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", True  # the codec reads the mark and picks the byte order
    sample = _before_joined_utf16(head[:4096])
    if len(sample) < 16:
        return None  # too little to tell UTF-16 from a few bytes of binary
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-heavy UTF-16 has a NUL in every other byte and (almost) none in the rest.
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        guess = "utf-16-le"
    elif even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        guess = "utf-16-be"
    else:
        return None
    # Binary data can have the same NUL pattern; real UTF-16 text decodes to printable text.
    decoded = sample[: len(sample) // 2 * 2].decode(guess, errors="replace")
    unprintable = sum(1 for ch in decoded if (ch < " " and ch not in "\t\r\n") or ch == "\ufffd")
    return (guess, False) if unprintable <= len(decoded) // 100 else None


def _before_joined_utf16(sample: bytes) -> bytes:
    """``sample`` up to a UTF-16 file joined after a line of it: the start decides the file."""
    joined = _UTF16_MARK_AT_LINE_START.search(sample)
    return sample if joined is None else sample[:joined.start()]


def _why_not_text(head: bytes, format_name: str) -> str | None:
    """A message explaining why ``head`` is not a text file, or ``None`` if it is text."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_MARKUP_STARTS):
        return (f"the file is an HTML/XML document, not {format_name} (an error page saved by a "
                f"browser?); export the records again as {format_name}")
    sample = _before_joined_utf16(head[:8192])
    binary = sum(sample.count(b) for b in _BINARY_BYTES)
    if binary > max(8, len(sample) // 100):
        return ("the file is not text (it holds binary data: a PDF, an archive or a database "
                f"file?); give risx a {format_name} file")
    return None


class _Blocks:
    """The input in large pieces that each end at a line feed (the last one may not).

    :meth:`rest` hands over what is not yet returned, for a caller that stops reading in
    blocks (a UTF-16 file joined after this one: its line feeds are two bytes).
    """

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._pending = head
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        while True:
            chunk = self._stream.read(BLOCK_SIZE)
            if not chunk:
                break
            self._pending += chunk
            cut = self._pending.rfind(b"\n") + 1
            if cut:
                block, self._pending = self._pending[:cut], self._pending[cut:]
                yield block
        if self._pending:
            block, self._pending = self._pending, b""
            yield block

    def rest(self) -> bytes:
        data, self._pending = self._pending + self._stream.read(), b""
        return data

    def peek(self, size: int) -> bytes:
        """Up to ``size`` bytes after the last block returned, read ahead but not consumed."""
        while len(self._pending) < size:
            chunk = self._stream.read(max(BLOCK_SIZE, size - len(self._pending)))
            if not chunk:
                break
            self._pending += chunk
        return self._pending[:size]


class _LineDecoder:
    """Decodes blocks of whole lines, keeping the encoding decision and the line count.

    The fast path decodes a whole block at once and splits it with
    ``str.splitlines`` (both in C); a block that is not clean UTF-8, or holds
    characters that need a diagnostic or a different split, takes the slow
    path line by line.  Both paths give the same lines.
    """

    def __init__(self, sink: DiagnosticSink, text_format: TextFormat,
                 decoding: Decoding) -> None:
        self.sink = sink
        self.text_format = text_format
        self.decoding = decoding
        self.number = 0
        self.windows_1252 = False
        #: How 8-bit lines are decoded once the file is known not to be UTF-8.
        self.decode_8bit = _decode_cp1252
        self.seen_utf8_multibyte = False
        #: The block being read line by line, and where its current line starts: the evidence
        #: for Mac Roman when a line turns out not to be UTF-8.
        self.careful_block = b""
        self.block_offset = 0
        #: The bytes after the current block (read ahead, not consumed), for the evidence.
        self.lookahead: Callable[[int], bytes] = _nothing_ahead

    def start_new_file(self) -> None:
        """Forget the encoding decided so far: the lines from here come from another file."""
        self.windows_1252 = False
        self.decode_8bit = _decode_cp1252
        self.seen_utf8_multibyte = False

    def block(self, data: bytes) -> Iterator[tuple[int, str]]:
        lines = self._clean_lines(data)
        if lines is not None:
            first = self.number + 1
            self.number += len(lines)
            yield from enumerate(lines, start=first)
        else:
            yield from self._careful_lines(data)

    def _careful_lines(self, data: bytes) -> Iterator[tuple[int, str]]:
        """The lines of a block that is not clean UTF-8, by the rules of the module doc."""
        text = self._utf8(data)
        if text is not None:
            yield from self.text(text)
            return
        pieces = data.split(b"\n")
        if pieces[-1] == b"":
            pieces.pop()  # the line feed that ends the block does not start a line
        self.careful_block = data
        offset = 0
        for raw in pieces:
            self.block_offset = offset
            offset += len(raw) + 1
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            for piece in raw.split(b"\r") if b"\r" in raw else (raw,):
                yield from self._decode_line(piece)
        self.careful_block = b""

    def lines_of(self, data: bytes) -> tuple[int, list[str]]:
        """:meth:`block` as ``(first line's number, lines)``."""
        first = self.number + 1
        lines = self._clean_lines(data)
        if lines is not None:
            self.number += len(lines)
            return first, lines
        return first, [line for _, line in self._careful_lines(data)]

    def _clean_lines(self, data: bytes) -> list[str] | None:
        """The lines of a clean UTF-8 block (the common case), split in C; else ``None``.

        Clean means no character that needs a message or a different split
        (:data:`_NEEDS_CARE`), looked for in the bytes: each such character
        has one encoding in UTF-8, and searching the bytes is faster than a
        regular expression on the text (benchmarks/README.md).
        """
        if self.windows_1252 or any(mark in data for mark in _NEEDS_CARE_BYTES):
            return None
        text = self._utf8(data)
        return None if text is None else text.splitlines()

    def _utf8(self, data: bytes) -> str | None:
        """The block decoded as UTF-8 in one go, or ``None`` when it needs the line-by-line rules."""
        if self.windows_1252 or b"\x00" in data:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if not self.seen_utf8_multibyte and not data.isascii():
            self.seen_utf8_multibyte = True
        return text

    def text(self, text: str) -> Iterator[tuple[int, str]]:
        """Lines of decoded text."""
        if _NEEDS_CARE.search(text) is None:
            lines = text.splitlines()
            first = self.number + 1
            self.number += len(lines)
            yield from enumerate(lines, start=first)
            return
        pieces = LINE_BREAKS.split(text)
        if pieces and pieces[-1] == "":
            pieces.pop()  # the break that ends the last line does not start a new one
        for piece in pieces:
            self.number += 1
            if "\x00" in piece:
                self.sink.warning(printed("TXT003"), self.number,
                                  f"{piece.count(chr(0))} NUL character(s) dropped from this line")
                piece = piece.replace("\x00", "")
            yield self.number, self._drop_bom(piece, self.number)

    def _decode_line(self, raw: bytes) -> Iterator[tuple[int, str]]:
        """One line that needs care, decoded on its own (the encoding rules of the module doc)."""
        line = self.number + 1
        if b"\x00" in raw:
            self.sink.warning(printed("TXT003"), line, f"{raw.count(0)} NUL byte(s) dropped from "
                              f"this line")
            raw = raw.replace(b"\x00", b"")
        if self.windows_1252:
            text = self.decode_8bit(raw)
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                if self.seen_utf8_multibyte:
                    self.decoding.damaged = True
                    self.sink.warning(printed("TXT002"), line, "this line has bytes that are "
                                      "not valid UTF-8; they were replaced with U+FFFD (check "
                                      "the characters here)")
                    text = raw.decode("utf-8", errors="replace")
                else:
                    self._leave_utf8(line, self._evidence() or raw)
                    text = self.decode_8bit(raw)
            else:
                if not self.seen_utf8_multibyte and _UTF8_MULTIBYTE.search(raw):
                    self.seen_utf8_multibyte = True
        has_separator = "\u2028" in text or "\u2029" in text
        for piece in LINE_BREAKS.split(text) if has_separator else (text,):
            self.number += 1
            yield self.number, self._drop_bom(piece, self.number)

    def _evidence(self) -> bytes:
        """The :data:`MAC_ROMAN_WINDOW` bytes from the start of the current line: the same
        bytes wherever the blocks are cut (they end at line feeds)."""
        rest = self.careful_block[self.block_offset:self.block_offset + MAC_ROMAN_WINDOW]
        if len(rest) < MAC_ROMAN_WINDOW:
            rest += self.lookahead(MAC_ROMAN_WINDOW - len(rest))
        return rest

    def _leave_utf8(self, line: int, evidence: bytes) -> None:
        """The file is not UTF-8 (first seen on ``line``): Mac Roman when ``evidence``, the
        rest of the block, says so clearly, else Windows-1252; one warning either way."""
        self.windows_1252 = True
        self.decoding.windows_1252 = True
        if looks_like_mac_roman(evidence):
            self.decode_8bit = _decode_mac_roman
            self.decoding.mac_roman = True
            self.sink.warning(printed("TXT008"), line, "the file is not UTF-8 (first non-UTF-8 "
                              "byte on this line) and its accented letters and punctuation "
                              "read as words only in Mac Roman (a file written on macOS): read "
                              "as Mac Roman: check accented letters")
            return
        self.sink.warning(printed("TXT001"), line, "the file is not UTF-8 (first "
                          "non-UTF-8 byte on this line); read as Windows-1252: "
                          "check accented letters")

    def _drop_bom(self, text: str, number: int) -> str:
        if BOM not in text:
            return text
        if not (number == 1 and text.lstrip(" ").startswith(BOM) and text.count(BOM) == 1):
            self.decoding.joined = True
            self.sink.warning(printed("TXT004"), number, "a byte-order mark inside the file was "
                              "dropped (were two exports joined into one file?)")
        return text.replace(BOM, "")


def _decode_cp1252(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        # Five byte values are undefined in Windows-1252; Latin-1 keeps them as C1 controls.
        return "".join(bytes([b]).decode("cp1252", errors="strict")
                       if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in raw)


def _nothing_ahead(size: int) -> bytes:
    return b""


def _decode_mac_roman(raw: bytes) -> str:
    return raw.decode("mac_roman")  # every byte value is defined


# Mac Roman or Windows-1252 --------------------------------------------------------------------

#: How much of the file, from the first line that is not UTF-8, the choice is made on.
MAC_ROMAN_WINDOW = 64 * 1024
#: How many high bytes must read badly in Windows-1252 before Mac Roman is considered.
MAC_ROMAN_EVIDENCE = 3
#: Punctuation that opens a word (may stand before a letter), closes one (after a letter), or
#: stands between words or numbers, in either encoding.
_OPENING = frozenset("\u201c\u2018\u00ab\u201e\u201a\u00bf\u00a1([")
_CLOSING_MARKS = frozenset("\u2019\u201d\u00bb\u2026.,;:!?)]\u2122\u00ae\u00b0")
_BETWEEN = frozenset("\u2013\u2014\u00b1\u00d7\u00b7\u2022\u00a0")


def _reads_badly(char: str, before: int, after: int) -> bool:
    """Whether ``char`` (one high byte decoded) makes no sense between the ASCII bytes
    ``before`` and ``after`` (0 at an edge, or for a byte above 127)."""
    letter_before = 65 <= before <= 90 or 97 <= before <= 122
    lower_before = 97 <= before <= 122
    letter_after = 65 <= after <= 90 or 97 <= after <= 122
    lower_after = 97 <= after <= 122
    digits_around = 48 <= before <= 57 and 48 <= after <= 57
    if char.isalpha():
        if digits_around:
            return True  # "1990Ð2000": a letter between two numbers is a dash misread
        if char.isupper():
            # A capital after a small letter, or inside a word ("caf\u00c8", "R\u017dunion").
            return lower_before or (letter_before and lower_after)
        return False
    if char == "\u2019":
        return False  # an apostrophe may stand anywhere in a word ("don\u2019t")
    if char in _OPENING:
        return letter_before and letter_after
    if char in _CLOSING_MARKS:
        return letter_before and letter_after and char != "."
    if char in _BETWEEN:
        return letter_before and letter_after
    # Any other symbol ("\u2021", "\u2030", "\u02c6", "\u00b8", "\u221a") next to a letter.
    return letter_before or letter_after


@functools.lru_cache(maxsize=2)
def _high_chars(codec: str) -> tuple[str, ...]:
    """The characters bytes 128-255 decode to in ``codec`` ("" where it defines none)."""
    return tuple(bytes([b]).decode(codec, errors="ignore") for b in range(128, 256))


def looks_like_mac_roman(data: bytes) -> bool:
    """Whether the high bytes of ``data`` (8-bit text that is not UTF-8) read clearly better
    as Mac Roman than as Windows-1252.

    Each byte above 127 is read in both encodings and judged with its ASCII neighbours
    (:func:`_reads_badly`): a capital inside a small-letter word, a symbol against a letter,
    a letter between digits.  Mac Roman wins only when Windows-1252 reads at least
    :data:`MAC_ROMAN_EVIDENCE` bytes badly and Mac Roman five times fewer: a file that reads
    as words in Windows-1252 stays Windows-1252.
    """
    mac, windows = _high_chars("mac_roman"), _high_chars("cp1252")
    mac_bad = windows_bad = 0
    end = len(data)
    for index in range(end):
        byte = data[index]
        if byte < 128:
            continue
        before = data[index - 1] if index else 0
        after = data[index + 1] if index + 1 < end else 0
        before = before if before < 128 else 0
        after = after if after < 128 else 0
        windows_char = windows[byte - 128]
        if not windows_char or _reads_badly(windows_char, before, after):
            windows_bad += 1
        if _reads_badly(mac[byte - 128], before, after):
            mac_bad += 1
    return windows_bad >= MAC_ROMAN_EVIDENCE and mac_bad * 5 <= windows_bad
