"""Pass: "continuous (more than 2 weeks/year) systemic therapy": a number with a time or rate unit
is how long or how often a treatment is used, never a count of records. `count(...) > n` needs a
count noun ("2 prior lines"); the treatment stays, and the duration is unresolved."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.grammar import ast

_TIME_UNIT = re.compile(
    r"\s*(?:consecutive\s+)?(?:days?|weeks?|months?|years?|hours?|wks?|mos?)\b(?:\s*/\s*[a-z]+|\s+(?:a|per|each|every)\s+[a-z]+)?",
    re.I,
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def durations(draft: Draft, sentence: Sentence) -> Draft:
    text, result = sentence.view.text, []
    for part in draft.parts:
        counts = [part.expr] if isinstance(part.expr, ast.Count) else []
        number = _NUMBER.search(text, part.start, part.end) if counts else None
        unit = _TIME_UNIT.match(text, number.end()) if number is not None else None
        if unit is not None:
            count = counts[0]
            stop = unit.end()
            used = ast.Exists(entities=(count.entity,), window=count.window)
            detail = (
                f"{quote(text[part.start : stop], 80)!r} is how long or how often it is "
                "used, which no rule compares"
            )
            part = Part(
                part.start,
                part.end,
                both(used, unresolved("unsupported", detail, (part.start, stop))),
                part.entity,
            )
        result.append(part)
    return replace(draft, parts=tuple(result))
