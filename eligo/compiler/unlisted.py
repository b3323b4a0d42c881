"""Items of an enumeration that name no known concept: "A, B, or C" where B is no concept.

A list of three items or more with some item compiled keeps its uncompiled items as
unresolved alternatives (or requirements), so that a rule never claims less than
the text asks; clauses, methods and examples of a compiled concept are no items.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.logic import both, either
from eligo.compiler.parts import ENTITY_TYPES, MEASURED_KINDS, Part, quote, unresolved
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

_SEPARATOR = re.compile(r"\s*(?:,\s*(?:(?:and/or|or|and)\s+)?|;\s*|\s(?:and/or|or|and)\s+)", re.I)
_INTRODUCER = re.compile(r":|\b(?:including|such as|e\.g\.|i\.e\.|like|especially)\b", re.I)


def unlisted_items(
    view: CriterionView, parts: list[Part], start: int, end: int
) -> tuple[ast.Unresolved, bool] | None:
    """Items of an enumeration ("A, B, or C") that name no known concept, and whether the list is of
    alternatives.

    Only a list of three items or more, with some item compiled, and no bare "and" before an
    uncompiled item but the last ("A, B, or C"; "A and B, ie, C, D" is no enumeration); an item
    that is a clause ("that is ...") or an example of a compiled concept ("autoimmune disease,
    including myasthenia gravis, ...") does not count.
    """
    separators = [
        m
        for m in _SEPARATOR.finditer(view.text, start, end)
        if not view.bracketed(m.start(), start, end)
    ]
    if sum(1 for m in separators if "," in m.group(0)) < 2:
        return None
    bounds = [start, *(x for m in separators for x in (m.start(), m.end())), end]
    items = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    covered = [
        any(p.start < b and a < p.end for p in parts)
        or view.mentions(a, b, ENTITY_TYPES | MEASURED_KINDS)
        for a, b in items
    ]
    if not any(covered) or any(
        m.group(0).strip().lower() == "and" and not covered[i + 1]
        for i, m in enumerate(separators[:-1])
    ):
        # "heart failure and current symptoms, ie, HFpEF, HFrEF": a bare "and" before the last
        # item joins an uncompiled word to what it qualifies, no item of an enumeration
        return None
    missing = []
    for (a, b), done in zip(items, covered):
        words = re.findall(r"[A-Za-z][\w'-]+", view.text[a:b])
        content = [w for w in words if not phrases.named("filler", w)]
        if (
            done
            or not content
            or len(words) > 5
            or any(phrases.named(c, w) for w in words for c in ("clause", "method"))
        ):
            # a clause ("that is ...") or a method ("medical evaluation by interview") is no list
            # item
            continue
        introducer = max((m.end() for m in _INTRODUCER.finditer(view.text, start, a)), default=None)
        if introducer is not None and any(p.start < introducer and p.entity for p in parts):
            continue  # an example of a compiled concept
        if _INTRODUCER.match(
            view.text, separator.end() if (separator := _SEPARATOR.match(view.text, b)) else b
        ):
            continue  # the head of the examples that follow
        missing.append((a, b))
    if not missing:
        return None
    alternatives = view.exclusion or re.search(r"\bor\b", separators[-1].group(0)) is not None
    named = ", ".join(repr(quote(view.text[a:b], 40)) for a, b in missing[:3])
    return unresolved(
        "unsupported", f"{named} name no known concept", (missing[0][0], missing[-1][1])
    ), alternatives


def with_unlisted(
    view: CriterionView, rule: ast.Node, parts: list[Part], start: int, end: int
) -> ast.Node:
    """The rule with the uncompiled items of its list: further alternatives (`or`), or further
    requirements."""
    unlisted = unlisted_items(view, parts, start, end)
    if unlisted is None:
        return rule
    missing, alternatives = unlisted
    return either(rule, missing) if alternatives else both(rule, missing)
