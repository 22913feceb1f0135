"""CSL rendering on citeproc-py, with the fixes risx needs for APA 7.

``load_style`` parses a style (the bundled APA 7 by default), ``CslRenderer``
renders lists of CSL items into a :class:`Bibliography` of format-neutral
entries, each convertible to text, HTML or Markdown.  The patches risx applies
to citeproc-py are listed in :mod:`risx.csl.engine`.
"""

from risx.csl.markup import OutputFormat
from risx.csl.render import Bibliography, CslRenderer, EntryFailure, RenderedEntry
from risx.csl.style import CslStyleError, LoadedStyle, load_style

__all__ = [
    "Bibliography",
    "CslRenderer",
    "CslStyleError",
    "EntryFailure",
    "LoadedStyle",
    "OutputFormat",
    "RenderedEntry",
    "load_style",
]
