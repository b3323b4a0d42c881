"""Kleene's strong three-valued logic: True, False and None for unknown.

Unknown is never resolved by a guess: `and` is false as soon as one side is
false, `or` true as soon as one side is true, and unknown otherwise. Comparison
operators of the rule language live here too, so every module compares alike.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Literal

Truth = bool | None
TruthName = Literal["true", "false", "unknown"]

COMPARE = {
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
}


def not_(value: Truth) -> Truth:
    return None if value is None else not value


def _absorbing(values: Iterable[Truth], absorbing: bool) -> Truth:
    """Kleene's and (`absorbing` False) or or (True): the absorbing value as soon as one is seen,
    else unknown if any value is, else the identity `not absorbing` (also for no values at all)."""
    result: Truth = not absorbing
    for value in values:
        if value is absorbing:
            return absorbing
        if value is None:
            result = None
    return result


def and_(values: Iterable[Truth]) -> Truth:
    return _absorbing(values, False)


def or_(values: Iterable[Truth]) -> Truth:
    return _absorbing(values, True)


def implies(condition: Truth, consequence: Truth) -> Truth:
    return or_((not_(condition), consequence))


def agree(values: Iterable[Truth]) -> Truth:
    """The common value of several possible answers, unknown when they differ (or there are
    none)."""
    seen = set(values)
    return seen.pop() if len(seen) == 1 else None


def choose(condition: Truth, consequence: Truth, alternative: Truth) -> Truth:
    """`if c then t else e`: (c ∧ t) ∨ (¬c ∧ e), and when c is unknown but t and e agree, their
    common value.

    Kleene's formula alone would leave `if female then age >= 18 else age >= 21` unknown
    for a 25-year-old of unrecorded sex; both branches hold, so the answer is known.
    Wherever the formula decides, this agrees with it.
    """
    if condition is None:
        return agree((consequence, alternative))
    return consequence if condition else alternative


def show(value: Truth) -> TruthName:
    return "unknown" if value is None else ("true" if value else "false")
