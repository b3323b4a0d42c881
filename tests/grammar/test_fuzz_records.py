"""Fuzzing what users hand `eligo screen` and `eligo check`: patient records and rules JSON.

Each input, a corpus record or rules document with random edits, either loads or is refused with the loader's own error (a pydantic
`ValidationError` for a patient, a `RulesError` for rules); what loads is
screened or checked without an exception. For rules JSON the JSON Schema must
agree with the loader, but on the rules JSON Schema cannot state. Each test
runs `FUZZ_EXAMPLES` cases (`tests/fixture_files.py`; `.ci/run` runs 10,000), derandomised.
"""

from __future__ import annotations

import json
import random

import jsonschema
from fixture_files import FUZZ_EXAMPLES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from eligo.grammar.check import check_protocol
from eligo.grammar.parse import RulesError, parse_rules
from eligo.grammar.patient import Patient, read_patient
from eligo.grammar.schema import from_json, json_schema, to_json
from eligo.grammar.screening import screen

PATIENTS = ROOT / "corpus" / "patients"
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)

RULES = """eligo 1
protocol "x" {
  inclusion I1 at 1:1 span 0..5 "Adult" {
    age in [18 a .. 75 a] and ecog <= 1
  }

  exclusion E1 at 2:1 span 6..20 "Recent surgery" {
    has procedure major_surgery within 4 wk before randomization or alt > 2.5 {ULN}
  }
}
"""
PROTOCOL = parse_rules(RULES)
DOCUMENT = to_json(PROTOCOL)
VALIDATOR = jsonschema.Draft202012Validator(json_schema())
# What the loader refuses and JSON Schema cannot say (the schema describes them); NaN and
# Infinity are not JSON, but Python's reader takes them.
BEYOND_SCHEMA = ("span end precedes its start", "is used twice", "must be a finite number")

INTERESTING = (
    None, True, False, 0, 1, -1, -3, 0.5, 7, 150, 1e308, -1e-308, 10**30, float("nan"), float("inf"),
    "", "1", "two", "A", "++", "a", "U/L", "{ULN}", "mg/dL", "2026-01-10", "2099-12-31", "1900-02-30", "1970-05-01",
    "ecog", "alt", "inclusion", "and", "compare", "x" * 300, [], {}, [None], [1, "a"], {"kind": "and"}, {"value": 1},
)
BASES = [path.read_text(encoding="utf-8") for path in sorted(PATIENTS.glob("*/*.json"))]


def _places(node, found=None):
    """Every (container, key) of a JSON document."""
    found = [] if found is None else found
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found.append((node, key))
        _places(value, found)
    return found


def _mutated(document: str, seed: int):
    """`document` with one to three random edits: a value replaced, deleted, or copied from elsewhere.

    Hypothesis draws only the seed: drawing whole JSON documents would cost ten times the test."""
    rng = random.Random(seed)
    document = json.loads(document)
    for _ in range(rng.randint(1, 3)):
        places = _places(document)
        if not places:
            break
        container, key = rng.choice(places)
        action = rng.random()
        if action < 0.2 and isinstance(container, dict):
            del container[key]
        elif action < 0.4:
            other, other_key = rng.choice(places)
            container[key] = json.loads(json.dumps(other[other_key]))
        else:
            container[key] = json.loads(json.dumps(rng.choice(INTERESTING)))
    return document


@FUZZ
@given(st.integers(0, 2**63), st.integers(0, len(BASES) - 1))
def test_fuzz_patient_records(seed, base):
    text = json.dumps(_mutated(BASES[base], seed))
    try:
        patient = read_patient(text)
    except (ValidationError, ValueError):  # what `eligo screen` reports, file and field
        return
    assert isinstance(patient, Patient)
    assert screen(PROTOCOL, patient).verdict in {"eligible", "ineligible", "needs_review"}


@FUZZ
@given(st.integers(0, 2**63))
def test_fuzz_rules_json(seed):
    text = json.dumps(_mutated(DOCUMENT, seed))
    try:
        protocol = from_json(text, "fuzz.json")
    except RulesError:
        return
    check_protocol(protocol, text, "fuzz.json")
    screen(protocol, read_patient(BASES[seed % len(BASES)]))


@settings(FUZZ, max_examples=min(FUZZ_EXAMPLES, 300))  # a JSON Schema validation takes about 15 ms
@given(st.integers(0, 2**63))
def test_fuzz_the_schema_agrees_with_the_loader(seed):
    document = _mutated(DOCUMENT, seed)
    schema_says = VALIDATOR.is_valid(document)
    try:
        from_json(json.dumps(document), "fuzz.json")
    except RulesError as error:
        assert not schema_says or any(reason in error.diagnostic.message for reason in BEYOND_SCHEMA), error.diagnostic.message
        return
    assert schema_says, document
