"""The compact key table behind unique ids and cite keys behaves like a dict, and the unique
keys it hands out are the first-come-first-served keys the writers document."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from risx.transforms.keys import KeyTable, UniqueKeys

# Short keys from a small alphabet, so that the same key (and keys sharing a hash slot's
# neighbourhood) come up again and again; with non-ASCII, whose UTF-8 is longer than the str.
_KEYS = st.text(alphabet="aAbß李é0", max_size=6)
_OPERATIONS = st.lists(st.tuples(st.sampled_from(["set", "get_or_add", "get"]), _KEYS,
                                 st.integers(min_value=0, max_value=2**32 - 1)), max_size=400)


@settings(max_examples=200)
@given(_OPERATIONS)
def test_key_table_agrees_with_a_dict(operations: list[tuple[str, str, int]]) -> None:
    table, expected = KeyTable(), dict[str, int]()
    for operation, key, value in operations:
        if operation == "set":
            table.set(key, value)
            expected[key] = value
        elif operation == "get_or_add":
            assert table.get_or_add(key, value) == expected.get(key)
            expected.setdefault(key, value)
        assert table.get(key) == expected.get(key)
    assert len(table) == len(expected)
    assert all(table.get(key) == value for key, value in expected.items())


def test_key_table_keeps_every_key_through_many_growths() -> None:
    table = KeyTable()
    for number in range(20_000):
        table.set(f"smith{number}", number % 7)
    assert len(table) == 20_000
    assert [table.get(f"smith{n}") for n in (0, 9_999, 19_999)] == [0, 3, 0]
    assert table.get("smith20000") is None
    # A key that is a prefix of a stored one, or has it as a prefix, is a different key.
    assert table.get("smith1999") == 1999 % 7
    assert table.get("smith19") == 19 % 7
    assert table.get("smit") is None


def test_unique_keys_suffixes_in_order_and_ignore_case() -> None:
    keys = UniqueKeys()
    claimed = [keys.claim(k) for k in
               ["smith2020", "Smith2020", "smith2020", "smith2020a", "jones", "smith2020"]]
    # "smith2020a" was handed out already, so asking for it gives the next free suffix.
    assert claimed == ["smith2020", "Smith2020a", "smith2020b", "smith2020aa", "jones",
                       "smith2020c"]
    # Taken keys are compared without case: "SMITH2020B" is taken, "smith2020d" is free.
    assert keys.claim("SMITH2020B") == "SMITH2020Ba"
    assert keys.claim("smith2020d") == "smith2020d"


def test_unique_keys_run_past_z() -> None:
    keys = UniqueKeys()
    claimed = [keys.claim("x") for _ in range(29)]
    assert claimed[:2] == ["x", "xa"] and claimed[26:] == ["xz", "xaa", "xab"]
    assert len(set(claimed)) == 29

