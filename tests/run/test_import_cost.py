"""What a start of the ``risx`` command imports, so that start-up stays fit for make.

make runs risx once per file, and every module imported before any work is paid again for each
file (``benchmarks/bench_startup.py`` measures the time; no test here times anything).  Each
test runs the command as its console script does (``from risx.cli import main``) in a fresh
interpreter, and looks at ``sys.modules`` when it exits: a module a command does not use, once
imported eagerly by someone, fails the test that names it.

The interpreter runs with ``-S``, the packages' directories given on ``PYTHONPATH``, so that
what ``site`` and ``.pth`` files import on this machine (they may load ``typing``, ``re``,
``tempfile``...) does not hide what risx itself imports.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT

ONE_RECORD = ROOT / "examples" / "troup2022.ris"

#: Runs the command and, at exit (``sys.exit`` included), writes the names in ``sys.modules``.
#: It imports nothing itself (``atexit`` is built in) but risx.
RUNNER = """\
import atexit, sys
def dump():
    with open({out!r}, "w", encoding="utf-8") as names:
        names.write("\\n".join(sorted(sys.modules)))
atexit.register(dump)
{run}
"""
RUN_RISX = "from risx.cli import main\nsys.exit(main())"

#: Never needed by the CSL-JSON, RIS or BibTeX writers; each costs milliseconds to import.
NOT_FOR_CONVERSIONS = {
    "citeproc", "lxml", "importlib.metadata", "importlib.resources", "concurrent.futures",
    "multiprocessing", "email", "csv", "zipfile", "xml", "pickle", "tempfile", "shutil",
    "risx.dedupe", "risx.workers", "risx.csl", "risx.checkreport", "risx.csl.workers",
}
NOT_FOR_CSL_JSON = NOT_FOR_CONVERSIONS | {
    "bibtexparser", "pylatexenc", "risx.writers.bibtex",
    "risx.writers.biblatex", "risx.writers.apa", "risx.writers.ris",
}
#: The modules of risx a one-record RIS -> CSL-JSON conversion may import, and no other.
CSL_JSON_RISX_MODULES = {
    "risx", "risx.cli", "risx.commands", "risx.api", "risx.pipeline", "risx.diagnostics",
    "risx.keytable", "risx.outputs", "risx.plan", "risx.settings", "risx.stats",
    "risx.model", "risx.heap", "risx.progress", "risx.registry", "risx.textio",
    "risx.readers", "risx.readers.base", "risx.readers.ris", "risx.readers.ris.reader",
    "risx.readers.ris.syntax", "risx.readers.ris.tables", "risx.readers.ris.mapping",
    "risx.readers.ris.exporters", "risx.readers.tagged", "risx.transforms",
    "risx.transforms.dates", "risx.transforms.identifiers", "risx.transforms.keys",
    "risx.transforms.names", "risx.transforms.pages", "risx.transforms.text",
    "risx.transforms.keywords", "risx.writers", "risx.writers.base", "risx.writers.csljson",
    "risx.csl_item", "risx.writers.options",
}


def package_path() -> str:
    """PYTHONPATH for ``python -S``: this tree's risx first, then the installed packages."""
    dirs = [str(ROOT / "src"), *site.getsitepackages()]
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    return os.pathsep.join(d for d in dirs if os.path.isdir(d))


def imported_by(run: str, args: list[str], tmp_path: Path,
                ) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules ``run`` imports in a fresh ``python -S`` given ``args``, beyond the
    interpreter's own, and the finished process."""
    def modules(code: str, args: list[str], out: Path) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": package_path()}
        done = subprocess.run([sys.executable, "-S", "-c", RUNNER.format(out=str(out), run=code),
                               *args], capture_output=True, text=True, env=env, cwd=tmp_path,
                              check=False)
        assert out.exists(), done.stderr
        return done

    bare, used = tmp_path / "bare.txt", tmp_path / "used.txt"
    modules("pass", [], bare)
    done = modules(run, args, used)
    before = set(bare.read_text(encoding="utf-8").split())
    return set(used.read_text(encoding="utf-8").split()) - before, done


def loaded(modules: set[str], names: set[str]) -> set[str]:
    """The names of ``names`` imported, a package counting when any of its modules is."""
    return {n for n in names if any(m == n or m.startswith(n + ".") for m in modules)}


def risx_modules(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "risx" or m.startswith("risx.")}


def test_version_imports_nothing_but_the_entry_point(tmp_path: Path) -> None:
    for flag in ("--version", "-V"):
        modules, done = imported_by(RUN_RISX, [flag], tmp_path)
        assert (done.returncode, done.stdout) == (0, "risx, version 0.1.0\n")
        # __future__ is what ``from __future__ import annotations`` imports.
        assert modules <= {"__future__", "risx", "risx.cli"}, sorted(modules)
        assert loaded(modules, {"click", "typing", "dataclasses", "re"}) == set()


def test_python_m_risx_version_does_not_import_click(tmp_path: Path) -> None:
    modules, done = imported_by("import runpy\nrunpy.run_module('risx', run_name='__main__')",
                                ["--version"], tmp_path)
    assert (done.returncode, done.stdout) == (0, "risx, version 0.1.0\n")
    assert loaded(modules, {"click", "risx.commands", "risx.model"}) == set()


def test_csl_json_conversion_imports_what_it_uses_only(tmp_path: Path) -> None:
    modules, done = imported_by(RUN_RISX, ["convert", str(ONE_RECORD), "-t", "csl-json", "-q"],
                                tmp_path)
    assert done.returncode == 0, done.stderr
    assert [item["id"] for item in json.loads(done.stdout)] == ["troup2022"]
    assert loaded(modules, NOT_FOR_CSL_JSON) == set()
    assert risx_modules(modules) - CSL_JSON_RISX_MODULES == set()
    assert "click" in modules  # the command really ran through click


def test_output_format_from_the_extension_imports_no_other_writer(tmp_path: Path) -> None:
    """``-o refs.json``, as a Makefile writes it: the writer is found by the extension without
    importing the others (the BibTeX writers import their shared LaTeX module, the CSL ones
    citeproc)."""
    target = tmp_path / "out.json"
    modules, done = imported_by(RUN_RISX, ["convert", str(ONE_RECORD), "-o", str(target), "-q"],
                                tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))[0]["id"] == "troup2022"
    assert loaded(modules, NOT_FOR_CSL_JSON) == set()
    assert risx_modules(modules) - CSL_JSON_RISX_MODULES == set()


def test_ris_to_ris_does_not_import_the_mapping(tmp_path: Path) -> None:
    modules, done = imported_by(RUN_RISX, ["convert", str(ONE_RECORD), "-t", "ris", "-q"],
                                tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("TY  - JOUR\n") and done.stdout.count("ER  - ") == 1
    not_used = NOT_FOR_CONVERSIONS | {"bibtexparser", "pylatexenc", "risx.writers.csljson",
                                      "risx.readers.ris.mapping", "risx.transforms", "json"}
    assert loaded(modules, not_used) == set()


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_bibtex_conversion_imports_no_csl_processor_nor_bibtexparser(fmt: str,
                                                                     tmp_path: Path) -> None:
    """The BibTeX writers lay entries out themselves: bibtexparser is for reading BibTeX, and
    pylatexenc for --ascii only."""
    modules, done = imported_by(RUN_RISX, ["convert", str(ONE_RECORD), "-t", fmt, "-q"],
                                tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("@article{")
    not_used = NOT_FOR_CONVERSIONS | {"risx.writers.apa", "bibtexparser", "pylatexenc"}
    assert loaded(modules, not_used) == set()


def test_apa_conversion_of_one_record_starts_no_workers(tmp_path: Path) -> None:
    modules, done = imported_by(RUN_RISX, ["convert", str(ONE_RECORD), "-t", "apa", "-q"],
                                tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Troup, J., Taylor, B. L.")
    assert "citeproc" in modules
    not_used = {"bibtexparser", "pylatexenc", "importlib.metadata", "importlib.resources",
                "concurrent.futures", "multiprocessing", "risx.csl.workers", "risx.dedupe",
                "risx.workers", "risx.writers.bibtex"}
    assert loaded(modules, not_used) == set()


def test_the_test_sees_what_a_command_imports(tmp_path: Path) -> None:
    """The other way round: ``risx formats`` lists the installed plugins, so it does read the
    entry points (the tests above would see an eager importlib.metadata)."""
    modules, done = imported_by(RUN_RISX, ["formats"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "importlib.metadata" in modules


def console_script(directory: Path) -> Path:
    """A ``risx`` script doing what the one pip generates does (click names the program
    after it)."""
    script = directory / "risx"
    script.write_text("import sys\nfrom risx.cli import main\nsys.exit(main())\n",
                      encoding="utf-8")
    return script


def test_the_quick_version_answer_is_clicks_answer(tmp_path: Path) -> None:
    """``risx --version`` answered before click is imported says what click's option says,
    with the same exit code, also when stdout is a pipe already closed."""
    from risx.commands import main as group

    script = console_script(tmp_path)
    for flag in ("--version", "-V"):
        by_click = CliRunner().invoke(group, [flag], prog_name="risx")
        quick = subprocess.run([sys.executable, str(script), flag], capture_output=True,
                               text=True, check=False)
        assert (quick.returncode, quick.stdout, quick.stderr) == (
            by_click.exit_code, by_click.stdout, "")
    closed = {}
    for name, code in (("quick", "from risx.cli import main; main()"),
                       ("click", "from risx.commands import main; main()")):
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            done = subprocess.run([sys.executable, "-c", code, "--version"], stdout=write_end,
                                  stderr=subprocess.PIPE, check=False)
        finally:
            os.close(write_end)
        closed[name] = (done.returncode, done.stderr)
    assert closed["quick"] == closed["click"] == (1, b"")


@pytest.mark.parametrize("args", [["--version", "formats"], ["-V", "-V"], ["--help"],
                                  ["--version", "--nonsense"], ["convert", "--version"]])
def test_other_command_lines_go_to_click(args: list[str], tmp_path: Path) -> None:
    """Only the exact ``risx --version`` / ``risx -V`` are answered early; anything else,
    whatever it holds, is parsed by click as before."""
    from risx.commands import main as group

    by_click = CliRunner().invoke(group, args, prog_name="risx")
    done = subprocess.run([sys.executable, str(console_script(tmp_path)), *args],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        by_click.exit_code, by_click.stdout, by_click.stderr)


def test_the_command_leaves_its_objects_to_the_system_at_exit(tmp_path: Path) -> None:
    """The command freezes what is alive at exit, so that the interpreter's last garbage
    collection (10-15 ms with click and risx loaded) skips it; a program that calls the command
    in its own process (``CliRunner``, here) keeps its collector as it was."""
    import gc

    report = tmp_path / "frozen.txt"
    code = ("import atexit, gc, sys\n"
            f"atexit.register(lambda: open({str(report)!r}, 'w').write(str(gc.get_freeze_count())))\n"
            f"{RUN_RISX}\n")
    done = subprocess.run([sys.executable, "-c", code, "convert", str(ONE_RECORD), "-t", "ris",
                           "-q"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ER  - ") == 1  # the output is complete
    assert int(report.read_text(encoding="utf-8")) > 1000
    from risx.cli import main

    before = gc.get_freeze_count()
    assert CliRunner().invoke(main, ["convert", str(ONE_RECORD), "-t", "ris", "-q"]).exit_code == 0
    assert gc.get_freeze_count() == before
