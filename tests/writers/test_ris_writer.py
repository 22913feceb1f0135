"""The RIS writer: layout, line ends, the continuation-line rule, records without source tags."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import codes, corpus_path, read_text
from risx.cli import main
from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation
from risx.registry import default_registry
from risx.writers.ris import GUARD, RisWriter
from test_roundtrip import comparable, write_ris

SIMPLE = (
    "Exported by Example\n\n"
    "TY  - JOUR\n"
    "TI  - A   title\n"
    "au - Doe, Jane\n"
    "AB  - First line\n"
    "   second line\n"
    "\n"
    "new paragraph\n"
    "KW  - one\n"
    "two\n"
    "PY  - 2020\n"
    "ER  - \n"
)


def test_registered_under_its_name_and_extension() -> None:
    registry = default_registry()
    assert registry.writers.get("ris") is RisWriter
    assert registry.writers.by_extension(".ris") is RisWriter


def test_clean_layout_canonical_tags_and_joined_values() -> None:
    records, diagnostics = read_text(SIMPLE)
    assert "RIS011" in codes(diagnostics) and "RIS010" in codes(diagnostics)
    text, written = write_ris(records)
    assert written == []
    assert text == (
        "TY  - JOUR\n"
        "TI  - A   title\n"
        "AU  - Doe, Jane\n"
        "AB  - First line\n"
        "second line\n"
        "\n"
        "new paragraph\n"
        "KW  - one\n"
        "KW  - two\n"
        "PY  - 2020\n"
        "ER  - \n"
        "\n"
    )
    again, clean = read_text(text)
    assert codes(clean) == []
    assert again[0].abstract == "First line\nsecond line\n\nnew paragraph"
    assert again[0].keywords == ("one", "two")


def test_crlf_option_ends_every_line_with_cr_lf() -> None:
    records, _ = read_text(SIMPLE)
    text, _ = write_ris(records, "\r\n")
    assert text.count("\r\n") == text.count("\n") == 12
    assert "\r\r" not in text
    assert [comparable(r) for r in read_text(text)[0]] == [comparable(r) for r in records]


def test_record_without_er_gets_one_and_nothing_else_changes() -> None:
    records, diagnostics = read_text("TY  - BOOK\nTI  - Open\nTY  - BOOK\nTI  - Last")
    assert codes(diagnostics) == ["RIS012", "RIS012"]
    text, _ = write_ris(records)
    assert text == "TY  - BOOK\nTI  - Open\nER  - \n\nTY  - BOOK\nTI  - Last\nER  - \n\n"


def test_text_right_after_ty_is_kept_as_text_after_ty() -> None:
    records, _ = read_text("TY  - JOUR\nstray words\nTI  - T\nER  - \n")
    assert records[0].raw[1] == RawTag("", "stray words", 2)
    text, _ = write_ris(records)
    assert text.splitlines()[1] == "stray words"
    assert comparable(read_text(text)[0][0]) == comparable(records[0])


def test_continuation_line_that_looks_like_a_tag_is_guarded() -> None:
    record = Record(type="article-journal", source=SourceLocation("m", 1), raw=(
        RawTag("TY", "JOUR", 1), RawTag("TI", "Title", 2),
        RawTag("AB", "Intro\nER  - early\nAU - Mallory\nto - do\nplain", 3)))
    text, _ = write_ris([record])
    lines = text.splitlines()
    assert lines[3:7] == [GUARD + "ER  - early", GUARD + "AU - Mallory", GUARD + "to - do", "plain"]
    again, diagnostics = read_text(text)
    assert codes(diagnostics) == []
    assert len(again) == 1
    assert again[0].abstract == "Intro\nER  - early\nAU - Mallory\nto - do\nplain"
    assert again[0].names("author") == ()


def test_control_characters_are_removed_with_a_warning() -> None:
    record = Record(type="book", source=SourceLocation("m.ris", 7), raw=(
        RawTag("TY", "BOOK", 7), RawTag("TI", "Bell\x07 and \x1b[31mred\x00\ufeff", 8)))
    text, written = write_ris([record])
    assert "TI  - Bell and [31mred\n" in text
    assert codes(written) == ["OUT002"]
    assert written[0].file == "m.ris" and written[0].line == 7
    assert "control characters" in written[0].message and "NUL" in written[0].message


def test_unpaired_surrogate_cannot_break_utf8_output() -> None:
    record = Record(type="book", source=SourceLocation("m", 1),
                    raw=(RawTag("TY", "BOOK", 1), RawTag("TI", "bad \udc80 half", 2)))
    text, written = write_ris([record])
    text.encode("utf-8")  # would raise on a lone surrogate
    assert "TI  - bad \ufffd half" in text and codes(written) == ["OUT002"]


def test_record_without_source_tags_is_written_from_its_fields() -> None:
    record = Record(
        type="article-journal", source=SourceLocation("other.bib", 3), source_id="k1",
        title="A study", container_title="Journal of Tests", volume="12", issue="3",
        page="100-110", doi="10.1000/xyz", issued=Date(parts=((2021, 5, 4),)),
        contributors=(Contributor("author", Name(family="van Doe", given="Jane", suffix="Jr.")),
                      Contributor("author", Name(literal="The Consortium")),
                      Contributor("editor", Name(family="Roe", given="R."))),
        keywords=("alpha", "beta"), urls=("https://example.org/a",), abstract="Line one\nLine two",
        issn=("1234-5678",), publisher="Pub")
    text, written = write_ris([record])
    assert written == []
    assert text.startswith("TY  - JOUR\nID  - k1\nAU  - van Doe, Jane, Jr.\n"
                           "AU  - The Consortium\nED  - Roe, R.\nTI  - A study\nT2  - Journal of Tests\n")
    [again], _ = read_text(text)
    assert again.type == "article-journal"
    assert (again.title, again.container_title, again.volume, again.issue, again.page) == (
        "A study", "Journal of Tests", "12", "3", "100-110")
    assert again.issued is not None and again.issued.parts == ((2021, 5, 4),)
    assert [n.display() for n in again.names("author")] == ["Jane van Doe, Jr.", "The Consortium"]
    assert [n.family for n in again.names("editor")] == ["Roe"]
    assert (again.doi, again.keywords, again.urls, again.issn, again.publisher) == (
        "10.1000/xyz", ("alpha", "beta"), ("https://example.org/a",), ("1234-5678",), "Pub")
    assert again.abstract == "Line one\nLine two"
    # Idempotent from the second write on: the re-read record has its source tags.
    assert write_ris([again])[0] == text


def test_no_records_write_nothing() -> None:
    assert write_ris([]) == ("", [])


def test_cli_normalises_a_messy_export_to_a_ris_file(tmp_path: Path) -> None:
    source = corpus_path("seed", "troup2022-pure-export.ris")
    target = tmp_path / "clean.ris"
    result = CliRunner().invoke(main, ["convert", "-q", str(source), "-o", str(target), "--crlf"])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"TY  - ") and b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    original, _ = read_text(source.read_bytes())
    again, _ = read_text(data)
    assert [comparable(r) for r in again] == [comparable(r) for r in original]


# The plain-value fast path ----------------------------------------------------------------

_ANY_TAG = st.sampled_from(["", "TI", "AB", "N1", "KW", "AU", "PY", "UR"])


@settings(max_examples=500)
@given(_ANY_TAG, st.text())
def test_plain_values_are_written_as_the_careful_path_writes_them(tag: str, value: str) -> None:
    from risx.writers.ris import _NEEDS_CARE, careful_tag_lines, plain_tag_lines

    removed: list[str] = []
    careful = careful_tag_lines(tag, value, removed)
    if _NEEDS_CARE.search(value) is None:
        assert plain_tag_lines(tag, value) == careful
        assert removed == []


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_plain_values_cover_ordinary_text(value: str) -> None:
    # Text with no control character, line separator or BOM always takes the fast path, and
    # the careful path agrees with it there (a tab or a line break takes the careful one).
    from risx.writers.ris import _NEEDS_CARE

    ordinary = not any(ch < " " or "\x7f" <= ch <= "\x9f" or ch in "\ufeff\u2028\u2029"
                       for ch in value)
    assert (_NEEDS_CARE.search(value) is None) is ordinary
