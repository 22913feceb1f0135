"""Tests for risx.transforms.dates: every form of notes/ris-reference.md section 4."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risx.transforms.dates import (
    ParsedDate,
    parse_month,
    parse_partial_date,
    parse_ris_date,
    parse_season,
)

Parts = tuple[tuple[int, ...], ...]

# (value, expected parts, expected season, expected other); all read without a problem.
CLEAN: list[tuple[str, Parts, int | None, str]] = [
    # Plain and RIS slash forms.
    ("2016", ((2016,),), None, ""),
    ("2016///", ((2016,),), None, ""),  # DA, Zotero exports
    ("2019//", ((2019,),), None, ""),  # Y1, Ovid
    ("2016/09//", ((2016, 9),), None, ""),  # Y1, EBSCO
    ("2018/05/04/", ((2018, 5, 4),), None, ""),  # DA, EndNote
    ("2018/05/04", ((2018, 5, 4),), None, ""),
    ("2018/04", ((2018, 4),), None, ""),  # colrev-ris/trid_ris.ris
    ("2016/01/", ((2016, 1),), None, ""),
    ("2022/5/5", ((2022, 5, 5),), None, ""),  # seed/troup2022-pure-export.ris
    ("1990/2/27", ((1990, 2, 27),), None, ""),  # zotero-ris/002.ris
    ("2023/11/1/", ((2023, 11, 1),), None, ""),
    ("2001/00/00/", ((2001,),), None, ""),  # jabref-ris/RisImporterTest1.ris: 00 = absent
    ("999/01/02/", ((999, 1, 2),), None, ""),  # three-digit year, slash form only
    # The "other" part.
    ("2019/10//undefined", ((2019, 10),), None, ""),  # db-exports/zotero-export-wos-1000
    ("2003///SPR", ((2003,),), 1, ""),  # db-exports/zotero-export-wos-1000
    ("1993///FAL", ((1993,),), 3, ""),  # db-exports/zotero-export-wos-1000
    ("1998///Spring", ((1998,),), 1, ""),  # 2001 spec example
    ("2000///Winter", ((2000,),), 4, ""),
    ("2000///summer", ((2000,),), 2, ""),
    ("2000///Autumn", ((2000,),), 3, ""),
    ("2019/08/02/Aug2019 Supplement", ((2019, 8, 2),), None, "Aug2019 Supplement"),  # EBSCO Y1
    ("2013/02/15/received", ((2013, 2, 15),), None, "received"),  # RisImporterTest6.ris
    ("2013/03/14/accepted", ((2013, 3, 14),), None, "accepted"),  # RisImporterTest6.ris
    ("2023/01/23/21:42:58", ((2023, 1, 23),), None, "21:42:58"),  # google-scholar-via-zotero
    ("2023/12//Dec2023:Part 1", ((2023, 12),), None, "Dec2023:Part 1"),  # EBSCO
    ("2016///Mar", ((2016, 3),), None, ""),  # month written in the other part
    ("2020/05/06 12:00", ((2020, 5, 6),), None, "12:00"),
    ("2015/Oct/12/", ((2015, 10, 12),), None, ""),
    # ISO and other dashed forms.
    ("2023-10-24", ((2023, 10, 24),), None, ""),  # citation-js-ris/input/012.ris
    ("2023-10", ((2023, 10),), None, ""),
    ("2023-10-24T10:15:00Z", ((2023, 10, 24),), None, "10:15:00Z"),
    ("2012-August-08", ((2012, 8, 8),), None, ""),  # db-exports/endnote-export-mixed
    ("2015/october", ((2015, 10),), None, ""),  # jabref-ris/RisImporterTest7.ris
    ("20170812", ((2017, 8, 12),), None, ""),
    # Worded forms.
    ("MAY 2024", ((2024, 5),), None, ""),  # WoS C6
    ("Mar. 2017", ((2017, 3),), None, ""),  # colrev-ris/ieee_ris.ris
    ("May 5, 2022", ((2022, 5, 5),), None, ""),
    ("5 May 2022", ((2022, 5, 5),), None, ""),
    ("September 2019", ((2019, 9),), None, ""),
    ("2020 May 5", ((2020, 5, 5),), None, ""),
    ("1st June 2021", ((2021, 6, 1),), None, ""),
    ("Spring 2003", ((2003,),), 1, ""),
    ("2003 Fall", ((2003,),), 3, ""),
    # Ranges.
    ("1984 - 1985", ((1984,), (1985,)), None, ""),  # citation-js-ris/input/015.ris
    ("2001-2003", ((2001,), (2003,)), None, ""),
    ("2001/2003", ((2001,), (2003,)), None, ""),
    ("1998-99", ((1998,), (1999,)), None, ""),
    ("1999-1999", ((1999,),), None, ""),
    ("MAY-JUN 2020", ((2020, 5), (2020, 6)), None, ""),
    ("2020 May-Jun", ((2020, 5), (2020, 6)), None, ""),
    ("4-8 Aug. 2020", ((2020, 8, 4), (2020, 8, 8)), None, ""),  # colrev-ris/ieee_ris.ris
    ("Aug 4-8, 2020", ((2020, 8, 4), (2020, 8, 8)), None, ""),
    ("30 Jun - 2 Jul 2020", ((2020, 6, 30), (2020, 7, 2)), None, ""),
    ("Dec 2019 - Jan 2020", ((2019, 12), (2020, 1)), None, ""),
    # US order when the numbers make it unambiguous.
    ("12/25/2020", ((2020, 12, 25),), None, ""),
    ("25/12/2020", ((2020, 12, 25),), None, ""),
]


@pytest.mark.parametrize(("value", "parts", "season", "other"), CLEAN)
def test_clean_dates(value: str, parts: Parts, season: int | None, other: str) -> None:
    result = parse_ris_date(value)
    assert result.problem == ""
    assert result.date is not None
    assert result.date.parts == parts
    assert result.date.season == season
    assert result.date.raw == value.strip()
    assert result.other == other


# Values that mean "no date": no date, and nothing to warn about.
@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "n.d.",
        "nd",
        "ND",
        "no date",
        "0000",  # zotero-ris/010.ris
        "0000///",
        "0000-00-00",
        "00000000",
        "Undated",
    ],
)
def test_placeholders(value: str) -> None:
    assert parse_ris_date(value) == ParsedDate(None)


# (value, expected parts or None, expected other): read in part, with a problem.
PROBLEMS: list[tuple[str, Parts | None, str]] = [
    ("10 15", None, ""),  # db-exports/faulty-year__asreview.ris
    ("10/15/online", None, ""),  # db-exports/endnote-export-mixed__asysd.ris
    ("Start date: 20170812", ((2017, 8, 12),), "Start date:"),  # colrev-ris/trid_ris.ris
    ("2020/13/45", ((2020,),), ""),
    ("2020/02/30", ((2020, 2),), ""),
    ("2021/02/29/", ((2021, 2),), ""),  # not a leap year
    ("2020-13-01", ((2020,),), ""),
    ("20171399", ((2017,),), ""),
    ("2019//15/", ((2019,),), ""),  # a day without a month
    ("2019/xx/", ((2019,),), ""),
    ("Feb 30 2020", ((2020, 2),), ""),
    ("1985 - 1984", ((1985,),), ""),
    ("06/07/2020", ((2020,),), ""),  # day and month order unclear
    ("c1998", ((1998,),), "c"),
    ("Date Published", None, ""),  # EndNote template label, not a date
    ("YEAR/MONTH/DAY/", None, ""),
    ("0.5.0", None, ""),
    ("///", None, ""),
    # Year-less values: read with parse_partial_date and PY's year.
    ("Jun", None, ""),
    ("Mar 16", None, ""),
    ("MAY-JUN", None, ""),
]


@pytest.mark.parametrize(("value", "parts", "other"), PROBLEMS)
def test_problem_dates(value: str, parts: Parts | None, other: str) -> None:
    result = parse_ris_date(value)
    assert result.problem
    if parts is None:
        assert result.date is None
    else:
        assert result.date is not None
        assert result.date.parts == parts
        assert result.date.raw == value
    assert result.other == other


def test_leap_day_is_kept() -> None:
    result = parse_ris_date("2020/02/29/")
    assert result.date is not None
    assert result.date.parts == ((2020, 2, 29),)
    assert result.problem == ""


def test_raw_is_stripped_input() -> None:
    result = parse_ris_date("  2016/09//  ")
    assert result.date is not None
    assert result.date.raw == "2016/09//"


# Year-less values written by EndNote, Rayyan and WoS (DA of db-exports/wos__asysd.ris,
# rayyan-export__asreview.ris).
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jun", (6, None)),
        ("JUN", (6, None)),
        ("Mar 16", (3, 16)),
        ("AUG", (8, None)),
        ("FEB 28", (2, 28)),
        ("Feb 29", (2, 29)),  # the year is unknown yet, so 29 February may be right
        ("Feb 30", (2, None)),
        ("16 Mar", (3, 16)),
        ("February 01", (2, 1)),
        ("MAY-JUN", (5, None)),
        ("NOV-DEC", (11, None)),
        ("Sept.", (9, None)),
        ("", (None, None)),
        ("Edition", (None, None)),
        ("16", (None, None)),
        ("Date Published", (None, None)),
    ],
)
def test_partial_dates(value: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_partial_date(value) == expected


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("May", 5),
        ("MAY", 5),
        ("may.", 5),
        ("Sept", 9),
        ("Sep", 9),
        ("october", 10),
        ("5", 5),
        ("05", 5),
        ("12", 12),
        ("0", None),
        ("13", None),
        ("005", None),
        ("Ma", None),
        ("Mayday", None),
        ("", None),
        ("  Jan ", 1),
    ],
)
def test_parse_month(text: str, month: int | None) -> None:
    assert parse_month(text) == month


@pytest.mark.parametrize(
    ("text", "season"),
    [("SPR", 1), ("Spring", 1), ("SUM", 2), ("FAL", 3), ("Fall", 3), ("autumn", 3), ("WIN", 4)],
)
def test_parse_season(text: str, season: int) -> None:
    assert parse_season(text) == season


@settings(max_examples=200)
@given(st.text())
def test_never_raises(value: str) -> None:
    result = parse_ris_date(value)
    if result.date is not None:
        assert result.date.raw == value.strip()
        for part in result.date.parts:
            assert 1 <= part[0] <= 9999
            if len(part) > 1:
                assert 1 <= part[1] <= 12
    parse_partial_date(value)
    parse_month(value)


# Text built from date-like pieces reaches the deeper branches more often than random text.
_PIECES = st.sampled_from(
    ["2020", "0000", "99", "5", "31", "/", "-", " ", "May", "SPR", "Aug.", ",", "T", ":", "n.d."]
)


@settings(max_examples=200)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_never_raises_on_date_like_text(value: str) -> None:
    result = parse_ris_date(value)
    if result.date is not None:
        assert result.date.parts
        if len(result.date.parts) == 2:
            assert result.date.parts[0] < result.date.parts[1]
    parse_partial_date(value)
