#!/usr/bin/env python3
"""Time risx against the other converters and the read floor, in one run, and report ratios.

usage: python3 benchmarks/bench_convert.py [--records 1000,10000] [--runs 3]
           [--formats csl-json,bibtex,ris,apa,markdown,html] [--jobs N] [--markdown]
           [--variants] [--input FILE] [--no-peers] [--skip PEER] [--one-process]
           [--peers DIR] [--continuation] [--mix] [--seed S]

Inputs come from our seeded generator (``benchmarks/gen_ris.py``, about 3 KB per record) unless
``--input`` is given.  Every command runs ``--runs`` times as a fresh process writing to a file;
the tables give the median wall time, the median CPU time, the peak memory (the larger of the
largest process's resident set and the process tree's summed PSS), the records the tool wrote, records per second, microseconds per record, the ratio to
the floor (Python reading the file and splitting it into lines: what any Python converter pays)
and, for risx, how many times faster it is than the fastest peer that wrote the same format
(below 1 means slower).  A per-record cost curve for risx follows, with its start-up (risx on a
one-record file) taken out, then the goals of issue #7 with the numbers that meet or miss them.

Peers come from ``shared/bench/setup_peers.sh`` (``$PEERS``, default ``~/.cache/risx-peers``);
a peer that is not installed is skipped with a note.  The machines are noisy: read the ratios,
not the seconds.  See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from gen_ris import generate  # the sibling module; this script runs from benchmarks/

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench"
FLOOR = ("import sys; open(sys.argv[1], encoding='utf-8', errors='replace')"
         ".read().splitlines()")
CONVERT_FORMATS = ("csl-json", "bibtex", "ris")
RENDER_FORMATS = ("apa", "markdown", "html")
SETUP_HINT = "run shared/bench/setup_peers.sh"
# The goals of issue #7, item 1.
CONVERT_PEER_GOAL = 3.0   # at least this many times faster than the fastest peer
CONVERT_FLOOR_GOAL = 3.0  # within this many times the floor
CONVERT_MEMORY_GOAL = 100.0  # MB, at 100k records
RENDER_PEER_GOAL = 2.0    # times faster than citation-js, at 1k and 10k
RENDER_MEMORY_GOAL = 200.0  # MB, at 10k records
# Per-record cost counts as flat when the largest size costs at most this much more per
# record (start-up taken out) than the smallest: the machines vary by about that much.
FLAT_TOLERANCE = 1.25

Env = dict[str, str] | None


# -- counting what a tool wrote -------------------------------------------------------------

def _count_lines(path: Path, pattern: re.Pattern[bytes]) -> int:
    with path.open("rb") as lines:
        return sum(1 for line in lines if pattern.match(line))


def count_csl_json(path: Path) -> int:
    return len(json.loads(path.read_bytes()))


def count_bibtex(path: Path) -> int:
    return _count_lines(path, re.compile(rb"@(?!comment|string|preamble)\w+\s*\{", re.I))


def count_ris(path: Path) -> int:
    return _count_lines(path, re.compile(rb"(\xef\xbb\xbf)?TY  -"))


def count_text(path: Path) -> int:
    # One APA entry per line, in risx's output and in citation-js's.
    return _count_lines(path, re.compile(rb"\S"))


def count_markdown(path: Path) -> int:
    return _count_lines(path, re.compile(rb"(- |\d+\. )"))


def count_html(path: Path) -> int:
    return path.read_bytes().count(b'class="csl-entry"')


def count_citeproc_js(path: Path) -> int:
    """citeproc_js_render.js writes a JSON report holding the entries of each format."""
    report = json.loads(path.read_bytes())
    return sum(len(rendered["entries"]) for rendered in report["bib"].values())


COUNTERS: dict[str, Callable[[Path], int]] = {
    "csl-json": count_csl_json, "bibtex": count_bibtex, "ris": count_ris, "apa": count_text,
    "markdown": count_markdown, "html": count_html,
}


# -- tools ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tool:
    """One command to time; ``output`` is where it writes (its stdout when ``to_stdout``)."""

    label: str
    fmt: str
    command: list[str]
    output: Path
    counter: Callable[[Path], int] | None = None
    to_stdout: bool = False
    env: Env = None
    kind: str = "peer"  # "risx", "risx-1" (the -j 1 row of --one-process), "peer" or "floor"


@dataclass
class Measurement:
    tool: Tool
    wall: float
    cpu: float
    peak_mb: float
    written: int | None
    digest: str  # of the output, so that variants can show they wrote the same

    def per_record_us(self, records: int) -> float:
        return self.wall / records * 1e6


@dataclass
class FileResult:
    """Everything measured on one input file."""

    name: str
    records: int
    megabytes: float
    floor: Measurement | None = None
    rows: list[Measurement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fastest_peer(self, fmt: str, label_prefix: str = "") -> Measurement | None:
        peers = [m for m in self.rows if m.tool.kind == "peer" and m.tool.fmt == fmt
                 and m.tool.label.startswith(label_prefix)]
        return min(peers, key=lambda m: m.wall, default=None)

    def risx(self, fmt: str) -> Measurement | None:
        return next((m for m in self.rows if m.tool.kind == "risx" and m.tool.fmt == fmt), None)


def risx_tool(fmt: str, source: Path, output: Path, jobs: int | None) -> Tool:
    jobs_option = ["-j", str(jobs)] if jobs else []
    label = f"risx -t {fmt}" + (f" -j {jobs}" if jobs else "")
    command = [sys.executable, "-m", "risx", "convert", "-q", str(source), "-t", fmt,
               *jobs_option, "-o", str(output)]
    return Tool(label, fmt, command, output, COUNTERS[fmt], kind="risx")


PEER_NAMES = ("rispy", "pandoc", "citation-js", "citeproc-js", "bibutils")


@dataclass(frozen=True)
class Peers:
    """Where the peers are, and which of them were found (``missing`` says why not)."""

    root: Path
    missing: dict[str, str]

    @classmethod
    def find(cls, root: Path) -> Peers:
        missing: dict[str, str] = {}
        if not (root / "venv" / "bin" / "python").exists():
            missing["rispy"] = f"no {root}/venv/bin/python ({SETUP_HINT})"
        if not (root / "bin" / "pandoc").exists():
            missing["pandoc"] = f"no {root}/bin/pandoc ({SETUP_HINT})"
        node_modules = root / "node" / "node_modules"
        if shutil.which("node") is None:
            missing["citation-js"] = missing["citeproc-js"] = "node is not on PATH"
        else:
            if not (node_modules / "@citation-js" / "core").exists():
                missing["citation-js"] = f"no @citation-js/core in {node_modules} ({SETUP_HINT})"
            if not (node_modules / "citeproc").exists():
                missing["citeproc-js"] = f"no citeproc in {node_modules} ({SETUP_HINT})"
        absent = [name for name in ("ris2xml", "xml2bib", "xml2ris") if shutil.which(name) is None]
        if absent:
            missing["bibutils"] = f"{', '.join(absent)} not on PATH ({SETUP_HINT})"
        return cls(root, missing)

    def has(self, name: str) -> bool:
        return name not in self.missing

    @property
    def node_env(self) -> dict[str, str]:
        return {**os.environ, "NODE_PATH": str(self.root / "node" / "node_modules")}


def convert_peers(fmt: str, source: Path, peers: Peers, outputs: Path) -> list[Tool]:
    """The peers that turn RIS into csl-json, bibtex or ris."""
    tools: list[Tool] = []
    counter = COUNTERS[fmt]
    python = str(peers.root / "venv" / "bin" / "python")
    node = shutil.which("node") or "node"
    short = {"csl-json": "csljson", "bibtex": "bibtex", "ris": "ris"}[fmt]

    def add(label: str, command: list[str], env: Env = None) -> None:
        output = outputs / f"{re.sub(r'[^a-z0-9]+', '-', label)}.{fmt}"
        tools.append(Tool(label, fmt, command, output, counter, to_stdout=True, env=env))

    if peers.has("rispy"):
        script = HERE / "peers" / "rispy_ris.py" if fmt == "ris" else SHARED_BENCH / "py_convert.py"
        mode = [] if fmt == "ris" else [short]
        add(f"rispy-based {short}", [python, str(script), *mode, str(source)])
    if peers.has("pandoc") and fmt != "ris":  # pandoc reads RIS but has no RIS writer
        add(f"pandoc -t {short}", [str(peers.root / "bin" / "pandoc"), "-f", "ris", "-t", short,
                                   str(source)])
    if peers.has("citation-js"):
        script = (HERE / "peers" / "citationjs_out.js" if fmt == "ris"
                  else SHARED_BENCH / "citationjs_convert.js")
        add(f"citation-js {short}", [node, str(script), short, str(source)], peers.node_env)
    if peers.has("bibutils") and fmt in ("bibtex", "ris"):
        writer = "xml2bib" if fmt == "bibtex" else "xml2ris"
        add(f"bibutils ris2xml|{writer}",
            ["sh", "-c", f"ris2xml '{source}' 2>/dev/null | {writer} 2>/dev/null"])
    return tools


def render_peers(fmt: str, source: Path, csl_json: Path | None, peers: Peers,
                 outputs: Path) -> list[Tool]:
    """The peers that render APA: citation-js from the same RIS file, and citeproc-js from the
    CSL-JSON risx made of it (so citeproc-js skips reading RIS: a generous comparison)."""
    tools: list[Tool] = []
    node = shutil.which("node") or "node"
    html = fmt == "html"
    if peers.has("citation-js"):
        output = outputs / f"citation-js.{fmt}"
        command = ([node, str(HERE / "peers" / "citationjs_out.js"), "apa-html", str(source)]
                   if html else
                   [node, str(SHARED_BENCH / "citationjs_convert.js"), "apa", str(source)])
        label = "citation-js APA " + ("html" if html else "text")
        tools.append(Tool(label, fmt, command, output, count_html if html else count_text,
                          to_stdout=True, env=peers.node_env))
    if peers.has("citeproc-js") and csl_json is not None:
        output = outputs / f"citeproc-js-{fmt}.json"
        command = [node, str(SHARED_BENCH / "citeproc_js_render.js"), str(csl_json), str(output),
                   "--formats", "html" if html else "text"]
        label = "citeproc-js APA " + ("html" if html else "text") + " (CSL-JSON in)"
        tools.append(Tool(label, fmt, command, output, count_citeproc_js, env=peers.node_env))
    return tools


# -- running -------------------------------------------------------------------------------

def gnu_time() -> str | None:
    """GNU time, which measures a command's peak memory from a small process of its own."""
    path = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if path is None:
        return None
    done = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    return path if "GNU" in done.stdout + done.stderr else None


GNU_TIME = gnu_time()
PEAK_SOURCE = ("the larger of GNU time's %M (largest process) and the process tree's summed "
               "PSS sampled every 100 ms" if GNU_TIME else
               "wait4; without GNU time this includes the harness's own peak, so small values "
               "are too high (apt-get install time)")


def run_once(tool: Tool, stats: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the process and the children it waited for) and peak MB.

    The peak is the larger of two figures.  GNU time's, when it is installed: the largest
    single process's ru_maxrss (wait4's own figure is at least the peak of the process that
    forked it: Linux carries the forking process's high-water mark across exec, and this
    harness grows to hundreds of MB counting outputs).  And the peak of the whole process
    tree's proportional set size, sampled every 100 ms (:class:`TreeMemory`): a tool that
    works in several processes (``risx -j``) uses the sum, which ru_maxrss does not show.
    """
    command = [GNU_TIME, "-f", "%M", "-o", str(stats), *tool.command] if GNU_TIME else tool.command
    with open(tool.output if tool.to_stdout else os.devnull, "wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL, env=tool.env)
        tree = TreeMemory(process.pid)
        tree.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        tree.stop()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"exit {code}")
    # GNU time's last line is the peak in KiB (a line before it reports a failing status).
    peak_kib = int(stats.read_text().split()[-1]) if GNU_TIME else usage.ru_maxrss
    return wall, usage.ru_utime + usage.ru_stime, max(peak_kib / 1024, tree.peak_kib / 1024)


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and all its descendants until stopped; keeps the peak.

    PSS (proportional set size) counts a page shared by n processes as 1/n in each, so pages
    that forked workers share with their parent are counted once in the sum.
    """

    #: Reading smaps_rollup holds the process's memory lock while the kernel walks it, which
    #: slows the process measured: 100 ms keeps that cost negligible.
    INTERVAL = 0.1

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kib = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.INTERVAL):
            tree = _descendants(self.root)
            if len(tree) <= 2:
                continue  # GNU time and one process: its %M is exact, and costs the tool nothing
            total = sum(_pss_kib(pid) for pid in tree)
            self.peak_kib = max(self.peak_kib, total)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it (from /proc/PID/task/*/children)."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    queue.extend(int(child) for child in children.read().split())
        except OSError:
            continue  # gone, or no /proc (the GNU time figure still stands)
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure(tool: Tool, runs: int, notes: list[str]) -> Measurement | None:
    progress(f"  {tool.label} ...")
    try:
        stats = tool.output.with_name(tool.output.name + ".time")
        samples = [run_once(tool, stats) for _ in range(runs)]
    except (RuntimeError, OSError) as exc:
        notes.append(f"{tool.label}: failed ({exc}), left out: `{' '.join(tool.command)}`")
        return None
    written, digest = None, ""
    if tool.output.exists():
        written = tool.counter(tool.output) if tool.counter else None
        digest = hashlib.sha256(tool.output.read_bytes()).hexdigest()
        tool.output.unlink()  # outputs at 100k records are hundreds of MB each
    return Measurement(tool, statistics.median(s[0] for s in samples),
                       statistics.median(s[1] for s in samples), max(s[2] for s in samples),
                       written, digest)


def progress(message: str) -> None:
    # Progress goes to stderr, so that stdout is the report alone (and can be saved as is).
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Plan:
    formats: list[str]
    runs: int
    jobs: int | None
    peers: Peers | None
    scratch: Path
    #: Peer labels to leave out (by prefix), e.g. a peer known to take an hour at 100k records.
    skip: tuple[str, ...] = ()
    #: Also time risx in one process (-j 1), beside the default.
    one_process_too: bool = False

    @property
    def outputs(self) -> Path:
        """Where the tools write: apart from the inputs, so that no output (RIS written by risx
        -t ris, say) can overwrite or remove an input."""
        path = self.scratch / "out"
        path.mkdir(exist_ok=True)
        return path


def bench_file(source: Path, plan: Plan) -> FileResult:
    records = count_ris(source)
    result = FileResult(source.name, records, source.stat().st_size / 1e6)
    progress(f"{source.name}: {records} records")
    floor_tool = Tool("floor: read + splitlines", "-", [sys.executable, "-c", FLOOR, str(source)],
                      plan.outputs / "floor", kind="floor")
    result.floor = measure(floor_tool, plan.runs, result.notes)
    # The citeproc-js peer renders risx's CSL-JSON of the file: made once, for every APA format.
    wants_csl_json = plan.peers is not None and any(f in RENDER_FORMATS for f in plan.formats)
    csl_json = make_csl_json(source, plan.scratch, result.notes) if wants_csl_json else None
    for fmt in plan.formats:
        bench_format(fmt, source, csl_json, plan, result)
    if csl_json is not None:
        csl_json.unlink()
    return result


def bench_format(fmt: str, source: Path, csl_json: Path | None, plan: Plan,
                 result: FileResult) -> None:
    """risx and then each peer writing ``fmt``, added to ``result``."""
    ours = measure(risx_tool(fmt, source, plan.outputs / f"risx.{fmt}", plan.jobs), plan.runs,
                   result.notes)
    if ours:
        result.rows.append(ours)
    if plan.one_process_too and plan.jobs != 1:
        single = measure(risx_tool(fmt, source, plan.outputs / f"risx1.{fmt}", 1), plan.runs,
                         result.notes)
        if single:
            # Shown beside, never used for the goals: the risx row above is what users get.
            result.rows.append(Measurement(replace(single.tool, kind="risx-1"), single.wall,
                                           single.cpu, single.peak_mb, single.written,
                                           single.digest))
    if plan.peers is None:
        return
    tools = (convert_peers(fmt, source, plan.peers, plan.outputs) if fmt in CONVERT_FORMATS
             else render_peers(fmt, source, csl_json, plan.peers, plan.outputs))
    skipped = [t for t in tools if t.label.startswith(plan.skip)] if plan.skip else []
    for tool in skipped:
        result.notes.append(f"{tool.label}: left out with --skip")
    tools = [t for t in tools if t not in skipped]
    if not tools and not skipped:
        result.notes.append(f"no peer installed for {fmt} ({SETUP_HINT})")
    result.rows += [m for m in (measure(t, plan.runs, result.notes) for t in tools) if m]


def make_csl_json(source: Path, scratch: Path, notes: list[str]) -> Path | None:
    """risx's CSL-JSON of ``source``, the input of the citeproc-js peer (made untimed)."""
    target = scratch / f"{source.stem}.items.json"
    done = subprocess.run([sys.executable, "-m", "risx", "convert", "-q", str(source), "-t",
                           "csl-json", "-o", str(target)], check=False)
    if done.returncode != 0:
        notes.append("citeproc-js skipped: risx could not make its CSL-JSON input")
        return None
    return target


def startup_costs(formats: Sequence[str], plan: Plan) -> dict[str, float]:
    """risx's wall time on a one-record file per format: the fixed cost of a run."""
    tiny = generate(plan.scratch / "one.ris", 1)
    costs: dict[str, float] = {}
    for fmt in formats:
        found = measure(risx_tool(fmt, tiny, plan.outputs / f"one.{fmt}", plan.jobs), plan.runs,
                        [])
        if found:
            costs[fmt] = found.wall
    return costs


# -- reporting -----------------------------------------------------------------------------

def _numeric(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True


def _markdown_row(cells: Sequence[str]) -> str:
    # A '|' inside a cell (the bibutils pipeline) would end the cell.
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], markdown: bool) -> str:
    """A table as Markdown or as aligned plain text; columns of numbers are right-aligned."""
    rows = [list(row) for row in rows]
    columns = list(zip(headers, *rows, strict=True))
    right = [all(_numeric(c) for c in column[1:] if c) and any(column[1:])
             for column in columns]
    if markdown:
        rule = "|" + "|".join("---:" if r else ":---" for r in right) + "|"
        lines = [_markdown_row(headers), rule]
        return "\n".join(lines + [_markdown_row(row) for row in rows])
    widths = [max(len(cell) for cell in column) for column in columns]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(f"{c:>{w}}" if r else f"{c:<{w}}"
                         for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])


def heading(text: str, markdown: bool, level: int = 2) -> str:
    return f"{'#' * level} {text}" if markdown else f"{text}\n{'=' * len(text)}"


def bullets(lines: Sequence[str]) -> str:
    return "\n".join("- " + line for line in lines)


MAIN_HEADERS = ["format", "tool", "wall s", "CPU s", "peak MB", "records out", "records/s",
                "µs/record", "x floor", "x faster than fastest peer", "fastest peer"]


def main_rows(result: FileResult) -> list[list[str]]:
    rows: list[list[str]] = []
    floor_wall = result.floor.wall if result.floor else None
    measured = [result.floor] if result.floor else []
    for m in [*measured, *result.rows]:
        versus, fastest_label = "", ""
        fastest = result.fastest_peer(m.tool.fmt)
        if m.tool.kind in ("risx", "risx-1"):
            versus = f"{fastest.wall / m.wall:.2f}" if fastest else "no peer"
            fastest_label = fastest.tool.label if fastest else ""
        written = "" if m.written is None else str(m.written)
        x_floor = f"{m.wall / floor_wall:.1f}" if floor_wall else ""
        rows.append([m.tool.fmt, m.tool.label, f"{m.wall:.2f}", f"{m.cpu:.2f}",
                     f"{m.peak_mb:.0f}", written, f"{result.records / m.wall:,.0f}",
                     f"{m.per_record_us(result.records):,.0f}", x_floor, versus, fastest_label])
    return rows


def short_output_notes(result: FileResult) -> list[str]:
    """A tool that wrote fewer records than it read is not doing the same work: say so."""
    return [f"{m.tool.label} wrote {m.written} of {result.records} records"
            for m in result.rows if m.written is not None and m.written != result.records]


def report_file(result: FileResult, markdown: bool) -> str:
    title = f"{result.records:,} records ({result.megabytes:.1f} MB, {result.name})"
    parts = [heading(title, markdown), table(MAIN_HEADERS, main_rows(result), markdown)]
    notes = result.notes + short_output_notes(result)
    if notes:
        parts.append(bullets(notes))
    return "\n\n".join(parts)


def risx_series(results: Sequence[FileResult], fmt: str) -> list[Measurement] | None:
    """risx's measurement of ``fmt`` at every size, or None when one is missing."""
    found = [r.risx(fmt) for r in results]
    return None if any(m is None for m in found) else [m for m in found if m is not None]


def net_costs(results: Sequence[FileResult], series: Sequence[Measurement],
              fixed: float) -> list[float]:
    """µs per record once the fixed start-up cost is taken out of each run."""
    return [max(m.wall - fixed, 0.0) / r.records * 1e6
            for m, r in zip(series, results, strict=True)]


def flatness(net: Sequence[float]) -> float | None:
    """The largest size's net cost per record over the smallest's: 1.0 is perfectly flat."""
    return net[-1] / net[0] if len(net) > 1 and net[0] > 0 else None


def curve_rows(results: Sequence[FileResult], startup: dict[str, float],
               formats: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """Per format: µs/record at each size, gross and without start-up, peak memory, and how
    flat the net cost is."""
    sizes = [r.records for r in results]
    headers = ["tool", "start-up s", *(f"µs/rec @{n:,}" for n in sizes),
               *(f"net µs/rec @{n:,}" for n in sizes), *(f"peak MB @{n:,}" for n in sizes),
               "net largest/smallest"]
    rows = []
    for fmt in formats:
        series = risx_series(results, fmt)
        if series is None:
            continue
        fixed = startup.get(fmt, 0.0)
        gross = [m.per_record_us(r.records) for m, r in zip(series, results, strict=True)]
        net = net_costs(results, series, fixed)
        ratio = flatness(net)
        rows.append([series[0].tool.label, f"{fixed:.2f}", *(f"{g:,.0f}" for g in gross),
                     *(f"{n:,.0f}" for n in net), *(f"{m.peak_mb:.0f}" for m in series),
                     "" if ratio is None else f"{ratio:.2f}"])
    return headers, rows


def goal_lines(results: Sequence[FileResult], startup: dict[str, float],
               formats: Sequence[str]) -> list[str]:
    """Each goal of issue #7 that this run can speak to, met or not, with its numbers."""
    lines = []
    for result in results:
        for fmt in formats:
            ours = result.risx(fmt)
            if ours is not None:
                lines += goals_for(result, fmt, ours)
    for fmt in formats:
        series = risx_series(results, fmt)
        ratio = None if series is None else flatness(
            net_costs(results, series, startup.get(fmt, 0.0)))
        if ratio is not None:
            verdict = "met" if ratio <= FLAT_TOLERANCE else "NOT met"
            lines.append(f"{fmt}: per-record cost flat from {results[0].records:,} to "
                         f"{results[-1].records:,} (net ratio {ratio:.2f}, <= "
                         f"{FLAT_TOLERANCE}): {verdict}")
    return lines


def goals_for(result: FileResult, fmt: str, ours: Measurement) -> list[str]:
    at = f"{fmt} @{result.records:,}"
    lines = []
    if fmt in CONVERT_FORMATS:
        fastest = result.fastest_peer(fmt)
        if fastest:
            lines.append(verdict(f"{at}: >= {CONVERT_PEER_GOAL:g}x faster than the fastest peer",
                                 fastest.wall / ours.wall >= CONVERT_PEER_GOAL,
                                 f"{fastest.wall / ours.wall:.2f}x vs {fastest.tool.label}"))
        if result.floor:
            lines.append(verdict(f"{at}: within {CONVERT_FLOOR_GOAL:g}x of the floor",
                                 ours.wall / result.floor.wall <= CONVERT_FLOOR_GOAL,
                                 f"{ours.wall / result.floor.wall:.1f}x"))
        if result.records >= 100_000:
            lines.append(verdict(f"{at}: peak memory < {CONVERT_MEMORY_GOAL:g} MB",
                                 ours.peak_mb < CONVERT_MEMORY_GOAL, f"{ours.peak_mb:.0f} MB"))
        return lines
    citation_js = result.fastest_peer(fmt, "citation-js")
    if citation_js and result.records <= 10_000:
        lines.append(verdict(f"{at}: >= {RENDER_PEER_GOAL:g}x faster than citation-js",
                             citation_js.wall / ours.wall >= RENDER_PEER_GOAL,
                             f"{citation_js.wall / ours.wall:.2f}x"))
    if result.records == 10_000:
        lines.append(verdict(f"{at}: peak memory < {RENDER_MEMORY_GOAL:g} MB",
                             ours.peak_mb < RENDER_MEMORY_GOAL, f"{ours.peak_mb:.0f} MB"))
    return lines


def verdict(goal: str, met: bool, numbers: str) -> str:
    return f"{goal}: {'met' if met else 'NOT met'} ({numbers})"


# -- variants ------------------------------------------------------------------------------

VARIANTS = {"LF": {}, "CRLF": {"crlf": True}, "BOM": {"bom": True},
            "CRLF + BOM": {"crlf": True, "bom": True}}


def bench_variants(records: int, plan: Plan, generator_options: dict[str, bool],
                   seed: int) -> tuple[list[str], list[list[str]], list[str]]:
    """risx on the same records written with LF, CRLF, a BOM and both: the same work, so the
    same cost and the same output."""
    notes: list[str] = []
    rows: list[list[str]] = []
    files = {name: generate(plan.scratch / f"variant-{index}.ris", records, seed,
                            **generator_options, **flags)
             for index, (name, flags) in enumerate(VARIANTS.items())}
    for fmt in plan.formats:
        baseline: Measurement | None = None
        for name, source in files.items():
            output = plan.outputs / f"variant.{fmt}"
            found = measure(risx_tool(fmt, source, output, plan.jobs), plan.runs, notes)
            if found is None:
                continue
            baseline = baseline or found
            same = "yes" if found.digest == baseline.digest else "NO"
            rows.append([fmt, name, f"{source.stat().st_size / 1e6:.2f}", f"{found.wall:.2f}",
                         f"{found.cpu:.2f}", f"{found.peak_mb:.0f}",
                         f"{found.wall / baseline.wall:.2f}", same])
    headers = ["format", "input", "MB", "wall s", "CPU s", "peak MB", "x LF", "same output"]
    return headers, rows, notes


# -- main ----------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", default="10000", help="sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--formats", default=",".join(CONVERT_FORMATS),
                        help=f"from {', '.join(CONVERT_FORMATS + RENDER_FORMATS)}")
    parser.add_argument("--jobs", type=int, metavar="N", help="pass -j N to risx")
    parser.add_argument("--one-process", action="store_true",
                        help="also time risx -j 1 (by default risx uses every core on inputs "
                             "over 4 MB); shown beside, the goals use the default")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--variants", action="store_true",
                        help="also time risx on CRLF and BOM variants at the smallest size")
    parser.add_argument("--input", type=Path, help="time this RIS file instead")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--skip", action="append", default=[], metavar="PEER",
                        help="leave out peers whose label starts with PEER (repeatable), "
                             "e.g. --skip citation-js at 100,000 records")
    parser.add_argument("--peers", type=Path,
                        default=Path(os.environ.get("PEERS", Path.home() / ".cache" / "risx-peers")))
    parser.add_argument("--continuation", action="store_true",
                        help="generate wrapped N1 values as the seed has (pandoc cannot read them)")
    parser.add_argument("--mix", action="store_true",
                        help="generate Zotero and EndNote shaped records too")
    parser.add_argument("--seed", type=int, default=20240501)
    args = parser.parse_args(argv)
    unknown = set(args.formats.split(",")) - set(CONVERT_FORMATS + RENDER_FORMATS)
    if unknown:
        parser.error(f"unknown format(s): {', '.join(sorted(unknown))}")
    return args


def revision() -> str:
    """The commit measured (risx changes under the benchmark's feet otherwise)."""
    done = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def preamble(args: argparse.Namespace, peers: Peers | None) -> str:
    lines = [f"risx {revision()} and peers, {args.runs} run(s) per command (median wall and "
             f"CPU, max peak); python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
             + (f"; risx -j {args.jobs}" if args.jobs else ""), f"peak memory from {PEAK_SOURCE}"]
    if peers is None:
        lines.append("peers: not run (--no-peers)")
    else:
        found = [name for name in PEER_NAMES if peers.has(name)]
        lines.append(f"peers found in {peers.root}: {', '.join(found) or 'none'}")
        lines += [f"peer skipped: {name}: {why}" for name, why in sorted(peers.missing.items())]
    return lines[0] + "\n\n" + bullets(lines[1:]) if len(lines) > 1 else lines[0]


def inputs(args: argparse.Namespace, scratch: Path,
           generator_options: dict[str, bool]) -> Iterator[Path]:
    """The --input file, or one generated file per size, each removed once timed (the 100k
    file is 310 MB)."""
    if args.input:
        yield args.input
        return
    for size in (int(n) for n in args.records.split(",")):
        source = generate(scratch / f"gen{size}.ris", size, args.seed, **generator_options)
        yield source
        source.unlink()


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    formats = args.formats.split(",")
    peers = None if args.no_peers else Peers.find(args.peers)
    generator_options = {"continuation": args.continuation, "mix": args.mix}
    md = args.markdown
    print(preamble(args, peers), flush=True)
    with tempfile.TemporaryDirectory() as scratch_name:
        plan = Plan(formats, args.runs, args.jobs, peers, Path(scratch_name), tuple(args.skip),
                    args.one_process)
        results = []
        for source in inputs(args, plan.scratch, generator_options):
            results.append(bench_file(source, plan))
            print("\n" + report_file(results[-1], md), flush=True)
        startup = startup_costs(formats, plan)
        headers, rows = curve_rows(results, startup, formats)
        print("\n" + heading("risx per-record cost", md) + "\n\n" + table(headers, rows, md))
        print("\n" + heading("Goals (issue #7)", md) + "\n\n"
              + bullets(goal_lines(results, startup, formats)))
        if args.variants:
            smallest = min(r.records for r in results)
            headers, rows, notes = bench_variants(smallest, plan, generator_options, args.seed)
            print("\n" + heading(f"Line-end and BOM variants, {smallest:,} records", md)
                  + "\n\n" + table(headers, rows, md))
            if notes:
                print("\n" + bullets(notes))


if __name__ == "__main__":
    main()
