"""Running compiled rules on a patient: three-valued, and explained.

Every node evaluates to true, false or unknown (Kleene logic, `logic.py`) and
leaves a `Trace` of the facts it used (`trace.py`). Missing data gives unknown,
never a guess:

* `compare`, `range`, `member` use the latest observation of the concept (in
  the window when there is one); when which one is latest is uncertain (undated
  observations, or two on one day) the candidates must agree. Units convert
  through UCUM (`eligo.units`); `{ULN}`/`{LLN}` thresholds divide by the
  observation's own limit; categories order only on a known scale (`ordinal.py`).
  `age` is counted in completed years (months for a rule in `mo`, days for `wk`
  or `d`; years for a rule without unit) from the birth date to the `screening`
  anchor, or taken as recorded; `sex` is demographic.
* `has`/`count` match records by concept (or `is_a`), minus `except`, and
  through the terminology when the rule's concept has a code (the protocol's
  concept table, else `eligo.terminology.codes.bind`): a record of extrapulmonary
  tuberculosis, or coded ICD10CM:A18.0, is tuberculosis; phenelzine, or Nardil,
  is an MAO inhibitor. Observations match by concept or code alike. A record
  whose filtered attribute or date is missing matches unknown, not false. An
  unrecorded list (null) is unknown, an empty one is known absence.
* Windows select days around an anchor (`timeline.py`); no anchor date, unknown.
* `interval` measures from one time point to another: an anchor, or the start or
  end of the most recent matching record.
* `if c then t` is ¬c ∨ t; with `else e`, (c ∧ t) ∨ (¬c ∧ e), or t when c is
  unknown and t = e (`logic.choose`).
* `unresolved` is unknown, unless the patient's screening review answered the
  criterion (`Patient.reviewed`).

Rule text is data: nodes are matched by type, never executed. A protocol's verdict
on a patient, from these evaluations, is `screening.py`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from eligo.grammar import ast
from eligo.grammar.compare import compare_value
from eligo.grammar.logic import COMPARE, Truth, TruthName, agree, and_, choose, implies, not_, or_, show
from eligo.grammar.patient import Entity, Observation, Patient
from eligo.grammar.printer import entity_text, window_text
from eligo.grammar.records import RecordIndex
from eligo.grammar.timeline import Region, overlaps, region, span
from eligo.grammar.timeline import days as duration_days
from eligo.grammar.trace import Fact, Trace, record_fact, traced
from eligo.units import UnitError

LISTS = {"condition": "conditions", "treatment": "treatments", "procedure": "procedures", "event": "events"}


@dataclass(frozen=True)
class Reading:
    """A value of the patient ready to compare, and the fact it comes from."""

    value: float | str
    unit: str | None
    fact: Fact
    uln: float | None = None
    lln: float | None = None


class Evaluator:
    """Evaluates rule expressions on one patient; `criterion_id` finds the review's answer to `unresolved` parts.

    One evaluator serves every criterion of a patient (set `criterion_id` before each): which records count as
    a concept is worked out once per list and concept (`records.RecordIndex`)."""

    def __init__(self, patient: Patient, criterion_id: str | None = None, concepts: dict[str, ast.ConceptCode] | None = None):
        self.patient = patient
        self.criterion_id = criterion_id
        self.concepts = concepts or {}
        self._index = RecordIndex(self.concepts)
        self._regions: dict[int, tuple[tuple[Region, ...] | None, Fact, str | None]] = {}  # by window, for this patient
        self._facts: dict[tuple[int, str, TruthName | None, str | None], Fact] = {}  # a record's fact, by record and match
        self._entities: dict[int, list[Entity] | None] = {}  # the records counting as an entity, by entity

    def run(self, node: ast.Node) -> Trace:
        handler = _HANDLERS.get(type(node))
        if handler is None:  # a subclass of a node type: found by isinstance, once
            handler = next((h for kind, h in _HANDLERS.items() if isinstance(node, kind)), None)
            if handler is None:
                raise TypeError(f"not an expression node: {type(node).__name__}")
        return handler(self, node)

    def _compare(self, node: ast.Compare) -> Trace:
        return self._judge(node, node.concept, node.window, [(node.op, node.value)], and_)

    def _range(self, node: ast.InRange) -> Trace:
        return self._judge(node, node.concept, node.window, [(">=", node.low), ("<=", node.high)], and_)

    def _member(self, node: ast.InSet) -> Trace:
        return self._judge(node, node.concept, node.window, [("=", value) for value in node.values], or_)

    def _and(self, node: ast.And) -> Trace:
        parts = [self.run(arg) for arg in node.args]
        return traced(node, and_(p.truth for p in parts), children=parts)

    def _or(self, node: ast.Or) -> Trace:
        parts = [self.run(arg) for arg in node.args]
        return traced(node, or_(p.truth for p in parts), children=parts)

    def _not(self, node: ast.Not) -> Trace:
        part = self.run(node.arg)
        return traced(node, not_(part.truth), children=[part])

    def _if(self, node: ast.If) -> Trace:
        condition, then = self.run(node.condition), self.run(node.then)
        if node.otherwise is None:
            return traced(node, implies(condition.truth, then.truth), children=[condition, then])
        otherwise = self.run(node.otherwise)
        return traced(node, choose(condition.truth, then.truth, otherwise.truth), children=[condition, then, otherwise])

    # --- windows ------------------------------------------------------------------------------------
    def _region(self, window: ast.Window | None) -> tuple[tuple[Region, ...] | None, list[Fact], str | None]:
        """The days a window selects, the anchor's fact, and why the days are unknown when they are."""
        if window is None:
            return None, [], None
        hit = self._regions.get(id(window))  # the window is the protocol's: alive while this evaluator is
        if hit is None:
            anchor = self.patient.anchors.get(window.anchor)
            fact = Fact(source="anchor", concept=window.anchor, date=anchor)
            if anchor is None:
                hit = None, fact, f"no {window.anchor} date recorded"
            else:
                try:
                    hit = region(window, anchor), fact, None
                except UnitError as error:
                    hit = None, fact, f"{window_text(window)}: {error}"
            self._regions[id(window)] = hit
        return hit[0], [hit[1]], hit[2]

    # --- values -------------------------------------------------------------------------------------
    def _age(self, unit: str | None) -> tuple[list[Reading], str | None, list[Fact]]:
        patient = self.patient
        if patient.birth_date is None:
            if patient.age is None:
                return [], "no birth date or age recorded", []
            counted = None if unit is None else "a"  # a rule's age without a unit is in years
            return [Reading(patient.age, counted, Fact(source="age", value=patient.age, unit=counted, note="as recorded"))], None, []
        at = patient.anchors.get("screening")
        anchor = Fact(source="anchor", concept="screening", date=at)
        if at is None:
            return [], "no screening date to count the age to", [anchor]
        born = patient.birth_date
        months = (at.year - born.year) * 12 + at.month - born.month - (at.day < born.day)
        in_days = (at - born).days
        value, counted = {"d": (in_days, "d"), "wk": (in_days, "d"), "mo": (months, "mo"), None: (months // 12, None)}.get(unit, (months // 12, "a"))
        fact = Fact(source="age", value=float(value), unit=counted, date=at, note=f"born {born}")
        return [Reading(float(value), counted, fact)], None, []

    def _readings(self, concept: str, window: ast.Window | None, unit: str | None) -> tuple[list[Reading], bool, str | None, list[Fact]]:
        """The values that may be the latest of `concept`, whether one surely exists, why not, and context facts."""
        if concept == "age":
            readings, reason, facts = self._age(unit)
            return readings, bool(readings), reason, facts
        if concept == "sex":
            sex = self.patient.sex
            if sex is None:
                return [], False, "sex not recorded", []
            return [Reading(sex, None, Fact(source="sex", value=sex))], True, None, []
        observations = self.patient.observations
        if observations is None:
            return [], False, "observations not recorded", []
        counting = cast(list[Observation], self._index.counting_as("observations", observations, concept))
        found: list[tuple[Observation, Truth]] = [(o, True) for o in counting]
        regions, facts, why = self._region(window)
        reason = f"no {concept} observation"
        if window is not None:
            reason = f"no {concept} observation {window_text(window)}"
            if regions is None:
                return [], False, why, facts
            found = [(o, inside) for o, _ in found if (inside := overlaps(span(o.date, o.date), regions)) is not False]
        if not found:
            return [], False, reason, facts
        newest = max((o.date for o, inside in found if inside and o.date), default=None)
        latest = [o for o, _ in found if o.date is None or newest is None or o.date >= newest]
        readings = [
            Reading(
                o.value,
                o.unit,
                Fact(
                    source="observation",
                    concept=o.label,
                    value=o.value,
                    unit=o.unit,
                    date=o.date,
                    attributes={name: limit for name, limit in (("ULN", o.uln), ("LLN", o.lln)) if limit is not None},
                ),
                o.uln,
                o.lln,
            )
            for o in latest
        ]
        surely = any(inside for _, inside in found)
        return readings, surely, None if surely or window is None else f"undated {concept} observations: none surely {window_text(window)}", facts

    def _judge(self, node: ast.Node, concept: str, window: ast.Window | None, tests: list[tuple[str, ast.Quantity | ast.Category]], combine: Callable[[Iterable[Truth]], Truth]) -> Trace:
        """A value node: each candidate latest reading against every (op, target) test, combined by and/or."""
        unit = next((target.unit for _, target in tests if isinstance(target, ast.Quantity)), None)
        readings, surely, reason, facts = self._readings(concept, window, unit)
        verdicts = []
        for reading in readings:
            comparisons = [compare_value(reading.value, reading.unit, op, target, reading.uln, reading.lln) for op, target in tests]
            verdicts.append(combine(c.value for c in comparisons))
            shown = next((c for c in comparisons if c.converted is not None), comparisons[0])
            notes = "; ".join(dict.fromkeys(n for n in (reading.fact.note, *(c.note for c in comparisons)) if n))
            facts.append(reading.fact.model_copy(update={"converted": shown.converted, "converted_unit": shown.converted_unit, "note": notes or None}))
        value = agree(verdicts) if surely else None
        if surely and value is None and len(readings) > 1:
            reason = f"which {concept} observation is the latest is uncertain, and the candidates disagree"
        return traced(node, value, reason, facts)

    # --- records ------------------------------------------------------------------------------------
    def _records(self, entity: ast.EntityRef) -> list[Entity] | None:
        """The records of the entity's list that count as its concept and as none of its exceptions (None: the
        list is not recorded); once per patient and entity (the entity is the protocol's, alive meanwhile)."""
        key = id(entity)
        if key in self._entities:
            return self._entities[key]
        kind = LISTS[entity.type]
        records: tuple[Entity, ...] | None = getattr(self.patient, kind)
        found = None
        if records is not None:
            found = cast(list[Entity], self._index.counting_as(kind, records, entity.concept))
            if entity.excluding:
                excluded = {id(r) for other in entity.excluding for r in self._index.counting_as(kind, records, other)}
                found = [r for r in found if id(r) not in excluded]
        self._entities[key] = found
        return found

    def _match(self, record: Entity, entity: ast.EntityRef, window: ast.Window | None, regions: tuple[Region, ...] | None) -> tuple[Truth, str | None]:
        """Whether a record meets the entity's filters and the window, and what is missing when unknown."""
        checks: list[Truth] = []
        missing: list[str] = []
        for constraint in entity.where:
            actual = getattr(record, constraint.attribute, None)
            if actual is None:
                checks.append(None)
                missing.append(f"no {constraint.attribute} recorded")
                continue
            comparison = compare_value(actual if isinstance(actual, str) else float(actual), None, constraint.op, constraint.value)
            checks.append(comparison.value)
            if comparison.value is None and comparison.note:
                missing.append(comparison.note)
        if window is not None:
            inside = None if regions is None else overlaps(span(record.began, record.ended, record.ongoing), regions)
            checks.append(inside)
            if inside is None:
                missing.append(f"no {window.anchor} date" if regions is None else "its dates do not settle the window")
        value = and_(checks)
        return value, "; ".join(missing) if value is None and missing else None

    def _matches(self, entity: ast.EntityRef, window: ast.Window | None, regions: tuple[Region, ...] | None, facts: list[Fact]) -> list[Truth] | None:
        """Each candidate record's match (None when the list is not recorded), its fact appended to `facts`."""
        records = self._records(entity)
        if records is None:
            return None
        verdicts = []
        for record in records:
            matched, note = self._match(record, entity, window, regions)
            verdicts.append(matched)
            facts.append(self._fact(entity.type, record, show(matched), note))
        return verdicts

    def _fact(self, entity_type: str, record: Entity, matched: TruthName | None = None, note: str | None = None) -> Fact:
        """A record's fact, made once per patient for each way it matched (records live as long as the patient)."""
        key = (id(record), entity_type, matched, note)
        fact = self._facts.get(key)
        if fact is None:
            fact = self._facts[key] = record_fact(entity_type, record, matched, note)
        return fact

    def _exists(self, node: ast.Exists) -> Trace:
        regions, facts, why = self._region(node.window)
        results: list[Truth] = []
        unrecorded = []
        for entity in node.entities:
            verdicts = self._matches(entity, node.window, regions, facts)
            if verdicts is None:
                unrecorded.append(LISTS[entity.type])
                results.append(None)
            else:
                results.extend(verdicts)
        value = or_(results)
        reason = None
        if unrecorded and value is not True:
            reason = ", ".join(dict.fromkeys(unrecorded)) + " not recorded"
        elif value is None and why:
            reason = why
        elif value is False and not any(f.source != "anchor" for f in facts):
            reason = f"no {entity_text(node.entities[0])} on record" if len(node.entities) == 1 else "none of them on record"
        return traced(node, value, reason, facts)

    def _count(self, node: ast.Count) -> Trace:
        regions, facts, why = self._region(node.window)
        verdicts = self._matches(node.entity, node.window, regions, facts)
        if verdicts is None:
            return traced(node, None, f"{LISTS[node.entity.type]} not recorded", facts)
        surely, possibly = sum(v is True for v in verdicts), sum(v is not False for v in verdicts)
        value = agree(COMPARE[node.op](n, node.value) for n in range(surely, possibly + 1))
        reason = f"{surely} matching" + (f", {possibly - surely} more uncertain" if possibly > surely else "") + (f"; {why}" if why and possibly > surely else "")
        return traced(node, value, reason, facts)

    def _point(self, point: ast.AnchorPoint | ast.EntityPoint, facts: list[Fact]) -> tuple[list[date] | None, str | None]:
        """The dates a time point may be (None with a reason when undetermined)."""
        if isinstance(point, ast.AnchorPoint):
            when = self.patient.anchors.get(point.anchor)
            facts.append(Fact(source="anchor", concept=point.anchor, date=when))
            return ([when], None) if when else (None, f"no {point.anchor} date recorded")
        records = self._records(point.entity)
        if records is None:
            return None, f"{LISTS[point.entity.type]} not recorded"
        found = [(r, m) for r in records if (m := self._match(r, point.entity, None, None)[0]) is not False]
        newest = max((r.began for r, m in found if m and r.began), default=None)
        if not any(m for _, m in found):
            facts.extend(self._fact(point.entity.type, r, show(m)) for r, m in found)
            return None, f"no {entity_text(point.entity)} surely on record"
        latest = [r for r, _ in found if r.began is None or newest is None or r.began >= newest]
        facts.extend(self._fact(point.entity.type, r) for r in latest)
        edges = [r.began if point.edge == "start" else r.ended for r in latest]
        known = {edge for edge in edges if edge is not None}
        if len(known) < len(set(edges)):
            return None, f"the {point.edge} of the most recent {point.entity.concept} is not known"
        return sorted(known), None

    def _interval(self, node: ast.Interval) -> Trace:
        facts: list[Fact] = []
        (starts, why_start), (ends, why_end) = self._point(node.start, facts), self._point(node.end, facts)
        if starts is None or ends is None:
            return traced(node, None, "; ".join(w for w in (why_start, why_end) if w), facts)
        try:
            length = duration_days(node.amount)
        except UnitError as error:
            return traced(node, None, str(error), facts)
        gaps = sorted({(end - start).days for start in starts for end in ends})
        value = agree(COMPARE[node.op](gap, length) for gap in gaps)
        return traced(node, value, " or ".join(f"{gap} d" for gap in gaps) + " apart", facts)

    def _unresolved(self, node: ast.Unresolved) -> Trace:
        answer = self.patient.reviewed.get(self.criterion_id) if self.criterion_id else None
        if answer is None:
            return traced(node, None, f"not decidable from the record ({node.reason}): needs a screening review")
        return traced(node, answer, facts=[Fact(source="review", concept=self.criterion_id, value=answer, note="answered at screening review")])


# Each expression node's evaluation, by the node's type (a dict lookup, not a chain of isinstance checks).
_HANDLERS: dict[type[ast.Node], Callable[[Evaluator, Any], Trace]] = {
    ast.Compare: Evaluator._compare,
    ast.InRange: Evaluator._range,
    ast.InSet: Evaluator._member,
    ast.Exists: Evaluator._exists,
    ast.Count: Evaluator._count,
    ast.Interval: Evaluator._interval,
    ast.And: Evaluator._and,
    ast.Or: Evaluator._or,
    ast.Not: Evaluator._not,
    ast.If: Evaluator._if,
    ast.Unresolved: Evaluator._unresolved,
}


def evaluate(node: ast.Node, patient: Patient, criterion_id: str | None = None, concepts: dict[str, ast.ConceptCode] | None = None) -> Trace:
    """The truth value of one expression on a patient, explained (`concepts`: the protocol's concept table)."""
    return Evaluator(patient, criterion_id, concepts).run(node)
