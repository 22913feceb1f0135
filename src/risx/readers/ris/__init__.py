"""RIS, in one home: its syntax, its tables, its exporters and the meaning of its tags.

* :mod:`~risx.readers.ris.syntax`: numbered lines -> raw records (tags and values);
* :mod:`~risx.readers.ris.tables`: DATA: types, tags, and what a tag means for each type;
* :mod:`~risx.readers.ris.mapping`: raw record -> :class:`~risx.model.Record`, by the tables'
  rows and the named resolvers they point to;
* :mod:`~risx.readers.ris.reader`: the :class:`RisReader` that chains them.

The names below are the package's public face (and the paths older code imports); the mapping
is not imported here, so that RIS -> RIS, which never interprets a tag, does not pay for it.
"""

from __future__ import annotations

from risx.readers.ris.reader import RisReader, interpret, read_ris, report_no_records, tags_record
from risx.readers.ris.syntax import (
    LIST_TAGS,
    RIS_SYNTAX,
    TEXT_TAGS,
    TITLE_TAGS,
    Assembler,
    RawRecord,
    match_tag_line,
)

__all__ = [
    "LIST_TAGS",
    "RIS_SYNTAX",
    "TEXT_TAGS",
    "TITLE_TAGS",
    "Assembler",
    "RawRecord",
    "RisReader",
    "interpret",
    "match_tag_line",
    "read_ris",
    "report_no_records",
    "tags_record",
]
