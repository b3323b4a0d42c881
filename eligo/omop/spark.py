"""The query on Spark, as a script: the CTEs that read the CDM become cached views, read once by
every atom.

Spark inlines a CTE wherever the query reads it, so the one query of
`query.py` (people, records, concept sets, then one CTE per atom, every atom
reading the concept sets, the records and `people`) plans as hundreds of scans:
minutes in local mode for a 40-criterion protocol. Here each CTE that reads the
CDM (`query.parts`) becomes `CACHE LAZY TABLE name AS select` instead, a
temporary view whose rows Spark computes once, on first use, and keeps; the
atoms' CTEs, each read once, stay CTEs of the final select (the wide row per
person, crossed with the criteria), which reads the cached views.

`statements` gives the script as sqlglot expressions (never pasted text): it
first drops the views, so a session can run it again or run another
protocol's; `to_script` writes it (`eligo sql --dialect spark`) and `Views`
runs it in a `pyspark.sql.SparkSession`, keeping the views across protocols.
The SQL is the other dialects': only how Spark reuses it differs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlglot import exp

from eligo.grammar import ast
from eligo.omop.query import ANCHOR_TABLE, parts

SEPARATOR = ";\n\n"  # between statements of a written script (a pretty statement has no blank line)


def views(
    protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE
) -> tuple[list[tuple[str, exp.Query]], exp.Select]:
    """The views to cache (the CTEs reading the CDM, which many atoms read), in order, and the final
    select reading them (each atom's CTE, read once, stays a CTE of it: inlined once)."""
    reading, computing, final = parts(protocol, anchors)
    for name, select in computing:
        final = final.with_(name, as_=select, copy=False)
    return reading, final


def drops(names: list[str]) -> list[exp.Expr]:
    return [exp.Drop(tables=[exp.to_table(name)], kind="VIEW", exists=True) for name in names]


def statements(protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE) -> list[exp.Expr]:
    """Drop the views, cache each (lazily: computed once, when the final select first reads it),
    then select."""
    shared, final = views(protocol, anchors)
    return [*_setup(shared), final]


def _setup(shared: list[tuple[str, exp.Query]]) -> list[exp.Expr]:
    cached = [
        exp.Cache(this=exp.to_table(name), lazy=True, expression=select) for name, select in shared
    ]
    return [*drops([name for name, _ in shared]), *cached]


def to_script(
    protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE, pretty: bool = True
) -> str:
    """The script in Spark SQL, statements separated by `;` and a blank line."""
    return "".join(
        s.sql(dialect="spark", pretty=pretty) + SEPARATOR for s in statements(protocol, anchors)
    )


class Views:
    """The views one SparkSession holds, kept across protocols: a view whose SQL, and that of every
    view it reads, is unchanged is not computed again (the record views read only the CDM, so every
    protocol shares them)."""

    def __init__(self, session: Any):
        self.session = session
        self.held: dict[str, str] = {}  # view name → its Spark SQL

    def _sql(self, statement: exp.Expr) -> Any:
        return self.session.sql(statement.sql(dialect="spark"))

    def run(self, protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE) -> list[Any]:
        """The verdict rows (`person_id`, `criterion`, `kind`, `verdict`), computed in the
        session."""
        shared, final = views(protocol, anchors)
        stale: set[str] = {name for name in self.held if name not in dict(shared)}
        for name, select in shared:
            reads = {table.name for table in select.find_all(exp.Table)}
            if self.held.get(name) != select.sql(dialect="spark") or reads & stale:
                stale.add(name)
        self.drop(stale)
        for name, select in shared:
            if name not in self.held:
                self._sql(exp.Cache(this=exp.to_table(name), lazy=True, expression=select))
                self.held[name] = select.sql(dialect="spark")
        return self._sql(final).collect()

    def drop(self, names: set[str] | None = None) -> None:
        """Drop these views (all, by default) and their cached rows."""
        for name in sorted(self.held if names is None else names):
            self._sql(drops([name])[0])
            self.held.pop(name, None)


def local_session(tables: Path) -> Any:
    """A local, one-core SparkSession (the differential test's, the benchmark's) reading the CDM
    from `tables`, a directory of one Parquet file per table (DuckDB's `EXPORT DATABASE … (FORMAT
    PARQUET)`), as temporary views."""
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("eligo-omop")
        .config(
            "spark.driver.memory", "3g"
        )  # the driver is the executor: 10,000 persons' rows and caches overflow 1g
        .config(
            "spark.buffer.pageSize", "2m"
        )  # one task runs every atom's aggregate, each taking a page (64m by default)
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config(
            "spark.sql.adaptive.enabled", "false"
        )  # re-planning after every stage costs more than it saves on small data
        .config(
            "spark.sql.codegen.wholeStage", "false"
        )  # as does compiling generated code for many small stages
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    for table in sorted(tables.glob("*.parquet")):
        session.read.parquet(str(table)).createOrReplaceTempView(table.stem)
    return session
