"""The README and the diagnostic codes stay in step with the code."""

from __future__ import annotations

import re

from conftest import ROOT
from risx.diagnostics import CODE_ALIASES, CODES

SOURCE_CODE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_code_used_in_the_source_is_documented_in_codes() -> None:
    used = set(re.findall(r'"((?:TXT|RIS|JSN|ENX|BTX|MED|WOS|FMT|OUT|BIB|CSL|IO)\d{3})"', SOURCE_CODE))
    assert used - set(CODES) == set()


def test_every_code_is_used_somewhere() -> None:
    # Once as a key of a format's CODES, at least once where it is reported; an old name is
    # declared once, beside the code it stands for.
    unused = {code for code in CODES if code not in CODE_ALIASES
              and SOURCE_CODE.count(f'"{code}"') < 2}
    assert unused == set()
    assert set(CODE_ALIASES.values()) <= set(CODES)


def test_readme_lists_every_code() -> None:
    missing = {code for code in CODES if f"| {code} |" not in README}
    assert missing == set()


def test_readme_quick_start_is_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, re.S)
    assert commands == [
        "pip install . && risx convert examples/troup2022.ris -o troup2022.json",
        "bash scripts/install-test-tools && pip install -e '.[test]' && python3 -m pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/install-test-tools" in ci and "python3 -m pytest" in ci
