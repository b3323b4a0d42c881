"""Comparing values in SQL exactly as `eligo.grammar.compare.compare_value` does in Python.

A test yields a SQL boolean that is NULL where Python's answer is unknown:
numbers through the unit (the same unit; a unitless rule and a unitless or
annotation unit; `{ULN}`/`{LLN}` as a multiple of the reading's own limit;
else a known linear factor, `vocabulary.factors`), rounded like Python's
converted values; categories on an ordinal scale by rank, other categories by
`=`/`!=` only, case-insensitively; a number against a category is unknown.
"""

from __future__ import annotations

from sqlglot import exp

from eligo.grammar import ast
from eligo.grammar.logic import COMPARE
from eligo.grammar.ordinal import rank, spellings
from eligo.omop.tables import case, lit
from eligo.omop.vocabulary import factors
from eligo.units import LIMITS, UnitError, convert

OPS = {"<": exp.LT, "<=": exp.LTE, "=": exp.EQ, "!=": exp.NEQ, ">=": exp.GTE, ">": exp.GT}
# converted values are rounded to this many decimals before comparing (Python: 12 significant
# digits)
DIGITS = 9
UNKNOWN = exp.cast(exp.null(), "BOOLEAN")


def compare(left: exp.Expr, op: str, right: exp.Expr) -> exp.Expr:
    return OPS[op](this=left, expression=right)


def is_null(value: exp.Expr) -> exp.Expr:
    return exp.Is(this=value, expression=exp.null())


def _rounded(value: exp.Expr) -> exp.Expr:
    return exp.Round(this=value, decimals=lit(DIGITS))


def category_test(text: exp.Expr, op: str, target: str) -> exp.Expr:
    """`text op target` for a category read from the record (NULL text: unknown)."""
    ranked = rank(target)
    plain = exp.Lower(this=exp.Trim(this=text))
    fallback = compare(plain, op, lit(target.strip().casefold())) if op in ("=", "!=") else UNKNOWN
    if ranked is None:
        return fallback
    level = ranked[1]
    on_scale = spellings(target)
    key = exp.Lower(this=exp.Replace(this=text, expression=lit(" "), replacement=lit("")))
    passing = [lit(s) for s, n in on_scale if COMPARE[op](n, level)]
    failing = [lit(s) for s, n in on_scale if not COMPARE[op](n, level)]
    branches = [
        (key.isin(*values), lit(truth))
        for values, truth in ((passing, True), (failing, False))
        if values
    ]
    return case(*branches, default=fallback)


def static_test(
    value: exp.Expr, unit: str | None, op: str, target: ast.Quantity | ast.Category
) -> exp.Expr:
    """A number whose unit is known when the query is built (an age) against a rule value."""
    if isinstance(target, ast.Category):
        return UNKNOWN
    goal = lit(float(target.value))
    if unit == target.unit:
        return compare(value, op, goal)
    if target.unit is None or target.unit in LIMITS or unit is None:
        return UNKNOWN
    try:
        factor = convert(1.0, unit, target.unit)
    except UnitError:
        return UNKNOWN
    return compare(_rounded(exp.Mul(this=value, expression=lit(factor))), op, goal)


def reading_test(
    number: exp.Expr,
    text: exp.Expr,
    unit: exp.Expr,
    uln: exp.Expr,
    lln: exp.Expr,
    op: str,
    target: ast.Quantity | ast.Category,
) -> exp.Expr:
    """A measurement (number or category, unit and limits read from the record) against a rule
    value."""
    if isinstance(target, ast.Category):
        return case((is_null(text), UNKNOWN), default=category_test(text, op, target.value))
    goal = lit(float(target.value))
    direct = compare(number, op, goal)
    if target.unit is None:
        annotation = exp.RegexpLike(this=unit, expression=lit("^[{][^{}]*[}]$"))
        body = case((is_null(unit), direct), (annotation, direct), default=UNKNOWN)
    elif target.unit in LIMITS:
        limit = uln if target.unit == "{ULN}" else lln
        ratio = _rounded(exp.Div(this=number, expression=limit, typed=False, safe=False))
        body = case(
            (exp.EQ(this=unit, expression=lit(target.unit)), direct),
            (is_null(limit), UNKNOWN),
            default=compare(ratio, op, goal),
        )
    else:
        branches = [(exp.EQ(this=unit, expression=lit(target.unit)), direct)]
        branches.extend(
            (
                exp.EQ(this=unit, expression=lit(code)),
                compare(_rounded(exp.Mul(this=number, expression=lit(factor))), op, goal),
            )
            for code, factor in factors(target.unit)
            if code != target.unit
        )
        body = case(*branches, default=UNKNOWN)
    return case((is_null(number), UNKNOWN), default=body)
