"""Pass: "only skin and/or brain lesions": the listed entities are necessary, and the restriction needs review."""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler import phrases
from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.compiler.text import clause_end


def restrictions(draft: Draft, sentence: Sentence) -> Draft:
    text, restricted = sentence.view.text, []
    for match in phrases.pattern("restrictive").finditer(text, sentence.start, sentence.end):
        stop = clause_end(text, match.end(), sentence.end)
        detail = f"{match.group(0)!r} restricts {quote(text[match.start():stop], 80)!r}, which no rule expresses"
        restricted.append((match.end(), stop, detail))
    if not restricted:
        return draft
    result = []
    for part in draft.parts:
        limit = next((r for r in restricted if r[0] <= part.start < r[1]), None)
        if limit is not None and part.entity:
            part = Part(part.start, part.end, both(part.expr, unresolved("unsupported", limit[2])), entity=True)
        result.append(part)
    return replace(draft, parts=tuple(result))
