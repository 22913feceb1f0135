"""Issue 16 through the RIS reader: values read right whatever the exporter wrote, with
made-up records in the exporters' shapes (entities, pages, DOIs, identifiers in the wrong slot,
names in capitals)."""

from __future__ import annotations

from conftest import codes, read_text
from risx.model import Name, Record
from risx.readers.ris.tables import TAG_READINGS


def one(body: str) -> tuple[Record, list[str]]:
    records, found = read_text(body)
    assert len(records) == 1, found
    return records[0], codes(found)


def test_entities_are_decoded_in_every_value_and_after_tags_in_abstracts() -> None:
    rec, found = one("TY  - JOUR\nTI  - Lasers &amp; optics\nJO  - Sa&uacute;de &amp; Sociedade\n"
                     "AB  - <p>Scores &gt; 3 &amp;#8725; p &lt;b&gt; 0.05</p>\n"
                     "N1  - O&#039;Brien&#x2019;s note\nER  - \n")
    assert rec.title == "Lasers & optics"
    assert rec.container_title == "Saúde & Sociedade"
    assert rec.abstract == "Scores > 3 \u2215 p <b> 0.05"
    assert rec.notes == ("O'Brien\u2019s note",)
    # Record.raw keeps the source's text.
    assert ("TI", "Lasers &amp; optics") in [(r.tag, r.value) for r in rec.raw]
    assert found == []


def test_pages_in_the_exporters_shapes() -> None:
    for sp, ep, page in [("731", "9", "731-739"), ("D396", "400", "D396-D400"),
                         ("12\u20138", "", "12-18"), ("S12", "9", "S12-S19")]:
        rec, _ = one(f"TY  - JOUR\nSP  - {sp}\nEP  - {ep}\nER  - \n")
        assert rec.page == page, (sp, ep)


def test_ieee_volume_after_the_last_page_is_the_volume() -> None:
    rec, _ = one("TY  - CONF\nSP  - 2103\nEP  - 2113 vol.3\nER  - \n")
    assert (rec.page, rec.volume) == ("2103-2113", "3")


def test_other_text_after_the_last_page_goes_to_the_note() -> None:
    rec, _ = one("TY  - JOUR\nVL  - 2\nSP  - 5\nEP  - 9 vol.3\nER  - \n")
    assert (rec.page, rec.volume) == ("5-9", "2")
    assert "EP: vol.3" in rec.notes


def test_a_five_digit_start_equal_to_the_end_is_the_article_number() -> None:
    rec, _ = one("TY  - JOUR\nSP  - 105000\nEP  - 105000\nER  - \n")
    assert (rec.page, rec.number) == ("", "105000")


def test_sici_doi_and_a_doi_after_the_publisher() -> None:
    sici = "10.1175/1520-0477(1996)077<0437:TNYRP>2.0.CO;2"
    rec, _ = one(f"TY  - JOUR\nDO  - {sici}\nER  - \n")
    assert rec.doi == sici
    rec, _ = one("TY  - RPRT\nPB  - Elsevier BV http://doi.org/10.2139/ssrn.1234567\nER  - \n")
    assert (rec.publisher, rec.doi) == ("Elsevier BV", "10.2139/ssrn.1234567")


def test_a_publisher_doi_that_differs_from_the_records_is_kept_in_the_note() -> None:
    rec, _ = one("TY  - RPRT\nDO  - 10.1000/a\nPB  - Elsevier BV https://doi.org/10.2139/b\n"
                 "ER  - \n")
    assert (rec.doi, rec.publisher) == ("10.1000/a", "Elsevier BV")
    assert "DO: 10.2139/b" in rec.notes


def test_conference_papers_carry_the_isbn_in_bn() -> None:
    assert TAG_READINGS["BN"].default == "note"
    rec, _ = one("TY  - CPAPER\nBN  - 978-3-16-148410-0\nER  - \n")
    assert rec.isbn == ("978-3-16-148410-0",)
    rec, _ = one("TY  - JOUR\nBN  - 978-3-16-148410-0\nER  - \n")
    assert rec.isbn == ()


def test_a_reports_isbn_shaped_sn_is_its_isbn_and_another_sn_its_number() -> None:
    rec, _ = one("TY  - RPRT\nSN  - 978-3-16-148410-0\nER  - \n")
    assert (rec.isbn, rec.number) == (("978-3-16-148410-0",), "")
    rec, _ = one("TY  - RPRT\nSN  - TR-2020-17\nER  - \n")
    assert (rec.isbn, rec.number) == ((), "TR-2020-17")


CAPITALS = ("TY  - JOUR\nAU  - HOLLOWAY, RUTH\nAU  - O'NEILL, DG\nER  - \n"
            "TY  - JOUR\nAU  - MCDONALD, ANN\nA2  - VAN DER BERG, JAN\nER  - \n")


def test_a_file_with_every_name_in_capitals_is_recased_with_one_warning() -> None:
    records, found = read_text(CAPITALS)
    names = [c.name for r in records for c in r.contributors]
    assert names == [Name(family="Holloway", given="Ruth"), Name(family="O'Neill", given="D. G."),
                     Name(family="McDonald", given="Ann"),
                     Name(family="Berg", given="Jan", non_dropping_particle="van der")]
    assert [(d.code, d.line) for d in found] == [("RIS029", 2)]


def test_a_mixed_case_file_is_left_as_written() -> None:
    records, found = read_text(CAPITALS + "TY  - JOUR\nAU  - McDonald, Ann\nER  - \n")
    assert records[0].contributors[0].name == Name(family="HOLLOWAY", given="RUTH")
    assert "RIS029" not in codes(found)


def test_cjk_name_with_a_comma() -> None:
    rec, _ = one("TY  - JOUR\nAU  - 佐藤, 花子\nER  - \n")
    assert rec.contributors[0].name == Name(family="佐藤", given="花子")


def test_a_doi_taken_from_a_publishers_address_loses_the_page_name() -> None:
    rec, _ = one("TY  - JOUR\nUR  - https://onlinelibrary.wiley.com/doi/10.1002/ajh.2345/full\n"
                 "ER  - \n")
    assert rec.doi == "10.1002/ajh.2345"
    assert rec.urls == ("https://onlinelibrary.wiley.com/doi/10.1002/ajh.2345/full",)


def test_a_repeated_pb_is_another_publisher_joined_as_apa_joins_them() -> None:
    rec, found = one("TY  - BOOK\nPB  - American Psychological Association\n"
                     "PB  - De Gruyter Mouton\nPB  - De Gruyter Mouton\nER  - \n")
    # APA 7 9.29 separates several publishers with semicolons; an exact repeat is one.
    assert rec.publisher == "American Psychological Association; De Gruyter Mouton"
    assert rec.notes == () and found == []
    rec, _ = one("TY  - RPRT\nPB  - Elsevier BV http://doi.org/10.2139/ssrn.1234567\n"
                 "PB  - SSRN\nER  - \n")
    assert (rec.publisher, rec.doi) == ("Elsevier BV; SSRN", "10.2139/ssrn.1234567")
