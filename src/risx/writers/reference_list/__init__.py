"""Reference lists: records rendered by a CSL style (APA 7 by default), one renderer for
every output format.

* :mod:`~risx.writers.reference_list.writer`: the writer they share (records -> CSL items ->
  one rendering -> entries), and what a format provides (:meth:`format_entry`,
  :meth:`write_document`);
* :mod:`~risx.writers.reference_list.text` (``-t apa``), :mod:`~.markdown` (``-t markdown``),
  :mod:`~.html` (``-t html``): the formats.

The entry points keep their first names (``risx.writers.apa:ApaWriter``,
``risx.writers.markdown:MarkdownWriter``, ``risx.writers.html:HtmlWriter``).  Nothing is
imported here, so that finding a format loads no other.
"""
