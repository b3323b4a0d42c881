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

from pydantic import BaseModel, ConfigDict

from eligo.datafiles import load_jsonl
from eligo.grammar.ast import RESERVED
from eligo.lexicon import Lexicon

IMPLICIT_ANCHOR = "screening"


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
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
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


def known_anchor(anchor: str | None) -> str | None:
    """The index date an anchor phrase names (the longest phrase it contains), else None."""
    if not anchor:
        return IMPLICIT_ANCHOR
    key = _key(anchor)
    known = _anchors()
    if key in known:
        return known[key]
    for phrase, identifier in sorted(known.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", key):
            return identifier
    return None


def anchor_name(anchor: str | None) -> str:
    """The index date an anchor phrase names, else a slug of the phrase."""
    return known_anchor(anchor) or slug(_key(anchor or ""))


def future_anchor(identifier: str) -> bool:
    """Whether the index date lies after screening (first dose, randomization, ...)."""
    return any(rule.id == identifier and rule.future for rule in _anchor_rules())


@lru_cache(maxsize=1)
def _families() -> dict[str, frozenset[str]]:
    return {family.id: frozenset(family.members) for family in load_jsonl("eligo.compiler.data", "families.jsonl", Family)}


def members(concept: str) -> frozenset[str]:
    """The narrower concepts of a concept (those of `malignancy`: breast_cancer, ...)."""
    return _families().get(concept, frozenset())


def concept_name(name: str) -> str:
    """The lexicon id of a concept named by id, preferred name or synonym; else a slug."""
    concept = Lexicon.load().lookup(name)
    return concept.id if concept is not None else slug(name)
