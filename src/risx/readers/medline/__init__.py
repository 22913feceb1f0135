"""MEDLINE, in one home: the tagged format of PubMed's ``.nbib`` downloads and of ERIC.

* :mod:`~risx.readers.medline.syntax`: the MEDLINE row of the tagged-line base, and every tag;
* :mod:`~risx.readers.medline.tables`: DATA: what a tag means, which publication types make
  which CSL type;
* :mod:`~risx.readers.medline.exporters`: DATA: PubMed or ERIC, and ERIC's own readings;
* :mod:`~risx.readers.medline.mapping`: raw record -> :class:`~risx.model.Record`;
* :mod:`~risx.readers.medline.reader`: the :class:`MedlineReader` that chains them;
* :mod:`~risx.readers.medline.codes`: its diagnostic codes.

The mapping is not imported here: finding the format by name costs no transform imports.
"""

from __future__ import annotations

from risx.readers.medline.reader import MedlineReader, read_medline
from risx.readers.medline.syntax import MEDLINE_SYNTAX, MEDLINE_TAGS

__all__ = ["MEDLINE_SYNTAX", "MEDLINE_TAGS", "MedlineReader", "read_medline"]
