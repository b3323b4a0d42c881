"""One protocol's rules as one SQL query over an OMOP CDM v5.4 database, in any dialect sqlglot
writes.

`build(protocol, anchors)` gives the sqlglot expression tree (never pasted
text); `to_sql(protocol, dialect, anchors)` writes it. The result has one row
per person and criterion, (`person_id`, `criterion`, `kind`, `verdict`) with
verdict `true`/`false`/`unknown`, and one row per person for the protocol
(`criterion` and `kind` both `protocol`, verdict `eligible`, `ineligible` or
`needs_review`: eligible when every inclusion is true and every exclusion
false, which is Kleene's `and` of them, as `eligo.grammar.evaluate.screen`).

`anchors` is either the name of a table (`person_id`, `anchor`, `anchor_date`)
or one date used as every anchor of every person (an index date).
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from eligo.grammar import ast
from eligo.omop.atoms import Atoms
from eligo.omop.tables import (
    anchor_column,
    case,
    col,
    concept_sets,
    lit,
    observations,
    people,
    records,
    table,
    taken,
)
from eligo.omop.vocabulary import concept_codes, wanted

DIALECTS = ("duckdb", "postgres", "spark", "bigquery", "trino", "snowflake")
ANCHOR_TABLE = "eligo_anchor"
PROTOCOL = "protocol"


def anchors_used(protocol: ast.Protocol) -> tuple[str, ...]:
    """Every anchor the rules name, and `screening` (ages are counted to it)."""
    names = {"screening"}
    for criterion in protocol.criteria:
        for node in ast.walk(criterion.rule):
            if isinstance(node, ast.Window):
                names.add(node.anchor)
            elif isinstance(node, ast.AnchorPoint):
                names.add(node.anchor)
    return tuple(sorted(names))


def _verdict(truth: exp.Expr, names: tuple[str, str, str]) -> exp.Expr:
    yes, no, neither = names
    return case((truth, lit(yes)), (exp.not_(truth), lit(no)), default=lit(neither))


def base(
    protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE
) -> tuple[list[tuple[str, exp.Query]], dict[str, int]]:
    """The CTEs every reading of the CDM starts from (people, records, measurements, concept sets)
    and the concept keys."""
    concepts = concept_codes(protocol)
    keys = {name: i for i, name in enumerate(concepts)}
    ctes = people(anchors_used(protocol), anchors)
    ctes.extend(
        (f"rec_{kind}", records(kind)) for kind in ("condition", "treatment", "procedure", "event")
    )
    ctes.append(("rec_taken", taken()))
    ctes.append(("obs_values", observations()))
    ctes.extend(concept_sets(wanted(concepts), list(concepts)))
    return ctes, keys


def atom_ctes(
    protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE
) -> tuple[list[tuple[str, exp.Query]], Atoms, list[exp.Expr]]:
    """The reading CTEs, the compiled atoms (their CTEs) and each criterion's truth expression."""
    ctes, keys = base(protocol, anchors)
    atoms = Atoms(keys)
    return ctes, atoms, [atoms.truth(criterion.rule) for criterion in protocol.criteria]


def atom_trace(
    protocol: ast.Protocol, person: int, anchors: str | dt.date = ANCHOR_TABLE
) -> list[tuple[str, exp.Query]]:
    """Queries of what the SQL found for one person, atom by atom (the SQL side of a disagreement's
    report)."""
    ctes, atoms, _ = atom_ctes(protocol, anchors)
    found: list[tuple[str, exp.Query]] = []
    for name, _ in atoms.ctes:
        query = (
            exp.select(exp.Star())
            .from_(name)
            .where(exp.EQ(this=col("person_id"), expression=lit(person)))
        )
        for cte, select in [*ctes, *atoms.ctes]:
            query = query.with_(cte, as_=select)
        found.append((name, query))
    return found


def build(protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE) -> exp.Select:
    """The query: verdict rows per person and criterion, and the protocol's."""
    reading, computing, query = parts(protocol, anchors)
    for name, select in [*reading, *computing]:
        query = query.with_(name, as_=select, copy=False)
    return query


def parts(
    protocol: ast.Protocol, anchors: str | dt.date = ANCHOR_TABLE
) -> tuple[list[tuple[str, exp.Query]], list[tuple[str, exp.Query]], exp.Select]:
    """The query's CTEs, in order (each reads only those before it): those reading the CDM (`base`,
    each read by many atoms) and those computing the atoms and the wide row per person (each read
    once); and the final select."""
    ctes, atoms, truths = atom_ctes(protocol, anchors)
    wide = exp.select(
        col("person_id", "p"), *(exp.alias_(t, f"c_{i}") for i, t in enumerate(truths))
    ).from_(table("people", "p"))
    wide = wide.join(
        table("concept_mapped", "cm"), join_type="cross", copy=False
    )  # built here: no copies (each would copy the whole)
    for name, _ in atoms.ctes:
        wide = wide.join(
            exp.to_table(name),
            on=exp.EQ(this=col("person_id", name), expression=col("person_id", "p")),
            join_type="left",
            copy=False,
        )
    decisive = [
        col(f"c_{i}") if c.kind == "inclusion" else exp.not_(col(f"c_{i}"))
        for i, c in enumerate(protocol.criteria)
    ]
    overall = exp.and_(*decisive) if decisive else exp.true()
    wide = wide.select(
        exp.alias_(_verdict(overall, ("eligible", "ineligible", "needs_review")), "c_protocol"),
        copy=False,
    )
    # one row per person and criterion: the wide row crossed with the list of criteria, each picking
    # its column
    names = [(c.id, c.kind) for c in protocol.criteria] + [(PROTOCOL, PROTOCOL)]
    listing = exp.values(
        [(lit(i), lit(name), lit(kind)) for i, (name, kind) in enumerate(names)],
        alias="k",
        columns=["idx", "criterion", "kind"],
    )
    pick = case(
        *(
            (
                exp.EQ(this=col("idx", "k"), expression=lit(i)),
                _verdict(col(f"c_{i}", "c"), ("true", "false", "unknown")),
            )
            for i in range(len(protocol.criteria))
        ),
        default=col("c_protocol", "c"),
    )
    query = (
        exp.select(
            col("person_id", "c"),
            col("criterion", "k"),
            col("kind", "k"),
            exp.alias_(pick, "verdict"),
        )
        .from_(table("criteria", "c"))
        .join(exp.select(exp.Star()).from_(listing).subquery("k"), join_type="cross")
    )
    return ctes, [*atoms.ctes, ("criteria", wide)], query


def to_sql(
    protocol: ast.Protocol,
    dialect: str = "duckdb",
    anchors: str | dt.date = ANCHOR_TABLE,
    pretty: bool = True,
) -> str:
    """The query in one dialect's SQL."""
    return build(protocol, anchors).sql(dialect=dialect, pretty=pretty)


def mapped_query(protocol: ast.Protocol) -> tuple[exp.Select, list[str]]:
    """A query of which rule concepts the CDM's vocabulary has (one row of 0/1), and the concepts in
    column order."""
    ctes, keys = base(protocol, dt.date(2000, 1, 1))
    query = exp.select(exp.Star()).from_("concept_mapped")
    for name, select in ctes:
        query = query.with_(name, as_=select, copy=False)
    return query, list(keys)


__all__ = [
    "DIALECTS",
    "build",
    "parts",
    "to_sql",
    "mapped_query",
    "anchors_used",
    "anchor_column",
    "atom_trace",
]
