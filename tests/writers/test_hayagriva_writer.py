"""``-t hayagriva``: checked with the real Typst compiler (the ``typst`` PyPI package) and
``pdftotext`` (poppler-utils), both installed by scripts/install-test-tools.

Every RIS corpus file becomes refs.yml; a document cites every key with
``#bibliography("refs.yml", style: "apa")``; it must compile with no warning, and the PDF's text
must hold every entry's title.  Hostile titles must print as written: Typst's ``$`` maths,
``{}`` case groups and markup stay text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import typst
import yaml

from conftest import corpus_path, read_text
from risx import api
from risx.diagnostics import collect
from risx.model import Contributor, Date, Name, Record, SourceLocation
from risx.transforms.text import strip_rich_text
from risx.writers.hayagriva import (
    TYPE_RULES,
    HayagrivaWriter,
    formattable,
    hayagriva_date,
    record_to_hayagriva,
)
from test_reader_corpus import all_ris_files, read_file


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    assert found, "pdftotext is missing: run scripts/install-test-tools (poppler-utils)"
    return found


def write(records: list[Record]) -> str:
    _found, report = collect()
    out = io.StringIO()
    HayagrivaWriter(report).write(records, out)
    return out.getvalue()


def compile_bibliography(refs: str, tmp_path: Path, style: str = "apa") -> str:
    """The PDF text of a document citing every entry of ``refs``; asserts no warning."""
    keys = list(yaml.safe_load(refs) or {})
    (tmp_path / "refs.yml").write_text(refs, encoding="utf-8")
    citations = " ".join(f"#cite(label({key!r}))".replace("'", '"') for key in keys)
    (tmp_path / "doc.typ").write_text(
        f'{citations}\n#bibliography("refs.yml", style: "{style}")\n', encoding="utf-8")
    _pdf, warnings = typst.compile_with_warnings(str(tmp_path / "doc.typ"),
                                                 output=str(tmp_path / "doc.pdf"))
    assert not warnings, [str(w) for w in warnings]
    return subprocess.run([pdftotext(), str(tmp_path / "doc.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout


def letters(text: str) -> str:
    """Letters and digits only, case-folded: what survives line breaks, smart quotes and
    ligatures between our title and the PDF's text."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def test_every_ris_corpus_file_compiles_and_prints_every_title(tmp_path: Path) -> None:
    files = all_ris_files()
    assert len(files) >= 80
    entries = 0
    for index, path in enumerate(files):
        records, _ = read_file(path)
        if not records:
            continue
        refs = write(records)
        work = tmp_path / str(index)
        work.mkdir()
        try:
            text = letters(compile_bibliography(refs, work))
        except typst.TypstError as error:
            raise AssertionError(f"{path}: {error}") from error
        for record in records:
            title = letters(strip_rich_text(record.title))[:60]
            assert title in text, (path.name, record.source.line, record.title)
        entries += len(records)
    assert entries > 1700


OTHER_FORMATS = {"bibtex-exports": (".bib",), "endnote-xml": (".xml",),
                 "medline-nbib": (".nbib", ".txt"), "wos-tagged": (".txt", ".ciw")}


def test_every_other_corpus_file_compiles(tmp_path: Path) -> None:
    """BibTeX, EndNote XML, MEDLINE and WoS files of the corpus, read by their readers."""
    compiled = 0
    for folder, suffixes in OTHER_FORMATS.items():
        for path in sorted(corpus_path(folder).rglob("*")):
            if path.suffix.lower() not in suffixes:
                continue
            _found, report = collect()
            try:
                records = list(api.iter_records(path, report=report))
            except Exception:  # a file its reader refuses as a whole (the broken fixtures)
                continue
            if not records:
                continue
            work = tmp_path / str(compiled)
            work.mkdir()
            try:
                text = letters(compile_bibliography(write(records), work))
            except typst.TypstError as error:
                raise AssertionError(f"{path}: {error}") from error
            for record in records:
                # Word by word: right-to-left titles come out of the PDF in another order.
                words = [letters(word) for word in strip_rich_text(record.title).split()[:8]]
                assert all(word in text for word in words), (path.name, record.title)
            compiled += 1
    assert compiled > 150


def test_hostile_title_prints_as_written(tmp_path: Path) -> None:
    title = r"Costs of $5 and $x^2$, {B}races, back\slash \$ #emph[x] *b* _i_ @key <l> = h"
    record = Record(type="article-journal", source=SourceLocation("t", 1), title=title,
                    container_title="J $1$ {Q}", issued=Date(parts=((2020,),)),
                    contributors=(Contributor("author", Name(family="Doe", given="$J$")),))
    text = compile_bibliography(write([record]), tmp_path)
    flat = " ".join(text.split())
    assert title in flat, flat
    assert "J $1$ {Q}" in flat
    assert "Doe, $" in flat


def test_yaml_from_hostile_ris_has_no_tags_anchors_or_aliases() -> None:
    records, _ = read_text("TY  - JOUR\nTI  - &a !!python/object:os.system *a\nAU  - - x: y\n"
                           "PY  - 2020\nN1  - ---\nER  - \n"
                           "TY  - BOOK\nTI  - yes\nAU  - Null, ~\nPY  - 1e3\nID  - &k\nER  - \n")
    refs = write(records)
    loaded = yaml.safe_load(refs)  # safe_load refuses python tags: this would raise
    events = list(yaml.parse(refs))
    assert not [e for e in events if isinstance(e, yaml.AliasEvent)]
    assert all(getattr(e, "anchor", None) is None and getattr(e, "tag", None) is None
               for e in events)
    first, second = loaded.values()
    assert first["title"] == "&a !!python/object:os.system *a"
    assert second["title"] == "yes" and second["note"] == "PY: 1e3"
    assert "&k" in loaded


def test_type_rules_cover_every_csl_type_and_give_a_parent() -> None:
    schema_types = {"article", "article-journal", "article-magazine", "article-newspaper",
                    "bill", "book", "broadcast", "chapter", "classic", "collection", "dataset",
                    "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
                    "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
                    "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
                    "paper-conference", "patent", "performance", "periodical",
                    "personal_communication", "post", "post-weblog", "regulation", "report",
                    "review", "review-book", "software", "song", "speech", "standard",
                    "thesis", "webpage"}
    assert {rule.csl_type for rule in TYPE_RULES} == schema_types
    assert len({rule.rule_id for rule in TYPE_RULES}) == len(TYPE_RULES)
    article = record_to_hayagriva(Record(type="article-journal", source=SourceLocation("t", 1),
                                         title="A", container_title="J", volume="12 Suppl 3",
                                         issue="4", page="S1-S9"))
    assert article["type"] == "article"
    assert article["parent"] == {"type": "periodical", "title": "J", "volume": "12 Suppl 3",
                                 "issue": "4"}
    assert article["page-range"] == "S1-S9"
    chapter = record_to_hayagriva(Record(
        type="chapter", source=SourceLocation("t", 1), title="C", container_title="B",
        contributors=(Contributor("editor", Name(family="Ed", given="A")),)))
    assert chapter["parent"] == {"type": "book", "title": "B",
                                 "editor": [{"name": "Ed", "given-name": "A"}]}
    paper = record_to_hayagriva(Record(type="paper-conference", source=SourceLocation("t", 1),
                                       title="P", container_title="Proc", event_title="Conf"))
    assert paper["parent"] == {"type": "proceedings", "title": "Proc",
                               "parent": {"type": "conference", "title": "Conf"}}
    standard = record_to_hayagriva(Record(type="standard", source=SourceLocation("t", 1),
                                          title="S", number="ISO 690"))
    assert standard["type"] == "report" and standard["genre"] == "Standard"
    assert standard["serial-number"] == {"number": "ISO 690"}


def test_every_type_compiles(tmp_path: Path) -> None:
    records = [Record(type=rule.csl_type, source=SourceLocation("t", n), source_id=f"k{n}",
                      title=f"Title {rule.csl_type}", container_title="Container",
                      volume="3", issue="2", page="10-20", publisher="Pub",
                      issued=Date(parts=((2001, 2, 3),)),
                      contributors=(Contributor("author", Name(family="Doe", given="J")),
                                    Contributor("editor", Name(family="Ed", given="E"))))
               for n, rule in enumerate(TYPE_RULES, start=1)]
    text = letters(compile_bibliography(write(records), tmp_path))
    for record in records:
        assert letters(strip_rich_text(record.title)) in text, record.type


def test_serials_names_and_dates() -> None:
    record = Record(type="article-journal", source=SourceLocation("t", 1), title="T",
                    doi="10.48550/arXiv.2101.00001", isbn=("978-3-16-148410-0",),
                    issn=("1234-5678", "8765-4321"), pmid="123", pmcid="PMC9",
                    issued=Date(parts=((2020, 2, 30),), raw="2020-02-30"),
                    accessed=Date(parts=((2021, 1, 2),)), urls=("https://a.example/x",),
                    contributors=(
                        Contributor("author", Name(family="Gogh", given="Vincent",
                                                   non_dropping_particle="van")),
                        Contributor("author", Name(literal="World Health Organization")),
                        Contributor("translator", Name(family="Tr", given="T")),
                        Contributor("interviewer", Name(family="Ask", given="A"))))
    entry = record_to_hayagriva(record)
    assert entry["serial-number"] == {"doi": "10.48550/arXiv.2101.00001", "arxiv": "2101.00001",
                                      "isbn": "978-3-16-148410-0", "issn": "1234-5678",
                                      "pmid": "123", "pmcid": "PMC9"}
    assert entry["author"] == [{"name": "Gogh", "given-name": "Vincent", "prefix": "van"},
                               {"name": "World Health Organization"}]
    assert entry["affiliated"] == [{"role": "translator",
                                    "names": [{"name": "Tr", "given-name": "T"}]}]
    assert "date" not in entry  # 30 February: kept as text, not refused by Typst
    note = str(entry["note"])
    assert "Date: 2020-02-30" in note and "Interviewer: A Ask" in note
    assert "SN: 8765-4321" in note  # the second ISSN is not lost
    assert entry["url"] == {"value": "https://a.example/x", "date": "2021-01-02"}
    assert hayagriva_date(Date(parts=((-44, 3, 15),))) == "-0044-03-15"
    assert hayagriva_date(Date(parts=((2020,), (2021,)))) is None


def test_formattable_escapes_typst_markup_only() -> None:
    assert formattable(r"a $b$ {c} \d #e *f*") == r"a \$b\$ \{c\} \\d #e *f*"


def test_output_is_valid_yaml_and_deterministic() -> None:
    for path in all_ris_files()[:20]:
        records, _ = read_file(path)
        first, second = write(records), write(records)
        assert first == second
        loaded = yaml.safe_load(first)
        assert isinstance(loaded, dict) and len(loaded) == len(records), path
        assert all(re.match(r"^[a-z]+$", entry["type"]) for entry in loaded.values())
