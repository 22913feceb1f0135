"""The RIS tables are rows the mapper can act on, and exporter rows override them.

A row naming a meaning the mapper does not resolve would silently read nothing: the tests
here keep the tables, the exporter rows and the mapper in step.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import read_text
from risx.readers.ris import exporters, mapping
from risx.readers.ris.exporters import EXPORTER_RULES, VENDOR_TAGS, ExporterRule
from risx.readers.ris.tables import KNOWN_TAGS, RIS_TYPES, TAG_READINGS


def rule_problems(rule: ExporterRule) -> list[str]:
    problems = []
    if rule.tag not in mapping.MEANINGS:
        problems.append(f"{rule.id}: {rule.tag} has no readings the mapper resolves")
    elif rule.meaning not in mapping.MEANINGS[rule.tag]:
        problems.append(f"{rule.id}: {rule.tag} cannot mean {rule.meaning!r}")
    problems += [f"{rule.id}: {code} is not a RIS type" for code in rule.types
                 if code not in RIS_TYPES]
    if not (rule.id and rule.reason and rule.shown_by):
        problems.append(f"{rule!r}: a rule needs an ID, a reason and what shows it")
    return problems


def test_every_reading_is_one_the_mapper_resolves() -> None:
    assert set(TAG_READINGS) == set(mapping.MEANINGS)
    vendor = {tag for tags in VENDOR_TAGS.values() for tag in tags}
    for tag, reading in TAG_READINGS.items():
        assert tag in KNOWN_TAGS | vendor, tag
        assert reading.reason
        assert {reading.default, *reading.by_type.values()} <= mapping.MEANINGS[tag], tag
        assert set(reading.by_type) <= set(RIS_TYPES), tag


def test_every_meaning_the_mapper_resolves_is_used_by_some_row() -> None:
    # A meaning no row names (a type's or an exporter's) is dead code in the mapper.
    used = {(tag, meaning) for tag, reading in TAG_READINGS.items()
            for meaning in (reading.default, *reading.by_type.values())}
    used |= {(rule.tag, rule.meaning) for rule in EXPORTER_RULES}
    unused = {(tag, meaning) for tag, meanings in mapping.MEANINGS.items() for meaning in meanings
              if (tag, meaning) not in used}
    assert unused == set()


def test_exporter_rules_are_well_formed() -> None:
    assert [p for rule in EXPORTER_RULES for p in rule_problems(rule)] == []
    ids = [rule.id for rule in EXPORTER_RULES]
    assert len(ids) == len(set(ids))


@pytest.fixture
def scopus_m1_is_a_note(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A made-up exporter row: Scopus's M1 in a journal article is never an article number."""
    rule = ExporterRule("TEST-M1", "Scopus", "M1", frozenset({"JOUR"}), "note",
                        "made up for the test", "tests/readers/test_ris_tables.py")
    assert rule_problems(rule) == []
    monkeypatch.setattr(exporters, "EXPORTER_RULES", (rule,))
    monkeypatch.setattr(mapping, "EXPORTER_RULES", (rule,))
    mapping.readings.cache_clear()
    yield
    mapping.readings.cache_clear()


ARTICLE = "TY  - JOUR\nTI  - A title\nM1  - 9502015\n{db}ER  - \n"


def test_without_an_exporter_row_a_long_number_in_m1_is_the_article_number() -> None:
    records, _ = read_text(ARTICLE.format(db="DB  - Scopus\n"))
    assert records[0].number == "9502015"


@pytest.mark.usefixtures("scopus_m1_is_a_note")
def test_an_exporter_row_changes_the_reading_for_that_exporter_only() -> None:
    (scopus,), _ = read_text(ARTICLE.format(db="DB  - Scopus\n"))
    assert scopus.number == ""
    assert [(r.tag, r.value) for r in scopus.unmapped] == [("M1", "9502015")]
    (other,), _ = read_text(ARTICLE.format(db=""))
    assert other.number == "9502015"
    # Only for the types the row names.
    (report,), _ = read_text(ARTICLE.replace("JOUR", "RPRT").format(db="DB  - Scopus\n"))
    assert report.number == "9502015"


@pytest.mark.usefixtures("scopus_m1_is_a_note")
def test_the_exporter_is_known_before_the_first_record_is_mapped() -> None:
    # The first record does not show the exporter; the second does, and decides the file.
    text = ARTICLE.format(db="") + ARTICLE.format(db="DB  - Scopus\n")
    records, _ = read_text(text)
    assert [r.number for r in records] == ["", ""]


def test_the_ris_writer_writes_every_field_of_the_tag_table_once() -> None:
    from dataclasses import fields

    from risx.model import Record
    from risx.readers.ris.tables import FIELD_TAGS
    from risx.writers.ris import DETAIL_FIELDS, TITLE_FIELDS

    assert sorted(TITLE_FIELDS + DETAIL_FIELDS) == sorted(FIELD_TAGS)
    assert set(FIELD_TAGS) <= {f.name for f in fields(Record)}
    assert set(FIELD_TAGS.values()) <= KNOWN_TAGS
