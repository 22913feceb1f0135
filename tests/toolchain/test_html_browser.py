"""``-t html`` in a real browser: Debian's ``chromium`` headless (installed by
scripts/install-test-tools) loads a page made from hostile records and corpus files.

``--dump-dom`` gives the DOM after the page has loaded and run whatever it would run.  A page
of ours with a real script added shows that the check can see a script run (it changes the
title and adds a node); the page risx wrote must show none, only safe links, and every entry.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from conftest import corpus_path
from risx.cli import main
from test_injection import HOSTILE_RIS

# More hostile links beside test_injection's: each scheme a browser would follow.
EXTRA_HOSTILE = """TY  - ELEC
TI  - <svg onload=alert(1)> "><script>document.title='pwned'</script>
AU  - Roe, Richard
PY  - 2022
UR  - ftp://ftp.example.org/pub/file.txt
ER  -

TY  - ELEC
TI  - Link schemes
AU  - Poe, Edgar
PY  - 2023
UR  - vbscript:msgbox(1)
ER  -

TY  - JOUR
TI  - A DOI with quotes
AU  - Moe, M.
PY  - 2019
T2  - J
DO  - 10.1000/x"onmouseover="alert(1)
ER  -
"""
CORPUS_FILES = (("seed", "troup2022-pure-export.ris"),
                ("db-exports", "ebsco-academic-search-premier__synthesisr.ris"))
SAFE_SCHEME = re.compile(r"^(?:https?|ftps?)://", re.IGNORECASE)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "chromium is missing: run scripts/install-test-tools"
    return found


def browser(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                           "--no-first-run", "--disable-extensions", *arguments],
                          capture_output=True, text=True, timeout=120, check=True)


class Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.entries = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)
        self.entries += ("class", "csl-entry") in attrs
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def dump(page: Path) -> Dom:
    dom = Dom()
    dom.feed(browser("--dump-dom", page.as_uri()).stdout)
    return dom


def hostile_page(tmp_path: Path) -> tuple[Path, int]:
    (tmp_path / "hostile.ris").write_text(HOSTILE_RIS + "\n" + EXTRA_HOSTILE, encoding="utf-8")
    inputs = [str(tmp_path / "hostile.ris"), *(str(corpus_path(*f)) for f in CORPUS_FILES)]
    page = tmp_path / "refs.html"
    result = CliRunner().invoke(main, ["convert", "-q", *inputs, "-t", "html",
                                       "--title", "Sources <b>x</b>", "-o", str(page)])
    assert result.exit_code == 0, result.output
    records = 2 + 3 + 1 + 4  # hostile, extra hostile, seed, EBSCO
    return page, records


def test_the_check_sees_a_script_that_runs(tmp_path: Path) -> None:
    page, _ = hostile_page(tmp_path)
    live = tmp_path / "live.html"
    live.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>document.title='RAN';"
        "document.body.appendChild(document.createElement('article'))</script></body>"),
        encoding="utf-8")
    dom = dump(live)
    assert dom.title == "RAN" and "article" in dom.tags


def test_hostile_page_in_chromium(tmp_path: Path) -> None:
    page, records = hostile_page(tmp_path)
    dom = dump(page)
    assert dom.title == "Sources <b>x</b>"  # the title, as text; no script changed it
    assert set(dom.tags) <= {"html", "head", "meta", "title", "body", "h1", "div", "i", "b",
                             "a", "span", "sup", "sub"}, set(dom.tags)
    assert not [name for name, _ in dom.attributes if name.startswith("on")]
    hrefs = [value for name, value in dom.attributes if name == "href"]
    assert hrefs and all(SAFE_SCHEME.match(href) for href in hrefs), hrefs
    assert "ftp://ftp.example.org/pub/file.txt" in hrefs
    assert dom.entries == records
    text = page.read_text(encoding="utf-8")
    for shown in ("javascript:alert(document.cookie)", "vbscript:msgbox(1)"):
        assert shown in text and f'href="{shown}' not in text  # text, not a link


def test_page_is_well_formed_with_lang_and_charset(tmp_path: Path) -> None:
    page, records = hostile_page(tmp_path)
    root = ElementTree.fromstring(page.read_text(encoding="utf-8").split("\n", 1)[1])
    assert root.tag == "html" and root.get("lang") == "en-US"
    assert root.find("head/meta").get("charset") == "utf-8"  # type: ignore[union-attr]
    assert root.findtext("head/title") == "Sources <b>x</b>"
    assert root.findtext("body/h1") == "Sources <b>x</b>"
    body = root.find("body/div")
    assert body is not None and "text-indent: -2em" in (body.get("style") or "")
    assert len(body.findall("div")) == records


def test_screenshot(tmp_path: Path) -> None:
    page, _ = hostile_page(tmp_path)
    shot = tmp_path / "refs.png"
    browser(f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000
