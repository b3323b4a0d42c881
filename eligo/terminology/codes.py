"""Concept identifiers of the rules bound to standard codes, and the hierarchy a patient record
falls under.

A rule names a concept by a readable identifier (`invasive_breast_cancer`,
`extrapulmonary_tuberculosis`). `bind` gives it a code: the hand lexicon's code
for its identifiers (`eligo/data/concepts.jsonl`), else the terminology
concept whose name or alias the identifier spells (identifiers of linked
concepts are slugs of their preferred names), of a type that fits how the rule
uses it; else none: an uncoded mention, never a guess. `concept_table` lists
every identifier a protocol's rules use with its code and cross-codes.

`record_codes` is what a patient record counts as: its own code (a record may
give one instead of, or with, a concept identifier: `ICD10CM:A18.0`,
`DRUGBANK:DB00780`, `LOINC:1742-6`), the code of its identifier, and everything
above them in the terminology (parents, drug classes, cross-coded equivalents).
`may_be` is what such a record may be without saying so: a concept below the
target, or overlapping it, is also below the record's code (a diabetes record of
unknown type may be type 1 diabetes; `Terminology.may_be`). `use_codes` are the condition
codes whose record says a drug is taken (Z79.4, long-term use of insulin).
No spaCy: `eligo.grammar`'s evaluator uses this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

from eligo.grammar import ast
from eligo.lexicon import Lexicon
from eligo.terminology.curated import code_parents
from eligo.terminology.store import Terminology

# the terminology types a concept may have, by how a rule uses it
USAGE_TYPES: dict[str, tuple[str, ...] | None] = {
    "condition": ("condition", "finding"),
    "treatment": ("drug", "drug_class", "procedure"),
    "procedure": ("procedure",),
    "event": None,
    "value": ("lab", "measure", "finding"),
}
DRUG_TYPES = frozenset({"drug", "drug_class"})
_HAND_SYSTEMS = {"loinc": "LOINC", "snomed": "SNOMED", "umls": "UMLS"}


@cache
def _entry(identifier: str, usage: str | None = None) -> tuple[str, str | None, tuple[str, ...]]:
    """(name, code or None, cross-codes) of an identifier: of a rule's concept, or of any name a
    patient record uses (which need not be a rule-language identifier: a record may call something
    `and`)."""
    hand = Lexicon.load().get(identifier)
    if hand is not None:
        xrefs = [f"{_HAND_SYSTEMS[s]}:{c}" for s, c in hand.codes.items()]
        if hand.code is not None:
            xrefs.extend(Terminology.load().xrefs(hand.code))
        return hand.name, hand.code, _others(hand.code, xrefs)
    types = USAGE_TYPES.get(usage) if usage else None
    term = Terminology.load().lookup(identifier.replace("_", " "), types)
    if term is None:
        return identifier.replace("_", " "), None, ()
    return term.name, term.code, _others(term.code, Terminology.load().xrefs(term.code))


def _others(code: str | None, xrefs: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({x for x in xrefs if x != code})) if code is not None else ()


@cache
def bind(identifier: str, usage: str | None = None) -> ast.ConceptCode:
    """The code of a rule's concept identifier (`usage`: a key of USAGE_TYPES, None for any)."""
    name, code, xrefs = _entry(identifier, usage)
    if code is None:
        return ast.ConceptCode(id=identifier, name=name)
    return ast.ConceptCode(id=identifier, name=name, code=code, xrefs=xrefs)


def used_concepts(protocol: ast.Protocol) -> dict[str, str]:
    """Each concept identifier the rules use, with how it is first used (a USAGE_TYPES key)."""
    used: dict[str, str] = {}
    for criterion in protocol.criteria:
        for node in ast.walk(criterion.rule):
            if isinstance(node, (ast.Compare, ast.InRange, ast.InSet)):
                used.setdefault(node.concept, "value")
            elif isinstance(node, ast.EntityRef):
                used.setdefault(node.concept, node.type)
                for other in node.excluding:
                    used.setdefault(other, node.type)
    return used


def concept_table(protocol: ast.Protocol) -> tuple[ast.ConceptCode, ...]:
    """The protocol's concepts, by identifier, each with its code (or none) and cross-codes."""
    return tuple(
        bind(identifier, usage) for identifier, usage in sorted(used_concepts(protocol).items())
    )


def without_subtypes(concepts: Iterable[ast.ConceptCode]) -> frozenset[str]:
    """The identifiers whose code the terminology holds but places nothing under, nor under a
    cross-coded equivalent: `has condition X` then matches records of X's own codes only, never a
    narrower condition ("chronic anemia" bound to a SNOMED code of the free subset, which has no
    hierarchy; a sigmoid volvulus under no "intestinal volvulus"). A hand-lexicon concept is left
    out: records reach it through its own `is_a`."""
    terminology, lexicon = Terminology.load(), Lexicon.load()
    return frozenset(
        c.id
        for c in concepts
        if c.code is not None
        and lexicon.get(c.id) is None
        and terminology.concept(c.code) is not None
        and not terminology.has_subtypes(c.code)
    )


# the code systems of the records hospitals keep: a condition, procedure or event none of their
# codes reaches matches only records that name Eligo's own concept
RECORD_SYSTEMS = frozenset({"ICD10CM", "SNOMED"})
# and of their medication records (RxNorm is read by its ingredient's name, a DrugBank drug)
TREATMENT_SYSTEMS = frozenset({"DRUGBANK", "ATC", "SNOMED"})
SYSTEMS_OF = {"treatment": TREATMENT_SYSTEMS}


def unreached(concepts: Iterable[ast.ConceptCode], usage: str = "condition") -> frozenset[str]:
    """The identifiers no code of a record of `usage` (ICD-10-CM or SNOMED CT; for a treatment
    DrugBank, ATC or SNOMED CT) reaches: without a code, or with one that no such code lies below
    or is cross-coded to (`Terminology.reached_from`)."""
    store, systems = Terminology.load(), SYSTEMS_OF.get(usage, RECORD_SYSTEMS)
    return frozenset(
        c.id for c in concepts if c.code is None or store.reached_from(c.code, systems) is None
    )


@lru_cache(maxsize=4096)
def record_codes(names: tuple[str, ...], code: str | None) -> frozenset[str]:
    """Every code a patient record counts as: its own, its terminology identifiers'
    (`extrapulmonary_tuberculosis`, `phenelzine`, `nardil`), and all above them. A hand-lexicon
    identifier (`liver_metastasis`) counts as itself and its `is_a` only, as it always did: a record
    names what it is about, and a metastasis of the trial's cancer is no other malignancy."""
    store = Terminology.load()
    lexicon = Lexicon.load()
    own = {code} if code else set()
    own.update(
        bound
        for name in names
        if lexicon.get(name) is None and (bound := _entry(name)[1]) is not None
    )
    found: set[str] = set()
    for each in own:
        found |= store.closure(each)
    return frozenset(found)


@lru_cache(maxsize=4096)
def unknown_code(code: str) -> bool:
    """Whether the terminology knows nothing of a record's code (an RxNorm code, a SNOMED CT code
    outside the Global Patient Set): a record named by it alone may be any concept."""
    return Terminology.load().concept(code) is None and record_codes((), code) == {code}


@lru_cache(maxsize=4096)
def read_as_group(code: str, target: str) -> bool:
    """Whether a record's code the terminology does not list, read as the group its characters
    begin with (ATC A10BA02 as A10BA, biguanides; `Terminology.closure`), may be `target`: a
    member of that group the store cannot name. Unlike a group code, it names one drug or
    condition, which may be `target`."""
    store = Terminology.load()
    return store.concept(code) is None and store.listed(code) and store.may_be(code, target)


@lru_cache(maxsize=1024)
def use_codes(target: str) -> tuple[str, ...]:
    """The condition codes whose record says the patient takes `target` (a drug or a class): a
    curated long-term-use code the terminology places under it (ICD-10-CM Z79.4 "Long term
    (current) use of insulin" under insulins, `code_parents.jsonl`). The OMOP query looks them up
    with the drug's own code, so its records count as the treatment there too."""
    store = Terminology.load()
    found = []
    for edge in code_parents():
        own = store.concept(edge.code)
        kinds = {c.type for p in edge.parents if (c := store.concept(p)) is not None}
        if own is not None and own.type in ("condition", "finding") and kinds & DRUG_TYPES:
            if target in store.closure(edge.code):
                found.append(edge.code)
    return tuple(sorted(found))


@lru_cache(maxsize=4096)
def may_be(names: tuple[str, ...], code: str | None, target: str) -> bool:
    """Whether a record (identifiers `names`, `code`) that does not count as `target` may still be
    one: its most specific codes (its own, its identifiers', the hand lexicon's too) are wider than
    or overlap `target` (`Terminology.may_be`): a diabetes record that does not say its type may be
    type 1, a record of type 2 diabetes cannot."""
    store = Terminology.load()
    own = {code} if code else set()
    own.update(bound for name in names if (bound := _entry(name)[1]) is not None)
    closures = {each: store.closure(each) for each in own}
    narrowest = [
        each
        for each in own
        if not any(each in closures[other] and other not in closures[each] for other in own)
    ]
    return any(store.may_be(each, target) for each in narrowest)


def counts_as(
    names: Iterable[str], code: str | None, concept: str, bound: ast.ConceptCode | None = None
) -> bool:
    """Whether a record (identifiers `names`, `code`) counts as a rule's concept: by identifier, or
    through the terminology when the concept has a code (`bound`: the protocol's binding of it, else
    `bind`)."""
    names = tuple(names)
    if concept in names:
        return True
    target = (bound or bind(concept)).code
    return target is not None and target in record_codes(names, code)
