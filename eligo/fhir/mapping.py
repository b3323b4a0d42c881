"""A FHIR Bundle as an `eligo-patient/1` Patient, and what could not be mapped.

One Bundle is one patient: its Patient resource (birth date, sex, and Eligo's
extensions for the trial's index dates and review answers, `extensions.py`, read
by `person.py`), and their records: Observation → observations; Condition → conditions (events
when in Eligo's `event` category); AllergyIntolerance → a condition `allergy`
coded with the substance; MedicationStatement, MedicationRequest and
MedicationAdministration → treatments; Procedure → procedures; Immunization → an event
`vaccination` (what "any vaccination within 28 days" asks) and a treatment coded by its vaccine
(what "a live vaccine within 30 days" asks). Codes go through
`codes.read_coding` into the terminology, so the evaluator matches them by
hierarchy like any coded record (a reading whose code is a hand-lexicon
concept's, LOINC 89247-1, is also named by it, `ecog`, so that its value is
checked for plausibility like any ECOG).

Unknown stays unknown. A record none of whose codings the terminology knows
could be anything, and dropping it would let its list claim a completeness it
has not: its whole list becomes "not recorded", so every criterion that asks
the list is unknown, never false, and one line says which code did it. (An
unmapped observation is left out: a criterion on a value with no reading is
already unknown.) A kind of record with no resource in the Bundle is "not
recorded" unless the Patient declares it complete (extension `recorded`).
Entered-in-error and refuted records are not records.
"""

from __future__ import annotations

from eligo.diagnostics import Diagnostic
from eligo.fhir import extensions as ext
from eligo.fhir.codes import UCUM, hand_identifier, read_coding, shown
from eligo.fhir.codes import values as categories
from eligo.fhir.elements import code_of, day, day_of, status_of, text_of
from eligo.fhir.person import declared_complete, patient_fields, same_patient
from eligo.grammar.patient import PATIENT_ADAPTER, Patient

UNMAPPED = "E330"  # a record whose codes the terminology does not know: its list is unknown
UNREAD = "E331"  # a resource type or element Eligo does not read
BY_NAME = "E332"  # a code the terminology lacks, read by its display name
USAGES = {
    "conditions": "condition",
    "treatments": "treatment",
    "procedures": "procedure",
    "events": "event",
    "observations": "value",
}
NOT_RECORDS = frozenset({"entered-in-error", "refuted", "cancelled", "not-taken", "not-done"})
MEDICATIONS = ("MedicationStatement", "MedicationRequest", "MedicationAdministration")
VACCINATION = "vaccination"  # the hand lexicon's event an Immunization is
ALLERGY = "allergy"


class _Mapper:
    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.lists: dict[str, list[dict]] = {name: [] for name in ext.LISTS}
        self.seen: set[str] = set()
        self.unknown: set[str] = set()

    def say(self, code: str, resource, message: str, severity: str = "warning") -> None:
        where = f"{resource.get_resource_type()}/{resource.id or '(no id)'}"
        self.diagnostics.append(
            Diagnostic(code=code, severity=severity, message=f"{where}: {message}", path=self.path)
        )

    def concept(self, resource, concept, kind: str) -> dict | None:
        """concept / code / is_a of a CodeableConcept, or None after reporting it (`kind`: the list
        it belongs to)."""
        identifiers: list[str] = []
        code = None
        problems = []
        for coding in (concept.coding or ()) if concept is not None else ():
            read = read_coding(coding.system, coding.code, coding.display, USAGES[kind])
            if read.identifier:
                identifiers.append(read.identifier)
            elif read.code:
                if code is None and read.note:
                    self.say(BY_NAME, resource, read.note, "note")
                code = code or read.code
            else:
                problems.append(f"{shown(coding.system, coding.code)} ({read.problem})")
        if identifiers or code:
            return {
                "concept": identifiers[0] if identifiers else None,
                "code": code,
                "is_a": tuple(dict.fromkeys(identifiers[1:])),
            }
        if not problems:
            text = text_of(concept)
            problems.append(f"no coding{f' (text {text!r})' if text else ''}")
        consequence = "its value is left out" if kind == "observations" else f"{kind} are unknown"
        self.say(UNMAPPED, resource, f"{'; '.join(problems)}: not mapped, {consequence}")
        return None

    def add(self, kind: str, resource, record: dict | None) -> None:
        self.seen.add(kind)
        if record is None:  # a record that could be anything: its list is not known complete
            self.unknown.add(kind)
            return
        self.lists[kind].append({k: v for k, v in record.items() if v not in (None, ())})

    # --- resources
    # --------------------------------------------------------------------------------------
    def observation(self, resource) -> None:
        if resource.status in NOT_RECORDS:
            return
        date = day_of(resource, "effective")
        parts = [(resource.code, resource)] + [(c.code, c) for c in resource.component or ()]
        for code, holder in parts:
            value = self.value(resource, holder)
            if value is None:
                continue
            named = self.concept(resource, code, "observations")
            if named is None:
                self.seen.add("observations")
                continue
            limits = self.limits(holder, value.get("unit")) if holder is resource else {}
            concept = named["concept"] or (
                hand_identifier(named["code"]) if named["code"] else None
            )
            self.add(
                "observations",
                resource,
                {"concept": concept, "code": named["code"], "date": date, **value, **limits},
            )

    def value(self, resource, holder) -> dict | None:
        """An Observation's (or component's) value as eligo's value and unit; None when there is
        none to read."""
        if holder.valueQuantity is not None:
            quantity = holder.valueQuantity
            if quantity.value is None:
                return None
            if quantity.comparator:
                self.say(
                    UNREAD,
                    resource,
                    f"a value {quantity.comparator}{quantity.value} is a bound, not a "
                    "reading: left out",
                )
                return None
            unit = quantity.code if quantity.system == UCUM and quantity.code else quantity.unit
            return {"value": float(quantity.value), "unit": unit}
        if holder.valueInteger is not None:
            return {"value": float(holder.valueInteger)}
        if holder.valueString is not None:
            return {"value": holder.valueString}
        if holder.valueCodeableConcept is not None:
            for coding in holder.valueCodeableConcept.coding or ():
                for known in categories():
                    if (coding.system, coding.code) == (known.system, known.code):
                        return {"value": known.value}
            text = text_of(holder.valueCodeableConcept)
            return {"value": text} if text else None
        return None

    @staticmethod
    def limits(resource, unit: str | None) -> dict:
        """The upper and lower limits of normal, when given in the reading's unit."""
        found = {}
        for reference in resource.referenceRange or ():
            for name, bound in (("uln", reference.high), ("lln", reference.low)):
                if bound is not None and bound.value is not None and name not in found:
                    bound_unit = bound.code if bound.system == UCUM and bound.code else bound.unit
                    if bound_unit in (None, unit):
                        found[name] = float(bound.value)
        return found

    def condition(self, resource) -> None:
        verification = code_of(resource.verificationStatus)
        if verification in NOT_RECORDS:
            return
        onset = day_of(resource, "onset")
        is_event = any(
            c.system == ext.KIND_SYSTEM and c.code == "event"
            for cat in resource.category or ()
            for c in cat.coding or ()
        )
        named = self.concept(resource, resource.code, "events" if is_event else "conditions")
        status = status_of(resource, resource.clinicalStatus)
        if is_event:
            self.add("events", resource, named and {**named, "date": onset, "status": status})
            return
        end = day_of(resource, "abatement", "end")
        grade = ext.first_value(resource, ext.GRADE, "valueUnsignedInt")
        self.add(
            "conditions",
            resource,
            named
            and {
                **named,
                "onset": onset,
                "end": end,
                "status": status,
                "grade": grade,
                "severity": text_of(resource.severity),
            },
        )

    def allergy(self, resource) -> None:
        verification = code_of(resource.verificationStatus)
        if verification in NOT_RECORDS:
            return
        substance = None
        if resource.code is not None:
            found = [read_coding(c.system, c.code, c.display) for c in resource.code.coding or ()]
            substance = next((r.code for r in found if r.code), None)
            if substance is None:
                self.say(
                    UNREAD,
                    resource,
                    f"the substance {text_of(resource.code) or 'without a known code'} is not "
                    "mapped: read as an allergy to something",
                )
        onset = day(resource.onsetDateTime) or day(resource.recordedDate)
        self.add(
            "conditions",
            resource,
            {
                "concept": ALLERGY,
                "code": substance,
                "onset": onset,
                "status": status_of(resource, resource.clinicalStatus),
            },
        )

    def medication(self, resource) -> None:
        if resource.status in NOT_RECORDS:
            return
        if resource.medicationCodeableConcept is None:
            self.say(
                UNMAPPED,
                resource,
                "a medicationReference is not read, only medicationCodeableConcept: "
                "treatments are unknown",
            )
            self.add("treatments", resource, None)
            return
        named = self.concept(resource, resource.medicationCodeableConcept, "treatments")
        period = getattr(resource, "effectivePeriod", None)
        start = day_of(resource, "effective") or day(getattr(resource, "authoredOn", None))
        end = day(getattr(period, "end", None))
        if resource.get_resource_type() == "MedicationAdministration" and period is None:
            end = start  # one administration: one day
        line = ext.first_value(resource, ext.LINE, "valueUnsignedInt")
        setting = ext.first_value(resource, ext.SETTING, "valueString")
        self.add(
            "treatments",
            resource,
            named
            and {
                **named,
                "start": start,
                "end": end,
                "status": status_of(resource, resource.status),
                "line": line,
                "setting": setting,
            },
        )

    def immunization(self, resource) -> None:
        """A vaccination on its day, whatever the vaccine (an event), and the vaccine given that
        day (a treatment, unknown when its code is not read)."""
        if resource.status in NOT_RECORDS:
            return
        date = day_of(resource, "occurrence")
        self.add("events", resource, {"concept": VACCINATION, "date": date, "status": "completed"})
        named = self.concept(resource, resource.vaccineCode, "treatments")
        self.add("treatments", resource, named and {**named, "start": date, "end": date})

    def procedure(self, resource) -> None:
        if resource.status in NOT_RECORDS:
            return
        date = day_of(resource, "performed")
        named = self.concept(resource, resource.code, "procedures")
        self.add(
            "procedures",
            resource,
            named and {**named, "date": date, "status": status_of(resource, resource.status)},
        )


def bundle_patient(bundle, path: str, fallback_id: str) -> tuple[Patient, list[Diagnostic]]:
    """The patient a validated Bundle describes, and one diagnostic per record or element not
    mapped.

    FhirError when the Bundle is not one patient's; pydantic's ValidationError when the mapped
    record is implausible (an ECOG of 7), as for any eligo-patient/1 record."""
    mapper = _Mapper(path)
    resources = [entry.resource for entry in bundle.entry or () if entry.resource is not None]
    people = [
        entry
        for entry in bundle.entry or ()
        if entry.resource is not None and entry.resource.get_resource_type() == "Patient"
    ]
    if len(people) == 1:
        same_patient(people[0], resources)
    readers = {
        "Observation": mapper.observation,
        "Condition": mapper.condition,
        "AllergyIntolerance": mapper.allergy,
        "Procedure": mapper.procedure,
        "Immunization": mapper.immunization,
    }
    readers.update(dict.fromkeys(MEDICATIONS, mapper.medication))
    unread: dict[str, int] = {}
    for resource in resources:
        kind = resource.get_resource_type()
        if kind in readers:
            readers[kind](resource)
        elif kind != "Patient":
            unread[kind] = unread.get(kind, 0) + 1
    for kind, count in sorted(unread.items()):
        mapper.diagnostics.append(
            Diagnostic(
                code=UNREAD,
                severity="warning",
                message=f"{count} {kind} resource(s) not read",
                path=path,
            )
        )
    fields = patient_fields(
        [r for r in resources if r.get_resource_type() == "Patient"], fallback_id
    )
    declared = set(declared_complete(r for r in resources if r.get_resource_type() == "Patient"))
    for kind in ext.LISTS:
        recorded = (kind in mapper.seen or kind in declared) and kind not in mapper.unknown
        fields[kind] = mapper.lists[kind] if recorded else None
    return PATIENT_ADAPTER.validate_python(fields), mapper.diagnostics
