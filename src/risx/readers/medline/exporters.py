"""DATA: which service wrote a MEDLINE-format record, and how its tags differ from PubMed's.

PubMed and ERIC both write the MEDLINE syntax, ERIC with its own tags and values
(``tests/corpus/medline-nbib/SOURCE.md``): its records start with ``OWN - ERIC`` and have no
PMID, ``AU`` holds full names, ``JT`` names the publisher of a report or a book, ``OID`` is the
ERIC number.  Each record is recognised by :func:`exporter_of` (an export could mix them only
by hand, but the check is one comparison), and :data:`EXPORTER_RULES` override the generic
readings of :data:`~risx.readers.medline.tables.TAG_READINGS` for that exporter, each with an
ID, a one-line reason and the file that shows it.
"""

from __future__ import annotations

from typing import NamedTuple

PUBMED = "PubMed"
ERIC = "ERIC"


def exporter_of(owner: str) -> str:
    """The service that wrote a record, from its ``OWN`` value (``NLM``, ``ERIC``...): PubMed
    unless ERIC (every other owner, NASA, KIE, PIP, HMD..., is a PubMed citation owner)."""
    return ERIC if owner.strip().upper() == ERIC else PUBMED


class ExporterRule(NamedTuple):
    """One exporter's reading of a tag, in place of the generic one, for some CSL types."""

    #: Stable, for ``-v`` and the tests (``MED-ERIC-JT``).
    id: str
    exporter: str
    tag: str
    #: CSL types the rule holds for; empty: every type.
    types: frozenset[str]
    #: A meaning the mapper resolves for this tag (``mapping.MEANINGS``).
    meaning: str
    reason: str
    #: The corpus file or made-up fixture that shows it.
    shown_by: str


EXPORTER_RULES: tuple[ExporterRule, ...] = (
    ExporterRule("MED-ERIC-JT-PUBLISHER", ERIC, "JT", frozenset({"report", "book"}), "publisher",
                 "ERIC's JT of a report or a book names who published it (ACT, Inc.; OECD "
                 "Publishing), not a journal", "medline-nbib/zotero/005.nbib, 007.nbib, 008.nbib"),
    ExporterRule("MED-ERIC-JT-ARCHIVE", ERIC, "JT", frozenset({"thesis"}), "archive",
                 "ERIC's JT of a dissertation names the service holding it (ProQuest LLC)",
                 "medline-nbib/zotero/008.nbib"),
    ExporterRule("MED-ERIC-SO-DEGREE", ERIC, "SO", frozenset({"thesis"}), "degree-and-university",
                 "ERIC's SO of a dissertation is 'Ph.D. Dissertation, Drexel University': the "
                 "degree and the university", "medline-nbib/zotero/008.nbib"),
    ExporterRule("MED-ERIC-OID", ERIC, "OID", frozenset(), "accession",
                 "ERIC's OID is the ERIC number (EJ1227990, ED602023)",
                 "medline-nbib/zotero/005.nbib, colrev/eric_nbib.nbib"),
)

#: An ERIC record of a type other than a journal article is one when it carries a journal's
#: volume or ISSN (a "Reports - Research" with VI, IP, PG and ISSN is a research article).
ERIC_JOURNAL_EVIDENCE = ("VI", "ISSN")
ERIC_JOURNAL_RULE = ExporterRule(
    "MED-ERIC-IN-JOURNAL", ERIC, "PT", frozenset({"report"}), "article-journal",
    "an ERIC report with a journal's volume or ISSN was published in that journal",
    "medline-nbib/zotero/007.nbib (second record)")


def rule_lines() -> list[str]:
    """Every MEDLINE exporter rule, one line each (``risx check --rules``), as the RIS
    reader's rows are listed: its ID, the exporter, what it reads, why, what shows it."""
    lines = []
    for rule in (*EXPORTER_RULES, ERIC_JOURNAL_RULE):
        types = ",".join(sorted(rule.types)) or "every type"
        lines.append(f"{rule.id}  {rule.exporter}: {rule.tag} ({types}) -> {rule.meaning}. "
                     f"{rule.reason} [{rule.shown_by}]")
    return lines
