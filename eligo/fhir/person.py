"""The Bundle's Patient resource: who the records are about, and what they declare.

A Bundle is one patient's: its one Patient gives the birth date, sex and Eligo's extensions for
the trial's index dates (`anchor`), review answers (`reviewed`) and the lists declared complete
(`recorded`); a record about another patient refuses the Bundle rather than being mixed in.
Kept apart from the record mappers (`mapping.py`), which read what happened to the patient.
"""

from __future__ import annotations

from collections.abc import Iterable

from eligo.fhir import extensions as ext
from eligo.fhir.elements import day
from eligo.fhir.read import FhirError


def patient_fields(patients: list, fallback_id: str) -> dict:
    """The Patient fields of the Bundle's one Patient resource; FhirError unless there is one."""
    if len(patients) != 1:
        raise FhirError(
            f"a Bundle holds one patient's records, and this one has {len(patients)} Patient "
            "resources"
        )
    patient = patients[0]
    anchors, reviewed = {}, {}
    for extension in ext.found(patient, ext.ANCHOR):
        given = ext.parts(extension, {"name": "valueCode", "date": "valueDate"})
        if given.get("name") and given.get("date"):
            anchors[given["name"]] = given["date"]
    for extension in ext.found(patient, ext.REVIEWED):
        given = ext.parts(extension, {"criterion": "valueString", "answer": "valueBoolean"})
        if given.get("criterion") and given.get("answer") is not None:
            reviewed[given["criterion"]] = given["answer"]
    sex = patient.gender if patient.gender in ("female", "male", "other") else None
    return {
        "id": patient.id or fallback_id,
        "birth_date": day(patient.birthDate),
        "sex": sex,
        "anchors": anchors,
        "reviewed": reviewed,
    }


def same_patient(person, resources: list) -> None:
    """Every record is about the Bundle's one patient: records of another one are refused, never
    mixed in."""
    own = {f"Patient/{person.resource.id}", person.fullUrl} - {None, "Patient/None"}
    for resource in resources:
        subject = getattr(resource, "subject", None) or getattr(resource, "patient", None)
        reference = getattr(subject, "reference", None)
        if resource.get_resource_type() == "Patient" or reference is None:
            continue
        if reference not in own and not any(
            reference.endswith("/" + mine) for mine in own if mine.startswith("Patient/")
        ):
            where = f"{resource.get_resource_type()}/{resource.id or '(no id)'}"
            raise FhirError(
                f"{where} is about {reference}, not this Bundle's patient "
                f"({', '.join(sorted(own)) or 'without an id'})"
            )


def declared_complete(patients: Iterable) -> Iterable[str]:
    """The lists the Patient resources declare complete (extension `recorded`)."""
    for patient in patients:
        for extension in ext.found(patient, ext.RECORDED):
            if extension.valueCode in ext.LISTS:
                yield extension.valueCode
