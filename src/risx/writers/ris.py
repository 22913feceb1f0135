"""RIS: the model written back as clean RIS (``-t ris``, ``.ris``).

Useful to normalise a messy export before importing it into a reference
manager: one ``TAG  - value`` line per value, UTF-8 without a byte-order mark,
``ER  - `` and a blank line after each record, LF or CR LF line ends
(``--crlf``).

What is written
---------------
A record read from RIS carries its source tags (``Record.raw``, in order,
continuation lines already joined by the reader); the writer re-emits those,
so nothing the source said is re-interpreted or lost, and
``read -> write -> read`` gives the same records (same fields, same tags and
values in the same order).  Only the layout changes: canonical spacing, upper
case tags, no headers or stray text between records, an ``ER`` on every
record.  A record built by another reader has no source tags: it is written
from its fields (see :data:`FIELD_TAGS`), which keeps the bibliographic data
but not every nuance of the model.

Since the source tags are all it writes of a record read from RIS, the
conversion does not interpret them
(:attr:`~risx.writers.base.Writer.reads_source_tags_only`): RIS to RIS reports
problems with the file, the records' boundaries and their types, but not how
names, dates or titles would be read, which describe fields the output does
not have.  With ``--dedupe`` the records are interpreted: duplicates are found
on those fields.

Line breaks inside a value (the continuation-line rule)
-------------------------------------------------------
The RIS reader joins an untagged line to the value before it: with a line
break for the paragraph tags (``AB``, ``N1``, ``N2``, ``RN``; a blank line
before it makes a paragraph break), with a space for most others, and makes
it a new value for the list tags (``KW``, ``UR``, ...).  The writer uses the
same rule backwards:

* a paragraph-tag value is written over several lines: the first on the tag
  line, each further line on its own line, and a paragraph break (one or more
  empty lines in the value) as one blank line;
* any other value is written on one line, its line breaks replaced by a space
  (what the reader makes of them for most tags; for a list tag it keeps one
  value instead of splitting it into several);
* text that followed ``TY`` on its own line in the source (kept as a tag-less
  value) is written back on its own line after ``TY``;
* a continuation line that the reader would take for a tag line (``ER  - ``,
  ``AU - x``, ``to - do``) is written after a no-break space (U+00A0).  The
  reader does not accept U+00A0 before a tag but strips it from text, so the
  line is read back as text, exactly: hostile data cannot end a record early
  or inject a tag.

Every line of a value is stripped of surrounding white space (the reader
strips it too).  Characters that a RIS file cannot carry safely are removed
with an ``OUT002`` warning naming the record: control characters other than
tab (they would make the file look binary and reach terminals as escape
sequences), NUL and byte-order marks; unpaired surrogates become U+FFFD.
Values read from RIS never contain any of these except control characters, so
the round trip is exact for every record whose values have none.  A source tag
that is not a RIS tag (another format's field name) is left out with the same
warning; records without source tags put such leftovers in ``N1`` notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from risx.diagnostics import Diagnostic, Severity
from risx.model import Date, Name, RawTag, Record
from risx.readers.ris import TEXT_TAGS, match_tag_line
from risx.readers.ris.tables import FIELD_TAGS, RIS_TYPES, normalise_type
from risx.textio import LINE_BREAKS
from risx.writers.base import RecordWriter
from risx.writers.options import RisOptions

__all__ = ["FIELD_TAGS", "RisWriter", "record_tags", "value_lines"]

#: Written before a continuation line that would otherwise read as a tag line.
GUARD = "\u00a0"

# Removed from values: C0/C1 controls except tab and line breaks, NUL, BOM.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Any character that makes a value need more than stripping: one of the above, or tab.
_NEEDS_CARE = re.compile("[\x00-\x1f\x7f-\x9f\ufeff\u2028\u2029\ud800-\udfff]")
# Tags the reader can produce (two characters, or PubMed-style three or four).
_VALID_TAG = re.compile(r"[A-Z][A-Z0-9]|[A-Z]{2}[A-Z0-9]{1,2}")

#: CSL type -> RIS type for records without source tags (first choice; else the first
#: specification code with that CSL type, else GEN).
PREFERRED_TYPES: dict[str, str] = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "dataset": "DATA",
    "motion_picture": "MPCT",
    "manuscript": "UNPB",
    "personal_communication": "PCOMM",
    "document": "GEN",
}

#: CSL role -> RIS creator tag (records without source tags).
ROLE_TAGS: dict[str, str] = {
    "author": "AU",
    "editor": "ED",
    "collection-editor": "A3",
    "translator": "A4",
}

#: The single-valued fields written before the dates and pages (records without source tags),
#: each as its tag in :data:`~risx.readers.ris.tables.FIELD_TAGS` ...
TITLE_FIELDS = ("title", "title_short", "translated_title", "original_title", "container_title",
                "container_title_short", "collection_title")
#: ... and those written after them.
DETAIL_FIELDS = ("volume", "issue", "edition", "number_of_volumes", "section", "publisher",
                 "publisher_place", "doi", "call_number", "archive_location", "database",
                 "language", "abstract", "label")


class RisWriter(RecordWriter):
    name = "ris"
    extensions = (".ris",)
    description = "RIS tagged format, normalised (round-trips through the RIS reader)"
    # A record read from RIS is written from its source tags (see the module docstring).
    reads_source_tags_only = True
    options_type = RisOptions
    options: RisOptions

    def render(self, record: Record) -> str:
        newline = "\r\n" if self.options.newline == "\r\n" else "\n"
        cleaned: list[str] = []
        lines = list(record_lines(record, cleaned))
        if cleaned:
            what = ", ".join(sorted(set(cleaned)))
            self.report(Diagnostic(
                Severity.WARNING, "OUT002",
                f"RIS output: {what} removed from this record (RIS cannot carry them)",
                record.source.file, record.source.line))
        return newline.join(lines) + newline + newline

    def emit(self, rendered: str, out: TextIO) -> None:
        out.write(rendered)


def record_lines(record: Record, cleaned: list[str] | None = None) -> Iterator[str]:
    """The lines of one record, without line ends; ``cleaned`` collects what was removed."""
    removed: list[str] = [] if cleaned is None else cleaned
    for raw in record_tags(record, removed):
        if _NEEDS_CARE.search(raw.value) is None:
            yield from plain_tag_lines(raw.tag, raw.value)
        else:
            yield from careful_tag_lines(raw.tag, raw.value, removed)


def plain_tag_lines(tag: str, value: str) -> list[str]:
    """:func:`careful_tag_lines` for a value with nothing to remove and no line break, as
    nearly every value is: one line, and none at all for empty text after ``TY``."""
    text = value.strip()
    if tag:
        return [f"{tag}  - {text}"]
    return [_guarded(text)] if text else []


def careful_tag_lines(tag: str, value: str, removed: list[str]) -> list[str]:
    """The lines of one tag: what RIS cannot carry removed (and noted), one line per line of
    the value for text tags (a blank line between paragraphs), one joined line otherwise."""
    value = clean_value(value, removed)
    if tag == "":
        # Text right after TY (not a value of any tag): read back as such.
        text = " ".join(value_lines(value))
        return [_guarded(text)] if text else []
    pieces = value_lines(value, paragraphs=tag in TEXT_TAGS)
    if tag not in TEXT_TAGS:
        pieces = [" ".join(p for p in pieces if p)]
    first = pieces[0] if pieces else ""
    return [f"{tag}  - {first}"] + [_guarded(piece) if piece else "" for piece in pieces[1:]]


def record_tags(record: Record, removed: list[str] | None = None) -> list[RawTag]:
    """The tags to write for ``record``: its source tags made well-formed, else from its fields.

    The result starts with ``TY``, ends with ``ER``, has no other ``TY``/``ER``,
    has text-after-TY (tag ``""``) only right after ``TY``, and only tags the
    reader can read back (a source tag that is not one is left out and named in ``removed``).
    """
    source = list(record.raw) if record.raw else tags_from_fields(record)
    body: list[RawTag] = []
    ty: RawTag | None = None
    er: RawTag | None = None
    for position, raw in enumerate(source):
        if raw.tag == "TY":
            if ty is None and position == 0:
                ty = raw
            continue
        if raw.tag == "ER":
            if position == len(source) - 1:
                er = raw
            continue
        if raw.tag == "" and not (position == 1 and ty is not None):
            continue
        if raw.tag and not _VALID_TAG.fullmatch(raw.tag):
            if removed is not None:
                removed.append(f"tag '{raw.tag[:20]}' (not a RIS tag)")
            continue
        body.append(raw)
    if ty is None:
        ty = RawTag("TY", ris_type(record), 0)
    if er is None:
        er = RawTag("ER", "", 0)
    return [ty, *body, er]


def ris_type(record: Record) -> str:
    """The RIS type for a record: its source type when that means the same, else by CSL type."""
    code = normalise_type(record.source_type) if record.source_type else None
    if code is not None and RIS_TYPES[code][0] == record.type:
        return record.source_type
    preferred = PREFERRED_TYPES.get(record.type)
    if preferred:
        return preferred
    for code, (csl_type, _genre) in RIS_TYPES.items():
        if csl_type == record.type:
            return code
    return "GEN"


def tags_from_fields(record: Record) -> list[RawTag]:
    """RIS tags for a record that has no source tags (built by another reader)."""
    tags: list[RawTag] = [RawTag("TY", ris_type(record), 0)]

    def add(tag: str, value: str) -> None:
        if value:
            tags.append(RawTag(tag, value, 0))

    add("ID", record.source_id)
    for contributor in record.contributors:
        add(ROLE_TAGS.get(contributor.role, "A2" if contributor.role else "AU"),
            name_value(contributor.name))
    for attribute in TITLE_FIELDS:
        add(FIELD_TAGS[attribute], getattr(record, attribute))
    add("DA", date_value(record.issued))
    if record.issued is not None and record.issued.year is not None:
        add("PY", str(record.issued.year))
    add("Y2", date_value(record.accessed))
    start, _, end = record.page.partition("-")
    add("SP", start.strip() or record.page_first)
    add("EP", end.strip())
    add("C7" if record.type == "article-journal" else "M1", record.number)
    for attribute in DETAIL_FIELDS:
        add(FIELD_TAGS[attribute], getattr(record, attribute))
    for value in (*record.issn, *record.isbn):
        add("SN", value)
    for value in record.urls:
        add("UR", value)
    for value in record.file_links:
        add("L1", value)
    for value in record.accession_numbers:
        add("AN", value)
    # RIS has no tag of its own for PubMed's identifiers: written as PubMed's own RIS wrote
    # them, which the RIS reader reads back whatever the type ("U2  - PMC4756000[pmcid]").
    add("U1", f"{record.pmid}[pmid]" if record.pmid else "")
    add("U2", f"{record.pmcid}[pmcid]" if record.pmcid else "")
    for value in record.keywords:
        add("KW", value)
    for value in record.notes:
        add("N1", value)
    # RIS has no tag for one volume's title (CSL volume-title): a note, as CSL's leftovers.
    add("N1", f"volume-title: {record.volume_title}" if record.volume_title else "")
    for raw in record.unmapped:
        # Another format's leftovers (CSL ``categories``, ``custom``...): a RIS tag when the
        # name is one, else an ``N1`` note ``name: value``, as the CSL-JSON writer does.
        if _VALID_TAG.fullmatch(raw.tag) and raw.tag not in ("TY", "ER"):
            add(raw.tag, raw.value)
        elif raw.value:
            add("N1", f"{raw.tag}: {raw.value}" if raw.tag else raw.value)
    return tags


def name_value(name: Name) -> str:
    """``Family, Given, Suffix`` (RIS convention), particles kept with their part."""
    if name.literal:
        return name.literal
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    given = " ".join(p for p in (name.given, name.dropping_particle) if p)
    parts = [family, given] if given or name.suffix else [family]
    if name.suffix:
        parts.append(name.suffix)
    return ", ".join(parts)


def date_value(date: Date | None) -> str:
    """``YYYY/MM/DD/`` (RIS DA form) for the first date of ``date``; its raw text without parts."""
    if date is None:
        return ""
    if not date.parts:
        return date.raw
    first = date.parts[0]
    fields = [f"{first[0]:04d}"] + [f"{p:02d}" for p in first[1:]]
    fields += [""] * (3 - len(fields))
    return "/".join(fields) + "/"


def clean_value(value: str, removed: list[str]) -> str:
    """``value`` without the characters RIS cannot carry (noting what went in ``removed``)."""
    if _UNSAFE.search(value):
        if "\x00" in value:
            removed.append("NUL characters")
        if "\ufeff" in value:
            removed.append("byte-order marks")
        if _UNSAFE.search(value.replace("\x00", "").replace("\ufeff", "")):
            removed.append("control characters")
        value = _UNSAFE.sub("", value)
    if _SURROGATE.search(value):
        removed.append("unpaired surrogates")
        value = _SURROGATE.sub("\ufffd", value)
    return value


def value_lines(value: str, *, paragraphs: bool = False) -> list[str]:
    """The lines to write for one value: stripped, non-empty ones.

    With ``paragraphs`` a run of empty lines between two lines is kept as one
    ``""`` (a blank line, which the reader turns into a paragraph break).
    """
    pieces = [p.strip() for p in LINE_BREAKS.split(value)]
    lines: list[str] = []
    gap = False
    for piece in pieces:
        if not piece:
            gap = bool(lines)
            continue
        if gap and paragraphs:
            lines.append("")
        gap = False
        lines.append(piece)
    return lines


def _guarded(text: str) -> str:
    """A continuation line that the reader reads back as ``text``, never as a tag line.

    The reader's own tag-line test decides, so the guard follows the reader's rules exactly.
    """
    return GUARD + text if match_tag_line(text) is not None else text

