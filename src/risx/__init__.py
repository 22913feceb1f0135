"""risx: a faithful RIS reader and converters to CSL-JSON, BibTeX, APA 7 and Markdown.

The library API (:mod:`risx.api`) and the model's classes (:mod:`risx.model`) are available from
the package itself, imported on first use so that ``import risx`` stays cheap (the ``risx``
command imports the package before anything else, ``risx --version`` included)::

    import risx
    records = risx.read("refs.ris")              # a list; risx.iter_records streams them
    risx.write(records, "bibtex", "refs.bib")
    risx.convert(["a.ris", "b.ris"], "out/", to="csl-json", jobs=2)
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from risx.api import check, convert, iter_records, read, write
    from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation

__version__ = "0.1.0"

#: Where each name the package offers lives; each is imported on first use.
_LAZY = {
    **dict.fromkeys(("check", "convert", "iter_records", "read", "write"), "risx.api"),
    **dict.fromkeys(("Contributor", "Date", "Name", "RawTag", "Record", "SourceLocation"),
                    "risx.model"),
}

__all__ = ["Contributor", "Date", "Name", "RawTag", "Record", "SourceLocation", "__version__",
           "check", "convert", "iter_records", "read", "write"]


def __getattr__(name: str) -> object:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'risx' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
