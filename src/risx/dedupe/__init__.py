"""Duplicates across sources: the same work exported by several databases.

A systematic review must remove the same study exported twice before screening, and must never
remove a *different* study as a duplicate: a duplicate left in costs a reviewer a minute, a study
removed is one the review never sees.  So:

1. records are folded into comparable keys (:mod:`risx.dedupe.normalise`);
2. candidate pairs come from blocking, never from comparing all pairs, and each pair is decided
   by the first rule that holds (:mod:`risx.dedupe.match`, :data:`RULES`): merge rules need
   agreement beyond one identifier; review rules send a pair to the review list and keep both;
   different DOIs are never merged;
3. matched pairs become works without joining records that contradict each other, and each work
   keeps its most complete (or preferred) record, filled from the others and noting the records
   merged into it (:mod:`risx.dedupe.merge`);
4. the reviewer gets a report row per removed record, the review list and the PRISMA numbers
   (:mod:`risx.dedupe.review`).

With ``against`` (an earlier, screened set), new records that match one of its records are left
out as already screened; the screened records themselves are never output.

The benchmark (``benchmarks/bench_dedupe.py``) scores this on the labelled sets the field
publishes results on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from risx.dedupe.match import (
    MERGE,
    REVIEW_ORDER,
    RULES,
    Decision,
    Rule,
    candidate_pairs,
    decide,
    doi_title_groups,
    shared_doi_reviews,
    shared_dois,
)
from risx.dedupe.merge import (
    MERGED_NOTE,
    build_clusters,
    choose_kept,
    completeness,
    merged_record,
    spanning_joins,
)
from risx.dedupe.normalise import keys_of
from risx.dedupe.review import (
    NOT_NAMED,
    Prisma,
    RecordRef,
    Removal,
    ReviewPair,
    spreadsheet_text,
    write_prisma,
    write_report,
    write_review,
)
from risx.model import Record

__all__ = ["MERGED_NOTE", "RULES", "RULE_DOI", "RULE_TITLE", "DedupeResult", "Prisma",
           "RecordRef", "Removal", "ReviewPair", "Rule", "completeness", "dedupe",
           "spreadsheet_text", "write_prisma", "write_report", "write_review"]

#: The rule IDs of the two rules risx 0.1.0 had, under their new names.
RULE_DOI = "DUP-R01"
RULE_TITLE = "DUP-R02"


@dataclass(frozen=True)
class DedupeResult:
    """The records to write (input order), what was removed and why, and what to review."""

    records: list[Record]
    removed: list[Removal]
    review: list[ReviewPair]
    prisma: Prisma

    @property
    def pairs(self) -> list[Removal]:
        """The removed records (the name risx 0.1.0 gave them)."""
        return self.removed

    @property
    def dropped(self) -> int:
        return sum(1 for r in self.removed if not r.screened)

    def by_rule(self) -> dict[str, int]:
        """Duplicates removed per merge rule ID, for every merge rule (0 when unused)."""
        counts = {rule.id: 0 for rule in RULES if rule.verdict == MERGE}
        for removal in self.removed:
            if not removal.screened:
                counts[removal.decision.rule.id] += 1
        return counts

    def summary(self) -> str:
        used = ", ".join(f"{count} by {rule}" for rule, count in self.by_rule().items() if count)
        screened = len(self.removed) - self.dropped
        already = f"; {screened} already screened left out" if screened else ""
        return (f"dedupe: {self.dropped} duplicate(s) removed{f' ({used})' if used else ''}"
                f"{already}; {len(self.review)} pair(s) sent to review; "
                f"{len(self.records)} record(s) kept")

    def rules_used(self) -> list[str]:
        """One line per rule (ID, times applied, reason), for ``-v``."""
        applied: Counter[str] = Counter(r.decision.rule.id for r in self.removed)
        applied.update(p.decision.rule.id for p in self.review)
        return [f"{rule.id} {rule.verdict} x{applied[rule.id]}: {rule.reason}" for rule in RULES]


def _refs(records: Sequence[Record]) -> list[RecordRef]:
    """Each record's reference, with its 1-based index among the records of its input."""
    counts: Counter[str] = Counter()
    refs = []
    for record in records:
        counts[record.source.file] += 1
        refs.append(RecordRef.of(record, counts[record.source.file]))
    return refs


def dedupe(records: Iterable[Record], *, prefer: Sequence[str] = (),
           against: Iterable[Record] = ()) -> DedupeResult:
    """Remove duplicate records (see the package documentation); keeps input order.

    ``prefer``: input files (path, name or stem) or database names whose record a work keeps,
    the first given first.  ``against``: an earlier, screened set: new records that match one
    of its records are left out (reported as already screened); it is never output itself.
    """
    new = list(records)
    old = list(against)
    everything = new + old
    refs = _refs(new) + _refs(old)
    is_old = [False] * len(new) + [True] * len(old)
    keys = [keys_of(record, index) for index, record in enumerate(everything)]
    groups = doi_title_groups(keys)
    shared = shared_dois(groups)
    matches: list[tuple[int, int, Decision]] = []
    reviews: list[tuple[int, int, Decision]] = shared_doi_reviews(groups, shared)
    for a, b in candidate_pairs(keys):
        if is_old[a] and is_old[b]:
            continue  # the screened set is not deduplicated again
        decision = decide(keys[a], keys[b], shared)
        if decision is not None:
            (matches if decision.rule.verdict == MERGE else reviews).append((a, b, decision))
    clusters, refused = build_clusters(keys, matches, shared)
    reviews.extend(refused)

    edges_of: dict[int, list[tuple[int, int, Decision]]] = defaultdict(list)
    for edge in clusters.edges:
        edges_of[clusters.find(edge[0])].append(edge)
    kept_of: dict[int, int] = {}  # record index -> the index of the record kept for its work
    output: list[Record] = []
    removed: list[Removal] = []
    for members in clusters.groups():
        screened = [m for m in members if is_old[m]]
        kept = screened[0] if screened else choose_kept(members, everything, prefer)
        joins = spanning_joins(members, kept, edges_of[clusters.find(kept)])
        if screened:
            kept_record = everything[kept]
        else:
            others = [everything[m] for m in members if m != kept]
            kept_record = (merged_record(everything[kept], others,
                                         [refs[m].label() for m in members if m != kept])
                           if others else everything[kept])
            output.append(kept_record)
        for member in members:
            kept_of[member] = kept
        for join in joins:
            if not is_old[join.index]:
                removed.append(Removal(everything[join.index], refs[join.index], kept_record,
                                       refs[kept], refs[join.matched], join.decision,
                                       screened=bool(screened)))
    removed = _in_input_order(removed, refs)
    review = _review_pairs(reviews, kept_of, is_old, everything, refs)
    return DedupeResult(output, removed, review,
                        _prisma(new, len(old), removed, review, len(output)))


def _in_input_order(removed: list[Removal], refs: Sequence[RecordRef]) -> list[Removal]:
    position = {id(ref): index for index, ref in enumerate(refs)}
    return sorted(removed, key=lambda r: position[id(r.ref)])


def _review_pairs(reviews: Sequence[tuple[int, int, Decision]], kept_of: dict[int, int], is_old: Sequence[bool], everything: Sequence[Record],
                  refs: Sequence[RecordRef]) -> list[ReviewPair]:
    """One review pair per two works (the decision first in :data:`REVIEW_ORDER`, then the
    first in input order), in input order; none for records already in one work, or both in
    the screened set."""
    chosen: dict[tuple[int, int], tuple[int, int, Decision]] = {}
    for a, b, decision in sorted(reviews, key=lambda r: (REVIEW_ORDER[r[2].rule.id],
                                                         min(r[0], r[1]), max(r[0], r[1]))):
        a, b = min(a, b), max(a, b)
        work_a, work_b = kept_of[a], kept_of[b]
        if work_a == work_b or (is_old[work_a] and is_old[work_b]):
            continue
        chosen.setdefault((min(work_a, work_b), max(work_a, work_b)), (a, b, decision))
    return [ReviewPair(everything[a], refs[a], everything[b], refs[b], decision,
                       _status(a, kept_of, is_old, refs), _status(b, kept_of, is_old, refs))
            for a, b, decision in sorted(chosen.values(), key=lambda r: (r[0], r[1]))]


def _status(index: int, kept_of: dict[int, int], is_old: Sequence[bool],
            refs: Sequence[RecordRef]) -> str:
    if is_old[index]:
        return "screened set"
    kept = kept_of[index]
    if kept == index:
        return "kept"
    if is_old[kept]:
        return f"already screened as {refs[kept].label()}"
    return f"merged into {refs[kept].label()}"


def _prisma(new: Sequence[Record], screened_set: int, removed: Sequence[Removal],
            review: Sequence[ReviewPair], remaining: int) -> Prisma:
    by_input: Counter[str] = Counter(r.source.file for r in new)
    by_database: Counter[str] = Counter(r.database.strip() or NOT_NAMED for r in new)
    by_rule: Counter[str] = Counter(r.decision.rule.id for r in removed if not r.screened)
    return Prisma(
        identified=len(new), by_input=dict(by_input), by_database=dict(sorted(by_database.items())),
        duplicates_removed=sum(by_rule.values()), by_rule=dict(sorted(by_rule.items())),
        already_screened=sum(1 for r in removed if r.screened), screened_set=screened_set,
        review_pairs=len(review), remaining=remaining)
