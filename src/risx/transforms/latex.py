"""LaTeX in BibTeX field values -> Unicode text, or CSL rich text for titles.

What BibTeX values hold (``shared/notes/formats-reference.md`` section 4):
accents in every spelling (``{\\"o}``, ``\\"{o}``, ``\\"o``, ``{\\'\\i}``,
``\\c{c}``, ``{\\ss}``), escapes (``\\& \\% \\$ \\_ \\#``), ``~``, ``--``/``---``,
TeX quotes, font commands (``\\textit``, ``\\emph``, ``{\\it ...}``,
``\\begin{it}``), ``$...$`` math and braces that protect case.

* Symbols come from pylatexenc's tables (the macros it maps to a fixed
  string, and its accent list), read once; pylatexenc's converter itself is
  never run, so nothing here can read a file (``\\input`` stays text).
* Font commands become CSL rich text in titles (``<i>``, ``<b>``, ``<sup>``,
  ``<sub>``, small caps as ``<span style="font-variant:small-caps;">``) and
  plain text elsewhere.
* A brace group that does not start with a command (``{DNA}``, Zotero's
  ``{Cocker} {Spaniel}``) protects its case: in titles it becomes
  ``<span class="nocase">...</span>``, which CSL processors and risx's own
  CSL layer honour, and adjacent protected words separated only by spaces
  share one span.  A group that starts with a command is a "special
  character" for BibTeX (``{\\"o}``), not a protection.  When the whole value
  is protected (``{{Title}}``, Better BibTeX and Web of Science), or a group
  holds no letter, no span is made: it would say nothing.
* An unknown command is kept as written (``\\unknown``), never dropped; its
  braced arguments are read as text.

:func:`latex_to_text` and :func:`latex_to_rich` are total: unbalanced braces
and stray ``$`` are read as best they can be; they never raise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["latex_to_rich", "latex_to_text", "needs_latex"]

_TOKEN = re.compile(
    r"(?P<cmd>\\(?:[A-Za-z@]+\*?[ \t\n\r]*|.|$))"
    r"|(?P<open>\{)|(?P<close>\})|(?P<math>\$\$?)"
    r"|(?P<dash>---?)|(?P<quote>``|'')|(?P<tilde>~)"
    r"|(?P<space>[ \t\n\r\f\v]*[\t\n\r\f\v][ \t\n\r\f\v]*| +(?=[\\{}$~\-`'^_]|$))"
    r"|(?P<text>[^\\{}$~\-`'\t\n\r\f\v^_]+)"
    r"|(?P<other>.)",
    re.DOTALL,
)

# Styles a run can carry; their order is the nesting order of the tags.
_NOCASE, _SC, _BOLD, _ITALIC, _SUP, _SUB = "nc", "sc", "b", "i", "sup", "sub"
_ORDER = (_NOCASE, _SC, _BOLD, _ITALIC, _SUP, _SUB)
_OPEN_TAG = {_NOCASE: '<span class="nocase">', _SC: '<span style="font-variant:small-caps;">',
             _BOLD: "<b>", _ITALIC: "<i>", _SUP: "<sup>", _SUB: "<sub>"}
_CLOSE_TAG = {_NOCASE: "</span>", _SC: "</span>", _BOLD: "</b>", _ITALIC: "</i>",
              _SUP: "</sup>", _SUB: "</sub>"}

#: Commands with one argument that set it in a style.
_STYLE_COMMANDS = {
    "textit": _ITALIC, "emph": _ITALIC, "textsl": _ITALIC, "mathit": _ITALIC,
    "mkbibemph": _ITALIC, "mkbibitalic": _ITALIC, "textbf": _BOLD, "mathbf": _BOLD,
    "mkbibbold": _BOLD, "textsc": _SC, "textsuperscript": _SUP, "mkbibsuperscript": _SUP,
    "textsubscript": _SUB, "mkbibsubscript": _SUB,
}
#: Declarations that set the rest of their group in a style (``{\\it b}``, ``\\begin{it}``).
_STYLE_DECLARATIONS = {
    "it": _ITALIC, "itshape": _ITALIC, "em": _ITALIC, "sl": _ITALIC, "slshape": _ITALIC,
    "bf": _BOLD, "bfseries": _BOLD, "sc": _SC, "scshape": _SC,
}
#: Commands whose one argument is plain text (their formatting means nothing in CSL).
_TRANSPARENT = frozenset({
    "textrm", "textsf", "texttt", "textup", "textnormal", "textmd", "mbox", "hbox", "text",
    "mathrm", "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak", "mathscr", "ensuremath",
    "url", "nolinkurl", "path", "uppercase", "MakeUppercase", "lowercase", "MakeLowercase",
    "NoCaseChange", "hyphenation",
})
#: Commands that put their argument in quotation marks (biblatex, csquotes).
_QUOTING = frozenset({"enquote", "mkbibquote", "textquote"})
#: Commands whose argument is dropped (BibTeX sorting tricks).
_DROPPED = frozenset({"noopsort", "SortNoop", "sortnoop", "NOOPSORT", "nocite", "label"})
#: Declarations with no visible effect in CSL.
_IGNORED = frozenset({
    "relax", "rm", "rmfamily", "sf", "sffamily", "tt", "ttfamily", "upshape", "normalfont",
    "mdseries", "protect", "null", "ignorespaces", "unskip", "nobreak", "allowbreak",
    "displaystyle", "textstyle", "scriptstyle", "left", "right", "big", "Big", "bigl", "bigr",
    "/", "-", "@", "centering", "noindent", "selectlanguage", "foreignlanguage",
    "small", "footnotesize", "large", "Large", "normalsize", "tiny", "huge", "Huge",
})
#: Spacing commands -> the space they make.
_SPACES = {" ": " ", ",": "\u202f", ";": " ", ":": " ", "!": "", "quad": " ", "qquad": " ",
           "enspace": " ", "thinspace": "\u202f", "space": " ", "\\": " ", "newline": " ",
           "par": "\n\n", "linebreak": " ", "hfill": " ", "medskip": " ", "smallskip": " "}
#: Symbols risx's own BibTeX writer escapes with (read back exactly).
_OWN_SYMBOLS = {
    "textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}",
    "textasciitilde": "~", "textasciicircum": "^", "textless": "<", "textgreater": ">",
    "textbar": "|", "textquotesingle": "'", "textquotedbl": '"', "textunderscore": "_",
    "textdollar": "$", "textsterling": "£", "textellipsis": "…", "dots": "…", "ldots": "…",
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    "i": "ı", "j": "ȷ", "textendash": "–", "textemdash": "—", "textregistered": "®",
    "texttrademark": "™", "textcopyright": "©", "textdegree": "°", "copyright": "©",
    "textperiodcentered": "·", "textbullet": "•", "S": "§", "P": "¶", "dag": "†", "ddag": "‡",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
    "textquotedblright": "”", "guillemotleft": "«", "guillemotright": "»", "og": "«",
    "fg": "»", "glqq": "„", "grqq": "“", "glq": "‚", "grq": "‘", "textexclamdown": "¡",
    "textquestiondown": "¿", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
    "textmu": "µ", "textohm": "Ω", "textdiv": "÷", "texttimes": "×", "textminus": "−",
    "textpm": "±", "textonehalf": "½", "textperthousand": "‰", "textnumero": "№",
    "textordfeminine": "ª", "textordmasculine": "º", "textcent": "¢", "texteuro": "€",
    "textyen": "¥", "textsection": "§", "textparagraph": "¶", "textdagger": "†",
    "textdaggerdbl": "‡", "textvisiblespace": "␣", "textasteriskcentered": "*",
    "ss": "ß", "SS": "SS", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
    "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ", "ij": "ĳ", "IJ": "Ĳ",
    "hyphen": "-", "slash": "/", "textslash": "/", "nobreakdash": "",
}
#: Accent commands -> combining character (the ones BibTeX values use; more from pylatexenc).
_ACCENTS_BASE = {
    "'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "d": "\u0323", "b": "\u0331", "r": "\u030a", "t": "\u0361", "G": "\u030f", "U": "\u030e",
    "overline": "\u0305", "underline": "\u0332", "bar": "\u0305", "vec": "\u20d7",
    "hat": "\u0302", "tilde": "\u0303", "dot": "\u0307", "ddot": "\u0308",
}


#: Combining accent -> the accent printed on its own (``\\~{}`` is a tilde).
_SPACING_ACCENTS = {"\u0303": "~", "\u0302": "^", "\u0308": "¨", "\u0301": "´", "\u0300": "`",
                    "\u0304": "¯", "\u0307": "˙", "\u0306": "˘", "\u030c": "ˇ", "\u030b": "˝",
                    "\u0327": "¸", "\u0328": "˛", "\u030a": "˚"}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(symbols, accents): the fixed-string macros of pylatexenc's default tables, and its
    accent list, merged with risx's own (which win).  Imported on first use only."""
    from pylatexenc.latex2text import (  # type: ignore[import-untyped]
        _defaultspecs,
        get_default_latex_context_db,
    )

    symbols: dict[str, str] = {}
    database = get_default_latex_context_db()
    for category in ("latex-base", "advanced-symbols"):
        for name, spec in database.d[category]["macros"].items():
            replacement = getattr(spec, "simplify_repl", None)
            if isinstance(replacement, str) and "%" not in replacement and replacement:
                symbols[name] = replacement
    symbols.update(_OWN_SYMBOLS)
    accents = {name: combining for name, combining in _defaultspecs.unicode_accents_list
               if len(combining) == 1}
    accents.update(_ACCENTS_BASE)
    return symbols, accents


Run = tuple[str, frozenset[str]]


class _Renderer:
    """One pass over the tokens of a value, producing styled runs."""

    def __init__(self, text: str) -> None:
        self.tokens = [(m.lastgroup or "other", m.group(0)) for m in _TOKEN.finditer(text)]
        self.position = 0
        self.symbols, self.accents = _tables()

    # -- token access -------------------------------------------------------------------------

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _skip_spaces(self) -> None:
        while self.position < len(self.tokens) and self.tokens[self.position][0] == "space":
            self.position += 1

    # -- structure ----------------------------------------------------------------------------

    def value(self) -> list[Run]:
        runs: list[Run] = []
        self._sequence(runs, frozenset(), top=True, math=False, until_close=False)
        return runs

    def _sequence(self, runs: list[Run], style: frozenset[str], *, top: bool, math: bool,
                  until_close: bool, until_math: bool = False,
                  until_end: str | None = None) -> None:
        """Read tokens into ``runs`` until the group, math or environment ends."""
        while self.position < len(self.tokens):
            kind, text = self.tokens[self.position]
            self.position += 1
            if kind == "close":
                if until_close:
                    return
                continue  # an unbalanced closing brace: dropped
            if kind == "math":
                if until_math:
                    return
                self._sequence(runs, style, top=False, math=True, until_close=False,
                               until_math=True)
                continue
            if kind == "open":
                self._group(runs, style, top=top, math=math)
                continue
            if kind == "cmd":
                name = _command_name(text)
                if name == "end" and until_end is not None:
                    self._argument_text()
                    return
                style = self._command(name, runs, style, math=math)
                continue
            if kind == "space":
                if not math:  # TeX ignores spaces in math
                    runs.append((" " if "\n\n" not in text.replace("\r", "") else "\n\n",
                                 style))
            elif kind == "tilde":
                runs.append(("\u00a0", style))
            elif kind == "dash":
                runs.append(("–" if text == "--" else "—", style))
            elif kind == "quote":
                runs.append(("“" if text == "``" else "”", style))
            elif math and kind == "text":
                runs.append((text.replace(" ", ""), style))  # TeX ignores spaces in math
            elif math and text in ("^", "_"):
                script = _SUP if text == "^" else _SUB
                runs.extend(self._argument(style | {script}, math=True))
            elif kind == "other" and text == "`":
                runs.append(("‘", style))
            else:
                runs.append((text, style))

    def _group(self, runs: list[Run], style: frozenset[str], *, top: bool, math: bool) -> None:
        """A ``{...}`` group: case protection at the top level unless it starts with a command."""
        following = self._peek()
        protect = top and not math and following is not None and following[0] != "cmd"
        inner_style = style | {_NOCASE} if protect else style
        self._sequence(runs, inner_style, top=False, math=math, until_close=True)

    def _argument(self, style: frozenset[str], *, math: bool) -> list[Run]:
        """The runs of a command's argument: a braced group, or the next token."""
        self._skip_spaces()
        runs: list[Run] = []
        token = self._peek()
        if token is None:
            return runs
        kind, text = token
        if kind == "open":
            self.position += 1
            self._sequence(runs, style, top=False, math=math, until_close=True)
        elif kind == "cmd":
            self.position += 1
            self._command(_command_name(text), runs, style, math=math)
        elif kind == "text":
            # One character is the argument (\"oa: ö then a); the rest stays text.
            self.position += 1
            text = text.lstrip(" ")
            runs.append((text[:1], style))
            if len(text) > 1:
                self.tokens.insert(self.position, ("text", text[1:]))
        elif kind not in ("close", "math"):
            self.position += 1
            runs.append((text, style))
        return runs

    def _argument_text(self) -> str:
        return "".join(text for text, _ in self._argument(frozenset(), math=False))

    def _command(self, name: str, runs: list[Run], style: frozenset[str], *,
                 math: bool) -> frozenset[str]:
        """Render one command into ``runs``; the style for the rest of the group."""
        if name in self.accents and (len(name) == 1 or self._has_argument()):
            argument = self._argument(style, math=math)
            runs.extend(self._accented(argument, self.accents[name]))
            return style
        if name in _STYLE_COMMANDS:
            runs.extend(self._argument(style | {_STYLE_COMMANDS[name]}, math=math))
            return style
        if name in _STYLE_DECLARATIONS:
            return style | {_STYLE_DECLARATIONS[name]}
        if name == "begin":
            environment = self._argument_text().strip()
            inner = style | ({_STYLE_DECLARATIONS[environment]}
                             if environment in _STYLE_DECLARATIONS else frozenset())
            self._sequence(runs, inner, top=False, math=math, until_close=False,
                           until_end=environment)
            return style
        if name in ("sp", "sb") and math:
            runs.extend(self._argument(style | {_SUP if name == "sp" else _SUB}, math=True))
            return style
        if name in _TRANSPARENT:
            runs.extend(self._argument(style, math=math))
            return style
        if name == "bibstring":
            key = self._argument_text().strip()
            runs.append((bibstring(key), style))
            return style
        if name in _QUOTING:
            runs.append(("“", style))
            runs.extend(self._argument(style, math=math))
            runs.append(("”", style))
            return style
        if name == "href":
            self._argument_text()  # the target; the text is what the reader sees
            runs.extend(self._argument(style, math=math))
            return style
        if name == "ElsevierGlyph":
            code = self._argument_text().strip()
            runs.append((_code_point(code) or f"\\ElsevierGlyph{{{code}}}", style))
            return style
        if name in _DROPPED:
            self._argument_text()
            return style
        if name in _SPACES:
            runs.append((_SPACES[name], style))
            return style
        if name in _IGNORED:
            return style
        symbol = self.symbols.get(name)
        if symbol is not None:
            runs.append((symbol, style))
            return style
        # Unknown: kept as written, braced arguments included, so nothing is lost.
        runs.append(("\\" + name, style))
        while (token := self._peek()) is not None and token[0] == "open":
            self.position += 1
            runs.append(("{", style))
            self._sequence(runs, style, top=False, math=math, until_close=True)
            runs.append(("}", style))
        return style

    def _has_argument(self) -> bool:
        """Whether a letter-named accent (\\c, \\v, \\u...) is followed by its argument
        (``\\c{c}``, ``\\c c``) rather than being another command that shares the name."""
        token = self._peek()
        return token is not None and token[0] in ("open", "space", "text", "cmd")

    @staticmethod
    def _accented(argument: list[Run], combining: str) -> list[Run]:
        if not argument or not argument[0][0]:
            # An accent on nothing (``\\~{}``) prints the accent itself.
            return [(_SPACING_ACCENTS.get(combining, ""), frozenset())]
        text, style = argument[0]
        base = {"ı": "i", "ȷ": "j"}.get(text[:1], text[:1])
        composed = unicodedata.normalize("NFC", base + combining)
        return [(composed + text[1:], style), *argument[1:]]


def bibstring(key: str) -> str:
    """The English text of a biblatex localisation key (``\\bibstring{newseries}``);
    the key itself when it is not one risx knows."""
    from risx.readers.bibtex_types import BIBSTRINGS

    return BIBSTRINGS.get(key.lower(), key)


def _command_name(token: str) -> str:
    """The name of a command token: a control word without the spaces after it (TeX
    ignores them), or the one character of a control symbol (``\\ `` is a space)."""
    name = token[1:]
    return name.rstrip() if name[:1].isalpha() or name[:1] == "@" else name


def _code_point(text: str) -> str:
    try:
        return chr(int(text, 16))
    except (ValueError, OverflowError):
        return ""


def _merge(runs: Iterable[Run]) -> list[Run]:
    merged: list[Run] = []
    for text, style in runs:
        if not text:
            continue
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


_LETTER = re.compile(r"[^\W\d_]")


def _tidy_protection(runs: list[Run]) -> list[Run]:
    """Drop protection that says nothing, and join protected words split only by spaces."""
    has_letter = [_LETTER.search(text) is not None for text, _ in runs]
    out = [(text, style - _NOCASE_STYLE) if _NOCASE in style and not letter else (text, style)
           for (text, style), letter in zip(runs, has_letter, strict=True)]
    if any(has_letter) and all(_NOCASE in style for (_, style), letter in
                               zip(out, has_letter, strict=True) if letter):
        return [(text, style - _NOCASE_STYLE) for text, style in out]  # the whole value
    for index in range(1, len(out) - 1):
        text, style = out[index]
        if text.isspace() and _NOCASE in out[index - 1][1] and _NOCASE in out[index + 1][1] \
                and _NOCASE not in style:
            out[index] = (text, style | {_NOCASE})
    return out


_ASCII_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_ASCII = " \t\n\r\f\v"


def _squash(text: str) -> str:
    """Runs of ASCII white space as one space (a no-break space is kept: ``~`` made it);
    paragraph breaks kept as one blank line."""
    if "  " not in text and "\n" not in text and "\t" not in text and "\r" not in text \
            and "\f" not in text and "\v" not in text:
        return text.strip(_ASCII)
    if "\n\n" in text:
        return "\n\n".join(_ASCII_SPACES.sub(" ", p).strip(_ASCII) for p in text.split("\n\n")
                           if p.strip())
    return _ASCII_SPACES.sub(" ", text).strip(_ASCII)


def _serialise(runs: list[Run]) -> str:
    out: list[str] = []
    stack: list[str] = []
    for text, style in runs:
        while stack and not set(stack) <= style:
            out.append(_CLOSE_TAG[stack.pop()])
        for name in _ORDER:
            if name in style and name not in stack:
                stack.append(name)
                out.append(_OPEN_TAG[name])
        out.append(text)
    out.extend(_CLOSE_TAG[name] for name in reversed(stack))
    return "".join(out)


#: Characters any of which makes a value need this module (tested with ``in``: one C scan
#: each is several times faster than one regular expression on a long abstract).
_SPECIAL_CHARACTERS = ("\\", "{", "}", "$", "~", "`", "^", "_", "\t", "\n", "\r", "--", "''", "  ")


def needs_latex(value: str) -> bool:
    """Whether ``value`` holds anything this module would change."""
    for special in _SPECIAL_CHARACTERS:  # noqa: SIM110 (a loop: any() over a generator is slower)
        if special in value:
            return True
    return False


#: Symbol commands the quick reading handles (the ones exporters escape text with).
_QUICK_SYMBOLS = {
    "textasciicircum": "^", "textasciitilde": "~", "textbackslash": "\\", "textless": "<",
    "textgreater": ">", "textbar": "|", "textunderscore": "_", "textquotesingle": "'",
    "textquotedbl": '"', "textbraceleft": "{", "textbraceright": "}", "textdollar": "$",
    "textendash": "–", "textemdash": "—", "textregistered": "®", "texttrademark": "™",
    "textcopyright": "©", "textdegree": "°", "ldots": "…", "dots": "…", "textellipsis": "…",
}
_QUICK_NAMES = "|".join(sorted(_QUICK_SYMBOLS, key=len, reverse=True))
#: What only the full reading handles: math, a command other than the one-character
#: escapes and the quick symbols.
_NEEDS_RENDERER = re.compile(r"(?<!\\)\$|\\(?![&%$#_{}]|(?:" + _QUICK_NAMES + r")(?![A-Za-z]))")
_QUICK_TOKEN = re.compile(r"\{\\(" + _QUICK_NAMES + r")\}|\\(" + _QUICK_NAMES +
                          r")(?:\{\}|(?![A-Za-z])[ \t]*)|\\([&%$#_{}])|(?<!\\)[{}]")


_COMMAND_WORD = re.compile(r"\\[A-Za-z]")
_ESCAPES = ("\\&", "\\%", "\\$", "\\#", "\\_")


def _quick_token(match: re.Match[str]) -> str:
    name = match.group(1) or match.group(2)
    if name:
        return _QUICK_SYMBOLS[name]
    return match.group(3) or ""  # an escaped character, or nothing for a structural brace


def _plain_text(value: str) -> str:
    """:func:`latex_to_text` of a value whose only LaTeX is braces, one-character escapes
    (``\\&``, ``\\%``...), the symbol commands exporters escape with (``\\textasciitilde{}``),
    ``~``, dashes and TeX quotes: what most abstracts, notes and titles hold, read without
    tokenising them (a test holds the two readings to the same result)."""
    text = value
    if "-" in text:
        text = text.replace("---", "—").replace("--", "–")
    if "~" in text:
        text = text.replace("~", "\u00a0")
    if "`" in text:
        text = text.replace("``", "“").replace("`", "‘")
    if "''" in text:
        text = text.replace("''", "”")
    if "{" in text or "}" in text or _COMMAND_WORD.search(text):
        text = _QUICK_TOKEN.sub(_quick_token, text)
    elif "\\" in text:  # only one-character escapes: replaced without a regular expression
        for escape in _ESCAPES:
            if escape in text:
                text = text.replace(escape, escape[1])
    return _squash(text)


def latex_to_text(value: str) -> str:
    """Plain Unicode text of a LaTeX value: accents composed, markup and braces removed.

    Short values (names, places, journal names: they repeat) are cached; long ones
    (abstracts: they do not) are not, so the cache stays small."""
    if len(value) > 160:
        return _latex_to_text(value)
    return _cached_latex_to_text(value)


def _latex_to_text(value: str) -> str:
    if not needs_latex(value):
        return value.strip(_ASCII)
    if ("$" not in value and "\\" not in value) or _NEEDS_RENDERER.search(value) is None:
        return _plain_text(value)
    return _squash("".join(text for text, _ in _Renderer(value).value()))


_cached_latex_to_text = lru_cache(maxsize=4096)(_latex_to_text)

_BRACE = re.compile(r"[{}]")
_NOCASE_STYLE = frozenset({_NOCASE})
_NO_STYLE: frozenset[str] = frozenset()
#: Besides braces, what only the full reading handles in a title.
_TITLE_SPECIALS = ("\\", "$", "~", "`", "^", "_", "--", "''")


def _brace_runs(value: str) -> list[Run] | None:
    """The runs of a title whose only LaTeX is braces (Zotero's ``{Cocker} {Spaniel}``),
    without tokenising it; None when it holds anything else (a test holds the two readings
    to the same result)."""
    for special in _TITLE_SPECIALS:
        if special in value:
            return None
    runs: list[Run] = []
    depth = 0
    start = 0
    for match in _BRACE.finditer(value):
        if match.start() > start:
            runs.append((value[start:match.start()], _NOCASE_STYLE if depth else _NO_STYLE))
        depth = depth + 1 if match.group() == "{" else max(depth - 1, 0)
        start = match.end()
    if start < len(value):
        runs.append((value[start:], _NOCASE_STYLE if depth else _NO_STYLE))
    return runs


def latex_to_rich(value: str) -> str:
    """CSL rich text of a LaTeX title: formatting as tags, case protection as nocase spans
    (short values, journal names above all, are cached: they repeat)."""
    if len(value) > 160:
        return _latex_to_rich(value)
    return _cached_latex_to_rich(value)


def _latex_to_rich(value: str) -> str:
    if not needs_latex(value):
        return value.strip(_ASCII)
    runs = _brace_runs(value)
    if runs is None:
        runs = _Renderer(value).value()
    runs = _merge(_tidy_protection(_merge(runs)))
    text = _squash(_serialise(runs)) if runs else ""
    return _tidy_spaces(text)


_cached_latex_to_rich = lru_cache(maxsize=4096)(_latex_to_rich)

_SPACE_AT_TAG = re.compile(r"(<[a-z]+(?: [a-z]+=\"[^\"]*\")?>) +| +(</[a-z]+>)")


def _tidy_spaces(text: str) -> str:
    """Spaces moved out of tags at the start and end of the value (``<i> x</i>`` -> ``<i>x</i>``)."""
    if not text.startswith("<") and not text.endswith(">"):
        return text
    previous = None
    while previous != text:
        previous = text
        if text.startswith("<"):
            match = re.match(r"^((?:<[^>]+>)+) +", text)
            if match:
                text = match.group(1) + text[match.end():]
        if text.endswith(">"):
            match = re.search(r" +((?:</[^>]+>)+)$", text)
            if match:
                text = text[:match.start()] + match.group(1)
    return text
