"""The `eligo-gold/1` document format: one model for gold and for predictions.

Gold annotations, what `eligo extract` prints and external corpora converted to
Eligo all use these models, so scoring is a comparison of two files. The format
is specified in `corpus/README.md` (after the project's `gold-format.md`):
spans are `[start, end)` code points into the document read as UTF-8 without
newline translation, and `text` must equal `document[start:end]`.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

from pydantic import Field, model_validator

from eligo.frozen import Frozen

FORMAT: Final = "eligo-gold/1"
ListName = Literal[
    "criteria", "thresholds", "windows", "endpoints", "interventions", "mentions", "relations"
]
LIST_NAMES: tuple[ListName, ...] = get_args(ListName)
MentionType = Literal["condition", "drug", "procedure", "measurement", "observation", "device"]
RelationKind = Literal["or", "qualifier", "temporal", "value", "negation"]
RELATION_KINDS: tuple[RelationKind, ...] = get_args(RelationKind)
# What a file that does not say `annotated` is taken to annotate: the lists of the format's first
# version (mentions and relations came later, and an older file's empty lists are not complete
# ones).
DEFAULT_ANNOTATED: tuple[ListName, ...] = LIST_NAMES[:5]
Op = Literal["<", "<=", "=", "!=", ">=", ">"]
Number = int | float


def _ordered(span: tuple[int, int], what: str) -> None:
    start, end = span
    if not 0 <= start <= end:
        raise ValueError(f"{what} {list(span)} is not an ordered [start, end)")


class Item(Frozen):
    """Anything with a span; `ignore` marks a don't-care region of gold."""

    span: tuple[int, int]
    text: str
    ignore: bool = False

    @model_validator(mode="after")
    def _span_ordered(self) -> Item:
        _ordered(self.span, "span")
        return self


class CriterionItem(Item):
    id: str
    kind: Literal["inclusion", "exclusion"]


class _Comparison(Item):
    """What thresholds and windows share: the criterion, the concept compared and how."""

    criterion: str | None = None
    concept: str | None = None
    op: Op | None = None


class ThresholdItem(_Comparison):
    value: Number | str | None = None
    unit: str | None = None


class WindowItem(_Comparison):
    value: Number | None = None
    unit: str | None = None
    relation: Literal["before", "after", "during"] | None = None
    anchor: str | None = None


class TimeFrameItem(Frozen):
    text: str
    op: Op | None = None
    value: Number | None = None
    unit: str | None = None
    anchor: str | None = None


class EndpointItem(Item):
    kind: Literal["primary", "secondary", "other"] | None = None
    name: str | None = None
    abbreviation: str | None = None
    time_frame: TimeFrameItem | None = None


class Amount(Frozen):
    value: Number
    unit: str | None = None


class InterventionItem(Item):
    name: str | None = None
    dose: Amount | None = None
    route: str | None = None
    frequency: str | None = None
    days: list[tuple[int, int]] | None = None
    cycle: Amount | None = None


class MentionItem(Item):
    """What a criterion is about: a condition, drug, procedure, measurement, ... a rule tests."""

    criterion: str | None = None
    type: MentionType | None = None


class RelationItem(Item):
    """A `head` mention tied to a `dependent` (another mention, a qualifier, a time, a value, a
    cue).

    `span` runs from the first start to the last end of the two.
    """

    criterion: str | None = None
    kind: RelationKind | None = None
    head: tuple[int, int] | None = None
    dependent: tuple[int, int] | None = None

    @model_validator(mode="after")
    def _ends_ordered(self) -> RelationItem:
        for what, span in (("head", self.head), ("dependent", self.dependent)):
            if span is not None:
                _ordered(span, what)
        if not self.ignore and (self.kind is None or self.head is None or self.dependent is None):
            raise ValueError("a relation needs kind, head and dependent (or ignore: true)")
        return self


class Annotations(Frozen):
    """One document's annotations in `eligo-gold/1`."""

    format: Literal["eligo-gold/1"] = FORMAT
    document: str
    annotated: list[ListName] = Field(default_factory=lambda: list(DEFAULT_ANNOTATED))
    criteria: list[CriterionItem] = Field(default_factory=list)
    thresholds: list[ThresholdItem] = Field(default_factory=list)
    windows: list[WindowItem] = Field(default_factory=list)
    endpoints: list[EndpointItem] = Field(default_factory=list)
    interventions: list[InterventionItem] = Field(default_factory=list)
    mentions: list[MentionItem] = Field(default_factory=list)
    relations: list[RelationItem] = Field(default_factory=list)

    def items(self, name: ListName) -> list[Item]:
        return getattr(self, name)

    def span_errors(self, text: str) -> list[str]:
        """Every item whose `text` differs from `text[start:end]`, as messages."""
        errors = []
        for name in LIST_NAMES:
            for index, item in enumerate(self.items(name)):
                start, end = item.span
                if end > len(text):
                    errors.append(
                        f"{name}[{index}]: span {list(item.span)} ends past the document "
                        f"({len(text)} code points)"
                    )
                elif text[start:end] != item.text:
                    errors.append(
                        f"{name}[{index}]: text {item.text!r} != document[{start}:{end}] "
                        f"{text[start:end]!r}"
                    )
        for index, relation in enumerate(self.relations):
            ends = [span for span in (relation.head, relation.dependent) if span is not None]
            if ends and relation.span != (min(s for s, _ in ends), max(e for _, e in ends)):
                errors.append(
                    f"relations[{index}]: span {list(relation.span)} does not run from the "
                    "first start to the last"
                    f" end of head {relation.head and list(relation.head)} and dependent"
                    f" {relation.dependent and list(relation.dependent)}"
                )
        return errors

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_defaults=False) + "\n"
