"""Registering the verbs: a command line imports only the verb it names, and the table of verbs
names every command of the app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

from eligo.cli import app
from eligo.cli.verbs import VERBS

# registers the verbs an argument list names; prints which verb modules and heavy packages loaded
PROBE = (
    "import json, sys\n"
    "from eligo.cli.verbs import register\n"
    "register(json.loads(sys.argv[1]))\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.startswith('eligo.cli.verbs.') "
    "or m.split('.')[0] in ('duckdb', 'sqlglot'))))\n"
)


def registered(args: list[str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_table_names_every_command_of_the_app() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert sorted(VERBS) == sorted(commands)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["compile", "x.txt"], ["eligo.cli.verbs.compile"]),
        (["--debug", "eval", "--gold", "g"], ["eligo.cli.verbs.score"]),
        (["--debug", "check", "compile"], ["eligo.cli.verbs.check"]),
    ],
)
def test_a_command_line_imports_only_its_verb(args: list[str], expected: list[str]) -> None:
    assert registered(args) == expected


@pytest.mark.parametrize("args", [[], ["--help"], ["compil", "x.txt"]])
def test_without_a_known_verb_every_verb_is_registered(args: list[str]) -> None:
    loaded = registered(args)
    assert {f"eligo.cli.verbs.{module}" for module in VERBS.values()} <= set(loaded)
