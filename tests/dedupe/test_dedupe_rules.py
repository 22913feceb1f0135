"""The dedupe rules and safety guards, one test each, on made-up records in the shapes the
labelled benchmark sets show (benchmarks/bench_dedupe.py scores the real sets)."""

from __future__ import annotations

import inspect
import sys

import pytest

from risx.dedupe import RULES, DedupeResult, dedupe
from risx.dedupe.match import MERGE, REVIEW
from risx.dedupe.normalise import (
    clean_title,
    excel_page_guesses,
    first_page,
    journal_variants,
    journals_agree,
    page_range,
    title_numbers,
    volume_key,
)
from risx.model import Contributor, Date, Name, Record, SourceLocation

_counter = {"n": 0}


def rec(title: str = "Intrapleural fibrinolytic therapy for pleural infection in adults",
        authors: tuple[str, ...] = ("Smith, John", "Jones, Anna"), year: int | None = 2010,
        journal: str = "American Journal of Respiratory and Critical Care Medicine",
        volume: str = "182", issue: str = "", page: str = "1020-1027", doi: str = "",
        type: str = "article-journal", source_type: str = "JOUR", file: str = "a.ris",
        source_id: str = "", database: str = "", abstract: str = "") -> Record:
    _counter["n"] += 1
    names = []
    for author in authors:
        family, _, given = author.partition(", ")
        names.append(Contributor("author", Name(family=family, given=given)))
    return Record(type=type, source=SourceLocation(file, _counter["n"]), source_type=source_type,
                  source_id=source_id or f"r{_counter['n']}", title=title,
                  contributors=tuple(names),
                  issued=Date(parts=((year,),)) if year else None, container_title=journal,
                  volume=volume, issue=issue, page=page, doi=doi, database=database,
                  abstract=abstract)


def removed_rules(result: DedupeResult) -> list[str]:
    return [r.decision.rule.id for r in result.removed]


def review_rules(result: DedupeResult) -> list[str]:
    return [p.decision.rule.id for p in result.review]


# Merge rules ------------------------------------------------------------------------------


def test_r01_same_doi_similar_title() -> None:
    a = rec(doi="10.1164/rccm.201001-0001OC")
    b = rec(title=a.title.upper() + ".", doi="https://doi.org/10.1164/RCCM.201001-0001OC",
            journal="", volume="", page="", authors=())
    result = dedupe([a, b])
    assert removed_rules(result) == ["DUP-R01"]
    assert len(result.records) == 1


def test_r02_title_typo_and_abbreviated_journal() -> None:
    a = rec()
    b = rec(title="Intrapleural fibrinolytc therapy for pleural infections in adults",
            authors=("Smith, J.",), journal="Am J Respir Crit Care Med", page="1020-7",
            year=2011)
    result = dedupe([a, b])
    assert removed_rules(result) == ["DUP-R02"]
    assert "journal =" in result.removed[0].decision.evidence


@pytest.mark.parametrize(("first", "second"), [("e1234", "1234"), ("S12-S14", "12"),
                                               ("0089-95", "89")])
def test_r02_page_variants_agree(first: str, second: str) -> None:
    a = rec(page=first, journal="")
    b = rec(page=second, journal="", doi="10.1000/only-one-has-a-doi")
    assert removed_rules(dedupe([a, b])) == ["DUP-R02"]


def test_r03_same_source_truncated_title() -> None:
    a = rec(title="Regional immunotherapy with intrapleural BCG for lung cancer")
    b = rec(title="Regional immunotherapy with intrapleural BCG for lung cancer. Surgical "
                  "considerations and five year results", journal="Jthoraccardiovascsurg")
    assert removed_rules(dedupe([a, b])) == ["DUP-R03"]


def test_r04_no_authors() -> None:
    a = rec(authors=())
    b = rec(authors=(), page="1020")
    assert removed_rules(dedupe([a, b])) == ["DUP-R04"]


def test_r05_author_written_differently() -> None:
    # Family and given names swapped by one database ("Ching-yi" for "Wu Ching-yi").
    a = rec(authors=("Wu, Ching-yi",))
    b = rec(authors=("Ching-yi, Wu",))
    assert removed_rules(dedupe([a, b])) == ["DUP-R05"]


def test_r06_one_issue_same_authors() -> None:
    a = rec(issue="10", page="e8-e9")
    b = rec(issue="10", page="e3")
    assert removed_rules(dedupe([a, b])) == ["DUP-R06"]
    # Other authors on the next page of one supplement: two abstracts, never merged.
    c = rec(issue="10", page="e9", authors=("Smith, John", "Brown, Ann", "Jones, Anna"))
    assert dedupe([a, c]).removed == []


def test_r07_translated_title_same_pages() -> None:
    a = rec(title="Utilidad de los antimicrobianos en la toracostomia cerrada por trauma",
            journal="Cir Cir", page="29-32")
    b = rec(title="[Are antimicrobials useful in closed thoracostomy due to trauma?]",
            journal="Cirugia y cirujanos", page="29-32")
    assert removed_rules(dedupe([a, b])) == ["DUP-R07"]


# Review rules and safety guards -----------------------------------------------------------


def test_distinct_dois_are_never_merged() -> None:
    article = rec(doi="10.1000/article")
    erratum = rec(doi="10.1000/erratum")
    result = dedupe([article, erratum])
    assert result.removed == [] and result.review == [] and len(result.records) == 2


def test_v01_same_doi_dissimilar_titles() -> None:
    a = rec(doi="10.1000/x")
    b = rec(title="Cost of chest drains in a district hospital", doi="10.1000/x")
    result = dedupe([a, b])
    assert result.removed == [] and review_rules(result) == ["DUP-V01"]
    assert len(result.records) == 2


def test_v02_supplement_doi() -> None:
    # One DOI on a whole supplement: six abstracts, each exported twice (two databases).
    doi = "10.1007/s00125-018-4693-0"
    titles = ["Anti-atherosclerotic activity of trigonal agonists in ApoE knockout mice",
              "Liraglutide alters immune populations during regression of atherosclerosis",
              "Bioenergetics of myeloid angiogenic cells in the damage by stearic acid",
              "Glucagon-like peptide 1 and reverse cholesterol transport in a mouse model",
              "Exenatide and foam cell formation in human macrophages in culture",
              "Sitagliptin and plaque stability in the aortic root of diabetic mice"]
    records = []
    for number, title in enumerate(titles):
        for database in ("Embase", "Web of Science"):
            records.append(rec(title=title, doi=doi, journal="Diabetologia", volume="61",
                               page=f"S{500 + number}", authors=(f"Author{number}, A",),
                               database=database))
    result = dedupe(records)
    assert len(result.records) == 6  # each abstract's two copies merged, by the other fields
    assert set(removed_rules(result)) == {"DUP-R02"}
    for removal in result.removed:
        assert removal.record.title == removal.kept.title
    assert review_rules(result) == ["DUP-V02"] * 5


def test_v02_chapters_of_one_book_keep_apart() -> None:
    doi = "10.1007/978-3-030-00000-0"
    book = rec(title="Pleural disease: a clinical handbook", type="book", source_type="BOOK",
               doi=doi, journal="", page="")
    chapters = [rec(title=title, type="chapter", source_type="CHAP", doi=doi,
                    journal="Pleural disease: a clinical handbook", page=page)
                for title, page in (("Malignant effusion", "1-20"), ("Empyema", "21-40"),
                                    ("Pneumothorax", "41-60"))]
    result = dedupe([book, *chapters])
    assert result.removed == [] and len(result.records) == 4
    assert set(review_rules(result)) == {"DUP-V02"}


def test_v03_abstract_and_article() -> None:
    article = rec()
    abstract = rec(source_type="ABST")
    result = dedupe([article, abstract])
    assert result.removed == [] and review_rules(result) == ["DUP-V03"]
    chapter = rec(type="chapter", source_type="CHAP")
    book = rec(type="book", source_type="BOOK")
    assert review_rules(dedupe([chapter, book])) == ["DUP-V03"]
    conference = rec(type="paper-conference", source_type="CONF")
    assert review_rules(dedupe([article, conference])) == ["DUP-V03"]


def test_v04_same_title_other_pages() -> None:
    # A conference abstract and the article of the same title, year and first author.
    abstract = rec(journal="Journal of Heart and Lung Transplantation", volume="32",
                   page="S136", year=2013)
    article = rec(journal="American Journal of Transplantation", volume="13", page="93",
                  year=2013)
    result = dedupe([abstract, article])
    assert result.removed == [] and review_rules(result) == ["DUP-V04"]


def test_v05_same_page_other_title() -> None:
    # Two abstracts of one author on one page of a supplement.
    a = rec(title="Talc not tetracycline pleurodesis induces hypoxaemia", page="B11")
    b = rec(title="The characteristics of 300 patients in the MIST trial", page="B11")
    result = dedupe([a, b])
    assert result.removed == [] and review_rules(result) == ["DUP-V05"]


def test_v06_no_chain_through_a_thin_record() -> None:
    # A thin record (no pages) matches both an abstract and the article: it may join one of
    # them, never both, for the abstract and the article contradict each other.
    abstract = rec(page="S136")
    article = rec(page="1020-1027")
    thin = rec(page="", volume="")
    result = dedupe([abstract, thin, article])
    assert len(result.records) == 2
    assert "DUP-V06" in review_rules(result)


def test_v07_part_1_and_part_2() -> None:
    a = rec(title="Management of pleural infection in adults: part 1", page="")
    b = rec(title="Management of pleural infection in adults: part 2", page="")
    result = dedupe([a, b])
    assert result.removed == [] and review_rules(result) == ["DUP-V07"]


def test_years_far_apart_are_not_merged() -> None:
    a = rec(year=2005, page="", volume="")
    b = rec(year=2012, page="", volume="")
    assert dedupe([a, b]).removed == []


def test_untitled_records_never_merge() -> None:
    assert dedupe([rec(title=""), rec(title="")]).removed == []


def test_every_rule_has_an_id_a_reason_and_a_test() -> None:
    ids = [rule.id for rule in RULES]
    assert len(set(ids)) == len(ids)
    here = sys.modules[__name__]
    for rule in RULES:
        assert rule.verdict in (MERGE, REVIEW) and rule.reason
        path, _, name = rule.shown_by.partition("::")
        assert path == "tests/dedupe/test_dedupe_rules.py"
        assert inspect.isfunction(getattr(here, name, None)), rule.shown_by


# Normalisation ----------------------------------------------------------------------------


def test_titles_lose_the_annotations_databases_append() -> None:
    assert clean_title("[Clinical aspects of the complement system]. [Japanese]") == \
        "[Clinical aspects of the complement system]."
    assert clean_title("Robot-assisted gait.[Erratum appears in Exp Brain Res. 2010 May;2") == \
        "Robot-assisted gait."
    assert clean_title("[Fast track surgery in lung cancer] LA: Chi") == \
        "[Fast track surgery in lung cancer]"
    assert clean_title("Eculizumab for aHUS (vol 360, pg 542, 2009)") == "Eculizumab for aHUS"
    assert clean_title("More on eculizumab... N Engl J Med. 2009 Jan 29;360(5):544-6") == \
        "More on eculizumab"
    assert clean_title("Outcomes of a cohort (2009-2012)") == "Outcomes of a cohort (2009-2012)"


def test_pages_volumes_and_numbers() -> None:
    assert [first_page(p) for p in ("e1234", "S12-S14", "0089", "233-8, 230-5", "14-Jun",
                                    "2297-2108")] == ["1234", "12", "89", "230", "", ""]
    assert excel_page_guesses("21-Aug") == {"21", "8"}
    assert page_range("233-8") == "233-238" and page_range("945-945") == ""
    assert [volume_key(v) for v in ("38", "Vol. 38", "38 (Supplement 1)", "1)",
                                    "Korsakova. Part 2. 117")] == ["38", "38", "38", "", "117"]
    assert title_numbers("phase ii trial of drug 5") == ("2", "5")


@pytest.mark.parametrize(("short", "full"), [
    ("Am J Respir Crit Care Med", "American Journal of Respiratory and Critical Care Medicine"),
    ("Dtsch-Med-Wochenschr", "Deutsche medizinische Wochenschrift"),
    ("Jthoraccardiovascsurg", "The Journal of Thoracic & Cardiovascular Surgery"),
    ("PLoS ONE [Electronic Resource]", "PLoS One"),
    ("Diabetologia. Conference: 54th Annual Meeting of the EASD", "Diabetologia"),
])
def test_journal_abbreviations_agree(short: str, full: str) -> None:
    assert journals_agree(journal_variants(short), journal_variants(full))


def test_different_journals_do_not_agree() -> None:
    assert not journals_agree(journal_variants("J Clin Invest"),
                              journal_variants("Journal of Cellular Immunology"))


def test_an_excel_date_never_contradicts_a_page() -> None:
    a = rec(page="21-28", journal="Curr Vasc Pharmacol")
    b = rec(page="21-Aug", journal="Current Vascular Pharmacology")
    assert removed_rules(dedupe([a, b])) == ["DUP-R02"]


def test_r08_one_page_items_printed_twice() -> None:
    a = rec(page="22-22", journal="Pediatric Transplantation. Conference: 6th Congress")
    b = rec(page="52-52", journal="Pediatric Transplantation")
    assert removed_rules(dedupe([a, b])) == ["DUP-R08"]
    # A first page alone says nothing about length: the abstract and the article stay.
    article = rec(page="52")
    assert dedupe([a, article]).removed == []
