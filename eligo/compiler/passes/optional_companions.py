"""Pass: "insulin glargine alone or combined with metformin with or without a DPP-4 inhibitor": what
may come along ("alone or combined with Z", "X only or X in combination with Z", "with or without
W") is optional, so it constrains
nothing (`Z or not Z`, as a permission) and only the head is required."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both, either, negate
from eligo.compiler.parts import Draft, Part, Sentence

_OPTIONAL = re.compile(
    r"\b(?:with\s+or\s+without|(?:alone|only)(?:\s*\([^()]{1,20}\))?\s+or\s+(?:[\w-]+\s+){0,2}?"
    r"(?:in\s+)?(?:combined|combination|association|together)\s+with|"
    r"(?:as\s+)?monotherapy\s+or\s+(?:in\s+)?(?:combined|combination)\s+with)\b",
    re.I,
)


def optional_companions(draft: Draft, sentence: Sentence) -> Draft:
    text = sentence.view.text
    scopes = [
        (m.end(), sentence.view.clause_end(m.end(), sentence.end))
        for m in _OPTIONAL.finditer(text, sentence.start, sentence.end)
    ]
    if not scopes:
        return draft
    parts = sorted(draft.parts, key=lambda p: p.start)
    result: list[Part] = []
    for part in parts:
        optional = any(a <= part.start < b for a, b in scopes)
        if optional and result:
            head = result[-1]
            result[-1] = Part(
                head.start,
                part.end,
                both(head.expr, either(part.expr, negate(part.expr))),
                head.entity,
            )
            continue
        result.append(part)
    return replace(draft, parts=tuple(result))
