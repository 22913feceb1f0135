"""The Web of Science reader: bytes -> numbered lines (:mod:`risx.textio`) -> raw records (the
Web of Science row of :mod:`risx.readers.tagged`, or the rows of a tab-delimited export,
:mod:`risx.readers.wos.tabular`) -> records (:mod:`risx.readers.wos.mapping`).

Each stage is a generator, so a file of any size streams through in constant memory.  The
first line decides between the two exports: a header row of tab-separated tags is the
tab-delimited one.  What the reader decided goes into :class:`~risx.readers.base.ReadFacts`:
the encoding, and the platform with what showed it (the ``FN`` header, else the records).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import BinaryIO

from risx.diagnostics import DiagnosticSink, Report
from risx.model import Record
from risx.readers import tagged
from risx.readers.base import Reader, ReaderOptions, ReadFacts, head_text
from risx.readers.tagged import RawRecord, TaggedAssembler
from risx.readers.wos.exporters import PLATFORM
from risx.readers.wos.syntax import WOS_SYNTAX
from risx.readers.wos.tabular import is_header, tabular_records
from risx.textio import Decoding, decode_lines


def read_wos(stream: BinaryIO, source_name: str, report: Report,
             options: ReaderOptions | None = None,
             facts: ReadFacts | None = None) -> Iterator[Record]:
    """Yield the records of a Web of Science export (plain text or tab-delimited), reporting
    every problem to ``report``; the encoding and the platform go into ``facts``."""
    sink = DiagnosticSink(report, source_name)
    decoding = Decoding()
    options = options or ReaderOptions()
    facts = facts if facts is not None else ReadFacts()
    tally: dict[str, int] = {}
    try:
        raws = raw_records(decode_lines(stream, sink, WOS_SYNTAX.text, decoding), sink, options,
                           facts)
        # Imported here, as the RIS reader does: the mapping's transforms load on first need.
        from risx.readers.wos.mapping import map_record

        found = False
        for raw in raws:
            found = True
            try:
                record = map_record(raw.tags, raw.line, source_name, sink, tally)
            except Exception as exc:  # one bad record must never stop the good ones
                sink.error("WOS099", raw.line, f"this record could not be interpreted "
                           f"({type(exc).__name__}: {exc}); it was skipped")
                continue
            yield record
        if not found:
            tagged.report_no_records(sink, WOS_SYNTAX)
    finally:
        facts.encoding = decoding.describe()
        facts.rules = dict(sorted(tally.items()))


def raw_records(lines: Iterator[tuple[int, str]], sink: DiagnosticSink, options: ReaderOptions,
                facts: ReadFacts) -> Iterator[RawRecord]:
    """The raw records of either export, the platform and its evidence noted in ``facts``
    before the first one is returned."""
    for number, text in lines:
        if not text.strip():
            continue
        first = (number, text)
        break
    else:
        return
    if is_header(first[1]):
        facts.exporter, facts.evidence = PLATFORM, "a tab-delimited header row of tags"
        yield from tabular_records(first[1], lines, sink, options)
        return
    header = first[1].lstrip("\ufeff")
    if header.startswith("FN "):
        facts.exporter, facts.evidence = PLATFORM, f"the file header '{header[:60]}'"
    else:
        facts.exporter, facts.evidence = PLATFORM, "PT and ER records, without a file header"
    yield from TaggedAssembler(WOS_SYNTAX, sink, options).records(
        itertools.chain((first,), lines))


_SNIFF_HEADER = re.compile(r"^[ \t\ufeff]*FN [^\n]*\n(?:\s*\n)*[ \t]*VR 1\.0|^[ \t\ufeff]*FN ISI "
                           r"Export Format")
_SNIFF_RECORD = re.compile(r"(?m)^PT [A-Z]\s*$")
_SNIFF_TAG = re.compile(r"(?m)^(?:AU|AF|TI|SO|PY|UT|DT|ER)(?: |$)")
_SNIFF_TABULAR = re.compile(r"^\ufeff?PT\tAU\t")


class WosReader(Reader):
    name = "wos"
    extensions = (".ciw", ".isi")
    description = ("Web of Science plain text (FN/VR header, PT ... ER records) and "
                   "tab-delimited exports, and the platform's other databases")

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        return read_wos(stream, source_name, report, self.options, self.facts)

    @classmethod
    def sniff(cls, head: bytes) -> float:
        """An ``FN ...`` / ``VR 1.0`` header or a tab-delimited header row is Web of Science;
        so are ``PT J`` lines among other two-letter tags followed by one space."""
        text = head_text(head).replace("\r\n", "\n").replace("\r", "\n")
        if _SNIFF_HEADER.search(text) or _SNIFF_TABULAR.match(text):
            return 0.95
        if _SNIFF_RECORD.search(text) and len(_SNIFF_TAG.findall(text)) >= 3:
            return 0.9
        return 0.0
