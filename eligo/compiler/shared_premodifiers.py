"""A premodifier before a coordination of bare nouns qualifies every member: "ocular inflammation
or infection" is ocular inflammation or ocular infection, as "severe asthma or COPD" is severe
asthma or severe COPD (a severity or status word is a filter of each member already).

The parser names the first member with its premodifier when the terminology has that name ("ocular
inflammation": an inflammatory abnormality of the eye), so no word is left over to narrow the
second, and a pneumonia would exclude as an "infection". A site or course word (the
`shared_premodifier` phrases: "ocular", "renal", "chronic", ...) that opens a mention of two words,
joined by or/and to a mention of one word of the same type, narrows that second member too: to the
concept the lexicon or the terminology names with both words ("eye infection"), else with an
unresolved part for the word (`infection and unresolved 'Ocular'`: unknown, never a false
exclusion). Not where the second noun is an abbreviation ("renal impairment or ESRD": it names a
whole concept) or the first names a class ("acute diseases or infections": the second is a kind of
the first, so it is listed only because the premodifier does not reach it). A member whose own
concept already holds the site ("ocular inflammation or uveitis") becomes unknown, which is safe.
"""

from __future__ import annotations

from eligo.compiler.atom_targets import Atoms, atom_at
from eligo.compiler.logic import narrowed, replaced
from eligo.compiler.names import TERM_TYPES, concept_name
from eligo.compiler.parts import unresolved
from eligo.compiler.view import CriterionView, Phrase
from eligo.datafiles import words
from eligo.grammar import ast
from eligo.terminology.codes import unreached
from eligo.terminology.linker import link

_CLASS_HEADS = frozenset(words("eligo.compiler.data", "class_heads"))
_KINDS = {"condition", "procedure", "event", "treatment"}


def _named(view: CriterionView, word: Phrase, noun: str, kind: str) -> str | None:
    """The concept the lexicon, or for a condition the terminology, names with the premodifier and
    the noun ("ocular infection", "eye infection"), else None; a near name is none ("chronic
    infection" is no chronic hepatitis C), nor one no record's code reaches."""
    organ = [f"{word.value} {noun}"] if word.value and word.value != word.text.lower() else []
    for text in [f"{word.text} {noun}", *organ]:
        concept = view.lexicon.lookup(text)
        if concept is not None and concept.kind == kind:
            return concept.id
        found = link(text, TERM_TYPES[:2]) if kind == "condition" else None
        if found is not None and found.how == "exact" and found.name and found.code:
            name = concept_name(found.name)
            if not unreached([ast.ConceptCode(id=name, name=found.name, code=found.code)]):
                return name
    return None


def _entity(node: ast.Node | None, span: tuple[int, int]) -> ast.EntityRef | None:
    """The one entity of a `has` or a count written at `span`, else None."""
    if isinstance(node, ast.Exists):
        entities = node.entities
    elif isinstance(node, ast.Count):
        entities = (node.entity,)
    else:
        return None
    hits = [
        e for e in entities if e.span is not None and e.span[0] < span[1] and span[0] < e.span[1]
    ]
    return hits[0] if len(hits) == 1 else None


def _member(node: ast.Node, span: tuple[int, int], concept: str) -> ast.Node:
    """`node` with the entity written at `span` (`_entity`) naming `concept` instead."""
    hit = _entity(node, span)
    assert hit is not None
    new = hit.model_copy(update={"concept": concept})
    if isinstance(node, ast.Count):
        return node.model_copy(update={"entity": new})
    assert isinstance(node, ast.Exists)
    return node.model_copy(
        update={"entities": tuple(new if e is hit else e for e in node.entities)}
    )


def shared_premodifiers(view: CriterionView, rule: ast.Node) -> ast.Node:
    """The rule with the second member of each "ADJ X or Y" narrowed by ADJ (see the module)."""
    mentions = sorted(view.mentions(0, view.sentences[-1][1], _KINDS), key=lambda m: m[1])
    for (first, s1, e1), (second, s2, e2) in zip(mentions, mentions[1:], strict=False):
        word = view.phrase_at("shared_premodifier", s1, e1)
        joint = view.phrase("coordinator", e1, s2)
        if (
            word is None
            or joint is None
            or first.type != second.type
            or len(first.text.split()) != 2
            or len(second.text.split()) != 1
            or second.text.isupper()  # "renal impairment or ESRD": an abbreviation names it whole
            or first.text.split()[-1].lower() in _CLASS_HEADS  # "acute diseases or infections"
            or (joint.start() - e1) + (s2 - joint.end()) > 2  # " or ", never ", or other"
        ):
            continue
        read: dict[bool, Atoms] = {}
        target = atom_at(view, rule, (s2, e2), True, read)
        member = _entity(target, (s2, e2))
        if member is None or member is _entity(atom_at(view, rule, (s1, e1), True, read), (s1, e1)):
            continue  # "renal impairment or failure" read as one name: nothing to narrow
        assert target is not None
        concept = _named(view, word, second.text, second.type)
        if concept is not None:
            new = _member(target, (s2, e2), concept)
        else:
            part = unresolved(
                "unsupported",
                f"{word.text!r} qualifies {second.text!r} too, which no concept names",
                word.span(),
            )
            new = narrowed(target, (s2, e2), part)
        rule = replaced(rule, target, new)
    return rule
