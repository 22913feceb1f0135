"""The model as CSL items, and the CSL date numbers every reader of CSL dates decodes alike.

A :class:`~risx.model.Record` is shaped like CSL-JSON already; :func:`record_to_csl` writes
it as the CSL item that ``-t csl-json`` prints and that the reference-list writers hand to the
CSL processor, so the JSON and the rendered list always say the same thing.  Every writer
built on CSL items imports the mapping from here, none from another writer.

Keys come in a fixed order: ``id``, ``type``, then the model's field order
(:func:`risx.model.csl_fields`) with the names after the titles.  Whatever CSL has no
variable for (extra URLs, accession numbers, unmapped source tags) becomes ``TAG: value``
lines of ``note`` (:func:`extra_note_lines`), unless the caller leaves them out.

Ids: :func:`wanted_id` is the source's ``ID`` when present (kept as written), else
``familyYEAR``; :class:`CslIds` makes them unique in output order, a repeat getting a letter
suffix (see :mod:`risx.transforms.keys`) with a warning.

Dates the other way: :func:`decode_date_part` reads one ``date-parts`` entry of a CSL date
as the CSL-JSON reader and the CSL processor's preparation both need it (a year, then a month
or a season, then a day, each only when valid), so ``[2020, 14]`` is summer 2020 in either.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, Protocol

from risx.model import Date, Name, Record, csl_fields
from risx.transforms.keys import UniqueKeys, default_id
from risx.transforms.keywords import join_csl_keywords

if TYPE_CHECKING:  # annotations only
    from risx.diagnostics import Report

CslItem = dict[str, Any]

_CSL_FIELDS = tuple(csl_fields())
_NAMES_GO_BEFORE = [attribute for attribute, _ in _CSL_FIELDS].index("issued")
_FIELDS_BEFORE_NAMES = _CSL_FIELDS[:_NAMES_GO_BEFORE]
_FIELDS_AFTER_NAMES = _CSL_FIELDS[_NAMES_GO_BEFORE:]
# One C call fetches all of a record's values, where getattr field by field cost (see
# benchmarks/README.md).
_VALUES_BEFORE_NAMES = attrgetter(*(attribute for attribute, _ in _FIELDS_BEFORE_NAMES))
_VALUES_AFTER_NAMES = attrgetter(*(attribute for attribute, _ in _FIELDS_AFTER_NAMES))


def _add_fields(item: CslItem, fields: tuple[tuple[str, str], ...],
                values: tuple[object, ...]) -> None:
    for (_, variable), value in zip(fields, values, strict=True):
        if not value:
            continue
        if isinstance(value, Date):
            converted = date_to_csl(value)
            if converted:
                item[variable] = converted
        else:
            item[variable] = value


def name_to_csl(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    parts = {
        "family": name.family,
        "given": name.given,
        "non-dropping-particle": name.non_dropping_particle,
        "dropping-particle": name.dropping_particle,
        "suffix": name.suffix,
    }
    return {k: v for k, v in parts.items() if v}


def date_to_csl(date: Date) -> dict[str, Any] | None:
    if date.parts:
        value: dict[str, Any] = {"date-parts": [list(p) for p in date.parts]}
        if date.season:
            value["season"] = date.season
        return value
    if date.raw:
        return {"literal": date.raw}
    return None


def extra_note_lines(record: Record) -> list[str]:
    """``TAG: value`` lines for data CSL has no variable for."""
    lines = [f"{tag}: {value}" for tag, values in (
        ("UR", record.urls[1:]),
        ("L1", record.file_links),
        ("AN", record.accession_numbers),
        ("SN", record.issn[1:] + record.isbn[1:]),
    ) for value in values]
    if record.translated_title:
        lines.append(f"TT: {record.translated_title}")
    lines.extend(f"{raw.tag}: {raw.value}" for raw in record.unmapped)
    return lines


def record_to_csl(record: Record, item_id: str, *, with_extra: bool = True) -> CslItem:
    """One record as a CSL item (no ``id`` uniqueness: the caller owns that)."""
    item: CslItem = {"id": item_id, "type": record.type}
    _add_fields(item, _FIELDS_BEFORE_NAMES, _VALUES_BEFORE_NAMES(record))
    # Names follow the titles, as a reader of the JSON expects them.
    for role in record.roles:
        item[role] = [name_to_csl(n) for n in record.names(role)]
    _add_fields(item, _FIELDS_AFTER_NAMES, _VALUES_AFTER_NAMES(record))
    if record.issn:
        item["ISSN"] = record.issn[0]
    if record.isbn:
        item["ISBN"] = record.isbn[0]
    if record.urls:
        item["URL"] = record.urls[0]
    if record.keywords:
        item["keyword"] = join_csl_keywords(record.keywords)  # KW-CSL-JOIN
    notes = list(record.notes)
    if with_extra:
        notes.extend(extra_note_lines(record))
    if notes:
        item["note"] = "\n".join(notes)
    return item


# --- Ids ------------------------------------------------------------------------------------

def wanted_id(record: Record) -> tuple[str, bool]:
    """The id a record asks for before uniqueness, and whether it is the source's own ``ID``.

    The source ``ID`` when present, else ``familyYEAR``.
    """
    source_id = record.source_id.strip()
    return (source_id, True) if source_id else (default_id(record), False)


class Reporting(Protocol):
    """What :class:`CslIds` reports through: a writer (its ``report`` is read at each claim)."""

    @property
    def report(self) -> Report: ...


class CslIds:
    """Unique CSL ids for a stream of records, with a warning for each changed one."""

    def __init__(self, writer: Reporting) -> None:
        self._keys = UniqueKeys()
        self._writer = writer

    def next_id(self, record: Record) -> str:
        return self.claim(*wanted_id(record), record.source.file, record.source.line)

    def claim(self, wanted: str, from_source: bool, file: str, line: int) -> str:
        """The unique id for ``wanted``; ids must be claimed in output order."""
        return self._keys.claim_reported(wanted, from_source, self._writer.report, file, line,
                                         label="id")


# --- CSL dates, read ------------------------------------------------------------------------

def date_number(value: object) -> int | None:
    """A number of a CSL date as JSON may hold it: an integer, an integral float, or a string
    of decimal digits with an optional minus sign (``"2020"``, ``"-44"``); else ``None``.

    ``True`` is not 1, and a string ``int()`` would refuse (``"2020²"``: ``isdigit`` is true
    for a superscript digit, ``isdecimal`` is not) is no number.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        if digits.isdecimal():
            return int(text)
    return None


def decode_date_part(part: object) -> tuple[tuple[int, ...], int | None] | None:
    """One ``date-parts`` entry (``[year, month, day]``) as its valid numbers and a season.

    Reading stops at the first piece that is not a number (:func:`date_number`).  A month of
    13 to 16 is a season (CSL's spring to winter) and ends the date; a month outside 1-12
    keeps the year only, a day outside 1-31 the year and month.  ``None`` when ``part`` is not
    a list or has no year (year 0 is none: CSL has no year zero).
    """
    if not isinstance(part, list):
        return None
    numbers: list[int] = []
    for piece in part[:3]:
        number = date_number(piece)
        if number is None:
            break
        numbers.append(number)
    if not numbers or numbers[0] == 0:
        return None
    season: int | None = None
    if len(numbers) > 1 and 13 <= numbers[1] <= 16:
        season = numbers[1] - 12
        numbers = numbers[:1]
    if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
        numbers = numbers[:1]
    if len(numbers) > 2 and not 1 <= numbers[2] <= 31:
        numbers = numbers[:2]
    return tuple(numbers), season
