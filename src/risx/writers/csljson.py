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
from collections.abc import Iterable
from typing import Any, TextIO

from risx.model import Date, Name, Record, csl_fields
from risx.transforms.keys import UniqueKeys, default_id
from risx.writers.base import Writer

CslItem = dict[str, Any]

_CSL_FIELDS = tuple(csl_fields())
_NAMES_GO_BEFORE = "issued"


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
    for attribute, variable in _CSL_FIELDS:
        if attribute == _NAMES_GO_BEFORE:
            # Names follow the titles, as a reader of the JSON expects them.
            for role in record.roles:
                item[role] = [name_to_csl(n) for n in record.names(role)]
        value = getattr(record, attribute)
        if isinstance(value, Date):
            converted = date_to_csl(value)
            if converted:
                item[variable] = converted
        elif value:
            item[variable] = value
    if record.issn:
        item["ISSN"] = record.issn[0]
    if record.isbn:
        item["ISBN"] = record.isbn[0]
    if record.urls:
        item["URL"] = record.urls[0]
    if record.keywords:
        item["keyword"] = ", ".join(record.keywords)
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
        from risx.diagnostics import Diagnostic, Severity

        wanted = record.source_id.strip() or default_id(record)
        given = self._keys.claim(wanted)
        if record.source_id.strip() and given != wanted:
            self._writer.report(Diagnostic(
                Severity.WARNING, "OUT003",
                f"id '{wanted}' was already used by an earlier record; this one is '{given}'",
                record.source.file, record.source.line))
        return given


class CslJsonWriter(Writer):
    name = "csl-json"
    extensions = (".json",)
    description = "CSL-JSON (citeproc, Zotero, pandoc --citeproc)"

    def write(self, records: Iterable[Record], out: TextIO) -> None:
        ids = CslIds(self)
        first = True
        for record in records:
            item = record_to_csl(record, ids.next_id(record), with_extra=not self.options.no_extra)
            text = format_item(item)
            out.write("[\n" if first else ",\n")
            out.write("  " + text.replace("\n", "\n  "))
            first = False
        out.write("[]\n" if first else "\n]\n")
