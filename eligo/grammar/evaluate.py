"""Running compiled rules on a patient: three-valued, and explained.

Every node evaluates to true, false or unknown (Kleene logic, `logic.py`) and
leaves a `Trace` of the values it used: which observation, converted to which
unit, which anchor date. Missing data gives unknown, never a guess; an
`unresolved` criterion is unknown unless the patient's screening review
answered it. Rule text is data: nodes are matched by type, never executed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from eligo.grammar import ast
from eligo.grammar.logic import Truth, and_, implies, not_, or_, show
from eligo.grammar.patient import Patient
from eligo.grammar.printer import entity_text, expr_text, value_text, window_text
from eligo.units import LIMITS, UnitError, convert

DAYS = {"a": 365.25, "mo": 30.4375, "wk": 7.0, "d": 1.0, "h": 1 / 24, "min": 1 / 1440, "s": 1 / 86400}
ORDINAL_SCALES = (
    {"-": 0, "negative": 0, "neg": 0, "trace": 0.5, "+-": 0.5, "±": 0.5, "+": 1, "1+": 1, "++": 2, "2+": 2, "+++": 3, "3+": 3, "++++": 4, "4+": 4},
    {"mild": 1, "moderate": 2, "severe": 3, "life_threatening": 4, "life-threatening": 4, "fatal": 5},
)
LIST_OF = {"condition": "conditions", "treatment": "treatments", "procedure": "procedures", "event": "events"}


class Trace(BaseModel):
    """One node's verdict and the values it used."""

    model_config = ConfigDict(frozen=True)
    rule: str
    value: Literal["true", "false", "unknown"]
    because: str = ""
    children: tuple[Trace, ...] = ()

    def render(self, indent: str = "") -> str:
        line = f"{indent}{self.value:<7} {self.rule}" + (f"  ({self.because})" if self.because else "")
        return "\n".join([line, *(child.render(indent + "  ") for child in self.children)])


@dataclass
class Outcome:
    value: Truth
    trace: Trace


def _trace(node, value: Truth, because: str = "", children=()) -> Outcome:
    text = node if isinstance(node, str) else expr_text(node)
    return Outcome(value, Trace(rule=text, value=show(value), because=because, children=tuple(c.trace for c in children)))


def _compare(left: float, op: str, right: float) -> bool:
    return {"<": left < right, "<=": left <= right, "=": left == right, "!=": left != right, ">=": left >= right, ">": left > right}[op]


def _ordinal(value: str) -> float | None:
    key = value.strip().lower().replace(" ", "")
    return next((scale[key] for scale in ORDINAL_SCALES if key in scale), None)


@dataclass
class Measured:
    """A patient value ready to compare: a number in a unit, or a category."""

    value: float | str
    unit: str | None = None
    uln: float | None = None
    lln: float | None = None
    source: str = ""


class Evaluator:
    def __init__(self, patient: Patient, criterion_id: str | None = None):
        self.patient = patient
        self.criterion_id = criterion_id

    # --- values ----------------------------------------------------------------------
    def _age(self) -> Measured | None:
        if self.patient.age is not None:
            return Measured(self.patient.age, "a", source=f"age {self.patient.age} a")
        at = self.patient.anchors.get("screening")
        if self.patient.birth_date is None or at is None:
            return None
        years = (at - self.patient.birth_date).days / DAYS["a"]
        return Measured(years, "a", source=f"born {self.patient.birth_date}, {years:.1f} a at screening {at}")

    def _latest(self, concept: str, window: ast.Window | None) -> tuple[Measured | None, str]:
        if concept == "age":
            age = self._age()
            return age, "" if age else "no age or birth date with a screening date"
        if concept == "sex":
            sex = self.patient.sex
            return (Measured(sex, source=f"sex {sex}") if sex else None), "" if sex else "sex not recorded"
        if self.patient.observations is None:
            return None, "observations not recorded"
        found = [o for o in self.patient.observations if o.concept == concept]
        if window is not None:
            kept = []
            for observation in found:
                inside = self._in_window(observation.date, observation.date, window)
                if inside is None:
                    return None, f"no date for {concept} observation, or no {window.anchor} date"
                if inside:
                    kept.append(observation)
            found = kept
        if not found:
            return None, f"no {concept} observation" + (f" {window_text(window)}" if window else "")
        latest = max(found, key=lambda o: o.date or date.min)
        when = f" on {latest.date}" if latest.date else ""
        shown = (f"{latest.value:g}" if isinstance(latest.value, float) else latest.value) + (f" {latest.unit}" if latest.unit else "")
        return Measured(latest.value, latest.unit, latest.uln, latest.lln, f"{concept} {shown}{when}"), ""

    def _test(self, measured: Measured, op: str, target) -> tuple[Truth, str]:
        if isinstance(target, ast.Category) or isinstance(measured.value, str):
            if not isinstance(target, ast.Category) or not isinstance(measured.value, str):
                return None, f"{measured.source} cannot be compared with {value_text(target)}"
            left, right = _ordinal(measured.value), _ordinal(target.value)
            if left is not None and right is not None:
                return _compare(left, op, right), measured.source
            if op in ("=", "!="):
                equal = measured.value.strip().lower() == target.value.strip().lower()
                return (equal if op == "=" else not equal), measured.source
            return None, f"{target.value!r} is not on an ordinal scale"
        value = float(measured.value)
        if target.unit in LIMITS:
            limit = measured.uln if target.unit == "{ULN}" else measured.lln
            if measured.unit == target.unit:
                return _compare(value, op, target.value), measured.source
            if limit is None:
                return None, f"{measured.source}: no {target.unit[1:-1]} recorded"
            ratio = value / limit
            return _compare(ratio, op, float(target.value)), f"{measured.source} = {ratio:.2f} {target.unit}"
        if target.unit is None or measured.unit in (None, target.unit):
            if target.unit is not None and measured.unit is None:
                return None, f"{measured.source} has no unit to compare with {target.unit}"
            return _compare(value, op, float(target.value)), measured.source
        try:
            converted = convert(value, measured.unit, target.unit)
        except UnitError as error:
            return None, f"{measured.source}: {error}"
        return _compare(converted, op, float(target.value)), f"{measured.source} = {converted:g} {target.unit}"

    # --- time -------------------------------------------------------------------------
    def _amount_days(self, amount: ast.Quantity) -> float | None:
        factor = DAYS.get(amount.unit or "")
        return None if factor is None else float(amount.value) * factor

    def _in_window(self, start: date | None, end: date | None, window: ast.Window) -> Truth:
        """Whether a record spanning [start, end] lies in the window; None when a date is missing."""
        anchor = self.patient.anchors.get(window.anchor)
        days = self._amount_days(window.amount)
        if anchor is None or days is None or (start is None and end is None):
            return None
        first, last = start or end, end or start
        if window.relation == "during":
            return first <= anchor <= last
        reach = timedelta(days=days)
        if window.relation == "before":
            distance = (anchor - last).days if last <= anchor else -1
            if window.op in ("<=", "<"):
                return last >= anchor - reach and first <= anchor and _compare(max(distance, 0), window.op, days)
            return first <= anchor and _compare(distance, window.op, days)
        distance = (first - anchor).days if first >= anchor else -1
        if window.op in ("<=", "<"):
            return first <= anchor + reach and last >= anchor and _compare(max(distance, 0), window.op, days)
        return _compare(distance, window.op, days)

    # --- entities ---------------------------------------------------------------------
    def _records(self, entity: ast.EntityRef):
        records = getattr(self.patient, LIST_OF[entity.type])
        if records is None:
            return None
        return [r for r in records if r.concept == entity.concept and r.concept not in entity.excluding]

    def _dates(self, record) -> tuple[date | None, date | None]:
        if hasattr(record, "onset"):
            return record.onset, record.end or record.onset
        if hasattr(record, "start"):
            return record.start, record.end or record.start
        return record.date, record.date

    def _matches(self, record, entity: ast.EntityRef, window: ast.Window | None) -> Truth:
        checks: list[Truth] = []
        for constraint in entity.where:
            actual = getattr(record, constraint.attribute, None)
            if actual is None:
                checks.append(None)
                continue
            measured = Measured(actual if isinstance(actual, str) else float(actual), source=f"{constraint.attribute} {actual}")
            checks.append(self._test(measured, constraint.op, constraint.value)[0])
        if window is not None:
            checks.append(self._in_window(*self._dates(record), window))
        return and_(checks)

    def _describe(self, record) -> str:
        start, end = self._dates(record)
        when = "" if start is None else f" {start}" + ("" if end in (None, start) else f"..{end}")
        extra = "".join(f" {name}={getattr(record, name)}" for name in ("status", "grade", "severity", "setting", "line") if getattr(record, name, None) is not None)
        return f"{record.concept}{when}{extra}"

    def exists(self, node: ast.Exists) -> Outcome:
        results: list[Truth] = []
        notes = []
        for entity in node.entities:
            records = self._records(entity)
            if records is None:
                results.append(None)
                notes.append(f"{LIST_OF[entity.type]} not recorded")
                continue
            for record in records:
                matched = self._matches(record, entity, node.window)
                results.append(matched)
                notes.append(f"{self._describe(record)}: {show(matched)}")
            if not records:
                results.append(False)
                notes.append(f"no {entity.concept} on record")
        return _trace(node, or_(results), "; ".join(notes))

    def count(self, node: ast.Count) -> Outcome:
        records = self._records(node.entity)
        if records is None:
            return _trace(node, None, f"{LIST_OF[node.entity.type]} not recorded")
        verdicts = [self._matches(r, node.entity, node.window) for r in records]
        certain, possible = sum(v is True for v in verdicts), sum(v is not False for v in verdicts)
        low, high = _compare(certain, node.op, node.value), _compare(possible, node.op, node.value)
        value = low if low == high and all(_compare(n, node.op, node.value) == low for n in range(certain, possible + 1)) else None
        return _trace(node, value, f"{certain} matching record(s)" + (f", {possible - certain} uncertain" if possible > certain else ""))

    def _point(self, point) -> tuple[date | None, str]:
        if isinstance(point, ast.AnchorPoint):
            when = self.patient.anchors.get(point.anchor)
            return when, f"{point.anchor} {when}" if when else f"no {point.anchor} date"
        records = self._records(point.entity)
        if not records:
            return None, f"no {entity_text(point.entity)} on record"
        dated = [self._dates(r) for r in records]
        edge = 0 if point.edge == "start" else 1
        days = [d[edge] for d in dated if d[edge] is not None]
        if not days:
            return None, f"no {point.edge} date of {point.entity.concept}"
        return max(days), f"{point.edge} of {point.entity.concept} {max(days)}"

    def interval(self, node: ast.Interval) -> Outcome:
        (start, a), (end, b) = self._point(node.start), self._point(node.end)
        days = self._amount_days(node.amount)
        if start is None or end is None or days is None:
            return _trace(node, None, f"{a}; {b}")
        gap = (end - start).days
        return _trace(node, _compare(gap, node.op, days), f"{a}; {b}; {gap} d apart")

    # --- expressions ----------------------------------------------------------------------
    def run(self, node) -> Outcome:
        match node:
            case ast.Compare():
                measured, why = self._latest(node.concept, node.window)
                if measured is None:
                    return _trace(node, None, why)
                value, because = self._test(measured, node.op, node.value)
                return _trace(node, value, because)
            case ast.InRange():
                measured, why = self._latest(node.concept, node.window)
                if measured is None:
                    return _trace(node, None, why)
                low, because = self._test(measured, ">=", node.low)
                high, _ = self._test(measured, "<=", node.high)
                return _trace(node, and_((low, high)), because)
            case ast.InSet():
                measured, why = self._latest(node.concept, node.window)
                if measured is None:
                    return _trace(node, None, why)
                tests = [self._test(measured, "=", v) for v in node.values]
                return _trace(node, or_(t[0] for t in tests), tests[0][1])
            case ast.Exists():
                return self.exists(node)
            case ast.Count():
                return self.count(node)
            case ast.Interval():
                return self.interval(node)
            case ast.And():
                parts = [self.run(arg) for arg in node.args]
                return _trace(node, and_(p.value for p in parts), children=parts)
            case ast.Or():
                parts = [self.run(arg) for arg in node.args]
                return _trace(node, or_(p.value for p in parts), children=parts)
            case ast.Not():
                part = self.run(node.arg)
                return _trace(node, not_(part.value), children=[part])
            case ast.If():
                condition = self.run(node.condition)
                then = self.run(node.then)
                if node.otherwise is None:
                    return _trace(node, implies(condition.value, then.value), children=[condition, then])
                otherwise = self.run(node.otherwise)
                value = or_((and_((condition.value, then.value)), and_((not_(condition.value), otherwise.value))))
                return _trace(node, value, children=[condition, then, otherwise])
            case ast.Unresolved():
                answer = self.patient.reviewed.get(self.criterion_id) if self.criterion_id else None
                because = f"{node.reason}: {node.detail}" + ("" if answer is None else f"; answered at screening review: {show(answer)}")
                return _trace(node, answer, because)
        raise TypeError(f"not an expression node: {type(node).__name__}")


Verdict = Literal["eligible", "ineligible", "needs_review"]


class CriterionResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    kind: Literal["inclusion", "exclusion"]
    value: Literal["true", "false", "unknown"]
    trace: Trace


class Screening(BaseModel):
    """A patient's verdict on a protocol, with the criteria that decide it."""

    model_config = ConfigDict(frozen=True)
    protocol: str
    patient: str
    verdict: Verdict
    deciding: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    criteria: tuple[CriterionResult, ...] = ()


def evaluate_criterion(criterion: ast.Criterion, patient: Patient) -> CriterionResult:
    outcome = Evaluator(patient, criterion.id).run(criterion.rule)
    return CriterionResult(id=criterion.id, kind=criterion.kind, value=show(outcome.value), trace=outcome.trace)


def screen(protocol: ast.Protocol, patient: Patient) -> Screening:
    """Eligible when every inclusion is true and every exclusion false; ineligible when one decides against."""
    results = tuple(evaluate_criterion(c, patient) for c in protocol.criteria)
    against = tuple(r.id for r in results if (r.kind == "inclusion" and r.value == "false") or (r.kind == "exclusion" and r.value == "true"))
    unknown = tuple(r.id for r in results if r.value == "unknown")
    verdict: Verdict = "ineligible" if against else ("needs_review" if unknown else "eligible")
    return Screening(protocol=protocol.id, patient=patient.id, verdict=verdict, deciding=against, unknown=unknown, criteria=results)
