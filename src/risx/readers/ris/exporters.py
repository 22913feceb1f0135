"""DATA: which exporter wrote a RIS file, and how that exporter's tags differ from the generic reading.

The same tag means different things to different exporters (``ris-reference.md`` section 3c),
so the reader recognises the exporter once per file, from the first :data:`SAMPLE_RECORDS`
records (read ahead before any is mapped) and the framing lines around them, and hands it to
the mapper:

* :data:`SIGNS`: how an exporter shows in a record (a tag whose value passes a test, or the
  layout of the record's tags), in the order they are tried; the first sign a record shows
  names its exporter.  :data:`RELAYS` are the tools that pass on records another exporter
  wrote (Zotero, EndNote): a record relayed by EndNote from Scopus is "Scopus via EndNote".
* :data:`FRAMES`: the lines an exporter writes around its records (Ovid's ``1.`` numbering
  and ``Link to the Ovid Full Text`` lines, Cochrane's ``Record #3 of 78``, the
  ``Provider:`` headers of JSTOR, APA PsycNet and Wiley): recognised, skipped without a
  warning per record and counted once per file; a telling frame is evidence too.
* The name most records of the sample give (telling frames count as records) is the file's,
  with the sign that showed it as evidence (:class:`ExporterVote`).  A database named in
  ``DB``/``DP`` is not an exporter: a file whose records show no sign has no exporter and
  gets the generic reading; its database is only said in the evidence.
* :data:`EXPORTER_RULES`: rows that override the generic reading of a tag
  (:data:`risx.readers.ris.tables.TAG_READINGS`) for one exporter and some types, each with an
  ID, a one-line reason and the file or fixture that shows it.  :data:`VENDOR_TAGS` are an
  exporter's own tags (known, so not reported as strange), :data:`PLACEHOLDERS` its own
  placeholder values, :data:`EXCUSED_SYNTAX` the syntax messages its normal layout would draw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from risx.model import RawTag

# The rows are named tuples, cheaper to create at start-up than dataclasses (benchmarks/README.md).

#: How many records of a file the exporter is recognised from.
SAMPLE_RECORDS = 50
#: How long a database name quoted in the evidence may be.
DATABASE_NAME_LENGTH = 40


class ValueTest(NamedTuple):
    """A test on a tag's value, and how it reads in ``-v`` (``DB  - Scopus``)."""

    #: ``is`` (after stripping), ``is-folded`` (and case-folded), ``one-of``, ``starts``,
    #: ``ends``, ``contains``, ``contains-folded``, ``matches`` (a regular expression, from
    #: the start), ``present`` (any value, even an empty one).
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
        if kind == "matches":
            return _compiled(texts[0]).match(value) is not None
        if kind == "present":
            return True
        raise ValueError(f"unknown value test {kind!r}")

    def describe(self, tag: str) -> str:
        shown = " or ".join(f"'{text}'" for text in self.texts)
        if self.kind in ("is", "is-folded"):
            return f"{tag} {shown}"
        if self.kind == "present":
            return f"a {tag} line"
        word = {"starts": "starting", "ends": "ending", "contains": "containing",
                "contains-folded": "containing", "matches": "matching"}[self.kind]
        return f"{tag} {word} {shown}"


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = re.compile(pattern)
    return compiled


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


def matches(pattern: str) -> ValueTest:
    return ValueTest("matches", (pattern,))


PRESENT = ValueTest("present", ())

#: The tag a layout sign is filed under (it looks at the order of all the record's tags).
LAYOUT = "*layout*"


class Sign(NamedTuple):
    """One way an exporter shows in a record: a value of ``tag`` that passes ``test`` (and, for
    each pair in ``also``, a value of that tag passing that test too).  A sign filed under
    :data:`LAYOUT` looks at the order of the tags instead (:func:`tags_in_endnote_order`)."""

    exporter: str
    tag: str
    test: ValueTest
    also: tuple[tuple[str, ValueTest], ...] = ()

    def shown_by(self, tags: Sequence[RawTag]) -> bool:
        if self.tag == LAYOUT:
            return tags_in_endnote_order(tags)
        if not any(raw.tag == self.tag and self.test(raw.value) for raw in tags):
            return False
        return all(any(raw.tag == tag and test(raw.value) for raw in tags)
                   for tag, test in self.also)

    def describe(self) -> str:
        if self.tag == LAYOUT:
            return "tags in alphabetical order, ID last"
        return ", ".join([self.test.describe(self.tag)]
                         + [test.describe(tag) for tag, test in self.also])


#: Tags EndNote's own order leaves out of the alphabet (it writes them first or last).
_UNORDERED = frozenset({"TY", "ER", "ID", ""})
#: Fewer distinct tags than this may be in order by chance.
_ENDNOTE_MIN_TAGS = 6


def tags_in_endnote_order(tags: Sequence[RawTag]) -> bool:
    """Whether a record's tags are in EndNote's order: ``TY``, then every other tag in
    alphabetical order (repeats together), ``ID`` last (``pubmed-via-endnote``,
    ``endnote-export-mixed``); few exporters sort their tags, and none other puts ID last."""
    previous = ""
    distinct = 0
    last = ""
    for raw in tags:
        tag = raw.tag
        if tag in _UNORDERED:
            if tag != "ER" and tag:
                last = tag
            continue
        if last == "ID":
            return False  # a tag after ID
        last = tag
        if tag < previous:
            return False
        if tag != previous:
            distinct += 1
            previous = tag
    return distinct >= _ENDNOTE_MIN_TAGS and last == "ID"


#: The signs, tried in this order (a more telling sign before a vaguer one).
SIGNS: tuple[Sign, ...] = (
    Sign("Citavi", "M4", is_folded("Citavi")),
    Sign("Rayyan", "AN", starts("rayyan-")),
    # CENTRAL records' accession numbers; CDSR reviews' DOIs (colrev's and the shapes).
    Sign("Cochrane Library", "AN", starts("CN-")),
    Sign("Cochrane Library", "UR", contains("cochranelibrary.com")),
    Sign("Cochrane Library", "DO", starts("10.1002/14651858.")),
    # Assumed, not yet seen in the corpus: EPPI-Reviewer names itself in DB or DP.
    Sign("EPPI-Reviewer", "DB", contains_folded("EPPI-Reviewer")),
    Sign("EPPI-Reviewer", "DP", contains_folded("EPPI-Reviewer")),
    # Pure (a research-information system fed by Scopus) heads its notes so
    # (seed/troup2022-pure-export.ris); before Scopus, whose record URL it copies.
    Sign("Pure", "N1", starts("Funding Information:", "Publisher Copyright:")),
    Sign("Scopus", "DB", is_("Scopus")),
    Sign("Scopus", "UR", contains("www.scopus.com/inward/record.uri")),
    Sign("Embase", "DB", is_("Embase", "Medline")),
    Sign("EBSCOhost", "DP", is_("EBSCOhost")),
    Sign("Ovid", "L2", contains("ovid.com")),
    Sign("Ovid", "DB", contains_folded("ovid")),
    Sign("PubMed", "DP", is_("NLM")),
    Sign("Google Scholar", "DP", is_("Google Scholar")),
    Sign("Web of Science", "N1", contains("Times Cited in Web of Science")),
    Sign("Web of Science", "AN", starts("WOS:")),
    # IEEE Xplore writes a VO line beside VL, and dates such as "Mar. 2017", "4-8 Aug. 2020"
    # (colrev-ris/ieee_ris.ris).
    Sign("IEEE Xplore", "VO", PRESENT, (("Y1", matches(r"(\d{1,2}(-\d{1,2})? )?[A-Z][a-z]{2,8}\.? \d{4}$")),)),
    Sign("IEEE Xplore", "DO", starts("10.1109/"), (("VO", PRESENT),)),
    Sign("Dimensions", "U1", ends("[PMID]")),
    Sign("Lens", "UR", starts("https://lens.org/")),
    Sign("JSTOR", "UR", contains("www.jstor.org/stable/")),
    Sign("TRID", "UR", contains("trid.trb.org/")),
    Sign("ProQuest", "L2", contains_folded("sfx", "proquest")),
    Sign("ProQuest", "UR", contains("proquest.com/")),
)

#: Exporters that pass on records another one wrote, and how they show: Zotero writes ``DA``
#: dates ending in ``//`` or ``/undefined``; EndNote sorts the tags.
RELAYS: tuple[Sign, ...] = (
    Sign("Zotero", "DA", ends("//", "/undefined")),
    Sign("EndNote", LAYOUT, PRESENT),
)
#: Relays that write the source's tags through as they came (EndNote keeps Scopus's M3 and
#: C7), so the source's rows still hold; Zotero reads the tags into its own fields and
#: writes its own reading of them (its C3 is the proceedings, not WoS's affiliation).
TRANSPARENT_RELAYS = frozenset({"EndNote"})


class Frame(NamedTuple):
    """Lines an exporter writes around its records: recognised and counted, not warned about."""

    id: str
    #: The exporter that writes them ("" for a header block several exporters write).
    exporter: str
    #: ``text``: untagged lines outside records; ``trailer``: a tag line right after ``ER``
    #: that belongs to the record before it (kept in it).
    kind: str
    #: For ``text``, a regular expression the whole stripped line matches; for ``trailer``,
    #: the tag.
    pattern: str
    #: What the lines are, for ``-v``.
    what: str
    #: Whether the lines alone name the exporter (evidence for the vote).
    telling: bool
    reason: str
    shown_by: str


#: The framing risx recognises, in the order tried.
FRAMES: tuple[Frame, ...] = (
    Frame("FRM-OVID-01", "Ovid", "text", r"\d+\.", "record numbers ('1.')", False,
          "Ovid numbers each record on a line of its own before its TY",
          "db-exports/ovid-psycinfo__asreview.ris"),
    Frame("FRM-OVID-02", "Ovid", "text", r"Link to the Ovid Full Text or citation:.*",
          "'Link to the Ovid Full Text' lines", True,
          "Ovid writes a link to the record after its ER", "db-exports/ovid__synthesisr.ris"),
    Frame("FRM-OVID-03", "Ovid", "trailer", "NL", "NL lines after ER", True,
          "Ovid writes the NLM journal abbreviation (NL) after the record's ER",
          "db-exports/ovid-psycinfo__asreview.ris"),
    Frame("FRM-COCH-01", "Cochrane Library", "text", r"Record #\d+ of \d+",
          "'Record #n of N' lines", False,
          "the Cochrane Library heads each record with its place in the export",
          "tests/readers/test_exporter_rules.py (made up in the issue's shape)"),
    Frame("FRM-COCH-02", "Cochrane Library", "text", r"Provider: John Wiley & Sons.*",
          "'Provider: John Wiley & Sons' headers", True,
          "the Cochrane Library (Wiley) heads its export so",
          "tests/readers/test_exporter_rules.py (made up in the issue's shape)"),
    Frame("FRM-JSTOR-01", "JSTOR", "text", r"Provider: JSTOR.*", "'Provider: JSTOR' headers",
          True, "JSTOR heads every record with a Provider/Database/Content block",
          "colrev-ris/jstor_ris.ris"),
    Frame("FRM-APA-01", "APA PsycNet", "text", r"Provider: American Psychological Association",
          "'Provider: American Psychological Association' headers", True,
          "APA PsycNet heads its export with a Provider/Database/Content block",
          "colrev-ris/psycinfo_ris.ris"),
    Frame("FRM-HEAD-01", "", "text", r"(Provider|Database|Content):.*",
          "Provider/Database/Content headers", False,
          "the header block of a web export (JSTOR, APA PsycNet, Wiley, Ovid...)",
          "rispy/example_extraneous_data.ris"),
)
#: The tags a :data:`FRAMES` trailer row names.
TRAILER_TAGS: frozenset[str] = frozenset(f.pattern for f in FRAMES if f.kind == "trailer")
_TEXT_FRAMES = tuple((re.compile(f.pattern), f) for f in FRAMES if f.kind == "text")
_TRAILER_FRAMES = {f.pattern: f for f in FRAMES if f.kind == "trailer"}


def text_frame(text: str) -> Frame | None:
    """The framing row a stripped untagged line outside any record is, or ``None``."""
    for pattern, frame in _TEXT_FRAMES:
        if pattern.fullmatch(text):
            return frame
    return None


def trailer_frame(tag: str) -> Frame | None:
    return _TRAILER_FRAMES.get(tag)


#: Each exporter's own tags: known, so read without RIS024 (their values stay in the note
#: unless a rule below places them).
VENDOR_TAGS: dict[str, frozenset[str]] = {
    "Web of Science": frozenset({"PU", "PI", "PA", "J9", "JI", "WE", "FU", "FX"}),
    "Ovid": frozenset({"AI", "NL"}),
    "Citavi": frozenset({"M4", "TS", "H1", "H2"}),
}

#: Syntax messages an exporter's normal layout draws, excused once the exporter is known
#: (Pure writes one space before the dash, ``TY - JOUR``: seed/troup2022-pure-export.ris).
EXCUSED_SYNTAX: dict[str, frozenset[str]] = {
    "Pure": frozenset({"RIS016"}),
}


class Placeholder(NamedTuple):
    """A value an exporter writes for "none" in a tag: dropped without a warning per record."""

    id: str
    exporter: str
    tag: str
    value: str
    reason: str
    shown_by: str


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("EXP-OVID-06", "Ovid", "SP", "No",
                "Ovid writes 'SP - No' / 'EP - Specified' ('No Specified' pages) when it has none",
                "db-exports/ovid-psycinfo__asreview.ris"),
    Placeholder("EXP-OVID-07", "Ovid", "EP", "Specified",
                "Ovid writes 'SP - No' / 'EP - Specified' ('No Specified' pages) when it has none",
                "db-exports/ovid-psycinfo__asreview.ris"),
)


class Guess(NamedTuple):
    """Which exporter one record shows, and by what."""

    exporter: str
    evidence: str
    #: The relay (Zotero, EndNote) when the record was passed on, else "".
    relay: str = ""
    #: The exporter that wrote the record before the relay, else "".
    source: str = ""


NO_GUESS = Guess("", "")


#: Exporters that write EndNote's layout themselves (Rayyan sorts its tags and puts ID last:
#: db-exports/rayyan-export__asreview.ris): their records are not relayed by EndNote.
WRITE_ENDNOTE_LAYOUT = frozenset({"Rayyan"})


def guess_exporter(tags: Sequence[RawTag]) -> Guess:
    """Which exporter wrote one record, from its tell-tale tags (see the module docstring)."""
    relay = next((sign for sign in RELAYS if sign.shown_by(tags)), None)
    for sign in SIGNS:
        if sign.shown_by(tags):
            if (relay is not None and relay.exporter == "EndNote"
                    and sign.exporter in WRITE_ENDNOTE_LAYOUT):
                relay = None
            if relay is not None and sign.exporter != relay.exporter:
                return Guess(f"{sign.exporter} via {relay.exporter}",
                             f"{sign.describe()}, {relay.describe()}", relay.exporter,
                             sign.exporter)
            return Guess(sign.exporter, sign.describe())
    if relay is not None:
        return Guess(relay.exporter, relay.describe(), relay.exporter)
    return NO_GUESS


def named_database(tags: Sequence[RawTag]) -> str:
    """The database a record names in DB/DP (not an exporter: said in the evidence only)."""
    database = next((raw for raw in tags if raw.tag in ("DB", "DP") and raw.value.strip()), None)
    return database.value.strip()[:DATABASE_NAME_LENGTH] if database is not None else ""


class Exporter(NamedTuple):
    """The file's exporter as the mapper needs it: the names its rows may be keyed by, and what
    was decided for the whole file."""

    name: str
    #: The file's exporter, its relay (Zotero, EndNote) and, through a transparent relay, the
    #: source exporter: the rows of each of these apply.
    answers_to: frozenset[str] = frozenset()
    #: File-level decisions (``names-family-first``: EPPI-Reviewer's comma-less names).
    decisions: frozenset[str] = frozenset()


NO_EXPORTER = Exporter("")


class ExporterVote:
    """The file's exporter, from the records of its sample: the name most of them give."""

    def __init__(self) -> None:
        self.sampled = 0
        self.counts: dict[str, int] = {}
        self.evidence: dict[str, str] = {}
        self.guesses: dict[str, Guess] = {}
        #: Per relay, the sources of the records it passed on.
        self.relayed: dict[str, dict[str, int]] = {}
        self.databases: dict[str, int] = {}
        #: Telling framing lines, by exporter: (row, lines).
        self.frames: dict[str, tuple[Frame, int]] = {}

    def add(self, tags: Sequence[RawTag]) -> None:
        self.sampled += 1
        guess = guess_exporter(tags)
        if guess.exporter:
            self._count(guess, guess.evidence)
            if guess.relay:
                sources = self.relayed.setdefault(guess.relay, {})
                sources[guess.source] = sources.get(guess.source, 0) + 1
        else:
            database = named_database(tags)
            if database:
                self.databases[database] = self.databases.get(database, 0) + 1

    def add_frame(self, frame: Frame, lines: int) -> None:
        """Telling framing lines name their exporter when no record shows one."""
        if frame.telling and frame.exporter:
            known = self.frames.get(frame.exporter)
            self.frames[frame.exporter] = (frame, lines + (known[1] if known else 0))

    def _count(self, guess: Guess, evidence: str) -> None:
        self.counts[guess.exporter] = self.counts.get(guess.exporter, 0) + 1
        self.evidence.setdefault(guess.exporter, evidence)
        self.guesses.setdefault(guess.exporter, guess)

    def result(self) -> Guess:
        if not self.counts and self.frames:
            lines, exporter = max((n, name) for name, (_, n) in self.frames.items())
            frame = self.frames[exporter][0]
            return Guess(exporter, f"{frame.what} ({lines} around the first {self.sampled} "
                                   f"records)")
        if not self.counts:
            if self.databases:
                count, database = max((n, name) for name, n in self.databases.items())
                return Guess("", f"no exporter's sign; DB/DP names the database '{database}' "
                                 f"(in {count} of the first {self.sampled} records)")
            return NO_GUESS
        count, exporter = max((n, name) for name, n in self.counts.items())
        guess = self.guesses[exporter]
        sources = self.relayed.get(guess.relay, {})
        if guess.relay and len(sources) > 1:
            # A relay's library of records from several databases: the relay is the exporter.
            relayed = sum(sources.values())
            shown = ", ".join(f"{name or 'no source sign'} {n}"
                              for n, name in sorted(((n, s) for s, n in sources.items()),
                                                    reverse=True))
            relay = next(sign for sign in RELAYS if sign.exporter == guess.relay)
            return Guess(guess.relay, f"{relay.describe()} (in {relayed} of the first "
                                      f"{self.sampled} records; sources: {shown})", guess.relay)
        return Guess(exporter, f"{self.evidence[exporter]} (in {count} of the first "
                               f"{self.sampled} records)", guess.relay, guess.source)


def exporter_for(guess: Guess, decisions: frozenset[str] = frozenset()) -> Exporter:
    """The :class:`Exporter` the mapper gets for the file's guess."""
    if not guess.exporter:
        return Exporter("", frozenset(), decisions)
    names = {guess.exporter}
    if guess.relay:
        names.add(guess.relay)
        if guess.relay in TRANSPARENT_RELAYS and guess.source:
            names.add(guess.source)
    return Exporter(guess.exporter, frozenset(names), decisions)


class ExporterRule(NamedTuple):
    """One exporter's reading of a tag, in place of the generic one, for some types."""

    #: Stable, for ``-v`` and the tests (``EXP-WOS-01``).
    id: str
    #: The exporter's name as :func:`guess_exporter` gives it (or a relay's).
    exporter: str
    tag: str
    #: RIS type codes the rule holds for; empty: every type.
    types: frozenset[str]
    #: The reading: a meaning the mapper knows for this tag (mapping.MEANINGS).
    meaning: str
    #: Why, in one line.
    reason: str
    #: The corpus file or made-up fixture that shows it.
    shown_by: str


_CONFERENCE = frozenset({"CONF", "CPAPER"})
_PERIODICALS = frozenset({"JOUR", "EJOUR", "ABST", "INPR", "MGZN", "NEWS", "JFULL"})
_FIXTURES = "tests/readers/test_exporter_rules.py"


def _rule(id_: str, exporter: str, tag: str, types: frozenset[str] | tuple[str, ...],
          meaning: str, reason: str, shown_by: str) -> ExporterRule:
    return ExporterRule(id_, exporter, tag, frozenset(types), meaning, reason, shown_by)


#: The exporters' own readings, by exporter.
EXPORTER_RULES: tuple[ExporterRule, ...] = (
    # Web of Science (its own RIS export, not relayed by Zotero: Zotero rewrites these tags)
    _rule("EXP-WOS-01", "Web of Science", "T2", _CONFERENCE, "proceedings",
          "WoS: a conference paper's T2 is the proceedings title (the conference is in CP)",
          _FIXTURES),
    _rule("EXP-WOS-09", "Web of Science", "CP", (), "note",
          "WoS: CP on a journal article names the meeting its abstract was given at; not an "
          "issue, and no event APA prints after the pages (kept in the note)",
          "db-exports/wos__asysd.ris"),
    # After EXP-WOS-09: a later row wins for the types it names.
    _rule("EXP-WOS-02", "Web of Science", "CP", _CONFERENCE, "event-title",
          "WoS: a conference paper's CP is the conference name, not an issue", _FIXTURES),
    _rule("EXP-WOS-03", "Web of Science", "C3", (), "note",
          "WoS: C3 is an affiliation ('organization enhanced'), not the proceedings",
          "db-exports/wos__asysd.ris"),
    _rule("EXP-WOS-04", "Web of Science", "PU", (), "publisher",
          "WoS: PU is the publisher", "db-exports/wos__asysd.ris"),
    _rule("EXP-WOS-05", "Web of Science", "PI", (), "publisher-place",
          "WoS: PI is the publisher's city (PA, its address, stays in the note)",
          "db-exports/wos__asysd.ris"),
    _rule("EXP-WOS-06", "Web of Science", "JI", (), "container-short",
          "WoS: JI is the ISO journal abbreviation", "db-exports/wos__asysd.ris"),
    _rule("EXP-WOS-07", "Web of Science", "J9", (), "container-short",
          "WoS: J9 is its 29-character journal abbreviation (used when there is no JI)",
          _FIXTURES),
    _rule("EXP-WOS-08", "Web of Science", "A1", (), "group-author",
          "WoS: A1 is the group author, an organisation never split into a person; for a "
          "conference paper one that is also the publisher (PU) is the sponsor, not an author",
          _FIXTURES),
    # Cochrane Library (CENTRAL, CDSR, trial registries)
    _rule("EXP-COCH-01", "Cochrane Library", "JA", (), "journal-or-url",
          "Cochrane: CENTRAL names the journal only in JA; a trial-registry record has a URL "
          "there", _FIXTURES),
    _rule("EXP-COCH-02", "Cochrane Library", "AN", (), "review-number",
          "Cochrane: a CDSR review's AN (CD009876) is its article number, the year its volume "
          "(APA 7)", _FIXTURES),
    # Ovid
    _rule("EXP-OVID-01", "Ovid", "M1", (), "note",
          "Ovid: M1 is the NLM journal id, an affiliation or cited references, never an "
          "article number", "db-exports/ovid__synthesisr.ris"),
    _rule("EXP-OVID-02", "Ovid", "T3", (), "notices",
          "Ovid: T3 holds notices ([Comment in: ...], Erratum in:, Retraction in:), not a series",
          _FIXTURES),
    _rule("EXP-OVID-03", "Ovid", "A2", (), "note",
          "Ovid: A2 lists a group's collaborators (often surnames only), not editors",
          "db-exports/ovid-psycinfo__asreview.ris"),
    _rule("EXP-OVID-04", "Ovid", "NL", (), "container-short",
          "Ovid: NL (written after ER) is the NLM journal abbreviation",
          "db-exports/ovid-psycinfo__asreview.ris"),
    _rule("EXP-OVID-05", "Ovid", "PB", (), "publishers-but-country",
          "Ovid (PsycINFO): a second PB repeating CY is the publisher's country, not a second "
          "publisher (kept as the place, from CY)", "db-exports/ovid-psycinfo__asreview.ris"),
    # Scopus
    _rule("EXP-SCOP-01", "Scopus", "M3", (), "document-type",
          "Scopus: M3 is the document type (Article, Conference paper), not a genre to print",
          _FIXTURES),
    _rule("EXP-SCOP-02", "Scopus", "C7", ("JOUR",), "article-number-unless-pages",
          "Scopus: beside a real SP-EP range, C7 is an IEEE Xplore document number", _FIXTURES),
    _rule("EXP-SCOP-03", "Scopus", "ST", (), "short-or-original-title",
          "Scopus: ST repeats the title, or gives it in the original language",
          _FIXTURES),
    # EndNote (passes on the source's tags)
    _rule("EXP-ENDN-01", "EndNote", "T2", _PERIODICALS, "periodical-abbreviated-beside-j2",
          "EndNote (PubMed records): T2 is the journal's abbreviation, J2 its full name",
          "db-exports/endnote-export-mixed__asysd.ris"),
    _rule("EXP-ENDN-02", "EndNote", "ST", (), "short-unless-repeat",
          "EndNote: ST repeats the title on records from PubMed and Scopus (a repeat is no "
          "short title)",
          "db-exports/pubmed-via-endnote__asreview.ris"),
    # EBSCOhost
    _rule("EXP-EBSCO-01", "EBSCOhost", "L3", (), "doi",
          "EBSCO: L3 holds the DOI on many records", "db-exports/ebsco-academic-search-premier"
          "__synthesisr.ris"),
    _rule("EXP-EBSCO-02", "EBSCOhost", "T2", _PERIODICALS, "translation-beside-journal",
          "EBSCO: a T2 beside the journal in JF/JO is the title's English translation",
          "db-exports/ebsco-environment-index__citesource.ris"),
    # EPPI-Reviewer (file-level: only when every name of the sample lacks a comma)
    _rule("EXP-EPPI-01", "EPPI-Reviewer", "AU", (), "family-first",
          "EPPI-Reviewer writes names family name first without a comma", _FIXTURES),
    _rule("EXP-EPPI-02", "EPPI-Reviewer", "A1", (), "family-first",
          "EPPI-Reviewer writes names family name first without a comma", _FIXTURES),
    # IEEE Xplore
    _rule("EXP-IEEE-01", "IEEE Xplore", "AU", (), "given-first",
          "IEEE Xplore writes every name given name first: its normal form, no warning",
          _FIXTURES),
    # Embase preprints
    _rule("EXP-EMB-01", "Embase", "M3", ("GEN",), "preprint-or-document-type",
          "Embase: TY GEN with M3 Preprint is a preprint; JF names the server (medRxiv)",
          _FIXTURES),
    # Pure
    _rule("EXP-PURE-01", "Pure", "T2", _PERIODICALS, "subtitle-beside-journal",
          "Pure: a short T2 beside the journal in JF/JO is the title's subtitle",
          "seed/troup2022-pure-export.ris"),
    _rule("EXP-PURE-02", "Pure", "T2", ("THES", "BOOK", "EBOOK", "EDBOOK"), "subtitle",
          "Pure: theses and books carry the subtitle in T2 as its articles do", _FIXTURES),
)


def rule_lines() -> list[str]:
    """Every row of the exporter tables, one line each (``risx check --rules``): its ID, the
    exporter, what it reads, why, and the file or fixture that shows it."""
    from risx.readers.ris.tables import TYPE_RULES  # the type rows live beside the tag rows

    lines = []
    for rule in EXPORTER_RULES:
        types = ",".join(sorted(rule.types)) or "every type"
        lines.append(f"{rule.id}  {rule.exporter}: {rule.tag} ({types}) -> {rule.meaning}. "
                     f"{rule.reason} [{rule.shown_by}]")
    for placeholder in PLACEHOLDERS:
        lines.append(f"{placeholder.id}  {placeholder.exporter}: {placeholder.tag} "
                     f"'{placeholder.value}' is a placeholder. {placeholder.reason} "
                     f"[{placeholder.shown_by}]")
    for frame in FRAMES:
        lines.append(f"{frame.id}  {frame.exporter or 'several exporters'}: {frame.what} "
                     f"skipped. {frame.reason} [{frame.shown_by}]")
    for type_rule in TYPE_RULES:
        written = ", ".join(f"'{w}'" if w else "empty" for w in sorted(type_rule.written))
        lines.append(f"{type_rule.id}  any exporter: TY {written} -> {type_rule.becomes} "
                     f"on evidence. {type_rule.reason} [{type_rule.shown_by}]")
    return lines
