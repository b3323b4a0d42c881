"""A patient's verdict on a protocol, from each criterion's evaluation (`evaluate.py`).

`eligible` when every inclusion is true and every exclusion false, `ineligible`
when an inclusion is false or an exclusion true (those criteria decide it),
`needs_review` otherwise (naming the unknown ones). Kept apart from the evaluator
so that what a screening result holds can be read, and serialised, on its own.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from eligo.grammar import ast
from eligo.grammar.evaluate import Evaluator
from eligo.grammar.logic import TruthName
from eligo.grammar.patient import Patient
from eligo.grammar.trace import Trace

Verdict = Literal["eligible", "ineligible", "needs_review"]


class CriterionResult(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    kind: Literal["inclusion", "exclusion"]
    text: str
    value: TruthName
    trace: Trace


class Screening(BaseModel):
    """A patient's verdict on a protocol, the criteria that decide it or leave it open, and every criterion's result."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    protocol: str
    patient: str
    verdict: Verdict
    deciding: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    criteria: tuple[CriterionResult, ...] = ()


def screen(protocol: ast.Protocol, patient: Patient) -> Screening:
    """Screen a patient: eligible, ineligible (naming the deciding criteria) or needs review (naming the unknown)."""
    results = []
    evaluator = Evaluator(patient, concepts={c.id: c for c in protocol.concepts})  # one a patient: its records indexed once
    for criterion in protocol.criteria:
        evaluator.criterion_id = criterion.id
        trace = evaluator.run(criterion.rule)
        results.append(CriterionResult(id=criterion.id, kind=criterion.kind, text=criterion.text, value=trace.value, trace=trace))
    deciding = tuple(r.id for r in results if r.value == ("false" if r.kind == "inclusion" else "true"))
    unknown = tuple(r.id for r in results if r.value == "unknown")
    verdict: Verdict = "ineligible" if deciding else ("needs_review" if unknown else "eligible")
    return Screening(protocol=protocol.id, patient=patient.id, verdict=verdict, deciding=deciding, unknown=unknown, criteria=tuple(results))
