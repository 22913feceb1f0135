"""Page rules of risx.transforms.pages (PAGE-DASH, PAGE-EXPAND, PAGE-LETTER, PAGE-JOIN,
PAGE-TRAIL, PAGE-ARTNO), with made-up values in the shapes exporters write them (issue 16,
item 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from risx.transforms.pages import PageReading, normalise_pages, read_page_range


@pytest.mark.parametrize(("start", "end", "expected"), [
    # PAGE-EXPAND: RIS SP/EP with an abbreviated last page (PubMed, Ovid).
    ("731", "9", PageReading("731-739")),
    ("315", "23", PageReading("315-323")),
    ("1123", "9", PageReading("1123-1129")),
    ("98", "102", PageReading("98-102")),
    # PAGE-LETTER: the first page's letters carried to a bare last page.
    ("D396", "400", PageReading("D396-D400")),  # Nucleic Acids Research database issue
    ("S12", "9", PageReading("S12-S19")),  # a supplement
    ("415", "U53", PageReading("415-U53")),  # Web of Science: another kind of page, as written
    # PAGE-JOIN.
    ("1250-1251", "1251", PageReading("1250-1251")),
    ("12", "12", PageReading("12")),
    ("", "44", PageReading("44")),
    ("7", "", PageReading("7")),
    # PAGE-TRAIL: IEEE puts the volume after the last page.
    ("2103", "2113 vol.3", PageReading("2103-2113", rest="vol.3")),
    # PAGE-ARTNO: five or more digits, start = end.
    ("105000", "105000", PageReading("", number="105000")),
    ("e0267787", "", PageReading("", number="e0267787")),
    # Not an abbreviation of anything after the first page: as written.
    ("29", "3", PageReading("29-3")),
])
def test_ris_start_and_end_pages(start: str, end: str, expected: PageReading) -> None:
    assert read_page_range(start, end) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("731\u20139", "731-739"),  # en dash (Cochrane, CSL-JSON from Zotero)
    ("12\u201018", "12-18"),  # U+2010 hyphen
    ("12\u201118", "12-18"),  # U+2011 non-breaking hyphen
    ("12\u201218", "12-18"),  # U+2012 figure dash
    ("12\u221218", "12-18"),  # U+2212 minus
    ("12 -- 19", "12-19"),
    ("12-15, 20-5", "12-15, 20-25"),
    ("D396-400", "D396-D400"),
    ("1,234", "1,234"),  # a thousands separator, not a list
    ("iii-xii", "iii-xii"),  # Roman numerals: not a plain number range
    ("2297-2108", "2297-2108"),  # a typo: left alone
    ("pp. 12", "pp. 12"),
    ("\u201312", "\u201312"),  # a dash that is not between two pages
])
def test_one_page_value(value: str, expected: str) -> None:
    assert normalise_pages(value) == expected


@given(st.integers(1, 10**6), st.integers(0, 10**7), st.sampled_from(["", "S", "D", "e"]))
def test_a_range_that_is_not_abbreviated_never_changes(first: int, last: int, prefix: str) -> None:
    last_text = str(last).rjust(len(str(first)), "1") if last < 10 ** (len(str(first)) - 1) \
        else str(last)
    value = f"{prefix}{first}-{prefix}{last_text}"
    assert len(last_text) >= len(str(first))
    assert normalise_pages(value) == value


@given(st.integers(10, 10**6), st.data())
def test_an_abbreviated_range_keeps_its_digits_and_ends_after_the_first(first: int,
                                                                        data: st.DataObject,
                                                                        ) -> None:
    digits = data.draw(st.integers(1, len(str(first)) - 1))
    last = data.draw(st.text("0123456789", min_size=digits, max_size=digits))
    result = normalise_pages(f"{first}-{last}")
    start, _, end = result.partition("-")
    assert start == str(first)
    assert end.endswith(last)
    if end != last:
        assert len(end) == len(start) and int(end) > first
