"""Pass: "an ACE inhibitor or an ARB (not both)", "metformin or a sulfonylurea, but not both": one
of the listed, never two at once (issue #13, kind 6d).

The list compiles to `has any(A, B)`, which a patient on both meets; the words "not both" narrow it
to an exclusive or: `has any(A, B) and not (has A and has B)`, each member with the list's window.
Where the words follow no such list (two alternatives compiled apart), they are an unresolved part
of their own, and-ed to the alternatives: never dropped, and never a negation of the list.
"""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import both, negate, replaced
from eligo.compiler.parts import Draft, Part, Sentence, unresolved
from eligo.grammar import ast


def exclusive_choices(draft: Draft, sentence: Sentence) -> Draft:
    view = sentence.view
    parts = list(draft.parts)
    for found in view.phrases("exclusive", sentence.start, sentence.end):
        before = [p for p in parts if p.start < found.start()]  # it may run on to a window after
        if not before:
            continue
        last = max(before, key=lambda p: p.start)
        listed = _listed(last.expr)
        if listed is not None:
            members = [
                ast.Exists(entities=(entity,), window=listed.window, span=entity.span)
                for entity in listed.entities
            ]
            exclusive = both(listed, negate(ast.And(args=tuple(members))))
            expr = replaced(last.expr, listed, exclusive)
            parts[parts.index(last)] = Part(
                last.start, max(last.end, found.end()), expr, last.entity
            )
        else:  # a part of its own, joined to the alternatives as what follows them is
            detail = f"{found.text!r} allows one alternative at a time, which no rule expresses"
            parts.append(Part(*found.span(), unresolved("ambiguous", detail, found.span())))
    return replace(draft, parts=tuple(parts))


def _listed(node: ast.Node) -> ast.Exists | None:
    """The list of two or more entities the part compiled to, itself or one conjunct of it (the
    list and what narrows it: "only an ACEI or an ARB (not both)")."""
    for candidate in node.args if isinstance(node, ast.And) else (node,):
        if isinstance(candidate, ast.Exists) and len(candidate.entities) > 1:
            return candidate
    return None
