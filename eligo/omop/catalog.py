"""What a synthetic population must contain to exercise a set of protocols: concepts, values, units.

From the rules it reads: every concept a `has` names (by how it is used), the
code each is looked up by (`vocabulary.py`), and for every measured concept the
thresholds, units and categories its comparisons use, so the values drawn fall
on both sides of every threshold, in the rule's unit and in other units that
convert to it. The vocabulary rows follow OMOP's habits: a concept whose code
is MONDO but has a SNOMED CT cross-code is written as the SNOMED concept only
(OMOP has no MONDO), an ICD-10-CM cross-code as a non-standard concept that
"Maps to" it, and every concept gets a child concept (records coded with it
count through `concept_ancestor`) and an unrelated sibling (they must not).
For `X except Y` Y's concepts lie below X's standard concept (a record of that
may be a Y), and every record pool holds concept 0, an unmapped source code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eligo.datafiles import load_jsonl
from eligo.grammar import ast
from eligo.grammar.ordinal import spellings
from eligo.grammar.patient import Plausible
from eligo.omop.vocabulary import DEMOGRAPHIC, concept_codes, factors, omop_code
from eligo.terminology.codes import used_concepts

FIRST_ID = 2_000_000_001
DOMAINS = {
    "condition": "Condition",
    "treatment": "Drug",
    "procedure": "Procedure",
    "event": "Observation",
    "value": "Measurement",
}


@dataclass
class Measure:
    """A measured concept: the (unit, value) thresholds and the categories its rules compare
    with."""

    thresholds: set[tuple[str | None, float]] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)


@dataclass
class Catalog:
    concepts: list[tuple] = field(default_factory=list)  # concept rows
    relationships: list[tuple[int, int]] = field(
        default_factory=list
    )  # (source, standard): Maps to
    ancestors: list[tuple[int, int, int]] = field(
        default_factory=list
    )  # (ancestor, descendant, levels)
    pools: dict[str, list[int]] = field(
        default_factory=dict
    )  # record kind → concept ids to draw from
    measures: list[tuple[int, int | None, float, float | None, float | None, float | None]] = field(
        default_factory=list
    )
    categories: list[tuple[int, int]] = field(
        default_factory=list
    )  # (measurement concept id, value concept id)
    units: dict[str, int] = field(default_factory=dict)
    _ids: dict[tuple[str, str], int] = field(default_factory=dict)

    def concept(
        self, vocabulary: str, code: str, name: str, domain: str, standard: str | None = "S"
    ) -> int:
        key = (vocabulary, code)
        if key not in self._ids:
            self._ids[key] = FIRST_ID + len(self._ids)
            self.concepts.append(
                (self._ids[key], name[:255], domain, vocabulary, domain, standard, code)
            )
        return self._ids[key]


def _measures(protocols: list[ast.Protocol]) -> dict[str, Measure]:
    found: dict[str, Measure] = {}
    for protocol in protocols:
        for criterion in protocol.criteria:
            for node in ast.walk(criterion.rule):
                if (
                    isinstance(node, (ast.Compare, ast.InRange, ast.InSet))
                    and node.concept not in DEMOGRAPHIC
                ):
                    values = {
                        ast.Compare: lambda n: [n.value],
                        ast.InRange: lambda n: [n.low, n.high],
                        ast.InSet: lambda n: list(n.values),
                    }[type(node)](node)
                    measure = found.setdefault(node.concept, Measure())
                    for value in values:
                        if isinstance(value, ast.Quantity):
                            measure.thresholds.add((value.unit, float(value.value)))
                        else:
                            measure.categories.add(value.value)
    return found


def _other_unit(unit: str) -> tuple[str, float] | None:
    """Another unit the rule's unit converts from by a plain factor (10 mg/dL for 100 mg/L), for
    variety."""
    return next(
        (
            (code, factor)
            for code, factor in factors(unit)
            if code != unit and 1e-3 <= factor <= 1e3 and not code.startswith("{")
        ),
        None,
    )


def build(protocols: list[ast.Protocol]) -> Catalog:
    """The vocabulary rows and record pools for these protocols."""
    catalog = Catalog()
    plausible = {p.concept: p for p in load_jsonl("eligo.data", "plausible.jsonl", Plausible)}
    for sex, concept_id in (("FEMALE", 8532), ("MALE", 8507)):
        catalog.concepts.append((concept_id, sex, "Gender", "Gender", "Gender", "S", sex[0]))
    usage: dict[str, str] = {}
    codes: dict[str, ast.ConceptCode] = {}
    for protocol in protocols:
        for name, use in used_concepts(protocol).items():
            usage.setdefault(name, use)
        codes.update(concept_codes(protocol))
    measured = _measures(protocols)
    for kind in ("condition", "treatment", "procedure", "event", "value"):
        catalog.pools[kind] = []
    made: dict[str, tuple[int, int]] = {}  # a concept's standard and child ids
    for name in sorted(codes):
        concept, kind = codes[name], usage.get(name, "value")
        if concept.code is None or name in DEMOGRAPHIC:
            continue  # an uncoded concept has no OMOP concept: its atoms stay unknown
        domain = DOMAINS[kind]
        primary = omop_code(concept.code)
        snomed = next((omop_code(x) for x in concept.xrefs if x.startswith("SNOMED:")), None)
        if primary is None or (concept.code.startswith("MONDO:") and snomed is not None):
            primary = snomed
        if primary is None:
            continue
        standard = catalog.concept(*primary, concept.name, domain)
        child = catalog.concept(
            "Eligo synthetic", f"{primary[1]}-child", f"{concept.name} (narrower)", domain
        )
        sibling = catalog.concept(
            "Eligo synthetic", f"{primary[1]}-other", f"not {concept.name}", domain
        )
        catalog.ancestors.extend(
            [
                (standard, standard, 0),
                (child, child, 0),
                (sibling, sibling, 0),
                (standard, child, 1),
            ]
        )
        icd = next((omop_code(x) for x in concept.xrefs if x.startswith("ICD10CM:")), None)
        if icd is not None and icd != primary:
            catalog.relationships.append(
                (catalog.concept(*icd, concept.name, domain, None), standard)
            )
        if kind == "value":
            _measure(
                catalog, name, standard, child, measured.get(name, Measure()), plausible.get(name)
            )
        else:
            catalog.pools[kind].extend([standard, standard, child, sibling])
        made[name] = standard, child
    _exceptions(catalog, protocols, made)
    for ids in catalog.pools.values():
        if ids:
            ids.append(0)  # a record of an unmapped source code: it may be any concept
    return catalog


def _exceptions(
    catalog: Catalog, protocols: list[ast.Protocol], made: dict[str, tuple[int, int]]
) -> None:
    """For `X except Y`, Y's concepts below X's standard one: a record of that (X of no subtype)
    may be a Y, one of X's child cannot."""
    pairs = {
        (entity.concept, other)
        for protocol in protocols
        for criterion in protocol.criteria
        for entity in ast.walk(criterion.rule)
        if isinstance(entity, ast.EntityRef)
        for other in entity.excluding
    }
    for broad, narrow in sorted(pairs):
        if broad in made and narrow in made and made[broad] != made[narrow]:
            catalog.ancestors.extend((made[broad][0], under, 1) for under in made[narrow])


def _measure(
    catalog: Catalog,
    name: str,
    standard: int,
    child: int,
    measure: Measure,
    plausible: Plausible | None,
) -> None:
    """Value specs (concept, drawn unit, centre in it, upper limit of normal, low, high) of one
    measured concept."""
    specs: list[tuple[str | None, float, float | None, float | None, float | None]] = []
    if plausible is not None and plausible.integer:
        specs.append((None, 0.0, None, plausible.low, plausible.high))
    for unit, value in sorted(measure.thresholds, key=str):
        if plausible is not None:
            continue
        if unit in ("{ULN}", "{LLN}"):
            specs.append(
                (
                    None,
                    value * 40.0 if unit == "{ULN}" else value * 10.0,
                    40.0 if unit == "{ULN}" else 10.0,
                    None,
                    None,
                )
            )
            continue
        specs.append((unit, value, None, None, None))
        other = _other_unit(unit) if unit else None
        if other is not None:
            specs.append((other[0], value / other[1], None, None, None))
    if not specs and not measure.categories:
        specs.append((None, 1.0, None, None, None))
    for concept_id in (standard, child):
        for unit, centre, limit, low, high in specs:
            unit_id = (
                None
                if unit is None
                else catalog.units.setdefault(unit, catalog.concept("UCUM", unit, unit, "Unit"))
            )
            catalog.measures.append((concept_id, unit_id, centre, limit, low, high))
        levels = {
            spelling for category in measure.categories for spelling, _ in spellings(category)
        }
        for category in sorted(measure.categories | levels):
            catalog.categories.append(
                (concept_id, catalog.concept("Meas Value", category, category, "Meas Value"))
            )
