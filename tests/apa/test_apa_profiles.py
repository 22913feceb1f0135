"""The APA profiles through the command line: the Manual rules by default, none with
``--style apa-csl`` or a style of one's own, switchable by ID, counted with -v, and never in
the CSL-JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from risx.cli import main
from risx.csl.style import bundled_file

FIXTURES = Path(__file__).resolve().parent / "apa_manual"
DSM = ("American Psychiatric Association. (2013). Diagnostic and statistical manual of mental "
       "disorders (5th ed.). ")
DOI = "https://doi.org/10.1176/appi.books.9780890425596"


@pytest.fixture()
def items(tmp_path: Path) -> Path:
    path = tmp_path / "items.json"
    fixture = json.loads((FIXTURES / "R03.json").read_text(encoding="utf-8"))
    path.write_text(json.dumps(fixture["items"][:1]), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["convert", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_manual_profile_is_the_default(items: Path) -> None:
    code, out, _ = run(str(items), "-t", "apa")
    assert code == 0
    assert out == DSM + DOI + "\n"


def test_apa_csl_is_the_bundled_style_unchanged(items: Path) -> None:
    code, out, _ = run(str(items), "-t", "apa", "--style", "apa-csl")
    assert code == 0
    assert out == DSM + "American Psychiatric Association. " + DOI + "\n"


def test_a_style_of_ones_own_gets_no_rules(items: Path) -> None:
    code, out, _ = run(str(items), "-t", "apa", "--style", str(bundled_file("apa.csl")))
    assert code == 0
    assert "American Psychiatric Association. https" in out


def test_rules_switch_off_by_id(items: Path) -> None:
    for args in (("--no-apa-rule", "R03"), ("--no-apa-rule", "APA-R14,r3"),
                 ("--apa-rules", "none"), ("--apa-rules", "R14,R15")):
        code, out, _ = run(str(items), "-t", "apa", *args)
        assert code == 0
        assert "American Psychiatric Association. https" in out, args


def test_an_unknown_rule_is_a_usage_error(items: Path) -> None:
    code, _, err = run(str(items), "-t", "apa", "--no-apa-rule", "R99")
    assert code == 2
    assert "no APA rule 'R99'" in err


def test_verbose_counts_each_rule(items: Path) -> None:
    code, _, err = run(str(items), "-t", "html", "-v")
    assert code == 0
    assert "risx: apa rule APA-R03 (9.29): 1x a publisher that is the author is left out" in err
    assert "risx: apa rule APA-R15 (9.25, 6.17): 0x" in err
    assert "risx: apa rule APA-R26 (10.3): in the derived style (apa-manual.csl, date-bib)" in err
    code, _, err = run(str(items), "-t", "apa", "-v", "--style", "apa-csl")
    assert "apa rule" not in err


def test_csl_json_never_sees_the_rules(items: Path) -> None:
    outputs = {run(str(items), "-t", "csl-json", *args)[1]
               for args in ((), ("--apa-rules", "none"), ("--apa-rules", "all"))}
    assert len(outputs) == 1
    assert '"publisher": "American Psychiatric Association"' in outputs.pop()


def test_a_style_rule_is_switched_off_by_its_id(tmp_path: Path) -> None:
    wiki = tmp_path / "wiki.json"
    wiki.write_text(json.dumps([{"id": "w", "type": "entry-encyclopedia",
                                 "title": "List of oldest companies", "container-title": "Wikipedia",
                                 "issued": {"date-parts": [[2019, 1, 13]]}}]), encoding="utf-8")
    code, out, _ = run(str(wiki), "-t", "apa")
    assert code == 0 and "(2019, January 13)" in out
    code, out, err = run(str(wiki), "-t", "apa", "-v", "--no-apa-rule", "R26")
    assert code == 0 and "(2019). In Wikipedia." in out
    assert "risx: apa rule APA-R26 (10.3): switched off, in the derived style" in err
