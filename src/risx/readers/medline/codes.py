"""The MEDLINE reader's diagnostic codes, each with its meaning (part of
:data:`risx.diagnostics.CODES`).

Decoding the bytes into lines has codes of its own, the same for every text format
(:data:`risx.textio.CODES`).  The syntax codes follow the order of the tagged-line base's
:class:`~risx.readers.tagged.SyntaxCodes`; MEDLINE has no end tag and every tag line outside a
record opens one, so the base's "no end", "end alone" and "orphans" messages cannot occur.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # Syntax (readers/medline/syntax.py, by the MEDLINE row of readers/tagged.py)
    "MED010": "text outside a record was skipped",
    "MED011": "a tag was written in lower case",
    "MED012": "a tag line is not laid out as a tag in a four-character slot, a dash and a space",
    "MED016": "a value longer than --max-value-length was dropped; the rest of its record was kept",
    "MED017": "a record has more lines than --max-record-lines; the lines past the limit were dropped, the rest was kept",
    # Meaning (readers/medline/mapping.py)
    "MED020": "a tag is not a MEDLINE tag; its values were kept in the note",
    "MED021": "a date could not be read completely",
    "MED022": "a name could not be split reliably",
    "MED023": "a line inside a record has no tag and no six-space indent; it was read as "
              "continuing the value before it (kept in the note after a record's first line)",
    "MED024": "a field that holds one value appears more than once; the first is used, the "
              "others were kept in the note",
    "MED099": "a record could not be interpreted (a risx bug); it was skipped",
}
