"""Pass: "a decrease in systolic blood pressure ≥ 20 mmHg within 3 minutes when changing from supine
to standing", "weight loss (> 3 kg)": a number governed by "decrease/increase/change in", or by a
change named after the measure, is a change, not a level, which the rule language cannot say; and
minutes counted from a manoeuvre are part of the measurement, not a window in the patient's
record."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import exists_of, with_polarity
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.grammar import ast

_CHANGE = re.compile(
    r"\b(?:decrease|increase|change|drop|rise|reduction|fall|decline|elevation|gain|loss)e?s?\s+(?:of|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?$",
    re.I,
)
# "weight loss (> 3 kg)", "weight gain of more than 5 kg": the change named after the measure,
# before its number
_NAMED_CHANGE = re.compile(
    r"\b(?:gain|loss|increase|decrease|change|drop|rise|reduction|decline)s?\b[^\d<>≤≥=]*$", re.I
)
_MANOEUVRE = re.compile(r"\s*(?:\w+\s+)?(?:when|while|after|upon|on)\s+\w+ing\b", re.I)
_SHORT = {"min", "s", "h"}


def _change(text: str, part: Part, start: int) -> int | None:
    """Where the change a comparison measures starts ("increase in X > 5", "X gain > 5 kg"), or None
    for a level."""
    before = _CHANGE.search(text, start, part.start)
    if before is not None:
        return before.start()
    if not isinstance(
        part.expr, ast.Compare | ast.InRange
    ):  # a change named in a comparison ("weight gain > 3 kg")
        return None
    number = re.search(r"[\d<>≤≥=]", text[part.start : part.end])
    if (
        number is None
        or _NAMED_CHANGE.search(text, part.start, part.start + number.start()) is None
    ):
        return None
    return min(part.start, part.expr.span[0]) if part.expr.span is not None else part.start


def changes(draft: Draft, sentence: Sentence) -> Draft:
    text, result = sentence.view.text, []
    manoeuvres = [
        (w_start, sentence.view.clause_end(w_end, sentence.end))
        for w, w_start, w_end in sentence.windows
        if isinstance(w, ast.Window) and w.amount.unit in _SHORT and _MANOEUVRE.match(text, w_end)
    ]
    for part in draft.parts:
        change = (
            None
            if part.entity
            else _change(text, part, sentence.view.clause_start(part.start, sentence.start))
        )
        if change is not None:
            stop = next(
                (
                    b
                    for a, b in manoeuvres
                    if part.end <= a and not re.search(r"[,;]", text[part.end : a])
                ),
                part.end,
            )
            detail = (
                f"{quote(text[change:stop], 80)!r} is a change, not a level: no rule "
                "compares changes"
            )
            part = Part(change, stop, unresolved("unsupported", detail, (change, stop)))
        else:
            found = exists_of(part.expr)
            if (
                found is not None
                and found.window is not None
                and any(a <= found.window.span[0] < b for a, b in manoeuvres if found.window.span)
            ):
                undated = found.model_copy(update={"window": None})
                part = replace(part, expr=with_polarity(part.expr, undated))
        result.append(part)
    return replace(draft, parts=tuple(result))
