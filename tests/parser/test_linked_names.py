"""Names the terminology links in prose: a cue that opens a vocabulary's name is read as the cue,
and the concept named after it still stands (`eligo/parser/concepts.py`)."""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases

from eligo.parser import analyse
from eligo.source import source_from_text


def _mentions(text: str) -> str:
    """The mentions of a made-up exclusion as type:concept joined by " | " (- for none)."""
    (criterion,) = analyse(source_from_text(f"Exclusion Criteria:\n- {text}\n", "made_up.txt")).criteria
    return " | ".join(f"{m.type}:{m.concept}" for m in criterion.mentions) or "-"


@pytest.mark.parametrize(("text", "expected"), fixture_cases("mentions", "history_names.tsv"))
def test_a_history_cue_before_a_name_leaves_the_concept_after_it(text: str, expected: str) -> None:
    assert _mentions(text) == expected


@pytest.mark.parametrize(("text", "expected"), fixture_cases("mentions", "modified_names.tsv"))
def test_a_modifier_opening_a_longer_name_gives_way_to_it(text: str, expected: str) -> None:
    assert _mentions(text) == expected


@pytest.mark.parametrize(("text", "expected"), fixture_cases("mentions", "inner_names.tsv"))
def test_a_mention_inside_a_longer_name_gives_way_to_it(text: str, expected: str) -> None:
    assert _mentions(text) == expected


@pytest.mark.parametrize(("text", "expected"), fixture_cases("mentions", "opening_measures.tsv"))
def test_a_measure_opening_a_longer_name_gives_way_to_it(text: str, expected: str) -> None:
    assert _mentions(text) == expected


@pytest.mark.parametrize(("text", "expected"), fixture_cases("mentions", "headed_measures.tsv"))
def test_a_measure_before_a_head_noun_is_not_the_longer_name(text: str, expected: str) -> None:
    assert _mentions(text) == expected
