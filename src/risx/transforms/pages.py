"""Page values as exporters write them, read into the one form every output can use.

Rules (each named in the tests, tests/transforms/test_pages.py, with made-up values in the exporters'
shapes):

* PAGE-DASH: the dashes exporters put in ranges (U+2010 hyphen, U+2011 non-breaking hyphen,
  U+2012 figure dash, U+2013 en dash, U+2014 em dash, U+2015 bar, U+2212 minus, BibTeX's
  ``--``) become ``-`` between two page tokens, with the spaces around them.  A dash that is
  not between two page tokens is left as written.
* PAGE-EXPAND: an abbreviated last page is written out (``731-9`` -> ``731-739``,
  ``1123-9`` -> ``1123-1129``), because Zotero, pandoc and biblatex print ``731-9`` as it is.
  Only when the short form can be nothing else: fewer digits than the first page, and the
  result after the first page.  ``2297-2108`` (a typo) and any range that is not abbreviated
  stay as written.
* PAGE-LETTER: a letter prefix on the first page is carried to a bare last page
  (``D396-400`` -> ``D396-D400``, ``S12-9`` -> ``S12-S19``); a different prefix on the last
  page (``415-U53``, Web of Science) leaves the range alone.
* PAGE-JOIN: a first and a last page (RIS ``SP``/``EP``) join into one range; a last page that
  repeats the end of a range already in the first is not added twice.
* PAGE-TRAIL: text after the last page that is not a page (IEEE ``EP - 2113 vol.3``) is cut off
  and handed back (:attr:`PageReading.rest`) for the reader to place: it is not part of the
  page.
* PAGE-ARTNO: a first page equal to the last that is an article number (five or more digits,
  an e-locator: ``105000``, ``e0267787``) is the article number, not a page.

Every function is total (any text in, a result out) and changes nothing it does not
recognise: a value that is not a plain page or range of pages comes out as it went in.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from risx.transforms.identifiers import looks_like_article_number

__all__ = ["PageReading", "normalise_pages", "read_page_range"]


class PageReading(NamedTuple):
    """What a pair of page values (RIS ``SP``, ``EP``) says."""

    #: The page or range of pages, ``""`` when there is none.
    page: str
    #: An article number the values held instead of pages, ``""`` when none.
    number: str = ""
    #: Text after the last page that is not a page (``vol.3``), ``""`` when none.
    rest: str = ""


#: Every dash exporters write between two pages (PAGE-DASH), ``--`` and ``---`` included.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH = re.compile(r"\s*(?:-{1,3}|[" + _DASHES + r"])\s*")
#: A page token: an optional letter prefix (up to three letters) and digits.
_TOKEN = r"[A-Za-z]{0,3}\d+"
#: A dash (any of them) between two page tokens.
_DASH_IN_RANGE = re.compile(r"(?<=\d)\s*(?:-{1,3}|[" + _DASHES + r"])\s*(?=[A-Za-z]{0,3}\d)")
#: One range of two page tokens: prefix, digits, prefix, digits.
_RANGE = re.compile(r"([A-Za-z]{0,3})(\d+)-([A-Za-z]{0,3})(\d+)")
#: A last page followed by words (PAGE-TRAIL): ``2113 vol.3``; ``47 2`` is not cut.
_PAGE_THEN_TEXT = re.compile(r"(" + _TOKEN + r"[A-Za-z]?)\s+([A-Za-z].*)", re.DOTALL)
#: What may hold a range worth looking at: a digit, then a dash of some kind.
_MAYBE_RANGE = re.compile(r"\d\s*(?:-|[" + _DASHES + r"])")


def normalise_pages(text: str) -> str:
    """One page value (a range, a list of ranges, a page) with PAGE-DASH, PAGE-EXPAND and
    PAGE-LETTER applied to each range; anything else as written (stripped)."""
    text = text.strip()
    if not _MAYBE_RANGE.search(text):
        return text  # a single page, or no number at all: the common case, left at once
    if not text.isascii() or " -" in text or "- " in text or "--" in text:
        text = _DASH_IN_RANGE.sub("-", text)
    if "," in text:
        parts = [part.strip() for part in text.split(",")]
        expanded = [_expand(part) for part in parts]
        # Rejoined only when a range changed: "1,234" is not a list to respace.
        return text if expanded == parts else ", ".join(expanded)
    return _expand(text)


def _expand(part: str) -> str:
    """One range with its last page written out (PAGE-EXPAND, PAGE-LETTER), else ``part``."""
    match = _RANGE.fullmatch(part)
    if match is None:
        return part
    prefix, first, last_prefix, last = match.groups()
    if last_prefix and last_prefix != prefix:
        return part  # "415-U53": another kind of page at the end, not an abbreviation
    full = last
    if len(last) < len(first):
        full = first[:len(first) - len(last)] + last
        if int(full) <= int(first):
            return part  # "29-3": not an abbreviation of anything after 29
    if full == last and last_prefix == prefix:
        return part  # nothing to write out
    return f"{prefix}{first}-{prefix}{full}"


def read_page_range(start: str, end: str) -> PageReading:
    """RIS ``SP`` and ``EP`` (either may be empty) read by the rules of the module docstring."""
    start = start.strip()
    end = end.strip()
    rest = ""
    if end and not end.isdigit():
        trailing = _PAGE_THEN_TEXT.fullmatch(end)
        if trailing is not None:
            end, rest = trailing.group(1), trailing.group(2).strip()
    if start and (end == start or not end) and "-" not in start and \
            looks_like_article_number(start) and not _DASH.search(start):
        return PageReading("", start, rest)
    if not end or end == start:
        return PageReading(normalise_pages(start), "", rest)
    if not start:
        return PageReading(normalise_pages(end), "", rest)
    first = normalise_pages(start)
    if _RANGE.fullmatch(first) and (first.endswith("-" + end) or first == end):
        return PageReading(first, "", rest)  # SP "1250-1251" with EP "1251"
    return PageReading(normalise_pages(f"{first}-{end}"), "", rest)
