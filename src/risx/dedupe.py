"""Duplicates across sources: the same work exported by several databases.

Two records are the same work when

1. both have a DOI and the DOIs are equal after normalisation (case, ``https://doi.org/``,
   ``http://dx.doi.org/`` and ``doi:`` prefixes, trailing punctuation); or
2. at least one has no DOI, and the normalised title (accents folded, case, punctuation, spacing
   and markup ignored), the year and the first author's family name are equal.  A record needs a
   title and a year or an author to be matched this way, so two untitled records never merge.

Two records with different DOIs are never duplicates, whatever their titles say (an erratum, a
preprint and its published version).

Of each group of duplicates the most complete record (most non-empty fields; the first in
input order on a tie) is kept, its empty fields are filled from the others in input order, and
it takes the place of the group's first record, so the output order follows the input order.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any, TextIO

from risx.model import Record
from risx.transforms.identifiers import normalise_doi
from risx.transforms.keys import key_token

RULE_DOI = "doi"
RULE_TITLE = "title+year+author"

#: Fields that describe where a record came from rather than the work: never counted or merged.
_BOOKKEEPING = frozenset({"type", "source", "source_type", "source_id", "label", "raw",
                          "unmapped"})
_CONTENT_FIELDS = tuple(f.name for f in fields(Record) if f.name not in _BOOKKEEPING)
_MARKUP = re.compile(r"<[^>]{1,40}>")


def doi_key(record: Record) -> str:
    """The normalised DOI of a record (lower case, no prefix), or ``""``."""
    return normalise_doi(record.doi).lower() if record.doi else ""


def title_key(record: Record) -> str:
    """Normalised title, year and first author's family name, or ``""`` when too little is known."""
    title = key_token(_MARKUP.sub(" ", record.title))
    if not title:
        return ""
    year = record.issued.year if record.issued and record.issued.year else None
    authors = record.names("author") or record.names("editor")
    family = key_token(authors[0].family or authors[0].literal) if authors else ""
    if year is None and not family:
        return ""
    return f"{title}|{year or ''}|{family}"


def completeness(record: Record) -> int:
    """How many content fields of a record are filled."""
    return sum(1 for name in _CONTENT_FIELDS if getattr(record, name))


@dataclass(frozen=True)
class DuplicatePair:
    """One dropped record and the record it was merged into."""

    rule: str
    key: str
    kept: Record
    dropped: Record


@dataclass(eq=False)
class _Group:
    members: list[Record]
    doi: str
    rules: list[tuple[str, str]] = field(default_factory=list)  # per non-first member


@dataclass(frozen=True)
class DedupeResult:
    records: list[Record]
    pairs: list[DuplicatePair]

    @property
    def dropped(self) -> int:
        return len(self.pairs)

    def by_rule(self) -> dict[str, int]:
        counts = {RULE_DOI: 0, RULE_TITLE: 0}
        for pair in self.pairs:
            counts[pair.rule] += 1
        return counts

    def summary(self) -> str:
        counts = self.by_rule()
        return (f"dedupe: {self.dropped} duplicate(s) dropped ({counts[RULE_DOI]} by DOI, "
                f"{counts[RULE_TITLE]} by title+year+author); {len(self.records)} record(s) kept")


def _merge(members: list[Record]) -> tuple[int, Record]:
    """The index of the most complete member, and that member with empty fields filled."""
    best = max(range(len(members)), key=lambda i: (completeness(members[i]), -i))
    kept = members[best]
    filled: dict[str, Any] = {}
    for name in _CONTENT_FIELDS:
        if getattr(kept, name):
            continue
        for other in members:
            value = getattr(other, name)
            if value:
                filled[name] = value
                break
    return best, (replace(kept, **filled) if filled else kept)


def dedupe(records: Iterable[Record]) -> DedupeResult:
    """Drop duplicate records (see the module documentation); keeps input order."""
    groups: list[_Group] = []
    by_doi: dict[str, _Group] = {}
    by_title: dict[str, list[_Group]] = {}
    for record in records:
        doi, title = doi_key(record), title_key(record)
        group: _Group | None = by_doi.get(doi) if doi else None
        match = (RULE_DOI, doi)
        if group is None and title:
            for candidate in by_title.get(title, ()):
                if not doi or not candidate.doi:
                    group, match = candidate, (RULE_TITLE, title)
                    break
        if group is None:
            group = _Group([record], doi)
            groups.append(group)
        else:
            group.members.append(record)
            group.rules.append(match)
            if doi and not group.doi:
                group.doi = doi
        if group.doi:
            by_doi.setdefault(group.doi, group)
        if title and group not in by_title.setdefault(title, []):
            by_title[title].append(group)

    kept_records: list[Record] = []
    pairs: list[DuplicatePair] = []
    for group in groups:
        best, merged = _merge(group.members)
        kept_records.append(merged)
        for index, (rule, key) in enumerate(group.rules, start=1):
            # The pair names the member that matched; when that is the kept one, the
            # group's first record (which it matched) is the one dropped.
            dropped = group.members[0] if index == best else group.members[index]
            pairs.append(DuplicatePair(rule, key, merged, dropped))
    return DedupeResult(kept_records, pairs)


REPORT_COLUMNS = ("rule", "key", "kept_file", "kept_line", "kept_title", "dropped_file",
                  "dropped_line", "dropped_title")


#: What a spreadsheet takes for the start of a formula (or, for tab and CR, mangles).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """``text`` for a CSV cell that a reviewer opens in a spreadsheet: a value that starts
    like a formula (``=HYPERLINK(...)``, ``+cmd|...``) gets a leading apostrophe, which
    spreadsheets read as "this is text" and do not show (OWASP's advice on CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_report(pairs: Iterable[DuplicatePair], out: TextIO) -> None:
    """The pairs as CSV (one row per dropped record), for a reviewer to audit; text from
    the input cannot run as a formula (:func:`spreadsheet_text`)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for pair in pairs:
        writer.writerow((pair.rule, spreadsheet_text(pair.key),
                         spreadsheet_text(pair.kept.source.file), pair.kept.source.line,
                         spreadsheet_text(pair.kept.title),
                         spreadsheet_text(pair.dropped.source.file), pair.dropped.source.line,
                         spreadsheet_text(pair.dropped.title)))
