"""The RIS reader: bytes -> numbered lines (:mod:`risx.textio`) -> raw records
(:mod:`risx.readers.ris.syntax`) -> records (:mod:`risx.readers.ris.mapping`).

Each stage is a generator, so a file of any size streams through in constant memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from risx.diagnostics import DiagnosticSink, Report
from risx.model import RawTag, Record, SourceLocation
from risx.readers import tagged
from risx.readers.base import Reader, ReaderOptions, ReadFacts, head_text
from risx.readers.ris.syntax import RIS_SYNTAX, Assembler, RawRecord
from risx.readers.ris.tables import RIS_TYPES, type_code
from risx.textio import Decoding, decode_lines


def read_ris(stream: BinaryIO, source_name: str, report: Report,
             options: ReaderOptions | None = None,
             facts: ReadFacts | None = None) -> Iterator[Record]:
    """Yield the records of a RIS byte stream, reporting every problem to ``report``; what
    was decided about the input (its encoding) goes into ``facts``."""
    sink = DiagnosticSink(report, source_name)
    decoding = Decoding()
    lines = decode_lines(stream, sink, RIS_SYNTAX.text, decoding)
    count = 0
    options = options or ReaderOptions()
    try:
        for raw in Assembler(sink, options).records(lines):
            count += 1
            record = interpret(raw, source_name, sink, tags_only=options.source_tags_only)
            if record is not None:
                yield record
        if count == 0:
            report_no_records(sink)
    finally:
        if facts is not None:
            facts.encoding = decoding.describe()


def interpret(raw: RawRecord, source_name: str, sink: DiagnosticSink, *,
              tags_only: bool = False) -> Record | None:
    """The record ``raw`` holds, or ``None`` (with an error) when mapping it failed; with
    ``tags_only``, only its tags, location and type (see ReaderOptions.source_tags_only)."""
    try:
        if tags_only:
            return tags_record(raw.tags, raw.line, source_name, sink)
        # Imported here: the mapping and its transforms are not needed for RIS -> RIS.
        from risx.readers.ris.mapping import map_record

        return map_record(raw.tags, raw.line, source_name, sink)
    except Exception as exc:  # one bad record must never stop the good ones
        sink.error("RIS099", raw.line, f"this record could not be interpreted "
                   f"({type(exc).__name__}: {exc}); it was skipped")
        return None


def tags_record(raws: list[RawTag], start_line: int, file: str, sink: DiagnosticSink) -> Record:
    """A record that holds only its source tags, its location and its type (RIS ``TY``,
    and the CSL type it stands for): nothing else is interpreted, so only the type's
    messages are reported (see ReaderOptions.source_tags_only)."""
    ty_value = raws[0].value if raws and raws[0].tag == "TY" else ""
    csl_type, _genre = RIS_TYPES[type_code(ty_value, start_line, sink)]
    return Record(type=csl_type, source=SourceLocation(file, start_line), source_type=ty_value,
                  raw=tuple(raws))


_SNIFF_TY = re.compile(r"(?m)^[ \t\ufeff]*[Tt][Yy]( {1,3}|\t)-")
_SNIFF_TAG = re.compile(r"(?m)^[A-Z][A-Z0-9]( {1,3}|\t)- ")


def report_no_records(sink: DiagnosticSink) -> None:
    tagged.report_no_records(sink, RIS_SYNTAX)


class RisReader(Reader):
    name = "ris"
    extensions = (".ris", ".txt")
    description = "RIS tagged format (Scopus, Web of Science, PubMed, EndNote, Zotero, ...)"

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        return read_ris(stream, source_name, report, self.options, self.facts)

    @classmethod
    def sniff(cls, head: bytes) -> float:
        """A ``TY  - `` line (any spacing or case) is RIS; other tag lines only suggest it."""
        text = head_text(head)
        if _SNIFF_TY.search(text):
            return 0.9
        return 0.4 if len(_SNIFF_TAG.findall(text)) >= 3 else 0.0
