"""What happened to each input of a run, and to the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from risx.diagnostics import fails

if TYPE_CHECKING:
    from risx.dedupe import DedupeResult
    from risx.diagnostics import Diagnostic


@dataclass
class InputStats:
    """What happened to one input.

    ``warnings``, ``errors`` and ``by_code`` count the diagnostics reported for it
    (:meth:`risx.diagnostics.Reporter.for_input`); ``encoding`` and ``dialect`` are what its
    reader found (:attr:`risx.readers.base.Reader.facts`).
    """

    name: str
    output: str = ""
    records_read: int = 0
    records_written: int = 0
    warnings: int = 0
    errors: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    encoding: str = ""
    dialect: str = ""
    #: What the exporter was recognised by, the framing skipped, the exporter rules applied
    #: (the reader's facts).
    evidence: str = ""
    framing: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    status: str = ""

    def failed(self, strict: bool) -> bool:
        return fails(self.errors, self.warnings, strict)

    def summary(self) -> str:
        """The ``-v`` line: records, diagnostics, encoding, dialect, time, and what was written."""
        where = f" -> {self.output} ({self.status})" if self.output else ""
        return (f"{self.name}: {self.records_read} read, {self.records_written} written, "
                f"{self.warnings} warning(s), {self.errors} error(s), "
                f"encoding {self.encoding or 'unknown'}, dialect {self.dialect or 'unknown'}, "
                f"{self.seconds:.2f} s{where}" + self.exporter_lines())

    def exporter_lines(self) -> str:
        """What ``-v`` says of the exporter below the summary: its evidence, the framing
        skipped and the rules applied (each with how often), one line each when there are any."""
        lines = []
        if self.evidence:
            lines.append(f"exporter {self.dialect or 'unknown'}: {self.evidence}")
        if self.framing:
            lines.append("framing skipped: " + ", ".join(f"{what} x{count}"
                                                         for what, count in self.framing.items()))
        if self.rules:
            lines.append("exporter rules: " + ", ".join(f"{rule} x{count}"
                                                       for rule, count in self.rules.items()))
        return "".join(f"\n  {line}" for line in lines)


@dataclass
class ConversionResult:
    """The outcome of :func:`risx.pipeline.run_conversion`."""

    inputs: list[InputStats]
    ok: bool
    dedupe: DedupeResult | None = None
    #: Output files that were not written because their conversion failed.
    failed_outputs: list[str] = field(default_factory=list)
    #: Every diagnostic, when the reporter keeps them (``Reporter(keep=True)``).
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: What the writer(s) did, for ``-v`` (:meth:`risx.writers.base.Writer.verbose_lines`).
    writer_lines: list[str] = field(default_factory=list)
