"""The corpus patients' FHIR twins (`corpus/patients/<stem>/fhir/`): written by `eligo.fhir.twin` from the
eligo-patient/1 fixtures, with standard codes, and screened from FHIR they give the same verdict on every
criterion as their originals (whose expectations `tests/grammar/test_evaluate.py` checks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixture_files import ROOT

from eligo.fhir import bundle_to_patient
from eligo.fhir.codes import LOCAL_SYSTEM
from eligo.fhir.twin import patient_bundle, twin_path
from eligo.grammar.load import read_rules
from eligo.grammar.patient import PatientCase
from eligo.grammar.screening import screen

PATIENTS = ROOT / "corpus" / "patients"
FIXTURES = sorted(PATIENTS.glob("*/*.json"))
PUBLIC = ("http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org", "http://www.nlm.nih.gov/research/umls/drugbank")


def _case(fixture: Path) -> PatientCase:
    return PatientCase.model_validate_json(fixture.read_text(encoding="utf-8"))


def test_every_fixture_has_a_twin_and_every_twin_a_fixture():
    assert FIXTURES
    assert sorted(PATIENTS.glob("*/fhir/*.json")) == [twin_path(f) for f in FIXTURES]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f"{f.parent.name}/{f.stem}" for f in FIXTURES])
def test_twin_is_up_to_date_and_screens_the_same(fixture):
    case = _case(fixture)
    twin = twin_path(fixture)
    data = json.loads(twin.read_text(encoding="utf-8"))
    assert data == patient_bundle(case.patient), f"stale twin: python -m eligo.fhir.twin {PATIENTS}"
    patient, unmapped = bundle_to_patient(data, twin)
    assert unmapped == []
    protocol, _ = read_rules(ROOT / "compiled" / f"{fixture.parent.name}.eligo")
    original, again = screen(protocol, case.patient), screen(protocol, patient)
    assert {c.id: c.value for c in again.criteria} == {c.id: c.value for c in original.criteria}
    assert (again.verdict, again.deciding, again.unknown) == (original.verdict, original.deciding, original.unknown)


def test_twins_use_standard_codes_where_a_concept_has_one():
    """Most records name their concept by a public code; Eligo's code system carries only what has none that fits."""
    primary = []
    for twin in sorted(PATIENTS.glob("*/fhir/*.json")):
        for entry in json.loads(twin.read_text(encoding="utf-8"))["entry"]:
            concept = entry["resource"].get("code") or entry["resource"].get("medicationCodeableConcept")
            if concept:
                primary.append(concept["coding"][0]["system"])
    standard = sum(system in PUBLIC for system in primary)
    assert LOCAL_SYSTEM in primary and standard / len(primary) > 0.5, (standard, len(primary))
