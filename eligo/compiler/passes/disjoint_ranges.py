"""Pass: comparisons of one measure that cannot hold together are alternatives, whatever the
connective.

"Age [18-30], [50-59] and [60-70] years" lists the bands of the trial's cohorts:
read as a conjunction it is false for everyone. Consecutive comparisons of the
same measure, in the same unit, whose ranges are pairwise disjoint become one
part, their union (`or`). Overlapping ranges ("age ≥ 18 and ≤ 75") keep the
connective written between them.
"""

from __future__ import annotations

import math
from dataclasses import replace

from eligo.compiler.parts import Draft, Part, Sentence
from eligo.grammar import ast

Bound = tuple[float, bool]  # a value, and whether the range includes it


def _range(expr: ast.Node) -> tuple[str, str | None, Bound, Bound] | None:
    """The measure, unit and (low, high) bounds of a numeric comparison, or None."""
    if (
        isinstance(expr, ast.InRange)
        and isinstance(expr.low, ast.Quantity)
        and isinstance(expr.high, ast.Quantity)
    ):
        if expr.low.unit != expr.high.unit:
            return None
        return expr.concept, expr.low.unit, (expr.low.value, True), (expr.high.value, True)
    if isinstance(expr, ast.Compare) and isinstance(expr.value, ast.Quantity) and expr.op != "!=":
        value, unit = expr.value.value, expr.value.unit
        low: Bound = (
            (value, expr.op in (">=", "=")) if expr.op in (">", ">=", "=") else (-math.inf, False)
        )
        high: Bound = (
            (value, expr.op in ("<=", "=")) if expr.op in ("<", "<=", "=") else (math.inf, False)
        )
        return expr.concept, unit, low, high
    return None


def _disjoint(first: tuple[Bound, Bound], second: tuple[Bound, Bound]) -> bool:
    (low_a, high_a), (low_b, high_b) = first, second
    if high_a[0] < low_b[0] or high_b[0] < low_a[0]:
        return True
    touching = [(high_a, low_b), (high_b, low_a)]
    return any(high[0] == low[0] and not (high[1] and low[1]) for high, low in touching)


def disjoint_ranges(draft: Draft, sentence: Sentence) -> Draft:
    runs: list[list[Part]] = []
    for part in sorted(draft.parts, key=lambda p: p.start):
        this = _range(part.expr)
        last = _range(runs[-1][-1].expr) if runs else None
        if this is not None and last is not None and this[:2] == last[:2]:
            ranges = [r[2:] for p in runs[-1] if (r := _range(p.expr)) is not None]
            if all(_disjoint(r, this[2:]) for r in ranges):
                runs[-1].append(part)
                continue
        runs.append([part])
    parts = [
        run[0]
        if len(run) == 1
        else Part(run[0].start, run[-1].end, ast.Or(args=tuple(p.expr for p in run)))
        for run in runs
    ]
    return replace(draft, parts=tuple(parts))
