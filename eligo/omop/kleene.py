"""Kleene's three truth values in SQL: as a nullable boolean, and as a small integer per record.

Inside an atom's CTE a record's match is 2 (true), 1 (unknown) or 0 (false), so that `MAX` is
Kleene's `or` over records; these convert between the two, and decide a comparison over a range
of counts or days known only between a low and a high bound.
"""

from __future__ import annotations

from sqlglot import exp

from eligo.omop.tables import case, lit
from eligo.omop.values import UNKNOWN, compare


def truth_of(code: exp.Expr) -> exp.Expr:
    """2/1/0 → TRUE/NULL/FALSE."""
    return case(
        (exp.EQ(this=code, expression=lit(2)), exp.true()),
        (exp.EQ(this=code, expression=lit(0)), exp.false()),
    )


def code_of(truth: exp.Expr) -> exp.Expr:
    """TRUE/NULL/FALSE → 2/1/0."""
    return case((truth, lit(2)), (exp.not_(truth), lit(0)), default=lit(1))


def between(low: exp.Expr, high: exp.Expr, op: str, value: exp.Expr) -> exp.Expr:
    """`n op value` for every n from `low` to `high`: known when all agree (for = and !=: when value
    is outside)."""
    if op in ("=", "!="):
        outside = exp.or_(exp.LT(this=value, expression=low), exp.GT(this=value, expression=high))
        return case(
            (exp.EQ(this=low, expression=high), compare(low, op, value)),
            (outside, lit(op == "!=")),
            default=UNKNOWN,
        )
    both = exp.and_(compare(low, op, value), compare(high, op, value))
    neither = exp.and_(exp.not_(compare(low, op, value)), exp.not_(compare(high, op, value)))
    return case((both, exp.true()), (neither, exp.false()), default=UNKNOWN)
