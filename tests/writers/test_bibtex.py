"""BibTeX and BibLaTeX writers on hand-built records: escaping, titles, names, keys, types, fields.

The real toolchain (bibtex, biber, latex) and the corpus are exercised in
``test_bibtex_toolchain.py``; these tests pin the rules one at a time.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import bibtexparser
import pytest
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from hypothesis import given
from hypothesis import strategies as st

from conftest import corpus_path
from risx.diagnostics import Diagnostic, collect
from risx.model import Contributor, Date, Name, RawTag, Record, SourceLocation
from risx.readers.ris import read_ris
from risx.registry import default_registry
from risx.transforms.keys import KeyPattern, KeyPatternError, is_valid_cite_key
from risx.writers.base import WriterOptions
from risx.writers.biblatex import BiblatexWriter
from risx.writers.bibtex import BibtexWriter, biblatex, bibtex
from risx.writers.bibtex.latex import (
    bib_pages,
    escape,
    format_name,
    iso_date,
    protect_title,
    verbatim,
)

HERE = SourceLocation("t.ris", 1)


def person(family: str, given: str = "", **parts: str) -> Name:
    return Name(family=family, given=given, **parts)


def record(**fields: object) -> Record:
    base: dict[str, object] = {
        "type": "article-journal",
        "source": HERE,
        "title": "Clinician perspectives on good practice",
        "contributors": (Contributor("author", person("Troup", "Jordan")),),
        "issued": Date(((2022, 5, 5),)),
        "container_title": "PLoS ONE",
    }
    base.update(fields)
    return Record(**base)  # type: ignore[arg-type]


def write(records: list[Record], writer: type[BibtexWriter] | type[BiblatexWriter] = BibtexWriter,
          **options: object) -> tuple[str, list[Diagnostic]]:
    found, report = collect()
    out = io.StringIO()
    writer(report, WriterOptions(**options)).write(records, out)  # type: ignore[arg-type]
    return out.getvalue(), found


def parse(text: str) -> Library:
    library = parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def fields_of(text: str) -> dict[str, str]:
    (entry,) = parse(text).entries
    return {f.key: f.value for f in entry.fields}


# --- A decoder written independently of the encoder, for round trips --------------------------

_TOKEN = re.compile(
    r"\{\\(textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum|"
    r"textless|textgreater|textbar)\}|\\([&%$#_])|([{}])|(.)", re.DOTALL)
_UNBRACED = re.compile(r"\\(textbackslash|textbraceleft|textbraceright|textasciitilde|"
                       r"textasciicircum|textless|textgreater|textbar)\{\}")
_NAMED = {"textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}",
          "textasciitilde": "~", "textasciicircum": "^", "textless": "<", "textgreater": ">",
          "textbar": "|"}


def decode(latex: str) -> str:
    """Plain text from a value risx wrote (UTF-8 mode): escapes undone, protecting braces dropped."""
    out = []
    latex = _UNBRACED.sub(r"{\\\1}", latex)  # biber-style name escapes
    for named, symbol, brace, char in _TOKEN.findall(latex):
        out.append(_NAMED[named] if named else symbol or ("" if brace else char))
    return "".join(out)


_ALLOWED_COMMAND = re.compile(
    r"\\(?:textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum|"
    r"textless|textgreater|textbar)(?![A-Za-z])|\\[&%$#_]")


def commands_left(latex: str) -> str:
    """What remains of ``latex`` once the escapes risx may write are removed."""
    return _ALLOWED_COMMAND.sub("", latex)


def balanced(latex: str) -> bool:
    depth = 0
    for char in latex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


# --- Escaping ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "latex"), [
    ("R&D", r"R\&D"),
    ("100%", r"100\%"),
    ("$5", r"\$5"),
    ("#1", r"\#1"),
    ("snake_case", r"snake\_case"),
    ("~", r"{\textasciitilde}"),
    ("x^2", r"x{\textasciicircum}2"),
    ("a\\b", r"a{\textbackslash}b"),
    ("{x}", r"{\textbraceleft}x{\textbraceright}"),
    ("a < b > c | d", r"a {\textless} b {\textgreater} c {\textbar} d"),
    ("tab\tand\nnewline", "tab and newline"),
    ("bell\x07", "bell"),
])
def test_escape_makes_each_special_character_print_literally(text: str, latex: str) -> None:
    assert escape(text) == latex


def test_escape_never_double_escapes_text_that_looks_escaped() -> None:
    # The source is plain text: "\&" there is a backslash and an ampersand, both printed.
    assert escape(r"\&") == r"{\textbackslash}\&"
    assert decode(escape(r"\&")) == r"\&"


@pytest.mark.parametrize("hostile", [
    r"\input{/etc/passwd}", r"\include{x}", r"\write18{touch PWNED}",
    r"\immediate\write18{rm -rf ~}", r"\openout1=x.tex", r"\catcode`\{=12", r"\def\x{y}",
    "^^5cinput{/etc/passwd}", r"\csname input\endcsname", "}\\input{x}{",
])
def test_hostile_input_leaves_no_command(hostile: str) -> None:
    latex = escape(hostile)
    assert "\\" not in commands_left(latex)
    assert "^" not in latex  # ^^5c would be a backslash to TeX
    assert balanced(latex)
    assert decode(latex) == hostile


@given(st.text())
def test_escape_round_trips_any_text_and_stays_balanced(text: str) -> None:
    latex = escape(text)
    assert balanced(latex)
    assert "\\" not in commands_left(latex)
    assert decode(latex) == " ".join(text.translate(
        {c: None for c in [*range(0, 9), 11, 12, *range(14, 32), 127]}).split())


def test_ascii_mode_writes_macros_for_accented_letters() -> None:
    assert escape("Müller", ascii=True) == r'M{\"u}ller'
    assert escape("Łódź", ascii=True) == r"{\L}{\'o}d{\'z}"
    assert escape("α ≥ β", ascii=True).isascii()
    assert escape("Müller") == "Müller"  # UTF-8 by default


def test_ascii_mode_reports_characters_without_a_macro() -> None:
    text, found = write([record(title="Rice 水稻 in Timișoara")], ascii=True)
    assert [d.code for d in found] == ["BIB002"]
    assert "水" in found[0].message and "ș" in found[0].message
    assert "水稻" in text  # kept, not lost
    assert write([record(title="Rice in Timișoara")])[1] == []  # UTF-8 mode: nothing to say


def test_verbatim_fields_percent_encode_only_what_could_break_out() -> None:
    assert verbatim("https://x.org/a_b?c=1&d=%20#f") == "https://x.org/a_b?c=1&d=%20#f"
    assert verbatim("http://x/{a}\\b c^") == "http://x/%7Ba%7D%5Cb%20c%5E"


@pytest.mark.parametrize("url", [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\x01script:alert(1)",  # the control character is dropped: what is left is javascript:
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ms-msdt:/id PCWDiagnostic",
])
@pytest.mark.parametrize("writer", [BibtexWriter, BiblatexWriter])
def test_a_url_that_is_not_a_web_link_is_kept_as_text_not_as_url(
        url: str, writer: type[BibtexWriter] | type[BiblatexWriter]) -> None:
    # hyperref and biblatex make the url field a link in the PDF: one that runs script or opens
    # a program's handler must not get there.
    text, found = write([record(urls=(url,))], writer)
    fields = fields_of(text)
    assert "url" not in fields
    note = fields["annote" if writer is BibtexWriter else "annotation"]
    assert decode(note) == "url: " + re.sub("[\x00-\x1f]", "", url).strip()
    assert [d.code for d in found] == ["BIB003"]
    assert "not a web link" in found[0].message and found[0].line == 1

    text, found = write([record(urls=(url,))], writer, no_extra=True)
    assert "url" not in fields_of(text) and "annot" not in text
    assert [d.code for d in found] == ["BIB003"] and "left out (--no-extra)" in found[0].message


@pytest.mark.parametrize("url", ["https://x.org/a", "HTTP://X.ORG", "ftp://ftp.x.org/f.pdf",
                                 "www.x.org/a", "//www.x.org/a", "doi.org/10.1/x"])
def test_web_links_and_links_without_a_scheme_are_written_as_url(url: str) -> None:
    text, found = write([record(urls=(url,))])
    assert fields_of(text)["url"] == url
    assert found == []


def test_biblatex_online_entry_needs_a_url_that_is_written() -> None:
    # @online requires url or doi: with only a refused URL the entry is @misc.
    page = record(type="webpage", container_title="", urls=("javascript:alert(1)",))
    assert write([page], BiblatexWriter)[0].startswith("@misc{")
    page = record(type="webpage", container_title="", urls=("https://x.org",))
    assert write([page], BiblatexWriter)[0].startswith("@online{")


# --- Titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "latex"), [
    ("DNA repair in Danish patients", "{DNA} repair in {Danish} patients"),
    ("Uptake of mRNA vaccines after COVID-19", "Uptake of {mRNA} vaccines after {COVID-19}"),
    ("Using the iPhone for (MRI) triage", "Using the {iPhone} for ({MRI}) triage"),
    ("Treatment: a review", "Treatment: a review"),
    ("Open Source and Empirical Software Engineering",
     "Open Source and Empirical Software Engineering"),  # Title Case: capitals say nothing
    ("Effects of HIV Testing on Rural Communities", "Effects of {HIV} Testing on Rural Communities"),
    ("EFFECT OF DIET ON SLEEP", "EFFECT OF DIET ON SLEEP"),  # all caps: nothing to keep
    ("Cost of R&D in Europe", r"Cost of {R\&D} in {Europe}"),
    ("Why _DNA matters", r"Why {{\_DNA}} matters"),  # a group must not start with a command
    ("Phase separation in binary V-Ti alloys", "Phase separation in binary {V-Ti} alloys"),
    ("Heavy Metal Detoxification—A Review", "Heavy Metal Detoxification—A Review"),
    ("Self-reported pain in Anglo-Saxon cohorts", "Self-reported pain in {Anglo-Saxon} cohorts"),
])
def test_title_protects_capitals_that_carry_meaning(title: str, latex: str) -> None:
    assert protect_title(title) == latex
    assert decode(protect_title(title)) == title


# --- Names, pages, dates -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "latex"), [
    (person("Troup", "Jordan"), "Troup, Jordan"),
    (person("Gogh", "Vincent", non_dropping_particle="van"), "van Gogh, Vincent"),
    (person("King", "Martin Luther", suffix="Jr."), "King, Jr., Martin Luther"),
    (person("Beethoven", "Ludwig", dropping_particle="van"), "van Beethoven, Ludwig"),
    (Name(literal="Open Science Collaboration"), "{Open Science Collaboration}"),
    (Name(literal="Johnson & Johnson"), r"{Johnson \& Johnson}"),
    (person("Smith, Jones"), "{Smith, Jones}"),
    (person("Marks and Spencer", "Ltd"), "{Marks and Spencer}, Ltd"),
    (person("", "Plato"), "{Plato}"),
])
def test_names_are_written_as_bibtex_reads_them(name: Name, latex: str) -> None:
    assert format_name(name) == latex


def test_corporate_author_is_one_name_to_bibtex() -> None:
    rec = record(contributors=(Contributor("author", Name(literal="World Health Organization")),
                               Contributor("author", person("Doe", "Jane"))))
    text, _ = write([rec])
    assert fields_of(text)["author"] == "{World Health Organization} and Doe, Jane"
    people = bibtexparser.middlewares.SplitNameParts().transform(
        bibtexparser.middlewares.SeparateCoAuthors().transform(parse(text))).entries[0]["author"]
    assert people[0].last == ["{World Health Organization}"] and people[0].first == []


@pytest.mark.parametrize(("page", "pages"), [
    ("193-194", "193--194"), ("193–194", "193--194"), ("193 - 194", "193--194"),
    ("e0267787", "e0267787"), ("12--15", "12--15"),
])
def test_page_ranges_use_the_double_dash(page: str, pages: str) -> None:
    assert bib_pages(page) == pages


@pytest.mark.parametrize(("date", "iso"), [
    (Date(((2022,),)), "2022"), (Date(((2022, 5),)), "2022-05"),
    (Date(((2022, 5, 5),)), "2022-05-05"), (Date(((2020,), (2021,))), "2020/2021"),
    (Date(((2019,),), season=1), "2019-21"), (Date(raw="in press"), ""),
])
def test_iso_dates_for_biblatex(date: Date, iso: str) -> None:
    assert iso_date(date) == iso


def test_bibtex_dates_use_year_and_month_macros() -> None:
    text, _ = write([record()])
    assert re.search(r"\n  month = may,?\n", text)
    assert fields_of(text)["year"] == "2022"
    spring, _ = write([record(issued=Date(((2019,),), season=1))])
    assert fields_of(spring)["month"] == "Spring"
    in_press, _ = write([record(issued=Date(raw="in press"))])
    assert fields_of(in_press)["year"] == "in press"


# --- Cite keys --------------------------------------------------------------------------------


def test_default_key_is_family_year_first_significant_title_word() -> None:
    assert KeyPattern().render(record()) == "troup2022clinician"
    assert KeyPattern().render(record(title="The effects of X")) == "troup2022effects"
    folded = record(contributors=(Contributor("author", person("Ørsted-Müller", "H")),))
    assert KeyPattern().render(folded) == "orstedmuller2022clinician"


@pytest.mark.parametrize(("pattern", "key"), [
    ("{Auth}{year}", "Troup2022"),
    ("{auth}:{year}:{shorttitle3}", "troup:2022:clinicianperspectivesgood"),
    ("{Auth}{Shorttitle2}", "TroupClinicianPerspectives"),
    ("{authors}{year}", "troupdoe2022"),
    ("{title}", "clinician"),
])
def test_key_patterns(pattern: str, key: str) -> None:
    rec = record(contributors=(Contributor("author", person("Troup", "J")),
                               Contributor("author", person("Doe", "J"))))
    assert KeyPattern(pattern).render(rec) == key


@pytest.mark.parametrize("pattern", ["{nope}", "{auth} {year}", "{auth},{year}", "plain", "{auth}#"])
def test_bad_key_patterns_are_refused_before_writing(pattern: str) -> None:
    with pytest.raises(KeyPatternError):
        BibtexWriter(collect()[1], WriterOptions(key_pattern=pattern))


def test_key_falls_back_to_title_then_item() -> None:
    anonymous = record(contributors=(), issued=None)
    assert KeyPattern().render(anonymous) == "clinicianclinician"
    assert KeyPattern().render(replace(anonymous, title="")) == "item"


def test_keys_are_unique_and_never_depend_on_later_records() -> None:
    one, _ = write([record()])
    three, _ = write([record(), record(), record(title="Clinician voices")])
    keys = [e.key for e in parse(three).entries]
    assert keys == ["troup2022clinician", "troup2022cliniciana", "troup2022clinicianb"]
    assert three.startswith(one)


def test_keep_ids_uses_valid_source_ids_and_reports_the_rest() -> None:
    records = [record(source_id="Troup:2022"), record(source_id="Troup:2022"),
               record(source_id="123456 sxdbgsd")]
    text, found = write(records, keep_ids=True)
    assert [e.key for e in parse(text).entries] == [
        "Troup:2022", "Troup:2022a", "troup2022clinician"]
    assert [d.code for d in found] == ["OUT003", "BIB001"]
    plain, _ = write(records[:1])
    assert parse(plain).entries[0].key == "troup2022clinician"  # ids only with keep_ids


@given(st.text())
def test_every_key_is_valid(title: str) -> None:
    assert is_valid_cite_key(KeyPattern().render(record(title=title)))


# --- Entry types and fields -------------------------------------------------------------------


@pytest.mark.parametrize(("csl_type", "extra", "bibtex_type", "biblatex_type"), [
    ("article-journal", {}, "article", "article"),
    ("article-newspaper", {}, "article", "article"),
    ("article", {"container_title": ""}, "misc", "misc"),
    ("book", {}, "book", "book"),
    ("book", {"contributors": (Contributor("editor", person("Ed", "A")),)}, "book", "collection"),
    ("chapter", {}, "incollection", "inbook"),
    ("chapter", {"contributors": (Contributor("author", person("A", "B")),
                                  Contributor("editor", person("E", "D")))},
     "incollection", "incollection"),
    ("entry-encyclopedia", {}, "incollection", "inreference"),
    ("paper-conference", {}, "inproceedings", "inproceedings"),
    ("paper-conference", {"container_title": ""}, "proceedings", "proceedings"),
    ("thesis", {}, "phdthesis", "thesis"),
    ("thesis", {"genre": "Master's thesis"}, "mastersthesis", "thesis"),
    ("report", {}, "techreport", "report"),
    ("software", {}, "manual", "software"),
    ("manuscript", {}, "unpublished", "unpublished"),
    ("patent", {}, "misc", "patent"),
    ("webpage", {"urls": ("https://x.org",)}, "misc", "online"),
    ("webpage", {}, "misc", "misc"),
    ("dataset", {}, "misc", "dataset"),
    ("motion_picture", {}, "misc", "misc"),
])
def test_entry_types(csl_type: str, extra: dict[str, object], bibtex_type: str,
                     biblatex_type: str) -> None:
    rec = record(type=csl_type, **extra)
    assert bibtex.entry_type(rec) == bibtex_type
    assert biblatex.entry_type(rec) == biblatex_type


FULL = record(
    title="Outcomes of DNA screening", title_short="DNA screening",
    contributors=(Contributor("author", person("Troup", "Jordan")),
                  Contributor("editor", person("Oram", "Sian")),
                  Contributor("translator", person("Dale", "Oliver")),
                  Contributor("collection-editor", person("Cooper", "Chris"))),
    container_title="Journal of Things", container_title_short="J Things",
    collection_title="Series of Things", volume="17", issue="5", page="193-194",
    number="e0267787", edition="2", publisher="PLOS", publisher_place="San Francisco",
    doi="10.1371/journal.pone.0267787", urls=("https://x.org/a", "https://y.org/b"),
    issn=("1932-6203",), isbn=("978-3-16-148410-0",), pmid="35511900",
    abstract="First paragraph.\nSecond & last.", keywords=("mental health", "CEN"),
    notes=("A note",), language="en", accessed=Date(((2023, 1, 2),)), genre="Doctoral thesis",
    number_of_pages="300", number_of_volumes="2", chapter_number="3", event_title="Conf",
    unmapped=(RawTag("ZZ", "kept 100%", 9),),
)


def test_bibtex_article_fields() -> None:
    text, found = write([FULL])
    assert not found
    assert fields_of(text) == {
        "author": "Troup, Jordan", "editor": "Oram, Sian", "translator": "Dale, Oliver",
        "title": "Outcomes of {DNA} screening", "journal": "Journal of Things",
        "series": "Series of Things", "year": "2022", "month": "may", "volume": "17",
        "number": "5", "eid": "e0267787", "pages": "193--194", "chapter": "3",
        "publisher": "PLOS", "address": "San Francisco", "edition": "2",
        "doi": "10.1371/journal.pone.0267787", "url": "https://x.org/a",
        "urldate": "2023-01-02", "issn": "1932-6203", "isbn": "978-3-16-148410-0",
        "pmid": "35511900", "abstract": "First paragraph.\nSecond \\& last.",
        "keywords": "mental health, CEN", "language": "en", "note": "A note",
        "annote": "UR: https://y.org/b\nZZ: kept 100\\%",
    }


def test_biblatex_article_fields() -> None:
    text, found = write([FULL], BiblatexWriter)
    assert not found
    fields = fields_of(text)
    assert fields["journaltitle"] == "Journal of Things"
    assert fields["date"] == "2022-05-05" and fields["urldate"] == "2023-01-02"
    assert fields["number"] == "5" and fields["eid"] == "e0267787"
    assert (fields["eprint"], fields["eprinttype"]) == ("35511900", "pubmed")
    assert fields["editora"] == "Cooper, Chris" and fields["editoratype"] == "series editor"
    assert fields["shorttitle"] == "{DNA} screening" and fields["shortjournal"] == "J Things"
    # An article has no publisher or edition in biblatex's data model: kept as annotation lines.
    assert "publisher" not in fields and "publisher: PLOS" in fields["annotation"]
    assert "edition: 2" in fields["annotation"]


@pytest.mark.parametrize("csl_type", sorted({*bibtex.ENTRY_TYPES, *biblatex.ENTRY_TYPES,
                                             "webpage", "motion_picture", "legal_case"}))
def test_biblatex_writes_only_fields_its_data_model_allows(csl_type: str) -> None:
    text, _ = write([replace(FULL, type=csl_type)], BiblatexWriter)
    (entry,) = parse(text).entries
    allowed = biblatex.COMMON_FIELDS | biblatex.TYPE_FIELDS[entry.entry_type] | {"annotation"}
    assert set(entry.fields_dict) <= allowed
    # Nothing lost: every value lands in a field or in the annotation.
    assert "San Francisco" in text and "PLOS" in text and "Series of Things" in text


def test_bibtex_book_with_author_and_editor_keeps_editor_out_of_the_styles_way() -> None:
    text, _ = write([replace(FULL, type="book", collection_number="4")])
    fields = fields_of(text)
    assert "editor" not in fields and "editor: Sian Oram" in fields["annote"]
    assert "number" not in fields and "number: e0267787" in fields["annote"]


def test_no_extra_drops_unmapped_tags() -> None:
    text, _ = write([FULL], no_extra=True)
    assert "annote" not in fields_of(text)
    text, _ = write([FULL], BiblatexWriter, no_extra=True)
    assert "annotation" not in fields_of(text)


def test_entry_without_author_gets_a_sort_key() -> None:
    text, _ = write([record(contributors=())])
    assert fields_of(text)["key"] == "Clinician perspectives on good practice"


def test_ascii_output_is_ascii_and_parses() -> None:
    rec = record(title="Über Müller’s “Fußnoten”",
                 contributors=(Contributor("author", person("Müller", "Jürgen")),))
    text, _ = write([rec], ascii=True)
    assert text.isascii()
    fields = fields_of(text)
    assert fields["author"] == r'M{\"u}ller, J{\"u}rgen'
    assert parse(text).entries[0].key == "muller2022uber"


def test_output_is_deterministic_and_separated_by_blank_lines() -> None:
    records = [FULL, record(), replace(FULL, type="book")]
    first, _ = write(records)
    second, _ = write(records)
    assert first == second
    assert first.count("\n\n@") == 2 and first.endswith("}\n")
    assert write([])[0] == ""


def test_registry_maps_names_and_bib_extension() -> None:
    writers = default_registry().writers
    assert writers.get("bibtex") is BibtexWriter
    assert writers.get("biblatex") is BiblatexWriter
    assert writers.by_extension(".bib") is BibtexWriter


@given(st.text(min_size=1), st.text())
def test_any_title_and_name_round_trip_through_bibtexparser(title: str, family: str) -> None:
    rec = record(title=title, contributors=(Contributor("author", person(family, "A")),))
    for writer in (BibtexWriter, BiblatexWriter):
        text, _ = write([rec], writer)
        fields = fields_of(text)
        assert decode(fields.get("title", "")) == " ".join(title.translate(
            {c: None for c in [*range(0, 9), 11, 12, *range(14, 32), 127]}).split())
        assert "\\" not in commands_left(text)


# escape()'s fast path for plain text ----------------------------------------------------

_TRICKY = st.text(alphabet=st.sampled_from(
    # plain spaces twice over, so that runs of words are common
    [*"ab Z\u00a0\t\n\r{}\\%_&#$~^<>|é李\x01\x1c\x7f\x85\u2028\u3000", " ", " "]),
    max_size=12)


@given(_TRICKY, st.booleans(), st.booleans())
def test_escape_takes_its_shortcut_only_where_collapsing_and_escaping_change_nothing(
        text: str, ascii: bool, braced: bool) -> None:
    from risx.writers.bibtex.latex import _escape_collapsed, collapse, escape

    assert escape(text, ascii=ascii, braced=braced) == _escape_collapsed(
        collapse(text), ascii=ascii, braced=braced)


def _escaped_char_by_char(text: str, *, ascii: bool, braced: bool) -> str:
    """escape() written the slow, obvious way: collapse, then map each character on its own."""
    from risx.writers.bibtex.latex import _ESCAPES, _ESCAPES_UNBRACED, _macro_for

    controls = {c: None for c in [*range(0, 9), 11, 12, *range(14, 32), 127]}
    table = _ESCAPES if braced else _ESCAPES_UNBRACED
    return "".join(table.get(c) or (_macro_for(c) if ascii and ord(c) > 127 else c)
                   for c in " ".join(text.translate(controls).split()))


@given(st.lists(_TRICKY, max_size=30).map("".join), st.booleans(), st.booleans())
def test_escape_of_short_and_long_text_replaces_each_special_character_once(
        text: str, ascii: bool, braced: bool) -> None:
    """Short values go through one regex, long ones (abstracts) through str.replace per
    character: both escape every special character exactly once."""
    assert escape(text, ascii=ascii, braced=braced) == _escaped_char_by_char(
        text, ascii=ascii, braced=braced)


def test_a_long_text_with_every_special_character_is_escaped_once() -> None:
    text = "An abstract of some length, long enough for the str-method path: " + "\\{}~^<>|&%$#_"
    assert len(text) >= 64
    assert escape(text) == ("An abstract of some length, long enough for the str-method path: "
                            r"{\textbackslash}{\textbraceleft}{\textbraceright}{\textasciitilde}"
                            r"{\textasciicircum}{\textless}{\textgreater}{\textbar}\&\%\$\#\_")
    assert escape(text, braced=False).endswith(r"\textbackslash{}\textbraceleft{}\textbraceright{}"
                                               r"\textasciitilde{}\textasciicircum{}\textless{}"
                                               r"\textgreater{}\textbar{}\&\%\$\#\_")


_NAME_PIECES = st.lists(st.sampled_from(
    ["and", "AND", "And", "an", "nd", "andy", "Sandra", "x", "é", "李", "-", ".", "'", " ", " ",
     "  ", ",", "\t", "\u00a0", "\u2028", "{", "}", "_", "&", "\\", "\x01", "\x85"]),
    max_size=8).map("".join)


@given(_NAME_PIECES, st.booleans(), st.booleans())
def test_name_part_takes_its_shortcut_only_where_the_long_way_changes_nothing(
        text: str, ascii: bool, braced: bool) -> None:
    from risx.writers.bibtex.latex import _escaped_name_part, _name_part

    assert _name_part(text, ascii=ascii, braced=braced) == _escaped_name_part(
        text, ascii=ascii, braced=braced)


# protect_title's shortcuts, against the rule as it was first written ---------------------------

def _protect_title_as_first_written(title: str, *, ascii: bool = False) -> str:
    """protect_title before its shortcuts: every word split from its punctuation and each part
    of it tested, whether the title is in Title Case always worked out."""
    from risx.writers.bibtex.latex import (
        _PART_SPLIT,
        _WORD_CORE,
        _escape_collapsed,
        _is_title_case,
        collapse,
    )

    def needs_protection(core: str, *, first: bool, title_case: bool) -> bool:
        if core.lower() == core:
            return False
        for index, part in enumerate(_PART_SPLIT.split(core)):
            letters = [c for c in part if c.isalpha()]
            if not letters:
                continue
            if any(c.isupper() for c in letters[1:]):
                return True
            if letters[0].isupper() and not title_case and not (first and index == 0):
                return True
        return False

    title = collapse(title)
    words = title.split(" ")
    if not any(c.islower() for c in title):
        return escape(title, ascii=ascii)
    title_case = _is_title_case(words)
    out, plain = [], []
    for index, word in enumerate(words):
        match = _WORD_CORE.match(word)
        assert match is not None
        lead, core, trail = match.groups()
        if core and needs_protection(core, first=index == 0, title_case=title_case):
            if plain:
                out.append(_escape_collapsed(" ".join(plain), ascii=ascii))
                plain = []
            inner = _escape_collapsed(core, ascii=ascii)
            braced = f"{{{{{inner}}}}}" if inner.startswith("\\") else f"{{{inner}}}"
            out.append(_escape_collapsed(lead, ascii=ascii) + braced
                       + _escape_collapsed(trail, ascii=ascii))
        else:
            plain.append(word)
    if plain:
        out.append(_escape_collapsed(" ".join(plain), ascii=ascii))
    return " ".join(out)


_TITLE_WORDS = st.sampled_from([
    "the", "of", "study", "Study", "Denmark", "Denmark,", "(Denmark)", "\"Quoted\"", "DNA",
    "mRNA", "iPhone", "McDonald", "COVID-19", "V-Ti", "Well-being", "Well-Being", "A", "I",
    "x", "3D", "T-cell", "α-synuclein", "Ærø", "Éire", "\u24b6bc", "\U0001d400x", "A\U0001d400b",
    "ǅemal",
    "ǆ", "Σίσυφος", "{X}", "\\Alpha", "R&D", "$5", "Part/Whole", "Über-Ich", "1990s",
    "between", "Between", "with", "Toward", "—", "-", "", "\t", "and"])


@given(st.lists(_TITLE_WORDS, max_size=12).map(" ".join), st.booleans())
def test_protect_title_protects_what_the_rule_as_first_written_protected(
        title: str, ascii: bool) -> None:
    assert protect_title(title, ascii=ascii) == _protect_title_as_first_written(title,
                                                                               ascii=ascii)


def test_every_corpus_title_is_protected_as_the_rule_as_first_written_protected() -> None:
    titles = set()
    for path in sorted(corpus_path().rglob("*.ris")):
        _, report = collect()
        with path.open("rb") as stream:
            titles.update(r.title for r in read_ris(stream, path.name, report) if r.title)
    assert len(titles) >= 1000
    for title in sorted(titles):
        assert protect_title(title) == _protect_title_as_first_written(title), title
