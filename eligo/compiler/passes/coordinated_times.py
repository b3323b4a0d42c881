"""Pass: "current or past tuberculosis", "history of or ongoing X": coordinated times are their
union, any time in the record, so the atom keeps no window of its own ("current" alone would date it
at screening). The parser marks such a coordination as a history cue (`parser/data/context.jsonl`),
which the rule then reads."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import exists_of, with_polarity
from eligo.compiler.parts import Draft, Sentence

_COORDINATED = re.compile(r"\b(?:or|and/or)\b", re.I)


def coordinated_times(draft: Draft, sentence: Sentence) -> Draft:
    view, result = sentence.view, []
    for part in draft.parts:
        found = exists_of(part.expr) if part.entity else None
        window = found.window if found is not None else None
        if (
            found is not None
            and window is not None
            and window.anchor == "screening"
            and window.amount.value == 0
        ):
            first = min(
                (e.span[0] for e in found.entities if e.span is not None), default=part.start
            )
            cues = view.cues("history", view.clause_start(first, sentence.start), first)
            if any(_COORDINATED.search(cue.text) for cue, _, _ in cues):
                ever = found.model_copy(update={"window": None})
                part = replace(part, expr=with_polarity(part.expr, ever))
        result.append(part)
    return replace(draft, parts=tuple(result))
