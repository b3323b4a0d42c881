"""Time on the patient record: when a record happened, and which days a window selects.

A record is a span of days [start, end]; a point record (an observation, a
procedure, an event) starts and ends on its date. An end may be known only
within bounds: an ongoing condition ends at +inf, one that ended at an unknown
date ends somewhere in [start, +inf). A window selects a region of days around
its anchor A, with its amount D converted to days (UCUM: wk = 7 d,
mo = 30.4375 d, a = 365.25 d, the Julian month and year):

    within D before A   [A - D, A]          within D after A   [A, A + D]
    by < D before A     (A - D, A]          by < D after A     [A, A + D)
    by >= D before A    (-inf, A - D]       by >= D after A    [A + D, +inf)
    by > D before A     (-inf, A - D)       by > D after A     (A + D, +inf)
    by = D before A     [A - D, A - D]      by = D after A     [A + D, A + D]
    by != D before A    (-inf, A] but A - D by != D after A    [A, +inf) but A + D
    ... during A        [A, A]: the record spans the anchor (the amount is not used)

A record lies in a window when its span overlaps the region; when that depends
on an end known only within bounds, the answer is unknown.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from eligo.grammar import ast
from eligo.grammar.logic import Truth, and_, or_
from eligo.units import UnitError, convert

INF = math.inf


@dataclass(frozen=True)
class DayRange:
    """The days a record covers: its start lies in [first_start, last_start], its end in [first_end,
    last_end]."""

    first_start: float
    last_start: float
    first_end: float
    last_end: float


@dataclass(frozen=True)
class Region:
    """An interval of days, each end open or closed."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False


def span(start: date | None, end: date | None, ongoing: bool = False) -> DayRange:
    """The span of a record from its dates; a missing start or end is bounded by the other."""
    day_start = None if start is None else start.toordinal()
    day_end = INF if ongoing else (None if end is None else end.toordinal())
    first_start = -INF if day_start is None else day_start
    last_start = day_start if day_start is not None else (INF if day_end is None else day_end)
    first_end = day_end if day_end is not None else first_start
    last_end = INF if day_end is None else day_end
    return DayRange(first_start, last_start, first_end, last_end)


@lru_cache(maxsize=64)
def _days_per(unit: str) -> float:
    return convert(1.0, unit, "d")


def days(amount: ast.Quantity) -> float:
    """A duration in days; `UnitError` when it has no unit or is not a duration."""
    if amount.unit is None:
        raise UnitError(f"{amount.value} has no unit of time")
    return float(amount.value) * _days_per(amount.unit)


# The regions of each comparison, from the anchor's day and the window's far edge (built only for
# the one asked).
_BEFORE: dict[str, Callable[[float, float], tuple[Region, ...]]] = {
    "<=": lambda at, edge: (Region(edge, at),),
    "<": lambda at, edge: (Region(edge, at, low_open=True),),
    ">=": lambda at, edge: (Region(-INF, edge),),
    ">": lambda at, edge: (Region(-INF, edge, high_open=True),),
    "=": lambda at, edge: (Region(edge, edge),),
    "!=": lambda at, edge: (Region(-INF, edge, high_open=True), Region(edge, at, low_open=True)),
}
_AFTER: dict[str, Callable[[float, float], tuple[Region, ...]]] = {
    "<=": lambda at, edge: (Region(at, edge),),
    "<": lambda at, edge: (Region(at, edge, high_open=True),),
    ">=": lambda at, edge: (Region(edge, INF),),
    ">": lambda at, edge: (Region(edge, INF, low_open=True),),
    "=": lambda at, edge: (Region(edge, edge),),
    "!=": lambda at, edge: (Region(at, edge, high_open=True), Region(edge, INF, low_open=True)),
}


def region(window: ast.Window, anchor: date) -> tuple[Region, ...]:
    """The days a window selects; `UnitError` when its amount is not a duration."""
    at = anchor.toordinal()
    if window.relation == "during":
        return (Region(at, at),)
    length = days(window.amount)
    if window.relation == "before":
        return _BEFORE[window.op](at, at - length)
    return _AFTER[window.op](at, at + length)


def _at_most(first: float, last: float, limit: float, strict: bool) -> Truth:
    """Whether a day known to lie in [first, last] is at most (or before) `limit`."""
    if last < limit or (last == limit and not strict):
        return True
    if first > limit or (first == limit and strict):
        return False
    return None


def overlaps(record: DayRange, regions: tuple[Region, ...]) -> Truth:
    """Whether the record's days meet any of the regions."""
    return or_(
        and_(
            (
                _at_most(record.first_start, record.last_start, part.high, part.high_open),
                _at_most(-record.last_end, -record.first_end, -part.low, part.low_open),
            )
        )
        for part in regions
    )
