"""Identifiers of the rule language for concepts and anchors written in prose.

A concept becomes its lexicon id when the lexicon knows it ("ECOG PS" → `ecog`),
else a snake_case slug of the text, which `eligo check` reports as unknown. An
anchor phrase ("the start of study treatment") becomes one of the index dates a
patient record holds (`first_dose`), from `data/anchors.jsonl`; an implicit
anchor ("in the past 6 months") is screening.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from eligo.compiler.parts import qualifying, relative
from eligo.datafiles import load_jsonl
from eligo.facts import Mention
from eligo.grammar.ast import RESERVED
from eligo.lexicon import Lexicon
from eligo.terminology.codes import bind
from eligo.terminology.linker import same_breadth
from eligo.terminology.store import Terminology

if TYPE_CHECKING:
    from eligo.compiler.view import CriterionView

IMPLICIT_ANCHOR = "screening"
# the terminology types a concept named in prose may have (`eligo.parser.name_overlaps.TERM_KINDS`)
TERM_TYPES = ("condition", "finding", "drug", "drug_class")


class AnchorRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    phrases: list[str]
    future: bool = False


class Family(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    members: list[str]


def slug(text: str) -> str:
    """A valid identifier of the rule language for any text."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    name = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:80].rstrip("_")
    if not name:
        return "unnamed"
    if not name[0].isalpha():
        name = "x_" + name
    return name + "_" if name in RESERVED else name


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"^(?:the|a|an)\s+", "", text.strip().lower()))


@lru_cache(maxsize=1)
def _anchor_rules() -> list[AnchorRule]:
    return load_jsonl("eligo.compiler.data", "anchors.jsonl", AnchorRule)


@lru_cache(maxsize=1)
def _anchors() -> dict[str, str]:
    table = {}
    for rule in _anchor_rules():
        table[rule.id.replace("_", " ")] = rule.id
        table.update((_key(phrase), rule.id) for phrase in rule.phrases)
    return table


@lru_cache(maxsize=1)
def _anchors_longest_first() -> tuple[tuple[re.Pattern, str], ...]:
    """Each anchor phrase as a whole-word pattern, with its index date, the longest first."""
    return tuple(
        (re.compile(rf"\b{re.escape(phrase)}\b"), identifier)
        for phrase, identifier in sorted(_anchors().items(), key=lambda item: -len(item[0]))
    )


@lru_cache(maxsize=4096)
def known_anchor(anchor: str | None) -> str | None:
    """The index date an anchor phrase names (the longest phrase it contains), else None
    (remembered: the windows of a batch name the same anchors again and again)."""
    if not anchor:
        return IMPLICIT_ANCHOR
    key = _key(anchor)
    known = _anchors()
    if key in known:
        return known[key]
    for pattern, identifier in _anchors_longest_first():
        if pattern.search(key):
            return identifier
    return None


def named_anchor(text: str) -> str | None:
    """The index date `text` is exactly a phrase of ("screening", "the screening visit"), else None;
    unlike `known_anchor`, words around it do not count."""
    return _anchors().get(_key(text))


def anchor_name(anchor: str | None) -> str:
    """The index date an anchor phrase names, else a slug of the phrase."""
    return known_anchor(anchor) or slug(_key(anchor or ""))


def future_anchor(identifier: str) -> bool:
    """Whether the index date lies after screening (first dose, randomization, ...)."""
    return any(rule.id == identifier and rule.future for rule in _anchor_rules())


@lru_cache(maxsize=1)
def _families() -> dict[str, frozenset[str]]:
    return {
        family.id: frozenset(family.members)
        for family in load_jsonl("eligo.compiler.data", "families.jsonl", Family)
    }


def members(concept: str) -> frozenset[str]:
    """The narrower concepts of a concept (those of `malignancy`: breast_cancer, ...)."""
    return _families().get(concept, frozenset())


@lru_cache(maxsize=1)
def _concepts_by_code() -> dict[str, str]:
    """The hand lexicon's concepts by code (the last of a code wins), built once per process."""
    return {concept.code: concept.id for concept in Lexicon.load() if concept.code}


@lru_cache(maxsize=4096)
def lexicon_concept(identifier: str) -> str | None:
    """The hand lexicon's concept an identifier stands for: itself, else the nearest lexicon concept
    above its code (`bacterial_infectious_disease` is an `infection`), so what the compiler knows of
    the lexicon's concepts (current states, families) holds for the subtypes mentions link to; None
    when no lexicon concept is above it."""
    if Lexicon.load().get(identifier) is not None:
        return identifier
    by_code = _concepts_by_code()
    code = bind(identifier).code
    for level in Terminology.load().levels(code) if code else ():
        found = sorted(by_code[c] for c in level if c in by_code)
        if found:
            return found[0]
    return None


@lru_cache(maxsize=65536)
def narrower(concept: str, broad: str) -> bool:
    """Whether `concept` is narrower than `broad`: a member of its family, or below its code in the
    terminology (a mention linked to the subtype its words name, "invasive breast carcinoma", is
    still one of `malignancy`)."""
    if concept in members(broad):
        return True
    inner, outer = bind(concept_name(concept)).code, bind(concept_name(broad)).code
    return (
        inner is not None
        and outer is not None
        and inner != outer
        and outer in Terminology.load().closure(inner)
    )


@lru_cache(maxsize=8192)
def concept_name(name: str) -> str:
    """The lexicon id of a concept named by id, preferred name or synonym, unless the terminology
    names those words as a concept above or below the lexicon's ("type 2 diabetes mellitus" is no
    synonym of diabetes: `linker.same_breadth`); else a slug."""
    concept = Lexicon.load().lookup(name)
    if concept is None or (
        concept.code and name != concept.id and same_breadth(name, concept.code, TERM_TYPES)
    ):
        return slug(name)
    return concept.id


def named_part(view: CriterionView, mention: Mention) -> tuple[int, int]:
    """The part of a mention its concept names, in criterion coordinates: without the leading route
    or status words ("systemic corticosteroids" linked to any corticosteroid, "uncontrolled
    infection" linked to any infection) that the concept's name does not carry, since the rule
    then reads every route or status and the word must stay an unresolved part (or a filter, which
    uses it)."""
    start, end = relative(mention.span, view.base)
    name = concept_name(mention.concept).replace("_", " ")
    at = start
    for word in re.finditer(r"[\w-]+", view.text[start:end]):
        if not qualifying(word.group()) or word.group().lower() in name:
            break
        at = start + word.end()
    if at == start or not view.text[at:end].strip():
        return start, end
    return at + len(view.text[at:end]) - len(view.text[at:end].lstrip()), end
