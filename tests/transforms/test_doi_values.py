"""DOI and ISBN rules of risx.transforms.identifiers (DOI-SICI, DOI-BRACKETS, DOI-URL-SUFFIX,
DOI-INSIDE, is_isbn), with made-up values in the shapes exporters write them (issue 16, items 5
and 7)."""

from __future__ import annotations

import pytest

from risx.transforms.identifiers import find_doi, is_isbn, normalise_doi, split_trailing_doi

SICI = "10.1175/1520-0477(1996)077<0437:TNYRP>2.0.CO;2"


@pytest.mark.parametrize(("value", "expected"), [
    # DOI-SICI: a SICI DOI keeps its <...> segment.
    (SICI, SICI),
    (f"https://doi.org/{SICI}", SICI),
    (f"doi:{SICI}.", SICI),
    ("10.1002/(SICI)1097-4636(199603)30:3<327::AID-JBM6>3.0.CO;2-J",
     "10.1002/(SICI)1097-4636(199603)30:3<327::AID-JBM6>3.0.CO;2-J"),
    ("<p>10.1000/xyz.1</p>", "10.1000/xyz.1"),  # markup after a DOI is not part of it
    # DOI-BRACKETS: a closing bracket the DOI opened stays; one the sentence opened goes.
    ("10.5555/jabc.2020.8.2(42)", "10.5555/jabc.2020.8.2(42)"),
    ("(see 10.5555/jabc.2020.8.2)", "10.5555/jabc.2020.8.2"),
    ("[doi:10.5555/a[1]]", "10.5555/a[1]"),
    ("10.5555/abc.12.", "10.5555/abc.12"),
    # DOI-URL-SUFFIX: page names publishers add in their addresses.
    ("https://onlinelibrary.wiley.com/doi/10.1002/ajh.2345/full", "10.1002/ajh.2345"),
    ("https://onlinelibrary.wiley.com/doi/10.1002/ajh.2345/abstract", "10.1002/ajh.2345"),
    ("https://onlinelibrary.wiley.com/doi/10.1002/ajh.2345/epdf", "10.1002/ajh.2345"),
    ("https://www.frontiersin.org/articles/10.3389/fpsyg.2021.1234/pdf", "10.3389/fpsyg.2021.1234"),
    ("https://example.org/doi/10.1234/abc.5/full-text", "10.1234/abc.5"),
    ("https://doi.org/10.1234/abc.5?via=ihub", "10.1234/abc.5"),
    # Not a web address: "/full" could be part of the DOI.
    ("10.1234/abc/full", "10.1234/abc/full"),
    ("no doi here", ""),
])
def test_normalise_doi(value: str, expected: str) -> None:
    assert normalise_doi(value) == expected


def test_a_doi_in_a_note_is_found_whole() -> None:
    assert find_doi(f"Available at https://doi.org/{SICI} (accessed)") == SICI


@pytest.mark.parametrize(("value", "expected"), [
    ("Elsevier BV http://doi.org/10.2139/ssrn.1234567", ("Elsevier BV", "10.2139/ssrn.1234567")),
    ("Wiley, doi:10.1002/ajh.2345", ("Wiley", "10.1002/ajh.2345")),
    ("Springer (https://doi.org/10.1007/978-3-030-1)", ("Springer", "10.1007/978-3-030-1")),
    ("Elsevier BV", ("Elsevier BV", "")),
    # A publisher whose name holds "10." but no DOI address stays as it is.
    ("Studio 10.5 Press", ("Studio 10.5 Press", "")),
])
def test_a_doi_after_other_text(value: str, expected: tuple[str, str]) -> None:
    assert split_trailing_doi(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("978-3-16-148410-0", True),
    ("9783161484100", True),
    ("0-306-40615-2", True),
    ("0-8044-2957-X", True),
    ("978-3-16-148410-1", False),  # wrong check digit
    ("TR-2020-17", False),  # a report number
    ("1234-5678", False),  # an ISSN
])
def test_is_isbn(value: str, expected: bool) -> None:
    assert is_isbn(value) is expected
