"""FHIR codings and Eligo's codes: which `system|code` is which `SYSTEM:code` of the terminology.

A FHIR record names what it is about by a CodeableConcept: codings in code
systems known by URI (`http://snomed.info/sct|254837009`). Eligo's terminology
names concepts `SNOMED:254837009`, `ICD10CM:C50`, `LOINC:1742-6`,
`DRUGBANK:DB01006`. `read_coding` translates one coding and says whether the
terminology knows it: a code it does not know could be anything, so the caller
must treat the record as unknown, never as "some other thing". RxNorm has no
crosswalk in the terminology; an RxNorm ingredient is read by its display name
through DrugBank's names (RxNorm's ingredient names are the generic names
DrugBank uses; a clinical drug, "letrozole 2.5 MG Oral Tablet", by the words
before its strength), and a coding without a usable name stays unmapped. An
ICD-10-CM or ATC code the terminology does not list is read as it is when a group it begins with
is listed (ATC J07BD52 in J07, `Terminology.listed`), as the evaluator counts it. A
code of another system the terminology lacks (it holds SNOMED CT's Global
Patient Set, not all of SNOMED CT) is read by its display where that is exactly
a name or alias of a concept of the right type ("Prediabetes"), and says so.

Concepts that have no code in any public system (Eligo's curated ones:
`measurable_lesion`, `investigational_agent`) travel as codes of Eligo's own
code system (`LOCAL_SYSTEM`), whose codes are the rule language's identifiers
and mean there exactly what they mean in an `eligo-patient/1` record.

`write_name` is the other direction, for the twins (`twin.py`): a concept
identifier as a public code only where that is lossless, i.e. where a record
coded so counts as exactly what a record naming the identifier counts as
(`eligo.terminology.codes.record_codes`); otherwise as a local code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from eligo.datafiles import load_jsonl
from eligo.frozen import Frozen
from eligo.lexicon import Lexicon
from eligo.terminology.codes import USAGE_TYPES, bind
from eligo.terminology.store import Terminology

LOCAL_SYSTEM = "https://eligo.dev/fhir/CodeSystem/concept"
UCUM = "http://unitsofmeasure.org"
_NAME = r"^[a-z][a-z0-9_]*$"


class System(Frozen):
    """A code system Eligo reads (`data/systems.jsonl`)."""

    prefix: str
    uri: str
    name: str
    standard: bool
    aliases: tuple[str, ...] = ()


class Value(Frozen):
    """A categorical result and the SNOMED CT qualifier value that writes it
    (`data/values.jsonl`)."""

    value: str
    system: str
    code: str
    display: str


@lru_cache(maxsize=1)
def systems() -> tuple[System, ...]:
    return tuple(load_jsonl("eligo.fhir.data", "systems.jsonl", System))


@lru_cache(maxsize=1)
def _by_uri() -> dict[str, System]:
    return {uri.rstrip("/"): s for s in systems() for uri in (s.uri, *s.aliases)}


@lru_cache(maxsize=1)
def _by_prefix() -> dict[str, System]:
    return {s.prefix: s for s in systems()}


@lru_cache(maxsize=1)
def values() -> tuple[Value, ...]:
    return tuple(load_jsonl("eligo.fhir.data", "values.jsonl", Value))


@lru_cache(maxsize=1)
def _lexicon_codes() -> frozenset[str]:
    """Codes the hand lexicon gives its concepts (some LOINC codes are there and in no vocabulary
    file)."""
    prefixes = {"loinc": "LOINC", "snomed": "SNOMED", "umls": "UMLS"}
    found = set()
    for concept in Lexicon.load():
        if concept.code:
            found.add(concept.code)
        found.update(f"{prefixes[s]}:{c}" for s, c in concept.codes.items())
    return frozenset(found)


@lru_cache(maxsize=1)
def _hand_identifiers() -> dict[str, str]:
    """The hand lexicon's identifier of each code that exactly one of its concepts has."""
    by_code: dict[str, list[str]] = {}
    for concept in Lexicon.load():
        if concept.code:
            by_code.setdefault(concept.code, []).append(concept.id)
    return {code: ids[0] for code, ids in by_code.items() if len(ids) == 1}


def hand_identifier(code: str) -> str | None:
    """The hand-lexicon identifier coded `code` (`LOINC:89247-1` is `ecog`): a reading named so is
    checked for plausibility (`eligo/data/plausible.jsonl`) like one written with the identifier."""
    return _hand_identifiers().get(code)


@dataclass(frozen=True)
class Read:
    """One coding read: an Eligo identifier (local system), a terminology code, or why neither."""

    identifier: str | None = None
    code: str | None = None
    problem: str | None = None
    note: str | None = None  # how it was read, when not by its code


def shown(system: str | None, code: str | None) -> str:
    """How a coding is named in a message: `SNOMED CT 254837009`, or its URI when Eligo does not
    know the system."""
    known = _by_uri().get((system or "").rstrip("/"))
    return f"{known.name if known else system or '(no system)'} {code or '(no code)'}"


def read_coding(
    system: str | None, code: str | None, display: str | None = None, usage: str | None = None
) -> Read:
    """What one coding names in Eligo's terms, or why it cannot be mapped (`usage`: how the record
    is used, a key of `eligo.terminology.codes.USAGE_TYPES`, which types a name may stand for)."""
    if not code:
        return Read(problem="a coding without a code")
    system = (system or "").rstrip("/")
    if system == LOCAL_SYSTEM:
        # Eligo's own identifiers mean what they mean in eligo-patient/1, coded or not
        return (
            Read(identifier=code)
            if re.match(_NAME, code) and len(code) <= 80
            else Read(problem="not an Eligo identifier")
        )
    known = _by_uri().get(system)
    if known is None:
        return Read(problem="a code system Eligo does not read")
    if known.prefix == "RXNORM":
        drug = next(
            (
                d
                for name in _ingredient_names(display)
                if (d := Terminology.load().lookup(name, ("drug",)))
            ),
            None,
        )
        if drug is None:
            return Read(
                problem="RxNorm is read by the ingredient's name, and none names a drug the "
                "terminology knows"
            )
        return Read(code=drug.code)
    eligo = f"{known.prefix}:{code}"
    if Terminology.load().listed(eligo) or eligo in _lexicon_codes():
        return Read(code=eligo)
    named = _by_name(display, usage)
    if named is None:
        return Read(problem="not in the terminology" + (", nor its name" if display else ""))
    return Read(
        code=named.code,
        note=f"{known.name} {code} is not in the terminology: read by its name {display!r} as "
        f"{named.code} ({named.name})",
    )


def _by_name(display: str | None, usage: str | None):
    """The concept whose name or alias is exactly the display, without SNOMED CT's semantic tag
    ("(disorder)")."""
    if not display:
        return None
    name = re.sub(
        r"\s*\((?:disorder|finding|procedure|situation|morphologic abnormality|observable "
        r"entity|regime/therapy)\)$",
        "",
        display.strip(),
    )
    return Terminology.load().lookup(name, USAGE_TYPES.get(usage) if usage else None)


def _ingredient_names(display: str | None) -> list[str]:
    """The names an RxNorm display may give its ingredient: all of it ("letrozole"), or the words
    before the strength of a clinical drug ("letrozole 2.5 MG Oral Tablet")."""
    if not display:
        return []
    released = re.sub(
        r"^\d+ HR ", "", display.strip()
    )  # "24 HR metformin ... Extended Release Oral Tablet"
    before_strength = re.split(r"\s+(?=\d)", released, maxsplit=1)[0]
    return list(dict.fromkeys((display, before_strength)))


def coding(eligo_code: str, display: str | None = None) -> dict:
    """A terminology code (`SNOMED:254837009`) as a FHIR coding."""
    prefix, _, code = eligo_code.partition(":")
    written = {"system": _by_prefix()[prefix].uri, "code": code}
    return written | ({"display": display} if display else {})


def local_coding(identifier: str) -> dict:
    return {"system": LOCAL_SYSTEM, "code": identifier, "display": identifier.replace("_", " ")}


@lru_cache(maxsize=4096)
def public_code(identifier: str) -> str | None:
    """The public code that stands for a concept identifier without changing what a record of it
    counts as.

    A terminology-linked identifier counts as its code and everything above (`record_codes`), so any
    code of the same closure will do, a standard system's first. A hand-lexicon identifier counts as
    itself only, so a code will do only where nothing lies above it. None: no such code (the
    identifier travels locally)."""
    own = bind(identifier).code
    prefix = own.partition(":")[0] if own else None
    if own is None or prefix not in _by_prefix():
        return None
    store = Terminology.load()
    closure = store.closure(own)
    if Lexicon.load().get(identifier) is not None and closure != store.equivalents(own):
        return None
    candidates = [own, *sorted(store.equivalents(own) - {own})]
    usable = [
        c
        for c in candidates  # a code read_coding reads back by its code, that counts as the same
        if c.partition(":")[0] in _by_prefix()
        and (store.concept(c) is not None or c in _lexicon_codes())
        and store.closure(c) == closure
    ]
    usable.sort(key=lambda c: not _by_prefix()[c.partition(":")[0]].standard)
    return usable[0] if usable else None
