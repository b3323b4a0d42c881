"""Pass: "diabetes complications (retinopathy, nephropathy)": the bracketed members are
complications of the head.

A bracket after "X complications" (or "sequelae", "manifestations") lists
kinds of X's complications, so each member counts only with X:
`has X and has any(A, B)`. Joined as a plain list, the members would be
alternatives free of X, and a nephropathy of any cause would meet the
criterion. The words of a member that names no concept are one more
alternative, unresolved.
"""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import both, either
from eligo.compiler.parts import Draft, Part, Sentence, quote, relative, unresolved
from eligo.grammar import ast


def _members(parts: list[Part], open_: int, close: int) -> list[Part] | None:
    """The parts inside the bracket, when each is a plain, asserted entity."""
    inside = [p for p in parts if open_ < p.start < close]
    if not inside or not all(p.entity and isinstance(p.expr, ast.Exists | ast.Or) for p in inside):
        return None
    return inside


def _unnamed(
    sentence: Sentence, members: list[Part], open_: int, close: int
) -> list[ast.Unresolved]:
    """The bracket's words no member holds ("retinopathy" with no concept): one more member,
    unresolved."""
    view = sentence.view
    words = [relative(w, view.base) for w in view.facts.words]
    left = [
        (a, b)
        for a, b in words
        if open_ < a and b <= close and not any(p.start <= a < p.end for p in members)
    ]
    if not left:
        return []
    listed = ", ".join(view.text[a:b] for a, b in left)
    return [
        unresolved(
            "unsupported",
            f"{quote(listed, 80)!r}: a member of the list no concept names",
            (left[0][0], left[-1][1]),
        )
    ]


def sequelae(draft: Draft, sentence: Sentence) -> Draft:
    parts = sorted(draft.parts, key=lambda p: p.start)
    text = sentence.view.text
    for open_, close in sentence.view.brackets(sentence.start, sentence.end):
        word = sentence.view.ending("sequela", sentence.start, open_)
        head = next(
            (
                p
                for p in parts
                if word is not None
                and p.end <= word.start()
                and not text[p.end : word.start()].strip()
            ),
            None,
        )
        members = _members(parts, open_, close)
        if (
            head is None
            or members is None
            or not head.entity
            or not isinstance(head.expr, ast.Exists)
        ):
            continue
        pooled = [
            r
            for p in members
            if isinstance(p.expr, ast.Exists) and p.expr.window is None
            for r in p.expr.entities
        ]
        rest = [
            p.expr
            for p in members
            if not (isinstance(p.expr, ast.Exists) and p.expr.window is None)
        ]
        alternatives: ast.Node | None = (
            ast.Exists(entities=tuple(dict.fromkeys(pooled))) if pooled else None
        )
        for expr in rest + _unnamed(sentence, members, open_, close):
            alternatives = expr if alternatives is None else either(alternatives, expr)
        if alternatives is None:  # an empty bracket
            continue
        merged = Part(head.start, close + 1, both(head.expr, alternatives), entity=True)
        parts = sorted(
            [p for p in parts if p is not head and p not in members] + [merged],
            key=lambda p: p.start,
        )
    return replace(draft, parts=tuple(parts))
