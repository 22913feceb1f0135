"""The fast path for plain "Family, Given" names agrees with the general rules on real data."""

from __future__ import annotations

from conftest import CORPUS
from risx.transforms.names import _parse_value, _plain_family_given, parse_ris_names

CREATOR_TAGS = ("AU", "A1", "A2", "A3", "A4")


def corpus_name_values() -> set[str]:
    values: set[str] = set()
    for path in CORPUS.rglob("*.ris"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line[:2] in CREATOR_TAGS and line[2:5] == "  -":
                values.add(line[6:].strip())
    return values


def test_fast_path_agrees_with_the_general_rules_on_every_corpus_name() -> None:
    values = corpus_name_values()
    assert len(values) > 1000
    taken = 0
    for value in values:
        fast = _plain_family_given(value)
        if fast is not None:
            taken += 1
            assert fast == _parse_value(value), value
    # The fast path must carry most real names, or it buys nothing.
    assert taken > len(values) // 2


def test_values_the_fast_path_must_leave_alone() -> None:
    for value in ("Golde T. E., DeKosky S. T.", "Smith, John.", "Smith, J., et al.",
                  "van der Berg, Anna", "Smith, J.; Jones, K.", "B., Puplampu B.",
                  "World Health Organization, Geneva", "Smith,  John", "Smith, Jr., John",
                  "王, 伟", "Smith, J. and Jones, K.", "{Acme}, Inc"):
        assert _plain_family_given(value) is None, value
        assert parse_ris_names(value) == _parse_value(value)


def test_fast_path_examples() -> None:
    names = parse_ris_names("Béranger, Sébastien Øystein").names
    assert [(n.family, n.given) for n in names] == [("Béranger", "Sébastien Øystein")]
    names = parse_ris_names("Beethoven, Ludwig van").names
    assert [(n.family, n.given, n.non_dropping_particle) for n in names] == [
        ("Beethoven", "Ludwig", "van")]
    names = parse_ris_names("Smith, JA").names
    assert [(n.family, n.given) for n in names] == [("Smith", "J. A.")]
