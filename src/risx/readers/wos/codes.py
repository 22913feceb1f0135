"""The Web of Science reader's diagnostic codes, each with its meaning (part of
:data:`risx.diagnostics.CODES`).

Decoding the bytes into lines has codes of its own, the same for every text format
(:data:`risx.textio.CODES`).  The syntax codes follow the order of the tagged-line base's
:class:`~risx.readers.tagged.SyntaxCodes`.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # Syntax (readers/wos/syntax.py, by the Web of Science row of readers/tagged.py)
    "WOS010": "text outside a record was skipped",
    "WOS011": "a tag was written in lower case",
    "WOS012": "a tag line does not have one space after its tag",
    "WOS013": "a record has no ER line; it was closed at the next PT or at the end of the file",
    "WOS014": "an ER line without a record was skipped",
    "WOS015": "tag lines outside any record were skipped (a damaged file header?)",
    "WOS016": "a value longer than --max-value-length was dropped; the rest of its record was kept",
    "WOS017": "a record has more lines than --max-record-lines; the lines past the limit were dropped, the rest was kept",
    "WOS018": "a line inside a record has no tag and no three-space indent: it was read as "
              "continuing the value before it (kept in the note after PT); or a tab-delimited "
              "row has more cells than its header has tags: they were kept in the note",
    # Meaning (readers/wos/mapping.py)
    "WOS020": "a tag is not a Web of Science tag; its values were kept in the note",
    "WOS021": "a date could not be read completely",
    "WOS022": "a name could not be split reliably",
    "WOS023": "unknown publication type (PT); the record was read by its document type or as "
              "a journal article",
    "WOS024": "a field that holds one value appears more than once; the first is used, the "
              "others were kept in the note",
    "WOS025": "AU and AF name a different number of authors; the AU names were used and AF "
              "was kept in the note",
    "WOS099": "a record could not be interpreted (a risx bug); it was skipped",
}
