"""One truth, two engines: the SQL and the Python evaluator screen the same CDM, and must agree.

`disagreements` runs the protocol's query on a DuckDB connection and the
Python evaluator on the same persons (`patients.py`), and lists every person
and criterion whose verdicts differ; `explain` renders one for a human: the
patient record, the Python trace, and what each SQL atom found for the person.
Tests and `benchmarks/omop.py` use it; another engine (Spark) is compared with
DuckDB on the rows `verdicts` returns.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb

from eligo.grammar import ast
from eligo.grammar.patient import Patient
from eligo.grammar.screening import Screening, screen
from eligo.omop import patients as twins
from eligo.omop.query import ANCHOR_TABLE, PROTOCOL, atom_trace, to_sql


@dataclass(frozen=True)
class Disagreement:
    person: Patient
    criterion: str
    sql: str
    python: str
    screening: Screening


def verdicts(con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE) -> dict[tuple[str, str], str]:
    """{(person id, criterion): verdict} from the SQL, run in DuckDB."""
    return {(str(p), c): v for p, c, _, v in con.execute(to_sql(protocol, "duckdb", anchors, pretty=False)).fetchall()}


def python_verdicts(con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE) -> list[tuple[Patient, Screening]]:
    """Each person as a patient record and its screening by the Python evaluator."""
    twin = twins.bound(protocol, twins.mapped(con, protocol))
    return [(patient, screen(twin, patient)) for patient in twins.load(con, protocol, anchors)]


def _traced(con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, patient: Patient) -> Screening:
    """A patient's screening again, every criterion traced (traces come on demand)."""
    return screen(twins.bound(protocol, twins.mapped(con, protocol)), patient, explain=True)


def disagreements(con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE) -> tuple[int, list[Disagreement]]:
    """How many (person, criterion) verdicts were compared, and those that differ."""
    sql = verdicts(con, protocol, anchors)
    found, compared = [], 0
    for patient, result in python_verdicts(con, protocol, anchors):
        mine: dict[str, str] = {r.id: r.value for r in result.criteria}  # criteria's truths, and the protocol's verdict
        mine[PROTOCOL] = result.verdict
        for criterion, value in mine.items():
            compared += 1
            theirs = sql.get((patient.id, criterion), "(no row)")
            if theirs != value:
                result = _traced(con, protocol, patient)  # for `explain`: rare, so traced again
                found.append(Disagreement(patient, criterion, theirs, value, result))
    return compared, found


def explain(con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, wrong: Disagreement, anchors: str | dt.date = ANCHOR_TABLE) -> str:
    """A disagreement for a human: the record, the Python trace, and the SQL atoms' rows for the person."""
    lines = [
        f"person {wrong.person.id}, criterion {wrong.criterion}: SQL {wrong.sql}, Python {wrong.python}",
        "patient:",
        json.dumps(wrong.person.model_dump(mode="json", exclude_none=True), indent=1),
    ]
    for result in wrong.screening.criteria:
        if result.id == wrong.criterion or wrong.criterion == PROTOCOL:
            shown = result.trace.render(1) if result.trace else "(not traced)"
            lines += [f"Python trace of {result.id}:", shown]
    lines.append("SQL atoms for this person (name: rows):")
    for name, query in atom_trace(protocol, int(wrong.person.id), anchors):
        lines.append(f"  {name}: {con.execute(query.sql(dialect='duckdb')).fetchall()}")
    return "\n".join(lines)
