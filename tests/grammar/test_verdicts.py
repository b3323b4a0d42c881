"""Made-up criteria screened against made-up patients: the value a clinician reading the criterion gives.

Each line of `tests/fixtures/verdicts/verdicts.tsv` catches one kind of wrong rule the blind review found (a state
read as ever, a subject read as a requirement, a condition's alternative given to everyone, a negation without its
time, a permission read as a requirement): compiled end to end, screened with `eligo.grammar.evaluate.screen`.
"""

from __future__ import annotations

import json

import pytest
from fixture_files import fixture_cases, fixture_path

from eligo.api import compile_text
from eligo.grammar.patient import Patient
from eligo.grammar.screening import screen

PATIENTS = json.loads(fixture_path("verdicts", "patients.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("kind", "text", "patient", "value"), fixture_cases("verdicts", "verdicts.tsv"), ids=lambda v: str(v)[:30])
def test_a_criterion_gives_the_patient_its_value(kind, text, patient, value):
    heading = "Inclusion Criteria:" if kind == "inclusion" else "Exclusion Criteria:"
    protocol = compile_text(f"Eligibility\n{heading}\n- {text}\n", "t.txt").protocol
    (result,) = screen(protocol, Patient.model_validate(PATIENTS[patient])).criteria
    assert result.value == value
