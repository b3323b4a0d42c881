"""What rules ask of one patient, answered once: the one home of the evaluators' semantics.

Two evaluators run rules: the traced one (`evaluate.py`), which explains every
value, and the fast one (`fast.py`), which computes truth values only. Both ask
a `Lookup` which days a window selects, which records count as an entity,
whether a record matches an entity's filters and window, which observations may
be the latest, the age, and the dates a time point may be; and both combine
values with `judged`, `counted` and `spaced`. So the two cannot differ in
meaning, and what one works out for a patient the other reuses. The meaning
itself is described in `evaluate.py`'s docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Literal, cast

from eligo.grammar import ast
from eligo.grammar.compare import compare_value
from eligo.grammar.logic import COMPARE, Truth, agree, and_
from eligo.grammar.patient import Entity, Observation, Patient
from eligo.grammar.printer import entity_text, window_text
from eligo.grammar.records import RecordIndex
from eligo.grammar.timeline import Region, overlaps, region, span
from eligo.grammar.timeline import days as duration_days
from eligo.terminology.codes import record_codes
from eligo.units import UnitError

LISTS = {
    "condition": "conditions",
    "treatment": "treatments",
    "procedure": "procedures",
    "event": "events",
}
Missing = Literal["observations", "window", "none", "undated"]
Combine = Callable[[Iterable[Truth]], Truth]
Latest = tuple[list[Observation], bool, Missing | None]
Tests = Sequence[tuple[str, ast.Quantity | ast.Category]]


def judged(
    values: Iterable[tuple[float | str, str | None, float | None, float | None]],
    tests: Tests,
    combine: Combine,
) -> list[Truth]:
    """Each candidate value (value, unit, ULN, LLN) against every (op, target) test, combined."""

    def one(value: float | str, unit: str | None, uln: float | None, lln: float | None) -> Truth:
        return combine(compare_value(value, unit, op, t, uln, lln).value for op, t in tests)

    return [one(*value) for value in values]


def counted(verdicts: Sequence[Truth], op: str, value: int) -> Truth:
    """`count(...) op value` from each candidate record's match: known when every possible count
    agrees."""
    surely, possibly = sum(v is True for v in verdicts), sum(v is not False for v in verdicts)
    return agree(COMPARE[op](n, value) for n in range(surely, possibly + 1))


Dates = Sequence[date]
Point = ast.AnchorPoint | ast.EntityPoint
Shown = tuple[Entity, Truth, bool]  # a record a time point used, its match, whether latest


def spaced(starts: Dates, ends: Dates, op: str, amount: ast.Quantity) -> tuple[Truth, list[int]]:
    """`interval(start, end) op amount` from the dates each point may be, and the gaps in days
    (`UnitError` when the amount is not a duration)."""
    length = duration_days(amount)
    gaps = sorted({(end - start).days for start in starts for end in ends})
    return agree(COMPARE[op](gap, length) for gap in gaps), gaps


class Lookup:
    """One patient's answers to what rules ask, cached by the protocol's nodes (alive meanwhile)."""

    def __init__(self, patient: Patient, concepts: dict[str, ast.ConceptCode]):
        self.patient = patient
        self.index = RecordIndex(concepts)
        self._regions: dict[int, tuple[tuple[Region, ...] | None, str | None]] = {}
        self._entities: dict[int, list[Entity] | None] = {}
        self._doubts: dict[int, dict[int, str]] = {}  # by entity: records that may be an exception

    def regions(self, window: ast.Window) -> tuple[tuple[Region, ...] | None, str | None]:
        """The days a window selects, or None and why."""
        hit = self._regions.get(id(window))
        if hit is None:
            anchor = self.patient.anchors.get(window.anchor)
            if anchor is None:
                hit = None, f"no {window.anchor} date recorded"
            else:
                try:
                    hit = region(window, anchor), None
                except UnitError as error:
                    hit = None, f"{window_text(window)}: {error}"
            self._regions[id(window)] = hit
        return hit

    def age(self, unit: str | None) -> tuple[float, str | None] | str:
        """The age in the rule's unit and the unit it is counted in, or why it is unknown."""
        patient = self.patient
        if patient.birth_date is None:
            if patient.age is None:
                return "no birth date or age recorded"
            return (
                patient.age,
                None if unit is None else "a",
            )  # a rule's age without a unit is in years
        at = patient.anchors.get("screening")
        if at is None:
            return "no screening date to count the age to"
        born = patient.birth_date
        months = (at.year - born.year) * 12 + at.month - born.month - (at.day < born.day)
        in_days = (at - born).days
        if unit in ("d", "wk"):
            return float(in_days), "d"
        if unit == "mo":
            return float(months), "mo"
        return float(months // 12), None if unit is None else "a"

    def latest(self, concept: str, window: ast.Window | None) -> Latest:
        """The observations of `concept` that may be the latest (in the window), whether one surely
        is in it, and what is missing when none surely is."""
        observations = self.patient.observations
        if observations is None:
            return [], False, "observations"
        counting = self.index.counting_as("observations", observations, concept)
        found: list[tuple[Observation, Truth]] = [(cast(Observation, o), True) for o in counting]
        if window is not None:
            regions = self.regions(window)[0]
            if regions is None:
                return [], False, "window"
            dated = [(o, overlaps(span(o.date, o.date), regions)) for o, _ in found]
            found = [(o, inside) for o, inside in dated if inside is not False]
        if not found:
            return [], False, "none"
        newest = max((o.date for o, inside in found if inside and o.date), default=None)
        latest = [o for o, _ in found if o.date is None or newest is None or o.date >= newest]
        surely = any(inside for _, inside in found)
        return latest, surely, None if surely or window is None else "undated"

    def records(self, entity: ast.EntityRef) -> list[Entity] | None:
        """The records of the entity's list that count as its concept and as none of its exceptions,
        and those read only as a group that may be it (None: the list is not recorded, or none
        counts and a record named only by a code the terminology lacks might: unknown, never
        false). A record that may be an exception without saying so, or may be the concept, is
        `doubtful`."""
        key = id(entity)
        if key in self._entities:
            return self._entities[key]
        kind = LISTS[entity.type]
        records: tuple[Entity, ...] | None = getattr(self.patient, kind)
        found, doubts = None, {}
        if records is not None:
            counting = self.index.counting_as
            found = cast(list[Entity], counting(kind, records, entity.concept))
            excluded = {id(r) for x in entity.excluding for r in counting(kind, records, x)}
            if entity.excluding:
                found = [r for r in found if id(r) not in excluded]
                doubts = {
                    id(r): x
                    for r in found
                    for x in entity.excluding[::-1]
                    if self.index.may_be(r, x)
                }
            # a record whose code is read only as its group (ATC A10BA02 as biguanides, for
            # metformin) may be the concept: a candidate that matches unknown at best
            counted = {id(r) for r in found} | excluded
            wider = [
                r
                for r in cast(list[Entity], records)
                if id(r) not in counted and self.index.read_as_group(r, entity.concept)
            ]
            found = found + wider
            doubts.update((id(r), entity.concept) for r in wider)
            if not found and any(self.index.unreadable(r) for r in records):
                found = None  # a record whose code the terminology lacks may be this concept
        if entity.type == "treatment" and records is not None and (used := self.used(entity)):
            found = [*(found or ()), *used]
        self._entities[key], self._doubts[key] = found, doubts
        return found

    def used(self, entity: ast.EntityRef) -> list[Entity]:
        """The condition records whose code says the patient takes the treatment: a code of its
        long-term (current) use (ICD-10-CM Z79.4 "Long term (current) use of insulin"), which the
        terminology places under the drug or class (`code_parents.jsonl`), none of its exceptions.
        Evidence beside a recorded treatment list, which still decides a treatment's absence (an
        unrecorded condition list is not read as holding one); by code only, as no condition is
        named a drug. The OMOP query reads the same records (`rec_taken`; the twin's treatments)."""
        target = self.index.target(entity.concept)
        if target is None or not self.patient.conditions:
            return []
        records = self.patient.conditions
        excluded = {
            id(r)
            for x in entity.excluding
            for r in self.index.counting_as("conditions", records, x)
        }
        return [
            r
            for r in records
            if r.code is not None and target in record_codes((), r.code) and id(r) not in excluded
        ]

    def doubtful(self, record: Entity, entity: ast.EntityRef) -> str | None:
        """The concept a record may be without saying so: an exception of the entity (a diabetes of
        unknown type for `diabetes except type_1_diabetes_mellitus`) or the entity's own concept (an
        ATC A10BA02, read as biguanides, for `metformin`), else None."""
        if id(entity) not in self._doubts:
            self.records(entity)
        return self._doubts[id(entity)].get(id(record))

    @staticmethod
    def filtered(record: Entity, constraint: ast.Filter) -> Truth:
        """Whether a record meets one of an entity's filters (unknown when the attribute is not
        recorded)."""
        actual = getattr(record, constraint.attribute, None)
        if actual is None:
            return None
        value = actual if isinstance(actual, str) else float(actual)
        return compare_value(value, None, constraint.op, constraint.value).value

    def match(
        self,
        record: Entity,
        entity: ast.EntityRef,
        window: ast.Window | None,
        regions: tuple[Region, ...] | None,
    ) -> Truth:
        """Whether a record meets the entity's filters and the window (`regions`: its days), and is
        surely none of its exceptions (unknown when it may be one: `doubtful`)."""
        checks = [Lookup.filtered(record, constraint) for constraint in entity.where]
        if self.doubtful(record, entity) is not None:
            checks.append(None)
        if window is not None:
            dates = span(record.began, record.ended, record.ongoing)
            checks.append(None if regions is None else overlaps(dates, regions))
        return and_(checks)

    def point(self, point: Point) -> tuple[list[date] | None, str | None, list[Shown]]:
        """The dates a time point may be (None with why when undetermined), and the records that
        decided it, with their match and whether they were the most recent."""
        if isinstance(point, ast.AnchorPoint):
            when = self.patient.anchors.get(point.anchor)
            return ([when], None, []) if when else (None, f"no {point.anchor} date recorded", [])
        records = self.records(point.entity)
        if records is None:
            return None, f"{LISTS[point.entity.type]} not recorded", []
        matches = [(r, self.match(r, point.entity, None, None)) for r in records]
        found = [(r, m) for r, m in matches if m is not False]
        if not any(m for _, m in found):
            return (
                None,
                f"no {entity_text(point.entity)} surely on record",
                [(r, m, False) for r, m in found],
            )
        newest = max((r.began for r, m in found if m and r.began), default=None)
        latest = [r for r, _ in found if r.began is None or newest is None or r.began >= newest]
        shown = [(r, cast(Truth, True), True) for r in latest]
        edges = [r.began if point.edge == "start" else r.ended for r in latest]
        known = {edge for edge in edges if edge is not None}
        if len(known) < len(set(edges)):
            return (
                None,
                f"the {point.edge} of the most recent {point.entity.concept} is not known",
                shown,
            )
        return sorted(known), None, shown
