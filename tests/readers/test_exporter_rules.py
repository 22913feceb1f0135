"""Each exporter rule (readers/ris/exporters.py) on a made-up record in the exporter's shape, and
on the real corpus files that show it: CSL-JSON fields, BibTeX fields, the APA line.

The fixtures are written by the team in the shapes the exporters use (issue 15's examples);
no exporter's record is copied.  A test named ``..._depends_on_16`` asserts a value that a
transform of issue 16 gives (pages with U+2010: PAGE-DASH; DOIs from URLs ending in /full:
DOI-URL-SUFFIX).
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from conftest import codes, corpus_path, read_text
from risx import api
from risx.diagnostics import Diagnostic, collect
from risx.model import Record
from risx.readers.ris import RisReader
from risx.readers.ris.exporters import EXPORTER_RULES, FRAMES, PLACEHOLDERS
from risx.writers.base import WriterOptions


def csl_items(records: list[Record]) -> list[dict[str, Any]]:
    out = io.StringIO()
    api.write(records, "csl-json", out)
    items: list[dict[str, Any]] = json.loads(out.getvalue())
    return items


def written(records: list[Record], format: str) -> str:
    out = io.StringIO()
    api.write(records, format, out)
    return out.getvalue()


def read_file(*parts: str) -> tuple[list[Record], list[Diagnostic], RisReader]:
    reader = RisReader()
    found, report = collect()
    path = corpus_path(*parts)
    with path.open("rb") as stream:
        records = list(reader.read(stream, path.name, report))
    return records, found, reader


def record(text: str) -> tuple[Record, list[Diagnostic]]:
    records, found = read_text(text)
    assert len(records) == 1
    return records[0], found


def notes_of(rec: Record) -> str:
    return " | ".join([*rec.notes, *(f"{r.tag}: {r.value}" for r in rec.unmapped)])


# -- Web of Science --------------------------------------------------------------------------

WOS_CONFERENCE = """TY  - CPAPER
AU  - Lind, K
A1  - ASSOC COMPUTING MACHINERY
TI  - Fair ranking under uncertainty
T2  - PROCEEDINGS OF THE 2ND ACM CONFERENCE ON EQUITY IN COMPUTING
CP  - 2nd ACM Conference on Equity in Computing (EQC)
C3  - University of Leeds
PU  - ASSOC COMPUTING MACHINERY
PI  - NEW YORK
PA  - 1601 Broadway, 10th Floor, NEW YORK, NY 10019-7434 USA
SP  - 41
EP  - 50
PY  - 2022
AN  - WOS:000111222333444
ER  -
"""


def test_wos_conference_paper_reads_proceedings_conference_publisher_and_group_author() -> None:
    rec, found = record(WOS_CONFERENCE)
    assert codes(found) == []  # PU, PI, PA are WoS's own tags
    (item,) = csl_items([rec])
    assert item["container-title"] == "PROCEEDINGS OF THE 2ND ACM CONFERENCE ON EQUITY IN COMPUTING"
    assert item["event-title"] == "2nd ACM Conference on Equity in Computing (EQC)"
    assert "issue" not in item
    assert (item["publisher"], item["publisher-place"]) == ("ASSOC COMPUTING MACHINERY", "NEW YORK")
    # The group author is the sponsor-publisher: not an author, and never split into a person.
    assert item["author"] == [{"family": "Lind", "given": "K."}]
    assert "ASSOC COMPUTING MACHINERY" in notes_of(rec) and "University of Leeds" in notes_of(rec)
    assert "1601 Broadway" in notes_of(rec)
    bib = written([rec], "bibtex")
    assert "booktitle = {PROCEEDINGS OF THE 2ND ACM CONFERENCE ON EQUITY IN COMPUTING}" in bib
    assert "publisher = {ASSOC COMPUTING MACHINERY}" in bib
    assert "MACHINERY, A" not in bib
    # apa.csl sets a proceedings paper without editors like a periodical's article
    # (--style apa-csl); the APA Manual profile gives it the chapter form (APA-R01, 10.5).
    out = io.StringIO()
    api.write([rec], "apa", out, options=WriterOptions(style="apa-csl"))
    assert out.getvalue().strip() == (
        "Lind, K. (2022). Fair ranking under uncertainty. PROCEEDINGS OF THE 2ND ACM "
        "CONFERENCE ON EQUITY IN COMPUTING, 41–50.")
    assert written([rec], "apa").strip() == (
        "Lind, K. (2022). Fair ranking under uncertainty. In PROCEEDINGS OF THE 2ND ACM "
        "CONFERENCE ON EQUITY IN COMPUTING (pp. 41–50). ASSOC COMPUTING MACHINERY.")


def test_wos_group_author_of_a_journal_article_is_an_organisation() -> None:
    rec, _ = record("TY  - JOUR\nA1  - WHO Study Grp\nTI  - A trial\nT2  - LANCET\n"
                    "AN  - WOS:000000000000001\nER  - \n")
    assert csl_items([rec])[0]["author"] == [{"literal": "WHO Study Grp"}]


def test_wos_journal_abbreviations_are_the_short_container_title() -> None:
    rec, _ = record("TY  - JOUR\nTI  - T\nT2  - VETERINARY RECORD\nJ9  - VET REC\n"
                    "JI  - Vet. Rec.\nAN  - WOS:000000000000002\nER  - \n")
    assert csl_items([rec])[0]["container-title-short"] == "Vet. Rec."
    rec, _ = record("TY  - JOUR\nTI  - T\nT2  - VETERINARY RECORD\nJ9  - VET REC\n"
                    "AN  - WOS:000000000000002\nER  - \n")
    assert csl_items([rec])[0]["container-title-short"] == "VET REC"


def test_wos_rules_do_not_apply_to_wos_records_relayed_by_zotero() -> None:
    # Zotero writes C3 as the proceedings (its own reading): the generic reading holds.
    text = WOS_CONFERENCE.replace("PY  - 2022", "PY  - 2022\nDA  - 2022///")
    rec, _ = record(text.replace("TY  - CPAPER", "TY  - CONF"))
    assert rec.container_title == "University of Leeds"


def test_wos_corpus_file_places_publisher_city_and_short_title_without_warnings() -> None:
    records, found, reader = read_file("db-exports", "wos__asysd.ris")
    assert reader.facts.exporter == "Web of Science"
    assert codes(found) == []
    first = csl_items(records[:1])[0]
    assert first["container-title"] == "VETERINARY AND COMPARATIVE ORTHOPAEDICS AND TRAUMATOLOGY"
    assert first["container-title-short"] == "Vet. Comp. Orthop. Traumatol."
    assert first["publisher-place"] == "STUTTGART"
    assert sum(1 for r in records if r.publisher) == 50
    assert reader.facts.rules["EXP-WOS-04"] == 50



def test_wos_meeting_abstract_in_a_journal_keeps_its_meeting_in_the_note() -> None:
    # A JOUR with CP naming the meeting its abstract was given at.
    records, _, reader = read_file("db-exports", "wos__asysd.ris")
    abstract = next(r for r in records if r.title.startswith("Genetic cause of autosomal"))
    assert abstract.type == "article-journal"
    assert abstract.event_title == "" and abstract.issue == "3"
    assert "CP: 24th Annual Forum of the American-College-of-Veterinary-Internal-Medicine" in (
        notes_of(abstract))
    assert "Annual Forum" not in written([abstract], "apa")
    assert reader.facts.rules.get("EXP-WOS-02", 0) == 0

# -- Cochrane Library --------------------------------------------------------------------------

CENTRAL = """Provider: John Wiley & Sons, Ltd
Content: text/plain; charset="UTF-8"

Record #1 of 2
TY  - JOUR
ID  - CN-01234567
AU  - Okafor, Chidi
TI  - Early mobilisation after hip fracture: a randomised trial
JA  - Lancet (London, England)
VL  - 395
IS  - 10221
SP  - 211‐219
PY  - 2020
AN  - CN-01234567
UR  - https://www.cochranelibrary.com/central/doi/10.1002/central/CN-01234567/full
ER  -

Record #2 of 2
TY  - JOUR
ID  - CN-07654321
AU  - Haddad, Rana
TI  - Exercise for knee pain
JA  - https://clinicaltrials.gov/show/NCT01234567
PY  - 2019
AN  - CN-07654321
ER  -
"""


def test_cochrane_central_names_the_journal_in_ja_and_a_registry_url() -> None:
    records, found = read_text(CENTRAL)
    assert codes(found) == []  # the Provider/Content and Record #n of N lines are framing
    journal, trial = records
    item = csl_items([journal])[0]
    assert item["container-title"] == "Lancet (London, England)"
    assert "journal = {Lancet (London, England)}" in written([journal], "bibtex")
    assert "Lancet (London, England), 395(10221)" in written([journal], "apa")
    assert trial.container_title == ""
    assert trial.urls == ("https://clinicaltrials.gov/show/NCT01234567",)


def test_cochrane_framing_is_counted_once_per_file() -> None:
    reader = RisReader()
    _, report = collect()
    list(reader.read(io.BytesIO(CENTRAL.encode()), "c.ris", report))
    assert reader.facts.exporter == "Cochrane Library"
    assert reader.facts.framing == {"FRM-COCH-01 'Record #n of N' lines": 2,
                                    "FRM-COCH-02 'Provider: John Wiley & Sons' headers": 1,
                                    "FRM-HEAD-01 Provider/Database/Content headers": 1}


def test_cochrane_pages_with_u2010_hyphens_depends_on_16() -> None:
    journal = read_text(CENTRAL)[0][0]
    assert journal.page == "211-219"


def test_cochrane_doi_from_a_url_ending_in_full_depends_on_16() -> None:
    journal = read_text(CENTRAL)[0][0]
    assert journal.doi == "10.1002/central/CN-01234567"


CDSR = """TY  - JOUR
ID  - CD009876
AU  - Moreau, Elise
AU  - Tanaka, Hiro
TI  - Interventions for preventing falls in older people
T2  - Cochrane Database of Systematic Reviews
PY  - 2021
IS  - 3
DO  - 10.1002/14651858.CD009876.pub3
AN  - CD009876
ER  -
"""


def test_cochrane_review_number_is_the_article_number_and_the_year_the_volume() -> None:
    rec, found = record(CDSR)
    assert codes(found) == []
    item = csl_items([rec])[0]
    assert (item["number"], item["volume"], item["issue"]) == ("CD009876", "2021", "3")
    assert written([rec], "apa").strip() == (
        "Moreau, E., & Tanaka, H. (2021). Interventions for preventing falls in older people. "
        "Cochrane Database of Systematic Reviews, 2021(3), Article CD009876. "
        "https://doi.org/10.1002/14651858.CD009876.pub3")
    assert "eid = {CD009876}" in written([rec], "bibtex")


# -- Ovid --------------------------------------------------------------------------------------

OVID_MEDLINE = """1.
TY  - JOUR
ID  - 33445566
T1  - Statins and memory in older adults.
A1  - Brennan, Aoife
A2  - Collins, Dunne, Farrell
JF  - Journal of Geriatric Tests
VL  - 12
IS  - 4
SP  - 301
EP  - 309
Y1  - 2020//
M1  - 9502015
T3  - [Comment in: J Geriatr Tests. 2021;13(1):5]
T3  - Retraction in: J Geriatr Tests. 2022;14(2):99
L2  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=medl&AN=33445566
ER  -
NL  - J Geriatr Tests

Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/ovidweb.cgi?T=JS&AN=33445566
"""


def test_ovid_m1_notices_collaborators_and_trailer() -> None:
    rec, found = record(OVID_MEDLINE)
    # Only the retraction is said; the framing lines and the NL after ER draw no warning.
    assert [(d.code, d.line) for d in found] == [("RIS027", 15)]
    item = csl_items([rec])[0]
    assert (item["page"], item.get("number")) == ("301-309", None)
    assert "collection-title" not in item and "editor" not in item
    assert item["container-title-short"] == "J Geriatr Tests"
    note = notes_of(rec)
    assert "9502015" in note and "Comment in" in note and "Collins, Dunne, Farrell" in note
    apa = written([rec], "apa")
    assert "Article 9502015" not in apa and "Comment in" not in apa
    assert "Journal of Geriatric Tests, 12(4), 301–309." in apa


def test_ovid_placeholder_pages_are_counted_not_warned_about() -> None:
    records, found, reader = read_file("db-exports", "ovid-psycinfo__asreview.ris")
    assert codes(found) == []
    assert all(not r.page for r in records if "No" in {t.value for t in r.raw if t.tag == "SP"})
    assert reader.facts.rules["EXP-OVID-06"] == reader.facts.rules["EXP-OVID-07"] == 3
    assert reader.facts.framing["FRM-OVID-03 NL lines after ER"] == 6
    # The NL after each ER is kept in its record, as the short journal title.
    assert records[0].container_title_short == "Clin Psychol Psychother"


def test_ovid_second_pb_is_the_country_it_repeats_from_cy() -> None:
    records, found, reader = read_file("db-exports", "ovid-psycinfo__asreview.ris")
    assert codes(found) == []
    assert reader.facts.rules["EXP-OVID-05"] == 6
    assert [(r.publisher, r.publisher_place) for r in records] == [
        ("John Wiley & Sons", "US"), ("Sage Publications", "US"), ("Elsevier Science", "Netherlands"),
        ("Taylor & Francis", "United Kingdom"), ("Taylor & Francis", "United Kingdom"),
        ("Springer", "Germany")]
    # Not a second publisher, and nothing left over for the note: CY holds the country.
    assert not any("PB: " in notes_of(r) for r in records)
    assert "Wiley; US" not in written(records, "apa")
    # Without the row the repeat would be read as a second publisher (R29's "A; B").
    rec, _ = record("TY  - BOOK\nCY  - US\nPB  - John Wiley & Sons\nPB  - US\nER  - \n")
    assert rec.publisher == "John Wiley & Sons; US"


def test_ovid_without_a_sign_in_its_records_is_known_by_its_links() -> None:
    records, found, reader = read_file("db-exports", "ovid__synthesisr.ris")
    assert (reader.facts.exporter, codes(found)) == ("Ovid", [])
    # M1 is the affiliation here: never the number.
    assert not any(r.number for r in records)
    assert "Southern Swedish Forest Centre" in notes_of(records[0])


# -- Scopus ------------------------------------------------------------------------------------

SCOPUS_CONFERENCE = """TY  - CONF
AU  - Ahmadi, S.
TI  - Edge caching for federated learning
T2  - Proceedings of the 2023 IEEE Conference on Networks
PY  - 2023
SP  - 41
EP  - 50
M3  - Conference paper
DB  - Scopus
ER  -
"""


def test_scopus_document_type_is_not_printed_as_a_genre() -> None:
    rec, _ = record(SCOPUS_CONFERENCE)
    assert rec.genre == ""
    assert "[Conference paper]" not in written([rec], "apa")
    assert "Conference paper" not in written([rec], "bibtex")


def test_scopus_c7_beside_a_page_range_is_an_ieee_document_number() -> None:
    text = ("TY  - JOUR\nAU  - Ahmadi, S.\nTI  - T\nT2  - IEEE Transactions on Tests\nVL  - 9\n"
            "PY  - 2023\nSP  - 41\nEP  - 50\nC7  - 9876543\nDB  - Scopus\nER  - \n")
    rec, _ = record(text)
    assert (rec.page, rec.number) == ("41-50", "")
    assert "9876543" in notes_of(rec)
    assert "Article 9876543" not in written([rec], "apa")
    # Without a range it is the article number, as everywhere.
    rec, _ = record(text.replace("SP  - 41\nEP  - 50\n", ""))
    assert rec.number == "9876543"


def test_scopus_st_in_another_language_is_the_original_title() -> None:
    rec, _ = record("TY  - JOUR\nTI  - Rural health in Brazil\nST  - Saúde rural no Brasil\n"
                    "T2  - Revista Teste\nDB  - Scopus\nER  - \n")
    item = csl_items([rec])[0]
    assert item["original-title"] == "Saúde rural no Brasil" and "title-short" not in item
    rec, _ = record("TY  - JOUR\nTI  - Rural health in Brazil: a review\nST  - Rural health "
                    "in Brazil\nT2  - Revista Teste\nDB  - Scopus\nER  - \n")
    assert (rec.title_short, rec.original_title) == ("Rural health in Brazil", "")


# -- EndNote, EBSCO, RI ------------------------------------------------------------------------

def test_endnote_pubmed_records_take_the_full_journal_from_j2() -> None:
    records, _, reader = read_file("db-exports", "endnote-export-mixed__asysd.ris")
    assert reader.facts.exporter == "EndNote"
    swapped = [r for r in records if r.container_title == "Molecular neurodegeneration"]
    assert swapped and all(r.container_title_short == "Mol Neurodegener" for r in swapped)
    assert "journal = {Molecular neurodegeneration}" in written(swapped[:1], "bibtex")
    # ST only repeats the title: no short title.
    assert not any(r.title_short == r.title for r in records if r.title)


def test_ebsco_doi_in_l3() -> None:
    records, found, reader = read_file("db-exports", "ebsco-academic-search-premier__synthesisr.ris")
    assert reader.facts.exporter == "EBSCOhost"
    assert records[0].doi == "10.1016/j.agee.2016.06.041"
    assert "https://doi.org/10.1016/j.agee.2016.06.041" in written(records[:1], "apa")
    # T2 beside the journal is EBSCO's English translation of the title: no warning.
    assert codes(found) == []
    assert records[3].translated_title.startswith("Design and experiment of 2ZGK-6")


def test_a_record_id_in_ri_is_not_a_reviewed_item() -> None:
    rec, _ = record("TY  - JOUR\nAU  - Lee, A\nTI  - A review\nT2  - J Tests\nPY  - 2020\n"
                    "RI  - REF_0001\nER  - \n")
    assert rec.reviewed_title == ""
    assert "[Review of" not in written([rec], "apa")
    assert "REF_0001" in notes_of(rec)
    rec, _ = record("TY  - JOUR\nAU  - Lee, A\nTI  - A review\nT2  - J Tests\nPY  - 2020\n"
                    "RI  - The Book Under Review\nER  - \n")
    assert rec.reviewed_title == "The Book Under Review"


# -- EPPI-Reviewer, IEEE -----------------------------------------------------------------------

EPPI = """TY  - JOUR
A1  - Nwosu Adaeze
A1  - van der Berg Anna
T1  - School meals and attendance
JF  - Journal of Tests
Y1  - 2019
DB  - EPPI-Reviewer 4
ER  -
TY  - JOUR
A1  - Okafor Chidi Emeka
T1  - Homework and sleep
JF  - Journal of Tests
Y1  - 2018
DB  - EPPI-Reviewer 4
ER  -
"""


def test_eppi_names_are_read_family_first_with_one_warning_per_file() -> None:
    records, found = read_text(EPPI)
    assert [(d.code, d.line) for d in found] == [("RIS028", 2)]
    assert [c.name.family for r in records for c in r.contributors] == ["Nwosu", "Berg", "Okafor"]
    assert [c.name.given for r in records for c in r.contributors] == ["Adaeze", "Anna",
                                                                       "Chidi Emeka"]
    assert records[0].contributors[1].name.non_dropping_particle == "van der"
    assert written(records[:1], "apa").startswith("Nwosu, A., & van der Berg, A. (2019).")


def test_eppi_file_with_commas_keeps_the_generic_reading() -> None:
    records, found = read_text(EPPI.replace("Nwosu Adaeze", "Nwosu, Adaeze"))
    assert "RIS028" not in codes(found)
    assert records[1].contributors[0].name.family == "Emeka"  # given first, as generic


def test_ieee_given_first_names_need_no_warning() -> None:
    text = ("TY  - CONF\nTI  - A paper\nT2  - 2020 IEEE Conference on Tests\nSP  - 1\nEP  - 5\n"
            "AU  - Jane Smith\nAU  - A. Author-One\nPY  - 2020\nDO  - 10.1109/TEST.2020.1234567\n"
            "VO  - \nVL  - \nY1  - 4-8 Aug. 2020\nER  - \n")
    records, found = read_text(text)
    assert codes(found) == []
    assert [(c.name.given, c.name.family) for c in records[0].contributors] == [
        ("Jane", "Smith"), ("A.", "Author-One")]
    # The same names from an unknown exporter are warned about.
    _, found = read_text(text.replace("VO  - \n", ""))
    assert codes(found) == ["RIS022"]


# -- Preprints, in press, missing types --------------------------------------------------------

def test_embase_preprint_is_an_article_with_the_server_as_publisher() -> None:
    rec, found = record("TY  - GEN\nA1  - Osei K.\nT1  - Long covid in children\nJF  - medRxiv\n"
                        "Y1  - 2021\nM3  - Preprint\nDO  - 10.1101/2021.01.01.21249999\n"
                        "DB  - Embase\nER  - \n")
    assert codes(found) == []
    item = csl_items([rec])[0]
    assert (item["type"], item["publisher"]) == ("article", "medRxiv")
    assert "container-title" not in item
    assert written([rec], "apa").strip() == ("Osei, K. (2021). Long covid in children. medRxiv. "
                                             "https://doi.org/10.1101/2021.01.01.21249999")


def test_in_press_is_a_status_in_place_of_the_year() -> None:
    rec, _ = record("TY  - INPR\nAU  - Lind, Kaja\nTI  - Fair ranking\nT2  - Journal of Tests\n"
                    "PY  - 2024\nDO  - 10.5555/abc\nER  - \n")
    assert (rec.status, rec.issued) == ("in press", None)
    assert "PY: 2024" in notes_of(rec)
    assert written([rec], "apa").strip() == ("Lind, K. (in press). Fair ranking. Journal of "
                                             "Tests. https://doi.org/10.5555/abc")


@pytest.mark.parametrize("ty", ["", "HTML", "PDF"])
def test_a_missing_or_wrong_type_with_journal_evidence_is_an_article(ty: str) -> None:
    text = (f"TY  - {ty}\nAU  - Park, J\nTI  - Soil carbon\nJO  - Soil Tests\nVL  - 7\nIS  - 2\n"
            f"DO  - 10.5555/soil.7.2\nPY  - 2019\nER  - \n")
    rec, found = record(text)
    assert (rec.type, codes(found)) == ("article-journal", ["RIS026"])
    assert "Soil Tests, 7(2)." in written([rec], "apa")
    # Without the evidence: a generic document, as before.
    rec, found = record(text.replace("VL  - 7\n", ""))
    assert rec.type == "document"
    assert codes(found) == (["RIS017"] if not ty else ["RIS020"])


# -- Pure subtitles ----------------------------------------------------------------------------

def test_pure_subtitle_is_read_without_a_warning() -> None:
    records, found, reader = read_file("seed", "troup2022-pure-export.ris")
    assert (reader.facts.exporter, codes(found)) == ("Pure", [])
    assert records[0].title.endswith(": A qualitative thematic meta-synthesis")


@pytest.mark.parametrize(("t2", "title"), [
    ("Fair ranking", "Fair ranking: under uncertainty"),  # a prefix of the title
    ("Fair ranking under uncertainty", "Fair ranking under uncertainty"),  # a repeat
])
def test_the_subtitle_rule_does_not_fire_on_a_repeat_of_the_title(t2: str, title: str) -> None:
    rec, found = record(f"TY  - JOUR\nT1  - {title}\nT2  - {t2}\nJF  - J Tests\nER  - \n")
    assert (rec.title, rec.container_title, codes(found)) == (title, "J Tests", [])


def test_the_subtitle_rule_does_not_fire_on_a_conference_acronym() -> None:
    rec, found = record("TY  - JOUR\nT1  - Mining test logs at scale\nT2  - ICSE '19\n"
                        "JF  - J Tests\nER  - \n")
    assert rec.title == "Mining test logs at scale"
    assert codes(found) == ["RIS023"] and "ICSE '19" in notes_of(rec)


def test_pure_theses_split_title_and_subtitle() -> None:
    rec, found = record("TY - THES\nT1 - Living with floods\nT2 - A study of two rivers\n"
                        "AU - Ahn, Mira\nPB - University of Tests\nPY - 2020\nN1 - Funding "
                        "Information:\nNone.\nER -\n")
    assert rec.title == "Living with floods: A study of two rivers"
    assert codes(found) == []  # Pure's one-space layout is its own


# -- The tables --------------------------------------------------------------------------------

def test_every_rule_placeholder_and_frame_names_what_shows_it() -> None:
    ids = [r.id for r in EXPORTER_RULES] + [p.id for p in PLACEHOLDERS] + [f.id for f in FRAMES]
    assert len(ids) == len(set(ids))
    for row in (*EXPORTER_RULES, *PLACEHOLDERS, *FRAMES):
        assert row.reason and row.shown_by, row.id
        shown = row.shown_by.split(" ")[0]
        if shown.endswith(".ris"):
            corpus_path(*shown.split("/"))  # the file exists
        else:
            assert shown == "tests/readers/test_exporter_rules.py", row.id



ROWS_SHOWN_BY_CORPUS = [row for row in (*EXPORTER_RULES, *PLACEHOLDERS, *FRAMES)
                        if row.shown_by.split(" ")[0].endswith(".ris")]


@pytest.mark.parametrize("row", ROWS_SHOWN_BY_CORPUS, ids=[r.id for r in ROWS_SHOWN_BY_CORPUS])
def test_each_row_fires_on_the_corpus_file_it_names(row: Any) -> None:
    # The file a row cites really shows it: reading it counts the row (-v's rules and framing).
    _, _, reader = read_file(*row.shown_by.split(" ")[0].split("/"))
    facts = reader.facts
    fired = facts.rules.get(row.id, 0) + sum(n for what, n in facts.framing.items()
                                             if what.startswith(f"{row.id} "))
    assert fired > 0, (row.id, facts.exporter, facts.rules, facts.framing)

# -- Clean exports pass --strict ---------------------------------------------------------------

#: Untouched exports with no real defect: ``risx check --strict`` passes on each.
PRISTINE = [
    "db-exports/embase-elsevier__asreview.ris", "db-exports/ebsco-academic-search-premier"
    "__synthesisr.ris", "db-exports/google-scholar-via-zotero__citesource.ris",
    "db-exports/lens__citesource.ris", "db-exports/ovid-psycinfo__asreview.ris",
    "db-exports/ovid__synthesisr.ris", "db-exports/proquest-ptsdpubs__asreview.ris",
    "db-exports/pubmed-via-endnote__asreview.ris", "db-exports/pubmed-via-zotero__asreview.ris",
    "db-exports/rayyan-export__asreview.ris", "db-exports/scopus-2019-with-references"
    "__asreview.ris", "db-exports/scopus-2020__synthesisr.ris", "db-exports/scopus-2025__asysd.ris",
    "db-exports/wos__asysd.ris", "colrev-ris/abi_inform_proquest_ris.ris",
    "colrev-ris/ieee_ris.ris", "colrev-ris/jstor_ris.ris", "colrev-ris/psycinfo_ris.ris",
    "seed/troup2022-pure-export.ris",
]
#: Exports that still warn, each for a real defect in the file.
STILL_WARN = {
    "db-exports/citavi-export__asreview.ris": ["RIS021"],  # Y2 'DEC': a date with no year
    # 'Fonseca C., Efraín R.': one Spanish name or two people
    "db-exports/dimensions__citesource.ris": ["RIS022"],
    # T2 beside the journal is a translation (no warning); 'Jianjun Huang' has no comma
    "db-exports/ebsco-environment-index__citesource.ris": ["RIS022"],
    # whole author lists glued into one AU line ('L., Buchanan A. H. Rahm A. K. ...')
    "db-exports/endnote-export-mixed__asysd.ris": ["RIS022"] * 20,
    "db-exports/faulty-year__asreview.ris": ["RIS021"],  # PY '10 15'
    # Ovid's placeholders and collaborator lists, passed on by Zotero (no Ovid sign is left)
    "db-exports/ovid-psycinfo-via-zotero__asreview.ris": ["RIS025", "RIS025", "RIS022",
                                                          "RIS022", "RIS025", "RIS025",
                                                          "RIS022", "RIS025", "RIS025"],
    "db-exports/zotero-export-wos-1000__asysd.ris": ["RIS022"],  # 'Ben Walton', no comma
    "colrev-ris/trid_ris.ris": ["RIS021"],  # PY 'Start date: 20170812'
}


@pytest.mark.parametrize("name", PRISTINE)
def test_clean_exports_pass_check_strict(name: str) -> None:
    from click.testing import CliRunner

    from risx.commands import main

    result = CliRunner().invoke(main, ["check", "--strict", str(corpus_path(*name.split("/")))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("name", "expected"), sorted(STILL_WARN.items()))
def test_exports_with_real_defects_still_warn(name: str, expected: list[str]) -> None:
    _, found, _ = read_file(*name.split("/"))
    assert codes(found) == expected


def test_every_db_export_is_listed_as_clean_or_warning() -> None:
    listed = {n for n in [*PRISTINE, *STILL_WARN] if n.startswith("db-exports/")}
    files = {f"db-exports/{p.name}" for p in corpus_path("db-exports").glob("*.ris")}
    assert files == listed


def test_check_rules_lists_every_row_with_its_reason() -> None:
    from click.testing import CliRunner

    from risx.commands import main
    from risx.readers.ris.tables import TYPE_RULES

    result = CliRunner().invoke(main, ["check", "--rules"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    rows = [*EXPORTER_RULES, *PLACEHOLDERS, *FRAMES, *TYPE_RULES]
    # The MEDLINE and WoS readers' rules follow (tests/readers/test_medline_wos_exporters.py).
    assert len(lines) > len(rows)
    for line, row in zip(lines[:len(rows)], rows, strict=True):
        assert line.startswith(f"{row.id}  ") and row.reason in line and row.shown_by in line
