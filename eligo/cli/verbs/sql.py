"""`eligo sql`: a protocol's rules as one SQL query over an OMOP CDM v5.4 database, in the dialect
asked for.

For Spark, which would inline every CTE at each use, the query is a script of cached views instead
(`eligo.omop.spark`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from eligo.cli.app import app, destination, emit, output_option, rules_argument
from eligo.cli.omop import ANCHORS_HELP, INDEX_HELP, anchors, load_rules
from eligo.files import write_atomic
from eligo.omop.query import ANCHOR_TABLE, DIALECTS, to_sql
from eligo.omop.spark import to_script


class Dialect(str, Enum):
    """The dialects sqlglot writes the query in (`eligo.omop.query.DIALECTS`)."""

    duckdb = "duckdb"
    postgres = "postgres"
    spark = "spark"
    bigquery = "bigquery"
    trino = "trino"
    snowflake = "snowflake"


assert tuple(d.value for d in Dialect) == DIALECTS, (
    "Dialect and eligo.omop.query.DIALECTS name the same dialects"
)


@app.command("sql")
def sql_command(
    rules: Path = rules_argument(),
    dialect: Dialect = typer.Option("duckdb", "--dialect", help="The SQL dialect to write."),
    anchor_table: str = typer.Option(ANCHOR_TABLE, "--anchors", help=ANCHORS_HELP),
    index_date: str | None = typer.Option(None, "--index-date", help=INDEX_HELP),
    output: Path | None = output_option("Write the query to this file (- for stdout)."),
) -> None:
    """Print the query that screens every person of an OMOP CDM: one verdict row per person and
    criterion."""
    protocol = load_rules(rules)
    source = anchors("sql", anchor_table, index_date)
    text = (
        to_script(protocol, source)
        if dialect is Dialect.spark
        else to_sql(protocol, dialect.value, source) + ";\n"
    )
    target = destination(output)
    if target is None:
        emit(text)
    else:
        write_atomic(target, text)
