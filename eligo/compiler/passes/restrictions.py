"""Pass: "only skin and/or brain lesions", "hepatitis B (Japan only)": what is listed is necessary,
and the restriction needs review."""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved


def restrictions(draft: Draft, sentence: Sentence) -> Draft:
    text, restricted = sentence.view.text, []
    for match in sentence.view.phrases("restrictive", sentence.start, sentence.end):
        stop = sentence.view.clause_end(match.end(), sentence.end)
        detail = (
            f"{match.text!r} restricts {quote(text[match.start() : stop], 80)!r}, which "
            "no rule expresses"
        )
        restricted.append((match.end(), stop, detail))
    result = []
    for part in draft.parts:
        limit = next((r for r in restricted if r[0] <= part.start < r[1]), None)
        if limit is not None and part.entity:
            part = Part(
                part.start,
                part.end,
                both(part.expr, unresolved("unsupported", limit[2])),
                entity=True,
            )
        result.append(_bracketed(sentence, part, draft.parts))
    return replace(draft, parts=tuple(result))


def _bracketed(sentence: Sentence, part: Part, parts: tuple[Part, ...]) -> Part:
    """ "Hepatitis B (Japan only)": a bracket right after a part that ends in "only" and compiled
    nothing limits the part to what it names, which no rule expresses; never a restatement to step
    over (a cohort's or site's bracket is the `cohorts` pass's)."""
    text = sentence.view.text
    for open_, close in sentence.view.brackets(part.end, sentence.end):
        if text[part.end : open_].strip() or any(open_ < p.start < close for p in parts):
            break
        if sentence.view.ending("restrictive", open_, close - 1) and not sentence.view.phrase(
            "cohort", open_, close
        ):
            detail = (
                f"{quote(text[open_:close], 80)!r} limits "
                f"{quote(text[part.start : part.end], 40)!r}, which no rule expresses"
            )
            return Part(
                part.start,
                close,
                both(part.expr, unresolved("unsupported", detail, (open_, close))),
                part.entity,
            )
        break
    return part
