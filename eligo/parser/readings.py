"""What the comparison scanners share: a reading of a number, a comparison found, a mention.

Why a module: thresholds, windows, bounds and the scan itself pass these records
between them, and the cues of time they all ask about (what a quantity is
measured from, "lasting", "for", "within": the table `data/time_cues.jsonl`)
are read the same way for each;
`criteria_mentions` and `criteria_facts` give a pipeline component the
criteria of a doc with their mentions, and place what it found in `doc.text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from spacy.tokens import Doc

from eligo.annotations import CriterionItem, Item
from eligo.datafiles import patterns
from eligo.lexicon import Lexicon
from eligo.parser.doc import text_of
from eligo.parser.quantities import Number, window_comparator
from eligo.parser.regions import group_by_region

TIME_CUES = patterns("eligo.parser.data", "time_cues.jsonl")


@dataclass
class ComparisonMatch:
    """A comparison found in a criterion, offsets relative to the criterion text."""

    kind: str  # "threshold" | "window"
    start: int
    end: int
    op: str
    value: int | float | str
    unit: str | None = None
    concept: str | None = None
    relation: str | None = None
    anchor: str | None = None
    joined: str | None = None  # a member of a pair of values: "and" / "or" (`pairs.py`)


@dataclass(frozen=True)
class MentionRef:
    """A lexicon concept named in the criterion (offsets relative to it)."""

    start: int
    end: int
    name: str
    kind: str


@dataclass
class NumberReading:
    """One number read with its comparator, range partner, unit and grade word."""

    number: Number
    values: list[Number]  # one value, or the two ends of a range
    code: str | None  # UCUM code of the unit
    prefix: tuple[str, int] | None  # (op, length of the comparator before the number)
    postfix: tuple[str, int] | None  # (op, length of the comparator after the unit)
    cursor: int  # end of the value(s) and unit
    cursor_post: int  # end of the postfix comparator, if any
    grade: re.Match | None  # "grade", "stage", "class" just before the number
    # end of the text the reading speaks of: its cursor, or the upper bound's unit ("2 to <12
    # years")
    reach: int = 0
    # the ops of a range's two ends: ">=" and "<=" unless a note excludes one ("between 50 kg
    # (inclusive) and 90 kg (exclusive)": ">=" and "<")
    ends: tuple[str, str] = (">=", "<=")

    def __post_init__(self):
        self.reach = max(self.reach, self.cursor_post)

    def bounds(self) -> list[tuple[str, int | float]]:
        """The (op, value) pairs of a range's two ends."""
        return [(self.ends[0], self.values[0].value), (self.ends[1], self.values[1].value)]

    @property
    def op(self) -> str | None:
        return self.prefix[0] if self.prefix else (self.postfix[0] if self.postfix else None)


def normal_op(symbol: str) -> str:
    return {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}.get(symbol, symbol)


def window_prefix(text: str, reading: NumberReading) -> str:
    """The comparator before a reading, lower case ("within the past"), or ""."""
    if reading.prefix is None:
        return ""
    return text[reading.number.start - reading.prefix[1] : reading.number.start].lower()


def is_window_only(prefix_text: str) -> bool:
    """A comparator that only windows have ("within", "in the past", "during the last")."""
    return bool(prefix_text) and window_comparator().fullmatch(prefix_text.strip()) is not None


@lru_cache(maxsize=1)
def _concept_names() -> dict[str, str]:
    """The lexicon's concept names by id, built once per process (not once per document)."""
    return {c.id: c.name for c in Lexicon.load()}


def criteria_mentions(doc: Doc) -> Iterator[tuple[CriterionItem, list[MentionRef]]]:
    """Each criterion of `doc` with the lexicon mentions inside it, offsets relative to the
    criterion."""
    names = _concept_names()
    criteria = doc._.criteria or []
    groups = group_by_region(
        [c.span for c in criteria], doc.ents, lambda ent: (ent.start_char, ent.end_char)
    )
    for criterion, entities in zip(criteria, groups):
        base = criterion.span[0]
        yield (
            criterion,
            [
                MentionRef(
                    ent.start_char - base,
                    ent.end_char - base,
                    names.get(ent.kb_id_, ent.text.lower()),
                    ent.label_,
                )
                for ent in entities
            ],
        )


Fact = TypeVar("Fact", bound=Item)


def criteria_facts(
    doc: Doc,
    find: Callable[[CriterionItem, list[MentionRef]], list[ComparisonMatch]],
    make: type[Fact],
    fields: tuple[str, ...],
) -> list[Fact]:
    """What `find` reads in each criterion of `doc` (given the criterion and its mentions), as
    `make` facts placed in `doc.text`, each with the criterion's id and the `fields` of what was
    found."""
    text = text_of(doc)
    facts = []
    for criterion, mentions in criteria_mentions(doc):
        base = criterion.span[0]
        for found in find(criterion, mentions):
            span = (base + found.start, base + found.end)
            values = {field: getattr(found, field) for field in fields}
            values["criterion"] = criterion.id
            facts.append(make(span=span, text=text[span[0] : span[1]], **values))
    return facts
