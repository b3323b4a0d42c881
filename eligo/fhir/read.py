"""Reading a FHIR R4 Bundle: valid or refused in one line, never half-read.

The resources are validated by `fhir.resources`' R4B models (R4B is R4 with
corrections; the resources Eligo reads have the same shape in both), so a
Bundle that is not JSON, not a Bundle, or holds a resource that is not valid
FHIR is refused with the first problem's place and reason, rather than screened
on what could be made of it. What is valid but cannot be mapped is another
matter (`mapping.py`): it is reported, and screening goes on with it unknown.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

MAX_PROBLEM = 160
BUNDLE_TYPES = (
    "document",
    "message",
    "transaction",
    "transaction-response",
    "batch",
    "batch-response",
    "history",
    "searchset",
    "collection",
)


class FhirError(ValueError):
    """A Bundle Eligo refuses; the message is one line."""


def is_fhir(data: object) -> bool:
    """Whether parsed JSON is meant as a FHIR resource (it names its `resourceType`)."""
    return isinstance(data, dict) and "resourceType" in data


def parse_bundle(data: object):
    """A validated R4B Bundle from parsed JSON, or FhirError."""
    from fhir.resources.R4B.bundle import (
        Bundle,
    )  # imported on first use: ~0.5 s that eligo-patient/1 input never pays

    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        kind = data.get("resourceType") if isinstance(data, dict) else type(data).__name__
        raise FhirError(f"not a FHIR Bundle: the top level is {kind!s}, not a Bundle")
    if data.get("type") not in BUNDLE_TYPES:
        raise FhirError(
            f"not a valid FHIR R4 Bundle: type {data.get('type')!r} is not one of "
            f"{', '.join(BUNDLE_TYPES)}"
        )
    try:
        return Bundle.model_validate(data)
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        where = _where(first["loc"], data)
        message = " ".join(str(first["msg"]).split())[:MAX_PROBLEM]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise FhirError(f"not a valid FHIR R4 Bundle: {where}: {message}{more}") from None
    except KeyError as error:  # fhir_core looks the resource type up in its table of models
        kind = str(error).strip("'").rpartition(".")[2].removesuffix("Type")
        raise FhirError(
            f"not a valid FHIR R4 Bundle: a resource of unknown type {kind!r}"
        ) from None
    except (
        TypeError,
        ValueError,
    ) as error:  # a model that rejects a value outside pydantic's error list
        raise FhirError(
            f"not a valid FHIR R4 Bundle: {' '.join(str(error).split())[:MAX_PROBLEM]}"
        ) from None


def read_bundle(text: str):
    """A validated Bundle from JSON text, or FhirError."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise FhirError(f"not JSON: {error}") from None
    return parse_bundle(data)


def _where(location: tuple, data: dict) -> str:
    """`entry[3] (Observation/abc).valueQuantity.value` for a pydantic error location in a
    Bundle."""
    parts: list[str] = []
    node: object = data
    for step in location:
        if isinstance(step, int):
            parts[-1:] = [f"{parts[-1]}[{step}]"] if parts else [f"[{step}]"]
        else:
            parts.append(str(step))
        node = node[step] if isinstance(node, (dict, list)) and _has(node, step) else None
        if step == "resource" and isinstance(node, dict):
            parts[-1] = f"resource ({node.get('resourceType', '?')}/{node.get('id', '?')})"
    return ".".join(parts) or "top level"


def _has(node: dict | list, step: object) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(step, int) and 0 <= step < len(node)
