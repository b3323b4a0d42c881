"""A criterion's sentences and the marks of its clauses (`eligo/structure.py`), read once by the parser for the
compiler: the characters they act on are found by a regular expression, so every kind of break and mark has a case
here (criteria/structure.tsv)."""

from __future__ import annotations

import pytest

from eligo.structure import marks, sentences
from tests.fixture_files import fixture_cases


@pytest.mark.parametrize(("text", "spans", "marked"), fixture_cases("criteria", "structure.tsv"), ids=lambda value: value[:40])
def test_sentences_and_marks(text, spans, marked):
    """Sentences end at ";", ". X", exceptions after ":", ", They" and white space before "Note:", outside brackets;
    a mark is a bracket, "," ";" ":" or the word "then" (structure.tsv)."""
    text = text.encode().decode("unicode_escape")
    assert " ".join(f"{a}-{b}" for a, b in sentences(text)) == spans
    assert " ".join(f"{position}{char}" for position, char in marks(text)) == marked
