"""Keywords kept apart in formats that hold them in one string.

MeSH and EMTREE terms contain commas (``Aged, 80 and over``, ``Anastomosis, Surgical/methods``),
so joining terms with ``, `` loses where one ends and the next begins.  The rules:

* KW-CSL-JOIN: CSL ``keyword`` joins the terms with ``; `` when any term has a comma, else
  with ``, `` (what Zotero writes, and what CSL-JSON readers split on); one term with ``, ``
  is written with a ``;`` after it, so that it is not read back as two.
* KW-CSL-SPLIT: a CSL ``keyword`` with a ``;`` is split at ``;``; one without is split at
  ``, `` (a comma followed by a space), so "46,XX males" stays one term.  The two rules
  round-trip: no term risx reads holds a ``;`` (every reader splits at it).
* KW-BIB: BibTeX/BibLaTeX ``keywords`` is a comma-separated list; a term with a comma is
  wrapped in braces (``{Aged, 80 and over}, Humans``), which biblatex reads as one item,
  and the BibTeX reader splits only at commas and semicolons outside braces.
* KW-RIS: RIS writes one ``KW`` line per term, as read (the RIS writer's own loop).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "join_bibtex_keywords", "join_csl_keywords", "split_bibtex_keywords", "split_csl_keywords",
]


def join_csl_keywords(keywords: Sequence[str]) -> str:
    """The CSL ``keyword`` string for ``keywords`` (KW-CSL-JOIN); a lone term with ``, ``
    ends in ``;`` ("Aged, 80 and over;"), else it would be read back as two terms."""
    joined = ", ".join(keywords)
    if "," not in "".join(keywords):  # one scan of C, not a generator per term
        return joined
    if len(keywords) > 1:
        return "; ".join(keywords)
    return f"{keywords[0]};" if ", " in keywords[0] else keywords[0]


def join_bibtex_keywords(keywords: Sequence[str], escape: Callable[[str], str]) -> str:
    """The BibTeX/BibLaTeX ``keywords`` value for ``keywords`` (KW-BIB): each term made safe
    by ``escape`` (the writer's LaTeX escaping), a term holding a comma or a semicolon (where
    readers split) wrapped in braces, the terms joined with ``, ``."""
    return ", ".join(f"{{{escape(term)}}}" if "," in term or ";" in term else escape(term)
                     for term in keywords)


def split_csl_keywords(text: str) -> list[str]:
    """The terms of a CSL ``keyword`` string (KW-CSL-SPLIT)."""
    parts = text.split(";") if ";" in text else text.split(", ")
    return [part.strip() for part in parts if part.strip()]


def split_bibtex_keywords(latex: str) -> list[str]:
    """The terms of a BibTeX ``keywords`` value, as LaTeX: split at commas and semicolons
    outside braces (KW-BIB); a term wholly in braces loses them."""
    terms: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(latex):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0 and (index == 0 or latex[index - 1] != "\\"):
            terms.append(latex[start:index])
            start = index + 1
    terms.append(latex[start:])
    return [_unbraced(term.strip()) for term in terms if term.strip()]


def _unbraced(term: str) -> str:
    """``{Aged, 80 and over}`` -> ``Aged, 80 and over``; braces that do not enclose the whole
    term (``{DNA} repair``) stay."""
    if term.startswith("{") and term.endswith("}") and _encloses(term):
        return term[1:-1].strip()
    return term


def _encloses(term: str) -> bool:
    """Whether the first brace of ``term`` closes at its last character."""
    depth = 0
    for index, char in enumerate(term):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index == len(term) - 1
    return False


def unique(keywords: Iterable[str]) -> list[str]:
    """``keywords`` without repeats, in order."""
    return list(dict.fromkeys(keywords))
