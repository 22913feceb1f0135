"""CSL rich text in titles (from CSL-JSON, or the BibTeX reader's ``{APA}`` and ``\\textit{}``)
is LaTeX markup in BibTeX output, not escaped HTML (``{\\textless}span...``), and words in
Hayagriva (Typst would print tags) and in cite keys."""

from __future__ import annotations

import io
import json

from risx import api
from risx.model import Record
from risx.writers.bibtex.latex import rich_to_latex

BIB = ("@article{a,\n title = {The {APA} way of \\textit{Homo sapiens}},\n"
       " journal = {{BMJ} Open},\n author = {Doe, Jane}, year = {2020}}\n")


def read(text: str, format: str) -> list[Record]:
    return api.read(io.BytesIO(text.encode("utf-8")), format=format)


def written(records: list[Record], format: str) -> str:
    out = io.StringIO()
    api.write(records, format, out)
    return out.getvalue()


def test_bibtex_to_bibtex_keeps_the_markup_as_latex() -> None:
    for format in ("bibtex", "biblatex"):
        bib = written(read(BIB, "bibtex"), format)
        assert "title = {The {APA} way of \\textit{Homo sapiens}}" in bib
        assert "{{BMJ} Open}" in bib
        assert "textless" not in bib and "span" not in bib
        # The key is made from the title's words, not its tags.
        assert bib.startswith("@article{doe2020apa,"), bib
        again = read(bib, "bibtex")[0]
        assert again.title == 'The <span class="nocase">APA</span> way of <i>Homo sapiens</i>'


def test_csl_json_rich_text_in_bibtex() -> None:
    item = {"id": "x", "type": "article-journal", "title": "H<sub>2</sub>O and <b>CO</b><sup>2</sup>",
            "container-title": "<i>Acta</i> & more"}
    bib = written(read(json.dumps([item]), "csl-json"), "bibtex")
    assert "title = {H\\textsubscript{2}O and \\textbf{CO}\\textsuperscript{2}}" in bib
    assert "journal = {\\textit{Acta} \\& more}" in bib


def test_only_nested_tags_become_commands_so_braces_always_balance() -> None:
    assert rich_to_latex("<i>a <b>b</i> c</b>") == "\\textit{a \\textbf{b{\\textless}/i{\\textgreater} c}}"
    assert rich_to_latex("x</i> <i>open") == "x{\\textless}/i{\\textgreater} \\textit{open}"
    # Other markup is text, escaped: no live command, no HTML.
    assert rich_to_latex("<script>alert(1)</script>") == (
        "{\\textless}script{\\textgreater}alert(1){\\textless}/script{\\textgreater}")
    for value in ("<i>a <b>b</i> c</b>", "</span><span class=\"nocase\">x", "<sup><sub>1</sup>"):
        latex = rich_to_latex(value)
        depth = 0
        for char in latex.replace("\\{", "").replace("\\}", ""):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, latex
        assert depth == 0, latex


def test_hayagriva_gets_the_words_and_ris_the_tags_as_zotero_writes_them() -> None:
    records = read(BIB, "bibtex")
    assert "<" not in written(records, "hayagriva")  # Typst would print the tags
    # RIS has no markup of its own; the tags are kept, as Zotero's RIS writes them, and the
    # readers read them back (tests/readers/test_endnote_xml_reader.py round trips).
    ris = written(records, "ris")
    assert "TI  - The <span class=\"nocase\">APA</span> way of <i>Homo sapiens</i>" in ris
