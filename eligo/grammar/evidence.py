"""What the evaluator asks of a patient, each answer with the facts that explain it.

Anchor dates, the days a window selects, the readings that may be a concept's latest (or the
patient's age and sex), and whether each record matches an entity: worked out by
`lookup.Lookup` (shared with the fast evaluator), and here turned into the `Fact`s a trace shows,
made once per patient. The evaluator (`evaluate.py`) builds on this and judges the nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

from eligo.grammar import ast
from eligo.grammar.compare import compare_value
from eligo.grammar.logic import Truth, TruthName, show
from eligo.grammar.lookup import Lookup
from eligo.grammar.patient import Entity, Patient
from eligo.grammar.printer import window_text
from eligo.grammar.timeline import Region, overlaps, span
from eligo.grammar.trace import Fact, record_fact


@dataclass(frozen=True)
class Reading:
    """A value of the patient ready to compare, and the fact it comes from."""

    value: float | str
    unit: str | None
    fact: Fact
    uln: float | None = None
    lln: float | None = None


class Evidence:
    """A patient's anchors, windows, readings and records, as facts (the base of `Evaluator`)."""

    def __init__(
        self,
        patient: Patient,
        criterion_id: str | None = None,
        concepts: dict[str, ast.ConceptCode] | None = None,
        lookup: Lookup | None = None,
    ):
        self.patient = patient
        self.criterion_id = criterion_id
        self.look = lookup or Lookup(patient, concepts or {})
        self._anchors: dict[str, Fact] = {}  # an anchor's fact, by name
        self._facts: dict[
            tuple[int, str, TruthName | None, str | None], Fact
        ] = {}  # a record's fact, by record and match

    # --- windows
    # ------------------------------------------------------------------------------------
    def _anchor(self, name: str) -> Fact:
        fact = self._anchors.get(name)
        if fact is None:
            when = self.patient.anchors.get(name)
            fact = self._anchors[name] = Fact(source="anchor", concept=name, date=when)
        return fact

    def _region(
        self, window: ast.Window | None
    ) -> tuple[tuple[Region, ...] | None, list[Fact], str | None]:
        """The days a window selects, the anchor's fact, and why the days are unknown when they
        are."""
        if window is None:
            return None, [], None
        regions, why = self.look.regions(window)
        return regions, [self._anchor(window.anchor)], why

    # --- values
    # -------------------------------------------------------------------------------------
    def _readings(
        self, concept: str, window: ast.Window | None, unit: str | None
    ) -> tuple[list[Reading], bool, str | None, list[Fact]]:
        """The values that may be the latest of `concept`, whether one surely exists, why not, and
        context facts."""
        patient = self.patient
        if concept == "age":
            age = self.look.age(unit)
            if isinstance(age, str):
                born = patient.birth_date
                return [], False, age, [] if born is None else [self._anchor("screening")]
            value, counted = age
            born = patient.birth_date
            note = "as recorded" if born is None else f"born {born}"
            at = None if born is None else patient.anchors.get("screening")
            fact = Fact(source="age", value=value, unit=counted, date=at, note=note)
            return [Reading(value, counted, fact)], True, None, []
        if concept == "sex":
            if patient.sex is None:
                return [], False, "sex not recorded", []
            fact = Fact(source="sex", value=patient.sex)
            return [Reading(patient.sex, None, fact)], True, None, []
        latest, surely, missing = self.look.latest(concept, window)
        regions, facts, why = self._region(window)
        if missing == "observations":
            return [], False, "observations not recorded", []
        where = "" if window is None else f" {window_text(window)}"
        reason = {
            "window": why,
            "none": f"no {concept} observation{where}",
            "undated": f"undated {concept} observations: none surely{where}",
        }.get(missing or "")
        readings = [
            Reading(
                o.value,
                o.unit,
                Fact(
                    source="observation",
                    concept=o.label,
                    value=o.value,
                    unit=o.unit,
                    date=o.date,
                    attributes={
                        name: limit
                        for name, limit in (("ULN", o.uln), ("LLN", o.lln))
                        if limit is not None
                    },
                ),
                o.uln,
                o.lln,
            )
            for o in latest
        ]
        return readings, surely, reason, facts

    # --- records
    # ------------------------------------------------------------------------------------
    def _match(
        self,
        record: Entity,
        entity: ast.EntityRef,
        window: ast.Window | None,
        regions: tuple[Region, ...] | None,
    ) -> tuple[Truth, str | None]:
        """Whether a record meets the entity's filters and the window and is surely none of its
        exceptions (`Lookup.match`), and what is missing when unknown."""
        value = self.look.match(record, entity, window, regions)
        if value is not None:
            return value, None
        missing: list[str] = []
        other = self.look.doubtful(record, entity)
        if other is not None:
            missing.append(f"may be {other.replace('_', ' ')}")
        for constraint in entity.where:
            actual = getattr(record, constraint.attribute, None)
            if actual is None:
                missing.append(f"no {constraint.attribute} recorded")
            elif Lookup.filtered(record, constraint) is None:
                shown = actual if isinstance(actual, str) else float(actual)
                note = compare_value(shown, None, constraint.op, constraint.value).note
                missing += [note] if note else []
        dates = span(record.began, record.ended, record.ongoing)
        if window is not None and (regions is None or overlaps(dates, regions) is None):
            settled = "its dates do not settle the window"
            missing.append(f"no {window.anchor} date" if regions is None else settled)
        return value, "; ".join(missing) or None

    def _matches(
        self,
        entity: ast.EntityRef,
        window: ast.Window | None,
        regions: tuple[Region, ...] | None,
        facts: list[Fact],
    ) -> list[Truth] | None:
        """Each candidate record's match (None when the list is not recorded), its fact appended to
        `facts`."""
        records = self.look.records(entity)
        if records is None:
            return None
        verdicts = []
        for record in records:
            matched, note = self._match(record, entity, window, regions)
            verdicts.append(matched)
            facts.append(self._fact(entity.type, record, show(matched), note))
        return verdicts

    def _fact(
        self,
        entity_type: str,
        record: Entity,
        matched: TruthName | None = None,
        note: str | None = None,
    ) -> Fact:
        """A record's fact, made once per patient for each way it matched (records live as long as
        the patient)."""
        key = (id(record), entity_type, matched, note)
        fact = self._facts.get(key)
        if fact is None:
            fact = self._facts[key] = record_fact(entity_type, record, matched, note)
        return fact
