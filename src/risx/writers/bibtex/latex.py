"""Values as BibTeX text that prints them literally: escaping, verbatim fields, protected
titles, names, pages and dates (shared by the BibTeX and BibLaTeX writers).

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
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from risx.model import Date, Name
from risx.writers.bibtex.types import MONTH_MACROS

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


def _braced_escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def _unbraced_escape(match: re.Match[str]) -> str:
    return _ESCAPES_UNBRACED[match.group()]


_SPECIAL = re.compile(r"[\\{}~^<>|&%$#_]")
# A long text (an abstract) is escaped with str methods, which search memory for one character
# at a time (memchr), faster than the regex engine tests each character against a set; a short
# one, in one regex pass, which costs less than thirteen calls.
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


# --- CSL rich text ----------------------------------------------------------------------------

#: The rich-text tags CSL-JSON defines (and the BibTeX reader writes for ``\\textit{}``, ``{DNA}``).
_RICH_TAG = re.compile(
    r'<(?P<close>/?)(?P<tag>i|b|sup|sub)>|<span\s+style="font-variant:\s*small-caps;?">'
    r'|<span\s+class="nocase">|</span>', re.IGNORECASE)
_LATEX_OPENING = {"i": "\\textit{", "b": "\\textbf{", "sup": "\\textsuperscript{",
                  "sub": "\\textsubscript{", "sc": "\\textsc{", "nocase": "{"}


def has_rich_text(value: str) -> bool:
    return "<" in value and _RICH_TAG.search(value) is not None


def _spaced(convert: Callable[[str], str], text: str) -> str:
    """``convert`` applied to ``text`` without its outer spaces, which are kept around it."""
    core = text.strip(" ")
    if not core:
        return text
    start = text.index(core[0])
    return text[:start] + convert(core) + text[start + len(core):]


def rich_to_latex(value: str, *, ascii: bool = False, title: bool = False) -> str:
    """CSL rich text as LaTeX: ``<i>`` as ``\\textit{...}``, ``<b>``, ``<sup>``, ``<sub>``, small
    capitals, and a nocase span as a brace group (kept as written by styles that change case).

    Only properly nested tags become commands; any other tag is text, escaped, so the braces
    written are always balanced.  In a title (``title=True``) the text outside nocase spans
    gets :func:`protect_title`'s braces; inside one it needs none.
    """
    value = collapse(value)
    out: list[str] = []
    opened: list[str] = []

    def text(part: str) -> None:
        if not part:
            return
        if title and "nocase" not in opened:
            out.append(_spaced(lambda core: protect_title(core, ascii=ascii), part))
        else:
            out.append(_escape_collapsed(part, ascii=ascii))

    position = 0
    for match in _RICH_TAG.finditer(value):
        text(value[position:match.start()])
        position = match.end()
        written = match.group(0).lower()
        tag = (match.group("tag") or "").lower()
        if written.startswith("<span"):
            tag = "nocase" if "nocase" in written else "sc"
        if tag and not match.group("close") and tag in _LATEX_OPENING and \
                not written.startswith("</"):
            opened.append(tag)
            out.append(_LATEX_OPENING[tag])
        elif opened and (opened[-1] == tag or (written == "</span>"
                                               and opened[-1] in ("sc", "nocase"))):
            opened.pop()
            out.append("}")
        else:
            out.append(_escape_collapsed(match.group(0), ascii=ascii))
    text(value[position:])
    out.append("}" * len(opened))
    return "".join(out)


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
        return text  # most name parts: this check is cheaper than the long way
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


#: The month macros in month order (``month = may``).
MONTH_MACRO_NAMES = tuple(MONTH_MACROS)
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
