"""Read the date forms RIS exporters write into :class:`~risx.model.Date`.

The RIS specification asks for ``YYYY/MM/DD/other``, but real exports also
carry ISO dates, English month names, seasons, ranges, year-less values and
plain junk (see ``notes/ris-reference.md`` section 4).  Every function here is
total: any string gives a result, never an exception, and a value that could
only be read in part says why in ``ParsedDate.problem`` so the reader can warn.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from risx.model import Date

__all__ = ["ParsedDate", "parse_month", "parse_partial_date", "parse_ris_date", "parse_season"]


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """The outcome of reading one RIS date value."""

    #: ``None`` when no year could be read, or the value is a placeholder (``0000``, ``n.d.``).
    date: Date | None
    #: The RIS "other info" part, or trailing text that was not used (a time, "received").
    other: str = ""
    #: ``""`` when the value was read completely; else a short reason for a warning.
    problem: str = ""


_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# Seasons as CSL numbers them (1 spring .. 4 winter); WoS writes three-letter codes.
_SEASONS = {
    "spring": 1,
    "spr": 1,
    "summer": 2,
    "sum": 2,
    "summ": 2,
    "autumn": 3,
    "aut": 3,
    "fall": 3,
    "fal": 3,
    "winter": 4,
    "win": 4,
    "wint": 4,
}

# Values exporters write to say "no date"; they are not errors.
_PLACEHOLDERS = frozenset({"n.d.", "n.d", "nd", "no date", "undated", "s.d.", "s.d", "n. d."})

# "other" parts that only mean "nothing here" (Zotero writes ``undefined``).
_EMPTY_OTHER = frozenset({"undefined", "null", "none", "nan"})

_PROBLEM_NO_YEAR = "no year in date"
_PROBLEM_UNREADABLE = "could not read a date"
_PROBLEM_PARTIAL = "date only partly read"
_PROBLEM_IMPOSSIBLE = "impossible month or day dropped"


# --------------------------------------------------------------------------- helpers


def parse_month(text: str) -> int | None:
    """A month number from a name, abbreviation or number ("Sept", "MAY", "may.", "05")."""
    word = text.strip().rstrip(".").strip().lower()
    if not word:
        return None
    if word.isascii() and word.isdigit():
        number = int(word)
        return number if 1 <= number <= 12 and len(word) <= 2 else None
    # Any prefix of at least three letters names a month ("Sept", "Octob").
    if len(word) >= 3 and word.isalpha():
        for index, name in enumerate(_MONTHS, start=1):
            if name.startswith(word):
                return index
    return None


def parse_season(text: str) -> int | None:
    """A CSL season number (1 spring .. 4 winter) from a season word or code ("FAL")."""
    return _SEASONS.get(text.strip().rstrip(".").lower())


def _valid_year(year: int) -> bool:
    return 1 <= year <= 9999


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int | None, month: int) -> int:
    """Days in a month (1-12); without a year allow 29 February, the reader adds the year later."""
    if month == 2 and year is not None and not calendar.isleap(year):
        return 28
    return _DAYS[month - 1]


def _checked_parts(year: int, month: int | None, day: int | None) -> tuple[tuple[int, ...], bool]:
    """Date parts with impossible month/day dropped, and whether something was dropped."""
    if month is None:
        return (year,), day is not None
    if not 1 <= month <= 12:
        return (year,), True
    if day is None:
        return (year, month), False
    if not 1 <= day <= _days_in_month(year, month):
        return (year, month), True
    return (year, month, day), False


def _int_or_none(text: str) -> int | None:
    """A number part, where empty and all-zero parts mean "absent" (``2001/00/00/``)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number or None


def _clean_other(text: str) -> str:
    text = text.strip()
    return "" if text.lower() in _EMPTY_OTHER else text


def _single(
    raw: str,
    year: int,
    month: int | None,
    day: int | None,
    *,
    other: str = "",
    season: int | None = None,
    problem: str = "",
) -> ParsedDate:
    parts, dropped = _checked_parts(year, month, day)
    if dropped and not problem:
        problem = _PROBLEM_IMPOSSIBLE
    return ParsedDate(Date(parts=(parts,), season=season, raw=raw), other, problem)


# --------------------------------------------------------------------------- structured forms

# RIS ``YYYY/MM/DD/other``; any trailing slashes may be missing.  The month part may be
# a name (``2015/october``).  Three-digit years are accepted here only.
_SLASH = re.compile(r"^(\d{3,4})/([^/]*)(?:/([^/]*)(?:/(.*))?)?$", re.DOTALL)
# Two years joined by a slash or dash: ``2001/2003``, ``1984 - 1985``.
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-–—/]\s*(\d{4})$")
# ``1998-99``: a year range with an abbreviated end year.
_SHORT_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{2})$")
# ISO 8601 calendar date, optionally followed by a time; also ``2012-August-08``.
_ISO = re.compile(r"^(\d{3,4})-(\d{1,2}|[^\W\d_]+\.?)(?:-(\d{1,2}))?(?:(?:T|\s+)(.*))?$", re.DOTALL)
# Compact ``YYYYMMDD`` as some databases write it.
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# US ``MM/DD/YYYY`` (EndNote on American systems).
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _parse_slash(raw: str, match: re.Match[str]) -> ParsedDate:
    year = int(match.group(1))
    month_text = match.group(2) or ""
    day_text = match.group(3) or ""
    other = _clean_other(match.group(4) or "")
    # "2020/05/05 12:00" puts a time after the day instead of in the fourth part.
    day_text, _, time_text = day_text.strip().partition(" ")
    other = " ".join(t for t in (time_text.strip(), other) if t)
    if year == 0:  # 0000 stands for "no date"
        return ParsedDate(None, other)
    if not _valid_year(year):
        return ParsedDate(None, other, _PROBLEM_UNREADABLE)

    problem = ""
    month: int | None = None
    if month_text.strip():
        month = _int_or_none(month_text)
        if month is None and month_text.strip().strip("0"):
            month = parse_month(month_text)
            if month is None:
                problem = _PROBLEM_IMPOSSIBLE
        elif month is not None and month > 12:
            problem = _PROBLEM_IMPOSSIBLE
            month = None
    day = _int_or_none(day_text) if day_text.strip() else None
    if day_text.strip() and day is None and day_text.strip().strip("0"):
        problem = _PROBLEM_IMPOSSIBLE

    # The "other" part sometimes carries the season or the month ("1998///Spring").
    season = parse_season(other) if other else None
    if season is not None:
        other = ""
    elif other and month is None and day is None and parse_month(other):
        month, other = parse_month(other), ""
    return _single(raw, year, month, day, other=other, season=season, problem=problem)


def _parse_iso(raw: str, match: re.Match[str]) -> ParsedDate | None:
    year = int(match.group(1))
    month = parse_month(match.group(2))
    if month is None and not match.group(2).isdigit():
        return None  # "2019-foo" is not a date we know
    day = int(match.group(3)) if match.group(3) else None
    other = (match.group(4) or "").strip()
    if year == 0:
        return ParsedDate(None, other)
    if month is None:
        # A numeric month out of range: keep the year, report the rest.
        return _single(raw, year, None, None, other=other, problem=_PROBLEM_IMPOSSIBLE)
    return _single(raw, year, month, day, other=other)


def _parse_year_range(raw: str, start: int, end: int) -> ParsedDate:
    if start == 0:
        return ParsedDate(None)
    if end < start or not _valid_year(end):
        problem = "year range ends before it starts"
        return ParsedDate(Date(parts=((start,),), raw=raw), problem=problem)
    if end == start:
        return ParsedDate(Date(parts=((start,),), raw=raw))
    return ParsedDate(Date(parts=((start,), (end,)), raw=raw))


def _parse_us(raw: str, match: re.Match[str]) -> ParsedDate:
    first, second, year = (int(g) for g in match.groups())
    if first > 12 >= second:  # day first (European order)
        return _single(raw, year, second, first)
    if second > 12 >= first:
        return _single(raw, year, first, second)
    # Both orders possible (or neither): only the year is safe.
    parts = ((year,),)
    return ParsedDate(Date(parts=parts, raw=raw), problem="day and month order unclear")


def _parse_structured(raw: str) -> ParsedDate | None:
    """The numeric forms, tried in order; ``None`` when none matches."""
    if match := _YEAR_RANGE.match(raw):
        return _parse_year_range(raw, int(match.group(1)), int(match.group(2)))
    if match := _SHORT_YEAR_RANGE.match(raw):
        start, tail = int(match.group(1)), int(match.group(2))
        # "1998-99" is a range; "2001-03" is ISO year-month and handled below.
        if tail > 12:
            return _parse_year_range(raw, start, start - start % 100 + tail)
    if match := _SLASH.match(raw):
        return _parse_slash(raw, match)
    if (match := _ISO.match(raw)) and (parsed := _parse_iso(raw, match)):
        return parsed
    if match := _COMPACT.match(raw):
        year, month, day = (int(g) for g in match.groups())
        if year == 0:
            return ParsedDate(None)
        return _single(raw, year, month or None, day or None)
    if match := _US.match(raw):
        return _parse_us(raw, match)
    return None


# --------------------------------------------------------------------------- worded forms

# One token of a worded date: a word, a number, or a range dash.  Anything else
# that is not ignorable punctuation makes the value unreadable as a whole.
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[-–—/]|[.,]|\S")
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_RANGE_WORDS = frozenset({"to", "through", "until"})


@dataclass(frozen=True, slots=True)
class _Half:
    """One side of a worded date; fields are filled from tokens or from the other side."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None


def _classify(text: str) -> list[tuple[str, int]] | None:
    """Kinds and values of the tokens: Y year, M month, D day, S season, - range."""
    tokens: list[tuple[str, int]] = []
    for token in _TOKEN.findall(text):
        low = token.lower()
        if token in ".,":
            continue
        if token in "-–—/" or low in _RANGE_WORDS:
            tokens.append(("-", 0))
        elif token.isascii() and token.isdigit():
            if len(token) == 4:
                tokens.append(("Y", int(token)))
            elif len(token) <= 2:
                tokens.append(("D", int(token)))
            else:
                return None
        elif low in _ORDINAL_ENDINGS and tokens and tokens[-1][0] == "D":
            continue
        elif (season := parse_season(token)) is not None:
            tokens.append(("S", season))
        elif (month := parse_month(token)) is not None:
            tokens.append(("M", month))
        else:
            return None
    return tokens


# Orders a single date (or one side of a range) may be written in.
_HALF_SHAPES = frozenset(
    {"Y", "M", "D", "S", "MY", "MDY", "DMY", "YM", "YMD", "MD", "DM", "DY", "SY", "YS"}
)


def _half(tokens: list[tuple[str, int]]) -> _Half | None:
    shape = "".join(kind for kind, _ in tokens)
    if shape not in _HALF_SHAPES:
        return None
    values = {kind: value for kind, value in tokens}
    return _Half(values.get("Y"), values.get("M"), values.get("D"), values.get("S"))


def _fill(side: _Half, other: _Half) -> _Half:
    """Complete one side of a range from the other ("4-8 Aug 2020", "MAY-JUN 2020")."""
    year = side.year if side.year is not None else other.year
    month = side.month
    if month is None and side.day is not None:
        month = other.month
    return _Half(year, month, side.day, side.season)


def _worded_halves(text: str) -> tuple[_Half, ...] | None:
    tokens = _classify(text)
    if not tokens:
        return None
    dashes = [i for i, (kind, _) in enumerate(tokens) if kind == "-"]
    if not dashes:
        single = _half(tokens)
        return (single,) if single else None
    if len(dashes) != 1:
        return None
    left = _half(tokens[: dashes[0]])
    right = _half(tokens[dashes[0] + 1 :])
    if left is None or right is None:
        return None
    return _fill(left, right), _fill(right, left)


def _half_parts(half: _Half) -> tuple[tuple[int, ...], bool] | None:
    if half.year is None or not _valid_year(half.year):
        return None
    return _checked_parts(half.year, half.month, half.day)


def _parse_worded(raw: str) -> ParsedDate | None:
    halves = _worded_halves(raw)
    if halves is None:
        return None
    if halves[0].year == 0:
        return ParsedDate(None)
    checked = [_half_parts(h) for h in halves]
    first = checked[0]
    if first is None:
        return ParsedDate(None, problem=_PROBLEM_NO_YEAR)
    problem = _PROBLEM_IMPOSSIBLE if any(c is None or c[1] for c in checked) else ""
    parts: tuple[tuple[int, ...], ...] = (first[0],)
    last = checked[-1]
    if len(checked) == 2 and last is not None and last[0] != first[0]:
        if last[0] < first[0]:
            problem = "date range ends before it starts"
        else:
            parts = (first[0], last[0])
    season = halves[0].season
    return ParsedDate(Date(parts=parts, season=season, raw=raw), problem=problem)


# --------------------------------------------------------------------------- fallback

_EMBEDDED = (
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})(?!\d)"),
)


def _parse_embedded(raw: str) -> ParsedDate:
    """Best effort for text around a date ("Start date: 20170812", "c1998")."""
    for pattern in _EMBEDDED:
        match = pattern.search(raw)
        if not match:
            continue
        numbers = [int(g) for g in match.groups()]
        if not _valid_year(numbers[0]):
            continue
        rest = (raw[: match.start()] + " " + raw[match.end() :]).strip()
        month = numbers[1] if len(numbers) > 1 else None
        day = numbers[2] if len(numbers) > 2 else None
        parts, _ = _checked_parts(numbers[0], month, day)
        return ParsedDate(Date(parts=(parts,), raw=raw), rest, _PROBLEM_PARTIAL)
    return ParsedDate(None, problem=_PROBLEM_UNREADABLE)


# --------------------------------------------------------------------------- public


# Dates repeat far more than names (a year, a month): a small cache holds the common ones.
@lru_cache(maxsize=1 << 13)
def parse_ris_date(value: str) -> ParsedDate:
    """Read one RIS date value (``PY``, ``Y1``, ``DA``, ``Y2``, ...).  Never raises."""
    raw = value.strip()
    if not raw or raw.lower() in _PLACEHOLDERS or raw.strip("0") == "":
        return ParsedDate(None)
    structured = _parse_structured(raw)
    if structured is not None:
        return structured
    worded = _parse_worded(raw)
    if worded is not None:
        return worded
    return _parse_embedded(raw)


def parse_partial_date(value: str) -> tuple[int | None, int | None]:
    """(month, day) of a year-less value ("Jun", "Mar 16", "FEB 28", "MAY-JUN").

    The reader combines the result with the year of ``PY``.  A range gives its
    start.  Values that cannot be read give ``(None, None)``.
    """
    halves = _worded_halves(value.strip())
    if not halves:
        return None, None
    start = halves[0]
    if start.month is None:
        return None, None
    day = start.day
    if day is not None and not 1 <= day <= _days_in_month(start.year, start.month):
        day = None
    return start.month, day
