"""What a comparison measures: its subjects, and the unit it was written in.

A threshold's own concept when the lexicon knows it as a measure, else the
measured mentions inside or just before it whose unit fits ("AST, ALT, and ALP
≤ 3 x ULN" shares one comparison, "INR or aPTT" makes alternatives); a value right
after another in the same unit shares its subject ("<4,000 or >14,000 cells/μL");
a unit the parser did not read after a known measure's value is that measure's
own. Apart from `measures.py`, which turns the subjects into comparisons.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.categories import SEX_WORD
from eligo.compiler.parts import MEASURED_KINDS
from eligo.compiler.view import CriterionView
from eligo.datafiles import words
from eligo.facts import ThresholdFact
from eligo.lexicon import Concept
from eligo.units import LIMITS, UnitError, same_measure

# What may stand between two measured names sharing one comparison: "AST, ALT, and ALP", "INR or
# aPTT", "AST and /or ALT" (a spaced "and/or").
_NAME_GAP = re.compile(
    r"^\s*(?:\([^()]{0,20}\)\s*)?(?:,\s*)?(?:(and\s*/\s*or|or|and)\s+)?(?:serum\s+)?\(?$", re.I
)
_NOT_AGE = re.compile(r"\b(?:onset|diagnosis|duration|since|history)\b[^.;\d]{0,30}$", re.I)
_UNIT_TOKEN = (
    r"(?:(?!(?:and/or|or/and|and|or)(?![\w/]))[A-Za-z]*[/^²\\][A-Za-z0-9²^\\/.]*|"
    rf"{phrases.alternation(words('eligo.compiler.data', 'unit_words'))})"
)
_UNREAD_UNIT = re.compile(rf"(?:[\s(]*{_UNIT_TOKEN}(?![\w-])\)?)+", re.I)
# What may stand between two values sharing one subject: a bracket, the sex the first holds for
# ("< 11 g/dL for men and < 10 g/dL for women"), a coordinator; CT.gov escapes brackets and
# comparators with a backslash ("\< 10 g/dL \[female\]").
_ELIDED = re.compile(
    rf"^\s*(?:\\?[(\[][^()\[\]]*\\?[)\]]\s*)*(?:(?:in|for)\s+{SEX_WORD}\s*)?(?:,\s*)?"
    r"(?:(and/or|or|and)\s+)?\\?$",
    re.I,
)
_RESTATED = re.compile(r"^\s*[(\[]\s*$")


def fits(unit: str | None, concept: Concept) -> bool:
    """Whether a comparison's unit can measure the concept (no unit, a multiple of a normal limit,
    one dimension, or a concentration by substance of a concept kept by mass)."""
    if unit is None or unit in LIMITS:
        return True
    if concept.unit is None:
        return False
    try:
        return same_measure(unit, concept.unit)
    except UnitError:
        return False


def measured_subjects(
    view: CriterionView, threshold: ThresholdFact, start: int, end: int, floor: int
) -> tuple[list[str], bool]:
    """The measured concepts a comparison at [start, end) is about, and whether they are
    alternatives.

    The threshold's own concept when the lexicon knows it as a measure, else the measure named
    inside the threshold or just before it (no other value between); measures listed before it share
    it ("AST, ALT, and ALP ≤ 3 x ULN").
    """
    own = view.lexicon.lookup(threshold.concept) if threshold.concept else None
    number = re.search(r"\d", view.text[start:end])
    if (
        own is not None
        and own.id == "age"
        and _NOT_AGE.search(view.text, floor, start + (number.start() if number else 0))
    ):
        return [], False  # "Age of onset greater than 45", "Duration of symptoms > 1 year": no age
    fitting = [
        m
        for m in view.measured(floor, end)
        if fits(threshold.unit, m[0]) and can_name(view, m, start, end)
    ]
    if own is not None and own.kind in MEASURED_KINDS and fits(threshold.unit, own):
        chosen = [m for m in fitting if m[0].id == own.id] or [(own, start, start)]
    else:
        chosen = fitting
    if not chosen:
        return [], False
    anchor = chosen[-1]
    subjects, alternatives = [anchor], False
    for concept, m_start, m_end in reversed([m for m in fitting if m[2] <= anchor[1]]):
        gap = _NAME_GAP.match(view.text[m_end : subjects[0][1]])
        if gap is None:
            break
        alternatives = alternatives or "or" in (gap.group(1) or "").lower()
        subjects.insert(0, (concept, m_start, m_end))
    return list(dict.fromkeys(c.id for c, _, _ in subjects)), alternatives


def can_name(view: CriterionView, measured: tuple[Concept, int, int], start: int, end: int) -> bool:
    """Whether a measured mention can be what the comparison at [start, end) compares: inside it, or
    just before."""
    m_start, m_end = measured[1], measured[2]
    if start <= m_start < end:
        return True
    gap = view.text[m_end:start]
    return m_end <= start and len(gap) <= 60 and not re.search(r"[\d<>=≤≥;]|\.\s", gap)


def unread_unit(
    view: CriterionView, group: list[ThresholdFact], subjects: list[str], end: int
) -> tuple[list[ThresholdFact], int]:
    """ "BMI 19-32 kilogram/square meter (kg/m²)", "kg/m\\^2": a unit the parser did not read, right
    after the value of one known measure, is that measure's own unit (a unitless value would compare
    with no reading); and where the comparison ends."""
    concept = view.lexicon.get(subjects[0]) if len(subjects) == 1 else None
    unit = _UNREAD_UNIT.match(view.text, end)
    if (
        concept is None
        or concept.unit is None
        or unit is None
        or any(t.unit is not None for t in group)
    ):
        return group, end
    return [t.model_copy(update={"unit": concept.unit}) for t in group], unit.end()


def shares_subject(
    view: CriterionView,
    previous: tuple[int, str | None, list[str], bool],
    threshold: ThresholdFact,
    start: int,
) -> bool:
    """ "<4,000 cells/μL or >14,000 cells/μL": a value right after another, in the same unit, shares
    its subject."""
    p_end, p_unit, _, _ = previous
    if not _ELIDED.match(view.text[p_end:start]):
        return False
    try:
        return p_unit == threshold.unit or (
            p_unit is not None
            and threshold.unit is not None
            and same_measure(p_unit, threshold.unit)
        )
    except UnitError:
        return False


def restates(
    view: CriterionView,
    compared: tuple[int, list[ThresholdFact], list[str], bool],
    group: list[ThresholdFact],
    start: int,
) -> bool:
    """ "LDL-C ≥ 1.8 mmol/L (≥ 70 mg/dL)": a comparison in a bracket right after the last one, with
    its operators and a unit measuring the same thing, restates it in other units."""
    end, before, _, _ = compared
    if not _RESTATED.match(view.text[end:start]) or [t.op for t in group] != [t.op for t in before]:
        return False
    units = [(t.unit, b.unit) for t, b in zip(group, before)]
    try:
        return all(
            a is not None and b is not None and a != b and same_measure(a, b) for a, b in units
        )
    except UnitError:
        return False
