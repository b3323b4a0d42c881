"""The OMOP CDM v5.4 tables read as Eligo's record lists: one shape for the query and for the Python
twin.

Every part of the query that reads the CDM is built here, as sqlglot CTEs:

* `people`: person id, birth date (`birth_datetime`, else year/month/day; a
  partial date is no date), sex (8532 female, 8507 male, anything else unknown),
  whether the person's records are *recorded* (some `observation_period`: a
  person without one has unknown, not absent, history) and one column per
  anchor, from an anchor table (`person_id`, `anchor`, `anchor_date`) or one
  index date the caller gives.
* `rec_condition` (`condition_occurrence`, status from
  `condition_status_source_value`), `rec_treatment` (`drug_exposure`, and
  `procedure_occurrence` as one-day treatments: radiotherapy is a treatment
  and a procedure), `rec_procedure`, `rec_event` (`observation`, one-day):
  person, concept, start, end, status. An end before the start is no end.
  `rec_taken`: what `has treatment` reads, the treatments and the conditions
  that say a drug is taken (a long-term-use code, ICD-10-CM Z79.4).
* `obs_values` (`measurement`): the value as a number, else the value concept's
  name or the source value as a category; the unit's UCUM code; the reference
  range as the limits of normal.
* `concept_set`: each rule concept's OMOP concept ids (`vocabulary.py`),
  `concept_overlap`: the concept ids some of them lie below (a record of one,
  not itself in the set, may be the concept without saying so: diabetes of
  unknown type may be type 1), and `concept_mapped`, one row saying which
  concepts were found at all.
* `unmapped(kind)`: the persons with a record of concept 0 (an unmapped source
  code) in the tables of a record kind: it may be any concept of its domain.

`patients.py` reads the same CTEs to build the `eligo-patient/1` twins the
Python evaluator screens, so both engines see exactly the same records.
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

GENDER_CONCEPT = {"female": 8532, "male": 8507}
RECORDS = ("condition", "treatment", "procedure", "event")
USED = 2  # the priority of a long-term-use code (`vocabulary.wanted`): chosen beside the best


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table)


def lit(value: object) -> exp.Expr:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    return exp.Literal.string(str(value))


def table(name: str, alias: str) -> exp.Expr:
    return exp.to_table(name).as_(alias)


def case(*branches: tuple[exp.Expr, exp.Expr], default: exp.Expr | None = None) -> exp.Expr:
    if not branches:
        return default if default is not None else exp.null()
    node = exp.Case()
    for condition, value in branches:
        node = node.when(condition, value)
    return node.else_(default) if default is not None else node


def anchor_column(name: str) -> str:
    return f"anchor_{name}"


def people(anchors: tuple[str, ...], source: str | dt.date) -> list[tuple[str, exp.Query]]:
    """`people` (and `anchor_wide` when the anchors come from a table)."""
    birth = exp.Coalesce(
        this=exp.cast(col("birth_datetime", "p"), "DATE"),
        expressions=[
            exp.DateFromParts(
                year=col("year_of_birth", "p"),
                month=col("month_of_birth", "p"),
                day=col("day_of_birth", "p"),
            )
        ],
    )
    sex = case(
        *(
            (exp.EQ(this=col("gender_concept_id", "p"), expression=lit(v)), lit(k))
            for k, v in GENDER_CONCEPT.items()
        )
    )
    periods = (
        exp.select(exp.alias_(col("person_id"), "op_person")).distinct().from_("observation_period")
    )
    select = (
        exp.select(
            col("person_id", "p"),
            exp.alias_(birth, "birth_date"),
            exp.alias_(sex, "sex"),
            exp.alias_(
                exp.not_(exp.Is(this=col("op_person", "o"), expression=exp.null())), "recorded"
            ),
        )
        .from_(table("person", "p"))
        .join(
            periods.subquery("o"),
            on=exp.EQ(this=col("op_person", "o"), expression=col("person_id", "p")),
            join_type="left",
        )
    )
    ctes = []
    if isinstance(source, dt.date):
        select = select.select(*(exp.alias_(lit(source), anchor_column(a)) for a in anchors))
    elif anchors:
        wide = (
            exp.select(
                col("person_id"),
                *(
                    exp.alias_(
                        exp.Max(
                            this=case(
                                (exp.EQ(this=col("anchor"), expression=lit(a)), col("anchor_date"))
                            )
                        ),
                        anchor_column(a),
                    )
                    for a in anchors
                ),
            )
            .from_(source)
            .group_by(col("person_id"))
        )
        ctes.append(("anchor_wide", wide))
        select = select.select(*(col(anchor_column(a), "w") for a in anchors)).join(
            table("anchor_wide", "w"),
            on=exp.EQ(this=col("person_id", "w"), expression=col("person_id", "p")),
            join_type="left",
        )
    return [*ctes, ("people", select)]


def _records(
    source: str, concept: str, start: str, end: str | None, status: str | None
) -> exp.Select:
    end_value = (
        col(start)
        if end is None
        else case((exp.GTE(this=col(end), expression=col(start)), col(end)))
    )
    return (
        exp.select(
            col("person_id"),
            exp.alias_(col(concept), "concept_id"),
            exp.alias_(col(start), "start_date"),
            exp.alias_(end_value, "end_date"),
            exp.alias_(
                exp.cast(exp.null() if status is None else col(status), "VARCHAR"), "status"
            ),
        )
        .from_(source)
        .where(exp.not_(exp.Is(this=col(start), expression=exp.null())))
    )


def records(kind: str) -> exp.Select | exp.Union:
    """The records a rule's `has <kind>` reads, as (person_id, concept_id, start_date, end_date,
    status)."""
    procedures = _records(
        "procedure_occurrence", "procedure_concept_id", "procedure_date", None, None
    )
    if kind == "condition":
        return _records(
            "condition_occurrence",
            "condition_concept_id",
            "condition_start_date",
            "condition_end_date",
            "condition_status_source_value",
        )
    if kind == "treatment":
        drugs = _records(
            "drug_exposure",
            "drug_concept_id",
            "drug_exposure_start_date",
            "drug_exposure_end_date",
            None,
        )
        return exp.union(drugs, procedures, distinct=False)
    if kind == "procedure":
        return procedures
    return _records("observation", "observation_concept_id", "observation_date", None, None)


def taken() -> exp.Union:
    """`rec_taken`, what `has treatment` reads: the treatment records and the condition records,
    whose concept is in a drug's set only when it is a code of the drug's long-term use (ICD-10-CM
    Z79.4 for insulin: `vocabulary.wanted`), as the Python evaluator reads the conditions
    (`Lookup.used`). An observation of it (where OMOP's vocabulary files Z79.4) is not read."""
    columns = ("person_id", "concept_id", "start_date", "end_date", "status")
    treatment, condition = (
        exp.select(*(col(c) for c in columns)).from_(f"rec_{kind}")
        for kind in ("treatment", "condition")
    )
    return exp.union(treatment, condition, distinct=False)


def observations() -> exp.Select:
    """`obs_values`: measurements with a number or a category, their UCUM unit and limits of
    normal."""
    number = exp.TryCast(this=col("value_as_number", "m"), to=exp.DataType.build("DOUBLE"))
    named = exp.Coalesce(
        this=col("concept_name", "v"), expressions=[col("value_source_value", "m")]
    )
    text = case(
        (
            exp.And(
                this=exp.Is(this=number, expression=exp.null()),
                expression=exp.Between(this=exp.Length(this=named), low=lit(1), high=lit(200)),
            ),
            named,
        )
    )
    unit = case(
        (exp.EQ(this=col("vocabulary_id", "u"), expression=lit("UCUM")), col("concept_code", "u"))
    )

    def limit(name: str) -> exp.Expr:
        value = exp.TryCast(this=col(name, "m"), to=exp.DataType.build("DOUBLE"))
        return case((exp.GT(this=value, expression=lit(0)), value))

    select = exp.select(
        col("person_id", "m"),
        exp.alias_(col("measurement_concept_id", "m"), "concept_id"),
        exp.alias_(col("measurement_date", "m"), "obs_date"),
        exp.alias_(number, "value_number"),
        exp.alias_(text, "value_text"),
        exp.alias_(unit, "unit"),
        exp.alias_(limit("range_high"), "uln"),
        exp.alias_(limit("range_low"), "lln"),
    ).from_(table("measurement", "m"))
    select = select.join(
        table("concept", "u"),
        on=exp.EQ(this=col("concept_id", "u"), expression=col("unit_concept_id", "m")),
        join_type="left",
    )
    select = select.join(
        table("concept", "v"),
        on=exp.EQ(this=col("concept_id", "v"), expression=col("value_as_concept_id", "m")),
        join_type="left",
    )
    present = exp.Or(
        this=exp.not_(exp.Is(this=number, expression=exp.null())),
        expression=exp.not_(exp.Is(this=text, expression=exp.null())),
    )
    return select.where(
        exp.and_(
            exp.not_(exp.Is(this=col("measurement_date", "m"), expression=exp.null())), present
        )
    )


def concept_sets(
    rows: list[tuple[str, str, str, int]], names: list[str]
) -> list[tuple[str, exp.Query]]:
    """`concept_seed` (standard concepts of each rule concept), `concept_set` (with descendants),
    `concept_mapped`."""
    columns = ["concept_key", "vocabulary_id", "concept_code", "priority"]
    if rows:
        wanted = exp.select(*(col(c) for c in columns)).from_(
            exp.values([tuple(lit(v) for v in row) for row in rows], alias="w", columns=columns)
        )
    else:  # nothing to look up: an empty table of the same shape
        wanted = exp.select(
            *(exp.alias_(lit(v), c) for c, v in zip(columns, ("", "", "", 0)))
        ).where(exp.false())
    found = (
        exp.select(
            col("concept_key", "w"),
            col("priority", "w"),
            col("concept_id", "c"),
            col("standard_concept", "c"),
        )
        .from_(table("concept_wanted", "w"))
        .join(
            table("concept", "c"),
            on=exp.and_(
                exp.EQ(this=col("vocabulary_id", "c"), expression=col("vocabulary_id", "w")),
                exp.EQ(this=col("concept_code", "c"), expression=col("concept_code", "w")),
            ),
        )
    )
    best = (
        exp.select(col("concept_key"), exp.alias_(exp.Min(this=col("priority")), "priority"))
        .from_("concept_found")
        .group_by(col("concept_key"))
    )
    chosen = exp.and_(  # the best codes found, and a drug's long-term-use codes beside them
        exp.EQ(this=col("concept_key", "b"), expression=col("concept_key", "f")),
        exp.or_(
            exp.EQ(this=col("priority", "b"), expression=col("priority", "f")),
            exp.EQ(this=col("priority", "f"), expression=lit(USED)),
        ),
    )
    standard = (
        exp.select(col("concept_key", "f"), exp.alias_(col("concept_id", "f"), "seed"))
        .from_(table("concept_found", "f"))
        .join(table("concept_best", "b"), on=chosen)
        .where(exp.EQ(this=col("standard_concept", "f"), expression=lit("S")))
    )
    maps = (
        exp.select(col("concept_key", "f"), exp.alias_(col("concept_id_2", "r"), "seed"))
        .from_(table("concept_found", "f"))
        .join(table("concept_best", "b"), on=chosen)
        .join(
            table("concept_relationship", "r"),
            on=exp.and_(
                exp.EQ(this=col("concept_id_1", "r"), expression=col("concept_id", "f")),
                exp.EQ(this=col("relationship_id", "r"), expression=lit("Maps to")),
                exp.Is(this=col("invalid_reason", "r"), expression=exp.null()),
            ),
        )
    )
    seed = exp.union(standard, maps, distinct=True)
    descendants = (
        exp.select(
            col("concept_key", "s"), exp.alias_(col("descendant_concept_id", "a"), "concept_id")
        )
        .from_(table("concept_seed", "s"))
        .join(
            table("concept_ancestor", "a"),
            on=exp.EQ(this=col("ancestor_concept_id", "a"), expression=col("seed", "s")),
        )
    )
    own = exp.select(col("concept_key"), exp.alias_(col("seed"), "concept_id")).from_(
        "concept_seed"
    )
    flags = [
        exp.alias_(
            exp.Max(
                this=case(
                    (exp.EQ(this=col("concept_key"), expression=lit(name)), lit(1)), default=lit(0)
                )
            ),
            f"m_{i}",
        )
        for i, name in enumerate(names)
    ]
    overlap = (
        exp.select(
            col("concept_key", "s"), exp.alias_(col("ancestor_concept_id", "a"), "concept_id")
        )
        .distinct()
        .from_(table("concept_set", "s"))
        .join(
            table("concept_ancestor", "a"),
            on=exp.EQ(this=col("descendant_concept_id", "a"), expression=col("concept_id", "s")),
        )
    )
    mapped = exp.select(*(flags or [exp.alias_(exp.Count(this=exp.Star()), "m_none")])).from_(
        "concept_seed"
    )
    return [
        ("concept_wanted", wanted),
        ("concept_found", found),
        ("concept_best", best),
        ("concept_seed", seed),
        ("concept_set", exp.union(own, descendants, distinct=True)),
        ("concept_overlap", overlap),
        ("concept_mapped", mapped),
    ]


def in_set(column: exp.Expr, key: str, source: str = "concept_set") -> exp.In:
    """`column` is one of the concept ids of rule concept `key` (`source`: `concept_overlap` for
    the concept ids some concept id of `key` lies below)."""
    return column.isin(
        query=exp.select(col("concept_id"))
        .from_(source)
        .where(exp.EQ(this=col("concept_key"), expression=lit(key)))
    )


def unmapped(kind: str) -> exp.Select:
    """The persons with a record of `kind` whose concept is 0 (an unmapped source code, "No
    matching concept") or missing: it may be any concept of its domain."""
    concept = exp.Coalesce(this=col("concept_id"), expressions=[lit(0)])
    return (
        exp.select(col("person_id"))
        .distinct()
        .from_(f"rec_{kind}")
        .where(exp.EQ(this=concept, expression=lit(0)))
    )
