#!/usr/bin/env python3
"""The benchmark's generated records as EndNote XML, BibTeX, MEDLINE and Web of Science, in the
shape of real exports.

usage: python3 benchmarks/gen_formats.py N OUT_DIR [--seed S]

Writes ``OUT_DIR/gen.ris`` (``gen_ris.py``'s records), ``OUT_DIR/gen.xml``,
``OUT_DIR/gen.bib``, ``OUT_DIR/gen.nbib`` and ``OUT_DIR/gen.ciw`` holding the same N
records, so the readers can be compared on the same content:

* EndNote XML as EndNote 17-20 writes it (``tests/corpus/endnote-xml/endnote17-german-large__kwb.xml``,
  ``endnote19__reflib.xml``): the whole file on one line, every value in a
  ``<style face="normal" font="default" size="100%">`` run, ``database``/``source-app``/
  ``rec-number``/``foreign-keys`` bookkeeping, ``<ref-type name=...>`` numbers, authors
  ``Family, Given``, pub-dates, related URLs, a PDF link;
* BibTeX as Zotero writes it (``tests/corpus/bibtex-exports/zotero-export__asysd.bib``): tab
  indent, capitalised words in braces, ``month = may`` macros, ``--`` page ranges, LaTeX
  escapes of ``& % $ # _``, UTF-8 letters, ``keywords``, ``file`` paths, abstracts;
* MEDLINE as PubMed's "Save: PubMed format" writes it
  (``tests/corpus/medline-nbib/pubmed-2022-large-crlf__pybibx.txt``): ``PMID-`` first, the
  bookkeeping tags (``OWN``, ``STAT``, ``DCOM``, ``LR``), values wrapped at 80 columns with
  six-space continuations, ``FAU``/``AU`` pairs each with an ``AD``, ``PT``, ``MH`` and ``OT``
  terms, ``LID``/``AID`` with ``[doi]``, history dates (``PHST``), ``SO``;
* Web of Science as its "Plain text file" export writes it
  (``tests/corpus/wos-tagged/wos-2018-clarivate__refsplitr.txt``): ``FN``/``VR`` header,
  ``AU``/``AF`` lists one name a line with three-space continuations, capitalised ``SO``, ``DE``
  and ``ID`` wrapped at 70 columns, addresses (``C1``), 25 cited references (``CR``), the
  counts (``NR``, ``TC``...), ``UT``, ``ER`` after each record and ``EF`` at the end.

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


def _wrapped(tag: str, value: str, width: int, indent: str) -> list[str]:
    """``value`` as the tag line and its continuation lines, broken at spaces before ``width``."""
    lines: list[str] = []
    current = ""
    for word in value.split():
        if current and len(indent) + len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return [tag + lines[0], *(indent + line for line in lines[1:])]


def _abbreviated(page: str) -> str:
    """A page range as MEDLINE writes it: the end without the digits it shares with the
    start (``731-739`` -> ``731-9``)."""
    start, _, end = page.partition("-")
    if not (start.isdigit() and end.isdigit() and len(start) == len(end)):
        return page
    shared = 0
    while shared < len(end) - 1 and start[shared] == end[shared]:
        shared += 1
    return f"{start}-{end[shared:]}"


def _initials(name: Name) -> str:
    return "".join(part[:1] for part in name.given.replace("-", " ").split())


_PUBMED_TYPES = {"article-journal": "Journal Article", "chapter": "Book Chapter",
                 "book": "Book", "report": "Technical Report"}
_MONTH_NAMES = tuple(m.title() for m in _MONTHS)


def medline_record(record: Record, number: int) -> str:
    pad = "      "
    lines = [f"PMID- {30000000 + number}", "OWN - NLM", "STAT- MEDLINE", "DCOM- 20220628",
             "LR  - 20220808"]
    for value in record.issn[:1]:
        lines += [f"IS  - {value} (Electronic)", f"IS  - {value} (Linking)"]
    if record.volume:
        lines.append(f"VI  - {record.volume}")
    if record.issue:
        lines.append(f"IP  - {record.issue}")
    if record.issued is not None and record.issued.year:
        month = f" {_MONTH_NAMES[record.issued.month - 1]}" if record.issued.month else ""
        lines.append(f"DP  - {record.issued.year}{month}")
    lines += _wrapped("TI  - ", record.title + ".", 80, pad)
    if record.page:
        lines.append(f"PG  - {_abbreviated(record.page)}")
    if record.doi:
        lines.append(f"LID - {record.doi} [doi]")
    if record.abstract:
        lines += _wrapped("AB  - ", record.abstract, 80, pad)
    for name in record.names("author"):
        if name.literal:
            lines.append(f"CN  - {name.literal}")
            continue
        family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
        lines += [f"FAU - {family}, {name.given}", f"AU  - {family} {_initials(name)}"]
        lines += _wrapped("AD  - ", "Department of Research, Institute of Basic Research in "
                          "Clinical Medicine, University, City, Country.", 80, pad)
    lines.append(f"LA  - {'eng' if not record.language else record.language[:3].lower()}")
    lines.append(f"PT  - {_PUBMED_TYPES.get(record.type, 'Journal Article')}")
    if record.container_title:
        lines += [f"TA  - {record.container_title[:30]}",
                  *_wrapped("JT  - ", record.container_title, 80, pad)]
    lines.append(f"JID - {100000000 + number}")
    for keyword in record.keywords:
        lines.append(f"MH  - *{keyword}/methods")
    for keyword in record.keywords[:2]:
        lines.append(f"OT  - {keyword}")
    lines += ["EDAT- 2022/06/28 06:00", "MHDA- 2022/06/29 06:00",
              "PHST- 2022/03/15 00:00 [received]", "PHST- 2022/05/09 00:00 [accepted]"]
    if record.doi:
        lines.append(f"AID - {record.doi} [doi]")
    lines += ["PST - epublish", f"SO  - {record.container_title[:30]}. {record.page}."]
    return "\n".join(lines) + "\n\n"


_WOS_TYPES = {"article-journal": "J", "book": "B", "chapter": "B", "paper-conference": "S"}


def _wos_list(tag: str, values: list[str]) -> list[str]:
    return [f"{tag} {values[0]}", *(f"   {value}" for value in values[1:])] if values else []


def wos_record(record: Record, number: int) -> str:
    people = [n for n in record.names("author") if not n.literal]
    families = [" ".join(p for p in (n.non_dropping_particle, n.family) if p) for n in people]
    lines = [f"PT {_WOS_TYPES.get(record.type, 'J')}"]
    lines += _wos_list("AU", [f"{f}, {_initials(n)}" for f, n in zip(families, people,
                                                                      strict=True)])
    lines += _wos_list("AF", [f"{f}, {n.given}" for f, n in zip(families, people, strict=True)])
    groups = [n.literal for n in record.names("author") if n.literal]
    lines += _wos_list("CA", groups)
    lines += _wrapped("TI ", record.title, 70, "   ")
    if record.container_title:
        lines += _wrapped("SO ", record.container_title.upper(), 70, "   ")
    lines += ["LA English", "DT Article"]
    if record.keywords:
        lines += _wrapped("DE ", "; ".join(record.keywords), 70, "   ")
        lines += _wrapped("ID ", "; ".join(k.upper() for k in reversed(record.keywords)), 70,
                          "   ")
    if record.abstract:
        lines.append(f"AB {record.abstract}")
    lines += _wos_list("C1", [f"[{f}, {n.given}] Univ Res, Dept Res, City, Country."
                              for f, n in zip(families, people, strict=True)][:4])
    lines.append(f"RP {families[0] if families else 'Anon'} (corresponding author), Univ Res, "
                 "Dept Res, City, Country.")
    cited = [f"{families[i % len(families)] if families else 'Anon'} A, {1990 + i}, J RES, "
             f"V{i + 1}, P{10 * i + 1}, DOI 10.1000/ref.{number}.{i}" for i in range(25)]
    lines += _wos_list("CR", cited)
    lines += ["NR 25", "TC 3", "Z9 3", "U1 0", "U2 5"]
    if record.publisher:
        lines.append(f"PU {record.publisher.upper()}")
    if record.publisher_place:
        lines.append(f"PI {record.publisher_place.upper()}")
    for value in record.issn[:1]:
        lines.append(f"SN {value}")
    for value in record.isbn[:1]:
        lines.append(f"BN {value}")
    if record.container_title:
        lines += [f"J9 {record.container_title[:20].upper()}",
                  f"JI {record.container_title[:29]}"]
    if record.issued is not None and record.issued.year:
        if record.issued.month:
            lines.append(f"PD {_MONTHS[record.issued.month - 1].upper()}")
        lines.append(f"PY {record.issued.year}")
    for tag, value in (("VL", record.volume), ("IS", record.issue)):
        if value:
            lines.append(f"{tag} {value}")
    if record.page:
        start, _, end = record.page.partition("-")
        lines += [f"BP {start}", *([f"EP {end}"] if end else [])]
    if record.doi:
        lines.append(f"DI {record.doi}")
    lines += ["PG 12", "WC Ecology", "SC Environmental Sciences & Ecology", "GA AB1CD",
              f"UT WOS:{number:015d}", "DA 2019-01-01", "ER"]
    return "\n".join(lines) + "\n\n"


def generate(directory: Path, count: int, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write gen.ris, gen.xml, gen.bib, gen.nbib and gen.ciw with the same ``count`` records;
    their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {"ris": directory / "gen.ris", "endnote-xml": directory / "gen.xml",
             "bibtex": directory / "gen.bib", "medline": directory / "gen.nbib",
             "wos": directory / "gen.ciw"}
    paths["ris"].write_text("".join(ris_chunks(count, seed)), encoding="utf-8")
    with paths["endnote-xml"].open("w", encoding="utf-8") as xml, \
            paths["bibtex"].open("w", encoding="utf-8") as bib, \
            paths["medline"].open("w", encoding="utf-8") as nbib, \
            paths["wos"].open("w", encoding="utf-8") as wos:
        xml.write('<?xml version="1.0" encoding="UTF-8" ?><xml><records>')
        bib.write("\n")
        nbib.write("\n")  # PubMed's files start with a blank line
        wos.write("\ufeffFN Clarivate Analytics Web of Science\nVR 1.0\n")
        for number, record in enumerate(records(count, seed), start=1):
            xml.write(endnote_record(record, number))
            bib.write("\n" + bibtex_entry(record, number))
            nbib.write(medline_record(record, number))
            wos.write(wos_record(record, number))
        xml.write("</records></xml>")
        wos.write("EF\n")
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
