"""How long a state has lasted: "T1DM for at least 1 year", "diabetes duration < 3 years".

The rule language has no duration of a state; a state that is there at screening and was on record
N before has lasted at least N (records are read as continuous), one with no record N before has
lasted less. The parser gives these as a window naming its state (`WindowFact.concept`: "for at
least 1 year" after the condition) or as a comparison in time of the condition's name ("Diabetes
duration >= 1 year", "of > 6 months duration", which Chia's annotation counts as thresholds):
`lasted` recognises the first for `timing.py` and `current_states`, `lasted_node` builds the
second's rule. A treatment's duration is not read this way (a use is no state on record), except
a course the words say goes on up to a date (`ongoing`: "treated with X for at least 3 months prior
to screening").
"""

from __future__ import annotations

from eligo.compiler.parts import EntityHit
from eligo.facts import ThresholdFact, WindowFact
from eligo.grammar import ast

_TIME_UNITS = frozenset({"a", "mo", "wk", "d"})
# "lasted less than N": no record of it N before screening (`<` N: none at N or earlier)
_SHORTER = {"<": ">=", "<=": ">"}


def lasted(window: WindowFact) -> bool:
    """ "Type 1 diabetes for at least 1 year", "for less than 5 years": a window the parser read as
    how long the state it names (`concept`) has lasted up to now: the state began at least (or
    less than) that long before screening (and, named without a history cue, is still there:
    `current_states`)."""
    return window.concept is not None and window.anchor is None and window.relation == "before"


def shorter(window: ast.Window) -> bool:
    """A lasting window that bounds the duration from above ("for less than 5 years")."""
    return window.op in _SHORTER


def lasting_node(found: ast.Exists, now: ast.Node) -> ast.Node:
    """`now` (the state at screening, or on record ever) and how long it has lasted: on record N
    before screening ("for at least N"), or not ("for less than N": no record N or more before)."""
    window = found.window
    assert window is not None  # called on a `has` with its lasting window
    if not shorter(window):
        return ast.And(args=(now, found))
    earlier = window.model_copy(update={"op": _SHORTER[window.op]})
    return ast.And(args=(now, ast.Not(arg=found.model_copy(update={"window": earlier}))))


def lasted_node(
    entity: ast.EntityRef, group: list[ThresholdFact], span: tuple[int, int]
) -> ast.Node | None:
    """ "Diabetes duration >= 1 year", "< 3 years": the condition on record that long before
    screening, or not on record then; None unless every comparison is in time."""
    if any(t.unit not in _TIME_UNITS or isinstance(t.value, str) for t in group):
        return None
    nodes: list[ast.Node] = []
    for t in group:
        op = _SHORTER.get(t.op, t.op)
        window = ast.Window(
            op=op,
            amount=ast.Quantity(value=t.value, unit=t.unit),
            relation="before",
            anchor="screening",
            span=span,
        )
        node: ast.Node = ast.Exists(entities=(entity,), window=window, span=span)
        nodes.append(ast.Not(arg=node) if t.op in _SHORTER else node)
    return nodes[0] if len(nodes) == 1 else ast.And(args=tuple(nodes))


def lasting_condition(item: EntityHit, span: tuple[int, int]) -> bool:
    """Whether the entity nearest a comparison in time is a condition named inside the comparison
    ("Diabetes duration >= 1 year"), whose duration it is; not one named elsewhere in the clause
    ("no malignancy ... after >= 6 months of follow-up")."""
    return item.mention.type == "condition" and span[0] <= item.start and item.end <= span[1]


def ongoing(found: ast.Exists) -> ast.Node:
    """ "Treated with metformin for at least 3 months prior to screening": a course still going at
    the date of `found`'s window that began at least that long before it: on record at the date,
    and on record N before."""
    window = found.window
    assert isinstance(window, ast.Window) and window.anchor is not None
    at_date = ast.Window(
        op="<=",
        amount=ast.Quantity(value=0, unit="d"),
        relation="during",
        anchor=window.anchor,
        span=window.span,
    )
    return ast.And(args=(found.model_copy(update={"window": at_date}), found))


def course(found: ast.Exists) -> bool:
    """Whether `found` is a use whose window can be a course up to a date: a treatment on record
    at least N before a date the record holds."""
    window = found.window
    return (
        isinstance(window, ast.Window)
        and window.op in (">=", ">")
        and window.relation == "before"
        and window.anchor is not None
        and all(e.type == "treatment" for e in found.entities)
    )
