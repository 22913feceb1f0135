"""CSL-JSON: a JSON array of CSL items (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html).

Output is UTF-8, indented by two spaces, with keys in a fixed order (``id``,
``type``, then the model's field order), so the same input always gives the
same bytes.  Items are written as they arrive: memory stays flat on any input.

The items are :func:`risx.csl_item.record_to_csl`'s, the ones the reference-list writers
render.  Ids: the source's ``ID`` when present (kept as written), else ``familyYEAR``;
a repeat gets a letter suffix (see :mod:`risx.transforms.keys`) with a
warning.  Whatever CSL has no variable for (extra URLs, accession numbers,
unmapped source tags) goes into ``note`` as ``TAG: value`` lines, unless
``no_extra`` is set.
"""

from __future__ import annotations

import json
from typing import TextIO

from risx.csl_item import CslIds, CslItem, record_to_csl, wanted_id
from risx.diagnostics import Report
from risx.model import Record
from risx.writers.base import RecordWriter
from risx.writers.options import CslJsonOptions, Options

_encode_string = json.encoder.encode_basestring  # the C encoder; keeps non-ASCII as UTF-8


def format_item(item: CslItem) -> str:
    """One item as JSON indented by two spaces, each date on one line.

    The layout equals ``json.dumps(item, ensure_ascii=False, indent=2)``
    except that dates stay compact (``{"date-parts": [[2022, 5, 5]]}``).  It
    is written out by hand because ``json.dumps`` with ``indent`` falls back
    to the pure-Python encoder (what that cost: ``benchmarks/README.md``); strings
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


#: A rendered item: the wanted id, whether it is the source's, the record's file and line (for
#: OUT003), and the item's JSON after its ``id`` member, indented for its place in the array.
#: A plain tuple because it crosses process boundaries (see RecordWriter).
_RenderedItem = tuple[str, bool, str, int, str]


class CslJsonWriter(RecordWriter):
    name = "csl-json"
    extensions = (".json",)
    description = "CSL-JSON (citeproc, Zotero, pandoc --citeproc)"
    options_type = CslJsonOptions
    options: CslJsonOptions

    def __init__(self, report: Report, options: Options | None = None) -> None:
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
