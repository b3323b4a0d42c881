"""Building and reading rule expressions: sound combinators and what a rule can decide.

`both` and `either` flatten and drop repeated arguments; `negate` never writes
a double negation. `outcome` reads a finished rule: its unresolved nodes, and
whether any node can decide from a patient record; `negative_parts` and
`outside_condition` say where in a rule narrowing an atom would widen it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eligo.grammar import ast


@dataclass
class Outcome:
    rule: ast.Node
    unresolved: list[ast.Unresolved] = field(default_factory=list)
    executable: bool = True
    leftovers: list[tuple[int, int]] = field(
        default_factory=list
    )  # phrases no part of the rule used (accounting.py)


def outcome(rule: ast.Node) -> Outcome:
    """The rule with its unresolved nodes; executable when some node can decide from a record."""
    nodes = list(ast.walk(rule))
    unresolved = [n for n in nodes if isinstance(n, ast.Unresolved)]
    deciding = (ast.Compare, ast.InRange, ast.InSet, ast.Exists, ast.Count, ast.Interval)
    return Outcome(rule, unresolved, executable=any(isinstance(n, deciding) for n in nodes))


def constrains_nothing(rule: ast.Node) -> bool:
    """Whether the rule holds some `X or not X` (an inclusion's) or `X and not X` (an
    exclusion's): a permission or preference, which requires nothing of X."""
    return any(
        isinstance(n, ast.Or | ast.And)
        and any(isinstance(arg, ast.Not) for arg in n.args)  # else no argument negates another
        and any(negate(arg) in n.args for arg in n.args)
        for n in ast.walk(rule)
    )


def negate(node: ast.Node) -> ast.Node:
    """`not node`, without a double negation."""
    return node.arg if isinstance(node, ast.Not) else ast.Not(arg=node)


def _joined(kind: type[ast.And] | type[ast.Or], first: ast.Node, second: ast.Node) -> ast.Node:
    """`first kind second`, flattened, each argument once."""
    args = tuple(
        dict.fromkeys(
            arg
            for node in (first, second)
            for arg in (node.args if isinstance(node, kind) else (node,))
        )
    )
    return args[0] if len(args) == 1 else kind(args=args)


def both(first: ast.Node, second: ast.Node) -> ast.Node:
    """`first and second`, flattened, each argument once."""
    return _joined(ast.And, first, second)


def either(first: ast.Node, second: ast.Node) -> ast.Node:
    """`first or second`, flattened, each argument once."""
    return _joined(ast.Or, first, second)


def worse(entity: ast.EntityRef) -> ast.EntityRef:
    """The entity above its grade bound: `grade <= 1` becomes `grade > 1`."""
    flipped = {"<=": ">", "<": ">="}
    where = tuple(
        ast.Filter(attribute=f.attribute, op=flipped[f.op], value=f.value, span=f.span)
        if f.attribute == "grade" and f.op in flipped
        else f
        for f in entity.where
    )
    return entity.model_copy(update={"where": where})


def exists_of(node: ast.Node) -> ast.Exists | None:
    """The `has` of a part, negated or not."""
    inner = node.arg if isinstance(node, ast.Not) else node
    return inner if isinstance(inner, ast.Exists) else None


def with_polarity(node: ast.Node, inner: ast.Node) -> ast.Node:
    """`inner` in the place of what `node` holds: negated when `node` is a `not` (a part's `has`
    replaced, its polarity kept)."""
    return ast.Not(arg=inner) if isinstance(node, ast.Not) else inner


def conjunctive(node: ast.Node) -> ast.Node:
    """An alternative's condition is part of it: "A if X; or B if Y" is (X and A) or (Y and B)."""
    return (
        ast.And(args=(node.condition, node.then))
        if isinstance(node, ast.If) and node.otherwise is None
        else node
    )


def replaced(rule: ast.Node, target: ast.Node, new: ast.Node) -> ast.Node:
    """`rule` with the node `target` (itself, not an equal one) replaced by `new`, flattened into an
    `and` or `or` of its own kind: a left-over phrase joins the atom it modifies or coordinates
    with, under whatever holds it."""
    if rule is target:
        return new
    updates: dict[str, object] = {}
    for name in ast.fields(type(rule)):
        value = getattr(rule, name)
        if isinstance(value, ast.Node):
            changed = replaced(value, target, new)
            if changed is not value:
                updates[name] = changed
        elif isinstance(value, tuple) and any(isinstance(item, ast.Node) for item in value):
            items = tuple(
                replaced(item, target, new) if isinstance(item, ast.Node) else item
                for item in value
            )
            if any(a is not b for a, b in zip(items, value)):
                flat = tuple(
                    x
                    for item in items
                    for x in (
                        item.args
                        if isinstance(item, ast.And | ast.Or) and type(item) is type(rule)
                        else (item,)
                    )
                )
                updates[name] = tuple(dict.fromkeys(flat))
    return rule.model_copy(update=updates) if updates else rule


def narrowed(node: ast.Node, near: tuple[int, int] | None, modifier: ast.Node) -> ast.Node:
    """`node and modifier`, where the modifier narrows only the member of a list it stands before
    (at `near`): "aspirin, heparin or oral anticoagulants" is `has any(aspirin, heparin) or (has
    anticoagulant and unresolved 'oral')`, never the whole list narrowed by one member's word (a
    bracket after a member, "A and B (for X)", may speak of more than one: the caller passes no
    `near` for it; a word before the first member may speak of the whole list, "topical NSAIDs or
    corticosteroids", so it narrows the list)."""
    if near is not None and isinstance(node, ast.Or):
        for number, arg in enumerate(node.args):
            if _split(arg, near) is not None:
                new = narrowed(arg, near, modifier)
                return node.model_copy(
                    update={"args": (*node.args[:number], new, *node.args[number + 1 :])}
                )
    split = _split(node, near) if near is not None else None
    if split is None:
        return both(node, modifier)
    member, rest = split
    return either(rest, both(member, modifier))


def _split(node: ast.Node, near: tuple[int, int]) -> tuple[ast.Exists, ast.Exists] | None:
    """A `has any(...)` split into the one member whose words are at `near` and the others, or None
    when the node is no such list or no one member stands there."""
    if not isinstance(node, ast.Exists) or len(node.entities) < 2:
        return None
    hits = [
        e
        for e in node.entities
        if e.span is not None and e.span[0] < near[1] and near[0] < e.span[1]
    ]
    first = min(node.entities, key=lambda e: e.span or (0, 0))
    if len(hits) != 1 or hits[0] is first:  # "topical NSAIDs or steroids": the word may open all
        return None
    rest = tuple(e for e in node.entities if e is not hits[0])
    return node.model_copy(update={"entities": tuple(hits[:1])}), node.model_copy(
        update={"entities": rest}
    )


def negative_parts(node: ast.Node) -> tuple[ast.Node, ...]:
    """What a `not` negates or an `if` tests: narrowing an atom there would widen the rule, so it is
    never done."""
    if isinstance(node, ast.Not):
        return (node.arg,)
    return (node.condition,) if isinstance(node, ast.If) else ()


def outside_condition(rule: ast.Node, target: ast.Node | None) -> ast.Node | None:
    """An alternative listed next to who a rule applies to ("Women must be postmenopausal or use
    contraception": `if female then ...`) is one of what applies, never a further way to be who:
    the `then` of the `if` whose condition holds `target`, else `target`."""
    for node in ast.walk(rule):
        if isinstance(node, ast.If) and any(n is target for n in ast.walk(node.condition)):
            return node.then
    return target
