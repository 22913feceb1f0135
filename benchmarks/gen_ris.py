#!/usr/bin/env python3
"""Seeded generator of realistic RIS files for the benchmarks.

usage: python3 benchmarks/gen_ris.py N OUT.ris [--seed S] [--crlf] [--bom] [--continuation]
           [--seed-style] [--mix]

Adapted from the team's ``shared/bench/gen_ris.py`` (which issue #7 allows as a starting point):
the word lists, name pools and record shapes are its own, and without ``--mix`` the records are
drawn in the same order from the same random stream, so the default output is byte-identical to
the shared generator's and earlier measurements stay comparable.  What is ours: the split into
small typed functions, ``--bom``, ``--mix`` and the importable :func:`generate` / :func:`ris_chunks`.

Records follow real export shapes: Scopus ("TI/T2/J2/C7/DB/LA", abstract in AB) and Elsevier
Pure like the seed file ("T1/Y1/N2+AB/U2/JO/JF/M1/C2/AN", abstract given twice).  Type mix: ~70%
JOUR, then CHAP, BOOK, CONF, CPAPER, RPRT, THES, ELEC, WEB.  1-30 authors (skewed low), ~4%
corporate, Unicode names (accents, CJK, Cyrillic, Vietnamese), titles with LaTeX-special
characters, 100-300 word abstracts, keywords, DOIs, URLs with '&', dates in several shapes,
pages, ISSN/ISBN, publisher/place, notes: about 3 KB per record.

--crlf          CRLF line endings
--bom           a UTF-8 byte-order mark before the first record
--continuation  multi-line N1 values (continuation lines without a tag, as in the seed;
                pandoc 3.9 rejects these)
--seed-style    the seed's separators: 'TY - ' (one space) and 'ER -'
--mix           also Zotero and EndNote shaped records (tag order, SP as a page range, AD, DA, ST)

--crlf and --bom change only the bytes around the records, never the records, so a variant file
holds the same records as the plain one.  Same N, seed and options give byte-identical output.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 20240501

Tag = tuple[str, str]

# (weight, surnames, given names) per naming culture, so names stay in one script.
_NAME_TABLE = [
    (50, "Smith Johnson Williams Brown Jones Miller Davis Taylor Anderson Thomas Moore "
         "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen "
         "Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter "
         "Cooper Troup McNicholas O'Brien Broeckelmann MacDonald Le_Guin "
         "Sheridan_Rains Lever_Taylor van_der_Berg da_Silva von_Neumann d'Alembert",
         "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David "
         "Barbara Richard Susan Joseph Jessica Sarah Karen Daniel Nancy Jordan Billie "
         "Luke Eva Tamar Chris Zainab Shirley Sian Oliver Sonia"),
    (20, "Müller Schäfer Groß Jäger Ødegård Sørensen Åberg Dvořák Nováková Kowalczyk "
         "Wójcik Łukasiewicz Gómez Núñez Peña Ibáñez Conceição Gonçalves Lefèvre "
         "Béranger Çelik Yılmaz Öztürk Kovačević Đorđević de_la_Cruz García",
         "José María François Hélène Jürgen Søren Øystein Łukasz Zoë Chloé Renée İlker "
         "Ağça Dvořka João Inês Sébastien"),
    (5, "Nguyễn Trần Lê Phạm Hoàng", "Thị_Minh Văn_An Quốc Thảo"),
    (10, "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Tanaka Suzuki "
         "Takahashi Kim Lee Park Choi Singh Kumar Patel Sharma Gupta",
         "Wei Xiaoming Yuki Hiroshi Ji-woo Min-jun Priya Arjun Mei Haruto"),
    (6, "Иванов Смирнова Кузнецов Попова Соколов Лебедева Петров Ковальчук",
        "Анна Пётр Сергей Наталья Юлия Дмитрий"),
    (5, "王 李 张 刘 陈 田中 佐藤 김 박", "伟 芳 秀英 太郎 花子 민준"),
]


def _names(words: str) -> list[str]:
    # '_' joins the parts of one multi-word name in the tables above.
    return [word.replace("_", " ") for word in words.split()]


NAMES = [(weight, _names(fams), _names(givens)) for weight, fams, givens in _NAME_TABLE]
CORPORATE = [
    "World Health Organization", "The COVID-19 Genomics UK (COG-UK) Consortium",
    "Institute of Electrical & Electronics Engineers",
    "National Institute for Health and Care Excellence (NICE)",
    "GBD 2019 Diseases and Injuries Collaborators", "OECD",
    "European Food Safety Authority (EFSA)", "ATLAS Collaboration",
    "Всемирная организация здравоохранения", "中国疾病预防控制中心",
    "U.S. Department of Health & Human Services", "R Core Team",
]
_WORD_TEXT = (
    "analysis model data study effect patients health community mental services "
    "clinical quality evidence outcomes risk treatment population cohort method "
    "learning network system performance energy climate policy social cognitive "
    "protein cell gene expression signal response temperature material surface "
    "structure dynamic control optimization algorithm framework approach review "
    "meta-analysis trial randomized controlled longitudinal cross-sectional "
    "qualitative quantitative survey intervention prevalence incidence mortality "
    "association regression estimation inference uncertainty robust adaptive "
    "distributed graph neural deep transfer sparse efficient scalable novel "
    "experimental theoretical empirical comparative systematic national regional "
    "urban rural children adults older women men care primary secondary acute "
    "chronic disease infection vaccine immune inflammation biomarker diagnosis "
    "screening imaging sequencing genome microbiome soil water carbon emission "
    "nitrogen forest ocean ice sediment catalyst polymer nanoparticle thin film "
    "semiconductor laser quantum spin magnetic thermal mechanical fracture fatigue"
)
WORDS = _WORD_TEXT.split()
SPECIAL_BITS = [
    "R&D", "AT&T", "100% renewable", "95% CI", "$5 per day", "US$10 billion",
    "C# and F#", "#MeToo", "snake_case identifiers", "k_B T", "{curly} braces",
    "~50 years", "x^2 terms", "O(n^2)", "\\alpha-helix", "a \\& b",
    "Ca²⁺ signalling", "α-synuclein", "β-amyloid", "TiO₂ catalysts", "≥ 65 years",
    "Schrödinger's cat", "naïve Bayes", "“quoted” words", "don’t", "–en dash–",
    "covid‐19 (U+2010)", "emoji 🧬", "<i>in vivo</i>", "p < 0.05",
]
# (full title, abbreviation, ISSN)
JOURNALS = [
    ("PLoS ONE", "PLoS ONE", "1932-6203"), ("Nature", "Nature", "0028-0836"),
    ("The Lancet", "Lancet", "0140-6736"), ("Science", "Science", "0036-8075"),
    ("BMJ Open", "BMJ Open", "2044-6055"),
    ("Journal of Personality Disorders", "J. Pers. Disord.", "0885-579X"),
    ("Physical Review Letters", "Phys. Rev. Lett.", "0031-9007"),
    ("IEEE Transactions on Pattern Analysis & Machine Intelligence",
     "IEEE Trans. Pattern Anal. Mach. Intell.", "0162-8828"),
    ("Journal of the American Chemical Society", "J. Am. Chem. Soc.", "0002-7863"),
    ("Zeitschrift für Naturforschung A", "Z. Naturforsch. A", "0932-0784"),
    ("Вестник Московского университета", "Вестн. Моск. ун-та", "0201-7385"),
    ("中华医学杂志", "Zhonghua Yi Xue Za Zhi", "0376-2491"),
    ("Environmental Science & Technology", "Environ. Sci. Technol.", "0013-936X"),
    ("Remote Sensing", "Remote Sens.", "2072-4292"),
]
PUBLISHERS = [
    ("Springer Nature", "Cham"), ("Elsevier B.V.", "Amsterdam"),
    ("Wiley-Blackwell", "Hoboken, NJ"), ("Oxford University Press", "Oxford"),
    ("Cambridge University Press", "Cambridge, UK"), ("IEEE", "Piscataway, NJ"),
    ("ACM", "New York, NY"), ("Éditions du Seuil", "Paris"),
    ("Издательство «Наука»", "Москва"), ("Taylor & Francis", "London"),
    ("MIT Press", "Cambridge, MA"), ("科学出版社", "北京"),
]
UNIS = ["University College London", "Universität Heidelberg", "ETH Zürich",
        "Université Paris-Saclay", "Московский государственный университет",
        "清华大学", "University of Toronto"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
          "Nov", "Dec"]
TYPES = [("JOUR", 700), ("CHAP", 70), ("BOOK", 50), ("CONF", 50), ("CPAPER", 30),
         ("RPRT", 40), ("THES", 30), ("ELEC", 20), ("WEB", 10)]
FUNDERS = ["National Institute for Health Research (NIHR)",
           "Deutsche Forschungsgemeinschaft (DFG)",
           "National Natural Science Foundation of China (NSFC)",
           "European Research Council & Horizon 2020",
           "Российский научный фонд"]
PURE_KINDS = {"JOUR": "Article", "CHAP": "Chapter", "BOOK": "Book", "THES": "Doctoral Thesis",
              "CONF": "Conference contribution", "CPAPER": "Conference contribution"}
DATABASES = ["DOI.org (Crossref)", "PubMed", "Semantic Scholar", "ScienceDirect"]


@dataclass(frozen=True)
class Layout:
    """How records become bytes; none of it changes what the records hold."""

    crlf: bool = False
    bom: bool = False
    seed_style: bool = False

    def render(self, tags: list[Tag]) -> str:
        separator = " - " if self.seed_style else "  - "
        end = "ER -" if self.seed_style else "ER  - "
        lines = [tag + separator + value for tag, value in tags]
        lines.append(end)
        # Values may hold '\n' (continuation lines), so line ends are fixed up after joining.
        text = "\n".join(lines) + "\n\n"
        return text.replace("\n", "\r\n") if self.crlf else text


class RecordMaker:
    """Draws records from one seeded random stream.

    The order of the draws is the shared generator's (without ``mix``): a helper that draws a
    list of candidates and then picks one really draws every candidate, as the original did.
    """

    def __init__(self, seed: int, *, continuation: bool = False, mix: bool = False) -> None:
        self.r = random.Random(seed)
        self.continuation = continuation
        self.mix = mix
        self.types = [name for name, weight in TYPES for _ in range(weight)]
        self.cultures = [culture for culture in NAMES for _ in range(culture[0])]

    # -- pieces ----------------------------------------------------------------------------

    def person(self) -> str:
        r = self.r
        _weight, families, givens = r.choice(self.cultures)
        family, given, given2 = r.choice(families), r.choice(givens), r.choice(givens)
        shape = r.random()
        if shape < 0.55:
            initials = given
        elif shape < 0.75:
            initials = given + " " + given2
        elif shape < 0.88:
            initials = given[0] + "."
        elif shape < 0.96:
            initials = given[0] + "." + given2[0] + "."
        else:
            initials = given + ", Jr."
        return family + ", " + initials

    def authors(self) -> list[str]:
        r = self.r
        if r.random() < 0.04:
            out = [r.choice(CORPORATE)]
            if r.random() < 0.5:
                out += [self.person() for _ in range(r.randint(1, 5))]
            return out
        count = min(30, 1 + int(r.expovariate(1 / 4.0)))
        return [self.person() for _ in range(count)]

    def words(self, count: int) -> str:
        return " ".join(self.r.choice(WORDS) for _ in range(count))

    def title(self) -> str:
        r = self.r
        text = self.words(r.randint(5, 16))
        if r.random() < 0.25:
            cut = text.index(" ") if " " in text else len(text)
            text = text[:cut] + " " + r.choice(SPECIAL_BITS) + text[cut:]
        if r.random() < 0.2:
            text += ": " + self.words(r.randint(2, 6))
        return text[0].upper() + text[1:]

    def abstract(self) -> str:
        r = self.r
        left = r.randint(100, 300)
        sentences = []
        while left > 0:
            count = min(left, r.randint(8, 28))
            sentence = self.words(count)
            if r.random() < 0.1:
                sentence += " (" + r.choice(SPECIAL_BITS) + ")"
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            left -= count
        return " ".join(sentences)

    def doi(self) -> str:
        r = self.r
        prefix = r.choice(["10.1371", "10.1038", "10.1016", "10.1109", "10.1145", "10.1002",
                           "10.3390"])
        suffix = r.choice([
            f"journal.pone.{r.randint(0, 9999999):07d}",
            f"s41586-0{r.randint(10, 24)}-{r.randint(1000, 9999)}-{r.randint(0, 9)}",
            f"j.cell.{r.randint(2000, 2024)}.{r.randint(1, 12):02d}.{r.randint(1, 999):03d}",
            f"TPAMI.{r.randint(2000, 2024)}.{r.randint(1000000, 9999999)}",
            f"(SICI)1097-4636({r.randint(199001, 199912)})<{r.randint(1, 99)}::AID-JBM"
            f"{r.randint(1, 9)}>3.0.CO;2-{r.choice('ABCDEFGH')}",
        ])
        return prefix + "/" + suffix

    # -- sections of a record, in file order -----------------------------------------------

    def date_tags(self, style: str) -> list[Tag]:
        r = self.r
        year, month, day = r.randint(1950, 2025), r.randint(1, 12), r.randint(1, 28)
        shape = r.random()
        if shape < 0.4:
            published = str(year)
        elif shape < 0.6:
            published = f"{year}/{month}/{day}"  # the seed's shape
        elif shape < 0.75:
            published = f"{year}///"
        elif shape < 0.85:
            published = f"{year}/{month:02d}/{day:02d}/"
        else:
            season = r.choice(["Spring", "Winter", MONTHS[month - 1]])
            published = f"{year}/{month:02d}//{season}"
        out = [("PY", published)]
        if r.random() < 0.35:
            out.append(("DA", r.choice([f"{year}/{month:02d}/{day:02d}", f"{year}/{month:02d}",
                                        f"{year}", f"{year}/{month:02d}/{day:02d}/"])))
        if style == "pure":
            out.append(("Y1", published))
        return out

    def title_tags(self, kind: str, style: str, title: str,
                   journal: tuple[str, str, str]) -> list[Tag]:
        r = self.r
        out: list[Tag] = []
        if style == "pure":
            out.append(("T1", title))
            if kind == "JOUR" and r.random() < 0.2:
                out.append(("T2", self.words(r.randint(2, 5))))  # a subtitle, as in the seed
        else:
            out.append(("TI", title))
        if kind in ("CHAP", "CONF", "CPAPER"):
            out.append(("T2", self.container(kind)))
            out += [("A2", self.person()) for _ in range(r.randint(0, 3))]
        elif kind == "JOUR" and style == "scopus":
            out.append(("T2", journal[0]))
        if kind in ("BOOK", "CHAP") and r.random() < 0.3:
            out.append(("T3", "Lecture Notes in " + self.words(2).title()))
        return out

    def container(self, kind: str) -> str:
        if kind == "CHAP":
            return "Handbook of " + self.words(3).title()
        number = self.r.randint(2, 40)
        return f"Proceedings of the {number}th International Conference on " \
            + self.words(3).title()

    def abstract_and_keywords(self, style: str) -> list[Tag]:
        r = self.r
        out: list[Tag] = []
        text = self.abstract() if r.random() < 0.92 else None
        if text and style == "pure":
            out.append(("N2", text))
        if text:
            out.append(("AB", text))
        out += [("KW", self.words(r.randint(1, 3))) for _ in range(r.choice([0, 0, 3, 4, 5, 6, 8]))]
        return out

    def identifier_tags(self, kind: str, style: str) -> list[Tag]:
        r = self.r
        doi = self.doi() if kind != "WEB" and r.random() < 0.85 else None
        if style != "pure":
            out = [("DO", doi)] if doi else []
            scopus = (f"https://www.scopus.com/inward/record.uri?eid=2-s2.0-85"
                      f"{r.randint(100000000, 999999999)}&doi={doi or ''}&partnerID=40"
                      f"&md5={r.getrandbits(128):032x}")
            other = f"https://doi.org/{doi}" if doi else "https://example.org/a?b=1&c=2"
            return [*out, ("UR", r.choice([scopus, other]))]
        out = [("UR", f"http://www.scopus.com/inward/record.url?scp=85"
                      f"{r.randint(100000000, 999999999)}&partnerID=8YFLogxK")]
        if doi:
            out += [("U2", doi), ("DO", doi)]
        out.append(("M3", PURE_KINDS.get(kind, "Other")))
        if kind == "JOUR" and r.random() < 0.5:
            out.append(("C2", str(r.randint(10000000, 39999999))))
        out.append(("AN", f"SCOPUS:85{r.randint(100000000, 999999999)}"))
        return out

    def web_tags(self, kind: str) -> list[Tag]:
        r = self.r
        if kind not in ("ELEC", "WEB"):
            return []
        accessed = f"{r.randint(2015, 2025)}/{r.randint(1, 12):02d}/{r.randint(1, 28):02d}"
        return [("Y2", accessed), ("PB", r.choice([*UNIS, "Wikipedia", "GitHub"]))]

    def journal_tags(self, kind: str, style: str, journal: tuple[str, str, str]) -> list[Tag]:
        r = self.r
        if kind != "JOUR":
            return []
        out = [("SN", journal[2] + r.choice(["", "", " (Print)", " (Electronic)"])),
               ("VL", str(r.randint(1, 400)))]
        if r.random() < 0.8:
            out.append(("IS", r.choice([str(r.randint(1, 24)),
                                        f"{r.randint(1, 12)} {r.choice(MONTHS)}", "Suppl 2",
                                        f"{r.randint(1, 6)}-{r.randint(7, 12)}"])))
        if style == "pure":
            return [*out, ("JO", journal[0]), ("JF", journal[0])]
        return [*out, ("J2", journal[1])]

    def book_tags(self, kind: str, style: str, publisher: tuple[str, str]) -> list[Tag]:
        r = self.r
        name, city = publisher
        out: list[Tag] = []
        if kind in ("BOOK", "CHAP", "CONF", "CPAPER", "RPRT"):
            isbn = f"978-{r.randint(0, 9)}-{r.randint(100, 999)}-{r.randint(10000, 99999)}-" \
                f"{r.randint(0, 9)}"
            out += [("SN", r.choice(["978-3-16-148410-0", "0-306-40615-2", isbn])),
                    ("PB", name), ("CY", city)]
            if kind == "BOOK" and r.random() < 0.3:
                out.append(("ET", r.choice(["2nd", "3rd ed.", "Revised edition"])))
        if kind == "THES":
            out += [("PB", r.choice(UNIS)),
                    ("M3", "PhD thesis") if style == "scopus" else ("CY", city)]
        if kind == "RPRT":
            out.append(("M1", f"Report No. {r.randint(1, 999)}/{r.randint(2000, 2025)}"))
        return out

    def page_tags(self, kind: str, style: str) -> list[Tag]:
        r = self.r
        if kind not in ("JOUR", "CHAP", "CONF", "CPAPER"):
            return []
        draw = r.random()
        if draw < 0.6:
            first = r.randint(1, 3000)
            return [("SP", str(first)), ("EP", str(first + r.randint(1, 40)))]
        if draw < 0.8:
            article = f"e{r.randint(100000, 999999)}"
            return [("M1", article)] if style == "pure" else [("C7", article), ("SP", article)]
        if draw < 0.9:
            first = r.randint(1, 99)
            return [("SP", f"S{first}"), ("EP", f"S{first + r.randint(1, 9)}")]
        return []

    def notes(self, style: str) -> list[Tag]:
        r = self.r
        out: list[Tag] = []
        if style == "scopus":
            out.append(("N1", f"Cited by: {r.randint(0, 900)}; Export Date: {r.randint(1, 28)} "
                              f"{r.choice(MONTHS)} {r.randint(2019, 2025)}"))
        if r.random() < 0.4:
            out.append(("N1", self.funding()))
        return out

    def funding(self) -> str:
        r = self.r
        # With continuation the note wraps onto untagged lines, as Pure exports do.
        text = ("Funding Information:" + ("\n" if self.continuation else " ")
                + "This work was funded by the " + r.choice(FUNDERS)
                + f" (grant no. PR-{r.randint(100, 999)}_{r.randint(1000, 99999)}). "
                + self.words(r.randint(10, 40)) + ".")
        if self.continuation and r.random() < 0.5:
            text += (f"\nPublisher Copyright:\nCopyright: © {r.randint(2000, 2025)}"
                     " the authors. 100% open access under CC BY 4.0.")
        return text

    # -- whole records ---------------------------------------------------------------------

    def shape(self) -> str:
        draw = self.r.random()
        if not self.mix:
            return "pure" if draw < 0.4 else "scopus"
        for name, below in (("pure", 0.3), ("scopus", 0.55), ("zotero", 0.8)):
            if draw < below:
                return name
        return "endnote"

    def record(self) -> list[Tag]:
        r = self.r
        kind = r.choice(self.types)
        shape = self.shape()
        # Zotero and EndNote records start as Scopus ones and are reshaped at the end.
        style = "pure" if shape == "pure" else "scopus"
        tags: list[Tag] = [("TY", kind)]
        tags += [("AU", name) for name in self.authors()]
        title = self.title()
        journal = r.choice(JOURNALS)
        publisher = r.choice(PUBLISHERS)
        tags += self.title_tags(kind, style, title, journal)
        tags += self.date_tags(style)
        tags += self.abstract_and_keywords(style)
        tags += self.identifier_tags(kind, style)
        tags += self.web_tags(kind)
        tags += self.journal_tags(kind, style, journal)
        tags += self.book_tags(kind, style, publisher)
        tags += self.page_tags(kind, style)
        tags += self.notes(style)
        if style == "scopus":
            tags += [("LA", r.choice(["English"] * 8 + ["German", "Russian", "Chinese"])),
                     ("DB", "Scopus")]
        return self.reshape(shape, tags)

    def reshape(self, shape: str, tags: list[Tag]) -> list[Tag]:
        if shape == "zotero":
            return self.as_zotero(tags)
        if shape == "endnote":
            return self.as_endnote(tags)
        return tags

    def as_zotero(self, tags: list[Tag]) -> list[Tag]:
        """Zotero's order (TY, TI, AU...), year-only PY beside a full DA, ST, DP; no Scopus
        bookkeeping."""
        kept = [(t, v) for t, v in tags if t != "DB" and not v.startswith("Cited by:")]
        title = next(v for t, v in kept if t == "TI")
        out: list[Tag] = [kept[0], ("TI", title)]
        for tag, value in kept[1:]:
            if tag == "TI":
                continue
            if tag == "PY":
                out.append(("PY", value.split("/")[0]))
                if "/" in value and not any(t == "DA" for t, _ in kept):
                    out.append(("DA", value))
                continue
            out.append((tag, value))
        if ": " in title:
            out.append(("ST", title.split(": ")[0]))
        out.append(("DP", self.r.choice(DATABASES)))
        return out

    def as_endnote(self, tags: list[Tag]) -> list[Tag]:
        """EndNote's shape: tags in alphabetical order, pages as one SP range, affiliations."""
        out: list[Tag] = [(t, v) for t, v in tags[1:] if t not in ("DB", "EP")]
        end_page = next((v for t, v in tags if t == "EP"), None)
        if end_page:
            out = [(t, f"{v}-{end_page}" if t == "SP" else v) for t, v in out]
        out += [("AD", self.r.choice(UNIS)) for _ in range(self.r.randint(0, 2))]
        # A stable sort keeps the authors and keywords in their order.
        return [tags[0], *sorted(out, key=lambda tag: tag[0])]


def ris_chunks(records: int, seed: int = DEFAULT_SEED, *, crlf: bool = False, bom: bool = False,
               continuation: bool = False, seed_style: bool = False,
               mix: bool = False) -> Iterator[str]:
    """The file's text, one record at a time (the BOM, when asked for, comes first)."""
    maker = RecordMaker(seed, continuation=continuation, mix=mix)
    layout = Layout(crlf=crlf, bom=bom, seed_style=seed_style)
    if layout.bom:
        yield "\ufeff"
    for _ in range(records):
        yield layout.render(maker.record())


def generate(target: Path | str, records: int, seed: int = DEFAULT_SEED, *, crlf: bool = False,
             bom: bool = False, continuation: bool = False, seed_style: bool = False,
             mix: bool = False) -> Path:
    """Write ``records`` records to ``target`` (UTF-8) and return its path."""
    path = Path(target)
    chunks = ris_chunks(records, seed, crlf=crlf, bom=bom, continuation=continuation,
                        seed_style=seed_style, mix=mix)
    # newline="" so that the CR LF of --crlf is written as is, and LF stays LF on any platform.
    with path.open("w", encoding="utf-8", newline="") as out:
        out.writelines(chunks)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records", type=int, metavar="N")
    parser.add_argument("out", type=Path, metavar="OUT.ris")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--crlf", action="store_true")
    parser.add_argument("--bom", action="store_true")
    parser.add_argument("--continuation", action="store_true")
    parser.add_argument("--seed-style", action="store_true")
    parser.add_argument("--mix", action="store_true")
    args = parser.parse_args(argv)
    generate(args.out, args.records, args.seed, crlf=args.crlf, bom=args.bom,
             continuation=args.continuation, seed_style=args.seed_style, mix=args.mix)


if __name__ == "__main__":
    main()
