"""Saying the truth about input: implausible patients, the rules schema, a missing dependency."""

from __future__ import annotations

import json
import re
import sys

import jsonschema
import pytest
from fixture_files import ROOT, fixture_cases
from pydantic import ValidationError

import eligo.units
from eligo.cli.app import Exit
from eligo.grammar.parse import RulesError, parse_rules
from eligo.grammar.patient import read_patient
from eligo.grammar.schema import from_json, json_schema, to_json

VALID = {
    "format": "eligo-patient/1", "id": "p1", "birth_date": "1970-05-01", "sex": "female",
    "anchors": {"screening": "2026-01-10"},
    "observations": [{"concept": "ecog", "value": 1, "date": "2026-01-09"}, {"concept": "child_pugh", "value": "A"}],
}
RULES = 'eligo 1\nprotocol "x" {\n  inclusion I1 at 1:1 span 0..5 "Adult" {\n    age >= 18 a\n  }\n}\n'


def test_a_plausible_record_is_read():
    assert read_patient(json.dumps(VALID)).observations[0].value == 1


@pytest.mark.parametrize(("change", "expected"), fixture_cases("patients", "implausible.tsv"))
def test_an_implausible_record_is_refused_saying_why(change, expected):
    with pytest.raises(ValidationError, match=re.escape(expected)):
        read_patient(json.dumps({**VALID, **json.loads(change)}))


def test_screen_reports_an_implausible_record_and_screens_the_others(cli, tmp_path):
    rules = tmp_path / "r.eligo"
    rules.write_text(RULES, encoding="utf-8")
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(VALID), encoding="utf-8")
    bad.write_text(json.dumps({**VALID, "id": "p2", "birth_date": "2090-01-01"}), encoding="utf-8")
    result = cli("screen", str(rules), str(good), str(bad))
    assert result.exit_code == Exit.BAD_INPUT and "bad.json" in result.output and "2090-01-01" in result.output
    assert "p1" in result.output and "p2" not in result.stdout


def test_a_missing_ucumvert_is_an_import_error_not_a_wrong_unit(monkeypatch):
    eligo.units._registry.cache_clear()
    eligo.units._quantity.cache_clear()
    monkeypatch.setitem(sys.modules, "ucumvert", None)
    try:
        with pytest.raises(ImportError):
            eligo.units.is_ucum("mg/dL")
    finally:
        eligo.units._registry.cache_clear()
        eligo.units._quantity.cache_clear()


def test_ucumvert_is_a_declared_dependency():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"ucumvert' in pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]


# --- the rules JSON Schema says what the loader accepts -----------------------------------------

VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def _document() -> dict:
    return json.loads(to_json(parse_rules(RULES)))


def _loads(document: dict) -> bool:
    try:
        from_json(json.dumps(document))
    except RulesError:
        return False
    return True


def _without_kind(document):
    del document["criteria"][0]["rule"]["kind"]


def _without_format(document):
    del document["format"]


def _twice(document):
    document["criteria"].append(document["criteria"][0])


def _reversed_span(document):
    document["criteria"][0]["span"].update(start=5, end=0)


@pytest.mark.parametrize(
    ("change", "schema_says"),
    [(_without_kind, False), (_without_format, False), (_twice, True), (_reversed_span, True)],
)
def test_the_schema_and_the_loader_agree_except_where_json_schema_cannot_say(change, schema_says):
    """Both refuse a node without `kind` and a document without `format`; a reversed span and a
    duplicate criterion id, which JSON Schema cannot express, the loader refuses and the schema describes."""
    document = _document()
    assert VALIDATOR.is_valid(document) and _loads(document)
    change(document)
    assert VALIDATOR.is_valid(document) is schema_says and not _loads(document)


def test_the_schema_describes_the_rules_it_cannot_express():
    definitions = json_schema()["$defs"]
    assert "end >= start" in definitions["SourceSpan"]["description"]
    assert "unique" in json_schema()["properties"]["criteria"]["description"]
