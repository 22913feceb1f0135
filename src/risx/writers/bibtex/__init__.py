"""BibTeX and BibLaTeX: the two writers, and the tables the BibTeX reader shares with them.

* :mod:`~risx.writers.bibtex.types`: DATA, entry types both ways (CSL <-> BibTeX/BibLaTeX),
  the biblatex data model, month macros; read by :mod:`risx.readers.bibtex` too;
* :mod:`~risx.writers.bibtex.latex`: values as BibTeX text that prints them literally
  (escaping, verbatim fields, protected titles, names, pages, dates);
* :mod:`~risx.writers.bibtex.entry`: one entry's fields, layout and cite key, and the writer
  both formats share;
* :mod:`~risx.writers.bibtex.bibtex` (``-t bibtex``) and :mod:`~risx.writers.bibtex.biblatex`
  (``-t biblatex``): which entry type and fields a record gets.

``risx.writers.bibtex:BibtexWriter`` is the entry point's name for the BibTeX writer; it is
loaded when asked for, so that the reader, which needs :mod:`~risx.writers.bibtex.types` only,
does not import the writers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from risx.writers.bibtex.biblatex import BiblatexWriter
    from risx.writers.bibtex.bibtex import BibtexWriter

__all__ = ["CODES", "BiblatexWriter", "BibtexWriter"]

#: The BibTeX and BibLaTeX writers' diagnostic codes, each with its meaning (part of
#: risx.diagnostics.CODES).
CODES: dict[str, str] = {
    "BIB001": "a source ID is not a valid cite key; a key was generated (--keep-ids)",
    "BIB002": "--ascii: characters without a LaTeX macro were kept as UTF-8",
    "BIB003": "a URL that is not a web link (javascript:, data:...) was kept as text, not as url",
}

_WRITERS = {"BibtexWriter": "risx.writers.bibtex.bibtex",
            "BiblatexWriter": "risx.writers.bibtex.biblatex"}


def __getattr__(name: str) -> Any:
    """The writer classes, imported at first use (PEP 562)."""
    if name in _WRITERS:
        import importlib

        return getattr(importlib.import_module(_WRITERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
