"""Text values out of the HTML some exporters leave in them: tags removed, entities decoded.

* TEXT-TAGS: HTML tags (``<p>``, ``<br/>``, ``<jats:italic>``) are removed from the values
  that exporters fill from web pages (abstracts, notes): :func:`strip_markup`.
* TEXT-ENTITIES: character references (``&amp;``, ``&gt;``, ``&#039;``, ``&#x2019;``,
  ``&eacute;``) are decoded in every text value, in the same step, once
  (:func:`decode_entities`): ``Lasers &amp; optics`` is ``Lasers & optics`` in every output.
  A reference escaped twice (``&amp;#8725;``, ``&amp;amp;``: the value went through two
  tools that each escaped it) is decoded to its character too.  Only complete references
  with their ``;`` count, so "AT&T", "R&D" and "&c" stay as written.

Entities are decoded after tags are removed, so an escaped ``&lt;b&gt;`` that a title
really holds (a formula, "p &lt; 0.05") stays text, never becomes a tag that is removed.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["clean_text", "decode_entities", "strip_markup", "strip_rich_text"]

_HTML_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
#: A complete character reference: named (``&amp;``), decimal (``&#039;``) or hex (``&#x2019;``).
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: ``&amp;`` standing before another reference: an escape escaped again.
_ESCAPED_TWICE = re.compile(r"&amp;(?=(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|"
                            r"[A-Za-z][A-Za-z0-9]{1,31});)", re.IGNORECASE)


@cache
def _named() -> dict[str, str]:
    """HTML5's named references (``"amp;"`` -> ``"&"``; those without ``;`` are legacy forms
    :data:`_REFERENCE` never matches), imported only when a value has a reference."""
    from html.entities import html5

    return html5


def _character(match: re.Match[str]) -> str:
    reference = match.group(0)[1:-1]
    if reference[0] == "#":
        try:
            code = int(reference[2:], 16) if reference[1] in "xX" else int(reference[1:])
        except ValueError:
            return match.group(0)
        # NUL, surrogates and numbers past Unicode are not characters: kept as written.
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return match.group(0)
        return chr(code)
    return _named().get(reference + ";", match.group(0))


def decode_entities(text: str) -> str:
    """``text`` with its character references decoded (TEXT-ENTITIES); as it is when it has
    none (one ``in`` test: the common case)."""
    if "&" not in text or ";" not in text:
        return text
    while "&amp;" in text.lower() and _ESCAPED_TWICE.search(text):
        text = _ESCAPED_TWICE.sub("&", text)
    return _REFERENCE.sub(_character, text)


def strip_markup(text: str) -> str:
    """``text`` without HTML tags (TEXT-TAGS), stripped; as it is when it has no ``<``."""
    if "<" not in text:
        return text
    return _HTML_TAG.sub("", text).strip()


#: The rich-text tags CSL-JSON defines, which titles in the model may carry (from CSL-JSON,
#: or the BibTeX reader's ``\\textit{}`` and ``{DNA}``).
_RICH_TAG = re.compile(r'</?(?:i|b|sup|sub)>|<span\s+(?:class="nocase"|style="font-variant:'
                       r'\s*small-caps;?")>|</span>', re.IGNORECASE)


def strip_rich_text(text: str) -> str:
    """``text`` without CSL rich-text tags (``<i>``, ``<span class="nocase">``...), for a
    format that has no markup (RIS) or a value made from words (cite keys)."""
    return _RICH_TAG.sub("", text) if "<" in text else text


def clean_text(text: str) -> str:
    """Tags removed, then entities decoded (TEXT-TAGS, TEXT-ENTITIES): the one step for a
    value filled from a web page."""
    if "<" not in text and "&" not in text:
        return text  # nearly every abstract and note: two look-ups, no calls
    return decode_entities(strip_markup(text))
