"""RIS to RIS writes the source tags back, so the conversion does not interpret them.

The RIS writer reads nothing of a record read from RIS but its tags, location and type
(``RisWriter.reads_source_tags_only``).  These tests check, on every RIS file of the corpus,
that the records made without interpreting give the very bytes the interpreted ones give,
and that the messages left out are only the interpretation's (which described fields the
RIS output does not have).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS
from risx.cli import main
from risx.diagnostics import Diagnostic, collect
from risx.readers.base import ReaderOptions
from risx.readers.ris import read_ris
from risx.writers.ris import RisWriter

CORPUS_FILES = sorted(p for p in CORPUS.rglob("*.ris") if p.is_file())
#: What reading reports besides interpreting: encoding, record boundaries, limits, and the
#: record's type (kept: the type is written back as it is).
_READING_CODES_PREFIXES = ("RIS00", "RIS01", "RIS017", "RIS020", "IO")


def ris_output(path: Path, options: ReaderOptions) -> tuple[str, list[Diagnostic]]:
    found, report = collect()
    records = read_ris(io.BytesIO(path.read_bytes()), path.name, report, options)
    out = io.StringIO()
    RisWriter(report).write(records, out)
    return out.getvalue(), found


def test_the_corpus_is_there() -> None:
    assert len(CORPUS_FILES) > 40


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_source_tags_only_writes_the_same_ris(path: Path) -> None:
    interpreted, all_messages = ris_output(path, ReaderOptions())
    tags_only, messages = ris_output(path, ReaderOptions(source_tags_only=True))
    assert tags_only == interpreted
    # Every message left is one the interpreted run gave too, in the same order; those
    # left out are the interpretation's.
    kept = iter(all_messages)
    assert all(any(m == other for other in kept) for m in messages)
    left_out = [m.code for m in all_messages if m not in messages]
    assert not [c for c in left_out if c.startswith(_READING_CODES_PREFIXES)]


def test_ris_to_ris_reports_no_interpretation_but_csl_json_does(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_text("TY  - JOUR\nAU  - GBD 2019 Diseases and Injuries Collaborators\n"
                      "TI  - Burden\nJO  - Lancet\nT2  - Lancet Global\nPY  - 2020\nER  - \n\n"
                      "TY  - WHAT\nTI  - Unknown type\nER  - \n", encoding="utf-8")
    runner = CliRunner()
    as_ris = runner.invoke(main, ["convert", str(source), "-t", "ris", "-o",
                                  str(tmp_path / "out.ris")])
    as_json = runner.invoke(main, ["convert", str(source), "-t", "csl-json", "-o",
                                   str(tmp_path / "out.json")])
    assert as_ris.exit_code == as_json.exit_code == 0
    assert "RIS022" in as_json.stderr and "RIS023" in as_json.stderr
    # The names and the T2 are written back as they are, so nothing was "read as" anything;
    # the unknown type is written back too, and said.
    assert "RIS022" not in as_ris.stderr and "RIS023" not in as_ris.stderr
    assert "RIS020" in as_ris.stderr and "RIS020" in as_json.stderr
    written = (tmp_path / "out.ris").read_text("utf-8")
    assert "AU  - GBD 2019 Diseases and Injuries Collaborators\n" in written
    assert "T2  - Lancet Global\n" in written and "TY  - WHAT\n" in written


def test_dedupe_to_ris_still_interprets(tmp_path: Path) -> None:
    # Duplicates are found on titles, names and DOIs, so --dedupe needs the interpretation.
    record = ("TY  - JOUR\nAU  - Doe, Jane\nTI  - Same paper\nDO  - 10.1000/xyz\nPY  - 2020\n"
              "ER  - \n\n")
    source = tmp_path / "in.ris"
    source.write_text(record + record.replace("TI  - Same paper", "TI  - Same Paper"),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(source), "-t", "ris", "--dedupe", "-o",
                                       str(tmp_path / "out.ris")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.ris").read_text("utf-8").count("TY  - JOUR") == 1
