"""The MEDLINE and Web of Science exporter rules (readers/medline/exporters.py,
readers/wos/exporters.py): each rule has a fixture here that shows it, and the corpus file it
names exists.  A fixture is the same record with and without the exporter's mark (ERIC's
``OWN``, a database's ``UT`` prefix), so each assertion shows what the rule changes."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

import pytest

from conftest import CORPUS
from risx.diagnostics import Report, collect
from risx.model import Record
from risx.readers.base import ReadFacts
from risx.readers.medline import exporters as medline_exporters
from risx.readers.medline import read_medline
from risx.readers.wos import exporters as wos_exporters
from risx.readers.wos import read_wos

Read = Callable[[BinaryIO, str, Report], Iterator[Record]]


def one(read: Read, text: str) -> Record:
    found, report = collect()
    records = list(read(io.BytesIO(text.encode("utf-8")), "t.txt", report))
    assert len(records) == 1 and found == [], found
    return records[0]


def eric(body: str, owner: str = "ERIC") -> Record:
    return one(read_medline, f"OWN - {owner}\nTI  - T\n{body}")


def wos(body: str, accession: str) -> Record:
    return one(read_wos, f"PT J\nTI T\nSO J\n{body}UT {accession}\nER\n")


def kept(record: Record) -> list[tuple[str, str]]:
    return [(raw.tag, raw.value) for raw in record.unmapped]


REPORT = "PT  - Reports - Research\nJT  - ACT, Inc.\n"
THESIS = ("PT  - Dissertations/Theses - Doctoral Dissertations\nJT  - ProQuest LLC\n"
          "SO  - Ph.D. Dissertation, Drexel University\n")


def test_med_eric_jt_publisher() -> None:
    record = eric(REPORT)
    assert (record.type, record.publisher, record.container_title) == ("report", "ACT, Inc.", "")
    book = eric("PT  - Books\nJT  - Brookes Publishing Company\n")
    assert (book.type, book.publisher) == ("book", "Brookes Publishing Company")
    assert eric(REPORT, owner="NLM").publisher == ""  # PubMed's JT is a journal


def test_med_eric_jt_archive_and_so_degree() -> None:
    record = eric(THESIS)
    assert record.type == "thesis"
    assert record.archive == "ProQuest LLC"
    assert (record.genre, record.publisher) == ("Ph.D. Dissertation", "Drexel University")
    assert eric(THESIS, owner="NLM").archive == ""


def test_med_eric_oid() -> None:
    assert eric("OID - EJ1227990\n").accession_numbers == ("EJ1227990",)
    assert eric("OID - EJ1227990\n", owner="NLM").accession_numbers == ()


def test_med_eric_in_journal() -> None:
    record = eric("PT  - Reports - Research\nJT  - Journal of Things\nVI  - 12\n")
    assert (record.type, record.container_title, record.volume) == (
        "article-journal", "Journal of Things", "12")
    assert eric(REPORT).type == "report"  # no volume, no ISSN: a report


EMAIL = "AU Stillman, Andrew N. (andrew.stillman@uconn.edu)\n"


@pytest.mark.parametrize("accession", ["ZOOREC:ZOOR15500012345", "BCI:BCI201900123456"])
def test_wos_zoorec_and_bci_au(accession: str) -> None:
    record = wos(EMAIL, accession)
    assert [c.name.display() for c in record.contributors] == ["Andrew N. Stillman"]
    assert ("WoS AU", "Stillman, Andrew N. (andrew.stillman@uconn.edu)") in kept(record)


def test_wos_inspec_ti() -> None:
    title = "TI LiNbO/sub 3/ crystals and Ca/sup 2+/ ions\n"
    record = one(read_wos, f"PT J\n{title}SO J\nUT INSPEC:1234567\nER\n")
    assert record.title == "LiNbO<sub>3</sub> crystals and Ca<sup>2+</sup> ions"
    core = one(read_wos, f"PT J\n{title}SO J\nUT WOS:000123\nER\n")
    assert core.title == "LiNbO/sub 3/ crystals and Ca/sup 2+/ ions"


def test_wos_inspec_id() -> None:
    ids = "ID A1234; 0000-0000(2000)1:1L.1; S0000\n"
    record = wos(ids, "INSPEC:1234567")
    assert record.keywords == ()
    assert ("WoS ID", "A1234; 0000-0000(2000)1:1L.1; S0000") in kept(record)
    assert wos(ids, "WOS:000123").keywords == ("A1234", "0000-0000(2000)1:1L.1", "S0000")


#: Each rule ID and the test above that shows it.
SHOWN = {
    "MED-ERIC-JT-PUBLISHER": test_med_eric_jt_publisher,
    "MED-ERIC-JT-ARCHIVE": test_med_eric_jt_archive_and_so_degree,
    "MED-ERIC-SO-DEGREE": test_med_eric_jt_archive_and_so_degree,
    "MED-ERIC-OID": test_med_eric_oid,
    "MED-ERIC-IN-JOURNAL": test_med_eric_in_journal,
    "WOS-ZOOREC-AU": test_wos_zoorec_and_bci_au,
    "WOS-BCI-AU": test_wos_zoorec_and_bci_au,
    "WOS-INSPEC-TI": test_wos_inspec_ti,
    "WOS-INSPEC-ID": test_wos_inspec_id,
}

RULES = [*medline_exporters.EXPORTER_RULES, medline_exporters.ERIC_JOURNAL_RULE,
         *wos_exporters.EXPORTER_RULES]


def test_every_rule_has_a_fixture_an_id_a_reason_and_its_corpus_file() -> None:
    assert sorted(rule.id for rule in RULES) == sorted(SHOWN)
    for rule in RULES:
        assert rule.reason and rule.shown_by, rule.id
        folder, _, names = rule.shown_by.partition("/")
        first = names.split(",")[0].split(" ")[0]
        assert (CORPUS / folder / first).is_file(), rule.shown_by


@pytest.mark.parametrize(("read", "name", "rules"), [
    (read_medline, "medline-nbib/zotero/007.nbib",
     {"MED-ERIC-IN-JOURNAL": 1, "MED-ERIC-JT-PUBLISHER": 2, "MED-ERIC-OID": 4}),
    (read_medline, "medline-nbib/zotero/008.nbib",
     {"MED-ERIC-JT-ARCHIVE": 1, "MED-ERIC-JT-PUBLISHER": 1, "MED-ERIC-OID": 2,
      "MED-ERIC-SO-DEGREE": 1}),
    (read_medline, "medline-nbib/pubmed-2017__synthesisr.txt", {}),
    (read_wos, "wos-tagged/zoological-record-2019__synthesisr.txt", {"WOS-ZOOREC-AU": 134}),
    (read_wos, "wos-tagged/jabref/IsiImporterTestInspec.isi",
     {"WOS-INSPEC-ID": 2, "WOS-INSPEC-TI": 2}),
    (read_wos, "wos-tagged/wos-2018-clarivate__refsplitr.txt", {}),
])
def test_the_rules_that_read_a_file_are_in_its_facts_for_v(read: Callable[..., Iterator[Record]],
                                                            name: str,
                                                            rules: dict[str, int]) -> None:
    facts = ReadFacts()
    _found, report = collect()
    with (CORPUS / name).open("rb") as stream:
        list(read(stream, name, report, facts=facts))
    assert facts.rules == rules


def test_check_rules_lists_them_after_the_ris_rows() -> None:
    from click.testing import CliRunner

    from risx.commands import main
    from risx.readers.ris.exporters import rule_lines

    result = CliRunner().invoke(main, ["check", "--rules"])
    assert result.exit_code == 0, result.output
    ours = result.output.splitlines()[len(rule_lines()):]
    assert len(ours) == len(RULES)
    for line, rule in zip(ours, RULES, strict=True):
        assert line.startswith(f"{rule.id}  ") and rule.reason in line and rule.shown_by in line
