"""Screening an OMOP CDM in DuckDB, embedded: the compiled query, verdicts to CSV or Parquet, a
progress bar.

DuckDB runs the query of `query.py` unchanged on a database file (opened
read-only, so a screening never changes the CDM). The verdict rows go straight
from DuckDB to the output file (`COPY … TO`), written beside the destination
and renamed into place when complete, so a failed run leaves no half-written
file. While the query runs, its progress (DuckDB's own estimate) drives a bar
on stderr when the population is large.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
from pathlib import Path

import duckdb
from rich.progress import Progress

from eligo.grammar import ast
from eligo.omop.query import ANCHOR_TABLE, to_sql

FORMATS = {".csv": "FORMAT CSV, HEADER", ".parquet": "FORMAT PARQUET"}
LARGE = 50_000  # persons from which a progress bar is shown


class OmopError(Exception):
    """The database cannot be screened: not DuckDB, no CDM tables, a query that fails on it."""


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path), read_only=True)
        con.execute(
            "SET enable_progress_bar_print = false"
        )  # progress is tracked for our bar, not printed by DuckDB
        return con
    except duckdb.Error as error:
        raise OmopError(
            f"{path}: cannot open as a DuckDB database: {str(error).splitlines()[0]}"
        ) from None


def _run(con: duckdb.DuckDBPyConnection, sql: str, progress: bool) -> list[tuple]:
    """Execute `sql` and fetch its rows, polling DuckDB's progress into a bar meanwhile when
    asked."""
    failure: list[BaseException] = []
    rows: list[tuple] = []

    def work() -> None:
        try:
            rows.extend(con.execute(sql).fetchall())
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    if progress:
        with Progress(transient=True) as bar:
            task = bar.add_task("screening", total=100)
            while worker.is_alive():
                worker.join(0.2)
                done = con.query_progress()
                if done >= 0:
                    bar.update(task, completed=done)
    worker.join()
    if failure:
        error = failure[0]
        if isinstance(error, duckdb.Error):
            raise OmopError(
                f"the query failed on this database: {str(error).splitlines()[0]}"
            ) from None
        raise error
    return rows


def screen(
    path: Path,
    protocol: ast.Protocol,
    output: Path | None,
    anchors: str | dt.date = ANCHOR_TABLE,
    progress: bool = True,
) -> list[tuple]:
    """Screen every person of the CDM at `path`; write the rows to `output` (.csv/.parquet) when
    given. Returns the count of each (criterion, kind, verdict)."""
    con = connect(path)
    try:
        try:
            persons = con.execute("SELECT COUNT(*) FROM person").fetchall()[0][0]
        except duckdb.Error:
            raise OmopError(f"{path}: no OMOP CDM person table") from None
        if (
            isinstance(anchors, str)
            and anchors
            and not con.execute(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?", [anchors]
            ).fetchall()[0][0]
        ):
            raise OmopError(
                f"{path}: no anchor table {anchors!r}; give --index-date or --anchors TABLE"
            )
        sql = to_sql(protocol, "duckdb", anchors, pretty=False)
        show = progress and persons >= LARGE
        summary = "SELECT criterion, kind, verdict, COUNT(*) FROM {} GROUP BY ALL ORDER BY ALL"
        if output is None:
            return _run(con, summary.format(f"({sql})"), show)
        fd, partial = tempfile.mkstemp(
            prefix=".eligo-", suffix=output.suffix, dir=output.parent or Path(".")
        )
        os.close(fd)
        try:
            _run(
                con,
                f"COPY ({sql}) TO '{_quoted(partial)}' ({FORMATS[output.suffix.lower()]})",
                show,
            )
            os.replace(partial, output)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        reader = "read_parquet" if output.suffix.lower() == ".parquet" else "read_csv_auto"
        return con.execute(summary.format(f"{reader}('{_quoted(str(output))}')")).fetchall()
    finally:
        con.close()


def _quoted(text: str) -> str:
    return text.replace("'", "''")
