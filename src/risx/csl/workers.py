"""One bibliography rendered by several worker processes, with the same result as one process.

:class:`~risx.csl.render.CslRenderer` works in three steps; they split this way:

* **step 1, per item** (prepare the item, compute its sort keys): workers, on contiguous
  chunks of the input;
* **step 2, the whole list** (sort, year suffixes): here.  It compares short strings and
  groups them, a small part of the time, and it needs every item;
* **step 3, per item** (render the entry): workers, on contiguous chunks of the
  bibliography order; the chunks' results are taken back in that order.

An entry depends on the other items only through what step 2 gives it (its
:class:`~risx.csl.render.Placement`: citation number and year suffix), so a worker
renders it from the item and its placement alone, exactly as this process would.  Items
travel as the CSL-JSON mappings they are: citeproc-py's references do not pickle, and
preparing an item again costs a few percent of rendering it.

Each worker loads the style once, when it starts, by the name and locale the parent
used, with the same citeproc-py patches (a test may have turned one off).  Failures
are outcomes like entries (CSL002 in the writer), so they come back in the same order
as in one process.  A worker that dies (killed, out of memory) loses nothing: the list
is rendered again in this process.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from risx.csl import patches
from risx.csl.render import (
    Bibliography,
    CslRenderer,
    EntryFailure,
    Placement,
    RenderedEntry,
    SortInfo,
)
from risx.csl.style import LoadedStyle, load_style

Task = TypeVar("Task")
Outcome = TypeVar("Outcome")

#: Chunks per worker and step: enough that a worker with a slow chunk does not leave the
#: others idle at the end, few enough that sending them costs nothing.
CHUNKS_PER_WORKER = 4
#: Largest chunk (items): keeps the results of a chunk small to send back.
MAX_CHUNK = 250



# The worker side ------------------------------------------------------------------------------

_RENDERER: CslRenderer | None = None


def _start_worker(style: str, locale: str, turned_off: tuple[str, ...]) -> None:
    global _RENDERER
    # Ctrl-C is the parent's to handle: it stops handing out chunks and writes nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in turned_off:
        patches.PATCHES[name].uninstall()
    _RENDERER = CslRenderer(load_style(style, locale))


def _worker_renderer() -> CslRenderer:
    assert _RENDERER is not None, "worker not started"
    return _RENDERER


def _sort_chunk(chunk: list[tuple[int, Mapping[str, Any]]]) -> list[SortInfo | EntryFailure]:
    """Step 1 for a chunk of (input position, item)."""
    renderer = _worker_renderer()
    outcomes: list[SortInfo | EntryFailure] = []
    for index, item in chunk:
        entry = renderer.prepare(index, item)
        # No citation number is known here; render_in_workers keeps step 1 at home for the
        # styles whose sort keys read it.
        outcomes.append(entry if isinstance(entry, EntryFailure)
                        else renderer.sort_info(entry, None))
    return outcomes


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


def render_in_workers(renderer: CslRenderer, items: Sequence[Mapping[str, Any]],
                      jobs: int) -> Bibliography:
    """``renderer.render(items)`` with steps 1 and 3 in ``jobs`` worker processes."""
    size = chunk_size(len(items), jobs)
    workers = max(1, min(jobs, -(-len(items) // size)))
    try:
        with _pool(renderer.style, workers) as pool:
            result = _render(renderer, items, pool, size)
    except BrokenProcessPool:
        return renderer.render(items)
    result.workers = workers
    return result


def chunk_size(count: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, -(-count // (jobs * CHUNKS_PER_WORKER))))


def _pool(style: LoadedStyle, workers: int) -> ProcessPoolExecutor:
    turned_off = tuple(name for name, patch in patches.PATCHES.items() if not patch.installed)
    # The platform's usual start method, as for -o DIR/: fork on Linux, which starts a
    # worker in milliseconds and, unlike spawn, never runs the caller's main script again.
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(style.name, style.locale, turned_off))


def _render(renderer: CslRenderer, items: Sequence[Mapping[str, Any]], pool: ProcessPoolExecutor,
            size: int) -> Bibliography:
    if renderer.sort_reads_citation_number:
        # The sort keys need each item's citation number, its place among the items that
        # could be prepared: only the whole list tells, so step 1 runs here.
        infos = renderer.prepare_and_sort(items)[1]
    else:
        infos = list(_in_order(pool, _sort_chunk, list(enumerate(items)), size))
    placements, result = renderer.place(infos)
    work = [(placement, items[placement.index]) for placement in placements]
    for outcome in _in_order(pool, _render_chunk, work, size):
        result.add(outcome)
    result.failures.sort(key=lambda failure: failure.index)
    return result


def _in_order(pool: ProcessPoolExecutor, step: Callable[[list[Task]], list[Outcome]],
              work: list[Task], size: int) -> Iterator[Outcome]:
    """``step`` over contiguous chunks of ``work``, all queued at once, results in order."""
    futures: list[Future[list[Outcome]]] = [pool.submit(step, work[start:start + size])
                                           for start in range(0, len(work), size)]
    try:
        for future in futures:
            yield from future.result()
    finally:
        for future in futures:  # an error or Ctrl-C: do not start what is still queued
            future.cancel()
