"""A patient's verdict on a protocol, from each criterion's evaluation (`evaluate.py`).

`eligible` when every inclusion is true and every exclusion false, `ineligible`
when an inclusion is false or an exclusion true (those criteria decide it),
`needs_review` otherwise (naming the unknown ones). Kept apart from the evaluator
so that what a screening result holds can be read, and serialised, on its own.

Truth values first, explanations on demand: each criterion's value comes from its
rule compiled once into closures (`fast.py`); only the criteria the caller wants
explained (`explain`) run the traced evaluator, which shares the patient's
`Lookup` and gives the same values.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from eligo.frozen import Frozen
from eligo.grammar import ast
from eligo.grammar.evaluate import Evaluator
from eligo.grammar.fast import compile_protocol
from eligo.grammar.logic import TruthName, show
from eligo.grammar.lookup import Lookup
from eligo.grammar.patient import Patient
from eligo.grammar.trace import Trace

Explain = bool | Collection[str]
Verdict = Literal["eligible", "ineligible", "needs_review"]


class CriterionResult(Frozen):
    id: str
    kind: Literal["inclusion", "exclusion"]
    text: str
    value: TruthName
    trace: Trace | None = None  # only for a criterion screened with `explain`


class Screening(Frozen):
    """A patient's verdict on a protocol, the criteria that decide it or leave it open, and every
    criterion's result."""

    protocol: str
    patient: str
    verdict: Verdict
    deciding: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    criteria: tuple[CriterionResult, ...] = ()


Untraced = tuple[ast.Criterion, CriterionResult]
_UNTRACED: dict[tuple[int, TruthName], Untraced] = {}  # by criterion (kept alive) and value


def _untraced(criterion: ast.Criterion, value: TruthName) -> CriterionResult:
    """A criterion's result without a trace: immutable, so made once for each of its values."""
    hit = _UNTRACED.get((id(criterion), value))
    if hit is None or hit[0] is not criterion:
        if len(_UNTRACED) >= 100_000:
            _UNTRACED.clear()
        result = CriterionResult.model_construct(  # no validation: the protocol's fields
            id=criterion.id,
            kind=criterion.kind,
            text=criterion.text,
            value=value,
        )
        hit = _UNTRACED[(id(criterion), value)] = criterion, result
    return hit[1]


def screen(protocol: ast.Protocol, patient: Patient, explain: Explain = False) -> Screening:
    """Screen a patient: eligible, ineligible (naming the deciding criteria) or needs review
    (naming the unknown).

    `explain`: True to trace every criterion, or the ids of the criteria to trace; the others
    get no trace."""
    concepts, rules = compile_protocol(protocol)
    look = Lookup(patient, concepts)  # one a patient: its records indexed once, for both evaluators
    evaluator = Evaluator(patient, lookup=look) if explain else None
    chosen = frozenset() if isinstance(explain, bool) else frozenset(explain)
    results = []
    for criterion, rule in zip(protocol.criteria, rules, strict=True):
        if evaluator is not None and (explain is True or criterion.id in chosen):
            evaluator.criterion_id = criterion.id
            trace = evaluator.run(criterion.rule)
            result = CriterionResult(
                id=criterion.id,
                kind=criterion.kind,
                text=criterion.text,
                value=trace.value,
                trace=trace,
            )
            results.append(result)
        else:
            results.append(_untraced(criterion, show(rule(look))))
    deciding = tuple(
        r.id for r in results if r.value == ("false" if r.kind == "inclusion" else "true")
    )
    unknown = tuple(r.id for r in results if r.value == "unknown")
    verdict: Verdict = "ineligible" if deciding else ("needs_review" if unknown else "eligible")
    return Screening(
        protocol=protocol.id,
        patient=patient.id,
        verdict=verdict,
        deciding=deciding,
        unknown=unknown,
        criteria=tuple(results),
    )
