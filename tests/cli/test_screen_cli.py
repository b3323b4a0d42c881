"""`eligo screen` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from fixture_files import fixture_path

from eligo.cli.app import Exit

FIXTURES = fixture_path()
RULES = FIXTURES / "grammar" / "seed_000.eligo"
CASES = {case.stem: case for case in (FIXTURES / "patients" / "seed_000").glob("*.json")}


def bare_patient(tmp_path: Path, name: str) -> Path:
    """The patient of a fixture, as a bare eligo-patient/1 file."""
    target = tmp_path / f"{name}.json"
    target.write_text(json.dumps(json.loads(CASES[name].read_text(encoding="utf-8"))["patient"]), encoding="utf-8")
    return target


def test_verdict_table(cli, tmp_path):
    result = cli("screen", RULES, *(bare_patient(tmp_path, name) for name in sorted(CASES)))
    assert result.exit_code == Exit.OK, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if line.count("│") >= 4}
    assert "eligible" in rows["eligible-1"] and "needs_review" in rows["needs-review-1"]
    assert "I2, E5, E19" in rows["ineligible-1"]


def test_json_for_tools_accepts_fixture_files_too(cli):
    result = cli("screen", "--json", RULES, *sorted(CASES.values()))
    assert result.exit_code == Exit.OK
    data = json.loads(result.output)
    assert {r["patient"]: r["verdict"] for r in data} == {"eligible-1": "eligible", "ineligible-1": "ineligible", "needs-review-1": "needs_review"}
    ineligible = next(r for r in data if r["verdict"] == "ineligible")
    assert ineligible["deciding"] == ["I2", "E5", "E19"]
    e19 = next(c for c in ineligible["criteria"] if c["id"] == "E19")
    protein = e19["trace"]["children"][1]["facts"][0]
    assert (protein["value"], protein["unit"], protein["converted"], protein["converted_unit"]) == (1500, "mg/(24.h)", 1.5, "g/(24.h)")


def test_explain_prints_traces(cli):
    result = cli("screen", "--explain", RULES, CASES["eligible"])
    assert result.exit_code == Exit.OK
    assert "urine_protein_24h = 800 mg/(24.h) on 2026-01-09 → 0.8 g/(24.h)" in result.output
    assert "exclusion E5: Received major surgical treatment" in result.output


def test_bad_patients_are_reported_and_the_others_screened(cli, tmp_path):
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"id": "x", "observations": [{"concept": "alt", "value": 1, "colour": "red"}]}', encoding="utf-8")
    not_json = tmp_path / "broken.json"
    not_json.write_text('{"id": ', encoding="utf-8")
    result = cli("screen", RULES, invalid, not_json, bare_patient(tmp_path, "eligible"))
    assert result.exit_code == Exit.BAD_INPUT
    assert "invalid.json: not a patient record: observations.0.colour: Extra inputs are not permitted" in result.output
    assert "broken.json: not JSON" in result.output
    assert "eligible-1" in result.output


def test_rules_that_do_not_parse(cli, tmp_path):
    rules = tmp_path / "r.eligo"
    rules.write_text("eligo 1\nprotocol {", encoding="utf-8")
    result = cli("screen", rules, CASES["eligible"])
    assert result.exit_code == Exit.BAD_RULES
    assert "r.eligo:2:10" in result.output and "protocol {" in result.output
