"""FHIR's small elements read as Eligo's values: a day, a status, a code, a concept's text.

The resource mappers (`mapping.py`) and the reader of the Bundle's Patient (`person.py`) read
the same elements the same way: a partial date is no day, FHIR's `unknown` is no status, and a
CodeableConcept's first code or display stands for it.
"""

from __future__ import annotations

import datetime as dt

from eligo.fhir import extensions as ext


def day(value: object) -> dt.date | None:
    """A FHIR date or dateTime as a day; a partial date ("2026-01") is not a day, so unknown."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def day_of(resource, element: str, edge: str = "start") -> dt.date | None:
    """A FHIR choice element `<element>[x]` as a day: its dateTime, else its Period's `edge`
    ("start" or "end")."""
    period = getattr(resource, f"{element}Period", None)
    return day(getattr(resource, f"{element}DateTime", None)) or day(getattr(period, edge, None))


def status_of(resource, element: object) -> str | None:
    """Eligo's status in the protocol's words when given, else FHIR's code (a CodeableConcept's or a
    code); FHIR's `unknown` is no status."""
    own = ext.first_value(resource, ext.STATUS, "valueString")
    if own is not None:
        return own
    code = code_of(element)
    return None if code == "unknown" else code


def code_of(element: object) -> str | None:
    """A FHIR code, or the first code of a CodeableConcept."""
    if element is None or isinstance(element, str):
        return element
    return next((c.code for c in getattr(element, "coding", None) or () if c.code), None)


def text_of(concept) -> str | None:
    if concept is None:
        return None
    return concept.text or next((c.display for c in concept.coding or () if c.display), None)
