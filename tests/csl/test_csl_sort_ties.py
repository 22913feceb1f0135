"""Sort keys beyond the leading ones are computed only for the items those leave equal.

APA sorts by author, date group, date and status, then title, volume, part, event date,
original date and archive.  Step 1 computes the first four for every item; the others
only decide between items the first four leave equal, so ``CslRenderer.place`` computes
them for those items alone.  These tests check that the order, the year suffixes and the
failures are the ones sorting by every key gives, in one process and in workers.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risx.csl import CslRenderer, load_style, render, workers
from risx.csl.render import Bibliography, SortInfo
from risx.diagnostics import collect
from test_apa_parallel import corpus_records, csl_items, oracle_items


def renderer_sorting_by(monkeypatch: pytest.MonkeyPatch, leading: int) -> CslRenderer:
    monkeypatch.setattr(render, "LEADING_SORT_KEYS", leading)
    return CslRenderer(load_style())


def texts(bibliography: Bibliography) -> list[str]:
    return [entry.text for entry in bibliography.entries]


def article(title: str, volume: str | None = None, year: int = 2020) -> dict[str, Any]:
    item: dict[str, Any] = {"id": f"{title}-{volume}", "type": "article-journal", "title": title,
                            "author": [{"family": "Lee", "given": "Ann"}],
                            "issued": {"date-parts": [[year]]}, "container-title": "J"}
    if volume:
        item["volume"] = volume
    return item


def test_the_title_decides_between_entries_by_one_author_in_one_year() -> None:
    renderer = CslRenderer(load_style())
    assert renderer.leading_sort_keys == 4  # author, date group, date, status
    items = [article("Zebras"), article("Apples", year=2019), article("Mangoes"),
             article("Apples")]
    assert texts(renderer.render(items)) == [
        "Lee, A. (2019). Apples. J.",
        "Lee, A. (2020a). Apples. J.",
        "Lee, A. (2020b). Mangoes. J.",
        "Lee, A. (2020c). Zebras. J.",
    ]


def test_only_the_tied_items_get_every_key_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    items = csl_items(corpus_records()) + oracle_items()
    renderer = CslRenderer(load_style())
    full: list[int] = []
    real_sort_info = CslRenderer.sort_info

    def recording(self: CslRenderer, entry: Any, position: int | None, *,
                  every_key: bool = False) -> SortInfo:
        if every_key:
            full.append(entry.index)
        return real_sort_info(self, entry, position, every_key=every_key)

    monkeypatch.setattr(CslRenderer, "sort_info", recording)
    renderer.render(items)
    # Some items share author, date and status (the year-suffixed ones at least), most do
    # not: a fifth here, where several databases exported the same studies.
    assert 40 < len(full) < len(items) // 4
    assert len(set(full)) == len(full)

    # Workers compute the same items' keys: they get exactly those from the parent.
    sent: list[int] = []
    real_in_order = workers._in_order

    def recording_in_order(pool: Any, step: Any, chunks: Any) -> Any:
        if step is workers._complete_chunk:
            chunks = list(chunks)
            sent.extend(index for chunk in chunks for index, _, _ in chunk)
        return real_in_order(pool, step, chunks)

    monkeypatch.setattr(workers, "_in_order", recording_in_order)
    workers.render_in_workers(renderer, items, 2, collect()[1])
    assert sorted(sent) == sorted(full)


def test_real_records_sort_as_by_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    items = csl_items(corpus_records()) + oracle_items()
    every_key = renderer_sorting_by(monkeypatch, 99).render(items)
    leading = renderer_sorting_by(monkeypatch, 4)
    assert leading.leading_sort_keys == 4
    for result in (leading.render(items),
                   workers.render_in_workers(leading, items, 2, collect()[1])):
        assert result.entries == every_key.entries  # order, text and input positions
        assert (result.failures, result.omitted) == (every_key.failures, every_key.omitted)


_ITEMS = st.lists(st.fixed_dictionaries({
    "type": st.sampled_from(["article-journal", "book", "chapter"]),
    "author": st.sampled_from([[{"family": "Lee", "given": "Ann"}],
                               [{"family": "lee", "given": "A."}],
                               [{"family": "Kim", "given": "Bo"}], []]),
    "issued": st.sampled_from([{"date-parts": [[2020]]}, {"date-parts": [[2020, 5]]},
                               {"date-parts": [[2021]]}, {"literal": "in press"}]),
    "title": st.sampled_from(["Apples", "apples", "Bees", "Vol 10", "Vol 9", ""]),
    "volume": st.sampled_from(["", "2", "10"]),
}), min_size=2, max_size=9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=_ITEMS)
def test_any_list_sorts_as_by_every_key(monkeypatch: pytest.MonkeyPatch,
                                        raw: list[dict[str, Any]]) -> None:
    items = [{"id": f"i{n}", **{k: v for k, v in item.items() if v}}
             for n, item in enumerate(raw)]
    every_key = renderer_sorting_by(monkeypatch, 99).render(items)
    for leading in (1, 4):
        result = renderer_sorting_by(monkeypatch, leading).render(items)
        assert texts(result) == texts(every_key)
        assert [e.index for e in result.entries] == [e.index for e in every_key.entries]
