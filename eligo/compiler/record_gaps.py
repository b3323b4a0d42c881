"""A concept the records hospitals keep cannot carry: no record of it is no evidence of absence.

`has X` is false for a patient without a record of X. That is sound only when a record could say
X: when some ICD-10-CM or SNOMED CT code (for a treatment a DrugBank, ATC or SNOMED CT code) lies
below X or is cross-coded to it, and when a narrower condition's record falls under X. For a local
concept no such code reaches (`childbearing_potential`, `blood_donation`, `measurable_lesion`:
`codes.unreached`, warned E220) or a condition whose code has nothing below it (`hearing_problem`,
whose H90.3 record does not match: `codes.without_subtypes`, warned E221), "not of childbearing
potential" would be true for every woman and "blood donation within 3 months" false for a donor
coded Z52.000. So each such `has` becomes `has X or unresolved unsupported "..."`, the unresolved
part located at the concept's words and saying why: a record naming X (Eligo's identifier or its
own code) still makes the atom true, and without one it is unknown, never false, under `not` too;
false only for a patient of the sex that cannot have X (the lexicon's `sex`: no man is of
childbearing potential, recorded or not), `has X or (sex = "female" and unresolved ...)`.

Why here, after the concept table, and not in the evaluator: the rule itself then says what no
record can decide, every engine (the explaining evaluator, the fast path, the OMOP SQL) honours it
as it honours any unresolved part, and the rules still run without the terminology that measured
the gap. Which concepts are gaps is the terminology's answer (`eligo.terminology.codes`), never a
list here; the warnings E220/E221 stay as they are and name the same concepts.
"""

from __future__ import annotations

from eligo.compiler.logic import either
from eligo.compiler.parts import unresolved
from eligo.grammar import ast
from eligo.lexicon import Lexicon
from eligo.terminology.codes import unreached, without_subtypes

# who keeps the codes of each kind of record, as the explanation names them
_SYSTEMS = {"treatment": "DrugBank, ATC or SNOMED CT"}


def _gaps(protocol: ast.Protocol) -> dict[tuple[str, str], str]:
    """Why each (type, concept) the rules require cannot be read from a missing record: no record
    code reaches it, or a narrower condition's record would not match it."""
    leaves = without_subtypes(protocol.concepts)
    types = {
        entity.type
        for criterion in protocol.criteria
        for node in ast.walk(criterion.rule)
        if isinstance(node, ast.Exists)
        for entity in node.entities
    }
    found: dict[tuple[str, str], str] = {}
    for kind in sorted(types):
        systems = _SYSTEMS.get(kind, "ICD-10-CM or SNOMED CT")
        for concept in sorted(unreached(protocol.concepts, kind)):
            found[kind, concept] = (
                f"no {systems} code reaches '{concept}': without a record naming it the patient "
                "may still have it"
            )
    for concept in sorted(leaves):
        found.setdefault(
            ("condition", concept),
            f"'{concept}' has no narrower code: a narrower condition's record would not match it",
        )
    return found


def _unknown(entity: ast.EntityRef, detail: str) -> ast.Node:
    """What a patient without a record of `entity` is: unknown, unless of the sex that cannot have
    it (`sex` of the lexicon: no man is of childbearing potential, recorded or not)."""
    part = unresolved("unsupported", detail, entity.span)
    hand = Lexicon.load().get(entity.concept)
    if hand is None or hand.sex is None:
        return part
    sex = ast.Compare(concept="sex", op="=", value=ast.Category(value=hand.sex), span=entity.span)
    return ast.And(args=(sex, part))


def _opened(node: ast.Node, gaps: dict[tuple[str, str], str]) -> ast.Node:
    """`node` with each `has` of a gap or-ed with an unresolved part per gap concept it names."""
    if isinstance(node, ast.Exists):
        parts = [
            _unknown(entity, gaps[entity.type, entity.concept])
            for entity in node.entities
            if (entity.type, entity.concept) in gaps
        ]
        opened: ast.Node = node
        for part in parts:
            opened = either(opened, part)
        return opened
    if isinstance(node, ast.And | ast.Or):
        args = tuple(_opened(arg, gaps) for arg in node.args)
        if all(a is b for a, b in zip(args, node.args)):
            return node
        if isinstance(node, ast.And):
            return ast.And(args=args)
        # an opened `has` joins its `or` as further alternatives
        flat = (a for arg in args for a in (arg.args if isinstance(arg, ast.Or) else (arg,)))
        return ast.Or(args=tuple(dict.fromkeys(flat)))
    if isinstance(node, ast.Not):
        arg = _opened(node.arg, gaps)
        return node if arg is node.arg else ast.Not(arg=arg)
    if isinstance(node, ast.If):
        condition, then = _opened(node.condition, gaps), _opened(node.then, gaps)
        otherwise = _opened(node.otherwise, gaps) if node.otherwise is not None else None
        if condition is node.condition and then is node.then and otherwise is node.otherwise:
            return node
        return ast.If(condition=condition, then=then, otherwise=otherwise)
    return node


def unknown_without_record(protocol: ast.Protocol) -> ast.Protocol:
    """The protocol with every `has` of a concept no record can carry made unknown for a patient
    with no record naming it (see the module docstring)."""
    gaps = _gaps(protocol)
    if not gaps:
        return protocol
    criteria = tuple(
        criterion.model_copy(update={"rule": _opened(criterion.rule, gaps)})
        for criterion in protocol.criteria
    )
    return protocol.model_copy(update={"criteria": criteria})
