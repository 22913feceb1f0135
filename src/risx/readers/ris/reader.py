"""The RIS reader: bytes -> numbered lines (:mod:`risx.textio`) -> raw records
(:mod:`risx.readers.ris.syntax`) -> records (:mod:`risx.readers.ris.mapping`).

Each stage is a generator, so a file of any size streams through in constant memory.  The
first records are read ahead (:data:`~risx.readers.ris.exporters.SAMPLE_RECORDS`), with the
messages about them held back and reported in their place, so that the exporter is known
before the first record is mapped (:mod:`risx.readers.ris.exporters`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from risx.diagnostics import Diagnostic, DiagnosticSink, Report
from risx.model import RawTag, Record, SourceLocation
from risx.readers import tagged
from risx.readers.base import Reader, ReaderOptions, ReadFacts, head_text
from risx.readers.ris.exporters import (
    EXCUSED_SYNTAX,
    NO_EXPORTER,
    SAMPLE_RECORDS,
    Exporter,
    ExporterVote,
    Frame,
    Guess,
    exporter_for,
)
from risx.readers.ris.syntax import RIS_SYNTAX, Assembler, RawRecord
from risx.readers.ris.tables import DEFAULT_ROLES, RIS_TYPES, type_code
from risx.textio import Decoding, decode_lines


def read_ris(stream: BinaryIO, source_name: str, report: Report,
             options: ReaderOptions | None = None,
             facts: ReadFacts | None = None) -> Iterator[Record]:
    """Yield the records of a RIS byte stream, reporting every problem to ``report``; what
    was decided about the input (its encoding, its exporter) goes into ``facts``."""
    sink = DiagnosticSink(report, source_name)
    decoding = Decoding()
    options = options or ReaderOptions()
    facts = facts if facts is not None else ReadFacts()
    assembler = Assembler(sink, options)
    raws = assembler.records(decode_lines(stream, sink, RIS_SYNTAX.text, decoding))
    tags_only = options.source_tags_only
    tally: dict[str, int] = {}
    excused: dict[str, int] = {}
    try:
        sample, after_sample = read_ahead(raws, sink, SAMPLE_RECORDS)
        guess, exporter, excuse = decide_exporter([raw for raw, _ in sample],
                                                  assembler.frames_seen, sink)
        facts.exporter, facts.evidence = guess.exporter, guess.evidence
        capitals = not tags_only and _names_in_capitals(sample)
        for index, (raw, before) in enumerate(sample):
            for diagnostic in before:
                if diagnostic.code in excuse:
                    excused[diagnostic.code] = excused.get(diagnostic.code, 0) + 1
                else:
                    report(diagnostic)
            if capitals and index == 0:
                _report_capitals(sample, sink)
            record = interpret(raw, source_name, sink, tags_only=tags_only,
                               exporter=exporter, tally=tally, names_in_capitals=capitals)
            if record is not None:
                yield record
        for diagnostic in after_sample:
            report(diagnostic)
        for raw in raws:
            record = interpret(raw, source_name, sink, tags_only=tags_only,
                               exporter=exporter, tally=tally, names_in_capitals=capitals)
            if record is not None:
                yield record
        if not sample:
            report_no_records(sink)
    finally:
        facts.encoding = decoding.describe()
        facts.framing = {f"{frame.id} {frame.what}": count
                         for frame, count in sorted(assembler.frames_seen.items())}
        facts.framing.update({f"{code} (the exporter's layout)": count
                              for code, count in sorted(excused.items())})
        facts.rules = dict(sorted(tally.items()))


def decide_exporter(sample: list[RawRecord], frames_seen: dict[Frame, int],
                    sink: DiagnosticSink) -> tuple[Guess, Exporter, frozenset[str]]:
    """The file's exporter from its sample and the framing around it: the guess (name and
    evidence), what the mapper gets (with the file-level decisions, each warned about once),
    and the syntax codes the exporter's layout excuses."""
    vote = ExporterVote()
    for raw in sample:
        vote.add(raw.tags)
    for frame, lines in frames_seen.items():
        vote.add_frame(frame, lines)
    guess = vote.result()
    exporter = exporter_for(guess, file_decisions(guess.exporter, sample, sink))
    return guess, exporter, EXCUSED_SYNTAX.get(guess.exporter, frozenset())


def file_decisions(exporter: str, sample: list[RawRecord],
                   sink: DiagnosticSink) -> frozenset[str]:
    """What is decided once for the whole file, from its sample, with one warning each.

    ``names-family-first``: EPPI-Reviewer writes every name family name first without a
    comma (``Nwosu Adaeze``); when no name of the sample has a comma, every name of the file
    is read so (EXP-EPPI-01)."""
    if exporter != "EPPI-Reviewer":
        return frozenset()
    names = [t for raw in sample for t in raw.tags if t.tag in ("AU", "A1") and t.value]
    if not names or any("," in t.value for t in names):
        return frozenset()
    sink.warning("RIS028", names[0].line, f"EPPI-Reviewer writes names family name first "
                 f"without a comma: every name in this file is read so ('{names[0].value}' "
                 f"as family name '{names[0].value.split()[0]}')")
    return frozenset({"names-family-first"})


def _names_in_capitals(sample: list[tuple[RawRecord, list[Diagnostic]]]) -> bool:
    """Whether the sample's name values (AU, A1-A4, ED) are all in capitals (NAME-CAPS-FILE)."""
    # Imported here, as the mapping is: RIS -> RIS reads no names.
    from risx.transforms.names import names_in_capitals

    return names_in_capitals(tag.value for raw, _ in sample for tag in raw.tags
                             if tag.tag in DEFAULT_ROLES and tag.value)


def _report_capitals(sample: list[tuple[RawRecord, list[Diagnostic]]],
                     sink: DiagnosticSink) -> None:
    """The one message for a file whose names are all in capitals (NAME-CAPS-FILE)."""
    line = next((tag.line for raw, _ in sample for tag in raw.tags
                 if tag.tag in DEFAULT_ROLES and tag.value), None)
    sink.warning("RIS029", line, "every name in this file is written in capitals: names are "
                 "recased ('HOLLOWAY, RUTH' -> 'Holloway, Ruth'; reported once per file)")


def read_ahead(raws: Iterator[RawRecord], sink: DiagnosticSink, count: int,
               ) -> tuple[list[tuple[RawRecord, list[Diagnostic]]], list[Diagnostic]]:
    """The first ``count`` raw records of ``raws``, each with the messages reported before it,
    and the messages after the last one (when ``raws`` ended before ``count``).

    The messages are held back, not reported: the caller reports each in its place, so the
    order of the messages is the same as without reading ahead.  (Report-once keys are asked
    for as the messages are made; the syntax's and the mapping's keys differ, so holding back
    one kind cannot change which message of the other is the first.)
    """
    held: list[Diagnostic] = []
    report = sink.report
    sink.report = held.append
    sample: list[tuple[RawRecord, list[Diagnostic]]] = []
    try:
        for raw in raws:
            sample.append((raw, held[:]))
            held.clear()
            if len(sample) == count:
                break
    except BaseException:
        # Interrupted (Ctrl-C): what was found so far is still said, in its order.
        for diagnostic in [d for _, before in sample for d in before] + held:
            report(diagnostic)
        raise
    finally:
        sink.report = report
    return sample, held


def interpret(raw: RawRecord, source_name: str, sink: DiagnosticSink, *,
              tags_only: bool = False, exporter: Exporter = NO_EXPORTER,
              tally: dict[str, int] | None = None,
              names_in_capitals: bool = False) -> Record | None:
    """The record ``raw`` holds, or ``None`` (with an error) when mapping it failed; with
    ``tags_only``, only its tags, location and type (see ReaderOptions.source_tags_only).
    ``exporter`` is the file's, whose rules the mapping applies; ``names_in_capitals`` the
    file's decision to recase its names."""
    try:
        if tags_only:
            return tags_record(raw.tags, raw.line, source_name, sink)
        # Imported here: the mapping and its transforms are not needed for RIS -> RIS.
        from risx.readers.ris.mapping import map_record

        return map_record(raw.tags, raw.line, source_name, sink, exporter, tally,
                          names_in_capitals=names_in_capitals)
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
