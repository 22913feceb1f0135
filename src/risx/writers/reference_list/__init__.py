"""Reference lists: records rendered by a CSL style (APA 7 by default), one renderer for
every output format.

* :mod:`~risx.writers.reference_list.writer`: the writer they share (records -> CSL items ->
  one rendering -> entries), and what a format provides (:meth:`format_entry`,
  :meth:`write_document`);
* :mod:`~risx.writers.reference_list.text` (``-t apa``), :mod:`~.markdown` (``-t markdown``),
  :mod:`~.html` (``-t html``), :mod:`~.docx` (``-t docx``, bytes): the formats.

The entry points keep their first names (``risx.writers.apa:ApaWriter``,
``risx.writers.markdown:MarkdownWriter``, ``risx.writers.html:HtmlWriter``,
``risx.writers.docx:DocxWriter``).  Nothing is
imported here, so that finding a format loads no other.
"""

from __future__ import annotations

#: The reference-list writers' diagnostic codes, each with its meaning (part of
#: risx.diagnostics.CODES).
CODES: dict[str, str] = {
    "CSL001": "the CSL style or locale could not be loaded; no reference list was written",
    "CSL002": "a record could not be formatted by the CSL processor; it was left out of the list",
    "CSL003": "the style prints nothing for a record (APA cites personal communications in "
              "the text only)",
}
