"""The plan of a run: which reader and writer, and how many processes do what.

Everything risx decides about processes is decided here, once per run, in :func:`plan`, and
the parts of the run take what it hands them: the per-input batch how many inputs it converts
at once, a writer how many workers it may start for its own work
(:attr:`risx.writers.base.Writer.workers`, a :func:`writer_budget`; the reference-list writers
render their entries in them).
The output is the same whatever the plan: processes change only the time a run takes.

The rules:

* ``-o DIR/``: ``-j N`` inputs at a time (at most one per input); without ``-j``, one per core
  when the inputs hold :data:`AUTO_PARALLEL_BYTES` or more, else one after the other.  When
  inputs run in workers, each worker's writer works alone (never N x N processes).
* one output: read and written in this process; the writer may use ``-j N`` workers, or one
  per core.  (Reading and rendering the records of one large RIS input in workers gained too
  little on two cores to keep: ``benchmarks/README.md``, "Figures behind the rules".)
* a reference list is rendered by workers only from :data:`RENDER_MIN_ITEMS` entries.

Readers are chosen by name (``-f``), else by the input's extension, else by its content (each
reader's ``sniff``, :mod:`risx.readers.detect`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from risx.outputs import is_directory_target
from risx.registry import Registry, UnknownFormat
from risx.writers.base import WorkerBudget

if TYPE_CHECKING:
    from risx.readers.base import Reader
    from risx.settings import Settings
    from risx.writers.base import Writer

#: Below this much input in total, a batch without ``-j`` uses one process: the whole batch
#: then takes a few seconds at most, and starting and feeding worker processes would eat
#: much of what they save.  A conservative guess, not a measured crossover; ``-j N``
#: overrides it.
AUTO_PARALLEL_BYTES = 4 * 1024 * 1024
#: With fewer entries than this, a reference list is rendered in this process whatever the
#: writer's budget: starting a worker (parsing the style, warming its caches) costs as much
#: as rendering dozens of entries (measured: benchmarks/README.md, "Figures behind the rules").
RENDER_MIN_ITEMS = 200


@dataclass(frozen=True)
class Plan:
    """How many processes each part of a run uses; 1 means: in this process."""

    #: Inputs converted at once, each in a worker of its own (``-o DIR/``).
    files_at_once: int = 1
    #: Workers a writer may start for its own work (:attr:`Writer.workers`).
    render_workers: int = 1


def plan(settings: Settings, inputs: list[str], reader_classes: list[type[Reader]],
         writer_cls: type[Writer], *, per_input: bool) -> Plan:
    """The plan for converting ``inputs`` (see the module docstring for the rules)."""
    if per_input:
        files = _files_at_once(settings.jobs, inputs)
        if files > 1 and not _picklable(settings, reader_classes, writer_cls):
            files = 1  # a format registered at run time, which workers cannot import
        return Plan(files_at_once=files, render_workers=1 if files > 1 else _budget(settings))
    return Plan(render_workers=_budget(settings))


def writer_budget(jobs: int) -> WorkerBudget:
    """What a writer given ``jobs`` workers may use: those, for lists of
    :data:`RENDER_MIN_ITEMS` or more (:meth:`WorkerBudget.for_list`)."""
    return WorkerBudget(jobs=jobs, min_items=RENDER_MIN_ITEMS)


def cores() -> int:
    """The cores this process may run on."""
    found = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return found or 1


def _budget(settings: Settings) -> int:
    return settings.jobs or cores()


def _files_at_once(requested: int | None, paths: list[str]) -> int:
    if len(paths) < 2 or "-" in paths:
        return 1
    if requested is not None:
        return max(1, min(requested, len(paths)))
    if total_size(paths) < AUTO_PARALLEL_BYTES:
        return 1
    return max(1, min(cores(), len(paths)))


def total_size(paths: Iterable[str]) -> int:
    """The bytes of ``paths`` in all (a path that cannot be read counts nothing)."""
    return sum(size(p) for p in paths)


def size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _picklable(settings: Settings, reader_classes: list[type[Reader]],
               writer_cls: type[Writer]) -> bool:
    """Whether the work can be sent to worker processes (pickled by reference)."""
    import pickle

    try:
        pickle.dumps((settings, reader_classes, writer_cls))
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


# Formats -------------------------------------------------------------------------------------


#: Extensions several formats share (RIS, MEDLINE and Web of Science all write ``.txt``): the
#: content decides (risx.readers.detect); the extension's reader is only the fallback for an
#: empty input.
CONTENT_DECIDES = frozenset({".txt", ".xml"})


def reader_class_for(path: str, reader_name: str | None, registry: Registry) -> type[Reader]:
    """The reader for an input: ``-f`` if given, else the extension's, else (``.txt``,
    ``.xml``, unknown extensions, standard input) the one that recognises the content."""
    if reader_name:
        return registry.readers.get(reader_name)
    suffix = Path(path).suffix.lower() if path != "-" else ""
    cls = registry.readers.by_extension(suffix) if suffix else None
    if cls is not None and suffix not in CONTENT_DECIDES:
        return cls
    from risx.readers import detect  # only when the content decides

    head = detect.input_head(path)
    if detect.is_blank(head):
        return cls or registry.readers.get("ris")  # nothing to recognise: its reader says so
    return detect.sniff(head, registry.readers) or detect.UndetectedFormatReader


def writer_class_for(writer_name: str | None, output: str | None,
                     registry: Registry) -> type[Writer]:
    """The writer named (``-t``), else the one for the output file's extension."""
    if writer_name:
        return registry.writers.get(writer_name)
    if output and output != "-" and not is_directory_target(output):
        cls = registry.writers.by_extension(Path(output).suffix)
        if cls is not None:
            return cls
        raise UnknownFormat(f"cannot tell the output format from '{output}': give -t FORMAT "
                            f"(see 'risx formats')")
    raise UnknownFormat("no output format: give -t FORMAT or -o FILE with a known extension "
                        "(see 'risx formats')")
