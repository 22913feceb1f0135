"""The writer every reference list shares: records in, one CSL rendering, a format's document out.

Records become CSL items (:func:`risx.csl_item.record_to_csl`, the same mapping as
``-t csl-json``), are rendered once by :class:`risx.csl.CslRenderer` into format-neutral
entries, and a format lays the entries out (a *formatter*: :meth:`format_entry` and
:meth:`write_document`).  Text, Markdown and HTML are formatters of this one writer
(:mod:`~risx.writers.reference_list.text`, :mod:`~risx.writers.reference_list.markdown`,
:mod:`~risx.writers.reference_list.html`), so they have the same entries in the same order
with the same suffixes; a binary format (docx) is one more, with ``binary = True``, reading
each entry's runs (:func:`runs_of`).

``--style`` picks another CSL style and ``--locale`` another locale.  A style that cannot be
loaded is an error (CSL001) and nothing is written; a record the processor cannot format is
left out with a warning naming its source file and line (CSL002), and one the style prints
nothing for (APA's personal communications) too (CSL003); the rest of the list is written.

With workers to use (:attr:`~risx.writers.base.Writer.workers`, from ``-j N``), lists long
enough to repay them (:data:`risx.plan.RENDER_MIN_ITEMS`) are rendered by that many worker
processes (:mod:`risx.csl.workers`); the output and the warnings are the same as with one.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from risx.csl_item import CslIds, CslItem, record_to_csl
from risx.diagnostics import Diagnostic, Report, Severity
from risx.model import Record, SourceLocation
from risx.writers.base import Writer
from risx.writers.options import Options, ReferenceListOptions, TitledListOptions

if TYPE_CHECKING:  # citeproc-py is imported when a list is written, not to list formats
    from risx.apa import RuleSet
    from risx.csl import Bibliography, LoadedStyle, RenderedEntry
    from risx.csl.markup import Run


def runs_of(entry: RenderedEntry, *, links: bool = True) -> list[Run]:
    """An entry as styled runs (italic, bold, ...), its DOIs and URLs as link runs unless
    ``links`` is false: what a formatter of rich text lays out."""
    from risx.csl.markup import to_runs

    return to_runs(entry.neutral, entry.links if links else ())


class ReferenceListWriter(Writer):
    """A reference list rendered by a CSL style; a subclass is the format that lays it out."""

    options_type: ClassVar[type[ReferenceListOptions]] = ReferenceListOptions
    options: ReferenceListOptions
    #: The APA rules of the last list written (None: rendered as mapped; see risx.apa).
    apa_rules: RuleSet | None = None

    def write(self, records: Iterable[Record], out: Any) -> None:
        rendered = self.render_list(records)
        if rendered is not None:
            entries, style = rendered
            self.write_document([self.format_entry(entry) for entry in entries], out, style)

    @abstractmethod
    def format_entry(self, entry: RenderedEntry) -> Any:
        """One entry in this format (text, markup, or runs for a rich-text document)."""

    @abstractmethod
    def write_document(self, entries: Sequence[Any], out: Any, style: LoadedStyle) -> None:
        """The document holding ``entries`` (from :meth:`format_entry`, in bibliography order)."""

    def render_list(self, records: Iterable[Record],
                    ) -> tuple[list[RenderedEntry], LoadedStyle] | None:
        """The entries of ``records`` in bibliography order, and the style they were rendered
        with; ``None`` (after CSL001) when the style cannot be loaded.  Records the style
        cannot format or leaves out are reported (CSL002, CSL003)."""
        # Imported here so that listing formats does not load citeproc-py.
        from risx.apa.profile import profile_for
        from risx.csl import CslStyleError, load_style

        # The Manual rules change copies of the items, for the bundled style only (risx.apa).
        profile = profile_for(self.options.style, self.options.apa_rules,
                              self.options.no_apa_rules)
        self.apa_rules = rules = profile.rules
        try:
            style = load_style(profile.style, self.options.locale)
        except CslStyleError as error:
            self.report(Diagnostic(Severity.ERROR, "CSL001", str(error),
                                   self.options.style or self.options.locale or "<style>"))
            return None
        ids = CslIds(self)
        # Only where each record came from, its type and its id are kept for the messages,
        # not the records: a record with its raw tags weighs several times its CSL item.
        origins: list[tuple[SourceLocation, str, str]] = []

        def csl_items() -> Iterator[CslItem]:
            for record in records:
                item_id = ids.next_id(record)
                origins.append((record.source, record.type, item_id))
                item = record_to_csl(record, item_id, with_extra=False)
                yield item if rules is None else rules.apply(item)

        bibliography = self._render(csl_items(), style)
        self._report_left_out(bibliography, origins)
        return bibliography.entries, style

    def verbose_lines(self) -> list[str]:
        """How often each APA Manual rule changed an item (none outside the Manual profile)."""
        return self.apa_rules.summary() if self.apa_rules is not None else []

    def _render(self, items: Iterable[CslItem], style: LoadedStyle) -> Bibliography:
        from risx.csl import CslRenderer

        # Read as the renderer goes: with workers, they start on the first items while the
        # rest are still being read.
        renderer = CslRenderer(style)
        workers, stream = self.workers.for_list(items)
        if workers > 1:
            from risx.csl.workers import render_in_workers

            return render_in_workers(renderer, stream, workers, self.report)
        return renderer.render(stream)

    def _report_left_out(self, bibliography: Bibliography,
                         origins: Sequence[tuple[SourceLocation, str, str]]) -> None:
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


class TitledListWriter(ReferenceListWriter):
    """A reference list under a title (``--title``): Markdown, HTML and docx."""

    options_type: ClassVar[type[ReferenceListOptions]] = TitledListOptions
    options: TitledListOptions

    def __init__(self, report: Report, options: Options | None = None, *,
                 title: str | None = None) -> None:
        """``title``, when given, replaces the options' own."""
        super().__init__(report, options)
        if title is not None:
            self.options = replace(self.options, title=title)

    @property
    def title(self) -> str | None:
        """The list's title (``None``: none given; each format says what it then shows)."""
        return self.options.title
