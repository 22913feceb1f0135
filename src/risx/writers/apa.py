"""APA 7 reference list as plain text (``-t apa``, ``.txt``), and the shared CSL writer.

Records become CSL items (:func:`risx.writers.csljson.record_to_csl`, the same
mapping as ``-t csl-json``), are rendered with citeproc-py through
:mod:`risx.csl`, and come out one entry per line in bibliography order.
``--style`` picks another CSL style and ``--locale`` another locale.

A record the processor cannot format is left out with a warning naming its
source file and line (CSL002); the rest of the list is still written.

With ``jobs`` > 1 in the writer options (``-j N``), lists of a few hundred items
or more are rendered by that many worker processes (:mod:`risx.csl.workers`);
the output and the warnings are the same as with one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, TextIO

from risx.diagnostics import Diagnostic, Severity
from risx.model import Record
from risx.writers.base import Writer
from risx.writers.csljson import CslIds, record_to_csl

if TYPE_CHECKING:
    from risx.csl import LoadedStyle, OutputFormat


class CslWriter(Writer):
    """A reference list rendered by a CSL style; subclasses choose the output format."""

    streaming = False
    output_format: ClassVar[OutputFormat] = "text"

    def write(self, records: Iterable[Record], out: TextIO) -> None:
        # Imported here so that listing formats does not load citeproc-py.
        from risx.csl import CslRenderer, CslStyleError, load_style

        try:
            style = load_style(self.options.style, self.options.locale)
        except CslStyleError as error:
            self.report(Diagnostic(Severity.ERROR, "CSL001", str(error),
                                   self.options.style or self.options.locale or "<style>"))
            return
        ids = CslIds(self)
        kept = list(records)
        items = [record_to_csl(record, ids.next_id(record), with_extra=False) for record in kept]
        bibliography = CslRenderer(style).render(items, jobs=self.options.jobs)
        for failure in bibliography.failures:
            record = kept[failure.index]
            self.report(Diagnostic(
                Severity.WARNING, "CSL002",
                f"record '{failure.id}' could not be formatted and was left out of the "
                f"reference list ({failure.message})", record.source.file, record.source.line))
        for index in bibliography.omitted:
            record = kept[index]
            self.report(Diagnostic(
                Severity.WARNING, "CSL003",
                f"the style prints nothing for record '{items[index]['id']}' (type "
                f"{record.type}); it is not in the reference list",
                record.source.file, record.source.line))
        fmt = self.output_format
        entries = [entry.to(fmt) for entry in bibliography.entries]
        self.write_document(entries, out, style)

    def write_document(self, entries: Sequence[str], out: TextIO, style: LoadedStyle) -> None:
        for entry in entries:
            out.write(entry + "\n")


class ApaWriter(CslWriter):
    name = "apa"
    extensions = (".txt",)
    description = "APA 7 reference list, plain text (or any CSL style with --style)"
    output_format = "text"
