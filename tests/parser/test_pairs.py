"""Pairs of values ("BP > 140/90 mmHg"): a threshold per member, linked to its measure, on the
pair's span, with how the members join (`tests/fixtures/thresholds/pairs.tsv`, one case a line)."""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases

from eligo.parser import analyse_many
from eligo.source import source_from_text

CASES = fixture_cases("thresholds", "pairs.tsv")


@pytest.fixture(scope="module")
def read() -> dict[str, object]:
    texts = [text for text, _, _ in CASES]
    sources = [source_from_text(text, f"pair{i}_inc.txt") for i, text in enumerate(texts)]
    return {
        text: facts.criteria[0]
        for text, facts in zip(texts, analyse_many(sources, kind="inclusion"))
    }


@pytest.mark.parametrize(("text", "thresholds", "spans"), CASES, ids=lambda value: value[:40])
def test_pair(read, text, thresholds, spans):
    paired = [t for t in read[text].thresholds if t.joined is not None]
    found = [f"{t.concept} {t.op} {t.value} {t.unit} {t.joined}" for t in paired]
    assert ("; ".join(found) or "-") == thresholds
    assert ("; ".join(dict.fromkeys(t.text for t in paired)) or "-") == spans
    for threshold in paired:
        assert text[threshold.span[0] : threshold.span[1]] == threshold.text
