"""The YAML writers' own emitter: any string reads back as itself through PyYAML's safe loader,
and nothing in the data can become a tag, an anchor, an alias or a non-string scalar."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from risx.writers.yaml_text import quote, yaml_lines

# Lone surrogates cannot be written as UTF-8: quote() replaces them, tested on its own.
_TEXT = st.text(st.characters(exclude_categories=("Cs",)))


@given(_TEXT)
def test_any_string_reads_back_as_itself(text: str) -> None:
    assert yaml.safe_load(quote(text)) == text


@given(st.recursive(st.one_of(_TEXT, st.integers()),
                    lambda children: st.one_of(st.lists(children, max_size=4),
                                               st.dictionaries(_TEXT, children, max_size=4)),
                    max_leaves=20))
def test_nested_values_read_back(value: object) -> None:
    text = "\n".join(yaml_lines(value)) + "\n"  # type: ignore[arg-type]
    assert yaml.safe_load(text) == value
    events = list(yaml.parse(text))
    assert all(getattr(e, "anchor", None) is None and getattr(e, "tag", None) is None
               for e in events)


def test_words_yaml_would_type_stay_strings() -> None:
    for word in ("yes", "No", "on", "~", "null", "1e3", "0x1F", "2020-05-01", "12:30",
                 "&a", "*a", "!!python/object/apply:os.system", "- x", "? y", "# c", "%TAG"):
        assert yaml.safe_load(quote(word)) == word


def test_line_breaks_and_controls_are_escaped() -> None:
    quoted = quote("a\nb\u2028c\u0085d\x00e\ufefff\x7f")
    assert "\n" not in quoted and "\u2028" not in quoted and "\u0085" not in quoted
    assert yaml.safe_load(quoted) == "a\nb\u2028c\u0085d\x00e\ufefff\x7f"
    assert quote("x\udcff") == '"x\ufffd"'


def test_booleans_are_written_as_text() -> None:
    assert list(yaml_lines({"a": True})) == ['"a": "True"']
