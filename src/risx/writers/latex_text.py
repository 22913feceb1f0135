"""What the BibTeX and BibLaTeX writers share: safe LaTeX text, protected titles, names, keys.

Every value is plain text from the source, never LaTeX: a backslash in a RIS
title is a backslash to print, not a command.  So every character LaTeX or
BibTeX gives a meaning to is replaced, once, by a command that prints it:

* ``& % $ # _`` become ``\\& \\% \\$ \\# \\_``;
* ``\\ { } ~ ^ < > |`` become ``{\\textbackslash}``, ``{\\textbraceleft}`` ...
  in braces.  Braces rather than ``\\{``: BibTeX counts every brace, escaped or
  not, so ``\\{`` would unbalance the field.  The enclosing braces also make
  the command one "special character" for BibTeX (sorting, initials), and
  ``^`` is escaped because ``^^5c`` is a backslash to TeX.

So no command from the input reaches LaTeX: ``\\input{/etc/passwd}`` prints as
written.  Non-ASCII letters stay UTF-8 unless ``ascii`` is asked for, in which
case pylatexenc's table gives the macro (``ü`` -> ``{\\"u}``).

URLs and DOIs are "verbatim" fields (biblatex passes them to ``\\url``): they
are not escaped but the characters that could break out of a field or start a
command (``{ } \\ ^`` and whitespace) are percent-encoded.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TextIO

from risx.diagnostics import Diagnostic, Report, Severity
from risx.model import Date, Name, Record
from risx.transforms.keys import (
    DEFAULT_KEY_PATTERN,
    KeyPattern,
    UniqueKeys,
    is_valid_cite_key,
)
from risx.transforms.keywords import join_bibtex_keywords
from risx.writers.base import RecordWriter, WriterOptions

_ESCAPES = {
    "\\": "{\\textbackslash}",
    "{": "{\\textbraceleft}",
    "}": "{\\textbraceright}",
    "~": "{\\textasciitilde}",
    "^": "{\\textasciicircum}",
    "<": "{\\textless}",
    ">": "{\\textgreater}",
    "|": "{\\textbar}",
    "&": "\\&",
    "%": "\\%",
    "$": "\\$",
    "#": "\\#",
    "_": "\\_",
}
# Control characters (other than whitespace, which is collapsed) are dropped.
_CONTROL_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# For names read by biber: its initials code breaks on a name part that starts
# with a braced command ("{\textbackslash}x" gives "familyi={}\bibinitperiod}",
# an unbalanced brace), but reads "\textbackslash{}x" correctly.
_ESCAPES_UNBRACED = {k: (f"{v[1:-1]}{{}}" if v.startswith("{") else v)
                     for k, v in _ESCAPES.items()}


def unplaced_lines(record: Record) -> list[str]:
    """``name: value`` lines for model fields BibTeX and BibLaTeX have no field for.

    They go to ``annote``/``annotation`` with the unmapped source tags, so a
    thesis's database (ProQuest) or a record's call number is not lost.
    """
    values = (("archive", record.archive), ("archive location", record.archive_location),
              ("call number", record.call_number), ("database", record.database),
              ("medium", record.medium))
    return [f"{name}: {value}" for name, value in values if value]


def _braced_escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def _unbraced_escape(match: re.Match[str]) -> str:
    return _ESCAPES_UNBRACED[match.group()]


_SPECIAL = re.compile(r"[\\{}~^<>|&%$#_]")
# A long text (an abstract) is escaped with str methods, which search memory for one character
# at a time (memchr) many times faster than the regex engine tests each character against a set;
# a short one, in one regex pass, which costs less than thirteen calls.
_LONG_TEXT = 64
#: The characters whose escapes hold a backslash or a brace, which a later replacement would
#: escape again: replaced together, in one pass.
_BACKSLASH_OR_BRACE = re.compile(r"[\\{}]")
#: The others, replaced one after another: no escape holds another of them.
_BRACED_SIMPLE = tuple((char, _ESCAPES[char]) for char in "~^<>|&%$#_")
_UNBRACED_SIMPLE = tuple((char, _ESCAPES_UNBRACED[char]) for char in "~^<>|&%$#_")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=1)
def _encoder() -> object:
    from pylatexenc.latexencode import UnicodeToLatexEncoder  # type: ignore[import-untyped]

    return UnicodeToLatexEncoder(
        non_ascii_only=True, replacement_latex_protection="braces-all",
        unknown_char_policy="keep", unknown_char_warning=False)


@lru_cache(maxsize=4096)
def _macro_for(char: str) -> str:
    # Cached: pylatexenc looks each character up afresh, and a file repeats the same few.
    return str(_encoder().unicode_to_latex(char))  # type: ignore[attr-defined]


def _non_ascii_macro(match: re.Match[str]) -> str:
    return _macro_for(match.group())


def collapse(text: str) -> str:
    """One line: control characters dropped, runs of whitespace (newlines too) made one space."""
    return text if is_one_line(text) else _joined_words(text)


def _joined_words(text: str) -> str:
    return " ".join(_CONTROL_CHAR.sub("", text).split())


def is_one_line(text: str) -> bool:
    """Whether :func:`collapse` leaves ``text`` as it is (most values: checked in C, in one pass
    or two, where collapsing would split and join the whole text).

    ``isprintable`` is false for every control character and every white space but the plain
    space; the rest says the plain spaces are single and inside the text.
    """
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def escape(text: str, *, ascii: bool = False, braced: bool = True) -> str:
    """``text`` (plain, one line) as LaTeX that prints it literally.

    ``braced=False`` writes ``\\textbackslash{}`` rather than ``{\\textbackslash}`` (for biber's names).
    """
    if text.isalnum() and (not ascii or text.isascii()):
        return text  # a word or a number, as most short values are: nothing to do
    return _escape_collapsed(text if is_one_line(text) else _joined_words(text), ascii=ascii,
                             braced=braced)


def _escape_collapsed(text: str, *, ascii: bool, braced: bool = True) -> str:
    """:func:`escape` for text already collapsed to one line."""
    if len(text) < _LONG_TEXT:
        # Most values hold no special character, and a search that finds none is cheaper than
        # a substitution that makes none.
        if _SPECIAL.search(text) is not None:
            text = _SPECIAL.sub(_braced_escape if braced else _unbraced_escape, text)
    else:
        if "\\" in text or "{" in text or "}" in text:
            text = _BACKSLASH_OR_BRACE.sub(_braced_escape if braced else _unbraced_escape, text)
        for char, escaped in _BRACED_SIMPLE if braced else _UNBRACED_SIMPLE:
            if char in text:
                text = text.replace(char, escaped)
    if ascii and not text.isascii():
        text = _NON_ASCII.sub(_non_ascii_macro, text)
    return text


def escape_lines(lines: Iterable[str], *, ascii: bool = False) -> str:
    """Several lines of text, each escaped, blank ones dropped, joined by newlines."""
    return "\n".join([escaped for line in lines if (escaped := escape(line, ascii=ascii))])


_BREAKOUT = re.compile(r"[{}\\^\s]")


def _percent_encoded(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode())


def verbatim(text: str) -> str:
    """A URL or DOI for a verbatim field: nothing escaped, breakout characters percent-encoded."""
    text = text.strip()
    if not text.isprintable():  # every control character is unprintable
        text = _CONTROL_CHAR.sub("", text)
    return _BREAKOUT.sub(_percent_encoded, text) if _BREAKOUT.search(text) else text


#: The schemes a ``url`` field may have.  hyperref and biblatex make the field a link in the
#: PDF; any other scheme (``javascript:``, ``data:``, ``vbscript:``, a program's own handler)
#: would be a link that runs or opens something when a reader clicks it.
WEB_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def is_web_link(url: str) -> bool:
    """Whether ``url`` (as written to the file) is a web link or has no scheme (``www.x.org``)."""
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in WEB_SCHEMES


# --- Titles ---------------------------------------------------------------------------------

_WORD_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_SIGNIFICANT = re.compile(r"[A-Za-z\u00C0-\u024F][\w'’-]{3,}")
_MINOR_WORDS = frozenset({
    "about", "above", "across", "after", "against", "along", "among", "around", "before",
    "behind", "below", "beneath", "beside", "between", "beyond", "during", "except", "from",
    "into", "like", "near", "onto", "over", "past", "since", "than", "that", "this", "through",
    "toward", "towards", "under", "until", "upon", "with", "within", "without",
})


def _is_title_case(words: Sequence[str]) -> bool:
    """Whether the words after the first are Title Cased (so a capital says nothing)."""
    significant = [w for w in words[1:] if _SIGNIFICANT.fullmatch(w.strip(".,:;!?()[]\"'"))
                   and w.lower() not in _MINOR_WORDS]
    # Most, not all: a Title Case title keeps the odd lower-case word (a species epithet in
    # "Yuzu (Citrus junos Tanaka) Peel Attenuates ..."), which must not make every capital
    # look like a proper noun.
    capitalised = sum(1 for w in significant if w.lstrip("(\"'[")[:1].isupper())
    return len(significant) >= 2 and capitalised >= 0.75 * len(significant)


_PART_SPLIT = re.compile(r"[-\u2010-\u2015/]")


def _capitals(core: str, *, first: bool) -> tuple[bool, bool]:
    """Whether a word has a capital that always carries meaning (after a part's first letter:
    DNA, mRNA, iPhone, McDonald, COVID-19, V-Ti), and whether it has one that does in a
    sentence-case title (a part's first letter, but for the title's very first).

    Each part of a hyphenated word counts alone.
    """
    if core.lower() == core:
        return False, False  # no capital at all
    initial = False
    for index, part in enumerate(_PART_SPLIT.split(core)):
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        if any(c.isupper() for c in letters[1:]):
            return True, initial
        if letters[0].isupper() and not (first and index == 0):
            initial = True  # a proper noun, unless the title is in Title Case
    return False, initial


def _split_word(word: str) -> tuple[str, str, str]:
    """Leading punctuation, the word itself, trailing punctuation."""
    match = _WORD_CORE.match(word)
    assert match is not None  # the pattern matches any string
    lead, core, trail = match.groups()
    return lead, core, trail


def _word_capitals(word: str, *, first: bool) -> tuple[bool, bool]:
    """:func:`_capitals` of a word of a title, punctuation around it left out."""
    if word[0].isalpha() and word[1:].islower():
        # Capitalised, as most words with a capital are: no capital after the first letter
        # (islower: no upper-case letter at all), which is the word's own first letter.
        return False, not first and word[0].isupper()
    core = _split_word(word)[1]
    return _capitals(core, first=first) if core else (False, False)


def protect_title(title: str, *, ascii: bool = False) -> str:
    """An escaped title whose meaningful capitals are braced against styles that lower-case.

    Protected: words with a capital after their first letter (DNA, mRNA,
    iPhone) and, in a sentence-case title, words after the first that start
    with a capital (proper nouns: "in Denmark").  In a Title Case title an
    initial capital carries no meaning, and an ALL-CAPS title has none to
    keep, so only the first kind (if any) is protected there.
    """
    title = collapse(title)
    if not any(c.islower() for c in title):
        return _escape_collapsed(title, ascii=ascii)  # ALL CAPS: no capital is deliberate
    words = title.split(" ")
    # Whether the title is in Title Case, worked out only for a title that has a word whose
    # protection depends on it (most have none: a sentence-case title without a proper noun).
    title_case: bool | None = None
    out = []
    # Runs of words without protection are escaped together: one call instead of one per word.
    plain: list[str] = []
    for index, word in enumerate(words):
        if word.lower() == word:
            plain.append(word)  # no capital, nothing to protect: most words of most titles
            continue
        inner, initial = _word_capitals(word, first=index == 0)
        if initial and not inner and title_case is None:
            title_case = _is_title_case(words)
        if inner or (initial and not title_case):
            lead, core, trail = _split_word(word)
            if plain:
                out.append(_escape_collapsed(" ".join(plain), ascii=ascii))
                plain = []
            escaped = _escape_collapsed(core, ascii=ascii)
            # A group starting with a backslash is a BibTeX "special character"
            # whose letters change case; an extra pair makes it a protected group.
            braced = f"{{{{{escaped}}}}}" if escaped.startswith("\\") else f"{{{escaped}}}"
            out.append(_escape_collapsed(lead, ascii=ascii) + braced
                       + _escape_collapsed(trail, ascii=ascii))
        else:
            plain.append(word)
    if plain:
        out.append(_escape_collapsed(" ".join(plain), ascii=ascii))
    return " ".join(out)


# --- Names ----------------------------------------------------------------------------------

_AND_WORD = re.compile(r"(?i)(^|\s)and(\s|$)")
#: A name part that needs neither escaping nor braces (most): words of characters that are not
#: special, white space, control or a comma, single spaces between them, none of them "and".
_PLAIN_WORD = r"(?!(?i:and)(?: |$))[^\s\\{}~^<>|&%$#_,\x00-\x1f\x7f]+"
_PLAIN_NAME_PART = re.compile(rf"{_PLAIN_WORD}(?: {_PLAIN_WORD})*")


def _name_part(text: str, *, ascii: bool, braced: bool) -> str:
    """An escaped name part, braced if BibTeX would split it (a comma or the word "and")."""
    if (not ascii or text.isascii()) and (
            (text.isalnum() and text.lower() != "and") or _PLAIN_NAME_PART.fullmatch(text)):
        return text  # most name parts: this check costs a quarter of the long way
    return _escaped_name_part(text, ascii=ascii, braced=braced)


def _escaped_name_part(text: str, *, ascii: bool, braced: bool) -> str:
    """:func:`_name_part` the long way, for any text."""
    escaped = escape(text, ascii=ascii, braced=braced)
    return f"{{{escaped}}}" if "," in text or _AND_WORD.search(text) else escaped


def format_name(name: Name, *, ascii: bool = False, biber: bool = False) -> str:
    """One name as BibTeX reads it: ``von Last, Jr, First``; organisations in braces.

    ``biber`` writes escapes in the form biber's name parser handles (see ``escape``).
    """
    braced = not biber
    if name.literal:
        return f"{{{escape(name.literal, ascii=ascii, braced=braced)}}}"
    family = _name_part(name.family, ascii=ascii, braced=braced)
    if not family:
        # A given name alone: BibTeX would read it as a family name anyway; brace it whole.
        return f"{{{escape(name.given, ascii=ascii, braced=braced)}}}" if name.given else ""
    last = family
    if name.non_dropping_particle or name.dropping_particle:
        particles = " ".join(p for p in (name.non_dropping_particle, name.dropping_particle) if p)
        last = f"{escape(particles, ascii=ascii, braced=braced)} {family}"
    given = _name_part(name.given, ascii=ascii, braced=braced) if name.given else ""
    if name.suffix:
        return f"{last}, {_name_part(name.suffix, ascii=ascii, braced=braced)}, {given}"
    return f"{last}, {given}" if given else last


def format_names(names: Iterable[Name], *, ascii: bool = False, biber: bool = False) -> str:
    return " and ".join([formatted for name in names
                         if (formatted := format_name(name, ascii=ascii, biber=biber))])


# --- Numbers and dates ----------------------------------------------------------------------

_PAGE_RANGE = re.compile(r"\s*(?:-+|\u2010|\u2011|\u2012|\u2013|\u2014|\u2212)\s*")


def bib_pages(page: str) -> str:
    """Pages with BibTeX's range dash: ``193-194`` and ``193–194`` become ``193--194``."""
    return _PAGE_RANGE.sub("--", collapse(page))


MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SEASONS = ("Spring", "Summer", "Autumn", "Winter")


def iso_date(date: Date) -> str:
    """``2022``, ``2022-05``, ``2022-05-05`` or a range ``2020/2021``; "" when there is no year.

    A season without a month is written as EDTF (``2022-21`` is spring), which biber reads.
    """
    def one(part: tuple[int, ...]) -> str:
        text = f"{part[0]:04d}"
        if len(part) > 1 and 1 <= part[1] <= 12:
            text += f"-{part[1]:02d}"
            if len(part) > 2 and 1 <= part[2] <= 31:
                text += f"-{part[2]:02d}"
        return text

    if not date.parts or date.parts[0][0] < 0:
        return ""
    text = "/".join(one(p) for p in date.parts[:2] if p and p[0] >= 0)
    if date.season and len(date.parts) == 1 and len(date.parts[0]) == 1:
        text += f"-{20 + date.season}"
    return text


# --- Entries --------------------------------------------------------------------------------


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
            self.items[name] = (escape(value, ascii=self.ascii), True)

    def title(self, name: str, value: str) -> None:
        if value and not value.isspace() and self._free(name, value):
            self.items[name] = (protect_title(value, ascii=self.ascii), True)

    def lines(self, name: str, lines: Iterable[str]) -> None:
        lines = [line for line in lines if line and not line.isspace()]
        if lines and self._free(name, lambda: " ".join(lines)):
            self.items[name] = (escape_lines(lines, ascii=self.ascii), True)

    def names(self, name: str, names: Iterable[Name]) -> None:
        names = tuple(names)
        # Their text ("; "-joined) is blank only for no name or a single blank one; it is made
        # only for the overflow: most names are written, and Name.display costs a microsecond.
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
    wrote entries through it at first; tests/test_bibtex_layout.py holds the two together).

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
                         options: WriterOptions) -> None:
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

    def __init__(self, options: WriterOptions, report: Report) -> None:
        self._pattern = KeyPattern(options.key_pattern or DEFAULT_KEY_PATTERN)
        self._keep_ids = options.keep_ids
        self._keys = UniqueKeys()
        self._report = report

    def next_key(self, record: Record) -> str:
        return self.claim(*self.wanted(record), record.source.file, record.source.line)

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

    def __init__(self, report: Report, options: WriterOptions | None = None) -> None:
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
