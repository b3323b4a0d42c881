"""The parser's negation cues on made-up criteria: a word that only looks like a negation ("not restricted to", the
nitric oxide "NO") must not negate the mentions after it, or an exclusion of a drug class turns into "not X"."""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases

from eligo.parser import analyse
from eligo.source import source_from_text

CASES = fixture_cases("negation", "cues.tsv")


@pytest.mark.parametrize(
    ("kind", "text", "words", "expected"), CASES, ids=[case[1][:40] for case in CASES]
)
def test_negation_cue(kind, text, words, expected):
    heading = "Inclusion Criteria:" if kind == "inclusion" else "Exclusion Criteria:"
    (facts,) = analyse(source_from_text(f"Eligibility\n{heading}\n- {text}\n", "t.txt")).criteria
    (mention,) = [m for m in facts.mentions if m.text == words]
    assert ("negated" if mention.negated else "asserted") == expected
