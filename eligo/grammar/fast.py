"""Truth values first: rules compiled once into closures that compute only true, false or unknown.

Screening thousands of patients needs each criterion's value, not its
explanation; the traced evaluator (`evaluate.py`) builds a trace with its facts
for every node, and that dominates its cost. Here each rule is compiled once,
per protocol, into a tree of closures; run on a patient's `lookup.Lookup`
(which the traced evaluator may share when some criteria are to be explained)
they give exactly the traced evaluator's values, because both ask the same
`Lookup` and combine with the same helpers (`judged`, `counted`, `spaced`,
Kleene's connectives of `logic.py`). Nothing is explained here:
`screening.screen(..., explain=...)` runs the traced evaluator for what is to
be explained.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eligo.grammar import ast
from eligo.grammar.logic import Truth, agree, and_, choose, implies, not_, or_
from eligo.grammar.lookup import Combine, Lookup, Tests, counted, judged, spaced
from eligo.units import UnitError

Rule = Callable[[Lookup], Truth]


def _value(concept: str, window: ast.Window | None, tests: Tests, combine: Combine) -> Rule:
    """A value node (compare, range, member): as `Evaluator._judge`."""
    unit = next((target.unit for _, target in tests if isinstance(target, ast.Quantity)), None)
    if concept == "age":

        def age(look: Lookup) -> Truth:
            found = look.age(unit)
            if isinstance(found, str):
                return None
            return judged([(found[0], found[1], None, None)], tests, combine)[0]

        return age
    if concept == "sex":

        def sex(look: Lookup) -> Truth:
            value = look.patient.sex
            return None if value is None else judged([(value, None, None, None)], tests, combine)[0]

        return sex

    def observed(look: Lookup) -> Truth:
        latest, surely, _ = look.latest(concept, window)
        if not surely:
            return None
        return agree(judged(((o.value, o.unit, o.uln, o.lln) for o in latest), tests, combine))

    return observed


def _compare(node: ast.Compare, criterion: str | None) -> Rule:
    return _value(node.concept, node.window, [(node.op, node.value)], and_)


def _range(node: ast.InRange, criterion: str | None) -> Rule:
    return _value(node.concept, node.window, [(">=", node.low), ("<=", node.high)], and_)


def _member(node: ast.InSet, criterion: str | None) -> Rule:
    return _value(node.concept, node.window, [("=", value) for value in node.values], or_)


def _matches(look: Lookup, entity: ast.EntityRef, window: ast.Window | None) -> list[Truth] | None:
    """Each candidate record's match, None when its list is not recorded (`Evidence._matches`)."""
    records = look.records(entity)
    if records is None:
        return None
    regions = None if window is None else look.regions(window)[0]
    return [look.match(record, entity, window, regions) for record in records]


def _exists(node: ast.Exists, criterion: str | None) -> Rule:
    entities, window = node.entities, node.window

    def run(look: Lookup) -> Truth:
        results: list[Truth] = []
        for entity in entities:
            verdicts = _matches(look, entity, window)
            if verdicts is None:
                results.append(None)
            elif True in verdicts:
                return True
            else:
                results.extend(verdicts)
        return or_(results)

    return run


def _count(node: ast.Count, criterion: str | None) -> Rule:
    entity, window, op, value = node.entity, node.window, node.op, node.value

    def run(look: Lookup) -> Truth:
        verdicts = _matches(look, entity, window)
        return None if verdicts is None else counted(verdicts, op, value)

    return run


def _interval(node: ast.Interval, criterion: str | None) -> Rule:
    start, end, op, amount = node.start, node.end, node.op, node.amount

    def run(look: Lookup) -> Truth:
        starts, ends = look.point(start)[0], look.point(end)[0]
        if starts is None or ends is None:
            return None
        try:
            return spaced(starts, ends, op, amount)[0]
        except UnitError:
            return None

    return run


def _and(node: ast.And, criterion: str | None) -> Rule:
    parts = [compile_rule(arg, criterion) for arg in node.args]
    return lambda look: and_(part(look) for part in parts)  # stops at the first false


def _or(node: ast.Or, criterion: str | None) -> Rule:
    parts = [compile_rule(arg, criterion) for arg in node.args]
    return lambda look: or_(part(look) for part in parts)


def _not(node: ast.Not, criterion: str | None) -> Rule:
    part = compile_rule(node.arg, criterion)
    return lambda look: not_(part(look))


def _if(node: ast.If, criterion: str | None) -> Rule:
    condition, then = compile_rule(node.condition, criterion), compile_rule(node.then, criterion)
    if node.otherwise is None:
        return lambda look: implies(condition(look), then(look))
    otherwise = compile_rule(node.otherwise, criterion)
    return lambda look: choose(condition(look), then(look), otherwise(look))


def _unresolved(node: ast.Unresolved, criterion: str | None) -> Rule:
    return lambda look: look.patient.reviewed.get(criterion) if criterion else None


_COMPILERS: dict[type[ast.Node], Callable[[Any, str | None], Rule]] = {
    ast.Compare: _compare,
    ast.InRange: _range,
    ast.InSet: _member,
    ast.Exists: _exists,
    ast.Count: _count,
    ast.Interval: _interval,
    ast.And: _and,
    ast.Or: _or,
    ast.Not: _not,
    ast.If: _if,
    ast.Unresolved: _unresolved,
}


def compile_rule(node: ast.Node, criterion: str | None = None) -> Rule:
    """A rule expression as a closure giving its truth value on a patient's `Lookup`
    (`criterion`: the id whose review answers `unresolved` parts)."""
    compiler = _COMPILERS.get(type(node))
    if compiler is None:  # a subclass of a node type: found by isinstance
        compiler = next((c for kind, c in _COMPILERS.items() if isinstance(node, kind)), None)
        if compiler is None:
            raise TypeError(f"not an expression node: {type(node).__name__}")
    return compiler(node, criterion)


Concepts = dict[str, ast.ConceptCode]
_PROTOCOLS: dict[int, tuple[ast.Protocol, Concepts, list[Rule]]] = {}  # by id, holding the protocol


def compile_protocol(protocol: ast.Protocol) -> tuple[Concepts, list[Rule]]:
    """A protocol's concept table and each criterion's compiled rule, in order; compiled once per
    protocol (the last few are kept)."""
    hit = _PROTOCOLS.get(id(protocol))
    if hit is None or hit[0] is not protocol:
        rules = [compile_rule(criterion.rule, criterion.id) for criterion in protocol.criteria]
        hit = protocol, {c.id: c for c in protocol.concepts}, rules
        while len(_PROTOCOLS) >= 8:
            del _PROTOCOLS[next(iter(_PROTOCOLS))]
        _PROTOCOLS[id(protocol)] = hit
    return hit[1], hit[2]
