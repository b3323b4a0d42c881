"""Pass: a window right after a comparison dates it ("a negative pregnancy test within 28 days prior
to ...")."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.parts import Draft, Part, Sentence
from eligo.grammar import ast

# what a window never dates: the patient's sex, and age, which the rule language takes at screening
# ("Female or male subjects with T1DM for at least 1 year": the window dates the diabetes)
_UNDATED = frozenset({"sex", "age"})


def date_comparisons(draft: Draft, sentence: Sentence) -> Draft:
    text, result = sentence.view.text, list(draft.parts)
    for window, w_start, _ in sentence.windows:
        if not isinstance(window, ast.Window):
            continue
        before = [
            i
            for i, p in enumerate(result)
            if p.end <= w_start and not re.search(r"[,;]", text[p.end : w_start])
        ]
        index = max(before, key=lambda i: result[i].end, default=None)
        measure = result[index].expr if index is not None else None
        if (
            index is not None
            and isinstance(measure, ast.Compare | ast.InRange | ast.InSet)
            and measure.window is None
            and measure.concept not in _UNDATED
        ):
            dated = measure.model_copy(update={"window": window})
            result[index] = Part(
                result[index].start,
                max(result[index].end, w_start + 1),
                dated,
                result[index].entity,
            )
    return replace(draft, parts=tuple(result))
