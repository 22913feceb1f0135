"""Each format declares its own diagnostic codes; risx.diagnostics.CODES is their assembled view."""

from __future__ import annotations

import importlib

import pytest

from conftest import read_text
from risx import diagnostics, textio
from risx.diagnostics import CODE_ALIASES, CODES


def declared() -> list[tuple[str, str]]:
    """(module, code) for every code a module declares."""
    return [(name, code) for name in diagnostics._CODE_MODULES
            for code in importlib.import_module(name).CODES]


def test_no_code_is_declared_twice() -> None:
    codes = [code for _, code in declared()] + list(diagnostics._RUN_AND_WRITER_CODES)
    assert len(codes) == len(set(codes))


def test_the_catalogue_is_every_format_s_codes_and_the_old_names() -> None:
    codes = {code for _, code in declared()} | set(diagnostics._RUN_AND_WRITER_CODES)
    assert set(CODES) == codes | set(CODE_ALIASES)
    assert not codes & set(CODE_ALIASES)


@pytest.mark.parametrize(("module", "prefix"), [
    ("risx.textio", "TXT"), ("risx.readers.ris.codes", "RIS"), ("risx.readers.csljson", "JSN"),
    ("risx.readers.endnote_xml", "ENX"), ("risx.readers.bibtex", "BTX"),
    ("risx.readers.medline.codes", "MED"), ("risx.readers.wos.codes", "WOS"),
    ("risx.readers.detect", "FMT"), ("risx.writers.bibtex", "BIB"),
    ("risx.writers.reference_list", "CSL")])
def test_a_format_s_codes_carry_its_prefix(module: str, prefix: str) -> None:
    assert {code[:3] for code in importlib.import_module(module).CODES} == {prefix}


def test_decoding_messages_carry_the_old_names_in_this_release() -> None:
    _, found = read_text(b"TY  - JOUR\nTI  - Caf\xe9\nER  - \n")
    assert [(d.code, d.line) for d in found] == [("RIS001", 2)]
    assert CODE_ALIASES["RIS001"] == "TXT001"


def test_one_switch_prints_the_new_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "PRINT_OLD_NAMES", False)
    _, found = read_text(b"")
    assert [d.code for d in found] == ["TXT007"]
    _, found = read_text(b"TY  - JOUR\nTI  - Caf\xe9\nER  - \n")
    assert [d.code for d in found] == ["TXT001"]
