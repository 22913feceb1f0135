"""The CSL-JSON writer: layout, ids, notes for unmapped tags, streaming."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from conftest import corpus_path, read_text
from risx.csl_item import record_to_csl
from risx.diagnostics import collect
from risx.model import Record
from risx.writers.base import WriterOptions
from risx.writers.csljson import CslJsonWriter, format_item


def write(records: list[Record], **options: object) -> tuple[str, list[str]]:
    found, report = collect()
    out = io.StringIO()
    CslJsonWriter(report, WriterOptions(**options)).write(records, out)  # type: ignore[arg-type]
    return out.getvalue(), [d.code for d in found]


def test_layout_is_json_dumps_indent_2_with_compact_dates() -> None:
    records, _ = read_text(corpus_path("db-exports", "endnote-export-mixed__asysd.ris").read_bytes())
    for record in records:
        item = record_to_csl(record, "x")
        text = format_item(item)
        assert json.loads(text) == item
        undated = {k: v for k, v in item.items() if not isinstance(v, dict)}
        assert format_item(undated) == json.dumps(undated, ensure_ascii=False, indent=2)


def test_control_characters_and_quotes_are_escaped() -> None:
    records, _ = read_text('TY  - JOUR\nTI  - a "quoted" \\ back\x07slash\tTab\nER  - \n')
    text, _ = write(records)
    assert json.loads(text)[0]["title"] == 'a "quoted" \\ back\x07slash\tTab'
    assert "\x07" not in text


def test_empty_input_is_an_empty_array() -> None:
    assert write([]) == ("[]\n", [])


def test_ids_from_source_id_unique_with_warning_on_repeat() -> None:
    records, _ = read_text("TY  - JOUR\nID  - 1\nTI  - A\nER  - \nTY  - JOUR\nID  - 1\nTI  - B\nER  - \n")
    text, codes = write(records)
    assert [i["id"] for i in json.loads(text)] == ["1", "1a"]
    assert codes == ["OUT003"]


def test_ids_unique_even_when_they_differ_only_in_case() -> None:
    records, _ = read_text("TY  - JOUR\nID  - Ab\nTI  - A\nER  - \nTY  - JOUR\nID  - aB\nTI  - B\nER  - \n")
    text, _ = write(records)
    assert [i["id"] for i in json.loads(text)] == ["Ab", "aBa"]


def test_unmapped_tags_go_to_note_unless_no_extra() -> None:
    records, _ = read_text("TY  - JOUR\nTI  - A\nN1  - A note\nZZ  - mystery\nER  - \n")
    item = json.loads(write(records)[0])[0]
    assert item["note"] == "A note\nZZ: mystery"
    item = json.loads(write(records, no_extra=True)[0])[0]
    assert item["note"] == "A note"


def test_writer_consumes_records_as_they_come() -> None:
    """Streaming: the writer has written record n before record n+1 is made."""
    source, _ = read_text("TY  - JOUR\nTI  - A\nER  - \n")
    out = io.StringIO()
    seen_before_next: list[int] = []

    def records() -> Iterator[Record]:
        for _ in range(3):
            seen_before_next.append(out.getvalue().count('"title"'))
            yield source[0]

    _, report = collect()
    CslJsonWriter(report).write(records(), out)
    assert seen_before_next == [0, 1, 2]
