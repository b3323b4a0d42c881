"""Pass: "Established cardiovascular disease with at least one of the following: coronary artery
disease, ...": a broad condition followed by "at least one of the following" and a list of its own
kinds is defined by the list, not a second requirement. `has X and has any(...)` would fail wherever
the terminology does not file a listed kind under X, so the list alone is the rule; its atom spans
the head, whose words it uses. A list of other things ("Diabetes with at least one of the following:
retinopathy, ...") is a further requirement and stays one."""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import exists_of
from eligo.compiler.names import lexicon_concept, members
from eligo.compiler.parts import Draft, Part, Sentence
from eligo.grammar import ast


def _kinds(concept: str) -> frozenset[str]:
    return members(concept) | members(lexicon_concept(concept) or concept)


def _defines(head: Part, listed: Part, sentence: Sentence) -> bool:
    named, items = exists_of(head.expr), exists_of(listed.expr)
    if named is None or items is None or head.expr is not named or listed.expr is not items:
        return False  # neither negated
    if len(named.entities) != 1 or named.window is not None or head.end > listed.start:
        return False
    kinds = _kinds(named.entities[0].concept)
    listed_kinds = {e.concept for e in items.entities} | {
        lexicon_concept(e.concept) for e in items.entities
    }
    alternatives = sentence.view.phrase("alternatives", head.end, listed.start)
    return alternatives is not None and bool(kinds & listed_kinds)


def defined_heads(draft: Draft, sentence: Sentence) -> Draft:
    parts = sorted(draft.parts, key=lambda p: p.start)
    for head, listed in zip(parts, parts[1:]):
        if head.entity and listed.entity and _defines(head, listed, sentence):
            assert isinstance(listed.expr, ast.Exists)  # as `_defines` found it
            first, *rest = listed.expr.entities  # the head's words are the first item's too
            if first.span is not None:
                first = first.model_copy(update={"span": (head.start, first.span[1])})
            items = listed.expr.model_copy(
                update={"span": (head.start, listed.end), "entities": (first, *rest)}
            )
            parts = [p for p in parts if p is not head and p is not listed] + [
                Part(head.start, listed.end, items, True)
            ]
            return replace(draft, parts=tuple(parts))
    return draft
