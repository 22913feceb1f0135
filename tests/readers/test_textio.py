"""Input decoding: encodings, byte-order marks, line endings, NUL bytes, non-text input."""

from __future__ import annotations

import io
from itertools import pairwise
from unittest.mock import patch

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from risx import textio
from risx.diagnostics import DiagnosticSink, collect
from risx.textio import decode_bytes, decode_lines


def decode(data: bytes) -> tuple[list[tuple[int, str]], list[tuple[str, int | None]]]:
    found, report = collect()
    lines = decode_bytes(data, DiagnosticSink(report, "in.ris"))
    return lines, [(d.code, d.line) for d in found]


def test_utf8_without_bom() -> None:
    lines, problems = decode("TY  - JOUR\nTI  - Ærø café\nER  - \n".encode())
    assert lines == [(1, "TY  - JOUR"), (2, "TI  - Ærø café"), (3, "ER  - ")]
    assert problems == []


def test_utf8_bom_on_first_line_is_dropped_silently() -> None:
    lines, problems = decode(b"\xef\xbb\xbfTY  - JOUR\r\nER  - \r\n")
    assert lines == [(1, "TY  - JOUR"), (2, "ER  - ")]
    assert problems == []


def test_bom_in_the_middle_from_joined_files_is_dropped_with_a_warning() -> None:
    data = b"\xef\xbb\xbfTY  - JOUR\nER  - \n\xef\xbb\xbfTY  - BOOK\nER  - \n"
    lines, problems = decode(data)
    assert [text for _, text in lines] == ["TY  - JOUR", "ER  - ", "TY  - BOOK", "ER  - "]
    assert problems == [("RIS004", 3)]


def test_utf16_le_and_be_with_bom() -> None:
    text = "TY  - JOUR\r\nTI  - Ünïcode\r\nER  - \r\n"
    for data in (b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")):
        lines, problems = decode(data)
        assert lines == [(1, "TY  - JOUR"), (2, "TI  - Ünïcode"), (3, "ER  - ")]
        assert problems == []


def test_utf16_without_bom_is_recognised_with_a_warning() -> None:
    lines, problems = decode("TY  - JOUR\nTI  - Title\nER  - \n".encode("utf-16-le"))
    assert [t for _, t in lines] == ["TY  - JOUR", "TI  - Title", "ER  - "]
    assert problems == [("RIS006", 1)]


UTF8_PART = "TY  - JOUR\nTI  - Eins Straße\nER  - \n"
UTF16_PART = "TY  - JOUR\r\nTI  - Zwei Straße\r\nER  - \r\n"
CP1252_PART = "TY  - JOUR\r\nTI  - Drei “Straße”\r\nER  - \r\n"
EXPECTED_LINES = ["TY  - JOUR", "TI  - Eins Straße", "ER  - ", "TY  - JOUR", "TI  - Zwei Straße",
                  "ER  - ", "TY  - JOUR", "TI  - Drei “Straße”", "ER  - "]


@pytest.mark.parametrize(("mark", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_files_joined_with_cat_keep_each_its_own_encoding(mark: bytes, codec: str) -> None:
    # UTF-8, then a UTF-16 export, then a Windows-1252 one: what `cat` makes of three exports.
    utf16 = mark + (UTF16_PART * 200).encode(codec)  # more than the sniffer's sample
    data = UTF8_PART.encode() + utf16 + CP1252_PART.encode("cp1252")
    lines, problems = decode(data)
    assert [t for _, t in lines] == EXPECTED_LINES[:3] + EXPECTED_LINES[3:6] * 200 + EXPECTED_LINES[6:]
    assert [n for n, _ in lines] == list(range(1, len(lines) + 1))
    # Where UTF-16 starts, where it ends, and the third file's encoding decided afresh.
    assert problems == [("RIS004", 4), ("RIS004", 604), ("RIS001", 605)]


@pytest.mark.parametrize("utf8_mark", [b"", b"\xef\xbb\xbf"])
def test_a_utf16_file_then_a_utf8_one(utf8_mark: bytes) -> None:
    data = b"\xff\xfe" + UTF16_PART.encode("utf-16-le") + utf8_mark + UTF8_PART.encode()
    lines, problems = decode(data)
    assert [t for _, t in lines] == EXPECTED_LINES[3:6] + EXPECTED_LINES[:3]
    assert problems == [("RIS004", 4)]


def test_utf16_without_a_mark_then_utf8() -> None:
    data = (UTF16_PART * 3).encode("utf-16-le") + UTF8_PART.encode()
    lines, problems = decode(data)
    assert [t for _, t in lines] == EXPECTED_LINES[3:6] * 3 + EXPECTED_LINES[:3]
    assert problems == [("RIS006", 1), ("RIS004", 10)]


def test_a_whole_utf16_file_never_switches_back() -> None:
    # Lines that would look like 8-bit tag lines if their NUL bytes were ignored stay UTF-16.
    text = "TY  - JOUR\r\nTI  - TY  - x\r\nN1  - \ufeffAB  - y\r\nER  - \r\n" * 50
    for codec in ("utf-16-le", "utf-16-be"):
        lines, problems = decode(text.encode("utf-16") if codec == "utf-16-le"
                                 else b"\xfe\xff" + text.encode(codec))
        assert [t for _, t in lines][:4] == ["TY  - JOUR", "TI  - TY  - x", "N1  - AB  - y",
                                             "ER  - "]
        assert len(lines) == 200
        # The only messages: the mark inside each N1 line, dropped.
        assert problems == [("RIS004", 3 + 4 * k) for k in range(50)]


def test_cp1252_file_is_read_as_cp1252_with_one_warning() -> None:
    data = "TY  - JOUR\r\nAU  - Müller, Jürgen\r\nTI  - “Quoted” – dash\r\nER  - \r\n".encode("cp1252")
    lines, problems = decode(data)
    assert lines[1] == (2, "AU  - Müller, Jürgen")
    assert lines[2] == (3, "TI  - “Quoted” – dash")
    assert problems == [("RIS001", 2)]


# Made-up records in the shape R's RIS writers give on macOS (Mac Roman, CR or LF line ends).
MAC_TEXTS = [
    "TY  - JOUR\nAU  - Lefèvre, Hélène\nTI  - Patients’ “quality of life” after café visits\n"
    "AB  - Réduction of 10–20% in the élite cohort… and more\nER  - \n",
    "TY  - JOUR\nAU  - Müller, Jürgen\nAU  - Gómez, José\nTI  - Straße und Größe: Ärzte im "
    "Gespräch\nKW  - niño; año\nER  - \n",
]


@pytest.mark.parametrize("text", MAC_TEXTS)
def test_a_mac_roman_file_is_read_as_mac_roman_with_one_warning(text: str) -> None:
    lines, problems = decode(text.encode("mac_roman"))
    assert [line for _, line in lines] == text.splitlines()
    assert problems == [("RIS008", 2)]  # TXT008, beside TXT001 under its printed name


@pytest.mark.parametrize("text", MAC_TEXTS)
def test_the_same_text_in_windows_1252_stays_windows_1252(text: str) -> None:
    lines, problems = decode(text.encode("cp1252"))
    assert [line for _, line in lines] == text.splitlines()
    assert problems == [("RIS001", 2)]


def test_windows_1252_stays_unless_mac_roman_is_clearly_better() -> None:
    # Quotes and dashes alone (no accented letters) read as letters in Mac Roman that are
    # plausible at word edges ("\u00ecquoted\u00ee"): not evidence enough against Windows-1252.
    data = "TY  - JOUR\nTI  - “Quoted” – a dash, don’t\nER  - \n".encode("cp1252")
    assert decode(data)[1] == [("RIS001", 2)]
    # Two misread bytes are not enough either (MAC_ROMAN_EVIDENCE is three).
    assert not textio.looks_like_mac_roman("caf\u00e9 r\u00e9sum\u00e9".encode("mac_roman")[:8])


def test_mac_roman_is_described_as_such() -> None:
    decoding = textio.Decoding()
    list(decode_lines(io.BytesIO(MAC_TEXTS[0].encode("mac_roman")),
                      DiagnosticSink(collect()[1], "in.ris"), decoding=decoding))
    assert decoding.describe() == "Mac Roman"


_MAC_PIECES = ["TI  - ", "\n", "\r\n", "caf", "\x8e", "\xd5", "\xd2", "\xd3", "\xe9",
               "\x92", " ", "ab", "R", "1990", "\xd0"]


@given(st.lists(st.sampled_from(_MAC_PIECES), max_size=80), st.integers(min_value=1, max_value=64))
@settings(max_examples=300, deadline=None)
def test_block_size_never_changes_the_8_bit_encoding_chosen(parts: list[str], size: int) -> None:
    """The Mac Roman evidence is the same 64 KB from the line UTF-8 fails on, wherever the
    blocks are cut."""
    data = b"TY  - JOUR\n" + "".join(parts).encode("latin-1")
    expected = decode(data)
    with patch.object(textio, "BLOCK_SIZE", size), patch.object(textio, "HEAD_SIZE", size):
        assert decode(data) == expected


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_names_each_damaged_line() -> None:
    data = "TY  - JOUR\nAU  - Grau‐Andrés, R\nTI  - ok\n".encode() + b"AB  - bad \xff byte\nER  - \n"
    lines, problems = decode(data)
    assert lines[1] == (2, "AU  - Grau‐Andrés, R")
    assert lines[3] == (4, "AB  - bad \ufffd byte")
    assert problems == [("RIS002", 4)]


def test_line_endings_crlf_lf_and_lone_cr_all_split_lines() -> None:
    lines, _ = decode(b"TY  - JOUR\r\nTI  - a\nWE  - x\rAN  - WOS:1\r\nER  - ")
    assert lines == [(1, "TY  - JOUR"), (2, "TI  - a"), (3, "WE  - x"), (4, "AN  - WOS:1"),
                     (5, "ER  - ")]


def test_unicode_line_separators_split_lines() -> None:
    lines, _ = decode("TY  - JOUR\u2028TI  - a\u2029ER  - \n".encode())
    assert [t for _, t in lines] == ["TY  - JOUR", "TI  - a", "ER  - "]


def test_stray_nul_byte_is_dropped_with_its_line_named() -> None:
    lines, problems = decode(b"TY  - JOUR\nTI  - a\x00b\nER  - \n")
    assert lines[1] == (2, "TI  - ab")
    assert problems == [("RIS003", 2)]


def test_binary_input_is_refused_with_one_error() -> None:
    lines, problems = decode(bytes(range(256)) * 40)
    assert lines == []
    assert problems == [("RIS005", 1)]


def test_html_error_page_is_refused() -> None:
    lines, problems = decode(b"<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n")
    assert lines == []
    assert problems == [("RIS005", 1)]


def test_empty_input_has_no_lines_and_no_problems() -> None:
    assert decode(b"") == ([], [])


def test_long_input_crosses_the_sniffing_window_without_splitting_a_line() -> None:
    body = b"".join(b"TY  - JOUR\nTI  - %d \xc3\xa9\nER  - \n" % i for i in range(10000))
    lines, problems = decode(body)
    assert problems == []
    assert len(lines) == 30000
    assert lines[-2] == (29999, "TI  - 9999 é")


PIECES = ["TY  - JOUR", "AU  - Müller, J", "ab", "", "\r", "\n", "\r\n", "\x00", "\ufeff",
          "\u2028", "\x0c", "\x85", "é", "日本", "\xff", "\x80", "  "]


@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(min_value=1, max_value=64))
@settings(max_examples=300, deadline=None)
def test_block_size_never_changes_the_lines_or_the_diagnostics(parts: list[str], size: int) -> None:
    """The fast whole-block path and the line-by-line path must agree wherever blocks are cut."""
    data = "".join(parts).encode("utf-8", errors="surrogateescape")
    data = data.replace("\xff".encode(), b"\xff").replace("\x80".encode(), b"\x80")
    expected = decode(data)
    with patch.object(textio, "BLOCK_SIZE", size):
        assert decode(data) == expected


_EXPORT_LINES = st.lists(st.sampled_from(["TI  - Straße", "AU  - Müller, J", "ER  - ", "",
                                           "KW  - a", "N1  - 日本", "  TY  - JOUR"]),
                         max_size=5)
_EXPORT_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1252"])


def _family(encoding: str) -> str:
    return "16" if encoding.startswith("utf-16") else encoding.replace("-sig", "")


def _tellable(before: str, after: str) -> bool:
    """Whether the reader can tell where an export in ``after`` joined to one in ``before``
    starts: at a change between UTF-16 and 8-bit text, or between two of the same encoding."""
    if "16" in (_family(before), _family(after)):
        return before == after or _family(before) != _family(after)
    return _family(before) == _family(after)


@given(st.lists(st.tuples(_EXPORT_ENCODINGS, _EXPORT_LINES), min_size=1, max_size=4),
       st.integers(min_value=1, max_value=64))
@settings(max_examples=200, deadline=None)
def test_joined_exports_give_each_export_s_own_lines(exports: list[tuple[str, list[str]]],
                                                      size: int) -> None:
    # What the rules can tell apart: exports that each start with a TY line, and neighbours
    # that differ in UTF-16 versus 8-bit text (UTF-8 then Windows-1252 in one run of 8-bit
    # text reads as damaged UTF-8; UTF-16 LE then BE is not recognised).
    encodings = [encoding for encoding, _ in exports]
    assume(all(_tellable(before, after) for before, after in pairwise(encodings)))
    data, expected = b"", []
    for encoding, lines in exports:
        text = "\r\n".join(["TY  - JOUR", *lines]) + "\r\n"
        if encoding == "cp1252":
            text = text.replace("日本", "")
        mark = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
        data += mark + text.encode(encoding)
        expected += text.split("\r\n")[:-1]
    # Small blocks (and a small first block), so that an export starts at a block's start too.
    with patch.object(textio, "BLOCK_SIZE", size), patch.object(textio, "HEAD_SIZE", size):
        lines, problems = decode(data)
        found, report = collect()
        blocks = list(textio.decode_line_blocks(io.BytesIO(data), DiagnosticSink(report, "in.ris")))
    assert [text for _, text in lines] == expected
    assert [number for number, _ in lines] == list(range(1, len(expected) + 1))
    assert {code for code, _ in problems} <= {"RIS001", "RIS004"}
    # What the BibTeX reader decodes (lines a block at a time) is the same.
    assert [(first + i, line) for first, block in blocks for i, line in enumerate(block)] == lines
    assert [(d.code, d.line) for d in found] == problems


def test_line_numbers_match_an_editor_that_honours_every_break() -> None:
    text = "a\r\nb\rc\nd\u2028e\n\nf"
    lines, _ = decode(text.encode())
    assert lines == [(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e"), (6, ""), (7, "f")]


def test_the_byte_test_for_clean_blocks_finds_exactly_the_characters_that_need_care() -> None:
    from risx.textio import _NEEDS_CARE, _NEEDS_CARE_BYTES

    needing_care = [chr(c) for c in range(0x110000)
                    if not 0xD800 <= c < 0xE000 and _NEEDS_CARE.match(chr(c))]
    assert sorted(c.encode("utf-8") for c in needing_care) == sorted(_NEEDS_CARE_BYTES)


def test_line_blocks_give_the_lines_and_messages_of_decode_lines() -> None:
    from risx.textio import decode_line_blocks

    data = ("TY  - JOUR\r\nTI  - A\u2028B\nN1  - x\x00y\n\ufeffTY  - BOOK\nAU  - Ä\n".encode()
            + b"KW  - caf\xe9\nER  - \n") * 3000
    lines_messages, lines_report = collect()
    lines = decode_lines(io.BytesIO(data), DiagnosticSink(lines_report, "x.ris"))
    expected = list(lines)
    blocks_messages, blocks_report = collect()
    blocks = list(decode_line_blocks(io.BytesIO(data), DiagnosticSink(blocks_report, "x.ris")))
    flattened = [(first + i, line) for first, block in blocks for i, line in enumerate(block)]
    assert flattened == expected
    assert blocks_messages == lines_messages
