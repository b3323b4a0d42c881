"""FHIR R4 input: a Bundle of one patient's records screened like an `eligo-patient/1` record.

`fhir.resources` (its R4B models) validates the Bundle (`read.py`); `mapping.py`
maps its resources through the terminology into `eligo.grammar.patient.Patient`,
reporting what it cannot map and leaving the criteria that needed it unknown;
`codes.py` translates FHIR codings into the terminology's codes and back;
`twin.py` writes a Patient as a Bundle (the corpus patients' FHIR twins).
This package depends on `eligo.grammar`, never the other way round: the rule
language stays free of FHIR.
"""

from __future__ import annotations

from pathlib import Path

from eligo.diagnostics import Diagnostic
from eligo.fhir.mapping import bundle_patient
from eligo.fhir.read import FhirError, is_fhir, parse_bundle
from eligo.grammar.patient import Patient


def bundle_to_patient(data: object, path: Path) -> tuple[Patient, list[Diagnostic]]:
    """The patient of parsed Bundle JSON, and what could not be mapped (FhirError: not a valid
    Bundle)."""
    return bundle_patient(parse_bundle(data), str(path), path.stem)


__all__ = ["FhirError", "bundle_to_patient", "is_fhir"]
