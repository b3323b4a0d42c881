"""One truth, two engines: the SQL and the Python evaluator screen the same CDM, and must agree.

`disagreements` runs the protocol's query on a DuckDB connection and the
Python evaluator on the same persons (`patients.py`), and lists every person
and criterion whose verdicts differ; `explain` renders one for a human: the
patient record, the Python trace, and what each SQL atom found for the person.
Tests, `benchmarks/omop.py` and `benchmarks/differential.py` use it; `compare`
checks another engine's rows (Spark's) against the same Python screenings.
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
    engine: str = "duckdb"


def verdicts(
    con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE
) -> dict[tuple[str, str], str]:
    """{(person id, criterion): verdict} from the SQL, run in DuckDB."""
    return {
        (str(p), c): v
        for p, c, _, v in con.execute(to_sql(protocol, "duckdb", anchors, pretty=False)).fetchall()
    }


def python_verdicts(
    con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE
) -> list[tuple[Patient, Screening]]:
    """Each person as a patient record and its screening by the Python evaluator."""
    twin = twins.bound(protocol, twins.mapped(con, protocol))
    return [(patient, screen(twin, patient)) for patient in twins.load(con, protocol, anchors)]


def _traced(con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, patient: Patient) -> Screening:
    """A patient's screening again, every criterion traced (traces come on demand)."""
    return screen(twins.bound(protocol, twins.mapped(con, protocol)), patient, explain=True)


def compare(
    screened: list[tuple[Patient, Screening]],
    found: dict[tuple[str, str], str],
    engine: str = "duckdb",
) -> tuple[int, list[Disagreement]]:
    """How many (person, criterion) verdicts of the Python screenings were compared with an
    engine's, and those that differ (a row the engine lacks, or has beyond them, is a disagreement
    too)."""
    wrong, compared, ids = [], 0, set()
    for patient, result in screened:
        mine: dict[str, str] = {
            r.id: r.value for r in result.criteria
        }  # criteria's truths, and the protocol's verdict
        mine[PROTOCOL] = result.verdict
        for criterion, value in mine.items():
            compared += 1
            ids.add((patient.id, criterion))
            theirs = found.get((patient.id, criterion), "(no row)")
            if theirs != value:
                wrong.append(Disagreement(patient, criterion, theirs, value, result, engine))
    extra = sorted(set(found) - ids)
    if extra:
        raise AssertionError(
            f"{engine} has {len(extra)} rows of no screened person and criterion, e.g. {extra[0]}"
        )
    return compared, wrong


def disagreements(
    con: duckdb.DuckDBPyConnection, protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE
) -> tuple[int, list[Disagreement]]:
    """How many (person, criterion) verdicts were compared, and those that differ."""
    return compare(python_verdicts(con, protocol, anchors), verdicts(con, protocol, anchors))


def explain(
    con: duckdb.DuckDBPyConnection,
    protocol: ast.Protocol,
    wrong: Disagreement,
    anchors: str | dt.date = ANCHOR_TABLE,
) -> str:
    """A disagreement for a human: the record, the Python trace, and the SQL atoms' rows for the
    person."""
    lines = [
        f"person {wrong.person.id}, criterion {wrong.criterion}: SQL ({wrong.engine}) "
        f"{wrong.sql}, Python {wrong.python}",
        "patient:",
        json.dumps(wrong.person.model_dump(mode="json", exclude_none=True), indent=1),
    ]
    for result in _traced(
        con, protocol, wrong.person
    ).criteria:  # traces come on demand: rare, so screened again
        if result.id == wrong.criterion or wrong.criterion == PROTOCOL:
            lines += [
                f"Python trace of {result.id}:",
                result.trace.render(1) if result.trace else "(not traced)",
            ]
    lines.append("SQL atoms for this person, in DuckDB (name: rows):")
    for name, query in atom_trace(protocol, int(wrong.person.id), anchors):
        lines.append(f"  {name}: {con.execute(query.sql(dialect='duckdb')).fetchall()}")
    return "\n".join(lines)
