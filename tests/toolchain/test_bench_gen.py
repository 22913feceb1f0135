"""The benchmark generator (benchmarks/gen_ris.py) makes valid, reproducible RIS.

Not a timing test: the benchmarks time risx on these files, so they must be files risx reads
cleanly, the same every run, and their CRLF and BOM variants must hold the same records.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import risx
from risx.diagnostics import Diagnostic, Severity

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "gen_ris.py"
RECORDS = 150


def _load_generator() -> ModuleType:
    # benchmarks/ is not a package; load the script by path rather than touch sys.path.
    spec = importlib.util.spec_from_file_location("bench_gen_ris", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gen_ris = _load_generator()


def text(records: int = RECORDS, **options: object) -> str:
    return "".join(gen_ris.ris_chunks(records, **options))


def as_ris(path: Path) -> tuple[str, list[Diagnostic]]:
    """The records read from ``path``, written back as RIS (the lossless writer), and the
    diagnostics reading them gave."""
    found: list[Diagnostic] = []
    records = risx.read(path, report=found.append)
    out = io.StringIO()
    risx.write(records, "ris", out)
    return out.getvalue(), found


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    assert text(seed=11) == text(seed=11)
    assert text(seed=11) != text(seed=12)
    assert text(seed=11, mix=True) == text(seed=11, mix=True)


def test_cli_writes_what_generate_writes(tmp_path: Path) -> None:
    by_cli, by_function = tmp_path / "cli.ris", tmp_path / "function.ris"
    gen_ris.main([str(RECORDS), str(by_cli), "--seed", "5", "--crlf", "--bom"])
    gen_ris.generate(by_function, RECORDS, 5, crlf=True, bom=True)
    assert by_cli.read_bytes() == by_function.read_bytes()


def test_layout_options_change_only_the_bytes_around_the_records() -> None:
    plain = text().encode("utf-8")
    assert text(crlf=True).encode("utf-8") == plain.replace(b"\n", b"\r\n")
    assert text(bom=True).encode("utf-8") == b"\xef\xbb\xbf" + plain
    assert b"\r" not in plain


@pytest.mark.parametrize("options", [{}, {"mix": True}, {"continuation": True},
                                     {"seed_style": True}])
def test_every_record_has_ty_and_er(options: dict[str, bool]) -> None:
    blocks = [block for block in text(**options).split("\n\n") if block.strip()]
    assert len(blocks) == RECORDS
    end = "ER -" if options.get("seed_style") else "ER  - "
    for block in blocks:
        lines = block.split("\n")
        assert lines[0].startswith(("TY  - ", "TY - ")), lines[0]
        assert lines[-1] == end
        assert sum(line.startswith("TY ") for line in lines) == 1


@pytest.mark.parametrize("variant", [{"crlf": True}, {"bom": True}, {"crlf": True, "bom": True}])
def test_crlf_and_bom_variants_read_as_the_same_records(tmp_path: Path,
                                                        variant: dict[str, bool]) -> None:
    plain = gen_ris.generate(tmp_path / "plain.ris", RECORDS, mix=True)
    other = gen_ris.generate(tmp_path / "variant.ris", RECORDS, mix=True, **variant)
    assert other.read_bytes() != plain.read_bytes()
    assert as_ris(other)[0] == as_ris(plain)[0]


@pytest.mark.parametrize("options", [{}, {"mix": True, "continuation": True, "crlf": True,
                                          "bom": True}])
def test_risx_reads_every_record_without_errors(tmp_path: Path,
                                                options: dict[str, bool]) -> None:
    source = gen_ris.generate(tmp_path / "gen.ris", RECORDS, **options)
    records, found = as_ris(source)
    assert records.count("TY  - ") == RECORDS
    assert [d for d in found if d.severity is Severity.ERROR] == []
    done = subprocess.run([sys.executable, "-m", "risx", "check", "--format", "json",
                           str(source)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    totals = json.loads(done.stdout)["totals"]
    assert (totals["records"], totals["errors"]) == (RECORDS, 0)
