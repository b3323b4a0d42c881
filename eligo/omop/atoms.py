"""Rule expressions as SQL: each atom a per-person CTE, the logic Kleene's, as in
`eligo.grammar.evaluate`.

SQL's own `AND`, `OR`, `NOT` on nullable booleans are Kleene's strong logic,
so the connectives translate one for one; `if … then … else` follows
`logic.choose`. Inside an atom's CTE a record's match is a small integer
(2 true, 1 unknown, 0 false) so that `MAX` is Kleene's `or` over records.

* `has` (each entity of `any(...)`): the person's records of the concept, minus
  exceptions, each matching its filters and the window (an end known only to
  be after the start leaves the window unknown); a record whose concept has a
  descendant in an exception's set (`concept_overlap`: diabetes of unknown
  type, for `diabetes except type_1_diabetes_mellitus`) matches unknown. No
  record: false, or unknown when the person has a record of concept 0 (an
  unmapped source code) in the list's tables.
* `count`: how many records surely and possibly match; the comparison is
  known when every count in between agrees.
* `compare`/`range`/`member`: the latest measurements (in the window); all
  readings of the latest day must agree. `age` (completed years, or months,
  or days, to the `screening` anchor) and `sex` come from `person`.
* `interval`: from an anchor or the start/end of the most recent matching
  record; known when the smallest and largest gap agree (for `=` and `!=`
  also when the duration is outside them).

An atom is unknown when its concept (or an exception's) has no OMOP concept,
and when the person has no observation period.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from eligo.grammar import ast
from eligo.grammar.timeline import days
from eligo.omop.kleene import between, code_of, truth_of
from eligo.omop.tables import anchor_column, case, col, in_set, lit, table, unmapped
from eligo.omop.values import UNKNOWN, category_test, is_null, reading_test, static_test
from eligo.omop.windows import day_diff, in_window
from eligo.units import UnitError

Test = tuple[str, ast.Quantity | ast.Category]  # (operator, rule value) of a value comparison
Join = Callable[..., exp.Condition]  # exp.and_ or exp.or_


class Atoms:
    """Compiles expressions of one protocol; collects the CTEs and joins the final select needs."""

    def __init__(self, keys: dict[str, int]):
        self.keys = keys  # concept identifier → index of its `m_<i>` column in concept_mapped
        self.ctes: list[tuple[str, exp.Query]] = []
        self.seen: dict[str, str] = {}

    def _mapped(self, names: list[str]) -> exp.Expr:
        checks = [exp.EQ(this=col(f"m_{self.keys[n]}", "cm"), expression=lit(1)) for n in names]
        return exp.and_(col("recorded", "p"), *checks)

    def _cte(self, prefix: str, select: exp.Select) -> str:
        """The CTE computing `select` (one per distinct atom: a repeated atom reuses it)."""
        key = select.sql()
        if key not in self.seen:
            self.seen[key] = f"{prefix}_{len(self.ctes)}"
            self.ctes.append((self.seen[key], select))
        return self.seen[key]

    # --- records ----------------------------------------------------------------------
    def _match(self, entity: ast.EntityRef, window: ast.Window | None) -> exp.Expr:
        """A record's match (boolean) on the entity's filters, its exceptions and the window,
        columns of `r`."""
        checks: list[exp.Expr] = []
        for constraint in entity.where:
            if constraint.attribute != "status" or entity.type != "condition":
                checks.append(UNKNOWN)  # OMOP records no grade, line, setting or severity
            elif isinstance(constraint.value, ast.Category):
                checks.append(
                    case(
                        (is_null(col("status", "r")), UNKNOWN),
                        default=category_test(
                            col("status", "r"), constraint.op, constraint.value.value
                        ),
                    )
                )
            else:
                checks.append(UNKNOWN)
        if entity.excluding:  # a record that may be an exception without saying so: unknown
            doubt = exp.or_(
                *(in_set(col("concept_id", "r"), x, "concept_overlap") for x in entity.excluding)
            )
            checks.append(case((doubt, UNKNOWN), default=exp.true()))
        if window is not None:
            point = entity.type in ("procedure", "event")
            ongoing = exp.and_(
                is_null(col("end_date", "r")),
                exp.Lower(this=col("status", "r")).isin(
                    *(lit(s) for s in ("active", "ongoing", "current"))
                ),
            )
            checks.append(
                in_window(
                    window,
                    col("start_date", "r"),
                    None if point else (col("end_date", "r"), ongoing),
                )
            )
        return exp.and_(*checks) if checks else exp.true()

    def _matches(self, entity: ast.EntityRef, window: ast.Window | None) -> exp.Select:
        """(person_id, start_date, end_date, m): every record of the entity's concept, minus
        exceptions, and its match code."""
        where: list[exp.Expr] = [in_set(col("concept_id", "r"), entity.concept)]
        where.extend(exp.not_(in_set(col("concept_id", "r"), other)) for other in entity.excluding)
        select = exp.select(
            col("person_id", "r"),
            col("start_date", "r"),
            col("end_date", "r"),
            exp.alias_(code_of(self._match(entity, window)), "m"),
        )
        source = "rec_taken" if entity.type == "treatment" else f"rec_{entity.type}"
        select = select.from_(table(source, "r")).where(exp.and_(*where))
        if window is not None:
            select = select.join(
                table("people", "p"),
                on=exp.EQ(this=col("person_id", "p"), expression=col("person_id", "r")),
            )
        return select

    def _entity(self, entity: ast.EntityRef, window: ast.Window | None) -> exp.Expr:
        matches = self._matches(entity, window).subquery("x")
        name = self._cte(
            "has",
            exp.select(col("person_id", "x"), exp.alias_(exp.Max(this=col("m", "x")), "t"))
            .from_(matches)
            .group_by(col("person_id", "x")),
        )
        found = truth_of(exp.Coalesce(this=col("t", name), expressions=[lit(0)]))
        found = case((self._unreadable(entity.type, col("t", name)), UNKNOWN), default=found)
        return case((self._mapped([entity.concept, *entity.excluding]), found), default=UNKNOWN)

    def _unreadable(self, kind: str, tally: exp.Expr) -> exp.Expr:
        """No record of the concept (`tally` null) but one of concept 0 in the person's list: it
        may be the concept, so unknown, never false (as `Lookup.records`)."""
        name = self._cte("unm", unmapped(kind))
        return exp.and_(is_null(tally), exp.not_(is_null(col("person_id", name))))

    def _count(self, node: ast.Count) -> exp.Expr:
        matches = self._matches(node.entity, node.window).subquery("x")
        tally = lambda least: exp.Sum(  # noqa: E731
            this=case((exp.GTE(this=col("m", "x"), expression=lit(least)), lit(1)), default=lit(0))
        )
        name = self._cte(
            "cnt",
            exp.select(col("person_id", "x"), exp.alias_(tally(2), "s"), exp.alias_(tally(1), "n"))
            .from_(matches)
            .group_by(col("person_id", "x")),
        )
        surely = exp.Coalesce(this=col("s", name), expressions=[lit(0)])
        possibly = exp.Coalesce(this=col("n", name), expressions=[lit(0)])
        counted = case(
            (self._unreadable(node.entity.type, col("s", name)), UNKNOWN),
            default=between(surely, possibly, node.op, lit(node.value)),
        )
        return case(
            (self._mapped([node.entity.concept, *node.entity.excluding]), counted),
            default=UNKNOWN,
        )

    # --- values -----------------------------------------------------------------------
    def _value(
        self, node: ast.Compare | ast.InRange | ast.InSet, tests: list[Test], both: bool
    ) -> exp.Expr:
        join = exp.and_ if both else exp.or_
        if node.concept == "age":
            return self._age(tests, join)
        if node.concept == "sex":
            sex = col("sex", "p")
            verdicts = [
                category_test(sex, op, t.value) if isinstance(t, ast.Category) else UNKNOWN
                for op, t in tests
            ]
            return case((is_null(sex), UNKNOWN), default=join(*verdicts))
        o = lambda name: col(name, "o")  # noqa: E731
        verdict = join(
            *(
                reading_test(
                    o("value_number"), o("value_text"), o("unit"), o("uln"), o("lln"), op, t
                )
                for op, t in tests
            )
        )
        newest = exp.Window(this=exp.Max(this=o("obs_date")), partition_by=[o("person_id")])
        inner = exp.select(
            o("person_id"),
            o("obs_date"),
            exp.alias_(code_of(verdict), "v"),
            exp.alias_(newest, "newest"),
        ).from_(table("obs_values", "o"))
        inner = inner.where(in_set(o("concept_id"), node.concept))
        if node.window is not None:
            inner = inner.join(
                table("people", "p"),
                on=exp.EQ(this=col("person_id", "p"), expression=o("person_id")),
            )
            inner = inner.where(in_window(node.window, o("obs_date")))
        x = lambda name: col(name, "x")  # noqa: E731
        agreed = case(
            (
                exp.EQ(this=exp.Min(this=x("v")), expression=exp.Max(this=x("v"))),
                exp.Min(this=x("v")),
            ),
            default=lit(1),
        )
        name = self._cte(
            "obs",
            exp.select(x("person_id"), exp.alias_(agreed, "t"))
            .from_(inner.subquery("x"))
            .where(exp.EQ(this=x("obs_date"), expression=x("newest")))
            .group_by(x("person_id")),
        )
        return case((self._mapped([node.concept]), truth_of(col("t", name))), default=UNKNOWN)

    def _age(self, tests: list[Test], join: Join) -> exp.Expr:
        unit = next((t.unit for _, t in tests if isinstance(t, ast.Quantity)), None)
        born, at = col("birth_date", "p"), col(anchor_column("screening"), "p")
        whole_years = exp.paren(exp.Sub(this=exp.Year(this=at), expression=exp.Year(this=born)))
        more_months = exp.paren(exp.Sub(this=exp.Month(this=at), expression=exp.Month(this=born)))
        early = case(
            (exp.LT(this=exp.Day(this=at), expression=exp.Day(this=born)), lit(1)), default=lit(0)
        )
        months = exp.paren(
            exp.Sub(
                this=exp.Add(
                    this=exp.Mul(this=whole_years, expression=lit(12)), expression=more_months
                ),
                expression=early,
            )
        )
        years = exp.Floor(
            this=exp.Div(
                this=exp.cast(months, "DOUBLE"), expression=lit(12.0), typed=False, safe=False
            )
        )
        value, counted = {
            "d": (day_diff(at, born), "d"),
            "wk": (day_diff(at, born), "d"),
            "mo": (months, "mo"),
            None: (years, None),
        }.get(unit, (years, "a"))
        verdict = join(*(static_test(value, counted, op, t) for op, t in tests))
        return case((exp.or_(is_null(born), is_null(at)), UNKNOWN), default=verdict)

    # --- time points -----------------------------------------------------------------
    def _point(
        self, point: ast.AnchorPoint | ast.EntityPoint
    ) -> tuple[exp.Expr, exp.Expr, exp.Expr]:
        """(earliest, latest, known) of the dates a time point may be."""
        if isinstance(point, ast.AnchorPoint):
            at = col(anchor_column(point.anchor), "p")
            return at, at, exp.not_(is_null(at))
        entity = point.entity
        matches = self._matches(entity, None)
        edge = col("start_date", "r") if point.edge == "start" else col("end_date", "r")
        x = lambda name: col(name, "x")  # noqa: E731
        newest = exp.Window(
            this=exp.Max(this=case((exp.EQ(this=x("m"), expression=lit(2)), x("start_date")))),
            partition_by=[x("person_id")],
        )
        middle = (
            exp.select(x("person_id"), x("start_date"), x("edge"), exp.alias_(newest, "newest"))
            .from_(matches.select(exp.alias_(edge, "edge")).subquery("x"))
            .where(exp.GTE(this=x("m"), expression=lit(1)))
        )
        y = lambda name: col(name, "y")  # noqa: E731
        nulls = exp.Sum(this=case((is_null(y("edge")), lit(1)), default=lit(0)))
        name = self._cte(
            "pt",
            exp.select(
                y("person_id"),
                exp.alias_(exp.Min(this=y("edge")), "lo"),
                exp.alias_(exp.Max(this=y("edge")), "hi"),
                exp.alias_(nulls, "nulls"),
            )
            .from_(middle.subquery("y"))
            .where(
                exp.and_(
                    exp.not_(is_null(y("newest"))),
                    exp.GTE(this=y("start_date"), expression=y("newest")),
                )
            )
            .group_by(y("person_id")),
        )
        known = exp.and_(
            self._mapped([entity.concept, *entity.excluding]),
            exp.EQ(this=col("nulls", name), expression=lit(0)),
        )
        return col("lo", name), col("hi", name), known

    def _interval(self, node: ast.Interval) -> exp.Expr:
        try:
            length = lit(days(node.amount))
        except UnitError:
            return UNKNOWN
        (start_lo, start_hi, start_known), (end_lo, end_hi, end_known) = (
            self._point(node.start),
            self._point(node.end),
        )
        shortest, longest = day_diff(end_lo, start_hi), day_diff(end_hi, start_lo)
        return case(
            (exp.and_(start_known, end_known), between(shortest, longest, node.op, length)),
            default=UNKNOWN,
        )

    # --- logic ------------------------------------------------------------------------
    def truth(self, node: ast.Node) -> exp.Expr:
        match node:
            case ast.Compare():
                return self._value(node, [(node.op, node.value)], True)
            case ast.InRange():
                return self._value(node, [(">=", node.low), ("<=", node.high)], True)
            case ast.InSet():
                return self._value(node, [("=", v) for v in node.values], False)
            case ast.Exists():
                parts = [self._entity(entity, node.window) for entity in node.entities]
                return exp.or_(*parts) if len(parts) > 1 else parts[0]
            case ast.Count():
                return self._count(node)
            case ast.Interval():
                return self._interval(node)
            case ast.And():
                return exp.and_(
                    *(exp.paren(self.truth(a), copy=False) for a in node.args), copy=False
                )  # fresh parts: no copies
            case ast.Or():
                return exp.or_(
                    *(exp.paren(self.truth(a), copy=False) for a in node.args), copy=False
                )
            case ast.Not():
                return exp.not_(exp.paren(self.truth(node.arg), copy=False))
            case ast.If():
                condition, then = (
                    exp.paren(self.truth(node.condition), copy=False),
                    exp.paren(self.truth(node.then), copy=False),
                )
                if node.otherwise is None:
                    return exp.or_(exp.not_(condition), then)
                otherwise = exp.paren(self.truth(node.otherwise), copy=False)
                agreed = case((exp.EQ(this=then, expression=otherwise), then), default=UNKNOWN)
                return case((condition, then), (exp.not_(condition), otherwise), default=agreed)
            case ast.Unresolved():
                return UNKNOWN  # OMOP holds no screening review
        raise TypeError(f"not an expression node: {type(node).__name__}")
