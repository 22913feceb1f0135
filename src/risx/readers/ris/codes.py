"""RIS's diagnostic codes, each with its meaning (part of :data:`risx.diagnostics.CODES`).

Decoding the bytes into lines has codes of its own, the same for every text format
(:data:`risx.textio.CODES`).
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # Syntax (readers/ris/syntax.py, by the RIS row of readers/tagged.py)
    "RIS010": "text outside a record was skipped",
    "RIS011": "a tag was written in lower case",
    "RIS012": "a record has no ER line; it was closed at the next TY or at the end of the file",
    "RIS013": "an ER line without a record was skipped",
    "RIS014": "tags outside any record were skipped (no title to recover a record from)",
    "RIS015": "tags outside any record were recovered as a record of type GEN",
    "RIS016": "a tag line has unusual spacing around its dash",
    "RIS017": "a record has no TY value",
    # Meaning (readers/ris/mapping.py)
    "RIS020": "unknown reference type; the record was read as a generic document",
    "RIS021": "a date could not be read completely",
    "RIS022": "a name could not be split reliably",
    "RIS023": "T2 was read as a subtitle or a translated title, not as the journal",
    "RIS024": "a tag is not part of the RIS specification; kept as an unmapped value",
    "RIS025": "a value was ignored as a placeholder",
    "RIS026": "a record without a RIS type was read as a journal article from its tags",
    "RIS027": "the exporter notes that the article was retracted (or is of concern)",
    "RIS028": "names were read family name first for the whole file (the exporter writes "
              "them without a comma)",
    "RIS029": "every name in the file is written in capitals; the names were recased",
    "RIS030": "a value longer than --max-value-length was dropped; the rest of its record "
              "was kept",
    "RIS031": "a record has more lines than --max-record-lines; the lines past the limit were "
              "dropped, the rest was kept",
    "RIS099": "a record could not be interpreted (a risx bug); it was skipped",
}
