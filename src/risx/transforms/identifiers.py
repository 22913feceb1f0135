"""DOIs, ISSNs, ISBNs, URLs and article numbers as exporters write them.

Each function takes one source value and returns clean values; none raises.
"""

from __future__ import annotations

import re

_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
_DOI_PREFIX = re.compile(
    r"(?i)^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/|https?://doi\.[a-z.]+/|doi\.org/)"
)
# A scheme-relative "//www..." (RisImporterTestScience.ris) keeps its slashes.
_URL = re.compile(r"(?i)(?:https?|ftp|file|internal-pdf)://\S+|(?://)?www\.\S+")
_ISSN = re.compile(r"(?<![\dX-])(\d{4})-?(\d{3}[\dXx])(?![\dX-])")
_ISBN = re.compile(r"(?<![\d-])(?:97[89]-?)?(?:\d-?){9}[\dXx](?![\d-])")
_ARTICLE_NUMBER = re.compile(r"(?i)^(?:e\d+|[a-z]{0,3}\d{5,}|\d{6,}[a-z]?)$")


def normalise_doi(value: str) -> str:
    """The bare DOI (``10.xxxx/...``) in ``value``, or ``""`` when it holds none.

    Strips ``https://doi.org/``, ``http://dx.doi.org/`` and ``doi:`` prefixes,
    and trailing punctuation that a sentence put after the DOI.
    """
    text = _DOI_PREFIX.sub("", value.strip())
    match = _DOI.search(text)
    if not match:
        return ""
    doi = match.group(0).rstrip(".,;)]}")
    # Percent-encoded slashes come from URLs: decode the one that matters.
    return doi.replace("%2F", "/").replace("%2f", "/")


def find_doi(value: str) -> str:
    """A DOI anywhere in a free-text value (a note, a URL), or ``""``."""
    return normalise_doi(value) if "10." in value else ""


def looks_like_article_number(value: str) -> bool:
    """An e-locator (``e0267787``) or a long bare number (``2087980``), not a page."""
    return bool(_ARTICLE_NUMBER.match(value.strip()))


def split_urls(value: str) -> list[str]:
    """Every URL in one value (several may be joined by spaces, ';' or line breaks)."""
    found = [m.group(0).rstrip(".,;") for m in _URL.finditer(value)]
    if found:
        return found
    text = value.strip()
    return [text] if text else []


def split_issn_isbn(value: str) -> tuple[list[str], list[str]]:
    """ISSNs and ISBNs in an SN value, told apart by shape.

    Handles ``2234943X (ISSN)``, ``978-... (ISBN); 978-... (ISBN)``,
    ``1999-7777(Electronic),0222-6666(Print)``, ``0964-6906 (Print)0964-6906``
    and space- or comma-separated pairs.  ISSNs come out as ``NNNN-NNNC``;
    ISBNs as written, without spaces.
    """
    text = re.sub(r"\((?:[^()]*)\)", " ", value)  # labels such as (ISSN), (Print) separate values
    issns: list[str] = []
    isbns: list[str] = []
    for match in _ISBN.finditer(text):
        digits = match.group(0).replace("-", "")
        if len(digits) in (10, 13):
            isbn = match.group(0).strip("-")
            if isbn not in isbns:
                isbns.append(isbn)
    remaining = _ISBN.sub(" ", text)
    for match in _ISSN.finditer(remaining):
        issn = f"{match.group(1)}-{match.group(2).upper()}"
        if issn not in issns:
            issns.append(issn)
    return issns, isbns
