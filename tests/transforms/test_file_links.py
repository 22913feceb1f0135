"""A local file link is a path, and paths hold spaces: the whole path is kept (RIS L1/L4, and
EndNote's internal-pdf links inside UR), where a web address still ends at a space."""

from __future__ import annotations

import risx
from conftest import corpus_path
from risx.transforms.identifiers import split_urls


def test_zotero_l1_path_with_spaces_is_kept_whole() -> None:
    records = risx.read(corpus_path("zotero-ris/004.ris"))
    links = [link for record in records for link in record.file_links]
    assert ("internal-pdf://2009 Castoe Mol Eco Resources-1114744832/"
            "2009 Castoe Mol Eco Resources.pdf") in links
    assert "internal-pdf://2009" not in links


def test_endnote_internal_pdf_after_a_web_link_in_ur() -> None:
    records = risx.read(corpus_path("db-exports/endnote-export-mixed__asysd.ris"))
    urls = {url for record in records for url in record.urls}
    assert "https://onlinelibrary.wiley.com/doi/abs/10.1002/ebm2.15" in urls
    assert ("internal-pdf://3779373774/K.J-2016-From a mouse_ systematic analysis rev.pdf"
            in urls)


def test_several_local_links_in_one_value_are_told_apart() -> None:
    assert split_urls("internal-pdf://1/A b.pdf internal-pdf://2/C d.pdf") == [
        "internal-pdf://1/A b.pdf", "internal-pdf://2/C d.pdf"]
    assert split_urls("file:///C:/My Documents/x.pdf\nhttps://a.org/b") == [
        "file:///C:/My Documents/x.pdf", "https://a.org/b"]


def test_a_web_address_still_ends_at_a_space() -> None:
    assert split_urls("https://a.org/x; https://b.org/y.") == ["https://a.org/x", "https://b.org/y"]
    assert split_urls("see https://a.org/x now") == ["https://a.org/x"]
