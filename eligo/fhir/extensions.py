"""Eligo's FHIR extensions: what a trial screening needs and FHIR R4 has no element for.

FHIR records what happened to a patient; a screening also needs the trial's
index dates (screening, randomization, first dose: `anchor`), the answers a
screening review gave to criteria no record decides (`reviewed`), which kinds
of record are known to be complete even when the Bundle has none of them
(`recorded`: "no conditions" is not "conditions not recorded"), and a few
attributes criteria filter on: a line of therapy and its setting, a CTCAE grade,
and a status in the protocol's words where FHIR's status codes say less
("uncontrolled", "metastatic"). A Condition in the `event` category of
`KIND_SYSTEM` is an event (a recurrence, a hospitalisation), not a diagnosis.

Everything here is optional: a Bundle from any FHIR server, without them, is
read; what they would have said is then unknown.
"""

from __future__ import annotations

from collections.abc import Iterable

BASE = "https://eligo.dev/fhir/StructureDefinition/"
ANCHOR = BASE + "anchor"  # Patient; complex: name (valueCode), date (valueDate)
REVIEWED = BASE + "reviewed"  # Patient; complex: criterion (valueString), answer (valueBoolean)
RECORDED = BASE + "recorded"  # Patient; valueCode: a list of eligo-patient/1 known complete
STATUS = BASE + "status"  # any record; valueString
LINE = BASE + "line"  # medication; valueUnsignedInt
SETTING = BASE + "setting"  # medication; valueString
GRADE = BASE + "grade"  # Condition; valueUnsignedInt (CTCAE)
KIND_SYSTEM = "https://eligo.dev/fhir/CodeSystem/record-kind"
LISTS = ("observations", "conditions", "treatments", "procedures", "events")


def found(resource, url: str) -> list:
    """The extensions of `resource` (a fhir.resources model) with `url`."""
    return [e for e in (resource.extension or ()) if e.url == url]


def first_value(resource, url: str, field: str):
    """The `field` (valueString, valueUnsignedInt, ...) of the first extension with `url`, or
    None."""
    return next(
        (getattr(e, field) for e in found(resource, url) if getattr(e, field) is not None), None
    )


def parts(extension, field_by_name: dict[str, str]) -> dict[str, object]:
    """The sub-extensions of a complex extension by name, each read from its value field."""
    values = {}
    for part in extension.extension or ():
        if part.url in field_by_name:
            values[part.url] = getattr(part, field_by_name[part.url])
    return values


# --- writing (the twins)
# ---------------------------------------------------------------------------
def complex_extension(url: str, values: Iterable[tuple[str, str, object]]) -> dict:
    """`values`: (name, value field, value) for each sub-extension."""
    return {"url": url, "extension": [{"url": name, field: value} for name, field, value in values]}


def simple_extension(url: str, field: str, value: object) -> dict:
    return {"url": url, field: value}
