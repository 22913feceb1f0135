"""risx: a faithful RIS reader and converters to CSL-JSON, BibTeX, APA 7 and Markdown.

The library API (:mod:`risx.api`) is available from the package itself, imported on first
use so that ``import risx`` stays cheap::

    import risx
    records = risx.read("refs.ris")              # a list; risx.iter_records streams them
    risx.write(records, "bibtex", "refs.bib")
    risx.convert(["a.ris", "b.ris"], "out/", to="csl-json", jobs=2)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation

if TYPE_CHECKING:
    from risx.api import check, convert, iter_records, read, write

__version__ = "0.1.0"

_API = frozenset({"check", "convert", "iter_records", "read", "write"})

__all__ = ["Contributor", "Date", "Name", "RawTag", "Record", "SourceLocation", "__version__",
           "check", "convert", "iter_records", "read", "write"]


def __getattr__(name: str) -> Any:
    if name in _API:
        from risx import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'risx' has no attribute {name!r}")
