"""A rule's time window in SQL: the days around its anchor, and whether a record lies in it.

The same regions as `eligo.grammar.timeline` computes for the evaluator, here as SQL over a
record's start and (end, ongoing): a record whose end is known only to be after its start leaves
the window unknown. Kept apart from the atoms (`atoms.py`) that put windows on records.
"""

from __future__ import annotations

from sqlglot import exp

from eligo.grammar import ast
from eligo.grammar.timeline import days
from eligo.omop.tables import anchor_column, case, col, lit
from eligo.omop.values import UNKNOWN, compare, is_null
from eligo.units import UnitError

INF = None
Region = tuple[
    float | None, float | None, bool, bool
]  # (low, high, low_open, high_open) in days; None: unbounded


def _regions(window: ast.Window) -> list[Region] | None:
    """The window's days relative to its anchor, None for infinite (`timeline.region`)."""
    if window.relation == "during":
        return [(0.0, 0.0, False, False)]
    try:
        length = days(window.amount)
    except UnitError:
        return None
    regions: dict[str, list[Region]]
    if window.relation == "before":
        edge = -length
        regions = {
            "<=": [(edge, 0.0, False, False)],
            "<": [(edge, 0.0, True, False)],
            ">=": [(INF, edge, False, False)],
            ">": [(INF, edge, False, True)],
            "=": [(edge, edge, False, False)],
            "!=": [(INF, edge, False, True), (edge, 0.0, True, False)],
        }
        return regions[window.op]
    edge = length
    regions = {
        "<=": [(0.0, edge, False, False)],
        "<": [(0.0, edge, False, True)],
        ">=": [(edge, INF, False, False)],
        ">": [(edge, INF, True, False)],
        "=": [(edge, edge, False, False)],
        "!=": [(0.0, edge, False, True), (edge, INF, True, False)],
    }
    return regions[window.op]


def day_diff(date: exp.Expr, anchor: exp.Expr) -> exp.Expr:
    """Days from `anchor` to `date`."""
    return exp.DateDiff(this=date, expression=anchor, unit=exp.var("DAY"))


def in_window(
    window: ast.Window, start: exp.Expr, end: tuple[exp.Expr, exp.Expr] | None = None
) -> exp.Expr:
    """Whether a record lies in the window (`timeline.overlaps`): its start, and its (end, ongoing)
    unless it lasts one day."""
    regions = _regions(window)
    if regions is None:
        return UNKNOWN
    anchor = col(anchor_column(window.anchor), "p")
    first = day_diff(start, anchor)
    parts = []
    for low, high, low_open, high_open in regions:
        starts: exp.Expr = (
            exp.true() if high is None else compare(first, "<" if high_open else "<=", lit(high))
        )
        ends: exp.Expr
        if low is None:
            ends = exp.true()
        else:
            after = ">" if low_open else ">="
            if end is None:
                ends = compare(first, after, lit(low))
            else:
                last, ongoing = end
                ends = case(
                    (exp.not_(is_null(last)), compare(day_diff(last, anchor), after, lit(low))),
                    (ongoing, exp.true()),
                    (compare(first, after, lit(low)), exp.true()),
                    default=UNKNOWN,
                )
        parts.append(exp.and_(starts, ends))
    return exp.or_(*parts) if len(parts) > 1 else parts[0]
