"""What the OMOP verbs share (`eligo sql`, `eligo synth`, `eligo screen --omop`): rules loading,
anchors, and the OMOP branch of `eligo screen`, kept apart from the verbs so `eligo/cli/verbs/`
holds verbs only.

Anchors are either a table of the database (`person_id`, `anchor`,
`anchor_date`; `eligo_anchor` by default, which `eligo synth` writes) or one
index date given with `--index-date`, used as every anchor of every person.
`screen_omop` runs the protocol's query (`eligo.omop`) in embedded DuckDB and
prints the count of each verdict per criterion; `-o` writes every row (person,
criterion, kind, verdict) as CSV or Parquet, chosen by the file's extension.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from eligo.cli.app import VERDICT_STYLES, Exit, err, out, print_diagnostics, rules_exit
from eligo.grammar import ast
from eligo.grammar.load import read_rules
from eligo.grammar.parse import RulesError
from eligo.omop.run import FORMATS, OmopError, screen

ANCHORS_HELP = "Table of anchor dates (person_id, anchor, anchor_date)."
INDEX_HELP = (
    "One index date (YYYY-MM-DD) for every anchor of every person, instead of an anchor table."
)


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
            err.print(
                f"eligo {verb}: --index-date {index_date!r} is not a date (YYYY-MM-DD)",
                markup=False,
            )
            raise typer.Exit(int(Exit.USAGE)) from None
    if not table.replace("_", "").isalnum() or not table[:1].isalpha():
        err.print(
            f"eligo {verb}: --anchors {table!r} is not a table name (letters, digits, _)",
            markup=False,
        )
        raise typer.Exit(int(Exit.USAGE))
    return table


VERDICTS = ("true", "false", "unknown", "eligible", "ineligible", "needs_review")


def screen_omop(
    rules: Path, database: Path, output: Path | None, anchor_table: str, index_date: str | None
) -> None:
    """`eligo screen RULES --omop FILE.duckdb`: every person of the database, counted per criterion
    and verdict."""
    if output is not None and output.suffix.lower() not in FORMATS:
        err.print(f"eligo screen: -o {output}: give a .csv or .parquet file", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    if output is not None and not output.resolve().parent.is_dir():
        err.print(f"eligo screen: cannot write to {output}: no such directory", markup=False)
        raise typer.Exit(int(Exit.CANNOT_WRITE))
    protocol = load_rules(rules)
    source = anchors("screen", anchor_table, index_date)
    try:
        counts = screen(database, protocol, output, source)
    except OmopError as error:
        err.print(f"eligo screen: {error}", markup=False)
        raise typer.Exit(int(Exit.BAD_INPUT)) from None
    except OSError as error:
        err.print(f"eligo screen: cannot write {output}: {error.strerror or error}", markup=False)
        raise typer.Exit(int(Exit.CANNOT_WRITE)) from None
    tally: dict[str, dict[str, int]] = defaultdict(dict)
    for criterion, _, verdict, count in counts:
        tally[criterion][verdict] = count
    order = [c.id for c in protocol.criteria] + ["protocol"]
    table = Table(title=f"{protocol.id} on {database}: persons per verdict")
    table.add_column("criterion")
    for verdict in VERDICTS:
        table.add_column(verdict, justify="right", style=VERDICT_STYLES[verdict])
    for criterion in order:
        row = tally.get(criterion, {})
        table.add_row(Text(criterion), *(f"{row[v]:,}" if v in row else "" for v in VERDICTS))
    out.print(table)
    if output is not None:
        out.print(f"verdicts written to {output}", markup=False)
