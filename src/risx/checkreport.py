"""What ``risx check`` prints: ``text`` for people, ``json`` for programs, ``github`` for CI.

* ``text``: diagnostics on stderr as they are found (``FILE:LINE: level[CODE]: message``), then one
  summary line per input on stdout.
* ``json``: one JSON document on stdout and nothing on stderr: per file the records, warnings and
  errors, the counts by code and every diagnostic; totals; whether the check passed.
* ``github``: one GitHub Actions workflow command per diagnostic on stdout
  (``::warning file=F,line=L,title=CODE::message``), which GitHub shows as annotations on the
  lines of the pull request, then the ``text`` summary lines.
"""

from __future__ import annotations

import json
from typing import Any

from risx.diagnostics import Diagnostic, Severity, visible
from risx.stats import InputStats

JSON_SCHEMA_VERSION = 1


def summary_line(stats: InputStats, *, verbose: bool = False) -> str:
    """One input's line; ``verbose`` adds its encoding and exporter, the evidence the exporter
    was recognised by, the framing skipped and the exporter rules applied."""
    line = (f"{stats.name}: {stats.records_read} record(s), {stats.warnings} warning(s), "
            f"{stats.errors} error(s)")
    if verbose:
        line += (f", encoding {stats.encoding or 'unknown'}, dialect {stats.dialect or 'unknown'}"
                 + stats.exporter_lines())
    return line


def render_text(summaries: list[InputStats], *, verbose: bool = False) -> str:
    return "".join(summary_line(s, verbose=verbose) + "\n" for s in summaries)


def render_json(summaries: list[InputStats], diagnostics: list[Diagnostic], *,
                strict: bool) -> str:
    by_file: dict[str, list[dict[str, Any]]] = {s.name: [] for s in summaries}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(
            {"line": d.line, "level": d.severity.value, "code": d.code, "message": d.message})
    files = []
    for s in summaries:
        files.append({
            "file": s.name,
            "records": s.records_read,
            "warnings": s.warnings,
            "errors": s.errors,
            "by_code": dict(sorted(s.by_code.items())),
            "encoding": s.encoding,
            "dialect": s.dialect,
            "evidence": s.evidence,
            "framing": s.framing,
            "rules": s.rules,
            "ok": not s.failed(strict),
            "diagnostics": by_file.get(s.name, []),
        })
    totals = {
        "files": len(summaries),
        "records": sum(s.records_read for s in summaries),
        "warnings": sum(s.warnings for s in summaries),
        "errors": sum(s.errors for s in summaries),
    }
    report = {
        "version": JSON_SCHEMA_VERSION,
        "strict": strict,
        "ok": all(not s.failed(strict) for s in summaries),
        "totals": totals,
        "files": files,
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(d: Diagnostic) -> str:
    """One workflow command; a warning stays a warning under --strict (the exit code fails)."""
    level = "error" if d.severity is Severity.ERROR else "warning"
    props = [f"file={_escape_property(d.file)}"]
    if d.line is not None:
        props.append(f"line={d.line}")
    props.append(f"title={_escape_property(d.code)}")
    return f"::{level} {','.join(props)}::{_escape_data(f'[{d.code}] {visible(d.message)}')}"


def render_github(summaries: list[InputStats], diagnostics: list[Diagnostic]) -> str:
    lines = [github_annotation(d) + "\n" for d in diagnostics]
    return "".join(lines) + render_text(summaries)
