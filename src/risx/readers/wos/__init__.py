"""Web of Science, in one home: the platform's plain-text ("tagged") and tab-delimited exports.

* :mod:`~risx.readers.wos.syntax`: the Web of Science row of the tagged-line base;
* :mod:`~risx.readers.wos.tabular`: the tab-delimited export's rows as the same raw records;
* :mod:`~risx.readers.wos.tables`: DATA: tags, publication and document types, readings,
  the platform's databases;
* :mod:`~risx.readers.wos.exporters`: DATA: each database's own readings;
* :mod:`~risx.readers.wos.recase`: title case for values written in capitals;
* :mod:`~risx.readers.wos.mapping`: raw record -> :class:`~risx.model.Record`;
* :mod:`~risx.readers.wos.reader`: the :class:`WosReader` that chains them;
* :mod:`~risx.readers.wos.codes`: its diagnostic codes.

The mapping is not imported here: finding the format by name costs no transform imports.
"""

from __future__ import annotations

from risx.readers.wos.reader import WosReader, read_wos
from risx.readers.wos.syntax import WOS_SYNTAX

__all__ = ["WOS_SYNTAX", "WosReader", "read_wos"]
