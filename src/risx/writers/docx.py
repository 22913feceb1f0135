"""The Word reference list's entry point (``risx.writers.docx:DocxWriter``); the writer lives
in :mod:`risx.writers.reference_list.docx`."""

from risx.writers.reference_list.docx import FIXED_DATE, DocxWriter, normalized_zip, xml_safe

__all__ = ["FIXED_DATE", "DocxWriter", "normalized_zip", "xml_safe"]
