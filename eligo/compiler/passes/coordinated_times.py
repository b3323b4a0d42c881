"""Pass: "current or past tuberculosis", "present or history of X": coordinated times are their union, any time in
the record, so the atom keeps no window of its own ("current" alone would date it at screening)."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import exists_of
from eligo.compiler.parts import Draft, Part, Sentence
from eligo.compiler.text import clause_start
from eligo.grammar import ast

_NOW = r"(?:current(?:ly)?|present|ongoing|active|existing)"
_THEN = r"(?:past|previous(?:ly)?|prior|former|history(?:\s+of)?|resolved)"
_BOTH = re.compile(rf"\b(?:{_NOW}\s+(?:and/or|or)\s+{_THEN}|{_THEN}\s+(?:and/or|or)\s+{_NOW})\b", re.I)


def coordinated_times(draft: Draft, sentence: Sentence) -> Draft:
    text, result = sentence.view.text, []
    for part in draft.parts:
        found = exists_of(part.expr) if part.entity else None
        window = found.window if found is not None else None
        if window is not None and window.anchor == "screening" and window.amount.value == 0:
            first = min((e.span[0] for e in found.entities if e.span is not None), default=part.start)
            if _BOTH.search(text, clause_start(text, first, sentence.start), first):
                ever = found.model_copy(update={"window": None})
                part = Part(part.start, part.end, ast.Not(arg=ever) if isinstance(part.expr, ast.Not) else ever, part.entity)
        result.append(part)
    return replace(draft, parts=tuple(result))
