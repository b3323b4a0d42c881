"""`eligo screen RULES --omop FILE.duckdb`: the OMOP branch of `eligo screen`, kept apart from record files.

Runs the protocol's query (`eligo.omop`) in embedded DuckDB and prints the
count of each verdict per criterion; `-o` writes every row (person, criterion,
kind, verdict) as CSV or Parquet, chosen by the file's extension.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from eligo.cli.app import Exit, err, out
from eligo.cli.verbs.omop_options import anchors, load_rules
from eligo.omop.run import FORMATS, OmopError, screen

VERDICTS = ("true", "false", "unknown", "eligible", "ineligible", "needs_review")
STYLES = {"true": "green", "false": "red", "unknown": "yellow", "eligible": "green", "ineligible": "red", "needs_review": "yellow"}


def screen_omop(rules: Path, database: Path, output: Path | None, anchor_table: str, index_date: str | None) -> None:
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
        table.add_column(verdict, justify="right", style=STYLES[verdict])
    for criterion in order:
        row = tally.get(criterion, {})
        table.add_row(Text(criterion), *(f"{row[v]:,}" if v in row else "" for v in VERDICTS))
    out.print(table)
    if output is not None:
        out.print(f"verdicts written to {output}", markup=False)
