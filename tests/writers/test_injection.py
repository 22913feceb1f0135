"""Hostile data cannot become code, markup or structure in any output format.

Titles, names, abstracts, URLs and notes full of LaTeX commands, HTML, Markdown
syntax, JSON/RIS delimiters and control characters go through every writer;
each output is then parsed the way its consumer would parse it (JSON, the RIS
reader, bibtexparser, markdown-it-py, an HTML parser) and inspected.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from conftest import CORPUS, codes, read_text
from risx.cli import main
from risx.diagnostics import collect
from risx.model import Contributor, Name, RawTag, Record, SourceLocation
from risx.registry import default_registry
from test_roundtrip import write_ris

FORMATS = default_registry().writers.names()

HOSTILE_RIS = r"""TY  - JOUR
TI  - # Heading \input{/etc/passwd} \write18{rm -rf /} <script>alert(1)</script> [x](javascript:alert(1)) `code` | a | b |
AU  - \catcode`\^^M=13 \def\x{y}, <img src=x onerror=alert(1)>
AU  - - Listy, ^^5cinput \csname
T2  - Journal } @misc{evil, title={x}
PY  - 2020
AB  - Abstract \csname foo\endcsname ![img](data:text/html;base64,PHNjcmlwdD4=) </textarea>
UR  - javascript:alert(document.cookie)
DO  - 10.1000/"><script>x</script>
N1  - Note }}} {{{ \openout\include{x} \immediate\write18{id} ^^5c^^69nput
KW  - <iframe src="data:text/html,x">
ER  -

TY  - BOOK
TI  - - starts like a list item
AU  - Doe, Jane
PY  - 2021
PB  - **bold** _em_ <b>raw</b>
UR  - data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==
ER  -
"""

LATEX_DANGER = ("\\input", "\\include", "\\write18", "\\openout", "\\catcode", "\\def",
                "\\csname", "\\immediate", "^^")
# The escapes the BibTeX writers emit for special characters (UTF-8 mode).
_LATEX_ESCAPES = re.compile(
    r"\\(?:textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum|"
    r"textless|textgreater|textbar|textquotedbl)(?![A-Za-z])|\\[&%$#_{}]"
    # the formatting risx writes for CSL rich text (<b>, <i>...): commands of its own
    r"|\\(?:textit|textbf|textsuperscript|textsubscript|textsc)(?=\{)")


def convert(fmt: str, data: bytes, tmp_path: Path, *args: str, name: str = "in.ris") -> str:
    source = tmp_path / name
    source.write_bytes(data)
    result = CliRunner().invoke(main, ["convert", "-q", str(source), "-t", fmt, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def docx_xml(data: bytes, tmp_path: Path) -> str:
    import zipfile

    (tmp_path / "in.ris").write_bytes(data)
    target = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["convert", "-q", str(tmp_path / "in.ris"), "-t", "docx",
                                       "-o", str(target)])
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")


def test_hostile_input_reads_as_two_records() -> None:
    records, _ = read_text(HOSTILE_RIS)
    assert [r.type for r in records] == ["article-journal", "book"]


# -- CSL-JSON ----------------------------------------------------------------------------------

def _schema() -> jsonschema.Draft7Validator:
    schema = json.loads((CORPUS / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def test_csljson_is_valid_schema_valid_and_keeps_hostile_text_as_data(tmp_path: Path) -> None:
    output = convert("csl-json", HOSTILE_RIS.encode(), tmp_path)
    items = json.loads(output)
    assert list(_schema().iter_errors(items)) == []
    records, _ = read_text(HOSTILE_RIS)
    assert [item["title"] for item in items] == [r.title for r in records]


def test_csljson_escapes_control_characters() -> None:
    from risx.writers.csljson import CslJsonWriter

    title = "a\x00b\x01c\x1b[2Jd\x7f\u2028e\"\\</script>"
    record = Record(type="book", source=SourceLocation("m", 1), title=title,
                    notes=("line\nbreak\ttab\r",))
    _found, report = collect()
    out = io.StringIO()
    CslJsonWriter(report).write([record], out)
    text = out.getvalue()
    # Every control character is escaped; the only raw one left is the layout's line feed.
    assert re.search(r"[\x00-\x09\x0b-\x1f]", text) is None
    item = json.loads(text)[0]
    assert item["title"] == title and item["note"] == "line\nbreak\ttab\r"
    assert list(_schema().iter_errors([item])) == []


# -- RIS ---------------------------------------------------------------------------------------

def test_ris_value_with_newline_er_cannot_end_the_record_early() -> None:
    title = "Real title\nER  - \nTY  - BOOK\nTI  - Injected"
    abstract = "First\nER  - early\n\nTY  - BOOK\nAU  - Mallory"
    record = Record(type="article-journal", source=SourceLocation("m.json", 1), raw=(
        RawTag("TY", "JOUR", 1), RawTag("TI", title, 2), RawTag("AB", abstract, 3),
        RawTag("ER", "", 4)))
    text, written = write_ris([record])
    assert written == []
    again, diagnostics = read_text(text)
    assert codes(diagnostics) == []
    assert len(again) == 1
    # A one-line tag keeps the words (its line breaks become spaces, as the reader joins them);
    # a paragraph tag keeps them exactly.
    assert again[0].title == "Real title ER  - TY  - BOOK TI  - Injected"
    assert again[0].abstract == abstract
    assert again[0].names("author") == ()
    assert [raw.tag for raw in again[0].raw] == ["TY", "TI", "AB", "ER"]


def test_ris_injection_through_the_csljson_reader(tmp_path: Path) -> None:
    """End to end: a CSL-JSON file from a stranger, converted to RIS, read back."""
    item = {"id": "x", "type": "book", "title": "Safe\r\nER  - \nTY  - JOUR\nTI  - Evil",
            "abstract": "One\u2028ER  - \n\n\nKW  - injected\rTwo",
            "author": [{"family": "Doe\nER  - ", "given": "J"}],
            "note": "ok\nAU  - Mallory, M"}
    output = convert("ris", json.dumps([item]).encode(), tmp_path, "-f", "csl-json",
                     name="in.json")
    again, diagnostics = read_text(output)
    assert codes(diagnostics) == []
    assert len(again) == 1
    record = again[0]
    assert record.title == "Safe ER  - TY  - JOUR TI  - Evil"
    assert record.abstract == "One\nER  -\n\nKW  - injected\nTwo"
    assert record.keywords == ()
    assert len(record.contributors) == 1 and "Doe" in record.contributors[0].name.display()
    assert record.notes == ("ok\nAU  - Mallory, M",)


# -- every writer ------------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


def html_tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def assert_safe_html(html: str, allowed: set[str]) -> None:
    parsed = html_tags(html)
    assert set(parsed.tags) <= allowed, set(parsed.tags) - allowed
    for name, value in parsed.attributes:
        assert not name.startswith("on"), name
        if name in ("href", "src"):
            assert re.match(r"https?://", value), value


def assert_safe_latex(bib: str, entries: int) -> None:
    library = bibtexparser.parse_string(bib)
    assert len(library.entries) == entries
    assert library.failed_blocks == []
    left = _LATEX_ESCAPES.sub("", bib)
    assert "\\" not in left, left[max(0, left.index("\\") - 40):left.index("\\") + 40]
    for danger in LATEX_DANGER:
        assert danger not in left
    for entry in library.entries:
        for field in entry.fields:
            depth = 0
            for char in _LATEX_ESCAPES.sub("", str(field.value)):
                depth += {"{": 1, "}": -1}.get(char, 0)
                assert depth >= 0, (field.key, field.value)
            assert depth == 0, (field.key, field.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_input_is_inert_in_every_format(fmt: str, tmp_path: Path) -> None:
    if fmt == "docx":  # bytes: the document's XML is read (tests/writers/test_docx_writer.py has more)
        import zipfile

        output = docx_xml(HOSTILE_RIS.encode(), tmp_path)
        assert "<w:hyperlink" not in output  # no javascript:, data: or quoted-DOI link
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
        assert zipfile.is_zipfile(tmp_path / "out.docx")
        return
    output = convert(fmt, HOSTILE_RIS.encode(), tmp_path)
    # Nothing that a terminal or an editor would execute or hide: no control characters.
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f]", output.replace("\r\n", "\n")) is None
    if fmt == "csl-json":
        assert len(json.loads(output)) == 2
    elif fmt == "ris":
        assert len(read_text(output)[0]) == 2
    elif fmt in ("bibtex", "biblatex"):
        assert_safe_latex(output, 2)
        # The javascript: and data: URLs would be live links in the PDF: they are text instead.
        urls = [f.value for e in bibtexparser.parse_string(output).entries for f in e.fields
                if f.key == "url"]
        assert urls == []
        assert "javascript:alert(document.cookie)" in output
    elif fmt == "markdown":
        rendered = MarkdownIt("commonmark").render(output)
        # One list item per reference and nothing else the data could have made.  <strong>
        # comes from CSL rich-text markup in the data (<b>raw</b>), which CSL defines as
        # formatting: bold text, not HTML.
        assert_safe_html(rendered, {"ul", "li", "p", "em", "strong", "a"})
        assert rendered.count("<li>") == 2
        for text in ("<script", "<img", "<iframe", "<b>", "javascript:alert(1)\"",
                     "href=\"javascript", "href=\"data"):
            assert text not in rendered
    elif fmt == "html":
        assert_safe_html(output, {"html", "head", "meta", "title", "body", "div", "i", "a", "b",
                                  "span", "sup", "sub"})
        assert "<script" not in output and "<img" not in output and "<iframe" not in output
    elif fmt == "apa":
        assert "Heading" in output  # plain text: present, and nothing to interpret
    elif fmt in ("hayagriva", "csl-yaml"):
        import yaml

        events = list(yaml.parse(output))  # no tag, anchor or alias from the data
        assert not [e for e in events if isinstance(e, yaml.AliasEvent)]
        assert all(getattr(e, "anchor", None) is None and getattr(e, "tag", None) is None
                   for e in events)
        loaded = yaml.safe_load(output)
        entries = list(loaded.values()) if fmt == "hayagriva" else loaded
        assert len(entries) == 2
        if fmt == "hayagriva":  # no live link from a javascript: or data: URL
            assert all("url" not in entry for entry in entries)
    else:  # a writer added later: at least it ran
        assert output


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f in ("bibtex", "biblatex")])
def test_latex_escape_sequences_from_names_and_notes(fmt: str, tmp_path: Path) -> None:
    record = Record(type="book", source=SourceLocation("m", 1), title="T \\input x",
                    contributors=(Contributor("author", Name(family="\\def\\a", given="^^M")),),
                    notes=("}\\end{document}",))
    _found, report = collect()
    out = io.StringIO()
    default_registry().writers.get(fmt)(report).write([record], out)
    assert_safe_latex(out.getvalue(), 1)


_ACTS_ON_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("command", [["convert", "-t", "bibtex"], ["check", "--format", "github"],
                                     ["check"]])
def test_messages_quoting_the_input_cannot_drive_the_terminal(command: list[str],
                                                              tmp_path: Path) -> None:
    # Escape sequences (colour, window title, clear screen), a control character and a
    # right-to-left override in text that messages quote: RIS010 and BIB003 here.
    source = tmp_path / "in.ris"
    source.write_bytes("junk \x1b[31mRED\x1b]0;title\x07 \u202egnp.exe\nTY  - JOUR\nTI  - x\n"
                       "UR  - java\x01script:\x1b[2Jalert(1)\nER  - \n".encode())
    result = CliRunner().invoke(main, [*command, str(source)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    printed = result.stderr + (result.stdout if "github" in command else "")
    assert _ACTS_ON_TERMINAL.search(printed.replace("\n", "")) is None, printed
    assert "RIS010" in printed and r"junk \x1b[31mRED\x1b]0;title\x07 \u202egnp.exe" in printed
    if "bibtex" in command:
        assert r"java\x01script:\x1b[2Jalert(1)" in result.stderr
