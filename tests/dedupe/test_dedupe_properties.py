"""Properties of dedupe on generated records: nothing is lost, and every removal is accounted
for by a kept record that names it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from risx.dedupe import MERGED_NOTE, dedupe
from risx.dedupe.normalise import doi_key
from risx.model import Contributor, Date, Name, Record, SourceLocation

TITLES = ("Intrapleural fibrinolytic therapy for pleural infection",
          "Intrapleural fibrinolytc therapy for pleural infection",
          "Management of pleural infection: part 1", "Management of pleural infection: part 2",
          "Talc pleurodesis for malignant effusion", "")
AUTHORS = ("Smith", "Smyth", "Jones", "")
JOURNALS = ("Thorax", "Am J Respir Crit Care Med",
            "American Journal of Respiratory and Critical Care Medicine", "")
PAGES = ("1020-1027", "1020-7", "e1020", "S12", "12", "14-Jun", "")
DOIS = ("", "", "10.1000/a", "10.1000/A", "10.1000/b")
TYPES = (("article-journal", "JOUR"), ("article-journal", "ABST"), ("chapter", "CHAP"),
         ("book", "BOOK"))


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    count = draw(st.integers(min_value=0, max_value=14))
    made = []
    for index in range(count):
        author = draw(st.sampled_from(AUTHORS))
        record_type, source_type = draw(st.sampled_from(TYPES))
        year = draw(st.sampled_from((2010, 2011, 2014, None)))
        made.append(Record(
            type=record_type, source=SourceLocation(draw(st.sampled_from(("a.ris", "b.ris"))),
                                                    index + 1),
            source_type=source_type, source_id=f"id{index}",
            title=draw(st.sampled_from(TITLES)),
            contributors=(Contributor("author", Name(family=author, given="J")),) if author
            else (),
            issued=Date(parts=((year,),)) if year else None,
            container_title=draw(st.sampled_from(JOURNALS)),
            volume=draw(st.sampled_from(("182", "18", ""))),
            page=draw(st.sampled_from(PAGES)), doi=draw(st.sampled_from(DOIS)),
            abstract=draw(st.sampled_from(("", "An abstract.")))))
    return made


@settings(max_examples=300, deadline=None)
@given(records())
def test_every_record_is_kept_or_accounted_for(inputs: list[Record]) -> None:
    result = dedupe(inputs)
    kept_sources = [r.source for r in result.records]
    removed_sources = [r.record.source for r in result.removed]
    # Each input record is either kept (as itself, filled) or removed, exactly once.
    assert sorted(kept_sources + removed_sources, key=lambda s: (s.file, s.line)) == sorted(
        (r.source for r in inputs), key=lambda s: (s.file, s.line))
    assert len(set(kept_sources + removed_sources)) == len(inputs)
    # Every removed record has its kept counterpart in the output, whose note names it.
    for removal in result.removed:
        assert removal.kept in result.records
        note = next(n for n in removal.kept.notes if n.startswith(MERGED_NOTE))
        assert removal.ref.label() in note
        # Distinct DOIs are never merged, and neither are records of different kinds.
        assert not (removal.record.doi and removal.kept.doi
                    and doi_key(removal.record.doi) != doi_key(removal.kept.doi))
        assert removal.record.type == removal.kept.type
        assert removal.record.source_type == removal.kept.source_type
    # Review pairs never name two records of one work.
    for pair in result.review:
        assert pair.first.source != pair.second.source
    # Each work stands where its first record stood: the output keeps the input order.
    order = {r.source: i for i, r in enumerate(inputs)}
    first_of_work = {s: order[s] for s in kept_sources}
    for removal in result.removed:
        first_of_work[removal.kept.source] = min(first_of_work[removal.kept.source],
                                                 order[removal.record.source])
    assert [first_of_work[s] for s in kept_sources] == sorted(first_of_work.values())
    assert result.prisma.identified == len(inputs)
    assert result.prisma.remaining == len(result.records)
    assert result.prisma.duplicates_removed == len(result.removed)


@settings(max_examples=100, deadline=None)
@given(records(), records())
def test_against_leaves_out_screened_records_and_never_writes_them(
        new: list[Record], old: list[Record]) -> None:
    old = [Record(type=r.type, source=SourceLocation("old.ris", r.source.line),
                  source_type=r.source_type, title=r.title, contributors=r.contributors,
                  issued=r.issued, container_title=r.container_title, volume=r.volume,
                  page=r.page, doi=r.doi) for r in old]
    result = dedupe(new, against=old)
    assert all(r.source.file != "old.ris" for r in result.records)
    assert len(result.records) + len(result.removed) == len(new)
    screened = [r for r in result.removed if r.screened]
    assert all(r.kept.source.file == "old.ris" for r in screened)
    assert result.prisma.already_screened == len(screened)
    assert dedupe(new, against=old) == result  # deterministic
