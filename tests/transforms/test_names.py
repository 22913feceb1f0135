"""Tests for risx.transforms.names: every form of notes/ris-reference.md section 5."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risx.model import Name
from risx.transforms.names import ParsedNames, names_in_capitals, parse_ris_names, recase_name


def person(family: str, given: str = "", particle: str = "", suffix: str = "") -> Name:
    return Name(family=family, given=given, non_dropping_particle=particle, suffix=suffix)


def org(text: str) -> Name:
    return Name(literal=text)


# (value, expected names); all read without a problem.
CLEAN: list[tuple[str, tuple[Name, ...]]] = [
    # Family, Given.
    ("Doe, John", (person("Doe", "John"),)),  # citation-js-ris/input/002.ris
    ("  Doe,  John  ", (person("Doe", "John"),)),
    ("Doe, John,", (person("Doe", "John"),)),
    ("Smith, John.", (person("Smith", "John"),)),  # a stray period is not an initial
    ("Baldwin,S.A.", (person("Baldwin", "S.A."),)),  # zotero-ris/001.ris
    ("Shannon,Claude E.", (person("Shannon", "Claude E."),)),  # rispy/example_basic.ris
    ("Bertolini, F.M.", (person("Bertolini", "F.M."),)),  # db-exports/scopus-2025
    ("Salonen, Anne H.", (person("Salonen", "Anne H."),)),  # db-exports/lens
    ("O'Neill, DG", (person("O'Neill", "D. G."),)),  # db-exports/wos__asysd.ris
    ("Cerda-Gonzalez, S", (person("Cerda-Gonzalez", "S."),)),  # db-exports/wos__asysd.ris
    # Undotted initials get periods; all-caps first names do not.
    ("Larsen, LJ", (person("Larsen", "L. J."),)),  # WoS
    ("Russell, Alex M T", (person("Russell", "Alex M. T."),)),  # db-exports/lens
    ("Trindade, Ines A", (person("Trindade", "Ines A."),)),  # Ovid
    ("Dupont, J-P", (person("Dupont", "J.-P."),)),
    ("COPES, RAY", (person("COPES", "RAY"),)),  # EBSCO
    ("KHAN, YASMIN", (person("KHAN", "YASMIN"),)),  # EBSCO
    ("LEE, DEREK E.", (person("LEE", "DEREK E."),)),  # EBSCO
    ("ALLEN, AL", (person("ALLEN", "A. L."),)),  # db-exports/wos__asysd.ris
    ("DUNCAN, ID", (person("DUNCAN", "I. D."),)),  # db-exports/wos__asysd.ris
    ("BEDFORD, PGC", (person("BEDFORD", "P. G. C."),)),  # db-exports/wos__asysd.ris
    # Suffixes.
    ("Doe, John, Jr.", (person("Doe", "John", suffix="Jr."),)),  # citation-js-ris/input/006.ris
    ("King, Martin Luther, Jr", (person("King", "Martin Luther", suffix="Jr."),)),  # NAME-SUFFIX
    ("Gates, William H, III", (person("Gates", "William H.", suffix="III"),)),
    ("House, Gregory, MD", (person("House", "Gregory", suffix="MD"),)),
    ("Smith, Jr., John", (person("Smith", "John", suffix="Jr."),)),
    # No comma, initials last.
    ("Adler D.G.", (person("Adler", "D.G."),)),  # db-exports/embase-elsevier A1
    ("Babur O.", (person("Babur", "O."),)),  # db-exports/citavi-export__asreview.ris
    ("Golde T. E.", (person("Golde", "T. E."),)),
    ("Vogel-Heuser B.", (person("Vogel-Heuser", "B."),)),  # citavi-export A2
    ("Smith JA", (person("Smith", "J. A."),)),
    ("van der Berg J.", (person("Berg", "J.", "van der"),)),
    # Given name first, order clear from an initial or a particle.
    ("A. Author-One", (person("Author-One", "A."),)),  # colrev-ris/ieee_ris.ris
    ("Jane Q. Public", (person("Public", "Jane Q."),)),
    ("J.-P. Sartre", (person("Sartre", "J.-P."),)),
    ("Ludwig van Beethoven", (person("Beethoven", "Ludwig", "van"),)),
    ("Jean de la Fontaine", (person("Fontaine", "Jean", "de la"),)),
    # Particles.
    ("van der Berg, Jan", (person("Berg", "Jan", "van der"),)),
    ("de la Cruz, Maria", (person("Cruz", "Maria", "de la"),)),
    ("von Neumann, John", (person("Neumann", "John", "von"),)),
    ("Beethoven, Ludwig van", (person("Beethoven", "Ludwig", "van"),)),
    ("De BISTHOVEN, Luc Janssens", (person("De BISTHOVEN", "Luc Janssens"),)),
    ("Van Dyke, Dick", (person("Van Dyke", "Dick"),)),
    # Organisations and single words.
    ("De Vlinderstichting", (org("De Vlinderstichting"),)),  # citation-js-ris/input/008.ris
    ("Homerus", (org("Homerus"),)),  # citation-js-ris/input/007.ris
    ("Sneha", (org("Sneha"),)),  # db-exports/dimensions__citesource.ris
    ("Cocke ", (org("Cocke"),)),
    ("World Health Organization", (org("World Health Organization"),)),
    ("Cochrane Collaboration", (org("Cochrane Collaboration"),)),
    ("Name of a University", (org("Name of a University"),)),  # EndNote template
    ("Name of a Research Center", (org("Name of a Research Center"),)),
    ("Investigators", (org("Investigators"),)),
    ("Acme Inc.", (org("Acme Inc."),)),
    ("Friends of the Earth", (org("Friends of the Earth"),)),
    ("SPRINT Research Group", (org("SPRINT Research Group"),)),
    ("{Barnes and Noble}", (org("Barnes and Noble"),)),
    ("{Smith, John}", (org("Smith, John"),)),
    ("University of California, Berkeley", (org("University of California, Berkeley"),)),
    # CJK names are kept whole.
    ("朱德泉", (org("朱德泉"),)),  # db-exports/ebsco-academic-search-premier__synthesisr.ris
    ("熊 玮", (org("熊 玮"),)),  # db-exports/ebsco-academic-search-premier__synthesisr.ris
    ("김철수", (org("김철수"),)),
    # No name at all.
    ("", ()),
    ("   ", ()),
    (";", ()),
    (",,.", ()),
    ("[Anonymous]", ()),  # db-exports/zotero-export-wos-1000__asysd.ris
    ("Anonymous", ()),
    ("anon.", ()),
    # Several people on one line.
    (
        "Golde T. E., DeKosky S. T., Galasko D.",  # db-exports/endnote-export-mixed__asysd.ris
        (person("Golde", "T. E."), person("DeKosky", "S. T."), person("Galasko", "D.")),
    ),
    ("Smith, J.; Jones, K.", (person("Smith", "J."), person("Jones", "K."))),
    ("Smith, John; ; Jones, Kate", (person("Smith", "John"), person("Jones", "Kate"))),
    ("Smith, J. and Jones, K.", (person("Smith", "J."), person("Jones", "K."))),
    ("Smith JA & Jones K", (person("Smith", "J. A."), person("Jones", "K."))),
    ("Smith, J. A., Jones, B.", (person("Smith", "J. A."), person("Jones", "B."))),
]


@pytest.mark.parametrize(("value", "names"), CLEAN)
def test_clean_names(value: str, names: tuple[Name, ...]) -> None:
    assert parse_ris_names(value) == ParsedNames(names)


# (value, expected names); read with a problem to warn about.
PROBLEMS: list[tuple[str, tuple[Name, ...]]] = [
    # Given-first without anything showing the order.
    ("MEmre Celebi", (person("Celebi", "MEmre"),)),  # jabref-ris/RisImporterTest3.ris
    ("JorgeS Marques", (person("Marques", "JorgeS"),)),  # jabref-ris/RisImporterTest3.ris
    ("Ben Walton", (person("Walton", "Ben"),)),  # jabref-ris/RisImporterTest3.ris
    # Lists that cannot be split safely.
    (
        "GotzJurgen, MatamalesMiriam, GotzNaeman, IttnerLars, EckertAnne",  # endnote-export-mixed
        (org("GotzJurgen, MatamalesMiriam, GotzNaeman, IttnerLars, EckertAnne"),),
    ),
    ("B., Puplampu B.", (org("B., Puplampu B."),)),  # db-exports/endnote-export-mixed__asysd.ris
    ("Smith and Jones", (org("Smith and Jones"),)),
    ("Johnson & Johnson", (org("Johnson & Johnson"),)),
    ("Doe, John, Something", (org("Doe, John, Something"),)),
    (", John", (org("John"),)),
    ("Alpha Beta Gamma Delta Epsilon", (org("Alpha Beta Gamma Delta Epsilon"),)),
    ("R2D2 Droid", (org("R2D2 Droid"),)),
    # Two "Family Initials" parts: split, but the reading is reported.
    ("Smith J, Jones K", (person("Smith", "J."), person("Jones", "K."))),
    (
        "Fonseca C., Efraín R.",  # db-exports/dimensions__citesource.ris: one name or two?
        (person("Fonseca", "C."), person("Efraín", "R.")),
    ),
    # Punctuation only.
    ("-", ()),
    ("()", ()),
    # "et al." is dropped, the names before it kept.
    ("et al.", ()),
    ("Smith J, Jones K, et al.", (person("Smith", "J."), person("Jones", "K."))),
    # One bad part of a semicolon list does not spoil the others.
    ("Smith, John; MEmre Celebi", (person("Smith", "John"), person("Celebi", "MEmre"))),
]


@pytest.mark.parametrize(("value", "names"), PROBLEMS)
def test_problem_names(value: str, names: tuple[Name, ...]) -> None:
    result = parse_ris_names(value)
    assert result.names == names
    assert result.problem


def test_problems_are_not_repeated() -> None:
    result = parse_ris_names("Ben Walton; Jim Beam")
    assert len(result.names) == 2
    assert result.problem == "no comma in name: read as given name first"


def test_display_round_trip() -> None:
    (name,) = parse_ris_names("van der Berg, Jan, Jr.").names
    assert name.display() == "Jan van der Berg, Jr."


@settings(max_examples=200)
@given(st.text())
def test_never_raises(value: str) -> None:
    result = parse_ris_names(value)
    for name in result.names:
        # Every name carries something to print.
        assert name.literal or name.family


# Text built from name-like pieces reaches the deeper branches more often than random text.
_PIECES = st.sampled_from(
    ["Smith", "van", "de", " ", ",", ";", "J.", "JA", "Jr.", "and", "&", "{", "}", "朱", "-", "."]
)


@settings(max_examples=200)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_never_raises_on_name_like_text(value: str) -> None:
    result = parse_ris_names(value)
    for name in result.names:
        assert name.literal or name.family
        assert name.literal == name.literal.strip()


# --- issue 16, item 4: particles, suffixes, CJK names, files in capitals -----------------------

ISSUE_16: list[tuple[str, tuple[Name, ...]]] = [
    # NAME-PARTICLE-CAPS: a capitalised particle in a given-first name starts the family name.
    ("Lotte Van Dyck", (person("Van Dyck", "Lotte"),)),
    ("P. Van der Linden", (person("Van der Linden", "P."),)),
    ("Maria De la Cruz", (person("De la Cruz", "Maria"),)),
    ("Ludwig van Beethoven", (person("Beethoven", "Ludwig", "van"),)),  # lower case: a particle
    # NAME-SUFFIX in every position an exporter puts it, in one spelling.
    ("Hartley Jr, Samuel", (person("Hartley", "Samuel", suffix="Jr."),)),
    ("Hartley, Samuel Jr", (person("Hartley", "Samuel", suffix="Jr."),)),
    ("Morgan, R. T., 3rd", (person("Morgan", "R. T.", suffix="III"),)),
    ("Morgan, R. T., 2nd", (person("Morgan", "R. T.", suffix="II"),)),
    ("Hartley, Samuel, SR", (person("Hartley", "Samuel", suffix="Sr."),)),
    ("Smith, John, IV", (person("Smith", "John", suffix="IV"),)),
    ("Samuel Hartley, Jr.", (person("Hartley", "Samuel", suffix="Jr."),)),
    ("Smith JA Jr", (person("Smith", "J. A.", suffix="Jr."),)),
    # "IV" alone after a family name is initials, not a suffix; so is "J.R." after a given
    # name (db-exports/dimensions__citesource.ris: "Nunes, Leonel J.R.").
    ("Ivanov, IV", (person("Ivanov", "I. V."),)),
    ("Nunes, Leonel J.R.", (person("Nunes", "Leonel J.R."),)),
    ("Leonel J.R. Nunes", (person("Nunes", "Leonel J.R."),)),
    # NAME-CJK: a CJK name with a comma is family, given.
    ("佐藤, 花子", (person("佐藤", "花子"),)),
    ("김, 철수", (person("김", "철수"),)),
    ("朱德泉", (org("朱德泉"),)),  # no comma: kept whole
]


@pytest.mark.parametrize(("value", "names"), ISSUE_16)
def test_issue_16_names(value: str, names: tuple[Name, ...]) -> None:
    assert parse_ris_names(value).names == names


def test_a_given_first_name_with_a_suffix_is_still_reported_as_given_first() -> None:
    result = parse_ris_names("Samuel Hartley Jr")
    assert result.names == (person("Hartley", "Samuel", suffix="Jr."),)
    assert result.problem == "no comma in name: read as given name first"


_CHARACTER_PIECES = st.sampled_from(
    ["Smith", "Van", "van", "der", "De", " ", ",", ";", "J.", "JA", "Jr", "Sr.", "III", "IV",
     "Dyck", "Linden", "佐藤", "花子", "-", ".", "O'Neill", "Ruth", "HOLLOWAY"]
)


def _letters(text: str) -> list[str]:
    return sorted(c.lower() for c in text if c.isalnum())


@settings(max_examples=300)
@given(st.lists(_CHARACTER_PIECES, max_size=8).map("".join))
def test_a_name_parse_never_loses_a_character(value: str) -> None:
    """Every letter and digit of the value is in the names read from it (periods and spaces
    may be added; a suffix may change case, "JR" -> "Jr.").  Pieces that the parser drops by
    design (placeholders, "and", ordinals written as Roman numerals) are not drawn."""
    names = parse_ris_names(value).names
    out = "".join(n.literal + n.family + n.given + n.non_dropping_particle
                  + n.dropping_particle + n.suffix for n in names)
    remaining = _letters(out)
    for char in _letters(value):
        assert char in remaining, (value, names)
        remaining.remove(char)


@pytest.mark.parametrize(("values", "expected"), [
    (["HOLLOWAY, RUTH", "SMITH, J.", "O'NEILL, DG"], True),
    (["HOLLOWAY, RUTH", "McDonald, Ann", "SMITH, J."], False),  # one mixed-case name: as written
    (["HOLLOWAY, RUTH", "SMITH, J."], False),  # too little evidence
    (["WHO", "A", "B"], False),
])
def test_names_in_capitals_is_a_decision_on_the_whole_sample(values: list[str],
                                                             expected: bool) -> None:
    assert names_in_capitals(values) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("HOLLOWAY, RUTH", person("Holloway", "Ruth")),
    ("O'NEILL, DG", person("O'Neill", "D. G.")),
    ("SMITH-JONES, ANNE MARIE", person("Smith-Jones", "Anne Marie")),
    ("MCDONALD, J.", person("McDonald", "J.")),
    ("VAN DER BERG, JAN", person("Berg", "Jan", "van der")),
    ("KING, MARTIN LUTHER, JR", person("King", "Martin Luther", suffix="Jr.")),
])
def test_recase_a_name_in_capitals(value: str, expected: Name) -> None:
    (name,) = parse_ris_names(value).names
    assert recase_name(name) == expected


def test_recase_leaves_organisations_and_mixed_case_alone() -> None:
    assert recase_name(org("WHO")) == org("WHO")
    assert recase_name(person("van der Berg", "Jan")) == person("van der Berg", "Jan")
