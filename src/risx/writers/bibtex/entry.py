"""One BibTeX or BibLaTeX entry: its fields (:class:`BibFields`), its layout
(:func:`render_entry`), its cite key (:class:`CiteKeys`) and the writer both formats share
(:class:`EntryWriter`).

Values are made LaTeX-safe by :mod:`risx.writers.bibtex.latex` as they are added; which entry
type and fields a record gets is each format's own (:mod:`~risx.writers.bibtex.bibtex`,
:mod:`~risx.writers.bibtex.biblatex`).  The layout is risx's own, the one bibtexparser 2's
writer gave (tests/writers/test_bibtex_layout.py holds the two together).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from risx.diagnostics import Diagnostic, Report, Severity
from risx.model import Name, Record
from risx.transforms.keys import (
    DEFAULT_KEY_PATTERN,
    KeyPattern,
    UniqueKeys,
    is_valid_cite_key,
)
from risx.transforms.keywords import join_bibtex_keywords
from risx.writers.base import RecordWriter
from risx.writers.bibtex.latex import (
    collapse,
    escape,
    escape_lines,
    format_names,
    has_rich_text,
    is_web_link,
    iso_date,
    protect_title,
    rich_to_latex,
    verbatim,
)
from risx.writers.options import BibtexOptions, Options

# --- Fields -------------------------------------------------------------------------------


@dataclass
class BibFields:
    """The fields of one entry, in the order they are added; values already LaTeX-safe.

    With ``allowed`` set, a field outside it is not written; its value is kept
    as a ``name: value`` line in :attr:`overflow` (for a note-like field)
    instead, so nothing is lost and the entry stays valid for its type.
    The first value given for a field wins; later ones go to the overflow too.
    """

    ascii: bool = False
    #: Names for biber (BibLaTeX): escapes in the form its name parser handles.
    biber: bool = False
    allowed: frozenset[str] | None = None
    items: dict[str, tuple[str, bool]] = field(default_factory=dict)  # name -> (value, braced)
    overflow: list[str] = field(default_factory=list)
    #: URLs :meth:`link` kept out of their field, for the writer to report (BIB003).
    refused_links: list[str] = field(default_factory=list)

    def _accepts(self, name: str, plain: str) -> bool:
        """Whether the field takes a value whose text is ``plain``: not when it is blank, nor
        when the field is taken or not allowed (then ``plain`` goes to :attr:`overflow`)."""
        return bool(plain) and not plain.isspace() and self._free(name, plain)

    def _free(self, name: str, plain: str | Callable[[], str]) -> bool:
        """:meth:`_accepts` for a value known not to be blank; ``plain`` may be a function
        giving the text, when making it costs and only the overflow needs it."""
        if name in self.items or (self.allowed is not None and name not in self.allowed):
            self.overflow.append(f"{name}: {collapse(plain if isinstance(plain, str) else plain())}")
            return False
        return True

    def raw(self, name: str, value: str, *, braced: bool = True, plain: str = "") -> None:
        """A value already in LaTeX (``plain`` is its text, for :attr:`overflow`)."""
        if value and self._accepts(name, plain or value):
            self.items[name] = (value, braced)

    def text(self, name: str, value: str) -> None:
        # _accepts written out: a record asks for thirty fields, and most are empty.
        if value and not value.isspace() and self._free(name, value):
            self.items[name] = (rich_to_latex(value, ascii=self.ascii) if has_rich_text(value)
                                else escape(value, ascii=self.ascii), True)

    def title(self, name: str, value: str) -> None:
        if value and not value.isspace() and self._free(name, value):
            self.items[name] = (rich_to_latex(value, ascii=self.ascii, title=True)
                                if has_rich_text(value)
                                else protect_title(value, ascii=self.ascii), True)

    def lines(self, name: str, lines: Iterable[str]) -> None:
        lines = [line for line in lines if line and not line.isspace()]
        if lines and self._free(name, lambda: " ".join(lines)):
            self.items[name] = (escape_lines(lines, ascii=self.ascii), True)

    def names(self, name: str, names: Iterable[Name]) -> None:
        names = tuple(names)
        # Their text ("; "-joined) is blank only for no name or a single blank one; it is made
        # only for the overflow: most names are written, and Name.display is not free.
        if not names or (len(names) == 1 and not names[0].display().strip()):
            return
        if self._free(name, lambda: "; ".join(n.display() for n in names)):
            self.items[name] = (format_names(names, ascii=self.ascii, biber=self.biber), True)

    def verbatim(self, name: str, value: str) -> None:
        if self._accepts(name, value):
            self.items[name] = (verbatim(value), True)

    def link(self, name: str, value: str) -> None:
        """A URL: verbatim when it is a web link, else text in :attr:`overflow` (never a link)."""
        if not value or value.isspace():
            return
        url = verbatim(value)
        if is_web_link(url):
            if self._free(name, value):
                self.items[name] = (url, True)
        else:
            self.refused_links.append(value.strip())
            self.overflow.append(f"{name}: {collapse(value)}")

    def macro(self, name: str, value: str) -> None:
        """A bare value (``month = may``): a BibTeX macro name, never user text."""
        if self._accepts(name, value):
            self.items[name] = (value, False)

    def __contains__(self, name: str) -> bool:
        return name in self.items


def render_entry(entry_type: str, key: str, fields: BibFields) -> str:
    """One entry, ending with a newline, in the layout bibtexparser 2's writer gave it (risx
    wrote entries through it at first; tests/writers/test_bibtex_layout.py holds the two together).

    ``@type{key,``, then one field a line: two spaces, ``name = {value}`` (a bare value for a
    macro), a comma after every field but the last; ``}`` alone on the last line.
    """
    lines = [f"  {name} = {{{value}}}" if braced else f"  {name} = {value}"
             for name, (value, braced) in fields.items.items()]
    body = ",\n".join(lines)
    return f"@{entry_type}{{{key},\n{body}\n}}\n" if lines else f"@{entry_type}{{{key},\n}}\n"


def report_unencoded(fields: BibFields, record: Record, report: Report) -> None:
    """With ``ascii``, warn (BIB002) when some characters have no LaTeX macro and stayed UTF-8."""
    if not fields.ascii:
        return
    left = sorted({c for value, _ in fields.items.values() for c in value if ord(c) > 127})
    if left:
        shown = "".join(left[:10]) + ("..." if len(left) > 10 else "")
        report(Diagnostic(Severity.WARNING, "BIB002", f"no LaTeX macro for {shown}; kept as "
                          "UTF-8 (pdflatex needs a package for these, or use xelatex/lualatex)",
                          record.source.file, record.source.line))


def unplaced_lines(record: Record, *, volume_title_placed: bool = False) -> list[str]:
    """``name: value`` lines for model fields BibTeX and BibLaTeX have no field for.

    They go to ``annote``/``annotation`` with the unmapped source tags, so a
    thesis's database (ProQuest) or a record's call number is not lost.  A volume's own
    title has a field only in BibLaTeX's "in" entries (``booktitle`` under ``maintitle``).
    """
    values = (("archive", record.archive), ("archive location", record.archive_location),
              ("call number", record.call_number), ("database", record.database),
              ("medium", record.medium),
              ("volume title", "" if volume_title_placed else record.volume_title))
    return [f"{name}: {value}" for name, value in values if value]


def add_links_and_identifiers(f: BibFields, record: Record) -> None:
    """``doi``, ``url``, ``urldate``, ``issn`` and ``isbn``: the same in BibTeX and BibLaTeX."""
    f.verbatim("doi", record.doi)
    if record.urls:
        f.link("url", record.urls[0])
    if record.accessed:
        f.text("urldate", iso_date(record.accessed))
    if record.issn:
        f.text("issn", record.issn[0])
    if record.isbn:
        f.text("isbn", record.isbn[0])


def add_closing_fields(f: BibFields, record: Record) -> None:
    """``pmcid``, ``abstract``, ``keywords``, ``language`` and ``note``, which both formats
    write last (before the extra data)."""
    f.text("pmcid", record.pmcid)
    f.lines("abstract", record.abstract.splitlines())
    if record.keywords:
        # KW-BIB: "{Aged, 80 and over}, Humans", which biblatex and our reader split right.
        f.raw("keywords", join_bibtex_keywords(record.keywords,
                                               lambda term: escape(term, ascii=f.ascii)),
              plain=", ".join(record.keywords))
    f.text("language", record.language)
    f.lines("note", record.notes)


def report_refused_links(fields: BibFields, record: Record, report: Report,
                         options: BibtexOptions) -> None:
    """Warn (BIB003) for each URL that :meth:`BibFields.link` did not write as a link."""
    where = "left out (--no-extra)" if options.no_extra else "kept as text with the extra data"
    for url in fields.refused_links:
        shown = url if len(url) <= 60 else url[:57] + "..."
        report(Diagnostic(Severity.WARNING, "BIB003", f"URL '{shown}' is not a web link (http, "
                          f"https, ftp, ftps), so it is not written as url, where it would "
                          f"become a link in the PDF; {where}", record.source.file, record.source.line))


# --- Cite keys ------------------------------------------------------------------------------


class CiteKeys:
    """Unique cite keys for a stream of records (see :mod:`risx.transforms.keys` for the rule).

    With ``keep_ids`` a source ID that is a valid key is used as it is;
    otherwise (or when it is not valid, with a warning) the key pattern
    applies.  The first record to want a key gets it; later ones get ``a``,
    ``b``... appended, so a key never depends on records that come later.
    """

    def __init__(self, options: BibtexOptions, report: Report) -> None:
        self._pattern = KeyPattern(options.key_pattern or DEFAULT_KEY_PATTERN)
        self._keep_ids = options.keep_ids
        self._keys = UniqueKeys()
        self._report = report

    def wanted(self, record: Record) -> tuple[str, bool]:
        """The key ``record`` asks for and whether it is its own ID (BIB001 when the ID cannot
        be a key); no uniqueness yet."""
        source_id = record.source_id.strip()
        if self._keep_ids and source_id:
            if is_valid_cite_key(source_id):
                return source_id, True
            self._warn(record.source.file, record.source.line, "BIB001", f"ID '{source_id}' "
                       "cannot be a cite key (only letters, digits and - _ : . + / are "
                       "allowed); a key was generated")
        return self._pattern.render(record), False

    def claim(self, wanted: str, from_source: bool, file: str, line: int) -> str:
        """The unique key for ``wanted``; keys must be claimed in output order."""
        return self._keys.claim_reported(wanted, from_source, self._report, file, line,
                                         label="ID")

    def _warn(self, file: str, line: int, code: str, message: str) -> None:
        self._report(Diagnostic(Severity.WARNING, code, message, file, line))


# --- The writer both formats share ----------------------------------------------------------

#: Stands for the cite key in a rendered entry until emit() knows the unique key.  NUL cannot
#: come from a RIS file (the reader drops it) and the key is the first thing in an entry, so
#: replacing the first occurrence is exact even if a value held one.
_KEY_SLOT = "\x00"


#: A rendered entry: the wanted key, whether it is the source's ID, the record's file and line
#: (for OUT003), and the entry's text with :data:`_KEY_SLOT` for the key.  A plain tuple
#: because it crosses process boundaries (see RecordWriter).
_RenderedEntry = tuple[str, bool, str, int, str]


class EntryWriter(RecordWriter):
    """BibTeX and BibLaTeX: one entry per record, keys unique in output order.

    Subclasses say which entry type and fields a record gets (:meth:`entry`);
    rendering the entry can run in a worker process, choosing its unique key
    cannot (see :class:`~risx.writers.base.RecordWriter`).
    """

    options_type = BibtexOptions
    options: BibtexOptions

    def __init__(self, report: Report, options: Options | None = None) -> None:
        super().__init__(report, options)
        # Built now so that a bad --key-pattern fails before any output (KeyPatternError).
        self._keys = CiteKeys(self.options, report)
        self._first = True

    @abstractmethod
    def entry(self, record: Record) -> tuple[str, BibFields]:
        """The entry type and the fields of ``record``."""

    def render(self, record: Record) -> _RenderedEntry:
        kind, fields = self.entry(record)
        report_unencoded(fields, record, self.report)
        report_refused_links(fields, record, self.report, self.options)
        wanted, from_source = self._keys.wanted(record)
        text = render_entry(kind, _KEY_SLOT, fields)
        return wanted, from_source, record.source.file, record.source.line, text

    def emit(self, rendered: _RenderedEntry, out: TextIO) -> None:
        wanted, from_source, file, line, text = rendered
        key = self._keys.claim(wanted, from_source, file, line)
        if not self._first:
            out.write("\n")
        out.write(text.replace(_KEY_SLOT, key, 1))
        self._first = False
