"""What the compiled rules are about, as the gold format's `mentions` and `relations`.

The spec derives both lists from the rules, not from the text: a criterion
reports one mention per atom its rule executes, with the span of the words it
came from (the atoms' provenance), and relations from the rule's shape:

* `or`: two mentions whose atoms first meet at an `or` or inside one `any(...)`;
* `qualifier`: a filter on an entity (`status`, `grade`, `severity`, ...) → its words;
* `temporal`: an atom's window → its words; an atom the rule reads over the whole record → the history cue
  that says so ("previously treated with", "current or past");
* `value`: a compared measurement → the value expression (the rest of the comparison's words);
* `negation`: an atom under an odd number of `not` → the negation cue the parser
  found nearest before it in the criterion (after it, if none is before).

An `unresolved` part yields nothing, and neither do age and sex (thresholds,
not mentions). Where an atom has no span of its own it borrows nothing: what
has no provenance is not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from eligo.annotations import Mention, Relation
from eligo.facts import CriterionFacts
from eligo.grammar import ast

Span = tuple[int, int]
# What an entity type is in the gold format's words.
ENTITY_MENTION = {"condition": "condition", "treatment": "drug", "procedure": "procedure", "event": "observation"}
NOT_MENTIONS = frozenset({"age", "sex"})


@dataclass(frozen=True)
class _Atom:
    """One mention of the rule, with what the relations need: the filters, window and value it carries."""

    span: Span
    type: str
    negated: bool
    qualifiers: tuple[Span, ...] = ()
    window: Span | None = None
    value: Span | None = None


def _stripped(span: Span, text: str) -> Span | None:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _measured(span: Span, facts: CriterionFacts, text: str) -> tuple[Span, Span | None]:
    """The words naming what a comparison (at `span`) measures, and the rest of its words (the value expression).

    The parser's mention of the concept inside the comparison's span names it;
    without one, the whole span stands for the mention and there is no value part.
    """
    start, end = span
    named = [m.span for m in facts.mentions if start <= m.span[0] and m.span[1] <= end]
    if not named:
        return (start, end), None
    first = min(named)
    rest = (first[1], end) if end > first[1] else (start, first[0]) if first[0] > start else None
    return (first[0], first[1]), rest and _stripped(rest, text)


def _atoms(node: ast.Node, facts: CriterionFacts, text: str, negated: bool = False) -> Iterator[tuple[_Atom, ...]]:
    """The rule's atoms as groups: one group per `or` alternative is made by the caller; here each atom
    is a group of one, except `any(...)`, whose entities are alternatives of each other."""
    match node:
        case ast.Not():
            yield from _atoms(node.arg, facts, text, not negated)
        case ast.Exists() | ast.Count():
            entities = node.entities if isinstance(node, ast.Exists) else (node.entity,)
            window = node.window.span if node.window is not None else None
            found = []
            for entity in entities:
                span = entity.span or (node.span if len(entities) == 1 else None)
                if span is None:
                    continue
                qualifiers = tuple(f.span for f in entity.where if f.span is not None and f.span != span)
                found.append(_Atom(span, ENTITY_MENTION[entity.type], negated, qualifiers, window))
            if found:
                yield tuple(found)
        case ast.Compare() | ast.InRange() | ast.InSet():
            if node.span is not None and node.concept not in NOT_MENTIONS:
                span, value = _measured(node.span, facts, text)
                window = node.window.span if node.window is not None else None
                yield (_Atom(span, "measurement", negated, (), window, value),)
        case ast.And() | ast.Or() | ast.If():
            for child in _children(node):
                yield from _atoms(child, facts, text, negated)


def _children(node: ast.And | ast.Or | ast.If) -> tuple[ast.Node, ...]:
    if isinstance(node, ast.If):
        return tuple(part for part in (node.condition, node.then, node.otherwise) if part is not None)
    return tuple(node.args)


def _alternatives(node: ast.Node, facts: CriterionFacts, text: str) -> Iterator[tuple[Span, Span]]:
    """Pairs of mention spans whose atoms first meet at an `or` (or inside one `any(...)`)."""
    for group in _atoms(node, facts, text):
        for a, b in combinations(group, 2):
            yield a.span, b.span
    for inner in ast.walk(node):
        if isinstance(inner, ast.Or):
            branches = [[a.span for group in _atoms(child, facts, text) for a in group] for child in inner.args]
            for left, right in combinations(branches, 2):
                yield from ((a, b) for a in left for b in right)


def _cue(facts: CriterionFacts, span: Span) -> Span | None:
    """The negation cue nearest before `span` in the criterion, else the nearest after it."""
    cues = [c.span for c in facts.cues if c.category == "negation"]
    before = [c for c in cues if c[1] <= span[0]]
    after = [c for c in cues if c[0] >= span[1]]
    return max(before) if before else (min(after) if after else None)


def _history(facts: CriterionFacts, span: Span, text: str) -> Span | None:
    """The history cue the rule reads as "ever" ("previously treated with X", "current or past X"), a few words before
    the atom in its clause: its time."""
    for cue in facts.cues:
        between = text[cue.span[1] : span[0]]
        if cue.category == "history" and cue.span[1] <= span[0] and len(between.split()) <= 3 and not any(c in between for c in ",;.()"):
            return cue.span
    return None


def mentions_and_relations(criterion: ast.Criterion, facts: CriterionFacts, text: str) -> tuple[list[Mention], list[Relation]]:
    """The mentions and relations of one compiled criterion, in the protocol text's offsets."""
    atoms = [atom for group in _atoms(criterion.rule, facts, text) for atom in group]
    mentions = {
        atom.span: Mention(criterion=criterion.id, span=atom.span, text=text[slice(*atom.span)], type=atom.type)
        for atom in atoms
    }
    links: dict[tuple[str, Span, Span], None] = {}
    for a, b in _alternatives(criterion.rule, facts, text):
        if a != b:
            first, second = sorted((a, b))
            links[("or", first, second)] = None
    for atom in atoms:
        for qualifier in atom.qualifiers:
            links[("qualifier", atom.span, qualifier)] = None
        if atom.window is not None and atom.window[0] < atom.window[1]:  # a window no words say ("Pregnant") is none
            links[("temporal", atom.span, atom.window)] = None
        elif atom.window is None and (cue := _history(facts, atom.span, text)) is not None:
            links[("temporal", atom.span, cue)] = None
        if atom.value is not None:
            links[("value", atom.span, atom.value)] = None
        if atom.negated and (cue := _cue(facts, atom.span)) is not None:
            links[("negation", atom.span, cue)] = None
    relations = []
    for kind, head, dependent in links:
        span = (min(head[0], dependent[0]), max(head[1], dependent[1]))
        relations.append(
            Relation(criterion=criterion.id, kind=kind, span=span, text=text[slice(*span)], head=head, dependent=dependent)
        )
    return list(mentions.values()), relations
