"""benchmarks/gen_formats.py: the MEDLINE and Web of Science files it writes hold the records of
gen.ris, and their readers read them without a diagnostic (the benchmark times clean reads)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from risx.diagnostics import collect
from risx.model import Record
from risx.readers.medline import read_medline
from risx.readers.ris import read_ris
from risx.readers.wos import read_wos

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "gen_formats.py"
RECORDS = 200


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gen")
    subprocess.run([sys.executable, str(SCRIPT), str(RECORDS), str(folder)], check=True,
                   capture_output=True)
    return folder


def summary(record: Record, groups_last: bool = False) -> tuple[object, ...]:
    people = [c.name for c in record.contributors if c.role == "author"]
    if groups_last:  # Web of Science lists group authors (CA) apart, after AU/AF
        people = [n for n in people if not n.literal] + [n for n in people if n.literal]
    authors = [n.family or n.literal for n in people]
    year = record.issued.year if record.issued is not None else None
    return (record.title.rstrip("."), record.doi, authors, year, record.volume)


@pytest.mark.parametrize(("name", "read"), [("gen.nbib", read_medline), ("gen.ciw", read_wos)])
def test_generated_file_reads_cleanly_as_the_ris_records(generated: Path, name: str,
                                                         read: object) -> None:
    found, report = collect()
    with (generated / "gen.ris").open("rb") as stream:
        expected = [summary(r, groups_last=name == "gen.ciw")
                    for r in read_ris(stream, "gen.ris", report)]
    found.clear()
    with (generated / name).open("rb") as stream:
        records = list(read(stream, name, report))  # type: ignore[operator]
    assert found == []
    assert len(records) == RECORDS
    assert [summary(r) for r in records] == expected
