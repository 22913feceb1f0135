"""Byte-identical output for the same input: across runs, PYTHONHASHSEED values, locales, time zones.

Every registered writer converts the same real inputs (several exporters,
accented names, dates of every precision, duplicate ids) to a file with
``risx convert -o``; the bytes are hashed.  The in-process runs give the
reference; subprocesses repeat the conversion under other hash seeds, the C
locale (ASCII file-system encoding) and far-away time zones.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, corpus_path
from risx.cli import main
from risx.registry import default_registry

FORMATS = default_registry().writers.names()

INPUTS = (
    ("db-exports", "ebsco-academic-search-premier__synthesisr.ris"),  # Windows accents, 4 records
    ("seed", "troup2022-pure-export.ris"),
    ("rispy", "example_utf_chars.ris"),
    ("jabref-ris", "RisImporterTestScopus.ris"),
    ("zotero-ris", "011.ris"),
    ("rispy", "example_full.ris"),
)

# Run in a subprocess: convert INPUTS to every format and print {format: sha256}.
_SCRIPT = """
import hashlib, json, locale, sys, time
from pathlib import Path
from click.testing import CliRunner
from risx.cli import main
out_dir, formats, inputs = Path(sys.argv[1]), sys.argv[2].split(","), sys.argv[3:]
digests = {}
for fmt in formats:
    target = out_dir / f"out.{fmt}"
    result = CliRunner().invoke(main, ["convert", "-q", *inputs, "-t", fmt, "-o", str(target)])
    digests[fmt] = hashlib.sha256(target.read_bytes()).hexdigest() if result.exit_code == 0 \\
        else f"exit {result.exit_code}: {result.output}"
print(json.dumps({"hash": hash("risx"), "utc_offset": time.strftime("%z", time.localtime(0)),
                  "encoding": locale.getpreferredencoding(False)}))
print(json.dumps(digests))
"""


def inputs() -> list[str]:
    return [str(corpus_path(*parts)) for parts in INPUTS]


def digests_in_process(out_dir: Path) -> dict[str, str]:
    found = {}
    for fmt in FORMATS:
        target = out_dir / f"out.{fmt}"
        result = CliRunner().invoke(main, ["convert", "-q", *inputs(), "-t", fmt, "-o", str(target)])
        assert result.exit_code == 0, (fmt, result.output)
        found[fmt] = hashlib.sha256(target.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return digests_in_process(tmp_path_factory.mktemp("reference"))


def test_outputs_are_real(tmp_path: Path) -> None:
    """The inputs give non-trivial output in every format (a constant output would be 'stable')."""
    for fmt in FORMATS:
        target = tmp_path / f"out.{fmt}"
        CliRunner().invoke(main, ["convert", "-q", *inputs(), "-t", fmt, "-o", str(target)])
        assert len(target.read_bytes()) > 1000, fmt
        if fmt == "docx":  # a zip: its document's XML holds the text
            import zipfile

            text = zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")
        else:
            text = target.read_text(encoding="utf-8")
        assert "Troup" in text, fmt


def test_same_bytes_on_a_second_run(reference: dict[str, str], tmp_path: Path) -> None:
    assert digests_in_process(tmp_path) == reference


ENVIRONMENTS = {
    "hashseed-0": {"PYTHONHASHSEED": "0"},
    "hashseed-4242-auckland": {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland"},
    "hashseed-random-c-locale": {"PYTHONHASHSEED": "random", "LC_ALL": "C", "LANG": "C",
                                 "PYTHONUTF8": "0", "TZ": "America/St_Johns"},
    "hashseed-7-de-locale-kiritimati": {"PYTHONHASHSEED": "7", "LC_ALL": "de_DE.UTF-8",
                                        "LANG": "de_DE.UTF-8", "TZ": "Pacific/Kiritimati"},
}


@pytest.mark.parametrize("name", ENVIRONMENTS)
def test_same_bytes_under_other_hash_seeds_locales_and_time_zones(
        name: str, reference: dict[str, str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LC_", "PYTHONHASHSEED", "PYTHONUTF8")) and k not in ("LANG", "TZ")}
    env.update(ENVIRONMENTS[name])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path), ",".join(FORMATS), *inputs()],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    meta_line, digest_line = result.stdout.strip().splitlines()[-2:]
    meta = json.loads(meta_line)
    # The environment really was different (else this test would prove nothing).
    if env["PYTHONHASHSEED"] != "random":
        assert meta["hash"] != hash("risx") or env["PYTHONHASHSEED"] == os.environ.get("PYTHONHASHSEED")
    if "TZ" in ENVIRONMENTS[name]:
        assert meta["utc_offset"] != time.strftime("%z", time.localtime(0))
    if env.get("LC_ALL") == "C":
        assert meta["encoding"] in ("ANSI_X3.4-1968", "ascii", "US-ASCII")
    digests = json.loads(digest_line)
    assert [fmt for fmt in FORMATS if digests.get(fmt) != reference[fmt]] == [], digests
