"""CSL-JSON: a JSON array of CSL items (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html).

Output is UTF-8, indented by two spaces, with keys in a fixed order (``id``,
``type``, then the model's field order), so the same input always gives the
same bytes.  Items are written as they arrive: memory stays flat on any input.

Ids: the source's ``ID`` when present (kept as written), else ``familyYEAR``;
a repeat gets a letter suffix (see :mod:`risx.transforms.keys`) with a
warning.  Whatever CSL has no variable for (extra URLs, accession numbers,
unmapped source tags) goes into ``note`` as ``TAG: value`` lines, unless
``no_extra`` is set.
"""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any, TextIO

from risx.diagnostics import Report
from risx.model import Date, Name, Record, csl_fields
from risx.transforms.keys import UniqueKeys, default_id
from risx.transforms.keywords import join_csl_keywords
from risx.writers.base import RecordWriter, Writer, WriterOptions

CslItem = dict[str, Any]

_CSL_FIELDS = tuple(csl_fields())
_NAMES_GO_BEFORE = [attribute for attribute, _ in _CSL_FIELDS].index("issued")
_FIELDS_BEFORE_NAMES = _CSL_FIELDS[:_NAMES_GO_BEFORE]
_FIELDS_AFTER_NAMES = _CSL_FIELDS[_NAMES_GO_BEFORE:]
# One C call fetches all of a record's values (getattr field by field was a fifth of this writer).
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


_encode_string = json.encoder.encode_basestring  # the C encoder; keeps non-ASCII as UTF-8


def format_item(item: CslItem) -> str:
    """One item as JSON indented by two spaces, each date on one line.

    The layout equals ``json.dumps(item, ensure_ascii=False, indent=2)``
    except that dates stay compact (``{"date-parts": [[2022, 5, 5]]}``).  It
    is written out by hand because ``json.dumps`` with ``indent`` falls back
    to the pure-Python encoder, which was most of this writer's time; strings
    still go through the C string encoder, so escaping is json's own.
    """
    members = []
    for key, value in item.items():
        if isinstance(value, str):
            text = _encode_string(value)
        elif isinstance(value, list) and all(_is_flat_string_dict(v) for v in value):
            text = _format_dict_list(value) if value else "[]"
        elif isinstance(value, dict) and ("date-parts" in value or "literal" in value):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        members.append(f"  {_encode_string(key)}: {text}")
    return "{\n" + ",\n".join(members) + "\n}"


def _is_flat_string_dict(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _format_dict_list(values: list[dict[str, str]]) -> str:
    """A list of flat string dicts (names) laid out as ``json.dumps(..., indent=2)`` would."""
    entries = []
    for value in values:
        if not value:
            entries.append("    {}")
            continue
        fields = ",\n".join(f"      {_encode_string(k)}: {_encode_string(v)}"
                            for k, v in value.items())
        entries.append("    {\n" + fields + "\n    }")
    return "[\n" + ",\n".join(entries) + "\n  ]"


class CslIds:
    """Unique CSL ids for a stream of records, with a warning for each changed one."""

    def __init__(self, writer: Writer) -> None:
        self._keys = UniqueKeys()
        self._writer = writer

    def next_id(self, record: Record) -> str:
        return self.claim(*wanted_id(record), record.source.file, record.source.line)

    def claim(self, wanted: str, from_source: bool, file: str, line: int) -> str:
        """The unique id for ``wanted``; ids must be claimed in output order."""
        return self._keys.claim_reported(wanted, from_source, self._writer.report, file, line,
                                         label="id")


def wanted_id(record: Record) -> tuple[str, bool]:
    """The id a record asks for before uniqueness, and whether it is the source's own ``ID``.

    The source ``ID`` when present, else ``familyYEAR``.
    """
    source_id = record.source_id.strip()
    return (source_id, True) if source_id else (default_id(record), False)


#: A rendered item: the wanted id, whether it is the source's, the record's file and line (for
#: OUT003), and the item's JSON after its ``id`` member, indented for its place in the array.
#: A plain tuple because it crosses process boundaries (see RecordWriter).
_RenderedItem = tuple[str, bool, str, int, str]


class CslJsonWriter(RecordWriter):
    name = "csl-json"
    extensions = (".json",)
    description = "CSL-JSON (citeproc, Zotero, pandoc --citeproc)"

    def __init__(self, report: Report, options: WriterOptions | None = None) -> None:
        super().__init__(report, options)
        self._ids = CslIds(self)
        self._first = True

    def render(self, record: Record) -> _RenderedItem:
        # The id is left out here and put first by emit(): only emit() knows it is unique.
        item = record_to_csl(record, "", with_extra=not self.options.no_extra)
        del item["id"]
        body = format_item(item).replace("\n", "\n  ")
        wanted, from_source = wanted_id(record)
        return wanted, from_source, record.source.file, record.source.line, body

    def emit(self, rendered: _RenderedItem, out: TextIO) -> None:
        wanted, from_source, file, line, body = rendered
        item_id = self._ids.claim(wanted, from_source, file, line)
        opening = "[\n" if self._first else ",\n"
        # body is "{\n    ...": the id goes right after the opening brace.
        out.write(f"{opening}  {{\n    \"id\": {_encode_string(item_id)},{body[1:]}")
        self._first = False

    def finish(self, out: TextIO) -> None:
        out.write("[]\n" if self._first else "\n]\n")
