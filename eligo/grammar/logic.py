"""Kleene's strong three-valued logic: True, False and None for unknown.

Unknown is never resolved by a guess: `and` is false as soon as one side is
false, `or` true as soon as one side is true, and unknown otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

Truth = bool | None


def not_(value: Truth) -> Truth:
    return None if value is None else not value


def and_(values: Iterable[Truth]) -> Truth:
    result: Truth = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def or_(values: Iterable[Truth]) -> Truth:
    result: Truth = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def implies(condition: Truth, consequence: Truth) -> Truth:
    return or_((not_(condition), consequence))


def show(value: Truth) -> str:
    return {True: "true", False: "false", None: "unknown"}[value]
