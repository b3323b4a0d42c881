"""Pass: an uncompiled qualifier right after a negated entity ("no aspirin used for > 7 days")
qualifies what is negated, so the negation does not exclude every use of it."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence
from eligo.grammar import ast


def negated_qualifiers(draft: Draft, sentence: Sentence) -> Draft:
    text, result = sentence.view.text, list[Part]()
    for part in sorted(draft.parts, key=lambda p: p.start):
        previous = result[-1] if result else None
        if (
            isinstance(part.expr, ast.Unresolved)
            and previous is not None
            and isinstance(previous.expr, ast.Not)
            and not re.search(r"[,;.]", text[previous.end : part.start])
        ):
            result[-1] = Part(
                previous.start,
                part.end,
                ast.Not(arg=both(previous.expr.arg, part.expr)),
                previous.entity,
            )
            continue
        result.append(part)
    return replace(draft, parts=tuple(result))
