"""DATA: which exporter wrote a RIS file, and how that exporter's tags differ from the generic reading.

The same tag means different things to different exporters (``ris-reference.md`` section 3c),
so the reader recognises the exporter once per file, from the first :data:`SAMPLE_RECORDS`
records (read ahead before any is mapped), and hands it to the mapper:

* :data:`SIGNS`: how an exporter shows in a record (a tag whose value passes a test), in the
  order they are tried; the first sign a record shows names its exporter.  A record relayed by
  Zotero (:data:`RELAYS`) is "Scopus via Zotero"; a record with no sign is named after the
  database it names (``DB``/``DP``), cut to 40 characters.  The name most records of the
  sample give is the file's (ties: the greater name), with the sign that showed it as evidence.
* :data:`EXPORTER_RULES`: rows that override the generic reading of a tag
  (:data:`risx.readers.ris.tables.TAG_READINGS`) for one exporter and some types, each with an
  ID, a one-line reason and the file that shows it.  A record with no exporter, or one no row
  names, gets the generic reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from risx.model import RawTag

# The rows are named tuples, cheaper to create at start-up than dataclasses (benchmarks/README.md).

#: How many records of a file the exporter is recognised from.
SAMPLE_RECORDS = 50
#: How long a database name standing in for an unrecognised exporter may be.
DATABASE_NAME_LENGTH = 40


class ValueTest(NamedTuple):
    """A test on a tag's value, and how it reads in ``-v`` (``DB  - Scopus``)."""

    #: ``is`` (after stripping), ``is-folded`` (and case-folded), ``one-of``, ``starts``,
    #: ``ends``, ``contains``, ``contains-folded``.
    kind: str
    texts: tuple[str, ...]

    def __call__(self, value: str) -> bool:
        kind, texts = self.kind, self.texts
        if kind == "is":
            return value.strip() in texts
        if kind == "is-folded":
            return value.strip().lower() in texts
        if kind == "starts":
            return value.startswith(texts)
        if kind == "ends":
            return value.endswith(texts)
        if kind == "contains":
            return any(text in value for text in texts)
        if kind == "contains-folded":
            folded = value.lower()
            return any(text in folded for text in texts)
        raise ValueError(f"unknown value test {kind!r}")

    def describe(self, tag: str) -> str:
        shown = " or ".join(f"'{text}'" for text in self.texts)
        if self.kind in ("is", "is-folded"):
            return f"{tag} {shown}"
        word = {"starts": "starting", "ends": "ending", "contains": "containing",
                "contains-folded": "containing"}[self.kind]
        return f"{tag} {word} {shown}"


def is_(*texts: str) -> ValueTest:
    return ValueTest("is", texts)


def is_folded(text: str) -> ValueTest:
    return ValueTest("is-folded", (text.lower(),))


def starts(*texts: str) -> ValueTest:
    return ValueTest("starts", texts)


def ends(*texts: str) -> ValueTest:
    return ValueTest("ends", texts)


def contains(*texts: str) -> ValueTest:
    return ValueTest("contains", texts)


def contains_folded(*texts: str) -> ValueTest:
    return ValueTest("contains-folded", tuple(t.lower() for t in texts))


class Sign(NamedTuple):
    """One way an exporter shows in a record: a value of ``tag`` that passes ``test``."""

    exporter: str
    tag: str
    test: ValueTest

    def shown_by(self, tags: Sequence[RawTag]) -> bool:
        return any(raw.tag == self.tag and self.test(raw.value) for raw in tags)

    def describe(self) -> str:
        return self.test.describe(self.tag)


#: The signs, tried in this order (a more telling sign before a vaguer one).
SIGNS: tuple[Sign, ...] = (
    Sign("Citavi", "M4", is_folded("Citavi")),
    Sign("Rayyan", "AN", starts("rayyan-")),
    Sign("Scopus", "DB", is_("Scopus")),
    Sign("Embase", "DB", is_("Embase", "Medline")),
    Sign("EBSCOhost", "DP", is_("EBSCOhost")),
    Sign("Ovid", "L2", contains("ovid.com")),
    Sign("Ovid", "DB", contains_folded("ovid")),
    Sign("PubMed via EndNote", "DP", is_("NLM")),
    Sign("Google Scholar", "DP", is_("Google Scholar")),
    Sign("Web of Science", "N1", contains("Times Cited in Web of Science")),
    Sign("Web of Science", "AN", starts("WOS:")),
    Sign("Dimensions", "U1", ends("[PMID]")),
    Sign("ProQuest", "L2", contains_folded("sfx", "proquest")),
)

#: Exporters that pass on records another one wrote, and how they show: Zotero writes ``DA``
#: dates ending in ``//`` or ``/undefined``.
RELAYS: tuple[Sign, ...] = (
    Sign("Zotero", "DA", ends("//", "/undefined")),
)


class Guess(NamedTuple):
    """Which exporter one record shows, and by what."""

    exporter: str
    evidence: str


NO_GUESS = Guess("", "")


def guess_exporter(tags: Sequence[RawTag]) -> Guess:
    """Which exporter wrote one record, from its tell-tale tags (see the module docstring)."""
    relay = next((sign for sign in RELAYS if sign.shown_by(tags)), None)
    for sign in SIGNS:
        if sign.shown_by(tags):
            if relay is not None and sign.exporter != relay.exporter:
                return Guess(f"{sign.exporter} via {relay.exporter}",
                             f"{sign.describe()}, {relay.describe()}")
            return Guess(sign.exporter, sign.describe())
    if relay is not None:
        return Guess(relay.exporter, relay.describe())
    database = next((raw for raw in tags if raw.tag in ("DB", "DP")), None)
    if database is None or not database.value.strip():
        return NO_GUESS
    return Guess(database.value.strip()[:DATABASE_NAME_LENGTH],
                 f"{database.tag} names the database, no exporter's sign")


class ExporterVote:
    """The file's exporter, from the records of its sample: the name most of them give."""

    def __init__(self) -> None:
        self.sampled = 0
        self.counts: dict[str, int] = {}
        self.evidence: dict[str, str] = {}

    def add(self, tags: Sequence[RawTag]) -> None:
        self.sampled += 1
        guess = guess_exporter(tags)
        if guess.exporter:
            self.counts[guess.exporter] = self.counts.get(guess.exporter, 0) + 1
            self.evidence.setdefault(guess.exporter, guess.evidence)

    def result(self) -> Guess:
        if not self.counts:
            return NO_GUESS
        count, exporter = max((n, name) for name, n in self.counts.items())
        return Guess(exporter, f"{self.evidence[exporter]} (in {count} of the first "
                               f"{self.sampled} records)")


class ExporterRule(NamedTuple):
    """One exporter's reading of a tag, in place of the generic one, for some types."""

    #: Stable, for ``-v`` and the tests (``WOS-C3``).
    id: str
    #: The exporter's name as :func:`guess_exporter` gives it.
    exporter: str
    tag: str
    #: RIS type codes the rule holds for; empty: every type.
    types: frozenset[str]
    #: The reading: a meaning the mapper knows for this tag (tables.TAG_READINGS).
    meaning: str
    #: Why, in one line.
    reason: str
    #: The corpus file or made-up fixture that shows it.
    shown_by: str


#: The exporters' own readings.  None yet: the exporter issue fills this table.
EXPORTER_RULES: tuple[ExporterRule, ...] = ()
