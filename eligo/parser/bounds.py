"""The units and ranges of a measure's bounds, apart from how `thresholds.py` finds them.

Why a module: what unit a bound carries when the text does not write it next
to the value is one question with three answers, kept in one place. A unit
written once after two bounds of one measure is both bounds' unit ("BMI >18
and <35 kg/m2", "Hb <9 or >16 g/dL"); a measure with one standard unit
carries it when the text omits it (spec "Implied units": "BMI above 40" is
`> 40 kg/m2`; the measures are the word list `implied_units`); and a range
that describes a scale or the normal values ("(0-10 scale)", "normal levels
are 4-10 mmol/L") bounds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from eligo.datafiles import patterns, word_values
from eligo.lexicon import Lexicon
from eligo.parser.readings import ComparisonMatch, NumberReading

_IMPLIED_UNITS = word_values("eligo.parser.data", "implied_units")
_CUE = patterns("eligo.parser.data", "bound_cues.jsonl")


def implied_unit(name: str | None, values: Iterable[object] = ()) -> str | None:
    """The one standard unit of a measure the text gives without its unit ("BMI above 40": kg/m2),
    else None; a percentage is not implied for a fraction below 1 ("LVEF < 0.40" is 40 %, not
    0.40 %)."""
    unit = str(_IMPLIED_UNITS[name]) if name in _IMPLIED_UNITS else None
    if unit == "%" and any(isinstance(v, int | float) and 0 < v < 1 for v in values):
        return None
    return unit


def joined(text: str, last: ComparisonMatch | None, start: int) -> bool:
    """The comparison at `start` is the second bound written right after `last` ("≥18.5 and
    ≤27.5")."""
    return last is not None and _CUE["bounds_joined"].fullmatch(text, last.end, start) is not None


def share_unit(
    text: str,
    found: list[ComparisonMatch],
    last: ComparisonMatch | None,
    start: int,
    code: str,
    bound: tuple[str, object] | None = None,
) -> tuple[list[ComparisonMatch], str | None]:
    """When `last` and the comparison at `start` (its op and value `bound`) bound one measure whose
    unit `code` is written once, after the second ("BMI >18 and <35 kg/m2", "platelets <80,000 or
    >700,000 cells/mm3"): `found` with `last` given the unit, and the measure's name; else `found`
    unchanged and None. A grade, a score or an unknown name shares nothing ("Grade >2 or >5 cm"
    are two things), unless the two bounds close a range ("greater than 50 and less than 100%
    stenosis", "L >12,000 or <4000/uL")."""
    if (
        last is None
        or last.kind != "threshold"
        or last.unit not in (None, code)
        or isinstance(last.value, str)
        or not joined(text, last, start)
    ):
        return found, None
    measure = Lexicon.load().lookup(last.concept) if last.concept else None
    if (measure is None or measure.unit is None) and not (
        last.unit is None and bound is not None and _closes_range(text, last, start, bound)
    ):
        return found, None
    return [
        replace(f, unit=code)
        if f.kind == "threshold" and (f.start, f.end) == (last.start, last.end)
        else f
        for f in found
    ], last.concept


def _closes_range(text: str, last: ComparisonMatch, start: int, bound: tuple[str, object]) -> bool:
    """`last` and `bound` look opposite ways and close a range: the lower below the upper when
    joined by "and" ("> 50 and < 100%"), above it when by "or" (outside a range: "> 12,000 or <
    4000/uL")."""
    op, value = bound
    ops = (last.op[0], op[0])
    if sorted(ops) != ["<", ">"] or not isinstance(value, int | float):
        return False
    assert isinstance(last.value, int | float)  # share_unit returned on a string value
    low, high = (last.value, value) if ops[0] == ">" else (value, last.value)
    outside = _CUE["bounds_or"].search(text, last.end, start) is not None
    return low > high if outside else low < high


def is_scale(text: str, reading: NumberReading) -> bool:
    """The two values of `reading` give a scale or the normal values, not bounds."""
    number, values = reading.number, reading.values
    before = max(0, number.start - 40)
    return bool(
        _CUE["scale_after"].match(text, reading.cursor)
        or _CUE["scale_before"].search(text, before, number.start)
        or (values[0].value == 0 and _CUE["scale_of_value"].search(text, before, number.start))
    )


def lend_unit_back(
    found: list[ComparisonMatch], concept: str, named: tuple[int, int], code: str
) -> list[ComparisonMatch]:
    """ "100 ≤ platelets ≤ 400 × 10^9/L": the bound read reversed before the name (its span ends
    with the name at `named`) takes the unit `code` written once after the bound that follows the
    name; `found` unchanged when there is none."""
    return [
        replace(f, unit=code)
        if f.kind == "threshold"
        and f.unit is None
        and f.concept == concept
        and f.start < named[0]
        and f.end == named[1]
        and not isinstance(f.value, str)
        else f
        for f in found
    ]
