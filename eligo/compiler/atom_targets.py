"""What a left-over phrase attaches to: the smallest deciding atom of a rule at a span.

A modifier next to a mention narrows the atom built from it, and a conjunct listed with it widens
that atom (`accounting.account`); a premodifier shared by a coordination narrows each member
(`shared_premodifiers`). Which atoms may be narrowed depends on where they stand: under a `not` or
in an `if` condition narrowing widens the rule, unless the words narrow the negated concept itself
("naive to injectable glucose-lowering drugs": not the injectable ones).
"""

from __future__ import annotations

from eligo.compiler.logic import negative_parts
from eligo.compiler.phrase_groups import phrase_span
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

# atoms a left-over phrase may join
TARGETS = (ast.Exists, ast.Count, ast.Compare, ast.InRange, ast.InSet, ast.Interval)

Atoms = list[tuple[ast.Node, tuple[int, int]]]


def candidates(rule: ast.Node, anywhere: bool) -> Atoms:
    """The deciding atoms of the rule with their spans, in `walk` order (`atom_at`)."""
    negative = (
        set()
        if anywhere
        else {
            id(n) for top in ast.walk(rule) for part in negative_parts(top) for n in ast.walk(part)
        }
    )
    return [
        (n, span)
        for n in ast.walk(rule)
        if (span := phrase_span(n, TARGETS)) is not None and id(n) not in negative
    ]


def atom_at(
    view: CriterionView,
    rule: ast.Node,
    span: tuple[int, int],
    anywhere: bool = False,
    read: dict[bool, Atoms] | None = None,
) -> ast.Node | None:
    """The smallest deciding atom of the rule whose span holds `span` (or that a bracket at `span`
    restates): what a modifier next to those words narrows (`anywhere` False: none under a `not` or
    in an `if` condition, where narrowing would widen the rule) or a conjunct listed with them
    widens (`anywhere` True: "no X or Y" is `not (X or Y)`). `read` keeps the rule's candidates
    for the next call on the same rule."""
    read = {} if read is None else read
    if anywhere not in read:
        read[anywhere] = candidates(rule, anywhere)
    atoms = read[anywhere]
    found = [(n, s) for n, s in atoms if s[0] <= span[0] and span[1] <= s[1]]
    found = found or [
        (n, s) for n, s in atoms if s[0] < span[1] and span[0] < s[1]
    ]  # a fact a little wider than its atom
    if not found and view.text[span[0] : span[0] + 1] in ("(", "["):
        found = [
            (n, s) for n, s in atoms if s[1] <= span[0] and not view.text[s[1] : span[0]].strip()
        ]
    best = min(found, key=lambda atom: atom[1][1] - atom[1][0], default=None)
    return best[0] if best is not None else None


def negated_at(
    view: CriterionView,
    rule: ast.Node,
    words: tuple[int, int],
    span: tuple[int, int],
    read: dict[bool, Atoms],
) -> ast.Node | None:
    """The atom under a `not` at `span` that a premodifier of its own noun phrase narrows ("naive to
    injectable glucose-lowering drugs": `not (has antidiabetic_drugs and unresolved 'injectable')`):
    the qualified concept is narrower than the atom, so "not the qualified one" is true without the
    atom and unknown with it, where and-ing the words outside the `not` would make a patient on
    other such drugs fail. `words` premodify the atom at `span`; none when they are the negation's
    own cue ("Non diabetic": the `not` itself, which narrows nothing), for an atom in an `if`
    condition (who the rule applies to) or outside any `not`."""
    if any(
        c.category == "negation" and a <= words[0] and words[1] <= b for c, a, b in view.cue_spans
    ):
        return None
    atom = atom_at(view, rule, span, True, read)
    walk = list(ast.walk(rule))
    tested = any(
        isinstance(n, ast.If) and any(m is atom for m in ast.walk(n.condition)) for n in walk
    )
    negated = any(isinstance(n, ast.Not) and any(m is atom for m in ast.walk(n.arg)) for n in walk)
    return atom if atom is not None and negated and not tested else None
