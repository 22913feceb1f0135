"""DOIs, ISSNs, ISBNs, URLs and article numbers as exporters write them.

Each function takes one source value and returns clean values; none raises.
"""

from __future__ import annotations

import re

# A DOI: the prefix, a slash and everything up to a space, a quote or a "<" that does not
# open a SICI segment ("<0437:TNYRP>": a colon inside, no slash; "</p>" is markup after the
# DOI).  Trailing punctuation is weighed afterwards (:func:`_trim_doi`).
_DOI = re.compile(r"10\.\d{4,9}/(?:[^\s\"<>]|<[^\s\"<>/]*:[^\s\"<>/]*>)+")
_DOI_PREFIX = re.compile(
    r"(?i)^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/|https?://doi\.[a-z.]+/|doi\.org/)"
)
#: What a value taken from a web address has (a scheme, ``www.``, ``doi.org/``): its DOI may
#: be followed by a publisher's page name (DOI-URL-SUFFIX) or a query.
_WEB_ADDRESS = re.compile(r"(?i)^\s*(?:[a-z][a-z0-9+.-]*://|www\.|(?:dx\.)?doi\.org/)")
#: The page names publishers add after the DOI in their article addresses (Wiley ``/abstract``,
#: ``/full``, ``/pdf``, ``/epdf``; Frontiers ``/full``, ``/pdf``; IOP ``/pdf``; Springer
#: ``/fulltext.html``); not part of the DOI.
_URL_SUFFIX = re.compile(r"(?i)/(?:full|abstract|pdf|epdf|full-text|fulltext(?:\.html)?|"
                         r"summary|references|citedby)$")
_CLOSING = {")": "(", "]": "[", "}": "{"}
# A scheme-relative "//www..." (RisImporterTestScience.ris) keeps its slashes.
_URL = re.compile(r"(?i)(?:https?|ftp|file|internal-pdf)://\S+|(?://)?www\.\S+")
_LOCAL_LINK = re.compile(r"(?i)(?:file|internal-pdf)://")
_ISSN = re.compile(r"(?<![\dX-])(\d{4})-?(\d{3}[\dXx])(?![\dX-])")
_ISBN = re.compile(r"(?<![\d-])(?:97[89]-?)?(?:\d-?){9}[\dXx](?![\d-])")
_ARTICLE_NUMBER = re.compile(r"(?i)^(?:e\d+|[a-z]{0,3}\d{5,}|\d{6,}[a-z]?)$")


def normalise_doi(value: str) -> str:
    """The bare DOI (``10.xxxx/...``) in ``value``, or ``""`` when it holds none.

    Strips ``https://doi.org/``, ``http://dx.doi.org/`` and ``doi:`` prefixes; keeps a SICI
    DOI's ``<...>`` segments (DOI-SICI); trims punctuation a sentence put after the DOI, a
    closing bracket only when the DOI does not open it (DOI-BRACKETS: ``...(42)`` keeps its
    ``)``, ``(see 10.1/x)`` loses it); and, in a web address, the publisher's page name after
    the DOI and any query or fragment (DOI-URL-SUFFIX).
    """
    text = _DOI_PREFIX.sub("", value.strip())
    match = _DOI.search(text)
    if not match:
        return ""
    doi = match.group(0)
    if _WEB_ADDRESS.match(value):
        doi = _URL_SUFFIX.sub("", doi.split("?", 1)[0].split("#", 1)[0])
    doi = _trim_doi(doi)
    # Percent-encoded slashes come from URLs: decode the one that matters.
    return doi.replace("%2F", "/").replace("%2f", "/")


def _trim_doi(doi: str) -> str:
    """``doi`` without the punctuation that follows it in a sentence (DOI-BRACKETS)."""
    while doi:
        last = doi[-1]
        if last in ".,;:'" or (last in _CLOSING and doi.count(last) > doi.count(_CLOSING[last])):
            doi = doi[:-1]
        else:
            return doi
    return doi


def find_doi(value: str) -> str:
    """A DOI anywhere in a free-text value (a note, a URL), or ``""``."""
    return normalise_doi(value) if "10." in value else ""


#: A DOI written after other text: a DOI address or ``doi:``, at the end of the value.
_TRAILING_DOI = re.compile(
    r"(?i)[\s,;:(\[]+(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/|doi\.org/)(10\.\d{4,9}/\S+)[)\]]?\s*$")


def split_trailing_doi(value: str) -> tuple[str, str]:
    """``(text, doi)`` for a value that ends in a DOI written after other text (DOI-INSIDE:
    ``Elsevier BV http://doi.org/10.2139/ssrn.1234567``); ``(value, "")`` otherwise."""
    if "10." not in value:
        return value, ""
    match = _TRAILING_DOI.search(value)
    if match is None or not match.start():
        return value, ""
    doi = normalise_doi(match.group(1))
    return (value[:match.start()].rstrip(" ,;:"), doi) if doi else (value, "")


def looks_like_article_number(value: str) -> bool:
    """An e-locator (``e0267787``) or a long bare number (``2087980``), not a page."""
    return bool(_ARTICLE_NUMBER.match(value.strip()))


def is_isbn(value: str) -> bool:
    """Whether ``value`` is one ISBN (10 or 13 digits, hyphens allowed, check digit right)."""
    digits = value.strip().replace("-", "").replace(" ", "")
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] in "Xx"):
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        total += 10 if digits[9] in "Xx" else int(digits[9])
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit() and digits.startswith(("978", "979")):
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        return total % 10 == 0
    return False


def split_urls(value: str) -> list[str]:
    """Every URL in one value (several may be joined by spaces, ';' or line breaks).

    A web address ends at a space (a space is never part of one). A local file link
    (``file://``, EndNote's ``internal-pdf://``) is a path, and paths hold spaces
    (``internal-pdf://2207/Smith 2019 Trial.pdf``): it runs to the next link or the end of
    its line, so the file it names is not cut short.
    """
    matches = list(_URL.finditer(value))
    if not matches:
        text = value.strip()
        return [text] if text else []
    found: list[str] = []
    for index, match in enumerate(matches):
        link = match.group(0)
        if _LOCAL_LINK.match(link):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(value)
            link = value[match.start():end].split("\n", 1)[0].strip()
        found.append(link.rstrip(".,; \t"))
    return found


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
