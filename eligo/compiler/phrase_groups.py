"""Atoms written as one phrase: "BP > 140/90 mmHg" is two comparisons on one span.

A pair of values ("systolic > 140 or diastolic > 90") and a comparison shared by alternative
measures ("ALT or AST > 3 x ULN") are comparisons with the same span under one `or`. A left-over
word next to the phrase ("Uncontrolled BP ≥ 170/100", "mean BP > 160/100") speaks of the phrase, so
coverage accounting (`accounting.py`) must narrow its atoms together, never the first alone (in
an `and` that makes no difference). Where `either` flattened the phrase into a longer `or`,
`grouped` nests its atoms again as one group while accounting looks for targets, and `ungrouped`
flattens what no left-over word took.
"""

from __future__ import annotations

from collections.abc import Callable

from eligo.grammar import ast

GROUPED = (ast.Compare,)  # the atoms a phrase group holds: comparisons


def one_phrase(node: ast.Node, atoms: tuple[type, ...]) -> bool:
    """Whether `node` is an `or` of `atoms` that all span the same words (in an `and`, narrowing
    the first atom narrows them all)."""
    if not isinstance(node, ast.Or):
        return False
    spans = {getattr(arg, "span", None) for arg in node.args}
    return len(spans) == 1 and None not in spans and all(isinstance(a, atoms) for a in node.args)


def phrase_span(node: ast.Node, atoms: tuple[type, ...]) -> tuple[int, int] | None:
    """The span of an atom, or of atoms written as one phrase; None for anything else."""
    if isinstance(node, atoms):
        return getattr(node, "span", None)
    if isinstance(node, ast.Or) and one_phrase(node, GROUPED):
        return getattr(node.args[0], "span", None)
    return None


class _AndGroup(ast.And):
    """Atoms of one phrase nested in a longer `and`: not the same type, so `logic.replaced` does
    not flatten it into its parent before `ungrouped` does."""


class _OrGroup(ast.Or):
    """Atoms of one phrase nested in a longer `or` (see `_AndGroup`)."""


_GROUPS: dict[type, type[ast.And] | type[ast.Or]] = {ast.And: _AndGroup, ast.Or: _OrGroup}


def grouped(rule: ast.Node, atoms: tuple[type, ...] = GROUPED) -> ast.Node:
    """`rule` with each run of two or more `atoms` of one span, inside a longer `or`, nested as one
    group."""

    def nest(node: ast.Node) -> ast.Node:
        if type(node) is not ast.Or or one_phrase(node, atoms):
            return node
        runs: list[list[ast.Node]] = []
        for arg in node.args:
            if type(arg) is ast.Or and one_phrase(arg, atoms):
                runs.append(list(arg.args))  # "ALT or AST" kept nested: a group too
                continue
            span = getattr(arg, "span", None) if isinstance(arg, atoms) else None
            if span is not None and runs and getattr(runs[-1][-1], "span", None) == span:
                runs[-1].append(arg)
            else:
                runs.append([arg])
        if all(len(run) == 1 for run in runs):
            return node  # no group: every run is one atom
        group = _GROUPS[type(node)]
        args = tuple(group(args=tuple(run)) if len(run) > 1 else run[0] for run in runs)
        return node.model_copy(update={"args": args})

    return _rebuilt(rule, nest)


def ungrouped(rule: ast.Node) -> ast.Node:
    """`rule` with each group flattened back into a parent of its kind, or made a plain `and` /
    `or` where a left-over word narrowed it ("(S or D) and 'mean'")."""

    def flatten(node: ast.Node) -> ast.Node:
        if type(node) not in _GROUPS:
            return node
        args = node.args  # type: ignore[attr-defined]
        if not any(isinstance(arg, _AndGroup | _OrGroup) for arg in args):
            return node
        kind = _GROUPS[type(node)]
        flat = tuple(inner for arg in args for inner in (arg.args if type(arg) is kind else (arg,)))
        return node.model_copy(update={"args": tuple(dict.fromkeys(flat))})

    def plain(node: ast.Node) -> ast.Node:
        if isinstance(node, _AndGroup | _OrGroup):
            return (ast.And if isinstance(node, ast.And) else ast.Or)(args=node.args)
        return node

    return _rebuilt(_rebuilt(rule, flatten), plain)


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
