"""The tab-delimited Web of Science export: a header row of tags, then one record per row.

``wos-tagged/wos-tabdelimited-utf16__veni-sysrev.txt``: UTF-16 with a byte-order mark, CR LF,
a header of the same two-letter tags the tagged export writes (``PT AU BA ... DA``), one row
per record, the items of a list field joined by ``; `` (``AU Reiser, SJ; Oliver, AM``), rows
ending with one more (empty) cell than the header.  Each row becomes the raw record the
tagged syntax would make of it: the non-empty cells as tags, a list field as one value per
item, the row's line as every value's line.  A row that has more non-empty cells than the
header has tags keeps the extra ones as text of the record (WOS018), so nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from risx.diagnostics import DiagnosticSink
from risx.model import RawTag
from risx.readers.base import ReaderOptions
from risx.readers.tagged import RawRecord
from risx.readers.wos.syntax import LIST_TAGS, WOS_SYNTAX

#: A header row: ``PT``, a tab, then more two-letter tags.
_HEADER = re.compile(r"^\ufeff?PT\t(?:[A-Z][A-Z0-9]\t?)+$")
#: List fields whose items the export joins with "; " (C1 and CR are kept whole: their
#: items hold semicolons of their own, "[Reiser, SJ; Oliver, AM] Univ Regina").
_SPLIT_TAGS = LIST_TAGS - {"C1", "C3", "CR", "RP"}


def is_header(line: str) -> bool:
    """Whether a line is the header row of a tab-delimited export."""
    return "\t" in line and _HEADER.match(line.rstrip("\t\r")) is not None


def tabular_records(header: str, rows: Iterable[tuple[int, str]], sink: DiagnosticSink,
                    options: ReaderOptions) -> Iterator[RawRecord]:
    """The raw records of the rows after a header row."""
    tags = header.lstrip("\ufeff").rstrip("\t").split("\t")
    codes = WOS_SYNTAX.codes
    for number, row in rows:
        if not row.strip():
            continue
        cells = row.split("\t")
        record = RawRecord(number)
        longest = max(len(cell) for cell in cells)
        if longest > options.max_value_length:
            sink.error(codes.too_long, number, f"record refused: a value on this row is "
                       f"{longest:,} characters long, over the limit of "
                       f"{options.max_value_length:,} (raise it with --max-value-length)")
            continue
        for tag, cell in zip(tags, cells, strict=False):
            value = cell.strip()
            if not value:
                continue
            if tag in _SPLIT_TAGS and "; " in value:
                record.tags.extend(RawTag(tag, item.strip(), number)
                                   for item in value.split("; ") if item.strip())
            else:
                record.tags.append(RawTag(tag, value, number))
        extra = [cell.strip() for cell in cells[len(tags):] if cell.strip()]
        if extra:
            sink.warning("WOS018", number, f"this row has {len(extra)} cell(s) with a value "
                         f"after the header's {len(tags)} tags; kept in the note")
            record.tags.extend(RawTag("", value, number) for value in extra)
        if record.tags:
            yield record
