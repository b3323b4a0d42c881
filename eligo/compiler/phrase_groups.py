"""Atoms written as one phrase: "BP > 140/90 mmHg" is two comparisons on one span.

A pair of values ("systolic > 140 or diastolic > 90") and a comparison shared by several measures
("AST and ALT ≤ 3 x ULN") are atoms with the same span under one `and` / `or`. A left-over word
next to the phrase ("Uncontrolled BP ≥ 170/100", "mean BP > 160/100") speaks of the phrase, so
coverage accounting (`accounting.py`) must narrow its atoms together, never the first alone. Where
`both` / `either` flattened the phrase into a longer `and` / `or`, `grouped` nests its atoms again
as one node of that kind while accounting looks for targets, and `ungrouped` flattens what no
left-over word took.
"""

from __future__ import annotations

from collections.abc import Callable

from eligo.grammar import ast


def one_phrase(node: ast.Node, atoms: tuple[type, ...]) -> bool:
    """Whether `node` is an `and` / `or` of `atoms` that all span the same words."""
    if not isinstance(node, ast.And | ast.Or):
        return False
    spans = {getattr(arg, "span", None) for arg in node.args}
    return len(spans) == 1 and None not in spans and all(isinstance(a, atoms) for a in node.args)


def phrase_span(node: ast.Node, atoms: tuple[type, ...]) -> tuple[int, int] | None:
    """The span of an atom, or of atoms written as one phrase; None for anything else."""
    if isinstance(node, atoms):
        return getattr(node, "span", None)
    if isinstance(node, ast.And | ast.Or) and one_phrase(node, atoms):
        return getattr(node.args[0], "span", None)
    return None


def grouped(rule: ast.Node, atoms: tuple[type, ...]) -> tuple[ast.Node, set[int]]:
    """`rule` with each run of two or more `atoms` of one span, inside a longer `and` / `or`, nested
    as one node of that kind, and the ids of those nodes."""
    nested: set[int] = set()

    def nest(node: ast.Node) -> ast.Node:
        if not isinstance(node, ast.And | ast.Or) or one_phrase(node, atoms):
            return node
        runs: list[list[ast.Node]] = []
        for arg in node.args:
            span = getattr(arg, "span", None) if isinstance(arg, atoms) else None
            if span is not None and runs and getattr(runs[-1][-1], "span", None) == span:
                runs[-1].append(arg)
            else:
                runs.append([arg])
        if all(len(run) == 1 for run in runs):
            return node
        groups = [type(node)(args=tuple(run)) if len(run) > 1 else run[0] for run in runs]
        nested.update(id(group) for group, run in zip(groups, runs) if len(run) > 1)
        return node.model_copy(update={"args": tuple(groups)})

    return _rebuilt(rule, nest), nested


def ungrouped(rule: ast.Node, nested: set[int]) -> ast.Node:
    """`rule` with the `nested` groups that are still in it flattened back into their parent."""

    def flatten(node: ast.Node) -> ast.Node:
        if not isinstance(node, ast.And | ast.Or):
            return node
        inside = {id(a) for a in node.args if id(a) in nested and type(a) is type(node)}
        if not inside:
            return node  # a group a left-over word narrowed stays one: "(S or D) and 'mean'"
        args = tuple(
            inner
            for arg in node.args
            for inner in (
                arg.args if isinstance(arg, ast.And | ast.Or) and id(arg) in inside else (arg,)
            )
        )
        return node.model_copy(update={"args": tuple(dict.fromkeys(args))})

    return _rebuilt(rule, flatten)


def _rebuilt(node: ast.Node, change: Callable[[ast.Node], ast.Node]) -> ast.Node:
    """`node` with its children rebuilt first, then `change` applied to it."""
    updates: dict[str, object] = {}
    for name in ast.node_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, ast.Node):
            new = _rebuilt(value, change)
            if new is not value:
                updates[name] = new
        elif isinstance(value, tuple) and any(isinstance(item, ast.Node) for item in value):
            items = tuple(_rebuilt(i, change) if isinstance(i, ast.Node) else i for i in value)
            if any(a is not b for a, b in zip(items, value)):
                updates[name] = items
    return change(node.model_copy(update=updates) if updates else node)
