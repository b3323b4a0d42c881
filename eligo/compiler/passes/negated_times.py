"""Pass: a negation applies to the atom with its time. "not treated with insulin", "not receiving X"
deny the current record (`not has X within 0 d during screening`), not any use ever, and so
does "without X" of a treatment; and a window
measured from a date no record holds ("not prescribed X during the 6 months before the index date")
stays on the atom it dates, unresolved, so `not has X` (the strongest reading) never stands alone;
what such a window counts from is no atom of its own."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both, exists_of
from eligo.compiler.parts import Draft, Part, Sentence, at_screening
from eligo.grammar import ast

_PRESENT = re.compile(
    r"\b(?P<verb>(?:not|nor)\s+(?:currently\s+)?(?:(?:being\s+)?treated\s+(?:with|by)|receiving|taking|using|on))\s+(?:[\w-]+\s+){0,2}?$",
    re.I,
)
# "without lipid-lowering medication": a treatment the patient is without is not taken now, unless
# the sentence says when ("without prior insulin") or a measurement is taken without it
_WITHOUT = re.compile(r"\b(?P<verb>without)\s+(?:[\w-]+\s+){0,2}?$", re.I)


def _measured_before(sentence: Sentence, start: int, end: int) -> bool:
    """ "ANC >= 1.5 x 10^9/L without G-CSF support": a treatment a measurement is taken without
    belongs to the measurement's time (the lead-in's window), not to the day of screening."""
    base = sentence.view.base
    return any(start <= t.span[0] - base < end for t in sentence.view.facts.thresholds)


def negated_times(draft: Draft, sentence: Sentence) -> Draft:
    text, result, dating = sentence.view.text, list[Part](), set[tuple[int, int]]()
    pending = [
        (w, w_start, w_end)
        for w, w_start, w_end in sentence.windows
        if isinstance(w, ast.Unresolved)
    ]
    for part in draft.parts:
        found = exists_of(part.expr) if part.entity and isinstance(part.expr, ast.Not) else None
        current = (
            found is not None
            and found.window is not None
            and found.window.anchor == "screening"
            and found.window.amount.value == 0
        )
        if found is not None and (found.window is None or current):
            begin = sentence.view.clause_start(part.start, sentence.start)
            present = _PRESENT.search(text, begin, part.start) or (
                _WITHOUT.search(text, begin, part.start)
                if all(e.type == "treatment" for e in found.entities)
                and not sentence.view.phrase("past", sentence.start, sentence.end)
                and not sentence.view.cues("history", sentence.start, sentence.end)
                and not _measured_before(sentence, begin, part.start)
                else None
            )
            later = next(
                (
                    w
                    for w in pending
                    if w[1] >= part.end and not re.search(r"[;.]", text[part.end : w[1]])
                ),
                None,
            )
            if (
                later is not None
            ):  # the window written beats the present a verb or "concomitant" implies
                part = Part(
                    part.start,
                    part.end,
                    ast.Not(arg=both(found.model_copy(update={"window": None}), later[0])),
                    part.entity,
                )
            elif present is not None and not current:
                part = Part(
                    part.start,
                    part.end,
                    ast.Not(
                        arg=found.model_copy(update={"window": at_screening(present.span("verb"))})
                    ),
                    part.entity,
                )
        if isinstance(part.expr, ast.Not) and isinstance(part.expr.arg, ast.And):
            dating.update(
                (w_start, w_end) for w, w_start, w_end in pending if w in part.expr.arg.args
            )
        result.append(part)
    # "before the date of first prescription of X": X names the unknown anchor of a window that
    # dates a negation and a window already on the negations is no separate item
    kept = [
        p
        for p in result
        if not (p.entity and any(a < p.start < b for a, b in dating))
        and not (p.expr in [w for w, *_ in pending] and (p.start, p.end) in dating)
    ]
    return replace(draft, parts=tuple(kept))
