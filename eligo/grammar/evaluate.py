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
  is an MAO inhibitor. A record counts for `X except Y` as true only when it
  cannot be a Y: one of Y is no match, one whose concept is wider than Y or
  overlaps it (diabetes of no type, its ketoacidosis, for `diabetes except
  type_1_diabetes_mellitus`: `Lookup.doubtful`) matches unknown ("may be type 1
  diabetes mellitus"), even beside a record of Y: nothing says a patient has
  one diabetes, or one cancer. Observations match by concept or code alike. A record
  whose filtered attribute or date is missing matches unknown, not false. An
  unrecorded list (null) is unknown, an empty one is known absence. `has treatment`
  also reads the conditions coded for its concept: a record of a drug's long-term
  use (ICD-10-CM Z79.4, insulin) says it is taken (`Lookup.used`), beside a
  recorded treatment list.
* Windows select days around an anchor (`timeline.py`); no anchor date, unknown.
* `interval` measures from one time point to another: an anchor, or the start or
  end of the most recent matching record.
* `if c then t` is ¬c ∨ t; with `else e`, (c ∧ t) ∨ (¬c ∧ e), or t when c is
  unknown and t = e (`logic.choose`).
* `unresolved` is unknown, unless the patient's screening review answered the
  criterion (`Patient.reviewed`).

Rule text is data: nodes are matched by type, never executed. A protocol's verdict
on a patient, from these evaluations, is `screening.py`'s. What the nodes ask of
the patient (windows, matching records, latest values, age, time points) is
answered by `lookup.py`, shared with the fast evaluator (`fast.py`), which
computes the same values without explaining them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from eligo.grammar import ast
from eligo.grammar.compare import compare_value
from eligo.grammar.evidence import Evidence
from eligo.grammar.logic import Truth, agree, and_, choose, implies, not_, or_, show
from eligo.grammar.lookup import LISTS, Combine, Tests, counted, judged, spaced
from eligo.grammar.patient import Patient
from eligo.grammar.printer import entity_text
from eligo.grammar.trace import Fact, Trace, traced
from eligo.units import UnitError


class Evaluator(Evidence):
    """Evaluates rule expressions on one patient; `criterion_id` finds the review's answer to
    `unresolved` parts.

    One evaluator serves every criterion of a patient (set `criterion_id` before each): what
    the rules ask of the patient is worked out once (`lookup.Lookup`, shared with `fast.py`),
    and explained with its facts (`evidence.Evidence`)."""

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
        return self._judge(
            node, node.concept, node.window, [(">=", node.low), ("<=", node.high)], and_
        )

    def _member(self, node: ast.InSet) -> Trace:
        return self._judge(
            node, node.concept, node.window, [("=", value) for value in node.values], or_
        )

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
        return traced(
            node,
            choose(condition.truth, then.truth, otherwise.truth),
            children=[condition, then, otherwise],
        )

    # --- values
    # -------------------------------------------------------------------------------------
    def _judge(
        self,
        node: ast.Node,
        concept: str,
        window: ast.Window | None,
        tests: Tests,
        combine: Combine,
    ) -> Trace:
        """A value node: each candidate latest reading against every (op, target) test, combined by
        and/or."""
        unit = next((target.unit for _, target in tests if isinstance(target, ast.Quantity)), None)
        readings, surely, reason, facts = self._readings(concept, window, unit)
        verdicts = judged(((r.value, r.unit, r.uln, r.lln) for r in readings), tests, combine)
        for reading in readings:
            comparisons = [
                compare_value(reading.value, reading.unit, op, target, reading.uln, reading.lln)
                for op, target in tests
            ]
            shown = next((c for c in comparisons if c.converted is not None), comparisons[0])
            notes = "; ".join(
                dict.fromkeys(n for n in (reading.fact.note, *(c.note for c in comparisons)) if n)
            )
            facts.append(
                reading.fact.model_copy(
                    update={
                        "converted": shown.converted,
                        "converted_unit": shown.converted_unit,
                        "note": notes or None,
                    }
                )
            )
        value = agree(verdicts) if surely else None
        if surely and value is None and len(readings) > 1:
            reason = (
                f"which {concept} observation is the latest is uncertain, and the "
                "candidates disagree"
            )
        return traced(node, value, reason, facts)

    # --- nodes on records
    # ------------------------------------------------------------------------------------
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
            reason = (
                f"no {entity_text(node.entities[0])} on record"
                if len(node.entities) == 1
                else "none of them on record"
            )
        return traced(node, value, reason, facts)

    def _count(self, node: ast.Count) -> Trace:
        regions, facts, why = self._region(node.window)
        verdicts = self._matches(node.entity, node.window, regions, facts)
        if verdicts is None:
            return traced(node, None, f"{LISTS[node.entity.type]} not recorded", facts)
        surely, possibly = sum(v is True for v in verdicts), sum(v is not False for v in verdicts)
        reason = (
            f"{surely} matching"
            + (f", {possibly - surely} more uncertain" if possibly > surely else "")
            + (f"; {why}" if why and possibly > surely else "")
        )
        return traced(node, counted(verdicts, node.op, node.value), reason, facts)

    def _point(
        self, point: ast.AnchorPoint | ast.EntityPoint, facts: list[Fact]
    ) -> tuple[list[date] | None, str | None]:
        """The dates a time point may be (None with a reason when undetermined), its facts
        appended to `facts`."""
        dates, why, shown = self.look.point(point)
        if isinstance(point, ast.AnchorPoint):
            facts.append(self._anchor(point.anchor))
        else:
            kind = point.entity.type
            facts.extend(self._fact(kind, r, None if latest else show(m)) for r, m, latest in shown)
        return dates, why

    def _interval(self, node: ast.Interval) -> Trace:
        facts: list[Fact] = []
        (starts, why_start), (ends, why_end) = (
            self._point(node.start, facts),
            self._point(node.end, facts),
        )
        if starts is None or ends is None:
            return traced(node, None, "; ".join(w for w in (why_start, why_end) if w), facts)
        try:
            value, gaps = spaced(starts, ends, node.op, node.amount)
        except UnitError as error:
            return traced(node, None, str(error), facts)
        return traced(node, value, " or ".join(f"{gap} d" for gap in gaps) + " apart", facts)

    def _unresolved(self, node: ast.Unresolved) -> Trace:
        answer = self.patient.reviewed.get(self.criterion_id) if self.criterion_id else None
        if answer is None:
            return traced(
                node,
                None,
                f"not decidable from the record ({node.reason}): needs a screening review",
            )
        return traced(
            node,
            answer,
            facts=[
                Fact(
                    source="review",
                    concept=self.criterion_id,
                    value=answer,
                    note="answered at screening review",
                )
            ],
        )


# Each expression node's evaluation, by the node's type (a dict lookup, not a chain of isinstance
# checks).
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


def evaluate(
    node: ast.Node,
    patient: Patient,
    criterion_id: str | None = None,
    concepts: dict[str, ast.ConceptCode] | None = None,
) -> Trace:
    """The truth value of one expression on a patient, explained (`concepts`: the protocol's concept
    table)."""
    return Evaluator(patient, criterion_id, concepts).run(node)
