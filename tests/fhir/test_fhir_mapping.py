"""FHIR R4 Bundles as patients: each resource type mapped (one case a line, `fixtures/fhir/resources.jsonl`),
what cannot be mapped reported and unknown (never false), bad Bundles refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixture_files import fixture_path

from eligo.cli.app import Exit
from eligo.fhir import FhirError, bundle_to_patient
from eligo.fhir.mapping import UNMAPPED
from eligo.grammar import parse_expression
from eligo.grammar.evaluate import evaluate

FIXTURES = fixture_path()
CASES = [json.loads(line) for line in (FIXTURES / "fhir" / "resources.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
PERSON = {"resourceType": "Patient", "id": "p1", "birthDate": "1970-05-01", "gender": "female"}
SUBJECT = {"reference": "Patient/p1"}
BY_PATIENT = ("AllergyIntolerance", "Immunization")  # resources whose owner is `patient`


def bundle(*resources: dict, person: dict = PERSON) -> dict:
    entries = [person]
    for number, resource in enumerate(resources, start=1):
        owner = "patient" if resource["resourceType"] in BY_PATIENT else "subject"
        entries.append({"id": f"r{number}", owner: SUBJECT, **resource} if resource["resourceType"] != "Encounter" else {"id": f"r{number}", **resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in entries]}


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_resource_mapping(case):
    patient, diagnostics = bundle_to_patient(bundle(case["resource"]), Path("case.json"))
    records = getattr(patient, case["list"])
    found = None if records is None else [r.model_dump(mode="json", exclude_defaults=True) for r in records]
    assert found == case["records"]
    messages = [d.message for d in diagnostics]
    if "diagnostic" in case:
        assert any(case["diagnostic"] in m for m in messages), messages
    else:
        assert messages == []


def test_patient_demographics_anchors_review_and_complete_lists():
    base = "https://eligo.dev/fhir/StructureDefinition/"
    person = {**PERSON, "extension": [
        {"url": base + "anchor", "extension": [{"url": "name", "valueCode": "screening"}, {"url": "date", "valueDate": "2026-01-12"}]},
        {"url": base + "reviewed", "extension": [{"url": "criterion", "valueString": "I1"}, {"url": "answer", "valueBoolean": True}]},
        {"url": base + "recorded", "valueCode": "treatments"},
    ]}
    patient, diagnostics = bundle_to_patient(bundle(person=person), Path("p.json"))
    assert (patient.id, str(patient.birth_date), patient.sex) == ("p1", "1970-05-01", "female")
    assert {k: str(v) for k, v in patient.anchors.items()} == {"screening": "2026-01-12"} and patient.reviewed == {"I1": True}
    assert patient.treatments == () and patient.conditions is None and diagnostics == []


KNOWN = {"resourceType": "Condition", "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I10"}]}, "onsetDateTime": "2015-03-01"}
STRANGE = {"resourceType": "Condition", "code": {"coding": [{"system": "http://snomed.info/sct", "code": "999999999"}]}}


ANCHORED = {**PERSON, "extension": [{"url": "https://eligo.dev/fhir/StructureDefinition/anchor", "extension": [{"url": "name", "valueCode": "screening"}, {"url": "date", "valueDate": "2026-01-12"}]}]}


@pytest.mark.parametrize(("rule", "known"), [
    ("has condition tuberculosis", "false"),
    ("not has condition tuberculosis", "true"),
    ("count(condition tuberculosis) < 1", "true"),
    ("has condition tuberculosis within 4 wk before screening", "false"),
    ("not has any(condition tuberculosis, condition essential_hypertension)", "false"),
    ("interval(start condition essential_hypertension, screening) > 12 mo", "true"),
])
def test_unmapped_records_make_their_criteria_unknown_not_false(rule, known):
    """With the essential hypertension record (ICD-10-CM I10) alone the list is complete; with a record the terminology cannot place
    beside it (it could be tuberculosis) every question about conditions is unknown."""
    mapped, _ = bundle_to_patient(bundle(KNOWN, person=ANCHORED), Path("p.json"))
    assert evaluate(parse_expression(rule), mapped).value == known
    unmapped, diagnostics = bundle_to_patient(bundle(KNOWN, STRANGE, person=ANCHORED), Path("p.json"))
    assert evaluate(parse_expression(rule), unmapped).value == "unknown"
    assert [d.code for d in diagnostics] == [UNMAPPED]


@pytest.mark.parametrize(("data", "message"), [
    ([1], "not a FHIR Bundle: the top level is list, not a Bundle"),
    (PERSON, "not a FHIR Bundle: the top level is Patient, not a Bundle"),
    ({"resourceType": "Bundle", "type": "nonsense"}, "type 'nonsense' is not one of document"),
    ({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Foo"}}]}, "a resource of unknown type 'Foo'"),
    (bundle({"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": "abc"}}), "entry[1].resource (Observation/r1).valueQuantity.value"),
    (bundle(person={**PERSON, "birthDate": "yesterday"}), "entry[0].resource (Patient/p1).birthDate"),
    ({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": PERSON}, {"resource": {**PERSON, "id": "p2"}}]}, "this one has 2 Patient resources"),
    ({"resourceType": "Bundle", "type": "collection"}, "this one has 0 Patient resources"),
    ({**bundle(), "entry": [{"resource": PERSON}, {"resource": {**KNOWN, "id": "c1", "subject": {"reference": "Patient/p2"}}}]}, "Condition/c1 is about Patient/p2, not this Bundle's patient (Patient/p1)"),
], ids=["list", "a Patient alone", "bundle type", "unknown resource", "invalid value", "invalid date", "two patients", "no patient", "another patient's record"])
def test_bad_bundles_are_refused_in_one_line(data, message):
    with pytest.raises(FhirError) as refused:
        bundle_to_patient(data, Path("b.json"))
    assert message in str(refused.value) and "\n" not in str(refused.value)


RULES = FIXTURES / "grammar" / "seed_000.eligo"


def test_screen_reads_bundles_reports_unmapped_codes_and_refuses_bad_ones(cli, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(bundle(KNOWN, STRANGE)), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle({"resourceType": "Condition", "code": 5})), encoding="utf-8")
    implausible = tmp_path / "implausible.json"
    implausible.write_text(json.dumps(bundle({"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]}, "valueInteger": 9})), encoding="utf-8")
    result = cli("screen", RULES, good, bad, implausible)
    assert result.exit_code == Exit.BAD_INPUT
    lines = result.output.splitlines()
    assert any(line.startswith(f"{good}: warning[E330]: Condition/r2: SNOMED CT 999999999") for line in lines)
    assert any(line.startswith(f"{bad}: not a valid FHIR R4 Bundle: entry[1].resource (Condition/r1).code") for line in lines)
    assert any(line.startswith(f"{implausible}: not a patient record:") and "ecog" in line for line in lines)
    assert "Traceback" not in result.output
    assert any("p1" in line and "needs_review" in line for line in lines)


def test_the_rule_language_does_not_import_fhir():
    """eligo.grammar evaluates patients without FHIR: the mapping depends on it, never the other way round."""
    import subprocess
    import sys

    code = "import sys, eligo.grammar.evaluate, eligo.grammar.patient; print(sorted(m for m in sys.modules if m.split('.')[0] == 'fhir' or m.startswith('eligo.fhir')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


@pytest.mark.parametrize("reference", ["Patient/p1", "urn:uuid:0f5c", "https://fhir.example.org/Patient/p1"])
def test_records_refer_to_the_patient_by_id_full_url_or_absolute_url(reference):
    data = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:0f5c", "resource": PERSON}, {"resource": {**KNOWN, "id": "c1", "subject": {"reference": reference}}},
    ]}
    patient, _ = bundle_to_patient(data, Path("p.json"))
    assert [c.code for c in patient.conditions] == ["ICD10CM:I10"]
