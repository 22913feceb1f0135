"""The BibTeX/BibLaTeX reader: one fixture per quirk, encodings, damaged files, the corpus.

Fixtures are inline, each written as the exporter named beside it writes it.  The two
fast paths (risx's own block splitter, the quick LaTeX reading) are held to the slow ones
(bibtexparser's splitter, the full LaTeX reading) on every value of the corpus.
"""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import CORPUS, corpus_path
from risx.csl_item import record_to_csl
from risx.diagnostics import Diagnostic, DiagnosticSink, collect
from risx.model import Name, Record
from risx.readers.base import ReaderOptions
from risx.readers.bibtex import (
    BiblatexReader,
    BibtexReader,
    _Macros,
    chunks,
    decoded_lines,
    parse_bibtex_name,
    read_bibtex,
)
from risx.readers.bibtex_syntax import EntryBlock, StringBlock, _with_bibtexparser, split_blocks
from risx.transforms import latex

FOLDER = CORPUS / "bibtex-exports"


def read(data: str | bytes, name: str = "t.bib", *,
         biblatex: bool = False) -> tuple[list[Record], list[Diagnostic]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    found, report = collect()
    return list(read_bibtex(io.BytesIO(raw), name, report, biblatex=biblatex)), found


def one(text: str, **kwargs: bool) -> Record:
    records, found = read(text, **kwargs)
    assert len(records) == 1, found
    return records[0]


def codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def unmapped(rec: Record) -> dict[str, str]:
    return {raw.tag: raw.value for raw in rec.unmapped}


# --- syntax ------------------------------------------------------------------------------------


def test_string_macros_and_concatenation() -> None:
    rec = one('@string{jomch = "J. Omch."}\n@STRING(pre = {The })\n'
              '@article{k, journal = jomch, title = pre # "Title" # { of } # jomch, year = 2001}')
    assert rec.container_title == "J. Omch."
    assert rec.title == "The Title of J. Omch."


def test_an_undefined_macro_is_kept_as_its_name_with_a_warning() -> None:
    records, found = read("@article{k, journal = apj, title = {T}}")
    assert records[0].container_title == "apj"
    assert [(d.code, d.line) for d in found] == [("BTX003", 1)]


@pytest.mark.parametrize(("month", "parts"), [
    ("aug", (2020, 8)), ("{08}", (2020, 8)), ("{February}", (2020, 2)), ("8", (2020, 8)),
    ("{JUL 15}", (2020, 7, 15)), ('"July 30th"', (2020, 7, 30)), ("{2 sep}", (2020, 9, 2)),
    ("dec # {~12}", (2020, 12, 12)),
])
def test_month_in_every_spelling(month: str, parts: tuple[int, ...]) -> None:
    rec = one(f"@article{{k, year = 2020, month = {month}}}")
    assert rec.issued is not None and rec.issued.parts == (parts,)


@pytest.mark.parametrize(("date", "parts"), [
    ("2012-12-13", ((2012, 12, 13),)), ("2016-03", ((2016, 3),)), ("1999", ((1999,),)),
    ("1999-10-14/2010-01-23", ((1999, 10, 14), (2010, 1, 23))), ("1999/", ((1999,),)),
])
def test_biblatex_date_wins_over_year(date: str, parts: tuple[tuple[int, ...], ...]) -> None:
    rec = one(f"@online{{k, date = {{{date}}}, year = {{1900}}, urldate = {{2021-01-23}}}}")
    assert rec.issued is not None and rec.issued.parts == parts
    assert rec.accessed is not None and rec.accessed.parts == ((2021, 1, 23),)


def test_a_year_that_is_no_year_is_kept_as_the_dates_text() -> None:
    records, found = read("@book{k, year = {{13th Century}}}")
    assert records[0].issued is not None
    assert (records[0].issued.parts, records[0].issued.raw) == ((), "13th Century")
    assert codes(found) == ["BTX008"]


def test_entry_syntax_variants_from_real_exporters() -> None:
    records, found = read(
        "Scopus\nEXPORT DATE: 10 September 2021\n\n"  # banner text before the first entry
        "@ARTICLE{Gao2021,\n\tauthor={Gao, X.},\n\ttitle={Scopus},\n\tyear={2021}}\n"
        "@article{ WOS:000278542800018,\nTitle = {{Web of Science}},\nYear = {2010},\n}\n"
        "@book {spaced, title = {Space before the brace}}\n"
        "@misc(parens, title = {Round parens})\n"
        '@article{quoted, title = "Quoted {with} braces", year = 1999}\n'
        "@Comment{jabref-meta: databaseType:bibtex;}\n")
    assert [r.source_id for r in records] == ["Gao2021", "WOS:000278542800018", "spaced",
                                              "parens", "quoted"]
    assert [r.title for r in records] == ["Scopus", "Web of Science", "Space before the brace",
                                          "Round parens", "Quoted <span class=\"nocase\">with"
                                                          "</span> braces"]
    assert found == []


def test_an_entry_without_a_key_is_read_with_a_warning() -> None:
    records, found = read("@article{\n  author = {Huang, Y.},\n  title = {No key},\n}\n")
    assert (records[0].source_id, records[0].title) == ("", "No key")
    assert [(d.code, d.line) for d in found] == [("BTX010", 1)]


def test_a_missing_comma_between_fields_is_repaired_with_a_warning() -> None:
    records, found = read("@article{k,\ntitle = {Missing comma}\nyear = {2013},\n}\n")
    assert records[0].title == "Missing comma"
    assert records[0].issued is not None and records[0].issued.year == 2013
    assert [(d.code, d.line) for d in found] == [("BTX013", 1)]


def test_a_failed_block_is_reported_with_its_line_and_the_others_convert() -> None:
    text = ("@article{a, title = {First}}\n\n"
            "@article{b, title = {Unbalanced {brace}, year = 2000}\n\n"
            "@article{c, title = {Third}}\n")
    records, found = read(text)
    assert [r.title for r in records] == ["First", "Third"]
    assert [(d.code, d.line, d.severity.value) for d in found] == [("BTX001", 3, "error")]


def test_repeated_fields_and_keys_are_kept_and_reported() -> None:
    records, found = read("@article{k, title = {One}, title = {Two}}\n@article{K, title = {Three}}")
    assert records[0].title == "One"
    assert unmapped(records[0])["title"] == "Two"
    assert [r.title for r in records] == ["One", "Three"]
    assert codes(found) == ["BTX005", "BTX006"]


def test_unknown_and_tool_specific_types() -> None:
    records, found = read("@web_page{a, title = {W}}\n@book_section{b, title = {B}}\n"
                          "@wrong{c, title = {X}}\n@conference{d, title = {C}}")
    assert [r.type for r in records] == ["webpage", "chapter", "document", "paper-conference"]
    assert codes(found) == ["BTX007"]


@pytest.mark.parametrize(("entry", "csl"), [
    ("article", "article-journal"), ("book", "book"), ("booklet", "pamphlet"),
    ("inbook", "chapter"), ("incollection", "chapter"), ("inproceedings", "paper-conference"),
    ("manual", "report"), ("mastersthesis", "thesis"), ("phdthesis", "thesis"),
    ("proceedings", "book"), ("techreport", "report"), ("unpublished", "manuscript"),
    ("misc", "document"), ("online", "webpage"), ("report", "report"), ("thesis", "thesis"),
    ("collection", "book"), ("mvbook", "book"), ("dataset", "dataset"),
    ("software", "software"), ("patent", "patent"), ("periodical", "periodical"),
    ("letter", "personal_communication"), ("movie", "motion_picture"), ("audio", "song"),
    ("artwork", "graphic"), ("legislation", "legislation"), ("jurisdiction", "legal_case"),
    ("standard", "standard"), ("inreference", "entry-encyclopedia"), ("review", "review"),
])
def test_entry_types(entry: str, csl: str) -> None:
    assert one(f"@{entry}{{k, title = {{T}}}}").type == csl


def test_article_entrysubtype_and_thesis_type() -> None:
    assert one("@article{k, entrysubtype = {newspaper}}").type == "article-newspaper"
    thesis = one("@phdthesis{k, school = {MIT}}")
    assert (thesis.genre, thesis.publisher) == ("PhD thesis", "MIT")
    assert one("@thesis{k, type = {mathesis}}").genre == "Master's thesis"


# --- crossref and xdata -------------------------------------------------------------------------


def test_crossref_child_before_its_parent_inherits_with_biblatex_names() -> None:
    records, found = read(
        "@inproceedings{child, author = {Doe, Jane}, title = {The Paper}, crossref = {proc},\n"
        "  pages = {1--10}}\n"
        "@article{between, title = {Between}}\n"
        "@proceedings{proc, title = {Proceedings of Things}, editor = {Roe, Rich},\n"
        "  year = {2001}, publisher = {ACM}}\n")
    assert [r.source_id for r in records] == ["child", "between", "proc"]  # input order
    child = records[0]
    assert child.title == "The Paper"
    assert child.container_title == "Proceedings of Things"  # parent title -> booktitle
    assert child.issued is not None and child.issued.year == 2001
    assert [c.name.family for c in child.contributors] == ["Doe", "Roe"]
    assert child.publisher == "ACM" and child.page == "1-10"
    assert found == []


def test_xdata_and_nested_crossref() -> None:
    records, _ = read(
        "@xdata{pub, publisher = {Pan}, location = {London}}\n"
        "@mvbook{works, title = {Collected Works}, xdata = {pub}}\n"
        "@book{vol, title = {Volume One}, crossref = {works}}\n"
        "@inbook{chapter, title = {A Chapter}, crossref = {vol}}\n")
    chapter = records[-1]
    assert chapter.container_title == "Volume One"
    assert (chapter.publisher, chapter.publisher_place) == ("Pan", "London")


def test_a_missing_parent_and_a_cycle_are_reported() -> None:
    records, found = read("@inbook{a, crossref = {nowhere}}\n@book{b, crossref = {b}}\n"
                          "@book{c, crossref = {d}}\n@book{d, crossref = {c}}\n")
    assert len(records) == 4
    assert codes(found) == ["BTX004", "BTX012", "BTX012", "BTX012"]
    assert unmapped(records[0])["crossref"] == "nowhere"


# --- LaTeX -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (r"{\"o}\"{o}\"o", "ööö"), (r"{\'\i}", "í"), (r"\c{c}", "ç"), (r"{\ss}", "ß"),
    (r"{\aa}", "å"), (r"\r{u}", "ů"), (r"{\l}", "ł"), (r"{\.z}", "ż"), (r"\v{s}", "š"),
    (r"\H{o}", "ő"), (r"\~{n}", "ñ"), (r"\& \% \$ \_ \#", "& % $ _ #"),
    ("a~b", "a\u00a0b"), ("1--2---3", "1–2—3"), ("``q''", "“q”"),
    (r"$\alpha$-$\beta$", "α-β"), (r"H$_2$O", "H2O"), (r"\url{http://x.org/a_b}", "http://x.org/a_b"),
    (r"\unknowncommand{arg}", r"\unknowncommand{arg}"), (r"\input{/etc/passwd}", r"\input{/etc/passwd}"),
    (r"50\textasciitilde{} \textbackslash{}", "50~ \\"), (r"{\textbackslash}input", "\\input"),
])
def test_latex_to_unicode(value: str, text: str) -> None:
    assert latex.latex_to_text(value) == text


@pytest.mark.parametrize(("value", "rich"), [
    (r"The {DNA} of \textit{E. coli}", 'The <span class="nocase">DNA</span> of <i>E. coli</i>'),
    ("{Cocker} {Spaniel} dogs", '<span class="nocase">Cocker Spaniel</span> dogs'),
    ("{{Whole Title Protected}}", "Whole Title Protected"),
    (r"{\"O}sterreich", "Österreich"),  # a special character, not a protection
    (r"CO$_2$ and x$^2$", "CO<sub>2</sub> and x<sup>2</sup>"),
    (r"{\em emph} and \textbf{bold} and \textsc{sc}",
     '<i>emph</i> and <b>bold</b> and <span style="font-variant:small-caps;">sc</span>'),
    (r"\mkbibquote{quoted}", "“quoted”"),
])
def test_titles_keep_formatting_and_case_protection_as_csl_rich_text(value: str,
                                                                    rich: str) -> None:
    assert latex.latex_to_rich(value) == rich


def test_rich_text_only_in_titles() -> None:
    rec = one(r"@article{k, title = {The {DNA}}, journal = {{J} of \textit{X}}, "
              r"publisher = {{ACME} Press}, abstract = {The {DNA} \textit{i}}}")
    assert rec.title == 'The <span class="nocase">DNA</span>'
    assert rec.container_title == '<span class="nocase">J</span> of <i>X</i>'
    assert (rec.publisher, rec.abstract) == ("ACME Press", "The DNA i")


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    ("Donald E. Knuth", Name(family="Knuth", given="Donald E.")),
    ("Knuth, Donald E.", Name(family="Knuth", given="Donald E.")),
    ("von Hicks, III, Michael", Name(family="Hicks", given="Michael", non_dropping_particle="von",
                                     suffix="III")),
    ("Ludwig van Beethoven", Name(family="Beethoven", given="Ludwig", non_dropping_particle="van")),
    ("{World Health Organization}", Name(literal="World Health Organization")),
    ("{Barnes and Noble}", Name(literal="Barnes and Noble")),
    (r"M{\"u}ller, J{\"o}rg", Name(family="Müller", given="Jörg")),
    (r"{\"O}zt{\"u}rk, Ay{\c{s}}e", Name(family="Öztürk", given="Ayşe")),
    ("family=Doe, given=Jane, prefix=van", Name(family="Doe", given="Jane",
                                                non_dropping_particle="van")),
    ("Brinch Hansen, Per", Name(family="Brinch Hansen", given="Per")),
    ("Larsen, LJ", Name(family="Larsen", given="LJ")),
])
def test_name_forms(text: str, name: Name) -> None:
    assert parse_bibtex_name(text) == name


def test_name_lists_split_on_and_in_any_case_and_others_is_noted() -> None:
    rec = one("@book{k, author = {Smith, A. AND Jones, B. and {R and D Team} and others}}")
    assert [c.name.display() for c in rec.contributors] == ["A. Smith", "B. Jones",
                                                            "R and D Team"]
    assert rec.notes == ("author: 3 named, and others",)


def test_editor_types_and_book_authors() -> None:
    rec = one("@inbook{k, author = {A, B}, bookauthor = {C, D}, editor = {E, F},\n"
              "  editora = {G, H}, editoratype = {collaborator}, translator = {I, J}}")
    assert [(c.role, c.name.family) for c in rec.contributors] == [
        ("author", "A"), ("container-author", "C"), ("editor", "E"), ("contributor", "G"),
        ("translator", "I")]


# --- fields ------------------------------------------------------------------------------------


def test_identifiers_links_and_files() -> None:
    rec = one(r"@article{k, doi = {https://doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0},"
              r" url = {http://x.org/a\_b?c=d&e=f}, issn = {0001-8708, 1090-2082},"
              r" isbn = {978-3-16-148410-0}, pmid = {12653513},"
              r" file = {Full Text:files/1/paper.pdf:application/pdf;Snapshot:files/2/snap.html:text/html},"
              r" eprint = {2101.00001}, archivePrefix = {arXiv}, primaryClass = {cs.CL}}")
    assert rec.doi == "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
    assert rec.urls == ("http://x.org/a_b?c=d&e=f",)
    assert rec.issn == ("0001-8708", "1090-2082") and rec.isbn == ("978-3-16-148410-0",)
    assert rec.pmid == "12653513"
    assert rec.file_links == ("files/1/paper.pdf", "files/2/snap.html")
    assert (rec.number, rec.archive) == ("arXiv:2101.00001", "arXiv")
    assert unmapped(rec) == {"primaryClass": "cs.CL"}


def test_mendeley_file_paths() -> None:
    rec = one(r"@article{k, file = {:C$\backslash$:/some/path/X\_Y.pdf:pdf;::}}")
    assert rec.file_links == ("C\\:/some/path/X_Y.pdf",) or rec.file_links == ("C:/some/path/X_Y.pdf",)


def test_keywords_and_notes() -> None:
    rec = one("@article{k, keywords = {alpha, beta; gamma}, author_keywords = {delta},\n"
              "  note = {cited By 3}, annote = {An annotation\n\nin two paragraphs}}")
    assert rec.keywords == ("alpha", "beta", "gamma", "delta")
    assert rec.notes == ("cited By 3", "An annotation\n\nin two paragraphs")


def test_address_and_location_as_acm_writes_them() -> None:
    rec = one("@inproceedings{k, address = {New York, NY, USA}, location = {San Jose, CA},\n"
              "  series = {CHI '19}, numpages = {12}}")
    assert (rec.publisher_place, rec.event_place) == ("New York, NY, USA", "San Jose, CA")
    assert (rec.collection_title, rec.number_of_pages) == ("CHI '19", "12")


def test_biblatex_lists_only_with_biblatex() -> None:
    text = "@book{k, location = {Durham and London}, publisher = {Simon and Schuster}}"
    bibtex = one(text)
    assert (bibtex.publisher_place, bibtex.publisher) == ("Durham and London",
                                                          "Simon and Schuster")
    biblatex = one(text, biblatex=True)
    assert biblatex.publisher_place == "Durham; London"


def test_language_keys_become_bcp47_free_text_is_kept() -> None:
    assert one("@book{k, langid = {ngerman}}").language == "de-DE"
    assert one("@book{k, hyphenation = {british}}").language == "en-GB"
    assert one("@book{k, language = {English}}").language == "English"


def test_fields_no_rule_places_reach_the_note() -> None:
    rec = one("@article{k, title = {T}, Web-of-Science-Categories = {Ecology},\n"
              "  timestamp = {2020-01-01}, mendeley-tags = {x}}")
    assert unmapped(rec) == {"Web-of-Science-Categories": "Ecology", "timestamp": "2020-01-01",
                             "mendeley-tags": "x"}
    note = record_to_csl(rec, "k")["note"]
    assert "Web-of-Science-Categories: Ecology" in note


def test_a_value_over_the_limit_is_dropped_and_its_entry_kept() -> None:
    text = ("@article{a, title = {A}}\n@article{b, title = {B},\n abstract = {" + "x" * 5000
            + "}}\n@article{c, title = {C}}\n")
    found, report = collect()
    reader = BibtexReader(ReaderOptions(max_value_length=1000))
    records = list(reader.read(io.BytesIO(text.encode()), "t.bib", report))
    assert [(r.title, r.abstract) for r in records] == [("A", ""), ("B", ""), ("C", "")]
    assert [(d.code, d.line) for d in found] == [("BTX011", 3)]


def test_biblatex_reader_is_the_same_reader_under_its_name() -> None:
    _found, report = collect()
    records = list(BiblatexReader().read(io.BytesIO(b"@book{k, location = {A and B}}"),
                                         "t.bib", report))
    assert records[0].publisher_place == "A; B"


# --- encodings ---------------------------------------------------------------------------------


TEXT = "@article{k, title = {Müller über Ärger}, author = {Ørsted, Hans}}\n"


@pytest.mark.parametrize(("encoded", "expected_codes"), [
    (TEXT.encode("utf-8"), []),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), []),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), []),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), []),
    (TEXT.encode("utf-16-le"), ["RIS006"]),
    (TEXT.encode("cp1252"), ["RIS001"]),
    (("% Encoding: windows-1252\n" + TEXT).encode("cp1252"), ["BTX009"]),
    (("% Encoding: UTF-8\n" + TEXT).encode("cp1252"), ["RIS001"]),  # the header lies
])
def test_encodings(encoded: bytes, expected_codes: list[str]) -> None:
    records, found = read(encoded)
    assert records[0].title == "Müller über Ärger"
    assert records[0].contributors[0].name.family == "Ørsted"
    assert codes(found) == expected_codes


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_chinese_double_byte_files(codec: str) -> None:
    text = "@article{k, title = {中文标题的测试文章}, author = {张, 三 and 李, 四}}\n"
    records, found = read(text.encode(codec))
    assert records[0].title == "中文标题的测试文章"
    assert [c.name.family for c in records[0].contributors] == ["张", "李"]
    assert codes(found) == ["BTX009"]


@pytest.mark.parametrize(("name", "fragment"), [
    ("bibtexparser-v1/gbk_test.bib", "测试期刊"),
    ("rbibutils/xeCJK_gb18030.bib", "电工技术学报"),
    ("jabref/encoding-windows-1252-with-header.bib", "25° C"),
    ("jabref/encoding-windows-1252-without-header.bib", "25° C"),
    ("jabref/encoding-windows-1252-but-utf-8-declared--decoding-fails.bib", "Test\u00a0I."),
    ("jabref/encoding-utf-16BE-with-header.bib", "Ü ist ein Umlaut"),
    ("jabref/encoding-utf-16BE-without-header.bib", "Ü ist ein Umlaut"),
    ("jabref/tiny-LE-withBOM.bib", "Christmas turkey"),
    ("jabref/tiny-LE-noBOM.bib", "Christmas turkey"),
])
def test_the_corpus_encodings_are_read(name: str, fragment: str) -> None:
    records, found = read(corpus_path("bibtex-exports", *name.split("/")).read_bytes(), name)
    assert records, found
    text = json.dumps([record_to_csl(r, "x") for r in records], ensure_ascii=False)
    assert fragment in text
    assert "\ufffd" not in text and not [d for d in found if d.severity.value == "error"]


# --- damaged files ----------------------------------------------------------------------------


ENTRIES = ["@article{alpha,\n  title = {Alpha},\n}", "@article{bravo,\n  title = {Bravo},\n}",
           "@article{charlie,\n  title = {Charlie},\n}"]


def joined(entries: list[str]) -> str:
    return "\n\n".join(entries) + "\n"  # entry i starts on line 4 * i + 1


@pytest.mark.parametrize("position", [0, 1, 2])
@pytest.mark.parametrize(("damage", "code"), [
    (lambda e: e.replace("{Alpha}", "{Alpha").replace("{Bravo}", "{Bravo")
     .replace("{Charlie}", "{Charlie"), "BTX001"),  # an unbalanced brace
    (lambda e: e.replace("title =", "title"), "BTX001"),  # no =
    (lambda e: e.rstrip("}"), "BTX001"),  # the closing brace lost
])
def test_a_damaged_entry_is_reported_on_its_line(position: int, damage: object,
                                                 code: str) -> None:
    entries = list(ENTRIES)
    entries[position] = damage(entries[position])  # type: ignore[operator]
    records, found = read(joined(entries))
    titles = [r.title for r in records]
    intact = [t for i, t in enumerate(["Alpha", "Bravo", "Charlie"]) if i != position]
    assert all(t in titles for t in intact)
    errors = [d for d in found if d.severity.value == "error"]
    assert [(d.code, d.line) for d in errors] == [(code, 4 * position + 1)]


def test_a_file_cut_in_the_middle_keeps_the_entries_before() -> None:
    text = joined(ENTRIES)
    records, found = read(text[:text.index("Charlie") + 3])
    assert [r.title for r in records] == ["Alpha", "Bravo"]
    assert [(d.code, d.line) for d in found] == [("BTX001", 9)]


def test_bad_bytes_in_a_utf8_file_are_named_by_line() -> None:
    text = joined(ENTRIES).encode().replace(b"Alpha", "Älpha".encode()).replace(
        b"Bravo", b"Bra\xffvo")  # a UTF-8 file (Ä) with one bad byte, on line 6
    records, found = read(text)
    assert [r.title for r in records] == ["Älpha", "Bra\ufffdvo", "Charlie"]
    assert [(d.code, d.line) for d in found] == [("RIS002", 6)]


@pytest.mark.parametrize("data", [b"", b"\n\n", b"% only a comment\n", b"TY  - JOUR\nER  - \n"])
def test_nothing_to_read_is_a_warning(data: bytes) -> None:
    records, found = read(data)
    assert records == [] and codes(found) == ["BTX002"]


# --- the corpus ---------------------------------------------------------------------------------


def corpus_files() -> list[Path]:
    return sorted(FOLDER.rglob("*.bib"))


#: Corpus files with a block BibTeX itself cannot read either (the test names it).
BROKEN_BLOCKS = {
    "citation-js/019.bib": "an entry opened with { and closed with )",
    "colrev/ebsco_bib.bib": "EBSCO's keywords hold an unbalanced '}' (scraped JavaScript)",
    "colrev/ebsco_bib_result.bib": "the same record, as CoLRev wrote it back",
}


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(FOLDER)))
def test_every_corpus_file_reads_as_many_records_as_it_has(path: Path) -> None:
    name = str(path.relative_to(FOLDER))
    records, found = read(path.read_bytes(), path.name)
    errors = [d for d in found if d.severity.value == "error"]
    if name in BROKEN_BLOCKS:
        assert [d.code for d in errors] == ["BTX001"]
    else:
        assert errors == []
    manifest = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
    counts = {f["file"]: f["records"] for f in manifest["files"]}
    expected = counts.get(name)
    if expected is not None and name not in BROKEN_BLOCKS:
        assert len(records) == expected


@pytest.fixture(scope="module")
def csl_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((CORPUS / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(FOLDER)))
def test_csl_json_of_every_corpus_file_is_valid(path: Path,
                                                csl_validator: jsonschema.Draft7Validator) -> None:
    records, _ = read(path.read_bytes(), path.name)
    items = [record_to_csl(r, f"id{i}") for i, r in enumerate(records)]
    assert list(csl_validator.iter_errors(items)) == []


def _corpus_texts() -> list[tuple[str, str]]:
    texts = []
    for path in corpus_files():
        _, report = collect()
        sink = DiagnosticSink(report, path.name)
        lines = list(decoded_lines(path.open("rb"), sink))
        texts.append((str(path.relative_to(FOLDER)), "\n".join(text for _, text in lines)))
    return texts


def _normal(blocks: list[object]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for block in blocks:
        if isinstance(block, EntryBlock):
            out.append(("entry", block.entry_type, block.key, block.line, tuple(block.fields)))
        elif isinstance(block, StringBlock):
            out.append(("string", block.key, block.raw, block.line))
        else:
            out.append(("failed", block.line))  # type: ignore[attr-defined]
    return out


def test_the_fast_splitter_reads_the_corpus_as_bibtexparser_does() -> None:
    compared = 0
    for name, text in _corpus_texts():
        fast = _normal(list(split_blocks(text, 1)))
        slow = _normal(list(_with_bibtexparser(text, 1)))
        assert fast == slow, name
        compared += len(fast)
    assert compared > 2000


def test_the_quick_latex_reading_agrees_with_the_full_one_on_every_corpus_value() -> None:
    quick = brace_only = 0
    for name, text in _corpus_texts():
        _, report = collect()
        sink = DiagnosticSink(report, name)
        macros = _Macros()
        for first, piece in chunks(enumerate(text.split("\n"), start=1)):
            for block in split_blocks(piece, first):
                if not isinstance(block, EntryBlock):
                    continue
                for _, raw, line in block.fields:
                    value = macros.evaluate(raw, line, sink).latex
                    if not latex.needs_latex(value):
                        continue
                    full = latex._squash("".join(t for t, _ in latex._Renderer(value).value()))
                    if latex._NEEDS_RENDERER.search(value) is None:
                        assert latex._plain_text(value) == full, (name, value)
                        quick += 1
                    runs = latex._brace_runs(value)
                    if runs is not None:
                        assert _rich(runs) == _rich(latex._Renderer(value).value()), value
                        brace_only += 1
    assert quick > 1000 and brace_only > 1000


def _rich(runs: list[tuple[str, frozenset[str]]]) -> str:
    merged = latex._merge(latex._tidy_protection(latex._merge(runs)))
    return latex._tidy_spaces(latex._squash(latex._serialise(merged)) if merged else "")


def test_the_large_export_streams_a_record_at_a_time() -> None:
    path = corpus_path("bibtex-exports", "zotero-export__asysd.bib")
    found, report = collect()
    with path.open("rb") as stream:
        records = read_bibtex(stream, path.name, report)
        first = next(records)
        assert first.title and stream.tell() < path.stat().st_size
        assert sum(1 for _ in records) == 999
    assert not [d for d in found if d.severity.value == "error"]


def test_the_source_type_is_the_entry_type_as_written_and_ris_output_uses_a_ris_type() -> None:
    from risx.writers.base import WriterOptions
    from risx.writers.ris import RisWriter

    records, _ = read("@Article{k, title = {T}}\n@inproceedings{p, title = {P}}\n")
    assert [r.source_type for r in records] == ["@article", "@inproceedings"]
    out = io.StringIO()
    RisWriter(collect()[1], WriterOptions()).write(records, out)
    assert [line for line in out.getvalue().splitlines() if line.startswith("TY")] == [
        "TY  - JOUR", "TY  - CPAPER"]
