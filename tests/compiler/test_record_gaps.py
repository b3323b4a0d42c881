"""A concept no record code carries is unknown without a record naming it, never false
(record_gaps.tsv).

Each case also differs without `unknown_without_record`: the rule compiled without it has no
unresolved part at the concept, so the case shows what the step is for.
"""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases

import eligo.compiler.protocol as protocol_module
from eligo.api import compile_text
from eligo.grammar.patient import Patient
from eligo.grammar.printer import expr_text
from eligo.grammar.screening import screen


def _patient(sex: str, record: str) -> Patient:
    lists = {"conditions": [], "treatments": [], "procedures": [], "events": []}
    if record != "-":
        kind, name = record.split()
        named = {"code": name} if ":" in name else {"concept": name}
        lists[f"{kind}s"] = [{**named, "onset": "2025-06-01", "status": "active"}]
    return Patient.model_validate(
        {
            "id": "p",
            "birth_date": "1980-01-01",
            "sex": sex,
            "anchors": {"screening": "2026-01-12"},
            **lists,
        }
    )


def _criterion(kind: str, text: str):
    heading = "Inclusion Criteria:" if kind == "inclusion" else "Exclusion Criteria:"
    return compile_text(f"Eligibility\n{heading}\n- {text}\n", "t.txt").protocol


@pytest.mark.parametrize(
    ("kind", "text", "sex", "record", "value"),
    fixture_cases("compiler", "record_gaps.tsv"),
    ids=lambda v: str(v)[:30],
)
def test_an_uncarried_concept_is_unknown_without_a_record(
    kind, text, sex, record, value, monkeypatch
):
    rules = _criterion(kind, text)
    (result,) = screen(rules, _patient(sex, record)).criteria
    assert result.value == value
    monkeypatch.setattr(protocol_module, "unknown_without_record", lambda protocol: protocol)
    assert expr_text(_criterion(kind, text).criteria[0].rule) != expr_text(rules.criteria[0].rule)
