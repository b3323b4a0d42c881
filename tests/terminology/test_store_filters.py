"""The store's key filters never turn away a key it holds, and the pruned linker finds what probing
every word n-gram finds."""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases

from eligo.terminology import store as store_module
from eligo.terminology.linker import find
from eligo.terminology.store import Terminology, _Filter
from eligo.terminology.store_file import hashes, prefixes

# made-up criteria: multi-word names, names inside longer phrases, repeats, one long line
SENTENCES = [
    "History of type 2 diabetes mellitus or chronic obstructive pulmonary disease",
    "Eastern Cooperative Oncology Group performance status of 0 or 1",
    "Prior treatment with an anti-PD-1 antibody, a monoclonal antibody or low molecular weight "
    "heparin",
    "Known human immunodeficiency virus infection, hepatitis B or hepatitis C virus infection",
    "Uncontrolled hypertension despite treatment with angiotensin converting enzyme inhibitors",
    " and ".join(["chronic kidney disease", "acute myeloid leukemia", "breast cancer"] * 40),
]


def test_a_filter_holds_every_key_and_turns_most_others_away() -> None:
    keys = {f"word{i} other{i % 7}" for i in range(3000)}
    held = _Filter(hashes(keys))
    assert held.held(keys) == keys
    strangers = {f"stranger {i}" for i in range(3000)}
    assert len(held.held(strangers)) < 10
    assert _Filter(None).held(strangers) == strangers  # no filter: every key may be there


def test_prefixes_are_the_proper_wordprefixes() -> None:
    assert prefixes(["a b c", "d", "e f"]) == {"a", "a b", "e"}


def test_the_stores_filters_hold_all_its_alias_keys_and_theirprefixes() -> None:
    store = Terminology.load()
    keys = [row[0] for row in store._db.execute("SELECT DISTINCT key FROM alias")]
    alias_filter, prefix_filter = store._filter("alias"), store._filter("prefix")
    assert alias_filter.known and prefix_filter.known
    assert alias_filter.held(keys) == set(keys)
    assert prefix_filter.held(prefixes(keys)) == prefixes(keys)


@pytest.mark.parametrize(
    "text", SENTENCES + [text for text, _ in fixture_cases("terminology", "find.tsv")]
)
def test_pruned_n_grams_find_what_every_n_gram_finds(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pruned = [(m.start, m.end, m.concept.code) for m in find(text)]
    store = Terminology.load()
    monkeypatch.setattr(store, "_filters", {"alias": _Filter(None), "prefix": _Filter(None)})
    monkeypatch.setattr(store, "_rows", {})
    monkeypatch.setattr(store_module, "_REMEMBERED_KEYS", 10**9)
    every = [(m.start, m.end, m.concept.code) for m in find(text)]
    assert pruned == every
