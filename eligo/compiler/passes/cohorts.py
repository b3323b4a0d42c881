"""Pass: "ECOG 0-2 for dose escalation, and 0 or 1 for dose expansion": a value for one cohort holds
only if the patient is in it, which no record says (a further condition of an exclusion, a further
way into an inclusion)."""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import both, either
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved


def cohorts(draft: Draft, sentence: Sentence) -> Draft:
    view, result = sentence.view, []
    for part in draft.parts:
        stop = view.clause_end(part.end, sentence.end)
        cohort = view.phrase("cohort", part.end, stop)
        if cohort is not None:
            missing = unresolved(
                "unsupported",
                f"{quote(view.text[part.start : stop], 80)!r} applies to one cohort only",
                (part.start, stop),
            )
            part = Part(
                part.start,
                part.end,
                both(part.expr, missing) if view.exclusion else either(part.expr, missing),
                part.entity,
            )
        result.append(part)
    return replace(draft, parts=tuple(result))
