"""Pass: a comparison right before an entity ("NYHA class IV heart failure", "Grade ≥ 4 venous
thromboembolism", "class III/IV heart failure") qualifies it: one part, so a list of exclusions
keeps them together and a later "or LVEF < 30 %" is an alternative of the pair, not of the
comparison alone. A comparison inside the words of its name ("NYHA class III or IV heart failure"
named as one phrase) is one item with it when the parts are joined (`connectives.join`). A
conditional word between them ("HbA1c <= 10% if taking metformin") makes the entity the
comparison's condition, never its qualifier."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.lists import CONJUNCTION
from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence
from eligo.grammar import ast


def merge_qualifiers(draft: Draft, sentence: Sentence) -> Draft:
    text, result = sentence.view.text, list[Part]()
    for part in sorted(draft.parts, key=lambda p: p.start):
        previous = result[-1] if result else None
        gap = text[previous.end : part.start] if previous is not None else ""
        if (
            previous is not None
            and part.entity
            and not previous.entity
            and isinstance(previous.expr, ast.Compare | ast.InRange)
            and re.fullmatch(r"\s*(?:[\w/-]+\s+){0,2}", gap)
            and not CONJUNCTION.search(re.sub(r"^/(?=\w)", "", gap))  # "class III/IV heart failure"
            # "HbA1c <= 10% if taking metformin": a condition on the comparison, no qualifier
            and not sentence.view.cues("conditional", previous.end, part.start)
        ):
            result[-1] = Part(previous.start, part.end, both(previous.expr, part.expr), entity=True)
            continue
        result.append(part)
    return replace(draft, parts=tuple(result))
