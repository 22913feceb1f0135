"""Output formats. Each module defines one :class:`risx.writers.base.Writer`.

What a new built-in writer touches:

* its own module: a :class:`~risx.writers.base.RecordWriter` (record by record), a
  :class:`~risx.writers.base.BinaryWriter` (bytes), or a formatter of the reference lists
  (:class:`~risx.writers.reference_list.writer.ReferenceListWriter`: ``format_entry`` and
  ``write_document`` only); CSL items come from :mod:`risx.csl_item`, LaTeX from
  :mod:`risx.writers.bibtex.latex`, never from another writer;
* its registration: a row in :data:`risx.registry.BUILTIN_WRITERS` and
  :data:`~risx.registry.BUILTIN_EXTENSIONS`, and the same entry point in ``pyproject.toml``;
* its options, if it has its own: a dataclass in :mod:`risx.writers.options` among
  :class:`~risx.writers.options.WriterOptions`' bases (the command-line flags and their help
  are built from it);
* its diagnostic codes, if any: its family's ``CODES`` (a new family: one more module in
  ``risx.diagnostics._CODE_MODULES``);
* its tests.
"""
