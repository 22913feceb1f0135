"""Options declared per writer (risx.writers.options), and the command-line flags built from
the declarations: every built-in writer's options reach it from the flags, each writer reads
its own class, and a plugin's options class takes the fields of the same name."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TextIO

import pytest
from click.testing import CliRunner

import risx
import risx.api
from risx.cli import main
from risx.diagnostics import collect
from risx.model import Record
from risx.registry import BUILTIN_WRITERS, default_registry
from risx.writers.base import Writer
from risx.writers.base import WriterOptions as OldHome
from risx.writers.markdown import MarkdownWriter
from risx.writers.options import (
    BibtexOptions,
    MarkdownOptions,
    Options,
    ReferenceListOptions,
    RisOptions,
    WriterOptions,
    flag_of,
)

ONE = Path(__file__).resolve().parents[2] / "examples" / "troup2022.ris"

#: Each declared flag, a value the command line gives it, and the field value it must become.
GIVEN = {
    "--no-extra": ([], True),
    "--keep-ids": ([], True),
    "--key-pattern": (["{auth}{year}"], "{auth}{year}"),
    "--ascii": ([], True),
    "--style": (["my.csl"], "my.csl"),
    "--locale": (["de-DE"], "de-DE"),
    "--apa-rules": (["R03,R14"], "R03,R14"),
    "--no-apa-rule": (["R15,R27"], ("R15", "R27")),
    "--crlf": ([], "\r\n"),
    "--title": (["Sources"], "Sources"),
    "--list": (["numbered"], "numbered"),
    "--front-matter": ([], True),
}


def declared_flags() -> list[tuple[str, str]]:
    return [(field.name, flag.spelling) for field in fields(WriterOptions)
            if (flag := flag_of(field)) is not None]


def test_every_builtin_writer_reads_options_the_command_line_provides() -> None:
    """WriterOptions is every built-in writer's options class at once, so the flags built from
    its fields cover every option of every built-in writer."""
    registry = default_registry()
    for name in BUILTIN_WRITERS:
        writer = registry.writers.get(name)
        assert issubclass(WriterOptions, writer.options_type), name
        assert writer.options_type is not Options, name
    assert OldHome is WriterOptions  # risx.writers.base.WriterOptions still imports


def test_the_flags_are_the_declared_ones_in_order_with_their_help() -> None:
    assert [spelling for _, spelling in declared_flags()] == list(GIVEN)
    done = CliRunner().invoke(main, ["convert", "--help"], terminal_width=200)
    listed = re.findall(r"^  (--[a-z-]+)", done.stdout, re.M)
    writer_flags = [f for f in listed if f in GIVEN]
    assert writer_flags == list(GIVEN)
    one_line = " ".join(done.stdout.split())
    for field in fields(WriterOptions):
        flag = flag_of(field)
        if flag is not None:
            assert " ".join(flag.help.split()) in one_line, flag.spelling


@pytest.mark.parametrize("spelling", list(GIVEN))
def test_each_flag_reaches_its_field(spelling: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def convert(*_args: Any, writer_options: WriterOptions, **_kwargs: Any) -> Any:
        seen["options"] = writer_options
        return type("Result", (), {"ok": True})()

    monkeypatch.setattr(risx.api, "convert", convert)
    values, expected = GIVEN[spelling]
    done = CliRunner().invoke(main, ["convert", str(ONE), spelling, *values])
    assert done.exit_code == 0, done.output
    name = dict((s, n) for n, s in declared_flags())[spelling]
    changed = {f.name for f in fields(WriterOptions)
               if getattr(seen["options"], f.name) != getattr(WriterOptions(), f.name)}
    assert changed == {name} and getattr(seen["options"], name) == expected


def test_dedupe_offers_two_of_them_with_its_own_help() -> None:
    done = CliRunner().invoke(main, ["dedupe", "--help"], terminal_width=200)
    listed = [f for f in re.findall(r"^  (--[a-z-]+)", done.stdout, re.M) if f in GIVEN]
    assert listed == ["--no-extra", "--keep-ids"]
    assert " --no-extra Drop source tags no mapping used.\n" in re.sub(" +", " ", done.stdout)


def test_a_writer_takes_its_own_fields_out_of_any_options() -> None:
    view = WriterOptions(ascii=True, newline="\r\n", list_style="numbered")
    assert BibtexOptions.adopt(view) is view  # the view is every writer's class: no copy
    assert RisOptions.adopt(None) == RisOptions()
    assert BibtexOptions.adopt(RisOptions(newline="\r\n")) == BibtexOptions()
    assert MarkdownOptions.adopt(ReferenceListOptions(style="x.csl")) == MarkdownOptions(
        style="x.csl")
    writer = MarkdownWriter(collect()[1], ReferenceListOptions(style="x.csl"), title="T")
    assert isinstance(writer.options, MarkdownOptions)
    assert (writer.options.style, writer.options.title, writer.list_style) == ("x.csl", "T",
                                                                               "bullet")


@dataclass(frozen=True)
class ShoutOptions(Options):
    """A plugin's options: one field of a built-in name (filled from --title), one of its own."""

    title: str | None = None
    loud: bool = True


class ShoutWriter(Writer):
    """A plugin writer with an options class of its own."""

    name = "shout"
    extensions = (".shout",)
    description = "titles in capitals (a test writer)"
    options_type = ShoutOptions
    options: ShoutOptions

    def write(self, records: Iterable[Record], out: TextIO) -> None:
        if self.options.title:
            out.write(f"== {self.options.title} ==\n")
        for record in records:
            out.write((record.title.upper() if self.options.loud else record.title) + "\n")


def test_a_plugins_options_class_takes_the_fields_it_shares_with_the_view() -> None:
    registry = default_registry()
    registry.writers.register(ShoutWriter.name, ShoutWriter)
    out = io.StringIO()
    risx.write(risx.read(ONE), "shout", out, options=WriterOptions(title="Refs"),
               registry=registry)
    assert out.getvalue() == ("== Refs ==\nCLINICIAN PERSPECTIVES ON WHAT CONSTITUTES GOOD "
                              "PRACTICE IN COMMUNITY SERVICES FOR PEOPLE WITH COMPLEX "
                              "EMOTIONAL NEEDS: A QUALITATIVE THEMATIC META-SYNTHESIS\n")


def test_options_are_values_as_dataclasses_are() -> None:
    """The classes are declared without the dataclass's eq and repr (start-up cost); Options
    gives them the same meaning: same class and same values."""
    assert WriterOptions(style="x.csl") == WriterOptions(style="x.csl")
    assert hash(WriterOptions(style="x.csl")) == hash(WriterOptions(style="x.csl"))
    assert WriterOptions(style="x.csl") != WriterOptions()
    assert ReferenceListOptions() != MarkdownOptions()  # same fields' values, other class
    assert len({RisOptions(), RisOptions(), RisOptions(newline="\r\n")}) == 2
    assert repr(RisOptions(newline="\r\n")) == "RisOptions(newline='\\r\\n')"
    with pytest.raises(AttributeError):  # frozen
        RisOptions().newline = "\r\n"  # type: ignore[misc]


def test_the_writers_of_issue_20_read_their_declared_options() -> None:
    """--title reaches the HTML page and the docx (TitledListOptions), --front-matter the CSL
    YAML writer (CslYamlOptions), --no-extra the Hayagriva writer, out of the one view."""
    from risx.writers.csl_yaml import CslYamlWriter
    from risx.writers.docx import DocxWriter
    from risx.writers.hayagriva import HayagrivaWriter
    from risx.writers.html import HtmlWriter
    from risx.writers.options import CslJsonOptions, CslYamlOptions, TitledListOptions

    report = collect()[1]
    view = WriterOptions(title="Works cited", front_matter=True, no_extra=True)
    html = HtmlWriter(report, view)
    assert isinstance(html.options, TitledListOptions) and html.title == "Works cited"
    assert HtmlWriter(report, view, title="Other").title == "Other"
    assert DocxWriter(report, view).title == "Works cited"
    assert isinstance(CslYamlWriter(report, view).options, CslYamlOptions)
    assert CslYamlWriter(report, view).front_matter
    assert not CslYamlWriter(report, CslYamlOptions()).front_matter
    assert CslYamlWriter(report, CslYamlOptions(), front_matter=True).front_matter
    hayagriva = HayagrivaWriter(report, view)
    assert isinstance(hayagriva.options, CslJsonOptions) and hayagriva.options.no_extra
