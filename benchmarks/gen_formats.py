#!/usr/bin/env python3
"""The benchmark's generated records as EndNote XML and BibTeX, in the shape of real exports.

usage: python3 benchmarks/gen_formats.py N OUT_DIR [--seed S]

Writes ``OUT_DIR/gen.ris`` (``gen_ris.py``'s records), ``OUT_DIR/gen.xml`` and
``OUT_DIR/gen.bib`` holding the same N records, so the readers can be compared
on the same content:

* EndNote XML as EndNote 17-20 writes it (``tests/corpus/endnote-xml/endnote17-german-large__kwb.xml``,
  ``endnote19__reflib.xml``): the whole file on one line, every value in a
  ``<style face="normal" font="default" size="100%">`` run, ``database``/``source-app``/
  ``rec-number``/``foreign-keys`` bookkeeping, ``<ref-type name=...>`` numbers, authors
  ``Family, Given``, pub-dates, related URLs, a PDF link;
* BibTeX as Zotero writes it (``tests/corpus/bibtex-exports/zotero-export__asysd.bib``): tab
  indent, capitalised words in braces, ``month = may`` macros, ``--`` page ranges, LaTeX
  escapes of ``& % $ # _``, UTF-8 letters, ``keywords``, ``file`` paths, abstracts.

The records come from the RIS generator read by the RIS reader, so all three
files carry the same titles, names, dates and abstracts.  Same N and seed give
byte-identical files.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_ris import DEFAULT_SEED, ris_chunks

from risx.diagnostics import collect
from risx.model import Name, Record
from risx.readers.ris import read_ris

_STYLE = '<style face="normal" font="default" size="100%">'
_REF_TYPES = {
    "article-journal": ("Journal Article", 17), "chapter": ("Book Section", 5),
    "book": ("Book", 6), "paper-conference": ("Conference Proceedings", 10),
    "report": ("Report", 27), "thesis": ("Thesis", 32), "webpage": ("Web Page", 12),
}
_BIB_TYPES = {
    "article-journal": "article", "chapter": "incollection", "book": "book",
    "paper-conference": "inproceedings", "report": "techreport", "thesis": "phdthesis",
    "webpage": "misc",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LATEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
          "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}
_LATEX_SPECIAL = re.compile(r"[&%$#_{}~^\\]")
_CAPITALISED = re.compile(r"(?<![\w{])([A-Z][\w'-]*[A-Z]?[\w'-]*)")


def records(count: int, seed: int) -> Iterator[Record]:
    """The RIS generator's records, read by the RIS reader."""
    text = "".join(ris_chunks(count, seed))
    _, report = collect()
    yield from read_ris(io.BytesIO(text.encode("utf-8")), "gen.ris", report)


def _name(name: Name) -> str:
    if name.literal:
        return name.literal
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    return f"{family}, {name.given}" if name.given else family


def _styled(text: str) -> str:
    return f"{_STYLE}{escape(text)}</style>"


def endnote_record(record: Record, number: int) -> str:
    name, ref_number = _REF_TYPES.get(record.type, ("Generic", 13))
    parts = [
        '<record><database name="My EndNote Library.enl" path="C:\\Users\\reviewer\\Documents\\'
        'My EndNote Library.enl">My EndNote Library.enl</database>',
        '<source-app name="EndNote" version="19.0">EndNote</source-app>',
        f"<rec-number>{number}</rec-number>",
        f'<foreign-keys><key app="EN" db-id="0xxzez5ectezp7e9zrnxp0dq5zrafepwxfe2">{number}'
        "</key></foreign-keys>",
        f'<ref-type name="{name}">{ref_number}</ref-type>',
        "<contributors><authors>",
        *(f"<author>{_styled(_name(n))}</author>" for n in record.names("author")),
        "</authors>",
    ]
    editors = record.names("editor")
    if editors:
        parts += ["<secondary-authors>",
                  *(f"<author>{_styled(_name(n))}</author>" for n in editors),
                  "</secondary-authors>"]
    parts.append("</contributors>")
    if record.abstract:
        parts.append(f"<auth-address>{_styled('Department of Research, University')}"
                     "</auth-address>")
    parts.append(f"<titles><title>{_styled(record.title)}</title>")
    if record.container_title:
        parts.append(f"<secondary-title>{_styled(record.container_title)}</secondary-title>")
    parts.append("</titles>")
    if record.type == "article-journal" and record.container_title:
        parts.append(f"<periodical><full-title>{_styled(record.container_title)}</full-title>"
                     "</periodical>")
    for element, value in (("pages", record.page), ("volume", record.volume),
                           ("number", record.issue), ("edition", record.edition)):
        if value:
            parts.append(f"<{element}>{_styled(value)}</{element}>")
    if record.keywords:
        parts.append("<keywords>" + "".join(f"<keyword>{_styled(k)}</keyword>"
                                            for k in record.keywords) + "</keywords>")
    if record.issued is not None and record.issued.year:
        date = ""
        if record.issued.month:
            date = f"<pub-dates><date>{_styled(_MONTHS[record.issued.month - 1].title())}" \
                   "</date></pub-dates>"
        parts.append(f"<dates><year>{_styled(str(record.issued.year))}</year>{date}</dates>")
    for element, value in (("pub-location", record.publisher_place),
                           ("publisher", record.publisher)):
        if value:
            parts.append(f"<{element}>{_styled(value)}</{element}>")
    for value in (*record.issn, *record.isbn)[:1]:
        parts.append(f"<isbn>{_styled(value)}</isbn>")
    if record.abstract:
        parts.append(f"<abstract>{_styled(record.abstract)}</abstract>")
    if record.notes:
        parts.append(f"<notes>{_styled(chr(13).join(record.notes))}</notes>")
    parts.append("<urls>")
    if record.urls:
        parts.append("<related-urls>" + "".join(f"<url>{_styled(u)}</url>"
                                                for u in record.urls) + "</related-urls>")
    parts.append(f"<pdf-urls><url>internal-pdf://{number:010d}/paper.pdf</url></pdf-urls>"
                 "</urls>")
    if record.doi:
        parts.append(f"<electronic-resource-num>{_styled(record.doi)}"
                     "</electronic-resource-num>")
    if record.language:
        parts.append(f"<language>{_styled(record.language)}</language>")
    parts.append("</record>")
    return "".join(parts)


def _latex(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group(0)], text)


def _protected(text: str) -> str:
    """Zotero's case protection: every capitalised word in braces."""
    return _CAPITALISED.sub(r"{\1}", _latex(text))


def bibtex_entry(record: Record, number: int) -> str:
    kind = _BIB_TYPES.get(record.type, "misc")
    first = record.names("author")[0] if record.names("author") else Name(family="anon")
    year = record.issued.year if record.issued is not None and record.issued.year else ""
    key = re.sub(r"\W", "", (first.family or first.literal).lower())[:20] + f"{year}_{number}"
    fields: list[tuple[str, str]] = [("title", "{" + _protected(record.title) + "}")]
    container = "journal" if kind == "article" else "booktitle"
    for name, value in (("volume", record.volume), ("number", record.issue),
                        ("edition", record.edition), ("publisher", record.publisher),
                        ("address", record.publisher_place), ("doi", record.doi)):
        if value:
            fields.append((name, "{" + _latex(value) + "}"))
    if record.urls:
        fields.append(("url", "{" + record.urls[0] + "}"))
    for value in record.issn[:1]:
        fields.append(("issn", "{" + value + "}"))
    for value in record.isbn[:1]:
        fields.append(("isbn", "{" + value + "}"))
    if record.abstract:
        fields.append(("abstract", "{" + _latex(record.abstract) + "}"))
    if record.language:
        fields.append(("language", "{" + _latex(record.language) + "}"))
    if record.container_title:
        fields.append((container, "{" + _protected(record.container_title) + "}"))
    names = " and ".join(_latex(_name(n)) if not n.literal else "{" + _latex(n.literal) + "}"
                         for n in record.names("author"))
    if names:
        fields.append(("author", "{" + names + "}"))
    if record.issued is not None and record.issued.month:
        fields.append(("month", _MONTHS[record.issued.month - 1]))
    if year:
        fields.append(("year", "{" + str(year) + "}"))
    if record.notes:
        fields.append(("annote", "{" + _latex(" ".join(record.notes)) + "}"))
    if record.keywords:
        fields.append(("keywords", "{" + _latex(", ".join(record.keywords)) + "}"))
    fields.append(("file", "{Full Text PDF:files/" + str(number) + "/paper.pdf:application/pdf}"))
    if record.page:
        fields.append(("pages", "{" + record.page.replace("-", "--") + "}"))
    body = ",\n".join(f"\t{name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def generate(directory: Path, count: int, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write gen.ris, gen.xml and gen.bib with the same ``count`` records; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {"ris": directory / "gen.ris", "endnote-xml": directory / "gen.xml",
             "bibtex": directory / "gen.bib"}
    paths["ris"].write_text("".join(ris_chunks(count, seed)), encoding="utf-8")
    with paths["endnote-xml"].open("w", encoding="utf-8") as xml, \
            paths["bibtex"].open("w", encoding="utf-8") as bib:
        xml.write('<?xml version="1.0" encoding="UTF-8" ?><xml><records>')
        bib.write("\n")
        for number, record in enumerate(records(count, seed), start=1):
            xml.write(endnote_record(record, number))
            bib.write("\n" + bibtex_entry(record, number))
        xml.write("</records></xml>")
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("records", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for fmt, path in generate(args.directory, args.records, args.seed).items():
        print(f"{fmt}: {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
