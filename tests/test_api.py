"""The public API as a downstream developer meets it: README.md's example runs and prints what it says, in a fresh
interpreter; `import eligo` stays cheap; `from eligo.cli import app` is the whole command line."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from fixture_files import ROOT

import eligo
import eligo.api
from eligo.grammar import RulesError
from eligo.grammar.patient import Patient

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]


def test_readme_example_prints_what_the_readme_says():
    code = re.search(r"```python\n(.*?)```", SECTION, re.S).group(1)
    printed = re.search(r"```text\n(.*?)```", SECTION, re.S).group(1)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout == printed


def test_import_eligo_loads_neither_spacy_nor_the_compiler():
    probe = "import sys, eligo; print(sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'lark'} or m in {'eligo.api', 'eligo.compiler'}))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "[]", run.stderr


def test_the_api_is_exported_from_the_package():
    assert set(eligo.__all__) - {"__version__"} == set(eligo.api.__all__)
    assert all(getattr(eligo, name) is getattr(eligo.api, name) for name in eligo.api.__all__)
    with pytest.raises(AttributeError):
        eligo.no_such_function  # noqa: B018


def test_cli_app_has_every_verb():
    from eligo.cli import app

    names = {command.name or command.callback.__name__ for command in app.registered_commands}
    verbs = {path.stem for path in (ROOT / "eligo" / "cli" / "verbs").glob("*.py") if path.stem != "__init__"}
    assert len(names) == len(verbs) == 9
    assert {"compile", "check", "screen", "extract", "report", "schema", "eval", "sql", "synth"} <= {n.removesuffix("_command") for n in names}


def test_rules_and_patients_errors_are_the_documented_ones(tmp_path):
    with pytest.raises(RulesError):
        eligo.load_rules(tmp_path / "missing.eligo")
    broken = tmp_path / "broken.eligo"
    broken.write_text("eligo 1\nprotocol {", encoding="utf-8")
    with pytest.raises(RulesError) as raised:
        eligo.check_rules(broken)
    assert raised.value.diagnostic.code == "R001"
    patient = eligo.load_patient(ROOT / "corpus" / "patients" / "000_0f814b264ca6570a" / "eligible.json")
    assert isinstance(patient, Patient)
    assert eligo.screen(eligo.load_rules(ROOT / "compiled" / "000_0f814b264ca6570a.json"), patient).verdict == "eligible"
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError):
        eligo.load_patient(tmp_path / "bad.json")
