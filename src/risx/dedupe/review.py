"""What a reviewer gets to see: the removed records, the review list and the PRISMA numbers.

* The **report** (``--dedupe-report``) has one row per removed record: who it is (input file,
  1-based record index in that file, line, source ID, accession number, PMID, DOI, title), the
  record kept in its place, the record it matched (the kept one, or another member of the same
  work), the action (``duplicate``, or ``already screened`` with ``--against``), the rule, its
  reason and the evidence.
* The **review list** has one row per pair that a rule sent to review: both records side by
  side, the rule, the reason and the evidence.  Both records stay in the output.
* The **PRISMA numbers**: records identified per input and per database, duplicates removed
  automatically, records already screened, pairs sent to review, records remaining.

CSV cells from the input cannot run as spreadsheet formulas (:func:`spreadsheet_text`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from risx.dedupe.match import Decision
from risx.model import Record

#: What a spreadsheet takes for the start of a formula (or, for tab and CR, mangles).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOT_NAMED = "(not named in the records)"


def spreadsheet_text(text: str) -> str:
    """``text`` for a CSV cell that a reviewer opens in a spreadsheet: a value that starts
    like a formula (``=HYPERLINK(...)``, ``+cmd|...``) gets a leading apostrophe, which
    spreadsheets read as "this is text" and do not show (OWASP's advice on CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


@dataclass(frozen=True)
class RecordRef:
    """Where a record is and the identifiers a screening tool knows it by."""

    file: str
    index: int  # 1-based position among the records of its input
    line: int
    source_id: str
    accession: str
    pmid: str
    doi: str

    @classmethod
    def of(cls, record: Record, index: int) -> RecordRef:
        return cls(record.source.file, index, record.source.line, record.source_id,
                   record.accession_numbers[0] if record.accession_numbers else "",
                   record.pmid, record.doi)

    def label(self) -> str:
        """``file#index`` with the identifiers that are present: ``a.ris#3 [ID 17, PMID 123]``."""
        ids = [f"{name} {value}" for name, value in (
            ("ID", self.source_id), ("AN", self.accession), ("PMID", self.pmid),
            ("DOI", self.doi)) if value]
        return f"{self.file}#{self.index}" + (f" [{', '.join(ids)}]" if ids else "")


@dataclass(frozen=True)
class Removal:
    """One record left out of the output, and why."""

    record: Record
    ref: RecordRef
    kept: Record
    kept_ref: RecordRef
    matched_ref: RecordRef
    decision: Decision
    #: Left out because it is in the earlier, screened set (``--against``), not a duplicate.
    screened: bool = False

    @property
    def action(self) -> str:
        return "already screened" if self.screened else "duplicate"


@dataclass(frozen=True)
class ReviewPair:
    """Two records a rule would not merge on its own; both stay in the output."""

    first: Record
    first_ref: RecordRef
    second: Record
    second_ref: RecordRef
    decision: Decision
    #: Where each record went: ``kept``, ``merged into FILE#N``, or ``screened set``.
    first_status: str = "kept"
    second_status: str = "kept"


@dataclass(frozen=True)
class Prisma:
    """The numbers a review's PRISMA flow diagram reports, from this run."""

    identified: int
    by_input: Mapping[str, int]
    by_database: Mapping[str, int]
    duplicates_removed: int
    by_rule: Mapping[str, int]
    already_screened: int
    screened_set: int
    review_pairs: int
    remaining: int

    def as_json(self) -> dict[str, Any]:
        return {
            "records_identified": self.identified,
            "records_identified_by_input": dict(self.by_input),
            "records_identified_by_database": dict(self.by_database),
            "duplicates_removed": self.duplicates_removed,
            "duplicates_removed_by_rule": dict(self.by_rule),
            "already_screened_removed": self.already_screened,
            "screened_set_records": self.screened_set,
            "pairs_sent_to_review": self.review_pairs,
            "records_remaining": self.remaining,
        }

    def line(self) -> str:
        """One line for stderr."""
        inputs = ", ".join(f"{name} {count}" for name, count in self.by_input.items())
        screened = (f"; {self.already_screened} already screened removed (screened set of "
                    f"{self.screened_set})" if self.screened_set else "")
        return (f"PRISMA: {self.identified} record(s) identified ({inputs}); "
                f"{self.duplicates_removed} duplicate(s) removed automatically{screened}; "
                f"{self.review_pairs} pair(s) sent to review; {self.remaining} record(s) "
                f"remaining")


def write_prisma(prisma: Prisma, out: TextIO) -> None:
    json.dump(prisma.as_json(), out, indent=2, ensure_ascii=False)
    out.write("\n")


def _first_author(record: Record) -> str:
    names = record.names("author") or record.names("editor")
    return names[0].display() if names else ""


def _year(record: Record) -> str:
    return str(record.issued.year) if record.issued and record.issued.year else ""


_REF_COLUMNS = ("file", "index", "line", "id", "an", "pmid", "doi")


def _ref_cells(ref: RecordRef) -> list[Any]:
    return [spreadsheet_text(ref.file), ref.index, ref.line, spreadsheet_text(ref.source_id),
            spreadsheet_text(ref.accession), spreadsheet_text(ref.pmid), spreadsheet_text(ref.doi)]


REPORT_COLUMNS = (*(f"removed_{c}" for c in _REF_COLUMNS), "removed_title",
                  *(f"kept_{c}" for c in _REF_COLUMNS), "kept_title",
                  "matched_file", "matched_index", "matched_id", "action", "rule", "reason",
                  "evidence")


def write_report(removals: Iterable[Removal], out: TextIO) -> None:
    """One row per removed record (see the module docstring)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for removal in removals:
        writer.writerow([*_ref_cells(removal.ref), spreadsheet_text(removal.record.title),
                         *_ref_cells(removal.kept_ref), spreadsheet_text(removal.kept.title),
                         spreadsheet_text(removal.matched_ref.file), removal.matched_ref.index,
                         spreadsheet_text(removal.matched_ref.source_id), removal.action,
                         removal.decision.rule.id, removal.decision.rule.reason,
                         spreadsheet_text(removal.decision.evidence)])


_SIDE_COLUMNS = (*_REF_COLUMNS, "title", "year", "first_author", "journal", "volume", "pages",
                 "type", "status")
REVIEW_COLUMNS = ("rule", "reason", "evidence", *(f"a_{c}" for c in _SIDE_COLUMNS),
                  *(f"b_{c}" for c in _SIDE_COLUMNS))


def _side(record: Record, ref: RecordRef, status: str) -> list[Any]:
    return [*_ref_cells(ref), *(spreadsheet_text(v) for v in (
        record.title, _year(record), _first_author(record),
        record.container_title or record.container_title_short, record.volume, record.page,
        record.source_type or record.type, status))]


def write_review(pairs: Sequence[ReviewPair], out: TextIO) -> None:
    """One row per pair sent to review, both records side by side."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for pair in pairs:
        writer.writerow([pair.decision.rule.id, pair.decision.rule.reason,
                         spreadsheet_text(pair.decision.evidence),
                         *_side(pair.first, pair.first_ref, pair.first_status),
                         *_side(pair.second, pair.second_ref, pair.second_status)])
