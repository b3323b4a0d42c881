"""Where each atom of a rule came from: spans filled in as the rule is built, then moved to protocol
coordinates.

Every `has`, comparison, count, window, filter and unresolved part of a
compiled rule carries the span of the words it came from (`ast.Located.span`).
A piece is located when it is made (`Part` locates its expression with its
text range); what is made later without a range of its own (a sentence's
joined rule, a criterion's qualifiers) takes the range of the sentence or
criterion it belongs to. The compiler works in criterion coordinates and
shifts the finished rule to the protocol's.
"""

from __future__ import annotations

from collections.abc import Callable

from eligo.grammar import ast

_set = object.__setattr__


def _copy(node: ast.Node, updates: dict[str, object]) -> ast.Node:
    """`node.model_copy(update=updates)` without pydantic's generic `__copy__` (three `copy.copy`
    calls and a `hasattr` per node, a third of a rebuild): the nodes are frozen, forbid extra
    fields and have no private attributes, so a new field dictionary is the whole copy."""
    copied = object.__new__(type(node))
    _set(
        copied, "__dict__", {**node.__dict__, **updates}
    )  # frozen: the model's own setattr refuses
    _set(copied, "__pydantic_extra__", None)
    _set(copied, "__pydantic_fields_set__", node.__pydantic_fields_set__ | updates.keys())
    _set(copied, "__pydantic_private__", None)
    return copied


def _rebuild(node: ast.Node, change: Callable[[ast.Node], dict]) -> ast.Node:
    """`node` with `change` applied to it and every node under it; unchanged nodes are kept as they
    are."""
    updates: dict[str, object] = {}
    values = node.__dict__
    for name in ast.node_fields(type(node)):
        value = values[name]
        if isinstance(value, ast.Node):
            new = _rebuild(value, change)
            if new is not value:
                updates[name] = new
        elif isinstance(value, tuple) and any(isinstance(item, ast.Node) for item in value):
            items = tuple(
                _rebuild(item, change) if isinstance(item, ast.Node) else item for item in value
            )
            if any(a is not b for a, b in zip(items, value)):
                updates[name] = items
    updates.update(change(node))
    return _copy(node, updates) if updates else node


def locate(node: ast.Node, span: tuple[int, int]) -> ast.Node:
    """`node` with `span` given to every atom under it that has none yet."""
    return _rebuild(
        node, lambda n: {"span": span} if isinstance(n, ast.Located) and n.span is None else {}
    )


def stretch(node: ast.Node, end: int, further: int) -> ast.Node:
    """`node` with every atom that ends at `end` ending at `further` (words that restate it)."""
    return _rebuild(
        node,
        lambda n: (
            {"span": (n.span[0], further)}
            if isinstance(n, ast.Located) and n.span is not None and n.span[1] == end
            else {}
        ),
    )


def shift(node: ast.Node, offset: int) -> ast.Node:
    """`node` with every span moved by `offset` (criterion → protocol coordinates)."""
    if offset == 0:
        return node

    def moved(n: ast.Node) -> dict:
        if isinstance(n, ast.Located) and n.span is not None:
            return {"span": (n.span[0] + offset, n.span[1] + offset)}
        return {}

    return _rebuild(node, moved)


def placed(node: ast.Node, span: tuple[int, int], offset: int) -> ast.Node:
    """`shift(locate(node, span), offset)`, in one pass over the rule instead of two."""

    def change(n: ast.Node) -> dict:
        if not isinstance(n, ast.Located) or (n.span is not None and offset == 0):
            return {}
        start, end = span if n.span is None else n.span
        return {"span": (start + offset, end + offset)}

    return _rebuild(node, change)


def spans(node: ast.Node) -> list[tuple[int, int]]:
    """The spans of the atoms under `node`, in the order they are met."""
    return [n.span for n in ast.walk(node) if isinstance(n, ast.Located) and n.span is not None]
