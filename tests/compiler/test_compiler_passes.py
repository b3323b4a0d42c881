"""Each compiler pass, case by case: what the pass makes of a criterion, and that without it the rule differs.

`tests/fixtures/compiler/<pass>.tsv` holds, one a line, a criterion (kind, tab,
text) and (tab) its rule with every pass; each case also fails without its
pass, so the fixture shows what that pass, and no other, is for.
"""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases

from eligo.compiler.criterion import compile_criterion
from eligo.compiler.passes import PASSES
from eligo.grammar.printer import expr_text
from eligo.parser import analyse
from eligo.source import source_from_text

CASES = [(rewrite, *case) for rewrite in PASSES for case in fixture_cases("compiler", f"{rewrite.__name__}.tsv")]


def _facts(kind: str, text: str):
    heading = "Inclusion Criteria:" if kind == "inclusion" else "Exclusion Criteria:"
    (facts,) = analyse(source_from_text(f"Eligibility\n{heading}\n- {text}\n", "t.txt")).criteria
    return facts


def test_every_pass_has_cases():
    assert {rewrite.__name__ for rewrite, *_ in CASES} == {rewrite.__name__ for rewrite in PASSES}


@pytest.mark.parametrize(("rewrite", "kind", "text", "expected"), CASES, ids=lambda value: getattr(value, "__name__", str(value)[:30]))
def test_pass_makes_the_rule(rewrite, kind, text, expected):
    facts = _facts(kind, text)
    assert expr_text(compile_criterion(facts).rule) == expected
    without = tuple(other for other in PASSES if other is not rewrite)
    assert expr_text(compile_criterion(facts, passes=without).rule) != expected
