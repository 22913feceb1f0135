"""The ``risx`` command: thin click wrappers around :mod:`risx.convert`.

Exit codes (also in ``risx --help`` and the README):

* 0: success (warnings may have been printed);
* 1: input errors, or warnings under ``--strict``; no output file was written;
* 2: usage errors (unknown option or format, missing input file).
"""

from __future__ import annotations

import sys

import click

from risx import __version__
from risx.convert import ConversionFailed, check_inputs, convert
from risx.diagnostics import Reporter
from risx.registry import UnknownFormat, default_registry
from risx.writers.base import WriterOptions

EXIT_CODES_HELP = """\b
Exit codes:
  0  success (warnings may have been printed)
  1  input errors, or warnings under --strict (no output file is written)
  2  usage errors (bad option, unknown format, missing input)"""


@click.group(epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="risx")
def main() -> None:
    """Convert RIS bibliography files to CSL-JSON, BibTeX, APA 7 text and Markdown.

    Diagnostics go to stderr as FILE:LINE: warning[CODE]: message.
    """


input_argument = click.argument(
    "inputs", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=str)
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")
from_option = click.option("-f", "--from", "reader_name", default=None, metavar="FORMAT",
                           help="Input format (default: from the extension, else ris).")


@main.command("convert", epilog=EXIT_CODES_HELP)
@input_argument
@click.option("-t", "--to", "writer_name", metavar="FORMAT",
              help="Output format (see 'risx formats'); optional when -o has a known extension.")
@click.option("-o", "--output", metavar="PATH",
              help="Output file, or a directory (ending in /) for one output per input. "
                   "Default: stdout.")
@from_option
@strict_option
@quiet_option
@click.option("--no-extra", is_flag=True, help="Drop source tags no mapping used (default: keep "
              "them in a note).")
@click.option("--keep-ids", is_flag=True, help="Use the source's ID as the key when it is valid.")
@click.option("--key-pattern", metavar="PATTERN", help="BibTeX cite-key pattern, e.g. "
              "'{auth}{year}{title}'.")
@click.option("--ascii", "ascii_only", is_flag=True, help="BibTeX: write LaTeX macros instead "
              "of UTF-8 letters.")
@click.option("--style", metavar="NAME|FILE.csl", help="CSL style for apa/markdown (default: APA 7).")
@click.option("--locale", metavar="NAME|FILE.xml", help="CSL locale (default: en-US).")
@click.option("--crlf", is_flag=True, help="RIS output: end lines with CR LF.")
def convert_command(inputs: tuple[str, ...], writer_name: str | None, output: str | None,
                    reader_name: str | None, strict: bool, quiet: bool, no_extra: bool,
                    keep_ids: bool, key_pattern: str | None, ascii_only: bool, style: str | None,
                    locale: str | None, crlf: bool) -> None:
    """Convert INPUTS (files, or - for stdin; none: stdin) to one output.

    Several inputs go into one output, in order. With -o DIR/ each input gets
    its own output file, named after it. Output files are written to a
    temporary file and renamed into place only when the run succeeds.
    """
    options = WriterOptions(no_extra=no_extra, keep_ids=keep_ids, key_pattern=key_pattern,
                            ascii=ascii_only, style=style, locale=locale,
                            newline="\r\n" if crlf else "\n")
    reporter = Reporter(quiet=quiet, strict=strict)
    try:
        convert(list(inputs) or ["-"], writer_name=writer_name, output=output,
                reader_name=reader_name, options=options, reporter=reporter,
                registry=default_registry())
    except UnknownFormat as exc:
        raise click.UsageError(str(exc)) from exc
    except ConversionFailed:
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("risx: interrupted; no output was written", err=True)
        sys.exit(130)


@main.command("check", epilog=EXIT_CODES_HELP)
@input_argument
@from_option
@strict_option
@quiet_option
def check_command(inputs: tuple[str, ...], reader_name: str | None, strict: bool,
                  quiet: bool) -> None:
    """Read INPUTS and report problems without writing anything.

    Prints one summary line per input on stdout: records, warnings, errors.
    """
    reporter = Reporter(quiet=quiet, strict=strict)
    try:
        summaries = check_inputs(list(inputs) or ["-"], reader_name=reader_name,
                                 reporter=reporter, registry=default_registry())
    except UnknownFormat as exc:
        raise click.UsageError(str(exc)) from exc
    for summary in summaries:
        click.echo(summary)
    if reporter.failed:
        sys.exit(1)


@main.command("formats")
def formats_command() -> None:
    """List the input and output formats, with their names and file extensions."""
    registry = default_registry()
    for title, table in (("Input formats:", registry.readers), ("Output formats:", registry.writers)):
        click.echo(title)
        for name in table.names():
            try:
                cls = table.get(name)
            except Exception as exc:  # a broken plugin must not hide the others
                click.echo(f"  {name:<10} (cannot be loaded: {exc})")
                continue
            extensions = " ".join(cls.extensions) or "-"
            click.echo(f"  {name:<10} {extensions:<12} {cls.description}")


if __name__ == "__main__":  # pragma: no cover
    main()
