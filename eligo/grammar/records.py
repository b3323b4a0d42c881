"""Which of a patient's records count as a rule's concept, worked out once per patient (for
`evaluate.py`).

A record counts as a concept by identifier (its concept or one of its `is_a`; an observation's
concept), or through the terminology when the concept has a code (the protocol's concept table, else
`eligo.terminology.codes.bind`), exactly as `eligo.terminology.codes.counts_as` says. A concept
without a code matches by identifier only, so its records come from an index of the list by name,
built once; a concept with a code scans the list, once. Either way the records keep their order in
the list.

A record that does not count as a concept may still be one (`may_be`): when its codes are wider
than the concept's or overlap it (a diabetes record of unknown type, a ketoacidosis of it, may be
type 1 diabetes), or it names the concept in its `may_be`. `Lookup.records` reads that for an
exception: such a record matches `X except Y` unknown, never true. A record whose code is read only
as the group its characters begin with (`read_as_group`) may be any concept of that group: it
matches the concept itself unknown, never false.
"""

from __future__ import annotations

from eligo.grammar import ast
from eligo.grammar.patient import Entity, Observation
from eligo.terminology.codes import bind, may_be, read_as_group, record_codes, unknown_code

RecordList = tuple[Entity, ...] | tuple[Observation, ...]


class RecordIndex:
    """One patient's records by concept, filled as rules ask (`concepts`: the protocol's concept
    table)."""

    def __init__(self, concepts: dict[str, ast.ConceptCode]):
        self.concepts = concepts
        self._names: dict[int, tuple[str, ...]] = {}
        self._targets: dict[str, str | None] = {}
        self._indexes: dict[str, dict[str, list[Entity | Observation]]] = {}
        self._counting: dict[tuple[str, str], list[Entity | Observation]] = {}

    def names_of(self, record: Entity | Observation) -> tuple[str, ...]:
        """The record's identifiers, sorted (its concept and `is_a`; an observation's concept)."""
        names = self._names.get(id(record))
        if names is None:
            found = (
                record.names()
                if not isinstance(record, Observation)
                else {record.concept}
                if record.concept is not None
                else set()
            )
            names = self._names[id(record)] = tuple(sorted(found))
        return names

    def target(self, concept: str) -> str | None:
        """The code a record's codes must include to count as `concept` (None: by identifier
        only)."""
        if concept not in self._targets:
            self._targets[concept] = (self.concepts.get(concept) or bind(concept)).code
        return self._targets[concept]

    def unreadable(self, record: Entity) -> bool:
        """Whether a record is named only by a code the terminology does not know: no rule can
        say it is not the rule's concept."""
        return not self.names_of(record) and record.code is not None and unknown_code(record.code)

    def read_as_group(self, record: Entity, concept: str) -> bool:
        """Whether a record named by a code the terminology does not list, only by the group its
        characters begin with, may be `concept` (`codes.read_as_group`: ATC A10BA02, a biguanide
        the store cannot name, for metformin)."""
        target = self.target(concept)
        return target is not None and record.code is not None and read_as_group(record.code, target)

    def may_be(self, record: Entity, concept: str) -> bool:
        """Whether a record that does not count as `concept` may still be one: it names it in
        `may_be`, or its codes are wider than or overlap the concept's (`codes.may_be`: a diabetes
        of unknown type, or a ketoacidosis of it, may be type 1 diabetes)."""
        if concept in record.may_be:
            return True
        target = self.target(concept)
        named = (record.concept,) if record.concept is not None else ()  # not its broader `is_a`
        return target is not None and may_be(named, record.code, target)

    def counts(self, record: Entity | Observation, concept: str) -> bool:
        """Whether a record counts as a rule's concept: by identifier, or through the terminology
        when the concept has a code (as `eligo.terminology.codes.counts_as`)."""
        names = self.names_of(record)
        if concept in names:
            return True
        target = self.target(concept)
        return target is not None and target in record_codes(names, record.code)

    def counting_as(
        self, kind: str, records: RecordList, concept: str
    ) -> list[Entity | Observation]:
        """The records of a recorded list (`kind`: a LISTS value or "observations") that count as
        `concept`, in order."""
        key = (kind, concept)
        found = self._counting.get(key)
        if found is None:
            if self.target(concept) is None:  # by identifier only: the index has them
                index = self._indexes.get(kind)
                if index is None:
                    index = self._indexes[kind] = {}
                    for record in records:
                        for name in self.names_of(record):
                            index.setdefault(name, []).append(record)
                found = index.get(concept, [])
            else:
                found = [r for r in records if self.counts(r, concept)]
            self._counting[key] = found
        return found
