"""Static checks of compiled rules: what parses may still be wrong.

`eligo check` reports concepts neither the lexicon nor the terminology knows, units that are not
UCUM or do not fit the concept (age in mg/dL), ranges no value can satisfy
(age >= 75 and <= 18) and exclusions that every patient meeting the inclusions
would trigger. Each finding is a `Diagnostic` located in the rules text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from eligo.diagnostics import Diagnostic, Position, diagnostic
from eligo.grammar import ast
from eligo.lexicon import Lexicon
from eligo.terminology.codes import bind
from eligo.units import UnitError, convert, dimension, same_measure

_LIMITS = {"{ULN}", "{LLN}"}


@dataclass(frozen=True)
class Bound:
    """An interval of values of one concept, in the unit of the first comparison seen."""

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False

    def meet(self, other: Bound) -> Bound:
        """The intersection: the tighter bound on each side, an open end winning a tie."""
        tighter_low = self.low > other.low or (self.low == other.low and self.low_open)
        tighter_high = self.high < other.high or (self.high == other.high and self.high_open)
        low, low_open = (self.low, self.low_open) if tighter_low else (other.low, other.low_open)
        high, high_open = (
            (self.high, self.high_open) if tighter_high else (other.high, other.high_open)
        )
        return Bound(low, high, low_open, high_open)

    @property
    def empty(self) -> bool:
        return self.low > self.high or (self.low == self.high and (self.low_open or self.high_open))

    def within(self, other: Bound) -> bool:
        """Every value of self lies in other."""
        low_ok = self.low > other.low or (
            self.low == other.low and (self.low_open or not other.low_open)
        )
        high_ok = self.high < other.high or (
            self.high == other.high and (self.high_open or not other.high_open)
        )
        return low_ok and high_ok


def _bound(op: str, value: float) -> Bound | None:
    return {
        ">": Bound(low=value, low_open=True),
        ">=": Bound(low=value),
        "<": Bound(high=value, high_open=True),
        "<=": Bound(high=value),
        "=": Bound(low=value, high=value),
    }.get(op)


_HEADER = re.compile(r"^[ \t]*(inclusion|exclusion) (\S+) at\b", re.M)


class Checker:
    def __init__(self, text: str, path: str | None):
        self.text = text
        self.path = path
        self.lexicon = Lexicon.load()
        self.diagnostics: list[Diagnostic] = []
        self._headers: dict[tuple[str, str], tuple[int, int]] | None = None

    def _criterion_at(self, criterion: ast.Criterion) -> tuple[int, int] | None:
        """Where the criterion's header starts and where the next one starts: one scan of the text
        for all."""
        if self._headers is None:
            found = [(m.group(1), m.group(2), m.start(1)) for m in _HEADER.finditer(self.text)]
            ends = [start for _, _, start in found[1:]] + [len(self.text)]
            self._headers = {}
            for (kind, name, start), end in zip(found, ends):
                self._headers.setdefault((kind, name), (start, end))
        return self._headers.get((criterion.kind, criterion.id))

    def _at(self, criterion: ast.Criterion, needle: str | None) -> Position | None:
        place = self._criterion_at(criterion)
        if place is None:
            return None
        offset, end = place
        if needle:
            body = self.text.find("{", offset, end)
            found = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(needle)}(?![A-Za-z0-9_])").search(
                self.text, max(body, offset), end
            )
            offset = found.start() if found else offset
        return Position.at(self.text, offset)

    def _report(
        self,
        code: str,
        message: str,
        criterion: ast.Criterion,
        needle: str | None,
        hint: str | None = None,
    ) -> None:
        start = self._at(criterion, needle)
        self.diagnostics.append(
            diagnostic(
                code,
                f"{criterion.id}: {message}",
                path=self.path,
                start=start,
                end=start,
                hint=hint,
            )
        )

    # --- per node ---------------------------------------------------------------
    def concepts(self, criterion: ast.Criterion) -> None:
        seen = set()
        for node in ast.walk(criterion.rule):
            names = []
            if isinstance(node, ast.Compare | ast.InRange | ast.InSet):
                names.append(node.concept)
            elif isinstance(node, ast.EntityRef):
                names.extend((node.concept, *node.excluding))
            for name in names:
                if name not in seen and self.lexicon.get(name) is None and bind(name).code is None:
                    seen.add(name)
                    self._report("C101", f"unknown concept {name!r}", criterion, name)

    def _values(self, node: ast.Node) -> list[ast.Quantity]:
        if isinstance(node, ast.Compare):
            return [node.value] if isinstance(node.value, ast.Quantity) else []
        if isinstance(node, ast.InRange):
            return [v for v in (node.low, node.high) if isinstance(v, ast.Quantity)]
        if isinstance(node, ast.InSet):
            return [v for v in node.values if isinstance(v, ast.Quantity)]
        return []

    def units(self, criterion: ast.Criterion) -> None:
        for node in ast.walk(criterion.rule):
            quantities = self._values(node)
            if isinstance(node, ast.Window):
                quantities = [node.amount]
            if isinstance(node, ast.Interval):
                quantities = [node.amount]
            for quantity in quantities:
                self._unit(criterion, node, quantity)
        for node in ast.walk(criterion.rule):
            if isinstance(node, ast.InRange):
                low, high = (
                    self._number(
                        node.low, node.high.unit if isinstance(node.high, ast.Quantity) else None
                    ),
                    self._number(node.high),
                )
                if low is not None and high is not None and low > high:
                    self._report(
                        "C104",
                        f"impossible range for {node.concept}: [{node.low.value} .. "
                        f"{node.high.value}]",
                        criterion,
                        node.concept,
                    )

    def _unit(self, criterion: ast.Criterion, node: ast.Node, quantity: ast.Quantity) -> None:
        unit = quantity.unit
        if unit is None or unit in _LIMITS:
            return
        try:
            dimension(unit)
        except UnitError:
            self._report("C102", f"{unit!r} is not a UCUM unit", criterion, unit)
            return
        expected_unit: str | None
        if isinstance(node, ast.Window | ast.Interval):
            expected_unit = "d"
        else:
            concept = self.lexicon.get(getattr(node, "concept", ""))
            expected_unit = getattr(concept, "unit", None)
        if expected_unit and expected_unit not in _LIMITS:
            try:
                if not same_measure(expected_unit, unit):
                    name = getattr(node, "concept", "a time window")
                    self._report(
                        "C103",
                        f"unit {unit!r} does not fit {name} (expects a unit like "
                        f"{expected_unit!r})",
                        criterion,
                        unit,
                    )
            except UnitError:
                return

    def _number(self, value: object, unit: str | None = None) -> float | None:
        if not isinstance(value, ast.Quantity):
            return None
        if unit is None or value.unit == unit:
            return float(value.value)
        try:
            return convert(value.value, value.unit, unit)
        except UnitError:
            return None

    # --- across comparisons -------------------------------------------------------------
    def _bounds(self, rule: ast.Node) -> dict[str, tuple[Bound, str | None]]:
        """Bounds each conjunct of `rule` puts on a concept (a top-level `and` of comparisons)."""
        conjuncts = rule.args if isinstance(rule, ast.And) else (rule,)
        bounds: dict[str, tuple[Bound, str | None]] = {}
        for node in conjuncts:
            for concept, bound, unit in self._node_bounds(node, bounds):
                previous = bounds.get(concept)
                bounds[concept] = (
                    previous[0].meet(bound) if previous else bound,
                    previous[1] if previous else unit,
                )
        return bounds

    def _node_bounds(
        self, node: ast.Node, known: dict[str, tuple[Bound, str | None]]
    ) -> Iterator[tuple[str, Bound, str | None]]:
        if (
            isinstance(node, ast.Compare)
            and isinstance(node.value, ast.Quantity)
            and node.window is None
        ):
            unit = known[node.concept][1] if node.concept in known else node.value.unit
            value = self._number(node.value, unit)
            bound = _bound(node.op, value) if value is not None else None
            if bound is not None:
                yield node.concept, bound, unit
        elif isinstance(node, ast.InRange) and node.window is None:
            unit = (
                known[node.concept][1] if node.concept in known else getattr(node.low, "unit", None)
            )
            low, high = self._number(node.low, unit), self._number(node.high, unit)
            if low is not None and high is not None:
                yield node.concept, Bound(low=low, high=high), unit

    def impossible(self, criterion: ast.Criterion) -> None:
        for concept, (bound, _) in self._bounds(criterion.rule).items():
            if bound.empty:
                self._report(
                    "C104", f"no value of {concept} satisfies this criterion", criterion, concept
                )

    def contradictions(self, protocol: ast.Protocol) -> None:
        """Exclusions every patient meeting the inclusions would trigger: an entity the inclusions
        require (`has X`, `count(X) >= 1`) that an exclusion rules out outright, or bounds of a
        value it covers."""
        allowed: dict[str, tuple[Bound, str | None]] = {}
        required: set[tuple[str, str]] = set()
        for criterion in protocol.criteria:
            if criterion.kind != "inclusion":
                continue
            for concept, (bound, unit) in self._bounds(criterion.rule).items():
                previous = allowed.get(concept)
                allowed[concept] = (
                    previous[0].meet(bound) if previous else bound,
                    previous[1] if previous else unit,
                )
            conjuncts = (
                criterion.rule.args if isinstance(criterion.rule, ast.And) else (criterion.rule,)
            )
            required.update(key for node in conjuncts for key in _required(node))
        for criterion in protocol.criteria:
            if criterion.kind != "exclusion":
                continue
            if _implied(criterion.rule, required):
                self._report(
                    "C105",
                    "an inclusion requires what this exclusion rules out: no patient can be "
                    "eligible",
                    criterion,
                    None,
                )
                continue
            excluded = self._bounds(criterion.rule)
            if (
                len(excluded) != 1
                or isinstance(criterion.rule, ast.And)
                and len(criterion.rule.args) > 1
            ):
                continue
            ((concept, (bound, _)),) = excluded.items()
            if (
                concept in allowed
                and not allowed[concept][0].empty
                and allowed[concept][0].within(bound)
            ):
                self._report(
                    "C105",
                    f"every {concept} the inclusions allow is excluded here: no patient can "
                    "be eligible",
                    criterion,
                    concept,
                )


def _required(node: ast.Node) -> set[tuple[str, str]]:
    """The entities an inclusion's conjunct requires on record: `has X` (in any window, with any
    filter) of one entity, or a count of it that cannot be zero."""
    if isinstance(node, ast.Exists) and len(node.entities) == 1:
        entity = node.entities[0]
        return {(entity.type, entity.concept)}
    if isinstance(node, ast.Count) and (
        node.op in (">=", "=") and node.value >= 1 or node.op == ">" and node.value >= 0
    ):
        return {(node.entity.type, node.entity.concept)}
    return set()


def _implied(node: ast.Node, required: set[tuple[str, str]]) -> bool:
    """Whether a rule holds for every patient who has the required entities: `has any(...)` (no
    window) of one of them without filter or exception, an `or` with such a branch, an `and` of such
    rules."""
    if isinstance(node, ast.Exists):
        return node.window is None and any(
            not e.where and not e.excluding and (e.type, e.concept) in required
            for e in node.entities
        )
    if isinstance(node, ast.Or):
        return any(_implied(arg, required) for arg in node.args)
    if isinstance(node, ast.And):
        return all(_implied(arg, required) for arg in node.args)
    return False


def check_protocol(protocol: ast.Protocol, text: str, path: str | None = None) -> list[Diagnostic]:
    """All findings about a parsed protocol; `text` is its rules text, for locations."""
    checker = Checker(text, path)
    for criterion in protocol.criteria:
        checker.concepts(criterion)
        checker.units(criterion)
        checker.impossible(criterion)
    checker.contradictions(protocol)
    return checker.diagnostics
