"""Pass: "insulin glargine alone or combined with metformin with or without a DPP-4 inhibitor": what
may come along ("with or without W") is optional, so it constrains nothing (`W or not W`, as a
permission); what "alone or combined with Z", "X only or X in combination with Z", "as monotherapy
or in dual combination with Z" allows is Z, or the head with no other drug, which no rule expresses
(issue #13: the combination is never dropped, the monotherapy never the bare drug): `Z or
unresolved`."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both, either, negate
from eligo.compiler.parts import Draft, Part, Sentence, unresolved
from eligo.grammar import ast

_OPTIONAL = re.compile(
    r"\b(?:(?P<free>with\s+or\s+without)|(?P<alone>alone|only)(?:\s*\([^()]{1,20}\))?\s+or\s+"
    r"(?:[\w-]+\s+){0,2}?(?:in\s+)?(?:combined|combination|association|together)\s+with|"
    r"(?:as\s+)?(?P<mono>monotherapy)\s+or\s+(?:in\s+)?(?:(?:dual|triple)\s+)?"
    r"(?:combined|combination)\s+with)\b",
    re.I,
)


def optional_companions(draft: Draft, sentence: Sentence) -> Draft:
    text = sentence.view.text
    scopes = [
        (
            m.end(),
            sentence.view.clause_end(m.end(), sentence.end),
            _alone(m["alone"] or m["mono"], m.span()),
        )
        for m in _OPTIONAL.finditer(text, sentence.start, sentence.end)
    ]
    if not scopes:
        return draft
    parts = sorted(draft.parts, key=lambda p: p.start)
    result: list[Part] = []
    for part in parts:
        inside = [s for s in scopes if s[0] <= part.start < s[1]]  # the nearest before it
        scope = max(inside, key=lambda s: s[0], default=None)
        if scope is not None and result:
            head = result[-1]
            otherwise = negate(part.expr) if scope[2] is None else scope[2]
            result[-1] = Part(
                head.start, part.end, both(head.expr, either(part.expr, otherwise)), head.entity
            )
            continue
        result.append(part)
    return replace(draft, parts=tuple(result))


def _alone(word: str | None, span: tuple[int, int]) -> ast.Unresolved | None:
    """What "alone", "only" or "monotherapy" (`word`) asks besides the head (no other drug with
    it), as an unresolved part; None for "with or without"."""
    if word is None:
        return None
    return unresolved("unsupported", f"{word!r} (no other drug besides it) is not compiled", span)
