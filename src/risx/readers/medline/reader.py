"""The MEDLINE reader: bytes -> numbered lines (:mod:`risx.textio`) -> raw records (the
MEDLINE row of :mod:`risx.readers.tagged`) -> records (:mod:`risx.readers.medline.mapping`).

Each stage is a generator, so a file of any size streams through in constant memory.  What
the reader decided about the input goes into :class:`~risx.readers.base.ReadFacts`: the
encoding, and the service that wrote it (PubMed or ERIC, from the first record: known before
that record is yielded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from risx.diagnostics import DiagnosticSink, Report
from risx.model import Record
from risx.readers import tagged
from risx.readers.base import Reader, ReaderOptions, ReadFacts, head_text
from risx.readers.medline.exporters import ERIC, exporter_of
from risx.readers.medline.syntax import MEDLINE_SYNTAX
from risx.readers.tagged import RawRecord, TaggedAssembler
from risx.textio import Decoding, decode_lines


def read_medline(stream: BinaryIO, source_name: str, report: Report,
                 options: ReaderOptions | None = None,
                 facts: ReadFacts | None = None) -> Iterator[Record]:
    """Yield the records of a MEDLINE (PubMed ``.nbib``, ERIC) byte stream, reporting every
    problem to ``report``; the encoding and the exporter go into ``facts``."""
    sink = DiagnosticSink(report, source_name)
    decoding = Decoding()
    options = options or ReaderOptions()
    facts = facts if facts is not None else ReadFacts()
    raws = TaggedAssembler(MEDLINE_SYNTAX, sink, options).records(
        decode_lines(stream, sink, MEDLINE_SYNTAX.text, decoding))
    # Imported here, as the RIS reader does: the mapping's transforms load on first need.
    from risx.readers.medline.mapping import map_record

    found = False
    tally: dict[str, int] = {}
    try:
        for raw in raws:
            if not found:
                found = True
                facts.exporter, facts.evidence = describe_exporter(raw)
            try:
                record = map_record(raw.tags, raw.line, source_name, sink, tally)
            except Exception as exc:  # one bad record must never stop the good ones
                sink.error("MED099", raw.line, f"this record could not be interpreted "
                           f"({type(exc).__name__}: {exc}); it was skipped")
                continue
            yield record
        if not found:
            tagged.report_no_records(sink, MEDLINE_SYNTAX)
    finally:
        facts.encoding = decoding.describe()
        facts.rules = dict(sorted(tally.items()))


def describe_exporter(raw: RawRecord) -> tuple[str, str]:
    """The service that wrote the file, from its first record, and what showed it."""
    owner = next((tag.value for tag in raw.tags if tag.tag == "OWN"), "")
    exporter = exporter_of(owner)
    if exporter == ERIC:
        return exporter, "OWN - ERIC in the first record"
    first = raw.tags[0]
    if first.tag == "PMID":
        return exporter, "the first record starts with PMID-"
    return exporter, f"the first record starts with {first.tag} and its owner is not ERIC"


#: A PubMed record's first line, or ERIC's: the four-character slot, the dash, a value.
_SNIFF_START = re.compile(r"(?m)^(?:PMID- ?\d|OWN - \S)")
#: Other MEDLINE tag lines with a tag of three or four letters (RIS tags have two).
_SNIFF_LONG_TAG = re.compile(r"(?m)^(?:FAU |STAT|DCOM|EDAT|MHDA|CRDT|PHST|JID |ISSN|OID |PST )- ")
#: RIS's start of record: RIS and MEDLINE share their two-letter tag lines (``TI  - ``).
_SNIFF_RIS = re.compile(r"(?m)^[ \t]*TY  - ")


class MedlineReader(Reader):
    name = "medline"
    extensions = (".nbib", ".medline")
    description = "MEDLINE/PubMed tagged format (.nbib: PubMed 'Save as PubMed format', ERIC)"

    def read(self, stream: BinaryIO, source_name: str, report: Report) -> Iterator[Record]:
        return read_medline(stream, source_name, report, self.options, self.facts)

    @classmethod
    def sniff(cls, head: bytes) -> float:
        """``PMID- `` or ``OWN - `` lines are MEDLINE; so are three- or four-letter tags
        padded to four characters (``FAU - ``), unless a ``TY  - `` line makes it RIS."""
        text = head_text(head)
        if _SNIFF_RIS.search(text):
            return 0.0
        if _SNIFF_START.search(text):
            return 0.95
        return 0.85 if len(_SNIFF_LONG_TAG.findall(text)) >= 2 else 0.0
