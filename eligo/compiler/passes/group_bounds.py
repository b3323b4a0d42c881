"""Pass: two bounds of one measure in one direction, in one sentence, hold for different groups.

"LDL-C ≥ 2.6 mmol/L for participants with coronary disease, and ≥ 3.1 mmol/L for all
others": joined by `and`, the stricter bound would make the other say nothing, and the
words naming each group (an age, a diagnosis) would be required of everyone. Which bound
holds for whom is not compiled: the sentence's parts, the comparisons and those that may name a
group ("for participants with diabetes"), become one unresolved part over their words. Bounds
written as alternatives ("> 3 x ULN, or > 5 x ULN with liver metastases") and bounds in
opposite directions (a range, "≥ 7 % and ≤ 10 %") stay; bounds that differ by sex are
`by_sex`'s, never plain comparisons here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.conditions import conditional_pairs
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.compiler.provenance import spans
from eligo.grammar import ast
from eligo.structure import unbracketed

# "> 3 x ULN, or > 5 x ULN with liver metastases", "A, B or C": alternatives, either bound decides.
_OR = re.compile(
    r"\bor\b(?!\s+(?:older|younger|more|less|greater|higher|lower|above|below|equal))", re.I
)
_AND = re.compile(r"\band\b|\bas well as\b", re.I)


def _bound(expr: ast.Node) -> tuple[str, bool, float] | None:
    """The measure of a one-sided numeric comparison, whether it is a lower bound, and its value."""
    if (
        isinstance(expr, ast.Compare)
        and isinstance(expr.value, ast.Quantity)
        and expr.window is None
        and expr.op in (">", ">=", "<", "<=")
    ):
        return expr.concept, expr.op.startswith(">"), expr.value.value
    return None


def _joined(text: str, run: list[Part], stop: int) -> bool:
    """Whether the words between the parts of `run` join them with "and", and neither they nor the
    words after it (up to `stop`, the next part or the sentence's end) with "or": "A, B or C" lists
    alternatives whatever its commas; "40 years or older" is no alternative."""
    gaps = [unbracketed(text[a.end : b.start]) for a, b in zip(run, run[1:])]
    after = unbracketed(text[run[-1].end : stop])
    return any(_AND.search(g) for g in gaps) and not any(_OR.search(g) for g in [*gaps, after])


def group_bounds(draft: Draft, sentence: Sentence) -> Draft:
    parts = sorted(draft.parts, key=lambda p: p.start)
    bounds = [_bound(p.expr) for p in parts]
    text = sentence.view.text
    paired = [
        i
        for i, a in enumerate(bounds)
        for j, b in enumerate(bounds)
        if i < j
        and a is not None
        and b is not None
        and a[:2] == b[:2]
        and a[2] != b[2]
        and _joined(
            text, parts[i : j + 1], parts[j + 1].start if j + 1 < len(parts) else sentence.end
        )
    ]
    # "QTc ≤ 430 ms if male and ≤ 450 ms if female": each bound has its condition already
    if not paired or conditional_pairs(sentence.view, sentence.start, sentence.end):
        return draft
    located = [span for p in parts for span in [(p.start, p.end), *spans(p.expr)]]
    start, end = min(a for a, _ in located), max(b for _, b in located)
    words = quote(text[start:end], 80)
    concept = parts[paired[0]].expr.concept  # type: ignore[attr-defined]
    node = unresolved(
        "ambiguous",
        f"{words!r} bounds {concept} twice the same way: which participants or which reading "
        "each bound is for is not compiled",
        (start, end),
    )
    return replace(draft, parts=(Part(start, end, node),))
