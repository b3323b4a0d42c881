"""`eligo screen` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eligo.cli import app
from eligo.cli import verbs  # noqa: F401 - registers the verbs

FIXTURES = Path(__file__).parent / "fixtures"
RULES = FIXTURES / "grammar" / "seed_000.eligo"
PATIENTS = sorted((FIXTURES / "patients" / "seed_000").glob("*.json"))


def _patient_file(tmp_path: Path, case: Path) -> Path:
    target = tmp_path / case.name
    target.write_text(json.dumps(json.loads(case.read_text())["patient"]), encoding="utf-8")
    return target


def test_verdict_table_and_json(tmp_path):
    files = [str(_patient_file(tmp_path, case)) for case in PATIENTS]
    result = CliRunner().invoke(app, ["screen", str(RULES), *files])
    assert result.exit_code == 0, result.output
    assert "eligible-1" in result.output and "ineligible" in result.output and "needs_review" in result.output
    data = json.loads(CliRunner().invoke(app, ["screen", "--json", str(RULES), *files]).output)
    assert {r["patient"]: r["verdict"] for r in data} == {"eligible-1": "eligible", "ineligible-1": "ineligible", "needs-review-1": "needs_review"}


def test_explain_prints_traces(tmp_path):
    patient = _patient_file(tmp_path, PATIENTS[0])
    result = CliRunner().invoke(app, ["screen", "--explain", str(RULES), str(patient)])
    assert "urine_protein_24h 800 mg/(24.h)" in result.output


def test_bad_patient_is_reported_and_others_screened(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "observations": "lots"}', encoding="utf-8")
    good = _patient_file(tmp_path, PATIENTS[0])
    result = CliRunner().invoke(app, ["screen", str(RULES), str(bad), str(good)])
    assert result.exit_code == 3 and "not a patient record: observations" in result.output and "eligible-1" in result.output


def test_bad_rules_exit_4(tmp_path):
    rules = tmp_path / "r.eligo"
    rules.write_text("eligo 1\nprotocol {", encoding="utf-8")
    result = CliRunner().invoke(app, ["screen", str(rules), str(PATIENTS[0])])
    assert result.exit_code == 4 and "r.eligo:2:10" in result.output
