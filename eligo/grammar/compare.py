"""One patient value against one rule value (`value unit op target`), three-valued, for
`evaluate.py`.

Units convert through UCUM (`eligo.units`); `{ULN}`/`{LLN}` thresholds divide by the observation's
own limit; categories order only on a known scale (`ordinal.py`). What cannot be compared is
unknown, with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eligo.grammar import ast
from eligo.grammar.logic import COMPARE, Truth
from eligo.grammar.ordinal import compare_categories
from eligo.grammar.printer import value_text
from eligo.units import LIMITS, UnitError, convert

_ANNOTATION = re.compile(r"\{[^{}]*\}")


def _rounded(value: float) -> float:
    """A converted value to 12 significant digits, so 800 mg is 0.8 g exactly and boundaries
    hold."""
    return float(f"{value:.12g}")


@dataclass(frozen=True)
class Comparison:
    value: Truth
    converted: float | None = None
    converted_unit: str | None = None
    note: str | None = None


def compare_value(
    value: float | str,
    unit: str | None,
    op: str,
    target: ast.Quantity | ast.Category,
    uln: float | None = None,
    lln: float | None = None,
) -> Comparison:
    """`value unit op target`, through unit conversion or the limits of normal; unknown, with a
    note, when they do not meet."""
    if isinstance(target, ast.Category) or isinstance(value, str):
        if not (isinstance(target, ast.Category) and isinstance(value, str)):
            return Comparison(None, note=f"{value!r} cannot be compared with {value_text(target)}")
        truth, note = compare_categories(value, op, target.value)
        return Comparison(truth, note=note or None)
    goal = float(target.value)
    if unit == target.unit:
        return Comparison(COMPARE[op](value, goal))
    if target.unit is None:
        if _ANNOTATION.fullmatch(unit or ""):
            return Comparison(COMPARE[op](value, goal))
        return Comparison(None, note=f"the rule gives no unit to compare {unit} with")
    if target.unit in LIMITS:
        limit = uln if target.unit == "{ULN}" else lln
        if limit is None:
            return Comparison(None, note=f"no {target.unit[1:-1]} recorded")
        ratio = _rounded(value / limit)
        return Comparison(COMPARE[op](ratio, goal), ratio, target.unit)
    if unit is None:
        return Comparison(None, note=f"no unit recorded to compare with {target.unit}")
    try:
        converted = _rounded(convert(value, unit, target.unit))
    except UnitError as error:
        return Comparison(None, note=str(error))
    return Comparison(COMPARE[op](converted, goal), converted, target.unit)
