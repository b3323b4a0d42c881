"""The Python twin of the query: the same OMOP records as `eligo-patient/1` records, and the same
rules.

The differential tests screen every person twice, once with the SQL and once
with `eligo.grammar.evaluate`, and both must agree per person and criterion.
For that the Python evaluator must see what the SQL sees, no more:

* the records come from the query's own CTEs (`tables.py`), so birth dates,
  units, limits, statuses and open ends are read once, in one way;
* which rule concepts an OMOP concept counts as is the CDM vocabulary's answer
  (`concept_set`: "Maps to" and `concept_ancestor`), written into each record's
  `is_a` (a measurement becomes one observation per rule concept it counts as);
  the rules' concept table is replaced by one without codes, so the evaluator
  matches by those names and never asks Eligo's own terminology, whose
  hierarchy is not the CDM's;
* which rule concepts a record may be without saying so (a concept id with a
  descendant in the concept's set: `concept_overlap`) goes into its `may_be`;
* a condition record a treatment's concept set holds (a drug's long-term use, ICD-10-CM Z79.4:
  `rec_taken`) is also one of the twin's treatments;
* a record of concept 0 (an unmapped source code) is kept, named only by the
  code `OMOP:0`, which no terminology knows: it may be any concept of its list,
  as the SQL's `unmapped`;
* atoms whose concept the vocabulary lacks are unknown in SQL; `bound` turns
  them into `unresolved` parts, which the evaluator also reads as unknown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import duckdb
from sqlglot import exp

from eligo.grammar import ast
from eligo.grammar.patient import Condition, Event, Observation, Patient, Procedure, Treatment
from eligo.omop.query import ANCHOR_TABLE, anchors_used, base, mapped_query
from eligo.omop.tables import anchor_column, col, lit
from eligo.omop.vocabulary import DEMOGRAPHIC, concept_codes
from eligo.terminology.codes import used_concepts


def _with(ctes: list[tuple[str, exp.Query]], query: exp.Select) -> str:
    for name, select in ctes:
        query = query.with_(
            name, as_=select, copy=False
        )  # built for this one query: no copies of the CTEs
    return query.sql(dialect="duckdb")


def mapped(con: duckdb.DuckDBPyConnection, protocol: ast.Protocol) -> set[str]:
    """The rule concepts the database's vocabulary has."""
    query, names = mapped_query(protocol)
    row = con.execute(query.sql(dialect="duckdb")).fetchall()[0]
    return {name for name, flag in zip(names, row) if flag == 1}


def _unknown(concept: str) -> ast.Unresolved:
    return ast.Unresolved(
        reason="unsupported", detail=f"{concept}: no OMOP concept in this database's vocabulary"
    )


def bound(protocol: ast.Protocol, found: set[str]) -> ast.Protocol:
    """The protocol as the SQL runs it on this vocabulary: unmapped atoms unresolved, no codes in
    the concept table."""

    def missing(entity: ast.EntityRef) -> str | None:
        return next((c for c in (entity.concept, *entity.excluding) if c not in found), None)

    def rewrite(node: ast.Node) -> ast.Node:
        match node:
            case ast.Compare() | ast.InRange() | ast.InSet():
                return (
                    node
                    if node.concept in DEMOGRAPHIC or node.concept in found
                    else _unknown(node.concept)
                )
            case ast.Exists():
                lost = [missing(e) for e in node.entities]
                if all(m is None for m in lost):
                    return node
                parts = [
                    ast.Exists(entities=(e,), window=node.window) if m is None else _unknown(m)
                    for e, m in zip(node.entities, lost)
                ]
                return parts[0] if len(parts) == 1 else ast.Or(args=tuple(parts))
            case ast.Count():
                concept = missing(node.entity)
                return node if concept is None else _unknown(concept)
            case ast.Interval():
                points = [
                    p.entity for p in (node.start, node.end) if isinstance(p, ast.EntityPoint)
                ]
                concept = next((m for m in map(missing, points) if m is not None), None)
                return node if concept is None else _unknown(concept)
            case ast.And() | ast.Or():
                return node.model_copy(update={"args": tuple(rewrite(a) for a in node.args)})
            case ast.Not():
                return node.model_copy(update={"arg": rewrite(node.arg)})
            case ast.If():
                otherwise = None if node.otherwise is None else rewrite(node.otherwise)
                return node.model_copy(
                    update={
                        "condition": rewrite(node.condition),
                        "then": rewrite(node.then),
                        "otherwise": otherwise,
                    }
                )
        return node

    names = {
        **{n: n for n in used_concepts(protocol)},
        **{n: c.name for n, c in concept_codes(protocol).items()},
    }
    table = tuple(ast.ConceptCode(id=n, name=name or n) for n, name in sorted(names.items()))
    criteria = tuple(c.model_copy(update={"rule": rewrite(c.rule)}) for c in protocol.criteria)
    return protocol.model_copy(update={"criteria": criteria, "concepts": table})


def load(
    con: duckdb.DuckDBPyConnection,
    protocol: ast.Protocol,
    anchors: str | dt.date = ANCHOR_TABLE,
    persons: list[int] | None = None,
) -> list[Patient]:
    """The persons (all, or those listed) as patient records, in person_id order."""
    ctes, _ = base(protocol, anchors)
    names = anchors_used(protocol)
    wanted = (
        None
        if persons is None
        else exp.column("person_id").isin(*(exp.Literal.number(p) for p in persons))
    )

    relevant = exp.or_(
        exp.column("concept_id").isin(
            query=exp.select(exp.column("concept_id")).from_("concept_set")
        ),
        exp.EQ(this=exp.Coalesce(this=col("concept_id"), expressions=[lit(0)]), expression=lit(0)),
    )
    vocabulary = ("concept_set", "concept_overlap")

    def rows(source: str, *columns: str) -> list[tuple]:
        """A CTE's rows; records only of rule concepts or of concept 0 (no other record can match a
        rule, but lists stay recorded)."""
        query = exp.select(*(col(c) for c in columns)).from_(source)
        if source != "people" and source not in vocabulary:
            query = query.where(relevant, copy=False)
        if wanted is not None and source not in vocabulary:
            query = query.where(wanted, copy=False)
        return con.execute(_with(ctes, query)).fetchall()

    keys: dict[int, list[str]] = defaultdict(list)
    for key, concept_id in rows("concept_set", "concept_key", "concept_id"):
        keys[concept_id].append(key)
    wider: dict[int, list[str]] = defaultdict(list)  # the concepts a record may be, unsaid
    for key, concept_id in rows("concept_overlap", "concept_key", "concept_id"):
        if key not in keys[concept_id]:
            wider[concept_id].append(key)
    records: dict[str, dict[int, list]] = {}
    for kind in ("condition", "treatment", "procedure", "event"):
        records[kind] = defaultdict(list)
        for person, concept_id, start, end, status in rows(
            f"rec_{kind}", "person_id", "concept_id", "start_date", "end_date", "status"
        ):
            records[kind][person].append((concept_id, start, end, status))
    readings: dict[int, list] = defaultdict(list)
    for person, *reading in rows(
        "obs_values",
        "person_id",
        "concept_id",
        "obs_date",
        "value_number",
        "value_text",
        "unit",
        "uln",
        "lln",
    ):
        readings[person].append(reading)

    def named(concept_id: int | None) -> dict[str, object]:
        """A record's code and names: the rule concepts it counts as and may be; concept 0 is a
        code no terminology knows, so the record may be any concept (`RecordIndex.unreadable`)."""
        c = concept_id or 0
        return {"code": f"OMOP:{c}", "is_a": tuple(keys[c]), "may_be": tuple(wider[c])}

    taken = {  # the concepts rules read as treatments
        name
        for criterion in protocol.criteria
        for node in ast.walk(criterion.rule)
        if isinstance(node, ast.EntityRef) and node.type == "treatment"
        for name in (node.concept, *node.excluding)
    }
    patients = []
    for person, birth, sex, recorded, *dates in rows(
        "people", "person_id", "birth_date", "sex", "recorded", *(anchor_column(a) for a in names)
    ):
        history = {}
        if recorded:
            history = {
                "conditions": [
                    Condition(**named(c), onset=s, end=e, status=st)
                    for c, s, e, st in records["condition"][person]
                ],
                "treatments": [
                    Treatment(**named(c), start=s, end=e, status=st)
                    for c, s, e, st in records["treatment"][person]
                ]
                + [  # a condition of a drug's long-term use (Z79.4) is its treatment (`rec_taken`)
                    Treatment(**named(c), start=s, end=e, status=st)
                    for c, s, e, st in records["condition"][person]
                    if taken.intersection(keys.get(c or 0, ()))
                ],
                "procedures": [
                    Procedure(**named(c), date=s) for c, s, _, _ in records["procedure"][person]
                ],
                "events": [Event(**named(c), date=s) for c, s, _, _ in records["event"][person]],
                "observations": [
                    Observation(
                        concept=key,
                        code=f"OMOP:{c}",
                        value=float(number) if number is not None else text,
                        unit=unit,
                        date=day,
                        uln=uln,
                        lln=lln,
                    )
                    for c, day, number, text, unit, uln, lln in readings[person]
                    for key in keys[c]
                ],
            }
        anchors_of = {name: day for name, day in zip(names, dates) if day is not None}
        patients.append(
            Patient(id=str(person), birth_date=birth, sex=sex, anchors=anchors_of, **history)
        )
    return sorted(patients, key=lambda p: int(p.id))
