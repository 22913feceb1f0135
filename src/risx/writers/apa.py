"""APA 7 reference list as plain text (``-t apa``, ``.txt``), and the shared CSL writer.

Records become CSL items (:func:`risx.writers.csljson.record_to_csl`, the same
mapping as ``-t csl-json``), are rendered with citeproc-py through
:mod:`risx.csl`, and come out one entry per line in bibliography order.
``--style`` picks another CSL style and ``--locale`` another locale.

A record the processor cannot format is left out with a warning naming its
source file and line (CSL002); the rest of the list is still written.

With workers to use (:attr:`~risx.writers.base.Writer.workers`, from ``-j N``), lists long
enough to repay them (:data:`risx.plan.RENDER_MIN_ITEMS`) are rendered by that many worker
processes (:mod:`risx.csl.workers`); the output and the warnings are the same as with one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from risx.diagnostics import Diagnostic, Severity
from risx.model import Record, SourceLocation
from risx.writers.base import Writer
from risx.writers.csljson import CslIds, record_to_csl

if TYPE_CHECKING:
    from risx.apa import RuleSet
    from risx.csl import LoadedStyle, OutputFormat
    from risx.csl.render import RenderedEntry


class CslWriter(Writer):
    """A reference list rendered by a CSL style; subclasses choose the output format."""

    streaming = False
    output_format: ClassVar[OutputFormat] = "text"
    #: The APA rules of the last list written (None: rendered as mapped; see risx.apa).
    apa_rules: RuleSet | None = None

    def write(self, records: Iterable[Record], out: TextIO) -> None:
        # Imported here so that listing formats does not load citeproc-py.
        from risx.apa.profile import profile_for
        from risx.csl import CslRenderer, CslStyleError, load_style

        # The Manual rules change copies of the items, for the bundled style only (risx.apa).
        profile = profile_for(self.options.style, self.options.apa_rules,
                              self.options.no_apa_rules)
        self.apa_rules = profile.rules
        try:
            style = load_style(profile.style, self.options.locale)
        except CslStyleError as error:
            self.report(Diagnostic(Severity.ERROR, "CSL001", str(error),
                                   self.options.style or self.options.locale or "<style>"))
            return
        ids = CslIds(self)
        # Only where each record came from, its type and its id are kept for the messages,
        # not the records: a record with its raw tags weighs several times its CSL item.
        origins: list[tuple[SourceLocation, str, str]] = []
        rules = profile.rules

        def csl_items() -> Iterator[dict[str, Any]]:
            for record in records:
                item_id = ids.next_id(record)
                origins.append((record.source, record.type, item_id))
                item = record_to_csl(record, item_id, with_extra=False)
                yield item if rules is None else rules.apply(item)

        # Read as the renderer goes: with workers, they start on the first items while the
        # rest are still being read.
        renderer = CslRenderer(style)
        workers, items = self.workers.for_list(csl_items())
        if workers > 1:
            from risx.csl.workers import render_in_workers

            bibliography = render_in_workers(renderer, items, workers, self.report)
        else:
            bibliography = renderer.render(items)
        for failure in bibliography.failures:
            source, _, _ = origins[failure.index]
            self.report(Diagnostic(
                Severity.WARNING, "CSL002",
                f"record '{failure.id}' could not be formatted and was left out of the "
                f"reference list ({failure.message})", source.file, source.line))
        for index in bibliography.omitted:
            source, record_type, item_id = origins[index]
            self.report(Diagnostic(
                Severity.WARNING, "CSL003",
                f"the style prints nothing for record '{item_id}' (type {record_type}); it "
                "is not in the reference list", source.file, source.line))
        entries = [self.format_entry(entry) for entry in bibliography.entries]
        self.write_document(entries, out, style)

    def verbose_lines(self) -> list[str]:
        """How often each APA Manual rule changed an item (none outside the Manual profile)."""
        return self.apa_rules.summary() if self.apa_rules is not None else []

    def format_entry(self, entry: RenderedEntry) -> str:
        """One rendered entry in this writer's output format."""
        return entry.to(self.output_format)

    def write_document(self, entries: Sequence[str], out: TextIO, style: LoadedStyle) -> None:
        for entry in entries:
            out.write(entry + "\n")


class ApaWriter(CslWriter):
    name = "apa"
    extensions = (".txt",)
    description = "APA 7 reference list, plain text (or any CSL style with --style)"
    output_format = "text"
