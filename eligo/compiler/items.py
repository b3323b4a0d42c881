"""What makes one item of a list: a qualifier after a relation word.

"...: renal failure on hemodialysis, liver cirrhosis, chronic lung disease with oxygen therapy,
...": the entity after "on" / "with" qualifies the one item before it (`qualified_items` narrows
that member, never the list it ends), so a patient with any one item meets the list. Apart from
`connectives.py`, which joins the items.
"""

from __future__ import annotations

import re

from eligo.compiler.lists import CONJUNCTION
from eligo.compiler.logic import narrowed
from eligo.compiler.parts import Part
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

RELATIVE_GAP = re.compile(r"\b(?:who|whose|which|that|requiring)\b", re.I)


def qualifies(view: CriterionView, text: str, previous: Part, part: Part) -> bool:
    """Whether the entity `part` qualifies the entity before it, a relation word or two and no list
    mark or bracket between them ("renal failure on hemodialysis", "lung disease with oxygen
    therapy", "heart failure due to cardiomyopathy"): one item, both said of it."""
    if not (previous.entity and part.entity and part.start > previous.end):
        return False
    gap = text[previous.end : part.start]
    return (
        CONJUNCTION.search(gap) is None
        and not any(mark in gap for mark in ":()[]")
        and len(gap.split()) <= 2
        and view.phrase("relation", previous.end, part.start) is not None
        and RELATIVE_GAP.search(gap) is None
    )


def qualified_items(view: CriterionView, text: str, parts: list[Part]) -> list[Part]:
    """Parts in text order, an entity that qualifies the entity before it joined to it ("renal
    failure on hemodialysis, liver cirrhosis, lung disease with oxygen therapy"): the qualifier
    narrows the one item it follows, never the list that item ends."""
    result: list[Part] = []
    for part in parts:
        previous = result[-1] if result else None
        if previous is not None and qualifies(view, text, previous, part):
            near = last_member(previous.expr, part.start)
            result[-1] = Part(
                previous.start, part.end, narrowed(previous.expr, near, part.expr), True
            )
        else:
            result.append(part)
    return result


def last_member(node: ast.Node, before: int) -> tuple[int, int] | None:
    """The span of the entity of `node` that ends last before `before`."""
    spans = [
        n.span
        for n in ast.walk(node)
        if isinstance(n, ast.EntityRef) and n.span is not None and n.span[1] <= before
    ]
    return max(spans, key=lambda span: span[1], default=None)
