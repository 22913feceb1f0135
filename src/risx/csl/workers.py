"""One bibliography rendered by several worker processes, with the same result as one process.

:class:`~risx.csl.render.CslRenderer` works in three steps; they split this way:

* **step 1, per item** (prepare the item, compute its sort keys): workers, on contiguous
  chunks of the input;
* **step 2, the whole list** (sort, year suffixes): here.  It compares short strings and
  groups them, a small part of the time, and it needs every item.  Step 1 gives only the
  leading sort keys; the few items those leave equal go back to the workers once for the
  rest of their keys (``_complete_chunk``);
* **step 3, per item** (render the entry): workers, on contiguous chunks of the
  bibliography order; the chunks' results are taken back in that order.

Most entries are rendered in step 1 already: when the style's entries cannot show a
citation number (APA, every author-date style), an entry that gets no year suffix in
step 2 reads nothing from the rest of the list, so the worker that prepared the item
renders it there and then, as if it had no suffix.  Step 3 then renders only the entries
that did get a suffix, and the other items are neither sent nor prepared a second time.

An entry depends on the other items only through what step 2 gives it (its
:class:`~risx.csl.render.Placement`: citation number and year suffix), so a worker
renders it from the item and its placement alone, exactly as this process would.  Items
travel as the CSL-JSON mappings they are: citeproc-py's references do not pickle, and
preparing an item again costs a few percent of rendering it.

The processes come from :class:`risx.workers.WorkerPool`: each worker loads the style
once, when it starts, by the name and locale the parent used, with the same citeproc-py
patches (a test may have turned one off).  Failures are outcomes like entries (CSL002
in the writer), so they come back in the same order as in one process.  A worker that
dies while it works (killed, out of memory) breaks the pool: the pool says so (JOB001)
and this process renders the rest with its own renderer, with the same result.  One
killed in the middle of sending a chunk's results back is another matter: the pool then
waits for the rest of that message (a limitation of ``concurrent.futures``).

The writer decides whether a list is rendered here (:meth:`CslRenderer.render`) or with
workers (:func:`render_in_workers`), from its budget (:func:`risx.plan.render_workers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from risx.csl import engine
from risx.csl.render import (
    Bibliography,
    CslRenderer,
    EntryFailure,
    Placement,
    RenderedEntry,
    SortInfo,
)
from risx.csl.style import load_style
from risx.diagnostics import Report
from risx.workers import WorkerPool

Task = TypeVar("Task")
Outcome = TypeVar("Outcome")

#: Chunks per worker and step: enough that a worker with a slow chunk does not leave the
#: others idle at the end, few enough that sending them costs nothing.
CHUNKS_PER_WORKER = 4
#: Largest chunk (items): keeps the results of a chunk small to send back.
MAX_CHUNK = 250
#: Items per step-1 chunk.  Step 1 starts while the list is still being read, before its
#: length is known, so its chunks have a fixed size.
SORT_CHUNK = 100


# The worker side ------------------------------------------------------------------------------

_RENDERER: CslRenderer | None = None


def _start_worker(style: str, locale: str, turned_off: tuple[str, ...]) -> None:
    """A worker's set-up (:class:`risx.workers.WorkerPool` does the rest): the engine as the
    parent has it, and the style."""
    global _RENDERER
    engine.install(without=turned_off)  # citeproc-py patched as in the parent
    _RENDERER = CslRenderer(load_style(style, locale))


def _use_renderer(renderer: CslRenderer) -> None:
    """This process's set-up when it renders the rest itself: its own renderer."""
    global _RENDERER
    _RENDERER = renderer


def _worker_renderer() -> CslRenderer:
    assert _RENDERER is not None, "worker not started"
    return _RENDERER


#: An entry rendered in step 1, before its place is known (None: it was not).
_EarlyEntry = RenderedEntry | EntryFailure | int | None


def _sort_chunk(chunk: list[tuple[int, Mapping[str, Any]]], render_early: bool,
                ) -> list[tuple[SortInfo | EntryFailure, _EarlyEntry]]:
    """Step 1 for a chunk of (input position, item); with ``render_early``, each entry too,
    as it is when it gets no year suffix."""
    renderer = _worker_renderer()
    outcomes: list[tuple[SortInfo | EntryFailure, _EarlyEntry]] = []
    for index, item in chunk:
        entry = renderer.prepare(index, item)
        if isinstance(entry, EntryFailure):
            outcomes.append((entry, None))
            continue
        # No citation number is known here; render_in_workers keeps step 1 at home for the
        # styles whose sort keys read it.
        info = renderer.sort_info(entry, None)
        early: _EarlyEntry = None
        if render_early and info.row is not None:
            # The entry cannot show its citation number, so any number stands in for it.
            early = renderer.render_entry(Placement(index, entry.id, index), entry)
        outcomes.append((info, early))
    return outcomes


def _complete_chunk(chunk: list[tuple[int, int, Mapping[str, Any]]]) -> list[SortInfo]:
    """Every sort key for a chunk of (input position, citation position, item) that the
    leading keys left equal (see :meth:`CslRenderer.place`)."""
    renderer = _worker_renderer()
    infos: list[SortInfo] = []
    for index, position, item in chunk:
        entry = renderer.prepare(index, item)
        if isinstance(entry, EntryFailure):  # it was prepared in step 1: not expected
            infos.append(SortInfo(index, entry.id, None, failure=entry.message))
        else:
            infos.append(renderer.sort_info(entry, position, every_key=True))
    return infos


def _render_chunk(chunk: list[tuple[Placement, Mapping[str, Any]]],
                  ) -> list[RenderedEntry | EntryFailure | int]:
    """Step 3 for a chunk of (placement, item), in bibliography order."""
    renderer = _worker_renderer()
    outcomes: list[RenderedEntry | EntryFailure | int] = []
    for placement, item in chunk:
        entry = renderer.prepare(placement.index, item)
        outcomes.append(entry if isinstance(entry, EntryFailure)
                        else renderer.render_entry(placement, entry))
    return outcomes


# The parent side ------------------------------------------------------------------------------


def render_in_workers(renderer: CslRenderer, items: Iterable[Mapping[str, Any]], jobs: int,
                      report: Report) -> Bibliography:
    """``renderer.render(items)`` with steps 1 and 3 in ``jobs`` worker processes; a pool
    that breaks is reported to ``report`` (JOB001) and the rest rendered here.

    ``items`` is read while the workers start on it: step 1 begins with the first
    :data:`SORT_CHUNK` items, and the workers are forked while this process holds little
    (they share its memory as it was then).
    """
    stream = map(renderer.trimmed, items)
    kept: list[Mapping[str, Any]] = []
    style = renderer.style
    pool = WorkerPool(jobs, report, "<output>", setup=_start_worker,
                      setup_args=(style.name, style.locale, engine.turned_off()),
                      local_setup=partial(_use_renderer, renderer))
    with pool:
        result = _render(renderer, stream, kept, pool, jobs)
    result.workers = 0 if pool.broken else jobs
    return result


def chunk_size(count: int, jobs: int) -> int:
    """Items per step-3 chunk for ``count`` items and ``jobs`` workers."""
    return max(1, min(MAX_CHUNK, -(-count // (jobs * CHUNKS_PER_WORKER))))


def _render(renderer: CslRenderer, stream: Iterator[Mapping[str, Any]],
            kept: list[Mapping[str, Any]], pool: WorkerPool, jobs: int) -> Bibliography:
    """Steps 1 to 3; every item read from ``stream`` is added to ``kept``."""
    early: dict[int, RenderedEntry | EntryFailure | int] = {}
    if renderer.sort_reads_citation_number:
        # The sort keys need each item's citation number, its place among the items that
        # could be prepared: only the whole list tells, so step 1 runs here.
        kept.extend(stream)
        infos = renderer.prepare_and_sort(kept)[1]
    else:
        step = partial(_sort_chunk, render_early=not renderer.entry_reads_citation_number)
        infos = []
        for info, entry in _in_order(pool, step, _chunks(_numbered(stream, kept), SORT_CHUNK)):
            infos.append(info)
            if entry is not None:
                early[info.index] = entry

    def complete(tied: Sequence[tuple[SortInfo, int]]) -> list[SortInfo]:
        work = iter([(info.index, position, kept[info.index]) for info, position in tied])
        return list(_in_order(pool, _complete_chunk, _chunks(work, chunk_size(len(tied), jobs))))

    placements, result = renderer.place(infos, complete)
    late = [(placement, kept[placement.index]) for placement in placements
            if placement.year_suffix is not None or placement.index not in early]
    rendered_late = _in_order(pool, _render_chunk, _chunks(iter(late), chunk_size(len(late), jobs)))
    for placement in placements:
        if placement.year_suffix is None and placement.index in early:
            result.add(early.pop(placement.index))
        else:
            result.add(next(rendered_late))
    result.failures.sort(key=lambda failure: failure.index)
    return result


def _numbered(stream: Iterator[Mapping[str, Any]], kept: list[Mapping[str, Any]],
              ) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for item in stream:
        kept.append(item)
        yield len(kept) - 1, item


def _chunks(work: Iterator[Task], size: int) -> Iterator[list[Task]]:
    """Contiguous chunks of ``work``, each as soon as it is complete."""
    chunk = list(islice(work, size))
    while chunk:
        yield chunk
        chunk = list(islice(work, size))


def _in_order(pool: WorkerPool, step: Callable[[list[Task]], list[Outcome]],
              chunks: Iterable[list[Task]]) -> Iterator[Outcome]:
    """``step`` over ``chunks``, each handed out as soon as it is complete, results in order."""
    for outcomes in pool.map(step, chunks):
        yield from outcomes
