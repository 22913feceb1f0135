"""The ``risx`` command's click group and subcommands: option parsing around :mod:`risx.api`.

:mod:`risx.cli` is the entry point and imports this module (and click) only when a command
needs it.  This module imports the conversion itself (:mod:`risx.api`, the pipeline, the
readers and writers) inside the commands, when they run, so that ``--help`` stays quick.

Exit codes (also in ``risx --help`` and the README):

* 0: success (warnings may have been printed);
* 1: input errors, or warnings under ``--strict``; the outputs concerned were not written;
* 2: usage errors (unknown option or format, missing input file, options that do not fit).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import fields
from typing import Any, TypeVar

import click

from risx import __version__
from risx.diagnostics import Reporter
from risx.readers.base import DEFAULT_MAX_RECORD_LINES, DEFAULT_MAX_VALUE_LENGTH, ReaderOptions
from risx.registry import UnknownFormat, default_registry
from risx.writers.options import Flag, WriterOptions, flag_of, from_flags

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = """\b
Exit codes:
  0  success (warnings may have been printed)
  1  input errors, or warnings under --strict (those outputs are not written)
  2  usage errors (bad option, unknown format, missing input)"""

CONVERT_EXAMPLES = """\b
Examples:
  risx convert refs.ris -o refs.bib              one file, format from the extension
  cat refs.ris | risx convert -t csl-json > refs.json
  risx convert exports/*.ris -o out/ -t bibtex -j 4
                                                 one output per input, 4 processes
  risx convert scopus.ris wos.ris --merge --dedupe --dedupe-report dups.csv -o all.bib
                                                 one bibliography, duplicates dropped
  risx convert -v --strict refs.ris -o refs.json per-input summary; fail on warnings
"""


@click.group(epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="risx")
def main() -> None:
    """Convert RIS bibliography files to CSL-JSON, BibTeX, APA 7 text and Markdown.

    Diagnostics go to stderr as FILE:LINE: warning[CODE]: message.
    Shell completion: see the README (eval "$(_RISX_COMPLETE=bash_source risx)").
    """


def dedupe_options(command: F) -> F:
    """The options ``convert --dedupe`` and ``dedupe`` share."""
    for option in reversed((
        click.option("--review-list", "review_list", metavar="FILE.csv",
                     help="Write the pairs sent to review (both records side by side, the "
                          "rule, the evidence); both stay in the output."),
        click.option("--prisma", metavar="FILE.json", help="Write the PRISMA numbers (records "
                     "per input and database, duplicates removed, pairs to review, records "
                     "remaining); they are also printed on stderr."),
        click.option("--prefer", multiple=True, metavar="SOURCE",
                     help="Keep the record from SOURCE (an input file or database name, as in "
                          "DB/DP) when a work has several; repeat in order of preference."),
        click.option("--against", multiple=True, metavar="OLD",
                     type=click.Path(exists=True, dir_okay=False, path_type=str),
                     help="An earlier, screened set (any input format): records already in it "
                          "are reported and left out; it is not written again."),
    )):
        command = option(command)
    return command


input_argument = click.argument(
    "inputs", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=str)
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
quiet_option = click.option("-q", "--quiet", is_flag=True,
                            help="Do not print warnings, summaries or progress.")
from_option = click.option("-f", "--from", "reader_name", default=None, metavar="FORMAT",
                           help="Input format (default: from the extension, else ris).")
max_value_option = click.option(
    "--max-value-length", type=click.IntRange(min=1), default=DEFAULT_MAX_VALUE_LENGTH,
    show_default=True, metavar="N", help="Longest value (characters) a record may hold.")
max_lines_option = click.option(
    "--max-record-lines", type=click.IntRange(min=1), default=DEFAULT_MAX_RECORD_LINES,
    show_default=True, metavar="N", help="Most lines one record may have.")


def _progress_wanted(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def _checked(check: Callable[[str], object]) -> Callable[[click.Context, click.Parameter, Any],
                                                            Any]:
    """A click callback refusing a value ``check`` refuses (a usage error, before anything is
    read or written)."""
    def callback(_ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            try:
                check(value)
            except ValueError as exc:
                raise click.BadParameter(str(exc)) from exc
        return value
    return callback


def _click_option(name: str, default: Any, flag: Flag, help_text: str) -> Callable[[F], F]:
    """One declared writer option as a click option."""
    settings: dict[str, Any] = {"help": help_text}
    if flag.given is True:
        settings["is_flag"] = True
    elif flag.given is not None:
        settings.update(flag_value=flag.given, default=default)
    elif default is not None and flag.convert is None:  # with convert: None when not given
        settings["default"] = default
    if flag.metavar:
        settings["metavar"] = flag.metavar
    if flag.choices:
        settings["type"] = click.Choice(list(flag.choices))
    if flag.show_default:
        settings["show_default"] = True
    if flag.check is not None:
        settings["callback"] = _checked(flag.check)
    return click.option(flag.spelling, name, **settings)


def writer_options(only: Collection[str] | None = None,
                   help_texts: Mapping[str, str] | None = None) -> Callable[[F], F]:
    """The built-in writers' options (:class:`~risx.writers.options.WriterOptions`) as click
    options, in their declared order: every one, or those named in ``only``; ``help_texts``
    replaces a declared help text where a command says it its own way.  The command gets them
    as keyword arguments named after the fields, for
    :func:`~risx.writers.options.from_flags`."""
    declared = [(field.name, field.default, flag) for field in fields(WriterOptions)
                if (flag := flag_of(field)) is not None and (only is None or field.name in only)]

    def add(command: F) -> F:
        for name, default, flag in reversed(declared):
            text = (help_texts or {}).get(name, flag.help)
            command = _click_option(name, default, flag, text)(command)
        return command
    return add


@main.command("convert", epilog=CONVERT_EXAMPLES + "\n" + EXIT_CODES_HELP)
@input_argument
@click.option("-t", "--to", "writer_name", metavar="FORMAT",
              help="Output format (see 'risx formats'); optional when -o has a known extension.")
@click.option("-o", "--output", metavar="PATH",
              help="Output file (all inputs merged into it), or a directory (ending in / or "
                   "existing) for one output per input, named after it. Default: stdout.")
@click.option("--merge", is_flag=True, help="All inputs into one output, in input order, with "
              "keys unique across it (what a file or stdout gets anyway; refuses -o DIR/).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes. With -o DIR/: convert N files at a time. For "
                   "apa/markdown/html, render the entries of lists of 200 or more in N "
                   "processes. Default: every core for -o DIR/ batches over 4 MB and for "
                   "apa/markdown/html lists of 200 or more, else one. Output is identical for "
                   "every N.")
@click.option("--dedupe", is_flag=True, help="Drop records that are the same work (rules "
              "DUP-R01..: see 'risx dedupe --help'); keep the most complete, filled from the "
              "others. One output only.")
@click.option("--dedupe-report", metavar="FILE.csv", help="With --dedupe: one row per removed "
              "record (its ids, the kept record, the rule and its evidence).")
@dedupe_options
@from_option
@strict_option
@quiet_option
@click.option("-v", "--verbose", is_flag=True, help="Print one summary line per input on stderr "
              "(records, warnings, encoding, dialect, time).")
@writer_options()
@max_value_option
@max_lines_option
def convert_command(inputs: tuple[str, ...], writer_name: str | None, output: str | None,
                    merge: bool, jobs: int | None, dedupe: bool, dedupe_report: str | None,
                    review_list: str | None, prisma: str | None, prefer: tuple[str, ...],
                    against: tuple[str, ...], reader_name: str | None, strict: bool,
                    quiet: bool, verbose: bool, max_value_length: int, max_record_lines: int,
                    **writer_values: Any) -> None:
    """Convert INPUTS (files, or - for stdin; none: stdin).

    Without -o DIR/, all inputs go into one output in order (--merge says so
    explicitly). With -o DIR/, each input gets its own output file, named after
    it; each is written or not on its own, and the ones not written are named
    on stderr. Output files are written to a temporary file and renamed into
    place only when their conversion succeeded; a file whose content would not
    change is left alone (its modification time too), so make stays fast.
    """
    # The library proper is imported when a command runs, not for --help or completion.
    from risx import api
    from risx.heap import return_freed_memory_promptly
    from risx.settings import UsageProblem

    writer_options = from_flags(writer_values)
    reader_options = ReaderOptions(max_value_length=max_value_length,
                                   max_record_lines=max_record_lines)
    reporter = Reporter(quiet=quiet, strict=strict)
    # The command owns its process, so it may tune the allocator (the library API does not:
    # an importing program's malloc settings are its own). Workers inherit the setting.
    return_freed_memory_promptly()
    try:
        result = api.convert(list(inputs), output, to=writer_name, from_format=reader_name,
                             merge=merge, jobs=jobs, dedupe=dedupe, dedupe_report=dedupe_report,
                             dedupe_review=review_list, dedupe_prisma=prisma,
                             dedupe_prefer=prefer, dedupe_against=against,
                             strict=strict, reader_options=reader_options,
                             writer_options=writer_options, reporter=reporter, verbose=verbose,
                             progress=_progress_wanted(quiet), registry=default_registry())
    except (UnknownFormat, UsageProblem) as exc:
        raise click.UsageError(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("risx: interrupted; outputs not yet complete were not written", err=True)
        sys.exit(130)
    if not result.ok:
        sys.exit(1)


DEDUPE_EXAMPLES = """\b
Examples:
  risx dedupe pubmed.ris embase.ris wos.ris -o all.ris --report removed.csv \\
      --review-list review.csv --prisma prisma.json
  risx dedupe update/*.ris --against screened-2024.ris -o new.ris --report removed.csv
  risx dedupe scopus.ris wos.ris --prefer scopus.ris -o all.json
  risx dedupe --rules                            the rules, their IDs and reasons
"""


def _print_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from risx.dedupe import RULES

    for rule in RULES:
        click.echo(f"{rule.id}  {rule.verdict:<6}  {rule.reason}")
    ctx.exit()


@main.command("dedupe", epilog=DEDUPE_EXAMPLES + "\n" + EXIT_CODES_HELP)
@input_argument
@click.option("-o", "--output", metavar="FILE", help="The deduplicated records (default: stdout).")
@click.option("-t", "--to", "writer_name", metavar="FORMAT",
              help="Output format; optional when -o has a known extension.")
@click.option("--report", "report", metavar="FILE.csv", help="One row per removed record: its "
              "ids (file, record index, ID, AN, PMID, DOI), the kept record, rule and evidence.")
@dedupe_options
@click.option("--rules", is_flag=True, expose_value=False, is_eager=True, callback=_print_rules,
              help="List the dedupe rules and exit.")
@from_option
@strict_option
@quiet_option
@click.option("-v", "--verbose", is_flag=True, help="Also print each rule with how often it "
              "applied, and one summary line per input.")
@writer_options(only=("no_extra", "keep_ids"),
                help_texts={"no_extra": "Drop source tags no mapping used."})
@max_value_option
@max_lines_option
def dedupe_command(inputs: tuple[str, ...], output: str | None, writer_name: str | None,
                   report: str | None, review_list: str | None, prisma: str | None,
                   prefer: tuple[str, ...], against: tuple[str, ...], reader_name: str | None,
                   strict: bool, quiet: bool, verbose: bool, max_value_length: int,
                   max_record_lines: int, **writer_values: Any) -> None:
    """Remove duplicate records across INPUTS (the exports of several databases) into one
    output: what 'convert --merge --dedupe' does, with the reviewer's files.

    A merge needs agreement beyond one identifier (a DOI and a similar title; or a close
    title, first author, year and the same journal, volume or pages). Records with
    different DOIs are never merged. Pairs no rule may merge on its own (a DOI on several
    titles, an abstract beside an article, the same title with other pages) go to the
    review list and both stay. Each kept record notes the records merged into it.
    """
    from risx import api
    from risx.heap import return_freed_memory_promptly
    from risx.settings import UsageProblem

    reporter = Reporter(quiet=quiet, strict=strict)
    return_freed_memory_promptly()
    try:
        result = api.convert(list(inputs), output, to=writer_name, from_format=reader_name,
                             merge=True, dedupe=True, dedupe_report=report,
                             dedupe_review=review_list, dedupe_prisma=prisma,
                             dedupe_prefer=prefer, dedupe_against=against, strict=strict,
                             reader_options=ReaderOptions(max_value_length=max_value_length,
                                                          max_record_lines=max_record_lines),
                             writer_options=from_flags(writer_values),
                             reporter=reporter, verbose=verbose,
                             progress=_progress_wanted(quiet), registry=default_registry())
    except (UnknownFormat, UsageProblem) as exc:
        raise click.UsageError(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("risx: interrupted; outputs not yet complete were not written", err=True)
        sys.exit(130)
    if not result.ok:
        sys.exit(1)


def _print_exporter_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from risx.readers.medline.exporters import rule_lines as medline_rule_lines
    from risx.readers.ris.exporters import rule_lines
    from risx.readers.wos.exporters import rule_lines as wos_rule_lines

    for line in (*rule_lines(), *medline_rule_lines(), *wos_rule_lines()):
        click.echo(line)
    ctx.exit()


@main.command("check", epilog=EXIT_CODES_HELP)
@input_argument
@from_option
@strict_option
@quiet_option
@click.option("--format", "report_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True,
              help="text: diagnostics on stderr, a summary line per input on stdout; "
                   "json: one report on stdout; github: workflow annotations on stdout.")
@click.option("-v", "--verbose", is_flag=True, help="text: also say each input's encoding and "
              "exporter, what the exporter was recognised by, the framing skipped and the "
              "exporter rules applied.")
@click.option("--rules", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_exporter_rules,
              help="List the exporter rules of RIS, MEDLINE and Web of Science (IDs, "
                   "reasons, what shows them) and exit.")
@max_value_option
@max_lines_option
def check_command(inputs: tuple[str, ...], reader_name: str | None, strict: bool,
                  quiet: bool, report_format: str, verbose: bool, max_value_length: int,
                  max_record_lines: int) -> None:
    """Read INPUTS and report problems without writing anything.

    \b
    Examples:
      risx check refs/*.ris
      risx check --strict --format github refs/*.ris     (in a GitHub workflow)
      risx check --format json refs.ris | jq .totals
      risx check -v refs.ris                             (which exporter, on what evidence)
      risx check --rules                                 (the exporter rules, with reasons)
    """
    from risx import api, checkreport

    text = report_format == "text"
    reporter = Reporter(quiet=quiet or not text, strict=strict, keep=not text)
    if not text:
        reporter.stream = _Discard()  # type: ignore[assignment]  # all goes into the report
    try:
        summaries = api.check(list(inputs), from_format=reader_name, report=reporter,
                              reader_options=ReaderOptions(max_value_length=max_value_length,
                                                           max_record_lines=max_record_lines),
                              registry=default_registry())
    except UnknownFormat as exc:
        raise click.UsageError(str(exc)) from exc
    if report_format == "json":
        output = checkreport.render_json(summaries, reporter.collected, strict=strict)
    elif report_format == "github":
        output = checkreport.render_github(summaries, reporter.collected)
    else:
        output = checkreport.render_text(summaries, verbose=verbose)
    click.echo(output, nl=False)
    if reporter.failed:
        sys.exit(1)


class _Discard:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


@main.command("formats")
def formats_command() -> None:
    """List the input and output formats, with their names and file extensions."""
    registry = default_registry()
    for title, table in (("Input formats:", registry.readers), ("Output formats:", registry.writers)):
        click.echo(title)
        rows: list[tuple[str, str, str]] = []
        for name in table.names():
            try:
                cls = table.get(name)
            except Exception as exc:  # a broken plugin must not hide the others
                rows.append((name, "", f"(cannot be loaded: {exc})"))
                continue
            rows.append((name, " ".join(cls.extensions) or "-", cls.description))
        # Columns as wide as their longest entry (endnote-xml, ".nbib .medline"), at least
        # the widths the listing always had.
        name_width = max([10, *(len(name) for name, _, _ in rows)])
        extension_width = max([12, *(len(extensions) for _, extensions, _ in rows)])
        for name, extensions, description in rows:
            click.echo(f"  {name:<{name_width}} {extensions:<{extension_width}} {description}")


if __name__ == "__main__":  # pragma: no cover
    main()
