"""The reference list as a Word document (``-t docx``, ``.docx``), made with python-docx.

APA's reference page: a centred bold "References" heading (``--title`` gives another), then
one paragraph per entry in bibliography order, with the style's hanging indent (0.5 in) and
line spacing (double in APA), no space between paragraphs, and the style's italics, bold,
superscript, subscript and small caps as run formatting; DOIs and URLs are hyperlinks when they
are http, https, ftp or ftps (any other scheme stays text).  Any CSL style the ``apa`` writer
takes works (``--style``, ``--locale``); a style without a hanging indent gets none.

Deterministic: the same input gives the same bytes.  The core properties are fixed (no date of
the run, no user name), and the zip members are written in one order with one fixed date.
Text that XML cannot carry (control characters, lone surrogates) becomes U+FFFD with the
rest of the value kept.

python-docx is an optional dependency (``pip install 'risx[docx]'``); without it the writer
reports OUT004 and writes nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, BinaryIO

from risx.diagnostics import Diagnostic, Severity
from risx.writers.base import BinaryWriter
from risx.writers.reference_list.writer import TitledListWriter, runs_of

if TYPE_CHECKING:
    from risx.csl import LoadedStyle, RenderedEntry
    from risx.csl.markup import Run
    from risx.model import Record

#: The date the core properties and the zip members carry: fixed, never the run's.
FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_LINKABLE_URL = re.compile(r"^(?:https?|ftps?)://[^\s<>\"\x00-\x1f\x7f]+$", re.IGNORECASE)
# XML 1.0 cannot carry these (python-docx / lxml would refuse the whole document).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HANGING_INDENT_INCHES = 0.5


def xml_safe(text: str) -> str:
    return _NOT_IN_XML.sub("\ufffd", text)


def _add_hyperlink(paragraph: Any, url: str, run: Run) -> None:
    """A w:hyperlink around one run (python-docx has no call that adds one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relation)
    new_run = paragraph.add_run(xml_safe(run.text))
    _format_run(new_run, run)
    new_run.font.underline = True
    from docx.shared import RGBColor

    new_run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    hyperlink.append(new_run._r)  # move the run into the hyperlink
    paragraph._p.append(hyperlink)


def _format_run(docx_run: Any, run: Run) -> None:
    font = docx_run.font
    if run.italic:
        font.italic = True
    if run.bold:
        font.bold = True
    if run.sup:
        font.superscript = True
    if run.sub:
        font.subscript = True
    if run.smallcaps:
        font.small_caps = True


def normalized_zip(data: bytes) -> bytes:
    """The same package with every member dated :data:`FIXED_DATE`, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


class DocxWriter(TitledListWriter, BinaryWriter):
    """A formatter of the shared reference list whose entries are runs (:func:`runs_of`) and
    whose document is bytes."""

    name = "docx"
    extensions = (".docx",)
    description = "APA 7 reference list as a Word document (or any CSL style with --style)"

    def write(self, records: Iterable[Record], out: BinaryIO) -> None:
        try:
            import docx  # noqa: F401
        except ImportError:
            self.report(Diagnostic(Severity.ERROR, "OUT004",
                                   "the docx writer needs python-docx, which is not installed: "
                                   "pip install 'risx[docx]'", "<docx>"))
            return
        super().write(records, out)

    def format_entry(self, entry: RenderedEntry) -> list[Run]:
        return runs_of(entry)

    def write_document(self, entries: Sequence[Any], out: Any, style: LoadedStyle) -> None:
        out.write(self.document_bytes(entries, style))

    def document_bytes(self, entries: Sequence[Sequence[Run]], style: LoadedStyle) -> bytes:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches, Pt

        document = docx.Document()
        self._fix_properties(document)
        normal = document.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(12)
        bibliography = style.root.bibliography
        hanging = (bibliography.get("hanging-indent") or "false") == "true"
        spacing_text = bibliography.get("line-spacing") or "1"
        spacing = float(spacing_text) if spacing_text.isdigit() and spacing_text != "0" else 1.0

        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.line_spacing = spacing
        heading.paragraph_format.space_after = Pt(0)
        title = " ".join((self.title or "").split()) or "References"
        heading.add_run(xml_safe(title)).bold = True

        for runs in entries:
            paragraph = document.add_paragraph()
            layout = paragraph.paragraph_format
            layout.line_spacing = spacing
            layout.space_after = Pt(0)
            if hanging:
                layout.left_indent = Inches(_HANGING_INDENT_INCHES)
                layout.first_line_indent = Inches(-_HANGING_INDENT_INCHES)
            for run in runs:
                if run.link is not None and _LINKABLE_URL.match(run.link):
                    _add_hyperlink(paragraph, run.link, run)
                else:
                    _format_run(paragraph.add_run(xml_safe(run.text)), run)
        buffer = io.BytesIO()
        document.save(buffer)
        return normalized_zip(buffer.getvalue())

    def _fix_properties(self, document: Any) -> None:
        properties = document.core_properties
        properties.created = FIXED_DATE
        properties.modified = FIXED_DATE
        properties.last_printed = FIXED_DATE
        properties.author = "risx"
        properties.last_modified_by = "risx"
        properties.revision = 1
        properties.comments = ""  # the template's "generated by python-docx"
        properties.title = xml_safe(" ".join((self.title or "").split()) or "References")

