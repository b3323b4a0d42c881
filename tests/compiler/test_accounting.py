"""Coverage accounting: the words no part of a rule uses become unresolved parts, so no criterion loses content silently."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from fixture_files import ROOT, SHARED, fixture_cases

from eligo.api import compile_text
from eligo.compiler import compile_facts
from eligo.compiler.accounting import leftovers
from eligo.compiler.provenance import shift
from eligo.compiler.view import CriterionView
from eligo.grammar import ast
from eligo.parser import analyse_many
from eligo.source import read_source

LEFT_OVER = "no part of the rule uses it"


def _left_over(rule: ast.Node, text: str) -> list[str]:
    return [text[n.span[0] : n.span[1]] for n in ast.walk(rule) if isinstance(n, ast.Unresolved) and n.detail.endswith(LEFT_OVER)]


@pytest.mark.parametrize(("kind", "text", "expected"), fixture_cases("compiler", "accounting.tsv"), ids=lambda v: v[:40])
def test_left_over_words_become_unresolved_parts_with_a_warning(kind, text, expected):
    heading = "Inclusion Criteria:" if kind == "inclusion" else "Exclusion Criteria:"
    protocol_text = f"Eligibility\n{heading}\n- {text}\n"
    compilation = compile_text(protocol_text, "t.txt")
    (criterion,) = compilation.protocol.criteria
    phrases = _left_over(criterion.rule, protocol_text)
    assert " | ".join(phrases) == expected
    warnings = [d for d in compilation.diagnostics if d.code == "E211"]
    assert len(warnings) == (1 if phrases else 0)
    if phrases:
        assert warnings[0].severity == "warning" and all(repr(p) in warnings[0].message for p in phrases)


def _texts() -> list[Path]:
    """Every corpus protocol, and a fixed sample of each development set in ../shared/data when it is there."""
    paths = sorted((ROOT / "corpus" / "protocols").glob("*.txt"))
    for pattern, count in (("ctgov-dev/texts/*_overview.txt", 12), ("chia-dev/texts/*.txt", 40), ("lct-dev/texts/*.txt", 12)):
        paths += list(itertools.islice(sorted(SHARED.glob(pattern)), count))
    return paths


def test_no_criterion_loses_content_silently():
    """Every content word of every criterion is used by an atom of its rule (one of them, if need be, unresolved)."""
    silent = []
    for facts in analyse_many(read_source(path) for path in _texts()):
        compiled = compile_facts(facts).protocol
        for criterion_facts, criterion in zip(facts.criteria, compiled.criteria):
            view = CriterionView(criterion_facts)
            missing = leftovers(view, shift(criterion.rule, -view.base))
            silent += [f"{facts.document} {criterion.id}: {view.text[a:b]!r}" for a, b in missing]
    assert not silent, "\n".join(silent[:20])


def test_the_left_over_warning_names_how_each_phrase_was_joined():
    """2a: E211 says whether each left-over phrase was read as a requirement (and) or an alternative
    (or), the guess a reviewer must check, not only which words were left over."""
    text = "Eligibility\nExclusion Criteria:\n- Diabetes or frobnitz disorder\n- Asthma treated by a zorblax\n"
    messages = [d.message for d in compile_text(text, "t.txt").diagnostics if d.code == "E211"]
    assert len(messages) == 2
    assert "'frobnitz' (guessed an alternative: or-ed)" in messages[0]
    assert "(guessed a requirement: and-ed)" in messages[1]
