"""``-t csl-yaml``: the CSL-JSON items as YAML, checked with the real pandoc (``pypandoc-binary``,
installed by scripts/install-test-tools): ``pandoc --citeproc`` gives the same bibliography from
our YAML as from our CSL-JSON, on every RIS corpus file, and nothing in the data becomes markup.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from pathlib import Path

import pypandoc
import yaml
from click.testing import CliRunner

from risx.cli import main
from risx.diagnostics import collect
from risx.model import Contributor, Date, Name, Record, SourceLocation
from risx.writers.csl_yaml import CslYamlWriter, escape_pandoc_markdown
from risx.writers.csljson import CslJsonWriter
from test_reader_corpus import all_ris_files, read_file

PANDOC = pypandoc.get_pandoc_path()
_DOCUMENT = "---\nnocite: '@*'\n---\n"


def write(writer: type[CslYamlWriter] | type[CslJsonWriter], records: list[Record],
          **options: bool) -> str:
    _found, report = collect()
    out = io.StringIO()
    writer(report, **options).write(records, out)  # type: ignore[arg-type]
    return out.getvalue()


def bibliography(tmp_path: Path, name: str, text: str) -> str:
    """pandoc's HTML bibliography of every item in ``text`` (a file named ``name``)."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run([PANDOC, "--citeproc", "--bibliography", str(tmp_path / name),
                             "-f", "markdown", "-t", "html", "--wrap=none"],
                            input=_DOCUMENT, capture_output=True, text=True, check=True)
    assert result.stderr == "", result.stderr
    return result.stdout


def without_spans(html: str) -> str:
    return re.sub(r"</?span>", "", html)


#: Name variables pandoc (3.9) reads from CSL-JSON but not from a YAML bibliography, where it
#: turns their names into "": a limit of pandoc's YAML path, not of the file, so the comparison
#: leaves them out on both sides (the writer keeps them: see test_front_matter_and_plain_list).
PANDOC_YAML_UNREAD_ROLES = ("contributor", "producer", "organizer", "performer")


def without_unread_roles(record: Record) -> Record:
    kept = tuple(c for c in record.contributors if c.role not in PANDOC_YAML_UNREAD_ROLES)
    return dataclasses.replace(record, contributors=kept)


def test_pandoc_gives_the_same_bibliography_as_from_csl_json(tmp_path: Path) -> None:
    files = all_ris_files()
    compared = 0
    for path in files:
        records, _ = read_file(path)
        if not records:
            continue
        records = [without_unread_roles(record) for record in records]
        from_json = bibliography(tmp_path, "refs.json", write(CslJsonWriter, records))
        from_yaml = bibliography(tmp_path, "refs.yaml", write(CslYamlWriter, records))
        assert from_json.count('class="csl-entry"') == len(records), path
        # citeproc wraps quoted text from CSL-JSON in a bare <span>; from Markdown the same
        # quotes come as text: span tags carry no formatting here and are left out.
        assert without_spans(from_yaml) == without_spans(from_json), path
        compared += len(records)
    assert compared > 1700


HOSTILE = ("*em* **b** <b>raw</b> <script>x</script> $x$ [@cite] `code` ~sub~ ^sup^ "
           "\"quoted\" 'single' -- --- ... & &amp; # {.cls} [link](http://x) \\ end")


def test_markdown_in_the_data_stays_text(tmp_path: Path) -> None:
    record = Record(type="book", source=SourceLocation("t", 1), title=HOSTILE,
                    publisher="1984. Orwell", issued=Date(parts=((2020,),)),
                    contributors=(Contributor("author", Name(family="- Doe", given="# J")),))
    # The default style (Chicago) title-cases: compare without case.
    html = bibliography(tmp_path, "refs.yaml", write(CslYamlWriter, [record])).lower()
    assert "<script" not in html and "<b>" not in html and "<code>" not in html
    assert "<ol" not in html and "<h1" not in html and 'class="math' not in html
    assert "*em* **b**" in html
    assert "<strong>raw</strong>" in html  # CSL rich text, as pandoc reads it from CSL-JSON
    assert "-- --- ..." in html and "$x$" in html and "[@cite]" in html
    assert "1984. orwell" in html and "doe, # j" in html


def test_escape_reads_back_through_pandoc(tmp_path: Path) -> None:
    template = tmp_path / "value.txt"
    template.write_text("$value$\n", encoding="utf-8")
    samples = [HOSTILE, "1. one", "iv) four", "(a) x", "a\n\n# heading", ": def", "+ plus",
               "> quote", "<http://x.org>", "C. C.", "x  \ny", "100%", "a_b_c"]
    for text in samples:
        document = f"---\nvalue: {yaml.safe_dump(escape_pandoc_markdown(text)).strip()}\n---\n"
        result = subprocess.run([PANDOC, "-f", "markdown", "-t", "plain", "--wrap=none",
                                 "--template", str(template)], input=document, capture_output=True,
                                text=True, check=True)
        # Quotes come back typographic (pandoc's smart quotes, as citeproc does from CSL-JSON).
        read_back = re.sub("[\u201c\u201d]", '"', re.sub("[\u2018\u2019]", "'", result.stdout))
        assert " ".join(read_back.split()) == " ".join(text.split()), text


def test_front_matter_and_plain_list() -> None:
    record = Record(type="book", source=SourceLocation("t", 1), source_id="k", title="T",
                    contributors=(Contributor("producer", Name(literal="P")),))
    plain = yaml.safe_load(write(CslYamlWriter, [record]))
    assert plain == [{"id": "k", "type": "book", "title": "T", "producer": [{"literal": "P"}]}]
    front = write(CslYamlWriter, [record], front_matter=True)
    assert front.startswith("---\nreferences:\n") and front.endswith("\n---\n")
    assert yaml.safe_load(front.strip("-\n")) == {"references": plain}
    assert write(CslYamlWriter, []) == "[]\n"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", "-q", "-f", "ris", "-t", "csl-yaml",
                                  "--front-matter", "-"],
                           input="TY  - BOOK\nID  - k\nTI  - T\nER  - \n")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output.strip("-\n")) == {
        "references": [{"id": "k", "type": "book", "title": "T"}]}
