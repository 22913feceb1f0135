"""Markdown output, checked by rendering it with markdown-it-py (CommonMark) and reading the HTML.

For every oracle item, the rendered Markdown must read as the citeproc-js plain
text entry, with italics exactly where citeproc-js's HTML has them; hostile
data must come out as text.
"""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

from conftest import corpus_path, read_text
from risx.csl import CslRenderer, load_style
from risx.diagnostics import collect
from risx.writers.base import WriterOptions
from risx.writers.markdown import MarkdownWriter

COMMONMARK = MarkdownIt("commonmark")


class Runs(HTMLParser):
    """Text of an HTML fragment as (text, italic) runs, plus every tag and attribute seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[tuple[str, bool]] = []
        self.italic = 0
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in ("i", "em"):
            self.italic += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("i", "em"):
            self.italic -= 1

    def handle_data(self, data: str) -> None:
        italic = self.italic > 0
        if self.runs and self.runs[-1][1] == italic:
            self.runs[-1] = (self.runs[-1][0] + data, italic)
        else:
            self.runs.append((data, italic))

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


def parse(fragment: str) -> Runs:
    parser = Runs()
    parser.feed(fragment)
    parser.close()
    return parser


def markdown_inline_html(markdown: str) -> str:
    rendered = COMMONMARK.render(markdown).strip()
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    return rendered[3:-4]


def oracle(name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    folder = corpus_path("apa-oracle")
    return (json.loads((folder / f"{name}.json").read_text(encoding="utf-8")),
            json.loads((folder / f"{name}.citeproc-js.json").read_text(encoding="utf-8"))["bib"])


def test_markdown_reads_as_citeproc_js_text_with_its_italics() -> None:
    items, bib = oracle("items")
    entries = {e.id: e for e in CslRenderer(load_style()).render(items).entries}
    expected_html = dict(zip(bib["html"]["order"], bib["html"]["entries"], strict=True))
    expected_text = dict(zip(bib["text"]["order"], bib["text"]["entries"], strict=True))
    checked = 0
    for item_id, entry in entries.items():
        if item_id == "report":  # the known citeproc-js difference (see test_csl_oracle.py)
            continue
        ours = parse(markdown_inline_html(entry.to("markdown")))
        theirs = parse(expected_html[item_id].strip())
        assert ours.text == expected_text[item_id].strip()
        assert ours.runs == theirs.runs, item_id
        checked += 1
    assert checked == 44


def test_dois_and_urls_are_links() -> None:
    items, _ = oracle("items")
    entry = next(e for e in CslRenderer(load_style()).render(items).entries
                 if e.id == "troup2022")
    markdown = entry.to("markdown")
    assert markdown.endswith("<https://doi.org/10.1371/journal.pone.0267787>")
    links = [dict(attrs)["href"] for tag, attrs in parse(markdown_inline_html(markdown)).tags
             if tag == "a"]
    assert links == ["https://doi.org/10.1371/journal.pone.0267787"]


HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "*not emphasis* and _not either_ and **nor this**",
    "`code` and ``more``",
    "<img src=x onerror=alert(1)>",
    "&lt;entity&gt; &amp; &#60;",
    "a ~~strike~~ | pipe | $x$ \\backslash",
    "<https://autolink.example>",
    "[ref]: https://evil.example",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_come_out_as_text(title: str) -> None:
    item = {"id": "h", "type": "book", "title": title, "publisher": "P",
            "author": [{"family": "Doe", "given": "J."}], "issued": {"date-parts": [[2020]]}}
    entry = CslRenderer(load_style()).render([item]).entries[0]
    rendered = markdown_inline_html(entry.to("markdown"))
    runs = parse(rendered)
    assert runs.text == entry.to("text")
    assert title in runs.text
    assert [tag for tag, _ in runs.tags] == ["em"]  # only the style's italic title
    assert runs.runs[1] == (title, True)


def test_entries_that_look_like_block_syntax_stay_list_items() -> None:
    titles = ["1984. A novel", "# Not a heading", "> not a quote", "- not a list", "+ plus"]
    items = [{"id": str(n), "type": "webpage", "title": t, "URL": "https://e.org/"}
             for n, t in enumerate(titles)]
    writer = MarkdownWriter(collect()[1])
    out = io.StringIO()
    entries = [e.to("markdown") for e in CslRenderer(load_style()).render(items).entries]
    writer.write_document(entries, out, load_style())
    rendered = COMMONMARK.render(out.getvalue())
    assert rendered.count("<li>") == len(titles)
    assert "<h1>" not in rendered and "<blockquote>" not in rendered and "<ol" not in rendered


def test_javascript_url_is_not_a_link() -> None:
    item = {"id": "j", "type": "webpage", "title": "Page", "URL": "javascript:alert(1)"}
    markdown = CslRenderer(load_style()).render([item]).entries[0].to("markdown")
    rendered = markdown_inline_html(markdown)
    assert "<a " not in rendered and "javascript:alert(1)" in parse(rendered).text


SEED_MARKDOWN = (
    "Troup, J., Taylor, B. L., Rains, L. S., Broeckelmann, E., Russell, J., Jeynes, T., "
    "Cooper, C., Steare, T., Dedat, Z., McNicholas, S., Oram, S., Dale, O., \\& Johnson, S. "
    "(2022). Clinician perspectives on what constitutes good practice in community services "
    "for people with complex emotional needs: A qualitative thematic meta-synthesis. "
    "*PLoS ONE*, *17*(5), Article e0267787. <https://doi.org/10.1371/journal.pone.0267787>")


def seed_records() -> list[Any]:
    data = corpus_path("seed", "troup2022-pure-export.ris").read_bytes()
    records, _ = read_text(data, "troup2022-pure-export.ris")
    return records


def test_writer_bullet_list_with_title() -> None:
    out = io.StringIO()
    MarkdownWriter(collect()[1], title="My *refs*").write(seed_records(), out)
    assert out.getvalue() == "# My \\*refs\\*\n\n- " + SEED_MARKDOWN + "\n"


def test_writer_numbered_list_from_options() -> None:
    out = io.StringIO()
    options = WriterOptions()
    object.__setattr__(options, "list_style", "numbered")  # as a CLI --list would set it
    MarkdownWriter(collect()[1], options).write(seed_records(), out)
    assert out.getvalue() == "1. " + SEED_MARKDOWN + "\n"
    assert "<ol>" in COMMONMARK.render(out.getvalue())
