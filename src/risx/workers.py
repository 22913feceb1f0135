"""Worker processes: one start-up, one ordered map, one failure policy.

Every use of several processes goes through :class:`WorkerPool`: the per-input batch
(``-o DIR/ -j N``) and the CSL renderer of the reference-list writers
(:mod:`risx.csl.workers`).  How many processes each gets is decided in :mod:`risx.plan`, never
here.

* **Start-up.**  A worker ignores SIGINT (Ctrl-C is the parent's to handle: it stops handing
  out work and discards the output; only workers given whole inputs stop at once) and freezes
  what it inherited (``gc.freeze``: a forked worker shares the parent's pages until it writes
  to them, and a collection writes to every object it visits), then runs the caller's
  ``setup`` (a style to load, the CSL engine's patches).  Workers start the platform's usual
  way: fork on Linux, which takes milliseconds and, unlike spawn, never runs the caller's main
  script again.
* **Ordered map.**  :meth:`WorkerPool.map` gives the results in the order of the work, whatever
  finishes first, with at most ``2 * jobs`` pieces of work handed out and not yet taken back,
  so memory stays flat however long the input.
* **Failure policy.**  A worker that dies (killed, out of memory) breaks the pool.  The pool
  says so once (JOB001, a warning) and does the rest in this process: the work that was in
  flight again, then what was not handed out yet, with ``setup`` run here first.  The results
  are the same as with workers, so the output does not change.

Ctrl-C or an error in the parent cancels what is still queued and waits for the workers to
finish what they hold, so that no worker outlives the run.  The work and its results travel
pickled: a step must be a module-level function, and what it takes and gives plain values.
"""

from __future__ import annotations

import gc
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from risx.diagnostics import Diagnostic, Report, Severity

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Work = TypeVar("Work")
Result = TypeVar("Result")

#: Pieces of work handed out per worker and not yet taken back (see :meth:`WorkerPool.map`).
IN_FLIGHT_PER_WORKER = 2


def _start_worker(setup: Callable[..., object] | None, setup_args: tuple[Any, ...],
                  interruptible: bool) -> None:
    """What every worker process does first (see the module docstring)."""
    if not interruptible:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    if setup is not None:
        setup(*setup_args)


class WorkerPool:
    """``jobs`` worker processes, used as a context manager around the work.

    ``setup(*setup_args)`` runs in each worker as it starts, and in this process before it does
    the work itself after the pool broke; ``local_setup`` (default: ``setup``) replaces it here
    when this process already holds what the workers load.  ``report`` and ``name`` say where
    the broken pool is reported (JOB001).  ``interruptible`` workers keep Ctrl-C's usual
    action: for long pieces of work (a whole input of a batch), which Ctrl-C, sent to the
    whole process group by the terminal, then stops at once instead of letting them finish.
    """

    def __init__(self, jobs: int, report: Report, name: str, *,
                 setup: Callable[..., object] | None = None, setup_args: tuple[Any, ...] = (),
                 local_setup: Callable[[], object] | None = None,
                 interruptible: bool = False) -> None:
        self.jobs = jobs
        self.interruptible = interruptible
        self.report = report
        self.name = name
        self.setup = setup
        self.setup_args = setup_args
        self.local_setup = local_setup
        self.pool: ProcessPoolExecutor | None = None
        #: Whether the pool broke: the rest of the work is done in this process.
        self.broken = False

    def __enter__(self) -> WorkerPool:
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_worker,
                                        initargs=(self.setup, self.setup_args,
                                                  self.interruptible))
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.pool is not None
        # On an error or Ctrl-C, do not start what is queued; workers finish what they hold.
        self.pool.shutdown(wait=True, cancel_futures=exc[0] is not None)

    def map(self, step: Callable[[Work], Result], work: Iterable[Work], *,
            redo: Callable[[Work], Result] | None = None) -> Iterator[Result]:
        """``step`` of each piece of ``work``, in the order of ``work``; each piece is handed
        out as soon as it is read, with at most ``2 * jobs`` out at once.  After the pool
        broke, ``redo`` (default: ``step``) does a piece in this process."""
        here = redo or step
        in_flight: deque[tuple[Work, Future[Result]]] = deque()
        try:
            for piece in work:
                in_flight.append((piece, self._submit(step, here, piece)))
                while len(in_flight) >= IN_FLIGHT_PER_WORKER * self.jobs:
                    yield self._take(here, *in_flight.popleft())
            while in_flight:
                yield self._take(here, *in_flight.popleft())
        finally:
            for _, future in in_flight:  # an error or Ctrl-C: do not start what is queued
                future.cancel()

    def map_all(self, step: Callable[[Work], Result], work: Sequence[Work],
                first: Sequence[int], *,
                redo: Callable[[Work], Result] | None = None) -> Iterator[Result]:
        """``step`` of each piece of ``work``, in the order of ``work``, all handed out at once
        in the order ``first`` gives (positions in ``work``): for a few pieces of very
        different sizes (the inputs of a batch), the largest first, so that one started last
        does not leave the other workers idle.  ``redo`` as for :meth:`map`."""
        here = redo or step
        futures: dict[int, Future[Result]] = {}
        try:
            for index in first:
                futures[index] = self._submit(step, here, work[index])
            for index, piece in enumerate(work):
                yield self._take(here, piece, futures.pop(index))
        finally:
            for future in futures.values():
                future.cancel()

    def _submit(self, step: Callable[[Work], Result], here: Callable[[Work], Result],
                piece: Work) -> Future[Result]:
        """``piece`` handed to a worker; done at once here when the pool is broken."""
        from concurrent.futures.process import BrokenProcessPool

        assert self.pool is not None, "use WorkerPool as a context manager"
        if not self.broken:
            try:
                return self.pool.submit(step, piece)
            except BrokenProcessPool as exc:
                self._break(exc)
        return _done(here(piece))

    def _take(self, here: Callable[[Work], Result], piece: Work,
              future: Future[Result]) -> Result:
        """The result of ``piece``; done here when the pool broke before it came back."""
        from concurrent.futures.process import BrokenProcessPool

        if self.broken and not future.done():
            future.cancel()
            return here(piece)
        try:
            return future.result()
        except BrokenProcessPool as exc:
            self._break(exc)
            return here(piece)

    def _break(self, exc: BaseException) -> None:
        if self.broken:
            return
        self.broken = True
        self.report(Diagnostic(
            Severity.WARNING, "JOB001", f"a worker process died ({exc}); the rest of the "
            f"work is done in this process, with the same result", self.name))
        if self.local_setup is not None:
            self.local_setup()
        elif self.setup is not None:
            self.setup(*self.setup_args)


def _done(result: Result) -> Future[Result]:
    """A future that already holds ``result`` (work done in this process)."""
    from concurrent.futures import Future

    future: Future[Result] = Future()
    future.set_result(result)
    return future
