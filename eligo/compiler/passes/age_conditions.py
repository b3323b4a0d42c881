"""Pass: "Karnofsky ≥ 70 (patients ≥ 16 years) or Lansky ≥ 70 (patients < 16 years)": an age in a
bracket right after a requirement says whom the requirement is for, a condition, never a further
requirement (and-ed, it would fail every patient outside one of the bands).

Each such requirement becomes `if age then requirement` (`age and requirement` in an exclusion).
Requirements conditioned on different ages are one rule: each band's own requirement, so in an
inclusion they are and-ed whatever the text joins them with ("or" only says that one applies), and
in an exclusion or-ed.
"""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import both, either
from eligo.compiler.parts import Draft, Part, Sentence
from eligo.grammar import ast

_NEAR = 2  # characters between a requirement and the bracket that conditions it


def _age(part: Part) -> bool:
    return isinstance(part.expr, ast.Compare | ast.InRange) and part.expr.concept == "age"


def _bracket(part: Part, after: Part, sentence: Sentence) -> tuple[int, int] | None:
    """The bracket that holds the age part `after` and nothing else the parser found, when it opens
    right after `part`."""
    view = sentence.view
    for opened, closed in view.brackets(part.end, sentence.end):
        if opened - part.end <= _NEAR and opened < after.start and after.end < closed:
            others = view.mentions(opened, closed, {"condition", "treatment", "observation"})
            return None if others else (opened, closed)
    return None


def age_conditions(draft: Draft, sentence: Sentence) -> Draft:
    parts = sorted(draft.parts, key=lambda p: p.start)
    conditioned: list[tuple[int, int, ast.Node]] = []
    used: set[int] = set()
    for number, (part, after) in enumerate(zip(parts, parts[1:])):
        if _age(part) or not _age(after):
            continue
        bracket = _bracket(part, after, sentence)
        if bracket is None:
            continue
        rule = (
            both(after.expr, part.expr)
            if sentence.view.exclusion
            else ast.If(condition=after.expr, then=part.expr)
        )
        conditioned.append((part.start, bracket[1], rule))
        used.update((number, number + 1))
    if not conditioned:
        return draft
    rule = conditioned[0][2]
    for _, _, other in conditioned[1:]:
        rule = either(rule, other) if sentence.view.exclusion else both(rule, other)
    start, end = conditioned[0][0], conditioned[-1][1]
    kept = [p for n, p in enumerate(parts) if n not in used and not start <= p.start < end]
    return replace(draft, parts=(*kept, Part(start, end, rule)))
