"""Which pairs of records are the same work: candidate pairs by blocking, then rules.

**Blocking.** Comparing every record with every other is quadratic (10^10 pairs at 100,000
records), so a pair is only compared when the two records share a *block key*: the DOI, the
first three or the last three words of the title (a typo cannot hit both ends of a long title),
the first author with the year, the first author with volume and first page, or the year with
volume and first page (a translated title, an author written otherwise).  A key held by more than :data:`MAX_BLOCK` records ("2019"
and "Anonymous") is not compared all against all: its records are sorted by title and each is
compared with its :data:`WINDOW` neighbours.  The cost stays near-linear in the input.

**Rules.** Each candidate pair is compared on its keys (:mod:`risx.dedupe.normalise`) and
decided by :func:`decide`, with the evidence recorded (:meth:`Comparison.evidence`).  A *merge* rule
needs agreement beyond one identifier; a *review* rule sends the pair to the review list (both
records stay).  Titles are compared with rapidfuzz's normalised Indel similarity (0-100, the
``fuzz.ratio`` of the folded titles): 95 or more is "the same title" (case and punctuation are
folded already, so this allows one or two typos), 85 "close" (a few words), 70 "similar" (a
subtitle, a truncation).  A missing value neither agrees nor contradicts.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from risx.dedupe.normalise import Keys, journals_agree

MERGE = "merge"
REVIEW = "review"

#: Above this many records a block key is compared by sorted neighbourhood, not all pairs.
MAX_BLOCK = 40
#: Neighbours each record of a large block is compared with, on each side.
WINDOW = 6

TITLE_SAME = 95.0
TITLE_CLOSE = 85.0
TITLE_SIMILAR = 70.0
#: A title that starts with all the words of a shorter one of at least this many words is
#: "similar" (one database dropped the subtitle or cut the title short).
PREFIX_WORDS = 4
AUTHOR_SIMILAR = 85.0


@dataclass(frozen=True)
class Rule:
    """One dedupe rule: a stable ID, what it does, why, and the test that shows it."""

    id: str
    verdict: str
    reason: str
    shown_by: str


R_DOI = Rule("DUP-R01", MERGE, "same DOI and a similar title (70+), first pages not "
             "contradicting: two identifiers agree",
             "tests/dedupe/test_dedupe_rules.py::test_r01_same_doi_similar_title")
R_TITLE = Rule("DUP-R02", MERGE, "close title (85+), same first author, years within one, in "
               "one publication (same journal, or same volume and first page), nothing "
               "contradicting",
               "tests/dedupe/test_dedupe_rules.py::test_r02_title_typo_and_abbreviated_journal")
R_SOURCE = Rule("DUP-R03", MERGE, "same first author, year, volume and first page, and a similar "
                "title (70+, or one title the start of the other)",
                "tests/dedupe/test_dedupe_rules.py::test_r03_same_source_truncated_title")
R_NO_AUTHOR = Rule("DUP-R04", MERGE, "the same title (95+) and year, without authors to compare, "
                   "and two of journal, volume and first page agree with none contradicting",
                   "tests/dedupe/test_dedupe_rules.py::test_r04_no_authors")
R_AUTHOR_SPELT = Rule("DUP-R05", MERGE, "the same title (95+), journal, volume and first page, "
                      "years within one, first authors written differently",
                      "tests/dedupe/test_dedupe_rules.py::test_r05_author_written_differently")
R_ONE_ISSUE = Rule("DUP-R06", MERGE, "a close title (85+, or one the start of the other), the same authors (two or more, all "
                   "in order), year, journal, volume and issue, but other first pages: printed "
                   "twice in one issue, or a page typed wrong",
                   "tests/dedupe/test_dedupe_rules.py::test_r06_one_issue_same_authors")
R_PAGE_RANGE = Rule("DUP-R07", MERGE, "same first author, volume and range of pages (two or more: "
                    "first and last page), years within one: two articles never fill the same "
                    "pages, so the titles may differ (a translation)",
                    "tests/dedupe/test_dedupe_rules.py::test_r07_translated_title_same_pages")
R_ONE_PAGE = Rule("DUP-R08", MERGE, "the same title (95+), first author, year, journal and "
                  "volume, each record one page long (22-22) on other pages: one abstract or "
                  "notice printed twice (an article is never one page long)",
                  "tests/dedupe/test_dedupe_rules.py::test_r08_one_page_items_printed_twice")
V_DOI_TITLE = Rule("DUP-V01", REVIEW, "same DOI but dissimilar titles: a translated or changed "
                   "title, or a DOI given to the wrong record",
                   "tests/dedupe/test_dedupe_rules.py::test_v01_same_doi_dissimilar_titles")
V_SHARED_DOI = Rule("DUP-V02", REVIEW, "a DOI shared by several different titles in the input "
                    "(a supplement's or a book's DOI): not taken as evidence",
                    "tests/dedupe/test_dedupe_rules.py::test_v02_supplement_doi")
V_KIND = Rule("DUP-V03", REVIEW, "records of different kinds (abstract or conference paper vs "
              "journal article; chapter vs book) that otherwise match",
              "tests/dedupe/test_dedupe_rules.py::test_v03_abstract_and_article")
V_SOURCE_DIFFERS = Rule("DUP-V04", REVIEW, "same title and first author, years within one, but "
                        "volume or first page differ: an abstract and its article, or one paper "
                        "printed in two journals", "tests/dedupe/test_dedupe_rules.py::"
                        "test_v04_same_title_other_pages")
V_TITLE_DIFFERS = Rule("DUP-V05", REVIEW, "same first author, year, journal, volume and first "
                       "page but dissimilar titles: a translation, or two items on one page",
                       "tests/dedupe/test_dedupe_rules.py::test_v05_same_page_other_title")
V_NUMBERS = Rule("DUP-V07", REVIEW, "titles that differ only in a number (Part 1 / Part 2, "
                 "phase II / phase I/II, FOCUS 1 / FOCUS 2) but otherwise match",
                 "tests/dedupe/test_dedupe_rules.py::test_v07_part_1_and_part_2")
V_CONFLICT = Rule("DUP-V06", REVIEW, "a rule matched, but merging would join records that "
                  "contradict each other (different DOIs, kinds, years, volumes or pages)",
                  "tests/dedupe/test_dedupe_rules.py::test_v06_no_chain_through_a_thin_record")

#: Every rule, in the order a pair is tried against them (see :func:`decide`).
RULES: tuple[Rule, ...] = (R_DOI, R_TITLE, R_SOURCE, R_NO_AUTHOR, R_AUTHOR_SPELT, R_ONE_ISSUE,
                           R_PAGE_RANGE, R_ONE_PAGE, V_DOI_TITLE, V_SHARED_DOI, V_KIND, V_SOURCE_DIFFERS, V_TITLE_DIFFERS,
                           V_CONFLICT, V_NUMBERS)
#: Merge rules by strength: stronger evidence is applied first when clusters are formed.
MERGE_ORDER = {rule.id: rank for rank, rule in enumerate(r for r in RULES if r.verdict == MERGE)}
#: When two works meet several review rules, the review list shows the first of these: a merge
#: refused first (the strongest sign of a duplicate), the shared DOI last (the weakest).
REVIEW_ORDER = {rule.id: rank for rank, rule in enumerate(
    (V_CONFLICT, V_KIND, V_NUMBERS, V_DOI_TITLE, V_SOURCE_DIFFERS, V_TITLE_DIFFERS,
     V_SHARED_DOI))}


@dataclass(frozen=True)
class Decision:
    """A rule's verdict on one pair, with the evidence that made it hold."""

    rule: Rule
    evidence: str


_ratio: Callable[..., float] | None = None


def ratio(a: str, b: str, score_cutoff: float = 0.0) -> float:
    """rapidfuzz's normalised Indel similarity (0-100; 0 below ``score_cutoff``), imported on
    first use: plain conversions never load rapidfuzz."""
    global _ratio
    if _ratio is None:
        from rapidfuzz.fuzz import ratio as rapidfuzz_ratio

        _ratio = rapidfuzz_ratio
    return _ratio(a, b, score_cutoff=score_cutoff)


def _agreement(a: str, b: str) -> str:
    """``=`` equal, ``!`` different, ``?`` missing on either side."""
    if not a or not b:
        return "?"
    return "=" if a == b else "!"


@dataclass(frozen=True)
class Comparison:
    """How two records compare, field by field (what the evidence column shows)."""

    title: float
    #: Both records have a title (an untitled record is never matched on its source alone).
    titled: bool
    title_prefix: bool
    #: The titles hold different numbers (:func:`normalise.title_numbers`).
    numbers_differ: bool
    author: str  # "=" same, "~" similar, "!" different, "?" missing
    #: Both have two or more authors, the same family names in the same order.
    authors_all_same: bool
    year: int | None  # absolute difference
    volume: str
    issue: str
    #: "=" same first page, "~" same as one of the pages an Excel-damaged range may have been,
    #: "!" different, "?" missing.
    page: str
    #: Both have a range of two or more pages, and it is the same.
    same_range: bool
    #: Both say they are one page long (22-22).
    both_one_page: bool
    journal: str
    doi: str

    @property
    def title_similar(self) -> bool:
        return self.title >= TITLE_SIMILAR or self.title_prefix

    @property
    def author_same(self) -> bool:
        return self.author in ("=", "~")

    @property
    def years_close(self) -> bool:
        return self.year is None or self.year <= 1

    @property
    def contradicted(self) -> bool:
        """Other first pages; or other volumes, unless first page and journal agree (databases
        write a supplement's number where the volume goes: ``1`` for ``61 Suppl 1``)."""
        return self.page == "!" or (self.volume == "!" and not (self.page == "=" and
                                                                 self.journal == "="))

    @property
    def placed(self) -> bool:
        """The two records are placed in one publication: the journal agrees, or (when the
        journal is missing or written too differently to tell, as with a translated journal
        title, or a journal printed inside another: ACP Journal Club in Annals of Internal
        Medicine) volume and first page agree, or without a journal on either side one of them
        does."""
        if self.journal == "=":
            return True
        if self.journal == "!":
            return self.volume == "=" and self.page == "="
        return self.volume == "=" or self.page in ("=", "~")

    @property
    def source_agreements(self) -> int:
        return sum(1 for value in (self.volume, self.page, self.journal) if value == "=")

    def evidence(self, a: Keys, b: Keys) -> str:
        year = "?" if self.year is None else f"{a.year}/{b.year}"
        numbers = " numbers differ" if self.numbers_differ else ""
        parts = [f"title {self.title:.0f}{' prefix' if self.title_prefix else ''}{numbers}",
                 f"first author {self.author} ({a.first_author or '-'}/{b.first_author or '-'})",
                 f"year {year}", f"volume {self.volume} ({a.volume or '-'}/{b.volume or '-'})",
                 f"issue {self.issue}", f"page {self.page} ({a.page or '-'}/{b.page or '-'})",
                 f"journal {self.journal}", f"doi {self.doi}"]
        return "; ".join(parts)


def _prefix(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return (len(short.split()) >= PREFIX_WORDS and long.startswith(short)
            and (len(long) == len(short) or long[len(short)] == " "))


def _author(a: Keys, b: Keys) -> str:
    if not a.families or not b.families:
        return "?"
    x, y = a.first_author, b.first_author
    if x == y:
        return "="
    # "Le Quintrec" / "Quintrec", "von Pawel" / "Pawel": a particle written into the name.
    if len(x) >= 4 and len(y) >= 4 and (x.endswith(y) or y.endswith(x)):
        return "~"
    if ratio(x, y) >= AUTHOR_SIMILAR:
        return "~"
    return "!"


def _pages(a: Keys, b: Keys) -> str:
    """Like :func:`_agreement`, except that a page Excel damaged agrees with a page it may have
    been and is unknown otherwise."""
    if a.page and b.page:
        return "=" if a.page == b.page else "!"
    if a.page_guesses or b.page_guesses:
        guesses_a = a.page_guesses or ({a.page} if a.page else set())
        guesses_b = b.page_guesses or ({b.page} if b.page else set())
        return "~" if guesses_a & guesses_b else "?"
    return "?"


def compare(a: Keys, b: Keys) -> Comparison:
    return Comparison(
        title=ratio(a.title, b.title) if a.title and b.title else 0.0,
        titled=bool(a.title and b.title),
        title_prefix=bool(a.title and b.title) and a.title != b.title and _prefix(a.title,
                                                                                  b.title),
        numbers_differ=a.title_numbers != b.title_numbers,
        author=_author(a, b),
        authors_all_same=len(a.families) >= 2 and a.families == b.families,
        year=abs(a.year - b.year) if a.year is not None and b.year is not None else None,
        volume=_agreement(a.volume, b.volume), issue=_agreement(a.issue, b.issue),
        page=_pages(a, b), same_range=bool(a.pages) and a.pages == b.pages,
        both_one_page=a.one_page and b.one_page,
        journal=("?" if not a.journals or not b.journals
                 else "=" if journals_agree(a.journals, b.journals) else "!"),
        doi=_agreement(a.doi, b.doi))


def _other_pages_may_agree(a: Keys, b: Keys) -> bool:
    """Other first pages do not make two records different works when both are in one issue of
    one volume by the same two or more authors (DUP-R06), or both are one page long in one
    volume by one first author (DUP-R08)."""
    same_volume = bool(a.volume and a.volume == b.volume)
    return same_volume and (
        (bool(a.issue and a.issue == b.issue) and len(a.families) >= 2
         and a.families == b.families)
        or (a.one_page and b.one_page and bool(a.first_author)
            and a.first_author == b.first_author))


def conflict(a: Keys, b: Keys, shared_dois: frozenset[str] = frozenset()) -> str:
    """Why two records can never be one work ("" when nothing says so): different DOIs, or
    different kinds, or different first pages (unless :func:`_other_pages_may_agree`); unless they share a DOI, years more than one
    apart, or different volumes (unless first page and journal agree, see
    :attr:`Comparison.contradicted`).  Applied to every pair a merge would join, not only the
    matched pair."""
    if a.doi and b.doi and a.doi != b.doi:
        return f"different DOIs ({a.doi} / {b.doi})"
    if a.kind and b.kind and a.kind != b.kind:
        return f"different kinds ({a.kind} / {b.kind})"
    if a.page and b.page and a.page != b.page and not _other_pages_may_agree(a, b):
        return f"first pages {a.page} / {b.page}"
    if a.doi and a.doi == b.doi and a.doi not in shared_dois:
        return ""
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return f"years {a.year} / {b.year}"
    if a.volume and b.volume and a.volume != b.volume and not (
            a.page and a.page == b.page and journals_agree(a.journals, b.journals)):
        return f"volumes {a.volume} / {b.volume}"
    return ""


def _worth_comparing(a: Keys, b: Keys) -> bool:
    """False when no rule can hold, found cheaply: most candidate pairs have dissimilar titles,
    and then only a shared DOI, or the same volume and first page, could still decide them."""
    if (a.doi and a.doi == b.doi) or (a.volume and a.volume == b.volume
                                      and (a.page or a.page_guesses)):
        return True
    if not a.title or not b.title:
        return False
    return ratio(a.title, b.title, score_cutoff=TITLE_SIMILAR) > 0 or _prefix(a.title, b.title)


def decide(a: Keys, b: Keys, shared_dois: frozenset[str]) -> Decision | None:
    """The rule that decides the pair, or ``None`` (not the same work, nothing to review).

    In order: different DOIs are never the same work and are never reviewed (an erratum and its
    article, a preprint and its version of record); the same DOI with a dissimilar title is
    reviewed (DUP-V01); then the first merge rule that holds (DUP-R01 to R08), unless the
    records are of different kinds (DUP-V03) or their titles differ in a number (DUP-V07), which
    turn the merge into a review; else the review rules DUP-V04 and DUP-V05.  A shared DOI
    (:func:`shared_dois`) counts as no DOI, except that two different DOIs still never match."""
    if a.doi and b.doi and a.doi != b.doi:
        return None
    if not _worth_comparing(a, b):
        return None
    c = compare(a, b)
    evidence = c.evidence(a, b)
    kinds_differ = bool(a.kind and b.kind and a.kind != b.kind)
    same_doi = c.doi == "=" and a.doi not in shared_dois
    if same_doi and not c.title_similar:
        return Decision(V_DOI_TITLE, evidence)
    merge = _merge_rule(c, same_doi)
    if merge is not None:
        if kinds_differ:
            return Decision(V_KIND, f"{a.kind} / {b.kind}; {evidence}")
        if c.numbers_differ and merge is not R_PAGE_RANGE:
            return Decision(V_NUMBERS, f"{' '.join(a.title_numbers) or '-'} / "
                                       f"{' '.join(b.title_numbers) or '-'}; {evidence}")
        return Decision(merge, evidence)
    if kinds_differ:
        return None
    if c.title >= TITLE_SAME and c.author_same and c.years_close and not c.numbers_differ:
        return Decision(V_SOURCE_DIFFERS, evidence)
    if c.author_same and c.year == 0 and c.source_agreements == 3 and c.titled:
        return Decision(V_TITLE_DIFFERS, evidence)
    return None


def _merge_rule(c: Comparison, same_doi: bool) -> Rule | None:
    if same_doi and c.title_similar and c.page != "!":
        return R_DOI
    if not c.years_close:
        return None
    if c.title >= TITLE_CLOSE and c.author_same and not c.contradicted and c.placed:
        return R_TITLE
    if c.author_same and c.year == 0 and c.volume == "=" and c.page == "=" and c.title_similar:
        return R_SOURCE
    if (c.title >= TITLE_SAME and c.author == "?" and c.year is not None and c.year == 0
            and not c.contradicted and c.source_agreements >= 2):
        return R_NO_AUTHOR
    if c.title >= TITLE_SAME and c.source_agreements == 3:
        return R_AUTHOR_SPELT
    if ((c.title >= TITLE_CLOSE or c.title_prefix) and c.authors_all_same and c.year == 0
            and c.journal == "=" and c.volume == "=" and c.issue == "=" and c.page == "!"):
        return R_ONE_ISSUE
    if c.titled and c.author_same and c.volume == "=" and c.same_range:
        return R_PAGE_RANGE
    if (c.title >= TITLE_SAME and c.author_same and c.year == 0 and c.journal == "="
            and c.volume == "=" and c.both_one_page):
        return R_ONE_PAGE
    return None


# Blocking ------------------------------------------------------------------------------------


def block_keys(keys: Keys) -> Iterator[str]:
    """The blocks a record is compared within (see the module docstring)."""
    if keys.doi:
        yield "d:" + keys.doi
    words = keys.title.split()
    if words:
        yield "t:" + " ".join(words[:3])
        if len(words) > 3:
            yield "e:" + " ".join(words[-3:])
    author = keys.first_author
    if author and keys.year is not None:
        yield f"a:{author}:{keys.year}"
    if author and keys.volume and keys.page:
        yield f"s:{author}:{keys.volume}:{keys.page}"
    if keys.volume and keys.page and keys.year is not None:
        yield f"p:{keys.year}:{keys.volume}:{keys.page}"


def candidate_pairs(all_keys: Sequence[Keys]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of records that share a block, each once, sorted."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for keys in all_keys:
        for key in block_keys(keys):
            blocks[key].append(keys.index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= MAX_BLOCK:
            pairs.update(itertools.combinations(members, 2))
            continue
        ordered = sorted(members, key=lambda i: (all_keys[i].title, i))
        for position, first in enumerate(ordered):
            for second in ordered[position + 1:position + 1 + WINDOW]:
                pairs.add((first, second) if first < second else (second, first))
    return sorted(pairs)


def doi_title_groups(all_keys: Sequence[Keys]) -> dict[str, list[list[int]]]:
    """For each DOI held by two or more records, its records grouped by similar title (a record
    joins the first group whose first title is similar to its own)."""
    by_doi: dict[str, list[int]] = defaultdict(list)
    for keys in all_keys:
        if keys.doi:
            by_doi[keys.doi].append(keys.index)
    groups: dict[str, list[list[int]]] = {}
    for doi, members in by_doi.items():
        if len(members) < 2:
            continue
        titles: list[list[int]] = []
        for index in members:
            title = all_keys[index].title
            for group in titles:
                first = all_keys[group[0]].title
                same_numbers = all_keys[index].title_numbers == all_keys[group[0]].title_numbers
                if title and first and same_numbers and (ratio(title, first) >= TITLE_SIMILAR
                                                         or _prefix(title, first)):
                    group.append(index)
                    break
            else:
                titles.append([index])
        groups[doi] = titles
    return groups


def shared_dois(groups: dict[str, list[list[int]]]) -> frozenset[str]:
    """DOIs on three or more different titles: a supplement's DOI on its abstracts, a book's on
    its chapters.  They are not evidence that two records are one work."""
    return frozenset(doi for doi, titles in groups.items() if len(titles) >= 3)


def shared_doi_reviews(groups: dict[str, list[list[int]]],
                       shared: frozenset[str]) -> list[tuple[int, int, Decision]]:
    """One review pair per further title under a shared DOI, beside the DOI's first title."""
    reviews = []
    for doi in sorted(shared):
        titles = groups[doi]
        count = sum(len(t) for t in titles)
        for group in titles[1:]:
            reviews.append((titles[0][0], group[0], Decision(
                V_SHARED_DOI, f"DOI {doi} is on {count} records with {len(titles)} different "
                              f"titles")))
    return reviews
