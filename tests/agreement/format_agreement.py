"""Shared helpers of the per-format agreement tests (not a test module itself).

Both sides of a comparison are reduced to comparable text first.  The
normalisation is the same for every peer and says what is *not* a
difference: markup (CSL rich text, pandoc's Markdown emphasis and
``[..]{.nocase}`` spans: the text is compared, not how it is marked),
typographic variants of one character (dashes, quotes, no-break spaces),
white space, letter case in titles (pandoc sentence-cases English titles), and
the spelling of initials.  Every remaining difference must be listed with its
reason in the test that finds it, and every listed difference must still
occur, so the tables only improve.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

_TAGS = re.compile(r"</?(?:i|b|sup|sub|span)(?:\s[^<>]*)?>", re.IGNORECASE)
_PANDOC_SPAN = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}([^*]+)\*{1,2}(?![\w*])")
_SUBSUP = re.compile(r"(?<!\S)~([^~\s]+)~|\^([^^\s]+)\^")
#: Unicode super- and subscript digits and signs: peers write "CO₂" where risx writes
#: CO<sub>2</sub>; the text is the same, its formatting is compared no further.
_SCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()0123456789+-=()")
_CHARACTERS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2013": "-",
                             "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2018": "'",
                             "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2212": "-",
                             "`": "'"})


def squash(text: str) -> str:
    return " ".join(text.split())


def plain(text: str) -> str:
    """Comparable text: markup removed, typographic variants made one, spaces squashed."""
    text = unicodedata.normalize("NFC", _TAGS.sub("", text))
    previous = None
    while previous != text:
        previous = text
        text = _PANDOC_SPAN.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _SUBSUP.sub(lambda m: m.group(1) or m.group(2), text)
    text = text.replace("---", "-").replace("--", "-").translate(_CHARACTERS).translate(_SCRIPTS)
    text = text.replace("\\", "") if "\\" in text and "\\\\" not in text else text
    return squash(text)


def initials(text: str) -> str:
    """A name with its initials spelled one way ("J.R.R." = "J. R. R." = "J R R" = "JRR")."""
    spaced = squash(re.sub(r"\.\s*", " ", text))
    return re.sub(r"\b([A-Z]) (?=[A-Z]\b)", r"\1", spaced)


@dataclass
class Tally:
    """Compared and agreeing fields per field name, and the disagreements."""

    compared: Counter[str] = field(default_factory=Counter)
    agreed: Counter[str] = field(default_factory=Counter)
    one_sided: Counter[str] = field(default_factory=Counter)
    differences: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, where: str, name: str, theirs: str, ours: str) -> None:
        if not theirs or not ours:
            if theirs or ours:
                self.one_sided[name] += 1
            return
        self.compared[name] += 1
        if theirs == ours:
            self.agreed[name] += 1
        else:
            self.differences.append((where, name, theirs, ours))

    @property
    def share(self) -> float:
        total = sum(self.compared.values())
        return sum(self.agreed.values()) / total if total else 1.0

    def table(self, title: str) -> str:
        lines = [title, f"{'field':<22}{'both have':>10}{'agree':>8}{'%':>8}{'one side':>10}"]
        for name in sorted(set(self.compared) | set(self.one_sided)):
            count = self.compared[name]
            share = f"{100 * self.agreed[name] / count:.1f}" if count else "-"
            lines.append(f"{name:<22}{count:>10}{self.agreed[name]:>8}{share:>8}"
                         f"{self.one_sided[name]:>10}")
        total = sum(self.compared.values())
        lines.append(f"{'overall':<22}{total:>10}{sum(self.agreed.values()):>8}"
                     f"{100 * self.share:>8.1f}{sum(self.one_sided.values()):>10}")
        return "\n".join(lines)


def expand(reasons: dict[str, str]) -> dict[tuple[str, str], str]:
    """``{reason: "where field; where field"}`` -> ``{(where, field): reason}``."""
    table: dict[tuple[str, str], str] = {}
    for reason, places in reasons.items():
        for place in places.split(";"):
            place = place.strip()
            if not place:
                continue
            where, _, name = place.rpartition(" ")
            key = (where.strip(), name.strip())
            assert key not in table, f"{key} listed twice"
            table[key] = reason
    return table


def check_differences(tally: Tally, known: dict[tuple[str, str], str], title: str,
                      minimum: float) -> None:
    """Print the table; fail on an unexplained or a stale difference, or below ``minimum``."""
    print("\n" + tally.table(title))
    found = {(where, name) for where, name, _, _ in tally.differences}
    unexplained = [d for d in tally.differences if (d[0], d[1]) not in known]
    for where, name, theirs, ours in unexplained:
        print(f"  UNEXPLAINED {where} {name}: theirs {theirs!r} / risx {ours!r}")
    assert not unexplained, f"{len(unexplained)} differences with no reason listed"
    stale = sorted(set(known) - found)
    assert not stale, f"listed differences that no longer occur: {stale}"
    assert tally.share >= minimum, f"{tally.share:.4f} < {minimum}"


# --- CSL items -------------------------------------------------------------------------------------

NAME_VARIABLES = ("author", "editor", "translator", "container-author", "collection-editor",
                  "director", "composer", "illustrator", "interviewer", "recipient",
                  "organizer", "reviewed-author", "contributor", "producer",
                  "editorial-director", "original-author", "chair", "compiler", "curator",
                  "executive-producer", "guest", "host", "narrator", "performer",
                  "script-writer", "series-creator", "editor-translator")
DATE_VARIABLES = ("issued", "accessed", "original-date", "event-date", "submitted",
                  "available-date")
#: Not compared: identifiers the tools make up, and free text each tool fills its own way.
SKIPPED = frozenset({"id", "citation-key", "note", "custom", "type"})
#: Titles: letter case is not compared (pandoc sentence-cases English titles); nor in
#: genre, which each tool capitalises its own way ("technical report", "Technical report").
CASELESS = frozenset({"title", "container-title", "collection-title", "title-short",
                      "container-title-short", "event-title", "original-title",
                      "volume-title", "reviewed-title", "genre"})
#: pandoc writes some variables in lower case.
CANONICAL = {"doi": "DOI", "url": "URL", "isbn": "ISBN", "issn": "ISSN", "pmid": "PMID",
             "pmcid": "PMCID"}
_EDTF = re.compile(r"^(-?\d+)(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def csl_name(name: Any) -> str:
    if isinstance(name, str):
        return plain(name)
    if not isinstance(name, dict):
        return str(name)
    if name.get("literal"):
        return plain(str(name["literal"]))
    parts = [name.get("given", ""), name.get("dropping-particle", ""),
             name.get("non-dropping-particle", ""), name.get("family", ""),
             name.get("suffix", "")]
    return initials(plain(" ".join(str(p) for p in parts if p)))


def _iso(part: list[Any]) -> str:
    numbers = [int(p) for p in part if str(p).strip()]
    if not numbers:
        return ""
    year = f"-{abs(numbers[0]):04d}" if numbers[0] < 0 else f"{numbers[0]:04d}"
    return "-".join([year] + [f"{n:02d}" for n in numbers[1:]])


def csl_date(value: Any) -> str:
    """A CSL date (date-parts with a season, raw, literal, or pandoc's EDTF-like string)
    as ISO text (a season as EDTF's 21-24)."""
    if isinstance(value, (int, float)):
        return _iso([value])
    if isinstance(value, str):
        pieces = []
        for piece in value.strip().split("/"):
            match = _EDTF.match(piece.strip())
            pieces.append(_iso([g for g in match.groups() if g]) if match else piece.strip())
        return "/".join(pieces)
    if not isinstance(value, dict):
        return str(value)
    if "date-parts" in value:
        text = "/".join(_iso(part) for part in value["date-parts"])
        season = value.get("season")
        if season and text and "-" not in text.lstrip("-"):
            text += f"-{20 + int(season):02d}"
        return text
    return str(value.get("raw") or value.get("literal") or "")


def csl_value(variable: str, value: Any) -> str:
    if variable in NAME_VARIABLES:
        return " | ".join(csl_name(n) for n in (value if isinstance(value, list) else [value]))
    if variable in DATE_VARIABLES:
        return csl_date(value)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = plain(str(value))
    if variable in CASELESS:
        text = text.casefold()
    if variable == "keyword":
        text = ", ".join(sorted(k.strip().casefold() for k in re.split(r"[,;]", text) if k.strip()))
    if variable == "page":
        text = text.replace(" ", "")
    if variable == "DOI":
        text = text.lower()
    return text


def compare_items(where: str, theirs: dict[str, Any], ours: dict[str, Any], tally: Tally,
                  *, skip: Iterable[str] = ()) -> None:
    skipped = SKIPPED | set(skip)
    theirs = {CANONICAL.get(k, k): v for k, v in theirs.items()}
    tally.add(where, "type", str(theirs.get("type", "")), str(ours.get("type", "")))
    for variable in sorted((set(theirs) | set(ours)) - skipped):
        if variable.startswith("_"):
            continue
        their_value = csl_value(variable, theirs[variable]) if variable in theirs else ""
        our_value = csl_value(variable, ours[variable]) if variable in ours else ""
        tally.add(where, variable, their_value, our_value)


def pairs(expected: list[Any], ours: list[Any]) -> Iterator[tuple[int, Any, Any]]:
    assert len(expected) == len(ours), f"{len(expected)} expected, {len(ours)} read"
    yield from ((i, a, b) for i, (a, b) in enumerate(zip(expected, ours, strict=True)))


# --- Zotero items ------------------------------------------------------------------------------------

#: Zotero item type -> CSL type, as Zotero's own CSL mapping (its schema's ``csl`` table) has it.
ZOTERO_TYPES: dict[str, str] = {
    "journalArticle": "article-journal", "magazineArticle": "article-magazine",
    "newspaperArticle": "article-newspaper", "book": "book", "bookSection": "chapter",
    "report": "report", "thesis": "thesis", "webpage": "webpage",
    "conferencePaper": "paper-conference", "patent": "patent", "manuscript": "manuscript",
    "document": "document", "computerProgram": "software", "dataset": "dataset",
    "film": "motion_picture", "videoRecording": "motion_picture", "artwork": "graphic",
    "letter": "personal_communication", "email": "personal_communication",
    "instantMessage": "personal_communication", "presentation": "speech",
    "encyclopediaArticle": "entry-encyclopedia", "dictionaryEntry": "entry-dictionary",
    "blogPost": "post-weblog", "forumPost": "post", "audioRecording": "song",
    "podcast": "song", "map": "map", "case": "legal_case", "statute": "legislation",
    "bill": "bill", "hearing": "bill", "interview": "interview", "tvBroadcast": "broadcast",
    "radioBroadcast": "broadcast", "standard": "standard", "preprint": "article",
}


def zotero_item(item: dict[str, Any]) -> dict[str, Any]:
    """An item with Better BibTeX's plain-string tags as Zotero's ``{"tag": ...}`` objects,
    and its ``extra`` as one string."""
    item = dict(item)
    item["tags"] = [t if isinstance(t, dict) else {"tag": str(t)} for t in item.get("tags", [])]
    if isinstance(item.get("extra"), list):
        item["extra"] = "\n".join(str(line) for line in item["extra"])
    return item


def identifiers(text: str) -> str:
    """ISBNs and ISSNs as bare digits, sorted: hyphens, labels and separators are how a
    tool writes them, not what they are."""
    return " ".join(sorted(re.sub(r"[^0-9Xx]", "", token).upper()
                           for token in re.findall(r"[0-9][0-9Xx-]{6,}[0-9Xx]", text)))


# --- Zotero items of the MEDLINE and Web of Science translators ------------------------------------

_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                        "nov", "dec")
_SEASON_WORDS = {"spr": 21, "spring": 21, "sum": 22, "summer": 22, "fal": 23, "fall": 23,
                 "aut": 23, "autumn": 23, "win": 24, "winter": 24}


def text_date(text: str) -> str:
    """A date as Zotero keeps it (the source's text: ``1996 Jul 9``, ``SPR 2011``, ``JUN 28
    2011``, ``Apr 2019``) as ISO text, read here without risx's date parser: the year (the
    first four-digit number), the month (the first month name; a season as EDTF's 21-24) and a
    day (a number of one or two digits beside the month)."""
    year = re.search(r"(?<!\d)(\d{4})(?!\d)", text)
    if not year:
        return ""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = 0
    day = 0
    for index, word in enumerate(words):
        folded = word.lower()
        if folded[:3] in _MONTH_ABBREVIATIONS and (len(folded) == 3 or folded.isalpha()):
            month = _MONTH_ABBREVIATIONS.index(folded[:3]) + 1
            neighbours = words[index + 1:index + 2] + words[max(index - 1, 0):index]
            day = next((int(w) for w in neighbours if w.isdigit() and len(w) <= 2), 0)
            break
        if folded in _SEASON_WORDS:
            month = _SEASON_WORDS[folded]
            break
    parts = [year.group(1)] + ([f"{month:02d}"] if month else []) + \
        ([f"{day:02d}"] if day and month <= 12 else [])
    return "-".join(parts)


def model_date(date: Any) -> str:
    """A model :class:`~risx.model.Date`'s first date as ISO text (a season as 21-24)."""
    if date is None or not date.parts:
        return ""
    first = date.parts[0]
    text = "-".join([f"{first[0]:04d}"] + [f"{p:02d}" for p in first[1:]])
    if date.season and len(first) == 1:
        text += f"-{20 + date.season:02d}"
    return text


def extra_value(item: dict[str, Any], label: str) -> str:
    """A ``Label: value`` line of a Zotero item's ``extra`` (``PMID: 8692918``)."""
    found = re.search(rf"(?m)^{re.escape(label)}:\s*(.+?)\s*$", str(item.get("extra", "")))
    return found.group(1) if found else ""


def without_final_stop(text: str) -> str:
    """A title without one full stop at its end (PubMed ends every title with one: risx drops
    it, Zotero and JabRef keep it; the words are what is compared)."""
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text
