"""An `eligo-patient/1` Patient as a FHIR R4 Bundle with standard codes: the corpus patients' twins.

The corpus patients are written in Eligo's identifiers; screening them again
from FHIR proves that a coded record from elsewhere is screened the same way.
Each identifier is written as the public code that stands for it without
changing what the record counts as (`codes.public_code`: SNOMED CT, ICD-10-CM,
LOINC, DrugBank first, else MONDO or HPO), else in Eligo's own code system
(concepts of the hand lexicon that have something above them in the
terminology, where a code would widen the record, and curated concepts with no
public code). Attributes FHIR has an element for go there (clinical and
medication statuses, onset and abatement, effective periods, reference
ranges); the rest in Eligo's extensions (`extensions.py`).

`python -m eligo.fhir.twin corpus/patients` writes `<stem>/fhir/<name>.json`
beside every patient fixture (each Bundle validated before it is written).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eligo.fhir import extensions as ext
from eligo.fhir.codes import LOCAL_SYSTEM, UCUM, coding, local_coding, public_code, values
from eligo.fhir.read import parse_bundle
from eligo.grammar.patient import (
    Condition,
    Event,
    Observation,
    Patient,
    PatientCase,
    Procedure,
    Treatment,
)
from eligo.terminology.store import Terminology

CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CLINICAL_STATUS = {
    code: code for code in ("active", "recurrence", "relapse", "inactive", "remission", "resolved")
}
MEDICATION_STATUS = {
    "active": "active",
    "ongoing": "active",
    "completed": "completed",
    "stopped": "stopped",
    "on-hold": "on-hold",
    "intended": "intended",
}
PROCEDURE_STATUS = {
    "completed": "completed",
    "in-progress": "in-progress",
    "scheduled": "preparation",
    "preparation": "preparation",
    "stopped": "stopped",
    "on-hold": "on-hold",
}


def _concept(names: tuple[str, ...], code: str | None, label: str) -> dict:
    """The CodeableConcept of a record: its own code, or the first name that has a lossless public
    code, as the one public coding (a record has one code), then every other name in Eligo's code
    system."""
    codings = []
    if code is not None:
        known = Terminology.load().concept(code)
        codings.append(coding(code, known.name if known else None))
    for name in names:
        public = None if codings and codings[0]["system"] != LOCAL_SYSTEM else public_code(name)
        if public is None:
            codings.append(local_coding(name))
            continue
        known = Terminology.load().concept(public)
        codings.insert(0, coding(public, known.name if known else name.replace("_", " ")))
    return {"coding": codings, "text": label.replace("_", " ")}


def _status(status: str | None, table: dict[str, str]) -> tuple[str | None, list[dict]]:
    """FHIR's status code for an Eligo status, and the extension that keeps Eligo's words when they
    say more."""
    if status is None:
        return None, []
    written = table.get(status)
    return written, (
        [] if written == status else [ext.simple_extension(ext.STATUS, "valueString", status)]
    )


def _quantity(value: float, unit: str | None) -> dict:
    number = int(value) if float(value).is_integer() else value
    return {"value": number} | ({"unit": unit, "system": UCUM, "code": unit} if unit else {})


def _observation(record: Observation, subject: dict) -> dict:
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "code": _concept(tuple(n for n in (record.concept,) if n), record.code, record.label),
        "subject": subject,
    }
    if record.date is not None:
        resource["effectiveDateTime"] = record.date.isoformat()
    if isinstance(record.value, str):
        known = next((v for v in values() if v.value == record.value), None)
        if known is not None:
            resource["valueCodeableConcept"] = {
                "coding": [{"system": known.system, "code": known.code, "display": known.display}],
                "text": record.value,
            }
        else:
            resource["valueString"] = record.value
    else:
        resource["valueQuantity"] = _quantity(record.value, record.unit)
    limits = {
        name: _quantity(limit, record.unit)
        for name, limit in (("high", record.uln), ("low", record.lln))
        if limit is not None
    }
    if limits:
        resource["referenceRange"] = [limits]
    return resource


def _condition(record: Condition | Event, subject: dict) -> dict:
    resource = {"resourceType": "Condition", "code": _entity_concept(record), "subject": subject}
    written, extensions = _status(record.status, CLINICAL_STATUS)
    if written is not None:
        resource["clinicalStatus"] = {"coding": [{"system": CLINICAL, "code": written}]}
    if isinstance(record, Event):
        resource["category"] = [
            {"coding": [{"system": ext.KIND_SYSTEM, "code": "event", "display": "event"}]}
        ]
        if record.date is not None:
            resource["onsetDateTime"] = record.date.isoformat()
    else:
        if record.onset is not None:
            resource["onsetDateTime"] = record.onset.isoformat()
        if record.end is not None:
            resource["abatementDateTime"] = record.end.isoformat()
        if record.severity is not None:
            resource["severity"] = {"text": record.severity}
        if record.grade is not None:
            extensions.append(ext.simple_extension(ext.GRADE, "valueUnsignedInt", record.grade))
    return _extended(resource, extensions)


def _entity_concept(record: Condition | Event | Treatment | Procedure) -> dict:
    return _concept(
        (*((record.concept,) if record.concept else ()), *record.is_a), record.code, record.label
    )


def _extended(resource: dict, extensions: list[dict]) -> dict:
    return resource | ({"extension": extensions} if extensions else {})


def _with_status(
    kind: str, code_field: str, table: dict[str, str], record: Treatment | Procedure, subject: dict
) -> tuple[dict, list[dict]]:
    """A resource with a required status (unknown when the record has none) and its code, and the
    extensions so far."""
    written, extensions = _status(record.status, table)
    return {
        "resourceType": kind,
        "status": written or "unknown",
        code_field: _entity_concept(record),
        "subject": subject,
    }, extensions


def _treatment(record: Treatment, subject: dict) -> dict:
    resource, extensions = _with_status(
        "MedicationStatement", "medicationCodeableConcept", MEDICATION_STATUS, record, subject
    )
    period = {
        k: day.isoformat()
        for k, day in (("start", record.start), ("end", record.end))
        if day is not None
    }
    if period:
        resource["effectivePeriod"] = period
    if record.line is not None:
        extensions.append(ext.simple_extension(ext.LINE, "valueUnsignedInt", record.line))
    if record.setting is not None:
        extensions.append(ext.simple_extension(ext.SETTING, "valueString", record.setting))
    return _extended(resource, extensions)


def _procedure(record: Procedure, subject: dict) -> dict:
    resource, extensions = _with_status("Procedure", "code", PROCEDURE_STATUS, record, subject)
    if record.date is not None:
        resource["performedDateTime"] = record.date.isoformat()
    return _extended(resource, extensions)


WRITERS: dict[str, Callable[[Any, dict[str, Any]], dict[str, Any]]] = {
    "observations": _observation,
    "conditions": _condition,
    "events": _condition,
    "treatments": _treatment,
    "procedures": _procedure,
}


def patient_bundle(patient: Patient) -> dict:
    """The patient as a FHIR R4 Bundle (type collection), as JSON data."""
    if patient.birth_date is None and patient.age is not None:
        raise ValueError(f"{patient.id}: a FHIR Patient has a birth date, not an age")
    subject = {"reference": f"Patient/{patient.id}"}
    extensions = [
        ext.complex_extension(
            ext.ANCHOR, [("name", "valueCode", n), ("date", "valueDate", d.isoformat())]
        )
        for n, d in patient.anchors.items()
    ]
    extensions += [
        ext.complex_extension(
            ext.REVIEWED, [("criterion", "valueString", c), ("answer", "valueBoolean", a)]
        )
        for c, a in patient.reviewed.items()
    ]
    extensions += [
        ext.simple_extension(ext.RECORDED, "valueCode", kind)
        for kind in ext.LISTS
        if getattr(patient, kind) == ()
    ]
    person = {"resourceType": "Patient", "id": patient.id}
    if patient.birth_date is not None:
        person["birthDate"] = patient.birth_date.isoformat()
    if patient.sex is not None:
        person["gender"] = patient.sex
    resources = [_extended(person, extensions)]
    for kind, write in WRITERS.items():
        for number, record in enumerate(getattr(patient, kind) or (), start=1):
            resources.append({**write(record, subject), "id": f"{patient.id}-{kind}-{number}"})
    return {
        "resourceType": "Bundle",
        "id": f"{patient.id}-bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }


def twin_path(fixture: Path) -> Path:
    return fixture.parent / "fhir" / fixture.name


def write_twins(root: Path) -> list[Path]:
    """A twin for every patient fixture under `root` (`<stem>/<name>.json`), validated, written
    whole."""
    bundles = []
    for fixture in sorted(root.glob("*/*.json")):  # all made and validated before any is written
        bundle = patient_bundle(
            PatientCase.model_validate_json(fixture.read_text(encoding="utf-8")).patient
        )
        parse_bundle(bundle)
        bundles.append((twin_path(fixture), bundle))
    for target, bundle in bundles:
        target.parent.mkdir(exist_ok=True)
        target.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [target for target, _ in bundles]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eligo.fhir.twin",
        description="Write the FHIR twins of the patient fixtures under ROOT.",
    )
    parser.add_argument(
        "root", type=Path, help="a folder of <stem>/<name>.json patient fixtures (corpus/patients)"
    )
    arguments = parser.parse_args(argv)
    if not arguments.root.is_dir():
        print(f"{arguments.root}: not a folder", file=sys.stderr)
        return 2
    try:
        written = write_twins(arguments.root)
    except (
        ValueError
    ) as error:  # a fixture that is not a patient case, or a patient FHIR cannot hold
        print(f"{arguments.root}: {' '.join(str(error).split())[:300]}", file=sys.stderr)
        return 3
    print(f"{len(written)} twins written under {arguments.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
