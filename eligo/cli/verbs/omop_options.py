"""What the OMOP verbs (`eligo sql`, `eligo screen --omop`, `eligo synth`) share: rules loading and anchors.

Anchors are either a table of the database (`person_id`, `anchor`,
`anchor_date`; `eligo_anchor` by default, which `eligo synth` writes) or one
index date given with `--index-date`, used as every anchor of every person.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from eligo.cli.app import Exit, err, print_diagnostics, rules_exit
from eligo.grammar import ast
from eligo.grammar.load import read_rules
from eligo.grammar.parse import RulesError

ANCHORS_HELP = "Table of anchor dates (person_id, anchor, anchor_date)."
INDEX_HELP = "One index date (YYYY-MM-DD) for every anchor of every person, instead of an anchor table."


def load_rules(path: Path) -> ast.Protocol:
    """The protocol of a rules file, or exit as `eligo check` would."""
    try:
        return read_rules(path)[0]
    except RulesError as error:
        print_diagnostics([error.diagnostic], {error.diagnostic.path: error.text})
        raise typer.Exit(int(rules_exit(error.diagnostic.code))) from None


def anchors(verb: str, table: str, index_date: str | None) -> str | dt.date:
    """The anchor source: a date, or a table name (an SQL identifier)."""
    if index_date is not None:
        try:
            return dt.date.fromisoformat(index_date)
        except ValueError:
            err.print(f"eligo {verb}: --index-date {index_date!r} is not a date (YYYY-MM-DD)", markup=False)
            raise typer.Exit(int(Exit.USAGE)) from None
    if not table.replace("_", "").isalnum() or not table[:1].isalpha():
        err.print(f"eligo {verb}: --anchors {table!r} is not a table name (letters, digits, _)", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    return table
