"""What a conversion was asked to do, besides its inputs and its output.

:class:`Settings` travels to worker processes with each task, so it holds only picklable
values.  Strictness is not here: the run's :class:`~risx.diagnostics.Reporter` judges every
diagnostic (``Reporter.strict``), in this process and in the workers alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from risx.readers.base import ReaderOptions
from risx.writers.base import WriterOptions


class UsageProblem(ValueError):
    """Options that do not fit together (the CLI turns this into exit code 2)."""


@dataclass(frozen=True)
class Settings:
    """Everything a run needs besides its inputs and output; picklable for worker processes."""

    reader_name: str | None = None
    reader_options: ReaderOptions = field(default_factory=ReaderOptions)
    writer_options: WriterOptions = field(default_factory=WriterOptions)
    #: Worker processes (``-j``); ``None`` lets the plan choose (:mod:`risx.plan`).
    jobs: int | None = None
    dedupe: bool = False
    dedupe_report: str | None = None
    #: With ``dedupe``: the review list (CSV) and the PRISMA numbers (JSON) to write.
    dedupe_review: str | None = None
    dedupe_prisma: str | None = None
    #: With ``dedupe``: sources (input files or database names) whose record a work keeps.
    dedupe_prefer: tuple[str, ...] = ()
    #: With ``dedupe``: earlier, screened sets; their records are left out and never written.
    dedupe_against: tuple[str, ...] = ()
    #: Print a one-line summary per input on the reporter's stream.
    verbose: bool = False
    #: Show a progress line on the reporter's stream (the caller checks it is a terminal).
    progress: bool = False
