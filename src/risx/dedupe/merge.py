"""From matched pairs to works: clusters that never join contradicting records, and the record
each cluster keeps.

**Clusters.** Matched pairs are applied strongest rule first (:data:`match.MERGE_ORDER`), then in
input order, so the result does not depend on the order pairs were found in.  Two clusters are
joined only when no record of one contradicts any record of the other (:func:`match.conflict`:
different DOIs or kinds, years more than one apart, other volumes or pages): a thin record that
matches both an abstract and its later article cannot chain them into one work.  A refused join
goes to the review list (DUP-V06).

**The kept record.** Of each cluster, the record from a preferred source (``prefer``: an input
file's path, name or stem, or the database named in the record, ``DB``/``DP`` in RIS, ``source``
in CSL-JSON; the first name given wins), else the most complete one (most content fields
filled), else the first in input order.  Its empty fields are filled from the others in input
order, it takes the place of the cluster's first record in the output, and it gets a note naming
every record merged into it (:data:`MERGED_NOTE`), so that nothing is lost from view.  (RIS
output writes a RIS record's own source tags back, so there the note is added as an ``N1`` and
the filled fields are not added.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from risx.dedupe.match import MERGE_ORDER, V_CONFLICT, Decision, conflict
from risx.dedupe.normalise import Keys
from risx.model import RawTag, Record

#: Fields that describe where a record came from rather than the work: never counted or filled.
_BOOKKEEPING = frozenset({"type", "source", "source_type", "source_id", "label", "raw",
                          "unmapped", "notes"})
CONTENT_FIELDS = tuple(f.name for f in fields(Record) if f.name not in _BOOKKEEPING)
#: The start of the note a kept record gets: ``risx dedupe merged: a.ris#3 [ID 17]; ...``.
MERGED_NOTE = "risx dedupe merged:"


def completeness(record: Record) -> int:
    """How many content fields of a record are filled."""
    return sum(1 for name in CONTENT_FIELDS if getattr(record, name))


@dataclass(frozen=True)
class Join:
    """Record ``index`` joined its cluster through ``matched``, by ``decision``."""

    index: int
    matched: int
    decision: Decision


def _conflict_fields(keys: Keys) -> tuple[object, ...]:
    """The fields :func:`match.conflict` compares (two records equal in all of them conflict
    with the same records)."""
    return (keys.doi, keys.kind, keys.year, keys.volume, keys.issue, keys.page, keys.one_page,
            keys.families, keys.journals)


class Clusters:
    """Union-find over record indexes that refuses joins between contradicting records."""

    def __init__(self, keys: Sequence[Keys], shared_dois: frozenset[str]) -> None:
        self._keys = keys
        self._shared = shared_dois
        self._parent = list(range(len(keys)))
        self._members: dict[int, list[int]] = {i: [i] for i in range(len(keys))}
        # One member per distinct set of the fields :func:`conflict` reads: a cluster of a
        # thousand identical copies is checked as one record, so joining stays linear.
        self._distinct: dict[int, dict[tuple[object, ...], int]] = {
            i: {_conflict_fields(k): i} for i, k in enumerate(keys)}
        self.edges: list[tuple[int, int, Decision]] = []

    def find(self, index: int) -> int:
        root = index
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[index] != root:  # path compression
            self._parent[index], index = root, self._parent[index]
        return root

    def members(self, index: int) -> list[int]:
        return self._members[self.find(index)]

    def why_not(self, a: int, b: int) -> str:
        """The first contradiction between the clusters of ``a`` and ``b``, or ``""``."""
        for x in self._distinct[self.find(a)].values():
            for y in self._distinct[self.find(b)].values():
                reason = conflict(self._keys[x], self._keys[y], self._shared)
                if reason:
                    return f"{self._keys[x].index + 1} vs {self._keys[y].index + 1}: {reason}"
        return ""

    def join(self, a: int, b: int, decision: Decision) -> str:
        """Join the clusters of ``a`` and ``b``; the contradiction that prevents it, or ``""``."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return ""
        reason = self.why_not(a, b)
        if reason:
            return reason
        if len(self._members[root_a]) < len(self._members[root_b]):
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        self._members[root_a].extend(self._members.pop(root_b))
        for fields_b, index in self._distinct.pop(root_b).items():
            self._distinct[root_a].setdefault(fields_b, index)
        self.edges.append((a, b, decision))
        return ""

    def groups(self) -> list[list[int]]:
        """Every cluster's members in input order, clusters ordered by their first member."""
        return sorted(sorted(m) for m in self._members.values())


def build_clusters(keys: Sequence[Keys], matches: Sequence[tuple[int, int, Decision]],
                   shared_dois: frozenset[str]) -> tuple[Clusters, list[tuple[int, int, Decision]]]:
    """Apply the merge decisions; returns the clusters and the joins refused (for review)."""
    clusters = Clusters(keys, shared_dois)
    refused: list[tuple[int, int, Decision]] = []
    for a, b, decision in sorted(matches, key=lambda m: (MERGE_ORDER[m[2].rule.id], m[0], m[1])):
        reason = clusters.join(a, b, decision)
        if reason:
            refused.append((a, b, Decision(V_CONFLICT, f"{decision.rule.id} matched "
                                           f"({decision.evidence}), but records {reason}")))
    return clusters, refused


def spanning_joins(members: list[int], kept: int,
                   edges: Sequence[tuple[int, int, Decision]]) -> list[Join]:
    """For each member but ``kept``, the edge that links it towards ``kept`` (breadth first
    from the kept record), so that each removed record is reported with the record it matched."""
    adjacent: dict[int, list[tuple[int, Decision]]] = {m: [] for m in members}
    for a, b, decision in edges:
        if a in adjacent:
            adjacent[a].append((b, decision))
            adjacent[b].append((a, decision))
    joins: list[Join] = []
    seen = {kept}
    frontier = [kept]
    while frontier:
        following: list[int] = []
        for current in frontier:
            for other, decision in sorted(adjacent[current], key=lambda e: e[0]):
                if other not in seen:
                    seen.add(other)
                    joins.append(Join(other, current, decision))
                    following.append(other)
        frontier = following
    return sorted(joins, key=lambda j: j.index)


def prefers(record: Record, names: Sequence[str]) -> int:
    """How strongly ``record`` is preferred: ``len(names) - position`` of the first name that
    matches its input file (path, name or stem) or its database, 0 for none."""
    if not names:
        return 0
    path = Path(record.source.file)
    own = {record.source.file.lower(), path.name.lower(), path.stem.lower(),
           record.database.strip().lower()} - {""}
    for position, name in enumerate(names):
        if name.strip().lower() in own:
            return len(names) - position
    return 0


def choose_kept(members: list[int], records: Sequence[Record], prefer: Sequence[str]) -> int:
    """The member to keep (see the module docstring)."""
    return max(members, key=lambda i: (prefers(records[i], prefer), completeness(records[i]), -i))


def merged_record(kept: Record, others: Sequence[Record], refs: Sequence[str]) -> Record:
    """``kept`` with its empty content fields filled from ``others`` (in order) and a note
    naming the records merged into it."""
    filled: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if getattr(kept, name):
            continue
        for other in others:
            value = getattr(other, name)
            if value:
                filled[name] = value
                break
    note = f"{MERGED_NOTE} {'; '.join(refs)}"
    # The RIS writer writes a RIS record's own source tags back: the note goes there too (the
    # filled fields do not: RIS output keeps what the kept record's source said).
    raw = (*kept.raw, RawTag("N1", note, 0)) if kept.raw else kept.raw
    return replace(kept, notes=(*kept.notes, note), raw=raw, **filled)
