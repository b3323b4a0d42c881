"""Pass: a bracketed threshold or definition after an entity is an alternative to it, not a second requirement.

"Renal failure (GFR ≤ 30 ml/min)", "drug or alcohol abuse (alcohol consumption
more than 40 g per day ...)", "diabetes defined as HbA1c > 6.5 % or fasting
glucose > 126 mg/dL": the bracket (or the "defined as" phrase) says what the
diagnosis means, so a patient meets the criterion by the coded diagnosis or by
the measured definition, `has X or D`. And-ed, the rule would miss everyone
whose record holds only one of the two. D is the measures inside, joined by
the connective written between them; an uncompiled measure stays in D as its
unresolved part, so D is unknown, never false. A score in the bracket ("heart
failure (NYHA III-IV)") grades the entity rather than defining it, and a
bracket holding other entities lists examples: both are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both, either
from eligo.compiler.parts import Draft, Part, Sentence, relative
from eligo.grammar import ast

_DEFINED = re.compile(r"[\s,]*\(?\s*(?:defined\s+as|as\s+defined\s+by|i\.\s?e\.,?|that\s+is,)\s", re.I)
_OR = re.compile(r"\bor\b|/", re.I)


def _measure(part: Part, sentence: Sentence) -> bool:
    """A comparison of an observation or demographic, or an uncompiled measure: something a definition holds."""
    expr = part.expr
    if isinstance(expr, ast.Unresolved):  # an uncompiled measure: a threshold no concept took
        thresholds = [relative(t.span, sentence.view.base) for t in sentence.view.facts.thresholds]
        return not part.entity and any(part.start <= a < part.end for a, _ in thresholds)
    if isinstance(expr, ast.Compare | ast.InRange | ast.InSet):
        concept = sentence.view.lexicon.get(expr.concept)
        return concept is None or concept.kind != "score"
    return False


def _definition_range(part: Part, sentence: Sentence) -> tuple[int, int] | None:
    """The text that defines the entity of `part`: a bracket right after it, or a "defined as" phrase to the end of
    the sentence."""
    text = sentence.view.text
    defined = _DEFINED.match(text, part.end, sentence.end)
    if defined is not None:
        bracket = next(((a, b) for a, b in sentence.view.brackets(part.end, sentence.end) if a >= part.end and a <= defined.end()), None)
        return (defined.end(), bracket[1]) if bracket is not None else (defined.end(), sentence.end)
    after = len(text[part.end : sentence.end]) - len(text[part.end : sentence.end].lstrip()) + part.end
    return next(((a, b) for a, b in sentence.view.brackets(after, sentence.end) if a == after), None)


def definitions(draft: Draft, sentence: Sentence) -> Draft:
    parts = sorted(draft.parts, key=lambda p: p.start)
    result: list[Part] = []
    taken: set[int] = set()
    for index, part in enumerate(parts):
        if index in taken:
            continue
        exists = part.expr.arg if isinstance(part.expr, ast.Not) else part.expr
        span = _definition_range(part, sentence) if part.entity and isinstance(exists, ast.Exists) else None
        inside = [i for i, p in enumerate(parts) if span is not None and i > index and span[0] <= p.start < span[1]]
        if span is None or not inside or not all(_measure(parts[i], sentence) for i in inside):
            result.append(part)
            continue
        meaning = parts[inside[0]].expr
        for previous, i in zip(inside, inside[1:]):
            gap = sentence.view.text[parts[previous].end : parts[i].start]
            meaning = either(meaning, parts[i].expr) if _OR.search(gap) else both(meaning, parts[i].expr)
        defined = either(exists, meaning)
        expr = ast.Not(arg=defined) if isinstance(part.expr, ast.Not) else defined
        result.append(Part(part.start, max(parts[inside[-1]].end, span[1]), expr, entity=True))
        taken.update(inside)
    return replace(draft, parts=tuple(result))
