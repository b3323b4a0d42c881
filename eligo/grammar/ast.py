"""The typed AST of the Eligo rule language (`eligo-rules/1`).

Every node is a frozen pydantic model; expressions form a discriminated union on
`kind`, so JSON in and out is lossless and a JSON Schema can be published. The
printer (`printer.py`) and the parser (`parse.py`) map these nodes to and from
canonical text, and `print(parse(text)) == text` for canonical text.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

FORMAT: Final = "eligo-rules/1"
WRITTEN = ("kind", "format")  # fields with a default that a JSON document must still write

Op = Literal["<", "<=", "=", "!=", ">=", ">"]
Number = int | float
# Words the grammar spells literally; an identifier (concept, anchor) may not be one of them.
RESERVED = frozenset(
    "eligo protocol source design phase allocation ratio masking control arm drugs endpoint "
    "abbreviation "
    "time_frame regimen dose route frequency days cycle inclusion exclusion at span and or "
    "not if then else "
    "in has any count interval within by before after during except unresolved concept code "
    "xrefs".split()
)


def _not_reserved(name: str) -> str:
    if name in RESERVED:
        raise ValueError(f"{name!r} is a keyword of the rule language, not an identifier")
    return name


Identifier = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80), AfterValidator(_not_reserved)
]
EntityType = Literal["condition", "treatment", "procedure", "event"]
Relation = Literal["before", "after", "during"]
UnresolvedReason = Literal[
    "vague", "consent", "judgement", "unsupported", "ambiguous", "no_content"
]
Attribute = Literal["grade", "status", "setting", "line", "severity"]


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _written(cls, data: Any, info: ValidationInfo) -> Any:
        """A JSON document (validated with context `{"document": True}`) writes every node's `kind`
        and its `format`, although the models default them (the JSON Schema requires them too)."""
        if info.context and info.context.get("document") and isinstance(data, dict):
            for name in WRITTEN:
                if name in cls.model_fields and name not in data:
                    raise ValueError(f'no "{name}" field')
        return data


def _absent(value: object) -> bool:
    return value is None


class Located(Node):
    """An atom of a rule that may say which words of the protocol it came from: `span`, character
    offsets `[start, end)` in the protocol text (provenance). The canonical text leaves spans out,
    and where a rule was written is not what it means: equality and hashing ignore the span, so
    `parse(print(x)) == x` holds."""

    if (
        TYPE_CHECKING
    ):  # each subclass declares the field last, where its JSON writes it; here for the type checker
        span: Span | None

    def _meaning(self) -> tuple[object, ...]:
        return tuple(value for name, value in self.__dict__.items() if name != "span")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._meaning() == other._meaning()

    def __hash__(self) -> int:
        return hash((type(self), self._meaning()))


Span = Annotated[
    tuple[int, int], Field(description="character offsets [start, end) in the protocol text")
]


# --- values -----------------------------------------------------------------


class Quantity(Node):
    """A number with an optional UCUM unit (`None` for scores, grades and counts)."""

    kind: Literal["quantity"] = "quantity"
    value: Number
    unit: str | None = Field(default=None, pattern=r"^\S+$", max_length=60)

    @field_validator("value")
    @classmethod
    def _finite(cls, value: Number) -> Number:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("a quantity must be a finite number")
        return value


class Category(Node):
    """An ordinal or categorical value: `"++"`, `"positive"`."""

    kind: Literal["category"] = "category"
    value: str = Field(min_length=1, max_length=200)


Value = Annotated[Quantity | Category, Field(discriminator="kind")]


# --- time -------------------------------------------------------------------


class Window(Located):
    """`op amount relation anchor`: e.g. within (<=) 4 wk before randomization."""

    op: Op
    amount: Quantity
    relation: Relation
    anchor: Identifier
    span: Span | None = Field(default=None, exclude_if=_absent)


class EntityRef(Located):
    """A condition, treatment, procedure or event concept, minus exceptions and filters."""

    type: EntityType
    concept: Identifier
    where: tuple[Filter, ...] = ()
    excluding: tuple[Identifier, ...] = ()
    span: Span | None = Field(default=None, exclude_if=_absent)


class Filter(Located):
    """A constraint on an entity's attribute: `grade > 1`, `status = "active"`."""

    attribute: Attribute
    op: Op
    value: Value
    span: Span | None = Field(default=None, exclude_if=_absent)


class AnchorPoint(Node):
    """A named index date of the patient record (randomization, first_dose, ...)."""

    kind: Literal["anchor"] = "anchor"
    anchor: Identifier


class EntityPoint(Node):
    """The start or end of the most recent matching entity."""

    kind: Literal["entity"] = "entity"
    edge: Literal["start", "end"]
    entity: EntityRef


TimePoint = Annotated[AnchorPoint | EntityPoint, Field(discriminator="kind")]


# --- expressions ----------------------------------------------------------------


class Compare(Located):
    """The latest observation of `concept` compared with a value."""

    kind: Literal["compare"] = "compare"
    concept: Identifier
    op: Op
    value: Value
    window: Window | None = None
    span: Span | None = Field(default=None, exclude_if=_absent)


class InRange(Located):
    """`low <= concept <= high`, bounds included."""

    kind: Literal["range"] = "range"
    concept: Identifier
    low: Value
    high: Value
    window: Window | None = None
    span: Span | None = Field(default=None, exclude_if=_absent)


class InSet(Located):
    """The concept's value is one of a set."""

    kind: Literal["member"] = "member"
    concept: Identifier
    values: tuple[Value, ...] = Field(min_length=1)
    window: Window | None = None
    span: Span | None = Field(default=None, exclude_if=_absent)


class Exists(Located):
    """Some entity of any of `entities` is on record (within `window` when given)."""

    kind: Literal["exists"] = "exists"
    entities: tuple[EntityRef, ...] = Field(min_length=1)
    window: Window | None = None
    span: Span | None = Field(default=None, exclude_if=_absent)


class Count(Located):
    """The number of matching entities compared with an integer."""

    kind: Literal["count"] = "count"
    entity: EntityRef
    window: Window | None = None
    op: Op
    value: int = Field(ge=0)
    span: Span | None = Field(default=None, exclude_if=_absent)


class Interval(Located):
    """The time from `start` to `end` compared with a duration."""

    kind: Literal["interval"] = "interval"
    start: TimePoint
    end: TimePoint
    op: Op
    amount: Quantity
    span: Span | None = Field(default=None, exclude_if=_absent)


class And(Node):
    kind: Literal["and"] = "and"
    args: tuple[Expr, ...] = Field(min_length=2)


class Or(Node):
    kind: Literal["or"] = "or"
    args: tuple[Expr, ...] = Field(min_length=2)


class Not(Node):
    kind: Literal["not"] = "not"
    arg: Expr


class If(Node):
    """`if condition then consequence [else alternative]`; without else, true when the condition is
    false."""

    kind: Literal["if"] = "if"
    condition: Expr
    then: Expr
    otherwise: Expr | None = None


class Unresolved(Located):
    """A criterion, or part of one, that cannot be executed: always unknown, never dropped."""

    kind: Literal["unresolved"] = "unresolved"
    reason: UnresolvedReason
    detail: str = Field(max_length=500)
    span: Span | None = Field(default=None, exclude_if=_absent)


Expr = Annotated[
    Compare | InRange | InSet | Exists | Count | Interval | And | Or | Not | If | Unresolved,
    Field(discriminator="kind"),
]


# --- protocol -----------------------------------------------------------------


class SourceSpan(Node):
    """Where a criterion or item stands in the protocol: `[start, end)` (end >= start) and 1-based
    line:col of start."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    col: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> SourceSpan:
        if self.end < self.start:
            raise ValueError("span end precedes its start")
        return self


class Criterion(Node):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=40)
    kind: Literal["inclusion", "exclusion"]
    text: str
    span: SourceSpan
    rule: Expr


class TimeFrame(Node):
    text: str
    window: Window | None = None


class Endpoint(Node):
    kind: Literal["primary", "secondary", "other"]
    name: str
    abbreviation: str | None = None
    time_frame: TimeFrame | None = None
    span: SourceSpan


class Regimen(Node):
    """One drug's dosing: dose per administration, route, frequency, days of the cycle, cycle
    length."""

    drug: str
    dose: Quantity | None = None
    route: str | None = Field(default=None, pattern=r"^[a-z][a-z_]*$")
    frequency: str | None = Field(default=None, pattern=r"^[A-Z0-9]+$")
    days: tuple[tuple[int, int], ...] | None = None
    cycle: Quantity | None = None
    span: SourceSpan


class Arm(Node):
    name: str
    drugs: tuple[str, ...] = ()


class Design(Node):
    phase: str | None = None
    allocation: Literal["randomized", "non_randomized", "single_arm"] | None = None
    ratio: str | None = Field(default=None, pattern=r"^\d+(:\d+)+$")
    masking: (
        Literal["open_label", "single_blind", "double_blind", "triple_blind", "quadruple_blind"]
        | None
    ) = None
    control: Literal["active", "placebo", "none", "historical", "dose_comparison"] | None = None
    arms: tuple[Arm, ...] = ()


# A code in a standard terminology, `SYSTEM:code`: MONDO:0018076, ICD10CM:A15-A19, LOINC:1920-8,
# DRUGBANK:DB08903.
Code = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*:[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)]


class ConceptCode(Node):
    """What a concept identifier of the rules stands for: its name and its code, or no code (an
    uncoded mention)."""

    id: Identifier
    name: str = Field(min_length=1, max_length=300)
    code: Code | None = None
    xrefs: tuple[Code, ...] = Field(
        default=(),
        description="the same concept in other systems (SNOMED CT, UMLS, ICD-10-CM, MeSH, ...)",
    )


class Protocol(Node):
    """A compiled protocol. Its JSON must name its `format`; its criterion ids are unique."""

    format: Literal["eligo-rules/1"] = FORMAT
    id: str
    source: str | None = None
    design: Design | None = None
    endpoints: tuple[Endpoint, ...] = ()
    regimens: tuple[Regimen, ...] = ()
    criteria: tuple[Criterion, ...] = Field(default=(), description="criterion ids are unique")
    concepts: tuple[ConceptCode, ...] = Field(
        default=(), description="every concept identifier the rules use, with its code"
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Protocol:
        seen: set[str] = set()
        for criterion in self.criteria:
            if criterion.id in seen:
                raise ValueError(f"criterion id {criterion.id} is used twice")
            seen.add(criterion.id)
        return self


for _model in (
    EntityRef,
    Filter,
    EntityPoint,
    Compare,
    InRange,
    InSet,
    Exists,
    Count,
    And,
    Or,
    Not,
    If,
    Criterion,
):
    _model.model_rebuild()


@cache
def fields(kind: type[Node]) -> tuple[str, ...]:
    """The field names of a node type, in order (pydantic builds `model_fields` anew on each
    access)."""
    return tuple(kind.model_fields)


def walk(node: Node) -> Iterator[Node]:
    """Every node under `node` (itself included), depth first, without recursion."""
    stack: list[object] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Node):
            yield current
            values = [getattr(current, name) for name in fields(type(current))]
            stack.extend(reversed([value for value in values if isinstance(value, (Node, tuple))]))
        elif isinstance(current, tuple):
            stack.extend(reversed(current))
