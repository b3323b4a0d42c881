"""Pass: "MI, stroke, hospitalisation for unstable angina or TIA": an event held for a reason is
one item of the list, and its reason is not a further requirement.

An event ("hospitalisation", "admission") followed by "for", "due to" or
"because of" and the items it was for is one alternative of the list it ends:
the items it names, with an unresolved part for the event, since no record ties
a stay to its cause. Left as they were, the event closed one `has any` and its
reasons opened another, and the two were and-ed, so a recent infarction alone
did not exclude.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.grammar import ast

_REASON = re.compile(r"\s+(?:for|due\s+to|because\s+of)\s+", re.I)


def _last_event(part: Part) -> ast.EntityRef | None:
    """The event a `has` part ends with ("stroke, hospitalisation"), or a `count` part counts
    ("more than one hospitalisation"), if there is one."""
    expr = part.expr
    if not part.entity or not isinstance(expr, ast.Exists | ast.Count):
        return None
    last = expr.entities[-1] if isinstance(expr, ast.Exists) else expr.entity
    return last if last.type == "event" and last.span is not None else None


def _opening(part: Part) -> int:
    """Where a part's words begin, a filter's word before its mention included ("for severe
    asthma", "for uncontrolled diabetes")."""
    expr = part.expr
    filters = (
        [f.span[0] for e in expr.entities for f in e.where if f.span is not None]
        if isinstance(expr, ast.Exists)
        else []
    )
    return min([part.start, *filters])


def event_reasons(draft: Draft, sentence: Sentence) -> Draft:
    text, parts = sentence.view.text, sorted(draft.parts, key=lambda p: p.start)
    result: list[Part] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        event = _last_event(part)
        if (
            event is None
            or following is None
            or not following.entity
            or event.span is None
            or not _REASON.fullmatch(text, event.span[1], _opening(following))
        ):
            result.append(part)
            index += 1
            continue
        cause = (event.span[0], _opening(following))
        detail = (
            f"{quote(text[cause[0] : cause[1]], 60)!r} asks for an event held for what follows, "
            "which no record ties to its cause"
        )
        if isinstance(part.expr, ast.Count):  # the count is needed, and so is what it was for
            reason = both(both(part.expr, following.expr), unresolved("unsupported", detail, cause))
            result.append(Part(part.start, following.end, reason, entity=True))
            index += 2
            continue
        assert isinstance(part.expr, ast.Exists)
        rest = part.expr.entities[:-1]
        if rest and rest[-1].span is not None:
            kept = part.expr.model_copy(update={"entities": rest})
            result.append(Part(part.start, rest[-1].span[1], kept, entity=True))
        reason = both(following.expr, unresolved("unsupported", detail, cause))
        result.append(Part(event.span[0], following.end, reason, entity=True))
        index += 2
    return replace(draft, parts=tuple(result))
