"""DATA: the database each Web of Science record comes from, and how its tags differ.

The platform exports every database in one format, and an "All Databases" search mixes them
in one file, so the database is recognised per record, from its accession number's prefix
(``UT ZOOREC:...``, :data:`~risx.readers.wos.tables.DATABASES`).  :data:`EXPORTER_RULES`
override the generic readings of :data:`~risx.readers.wos.tables.TAG_READINGS` for one
database, each with an ID, a one-line reason and the file that shows it.  The file's header
(``FN Clarivate Analytics Web of Science``) names the platform, for ``-v``.
"""

from __future__ import annotations

from typing import NamedTuple

from risx.readers.wos.tables import DATABASES

#: The platform's name, as ``-v`` reports the exporter.
PLATFORM = "Web of Science"


def database_of(accession: str) -> str:
    """The database an accession number names (``WOS:000...`` -> the Core Collection), or
    ``""`` when its prefix is not one of the platform's."""
    prefix, colon, _ = accession.partition(":")
    return DATABASES.get(prefix.strip().upper(), "") if colon else ""


class ExporterRule(NamedTuple):
    """One database's reading of a tag, in place of the generic one, for some CSL types."""

    #: Stable, for ``-v`` and the tests (``WOS-ZOOREC-AU``).
    id: str
    #: The database, as :data:`~risx.readers.wos.tables.DATABASES` names it.
    database: str
    tag: str
    #: CSL types the rule holds for; empty: every type.
    types: frozenset[str]
    #: A meaning the mapper resolves for this tag (``mapping.MEANINGS``).
    meaning: str
    reason: str
    #: The corpus file or made-up fixture that shows it.
    shown_by: str


EXPORTER_RULES: tuple[ExporterRule, ...] = (
    ExporterRule("WOS-ZOOREC-AU", "Zoological Record", "AU", frozenset(), "names-with-email",
                 "Zoological Record writes an author's e-mail after the name: 'Stillman, "
                 "Andrew N. (andrew.stillman@uconn.edu)'; the address is kept in the note",
                 "wos-tagged/zoological-record-2019__synthesisr.txt"),
    ExporterRule("WOS-BCI-AU", "BIOSIS Citation Index", "AU", frozenset(), "names-with-email",
                 "BIOSIS Citation Index writes an author's e-mail after the name, as Zoological "
                 "Record does: 'Medvedeff, Cassandra A. (medvedeff22@ufl.edu)'",
                 "wos-tagged/zotero/007.txt"),
    ExporterRule("WOS-INSPEC-TI", "Inspec", "TI", frozenset(), "title-with-markup",
                 "Inspec writes subscripts and superscripts as '/sub 3/' and '/sup +/': read "
                 "as rich text (LiNbO<sub>3</sub>)", "wos-tagged/jabref/IsiImporterTest1.isi, "
                 "IsiImporterTestInspec.isi"),
    ExporterRule("WOS-INSPEC-ID", "Inspec", "ID", frozenset(), "note",
                 "Inspec's ID holds the article's identifiers (its item code, SICI, PII and "
                 "DOI), not Keywords Plus", "wos-tagged/jabref/IsiImporterTestInspec.isi"),
)


def rule_lines() -> list[str]:
    """Every Web of Science database rule, one line each (``risx check --rules``), as the RIS
    reader's rows are listed: its ID, the database, what it reads, why, what shows it."""
    lines = []
    for rule in EXPORTER_RULES:
        types = ",".join(sorted(rule.types)) or "every type"
        lines.append(f"{rule.id}  {rule.database}: {rule.tag} ({types}) -> {rule.meaning}. "
                     f"{rule.reason} [{rule.shown_by}]")
    return lines
