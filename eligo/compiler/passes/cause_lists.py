"""Pass: "Macular edema due to central or branch retinal vein occlusion": the conditions after a
cause ("due to", "secondary to") say what the condition before it must come from; they are no
further alternatives of it.

The list reading joins every condition of the phrase into one `has any`, so a
patient with only the cause (a vein occlusion without macular edema) met the
criterion. The condition before the cause and the causes after it, in the
cause's clause, are and-ed instead: `has X and has any(A, B)`; the unresolved
part the cause phrase already is says that no record ties X to its cause. Only
when every cause of the clause is in that `has any`: a cause left a part of its
own would be and-ed with the others, where one of them is enough.
"""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence
from eligo.grammar import ast


def _split(part: Part, sentence: Sentence, parts: tuple[Part, ...]) -> ast.Node | None:
    """`has X and has any(causes)` of a `has any` that names a condition and all its causes, else
    None (a cause that is a part of its own would be and-ed with the others)."""
    expr = part.expr
    if not part.entity or not isinstance(expr, ast.Exists) or len(expr.entities) < 2:
        return None
    spans = [e.span for e in expr.entities]
    if any(span is None for span in spans):
        return None
    for cause in sentence.view.phrases("cause", part.start, part.end):
        stop = sentence.view.clause_end(cause.end(), sentence.end)
        had = [e for e, s in zip(expr.entities, spans) if s and s[1] <= cause.start()]
        causes = [e for e, s in zip(expr.entities, spans) if s and cause.end() <= s[0] < stop]
        others = [p for p in parts if p is not part and p.entity and cause.end() <= p.start < stop]
        if had and causes and not others and len(had) + len(causes) == len(expr.entities):
            first = expr.model_copy(update={"entities": tuple(had)})
            return both(first, expr.model_copy(update={"entities": tuple(causes)}))
    return None


def cause_lists(draft: Draft, sentence: Sentence) -> Draft:
    parts = []
    for part in draft.parts:
        split = _split(part, sentence, draft.parts)
        parts.append(part if split is None else Part(part.start, part.end, split, entity=True))
    return replace(draft, parts=tuple(parts))
