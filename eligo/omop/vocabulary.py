"""Rule concepts and units as OMOP vocabulary rows: what the query looks up, and how it converts.

A rule names a concept by identifier; the protocol's concept table gives it a
code in Eligo's form (`SNOMED:56717001`, `ICD10CM:A15-A19`, `LOINC:4548-4`,
`MONDO:0018076`) and cross-codes. In an OMOP CDM a code is a `concept` row
(`vocabulary_id`, `concept_code`); `data/vocabularies.jsonl` says which Eligo
system is which vocabulary. The query looks a concept up by its own code first
and by its cross-codes only when the vocabulary lacks the code (OMOP has no
MONDO, but it has the SNOMED CT cross-code), follows "Maps to" to standard
concepts and takes their descendants (`concept_ancestor`). A concept with no
row at all is *unmapped*: its atoms are unknown, never false.

Units: measurements carry UCUM codes (`unit_concept_id` → a UCUM concept).
SQL cannot call pint, so each rule unit gets a table of linear factors from
every unit Eligo knows (`eligo.units.known_codes`) that converts to it.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from eligo.datafiles import load_jsonl
from eligo.grammar import ast
from eligo.omop.tables import USED
from eligo.terminology.codes import bind, use_codes, used_concepts
from eligo.units import UnitError, convert, known_codes

DEMOGRAPHIC = frozenset({"age", "sex"})


class Vocabulary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    system: str
    vocabulary_id: str


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, str]:
    """Eligo's code systems by their OMOP `vocabulary_id`s."""
    return {
        row.system: row.vocabulary_id
        for row in load_jsonl("eligo.omop.data", "vocabularies.jsonl", Vocabulary)
    }


def omop_code(code: str) -> tuple[str, str] | None:
    """(`vocabulary_id`, `concept_code`) of an Eligo code, None when its system has no OMOP
    vocabulary."""
    system, _, value = code.partition(":")
    vocabulary = vocabularies().get(system)
    return None if vocabulary is None else (vocabulary, value)


def eligo_code(vocabulary_id: str, concept_code: str) -> str | None:
    """The Eligo code of an OMOP concept, when its vocabulary is one of Eligo's systems."""
    system = next((s for s, v in vocabularies().items() if v == vocabulary_id), None)
    return None if system is None else f"{system}:{concept_code}"


def concept_codes(protocol: ast.Protocol) -> dict[str, ast.ConceptCode]:
    """Every concept the rules look up in the vocabulary (not age and sex), with its code and
    cross-codes."""
    table = {c.id: c for c in protocol.concepts}
    return {
        name: table.get(name) or bind(name, usage)
        for name, usage in sorted(used_concepts(protocol).items())
        if name not in DEMOGRAPHIC or usage != "value"
    }


def wanted(concepts: dict[str, ast.ConceptCode]) -> list[tuple[str, str, str, int]]:
    """(concept identifier, vocabulary_id, concept_code, priority) to look up: the code (0), then
    cross-codes (1); and, with either, the condition codes that say a drug is taken (`USED`:
    ICD-10-CM Z79.4 for insulin, `codes.use_codes`)."""
    rows = []
    for name, concept in concepts.items():
        codes = [(concept.code, 0)] if concept.code else []
        codes.extend((xref, 1) for xref in concept.xrefs)
        codes.extend((code, USED) for code in (use_codes(concept.code) if concept.code else ()))
        for code, priority in codes:
            found = omop_code(code)
            if found is not None:
                rows.append((name, *found, priority))
    return rows


@lru_cache(maxsize=256)
def factors(target: str) -> tuple[tuple[str, float], ...]:
    """(unit, factor) for each known UCUM unit that converts linearly to `target` (value ×
    factor)."""
    found = []
    for unit in sorted(known_codes() | {target}):
        try:
            factor, zero = convert(1.0, unit, target), convert(0.0, unit, target)
        except (
            UnitError,
            TypeError,
            ValueError,
        ):  # not convertible, or an offset unit (pint's TypeError)
            continue
        if zero == 0.0:
            found.append((unit, factor))
    return tuple(found)
