"""Split one RIS name value (``AU``, ``A1``..``A4``) into :class:`~risx.model.Name` values.

The RIS specification asks for one ``Family, Given, Suffix`` per line, but
exporters also write initials without periods or commas, given names first,
organisations, CJK names and whole author lists on one line (see
``notes/ris-reference.md`` section 5).  The rules here split only what can be
split safely; anything else is kept whole as a ``literal`` name with a problem
the reader turns into a warning.  The function is total: it never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from risx.model import Name

__all__ = ["ParsedNames", "canonical_suffix", "names_in_capitals", "parse_ris_names", "recase_name"]


@dataclass(frozen=True, slots=True)
class ParsedNames:
    """The names read from one value, and why the reading is doubtful (``""`` when it is not)."""

    names: tuple[Name, ...]
    problem: str = ""


# Lowercase words that belong before a family name ("van der Berg", "de la Cruz").
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "dei",
        "degli",
        "di",
        "da",
        "das",
        "dos",
        "do",
        "du",
        "des",
        "la",
        "le",
        "les",
        "lo",
        "ten",
        "ter",
        "te",
        "zu",
        "zum",
        "zur",
        "vom",
        "af",
        "av",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "st.",
    }
)

#: NAME-PARTICLE-CAPS: particles that, capitalised before the last word of a given-first name
#: ("Lotte Van Dyck", "P. Van der Linden"), start the family name, as a capitalised particle
#: does in "Van Dyke, Dick".  Single letters and words that are also given names or Arabic
#: articles ("Y", "Al", "El", "Bin") are not among them.
_CAPITAL_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da",
                                "das", "dos", "du", "des", "la", "le", "ten", "ter", "vom",
                                "zu", "zum", "zur"})

# Suffixes, compared without periods and case ("Jr." == "JR").
_SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "v", "vi", "md", "phd", "dphil", "esq", "dds", "rn", "mph",
     "2nd", "3rd", "4th"}
)
#: NAME-SUFFIX: generational suffixes in one spelling, whatever the exporter wrote ("JR",
#: "Jr", "3rd"): "Jr."/"Sr." as APA and the CSL styles print them, ordinals as Roman numerals.
#: Degrees (MD, PhD) stay as written.
_CANONICAL_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV", "v": "V",
                       "vi": "VI", "2nd": "II", "3rd": "III", "4th": "IV"}
#: Suffixes that cannot be initials, so they are read as a suffix wherever an exporter puts
#: them (after the family name, after the given names, after a given-first name); "II" and
#: "IV" there could be initials ("Ivanov, IV") and are taken only after a given name word.
_UNAMBIGUOUS_SUFFIXES = frozenset({"jr", "sr", "2nd", "3rd", "4th"})
_ROMAN_SUFFIXES = frozenset({"ii", "iii", "iv"})

# Words that mark an organisation rather than a person.  Matched as whole words,
# plural allowed, so "Banks" counts but "Bankston" does not.
_ORG_WORDS = (
    "university",
    "universit[äéà]t?",
    "universidad",
    "institute",
    "institut",
    "instituto",
    "organi[sz]ation",
    "group",
    "collaboration",
    "collaborative",
    "consortium",
    "committee",
    "association",
    "society",
    "council",
    "department",
    "ministry",
    "agency",
    "foundation",
    "network",
    "team",
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "corporation",
    "corp",
    "company",
    "cent(?:re|er)",
    "office",
    "board",
    "trust",
    "study",
    "investigators",
    "federation",
    "union",
    "bank",
    "program(?:me)?",
    "commission",
    "service",
    "authority",
    "administration",
    "hospital",
    "college",
    "school",
    "laboratory",
    "library",
    "museum",
    "press",
    "project",
    "initiative",
    "alliance",
    "panel",
    "working party",
    "task force",
    "secretariat",
    "government",
    "national",
    "international",
)
_ORG = re.compile(r"\b(?:" + "|".join(_ORG_WORDS) + r")s?\b\.?", re.IGNORECASE)

# Small words found inside organisation names but never inside a personal name.
_ORG_LINKS = frozenset({"of", "for", "the", "on", "in", "at", "und", "et", "pour", "für"})

# Kana, CJK ideographs and Hangul.  Compiled on first need: its ranges span 40,000 code points,
# which cost the compiler ~2 ms per pattern, at every start, for values that almost never
# have a character this high (a plain "max(text)" comparison rules most out).
_CJK_CLASS = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
_FIRST_CJK = "\u3040"


@cache
def _cjk_pattern() -> re.Pattern[str]:
    return re.compile(_CJK_CLASS)


def _has_cjk(text: str) -> bool:
    return bool(text) and max(text) >= _FIRST_CJK and _cjk_pattern().search(text) is not None

_ANONYMOUS = frozenset({"anonymous", "anon", "anon.", "anonym", "n/a"})
_ET_AL = re.compile(r"^(?:et\.?\s*al\.?|and others)$", re.IGNORECASE)
# "..., et al." closing a list of names.
_TRAILING_ET_AL = re.compile(r"(?:[,\s]+(?:et\.?\s*al\.?|and others))+$", re.IGNORECASE)
# Splits "A and B", "A & B"; commas around the joiner are optional.
_JOINER = re.compile(r"\s*,?\s+(?:and|&)\s+|\s*&\s*", re.IGNORECASE)
# One dotted initial or a run of them: "D.", "D.G.", "J.-P.".
_DOTTED = re.compile(r"^(?:[^\W\d_]\.-?)+$")

_PROBLEM_UNSPLIT = "could not split the names; kept as written"
_PROBLEM_TWO_NAMES = "read as two names written 'Family Initials'"
_PROBLEM_NOT_A_NAME = "no letters in name; dropped"
_PROBLEM_ET_AL = "'et al.' is not a name; dropped"
_PROBLEM_GIVEN_FIRST = "no comma in name: read as given name first"


# --------------------------------------------------------------------------- token tests


def _is_dotted_initials(token: str) -> bool:
    return bool(_DOTTED.match(token)) and token.replace(".", "").replace("-", "").isupper()


def _is_bare_initials(token: str, *, caps_context: bool) -> bool:
    """Whether a token is initials written without periods ("LJ", "M", "J-P").

    In a name written all in capitals ("COPES, RAY", "ALLEN, AL") a three-letter
    token is a first name unless it has no vowel ("PGC"), so only one or two
    letters, or vowel-less triples, count as initials there.
    """
    letters = token.replace("-", "")
    if not (letters.isalpha() and letters.isupper() and 1 <= len(letters) <= 3):
        return False
    if token.startswith("-") or token.endswith("-") or "--" in token:
        return False
    if caps_context and len(letters) == 3:
        return not any(c in "AEIOUY" for c in letters)
    return True


def _is_initials(token: str, *, caps_context: bool) -> bool:
    return _is_dotted_initials(token) or _is_bare_initials(token, caps_context=caps_context)


def _is_suffix(text: str) -> bool:
    return text.replace(".", "").replace(" ", "").lower() in _SUFFIXES


def canonical_suffix(text: str) -> str:
    """A suffix in the spelling risx writes (NAME-SUFFIX): ``JR`` -> ``Jr.``, ``3rd`` ->
    ``III``; a degree or anything else as written."""
    return _CANONICAL_SUFFIXES.get(text.replace(".", "").replace(" ", "").lower(), text)


def _is_placed_suffix(token: str, others: list[str]) -> bool:
    """Whether ``token``, written after ``others`` (the rest of a family or given part), is a
    suffix: always for "Jr", "Sr" and ordinals; for "II"-"IV" only after a word that is not
    initials, since "IV" alone may be someone's initials."""
    if "." in token.rstrip("."):
        return False  # "J.R.": initials, not "JR"
    key = token.replace(".", "").lower()
    if key in _UNAMBIGUOUS_SUFFIXES:
        return bool(others)
    if key in _ROMAN_SUFFIXES and token.rstrip(".").isupper():
        return any(len(word) > 2 and word.isalpha() for word in others)
    return False


def _is_capital_particle(token: str) -> bool:
    return token[:1].isupper() and token.lower() in _CAPITAL_PARTICLES


def _all_caps(text: str) -> bool:
    """Whether the name is written in capitals ("COPES"); a single letter does not count."""
    if not text.isupper():
        return False  # a lower-case letter, or no cased letter at all: cheap and most names
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------- building names


def _dot_initials(token: str) -> str:
    """ "LJ" -> "L. J.", "J-P" -> "J.-P."."""
    if "-" in token:
        return "-".join(part + "." for part in token.split("-"))
    return " ".join(letter + "." for letter in token)


def _normalise_given(given: str, *, caps_context: bool) -> str:
    """Add periods to bare initials; everything else stays as written ("D.G.", "RAY")."""
    tokens = given.split()
    return " ".join(
        _dot_initials(t) if _is_bare_initials(t, caps_context=caps_context) else t for t in tokens
    )


def _split_particle(family: str) -> tuple[str, str]:
    """("van der", "Berg") from "van der Berg"; capitalised "De BISTHOVEN" stays whole."""
    tokens = family.split()
    count = 0
    while count < len(tokens) - 1 and tokens[count] in _PARTICLES:
        count += 1
    return " ".join(tokens[:count]), " ".join(tokens[count:])


def _person(family: str, given: str, suffix: str = "") -> Name:
    if not suffix:
        family, suffix = _trailing_suffix(family)
    if not suffix:
        given, suffix = _trailing_suffix(given)
    particle, family = _split_particle(family)
    caps = _all_caps(family)
    given = _normalise_given(given, caps_context=caps)
    # A particle written after the given name ("Beethoven, Ludwig van") belongs to the family.
    given_tokens = given.split()
    trailing: list[str] = []
    while len(given_tokens) > 1 and given_tokens[-1] in _PARTICLES:
        trailing.insert(0, given_tokens.pop())
    if trailing and not particle:
        particle, given = " ".join(trailing), " ".join(given_tokens)
    return Name(family=family, given=given, non_dropping_particle=particle,
                suffix=canonical_suffix(suffix) if suffix else "")


def _trailing_suffix(part: str) -> tuple[str, str]:
    """``("Hartley", "Jr")`` from "Hartley Jr" (a family or given part ending in a suffix,
    NAME-SUFFIX), else ``(part, "")``."""
    head, space, last = part.rpartition(" ")
    if not space or last.replace(".", "").lower() not in _SUFFIXES:
        return part, ""  # nearly every name: one look-up
    if _is_placed_suffix(last, head.split()):
        return head.rstrip(), last
    return part, ""


def _literal(text: str, problem: str = "") -> ParsedNames:
    return ParsedNames((Name(literal=text),), problem)


# --------------------------------------------------------------------------- cleaning


def _clean(text: str) -> str:
    """Trim spaces, trailing commas/semicolons, and a final period not closing an initial."""
    text = " ".join(text.split()).rstrip(",;: ")
    if text.endswith(".") and not text.endswith(".."):
        last = text.split()[-1] if text.split() else ""
        keep = _is_dotted_initials(last) or _is_suffix(last) or bool(_ORG.fullmatch(last))
        # "Smith, John." -> "John"; "Adler D.G.", "Doe, John, Jr." and "Acme Inc." keep theirs.
        if not keep and "." not in last[:-1] and len(last) > 2:
            text = text[:-1].rstrip(",;: ")
    return text


def _is_organisation(text: str) -> bool:
    if _ORG.search(text):
        return True
    words = text.lower().split()
    return len(words) > 1 and any(w in _ORG_LINKS for w in words[1:-1])


# --------------------------------------------------------------------------- one name


def _family_initials(text: str) -> Name | None:
    """ "Adler D.G.", "Golde T. E.", "Smith JA" -> family + initials, else ``None``."""
    tokens = text.split()
    caps = _all_caps(text)
    count = 0
    while count < len(tokens) - 1 and _is_initials(tokens[-1 - count], caps_context=caps):
        count += 1
    if count == 0:
        return None
    family_tokens = tokens[: len(tokens) - count]
    if any(_is_dotted_initials(t) for t in family_tokens) or not family_tokens[-1][:1].isalpha():
        return None
    family = " ".join(family_tokens)
    # The family part alone decides whether the name is in capitals ("SMITH J").
    return _person(family, " ".join(tokens[len(tokens) - count :]))


def _given_first(text: str) -> ParsedNames:
    """ "Jane Q. Public", "A. Author-One", "Ludwig van Beethoven": last word is the family."""
    tokens = text.split()
    end = len(tokens) - 1
    start = end
    while start > 1 and (tokens[start - 1] in _PARTICLES or _is_capital_particle(tokens[start - 1])):
        start -= 1
    given_tokens = tokens[:start]
    particle = " ".join(tokens[start:end])
    family = tokens[end]
    if particle and _is_capital_particle(tokens[start]):
        # NAME-PARTICLE-CAPS: "Lotte Van Dyck" is family "Van Dyck", as "Van Dyke, Dick" is.
        family, particle = f"{particle} {family}", ""
    caps = _all_caps(text)
    name = Name(
        family=family,
        given=_normalise_given(" ".join(given_tokens), caps_context=caps),
        non_dropping_particle=particle,
    )
    # An initial or a particle before the family name shows the order; otherwise
    # "Jane Public" could equally be family-first, so say so.
    clear = (family != tokens[end] or bool(particle)
             or any(_is_dotted_initials(t) or len(t) == 1 for t in given_tokens))
    return ParsedNames((name,), "" if clear else _PROBLEM_GIVEN_FIRST)


def _without_comma(text: str) -> ParsedNames:
    tokens = text.split()
    if len(tokens) == 1:
        return _literal(text)
    # "De Vlinderstichting": an article and one word is an organisation, not a person.
    if all(t.lower() in _PARTICLES for t in tokens[:-1]):
        return _literal(text)
    if len(tokens) > 2 and _is_placed_suffix(tokens[-1], tokens[:-1]):
        # "Samuel Hartley Jr", "Smith JA Jr" (NAME-SUFFIX): the name before it, then the suffix.
        return _with_suffix(_without_comma(" ".join(tokens[:-1])), tokens[-1])
    if any(c.isdigit() for c in text) or len(tokens) > 4:
        return _literal(text, _PROBLEM_UNSPLIT)
    trailing = _family_initials(text)
    if trailing is not None:
        return ParsedNames((trailing,))
    return _given_first(text)


def _with_suffix(parsed: ParsedNames, suffix: str) -> ParsedNames:
    """``parsed`` with ``suffix`` added to its one personal name; the whole value as a literal
    when it is not one personal name."""
    names = parsed.names
    if len(names) != 1 or names[0].is_literal or names[0].suffix:
        text = " ".join(n.display() for n in names)
        return _literal(f"{text} {suffix}".strip(), parsed.problem)
    name = names[0]
    return ParsedNames((Name(family=name.family, given=name.given,
                             non_dropping_particle=name.non_dropping_particle,
                             dropping_particle=name.dropping_particle,
                             suffix=canonical_suffix(suffix)),), parsed.problem)


def _with_commas(parts: list[str]) -> ParsedNames:
    """``Family, Given`` or ``Family, Given, Suffix`` (or ``Given Family, Suffix``)."""
    family, given = parts[0], parts[1]
    suffix = ""
    if len(parts) == 2 and " " in family and _is_placed_suffix(given, family.split()):
        # "Samuel Hartley, Jr." (NAME-SUFFIX): a given-first name, then its suffix.
        return _with_suffix(_without_comma(family), given)
    if len(parts) == 3:
        if _is_suffix(parts[2]):
            suffix = parts[2]
        elif _is_suffix(parts[1]):  # "Family, Suffix, Given" as some tools write it
            given, suffix = parts[2], parts[1]
        else:
            return _literal(", ".join(p for p in parts if p), _PROBLEM_UNSPLIT)
    if not family or (not given and not suffix):
        return _literal(", ".join(p for p in parts if p), _PROBLEM_UNSPLIT if not family else "")
    family_tokens = family.split()
    # "B., Puplampu B.": a family name made only of initials means the value is broken.
    if all(_is_dotted_initials(t) for t in family_tokens):
        return _literal(", ".join(p for p in parts if p), _PROBLEM_UNSPLIT)
    if len(family_tokens) > 1 and _is_organisation(family):
        return _literal(", ".join(p for p in parts if p))
    return ParsedNames((_person(family, given, suffix),))


# --------------------------------------------------------------------------- lists


def _as_family_initials_list(parts: list[str]) -> tuple[Name, ...] | None:
    """Names when every part is "Family Initials" ("Golde T. E., DeKosky S. T.")."""
    names = [_family_initials(p) for p in parts]
    if len(parts) < 2 or any(n is None for n in names):
        return None
    return tuple(n for n in names if n is not None)


def _as_pairs_list(parts: list[str]) -> tuple[Name, ...] | None:
    """Names from "Smith, J. A., Jones, B." (family and initials alternating)."""
    if len(parts) < 4 or len(parts) % 2:
        return None
    names: list[Name] = []
    for family, given in zip(parts[::2], parts[1::2], strict=True):
        if not family:
            return None  # ",J.,,J." is not a list of names
        caps = _all_caps(family)
        if not given.split() or not all(_is_initials(t, caps_context=caps) for t in given.split()):
            return None
        if any(_is_initials(t, caps_context=caps) for t in family.split()):
            return None
        names.append(_person(family, given))
    return tuple(names)


def _parse_one(text: str) -> ParsedNames:
    """One value without semicolons: a person, an organisation or a comma/"and" list."""
    text = _clean(text)
    if not text:
        return ParsedNames(())
    if not any(c.isalnum() for c in text):
        return ParsedNames((), _PROBLEM_NOT_A_NAME)
    if text.strip("[]()").lower() in _ANONYMOUS:
        return ParsedNames(())
    if _ET_AL.match(text):
        return ParsedNames((), _PROBLEM_ET_AL)
    if _TRAILING_ET_AL.search(text):
        # Not recursive: the remainder goes straight to the main rules.
        rest = _parse_core(_clean(_TRAILING_ET_AL.sub("", text)))
        return ParsedNames(rest.names, rest.problem or _PROBLEM_ET_AL)
    return _parse_core(text)


def _parse_core(text: str) -> ParsedNames:
    """A cleaned value that is neither empty, anonymous nor "et al."."""
    if not text:
        return ParsedNames(())
    if text.startswith("{") and text.endswith("}"):
        return _literal(text[1:-1].strip())
    if _has_cjk(text):
        return _cjk_name(text)
    if "," not in text and _is_organisation(text):
        return _literal(text)

    joined = _JOINER.split(text)
    if len(joined) > 1:
        return _parse_joined([_clean(p) for p in joined], text)

    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return _without_comma(text)
    listed = _as_family_initials_list(parts)
    if listed:
        # Two parts may instead be one Spanish name with a second-surname initial
        # ("Fonseca C., Efraín R."), so a two-name split is reported.
        return ParsedNames(listed, _PROBLEM_TWO_NAMES if len(listed) == 2 else "")
    listed = _as_pairs_list(parts)
    if listed:
        return ParsedNames(listed)
    if len(parts) > 3:
        return _literal(text, _PROBLEM_UNSPLIT)
    return _with_commas(parts)


def _cjk_name(text: str) -> ParsedNames:
    """NAME-CJK: "佐藤, 花子" is family 佐藤, given 花子 (CSL processors then print it without a
    space and without initials); any other CJK value is kept whole."""
    family, comma, given = text.partition(",")
    family, given = family.strip(), given.strip()
    if (comma and family and given and "," not in given and " " not in family
            and " " not in given and _has_cjk(family) and _has_cjk(given)):
        return ParsedNames((Name(family=family, given=given),))
    return _literal(text)


def _parse_joined(parts: list[str], text: str) -> ParsedNames:
    """ "Smith, J. and Jones, K.": split only when every side is clearly one person."""
    names: list[Name] = []
    for part in parts:
        if not part or "&" in part:
            return _literal(text, _PROBLEM_UNSPLIT)
        parsed = _parse_one(part)
        if parsed.problem or any(n.is_literal for n in parsed.names) or not parsed.names:
            return _literal(text, _PROBLEM_UNSPLIT)
        names.extend(parsed.names)
    return ParsedNames(tuple(names))


# Words that make a value more than one plain "Family, Given" (lists, "et al.").
_LIST_WORDS = frozenset({"and", "et", "et.", "al", "al.", "others"})
# Characters that send a value to the general rules: lists, braces, digits, brackets (and CJK).
_NOT_PLAIN = re.compile(r"[;&{}\[\]()0-9]")


def _plain_family_given(value: str) -> ParsedNames | None:
    """The common ``Family, Given`` value read directly, or ``None`` for the general rules.

    Most values in real exports are one single-word family name, a comma and
    given names or initials.  For those the general rules below always end in
    :func:`_person`; this checks the conditions under which they would (one
    comma, nothing :func:`_clean` would change, a one-word family name that is
    not initials, no list words) and skips the dozen tests in between.  The
    agreement with the general rules is tested on every name in the corpus.
    """
    if value.count(",") != 1 or _NOT_PLAIN.search(value) or _has_cjk(value):
        return None
    family, _, given = value.partition(",")
    if not family or " " in family or "." in family or given[:1] != " ":
        return None
    given_tokens = given.split()
    if not given_tokens or " ".join(given_tokens) != given[1:]:
        return None  # odd spacing: _clean would change the value
    last = given_tokens[-1]
    if last[-1] in ",;:" or (last.endswith(".") and not _is_dotted_initials(last)):
        return None
    if any(token.lower() in _LIST_WORDS for token in given_tokens):
        return None
    if not family[0].isalpha():
        return None
    return ParsedNames((_person(family, given[1:]),))


# Sized for the names that repeat within a batch of records, not for all names of a file:
# each process holds its own cache, and 65,536 entries weighed some 25 MB.
@lru_cache(maxsize=1 << 13)
def parse_ris_names(value: str) -> ParsedNames:
    """Read one RIS ``AU``/``A1``..``A4`` value into zero or more names.  Never raises."""
    plain = _plain_family_given(value)
    if plain is not None:
        return plain
    return _parse_value(value)


def _parse_value(value: str) -> ParsedNames:
    """:func:`parse_ris_names` by the general rules."""
    if not value or not value.strip():
        return ParsedNames(())
    names: list[Name] = []
    problems: list[str] = []
    for part in value.split(";"):
        parsed = _parse_one(part)
        names.extend(parsed.names)
        if parsed.problem and parsed.problem not in problems:
            problems.append(parsed.problem)
    return ParsedNames(tuple(names), "; ".join(problems))


# --------------------------------------------------------------------------- names in capitals

#: How many name values, at least, a file must show before its capitals are taken for the
#: file's habit rather than a few names that happen to be acronyms.
CAPITALS_EVIDENCE = 3


def names_in_capitals(values: Iterable[str]) -> bool:
    """NAME-CAPS-FILE: whether a file writes every name in capitals ("HOLLOWAY, RUTH"), judged
    from its name values (those of its first records): at least :data:`CAPITALS_EVIDENCE`
    values with two or more letters, and not one lower-case letter among them.  A file with
    any mixed-case name ("McDonald", "van der Berg") is left as written."""
    seen = 0
    for value in values:
        if any(c.islower() for c in value):
            return False
        if sum(1 for c in value if c.isalpha()) >= 2:
            seen += 1
    return seen >= CAPITALS_EVIDENCE


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _recase_word(word: str) -> str:
    """ "HOLLOWAY" -> "Holloway", "O'NEILL" -> "O'Neill", "SMITH-JONES" -> "Smith-Jones",
    "MCDONALD" -> "McDonald"; dotted initials ("J.-P.") and single letters as written."""
    if _is_dotted_initials(word) or len(word) == 1:
        return word
    recased = _LETTER_RUN.sub(lambda m: m.group(0)[:1] + m.group(0)[1:].lower(), word)
    if len(recased) > 3 and recased.startswith("Mc") and recased[2].islower():
        recased = "Mc" + recased[2].upper() + recased[3:]
    return recased


def _recase_family(family: str) -> str:
    """A family name in capitals recased, particles before the last word in lower case
    ("VAN DER BERG" -> "van der Berg")."""
    words = family.split()
    return " ".join(word.lower() if index < len(words) - 1 and word.lower() in _PARTICLES
                    else _recase_word(word) for index, word in enumerate(words))


def recase_name(name: Name) -> Name:
    """``name`` out of capitals (NAME-CAPS-FILE): "HOLLOWAY, RUTH" -> Holloway, Ruth.

    Only a personal name written wholly in capitals changes: a name with a lower-case letter
    and an organisation (a literal: "WHO", "NASA") stay as written.  Initials stay initials;
    particles come out in lower case and apart from the family name, as a lower-case
    particle is read ("van der Berg, Jan").
    """
    if name.literal or any(c.islower() for c in name.family + name.given
                           + name.non_dropping_particle):
        return name
    family = _recase_family(" ".join(p for p in (name.non_dropping_particle, name.family) if p))
    given = " ".join(_recase_word(word) for word in name.given.split())
    particle, family = _split_particle(family)
    given_tokens = given.split()
    trailing: list[str] = []
    while len(given_tokens) > 1 and given_tokens[-1].lower() in _PARTICLES:
        trailing.insert(0, given_tokens.pop().lower())
    if trailing and not particle:
        particle, given = " ".join(trailing), " ".join(given_tokens)
    return Name(family=family, given=given, non_dropping_particle=particle,
                dropping_particle=name.dropping_particle.lower(), suffix=name.suffix)
