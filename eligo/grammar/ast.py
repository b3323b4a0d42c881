"""The typed AST of the Eligo rule language (`eligo-rules/1`).

Every node is a frozen pydantic model; expressions form a discriminated union on
`kind`, so JSON in and out is lossless and a JSON Schema can be published. The
printer (`printer.py`) and the parser (`parse.py`) map these nodes to and from
canonical text, and `print(parse(text)) == text` for canonical text.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

FORMAT = "eligo-rules/1"

Op = Literal["<", "<=", "=", "!=", ">=", ">"]
Number = int | float
# Words the grammar spells literally; an identifier (concept, anchor) may not be one of them.
RESERVED = frozenset(
    "eligo protocol source design phase allocation ratio masking control arm drugs endpoint abbreviation "
    "time_frame regimen dose route frequency days cycle inclusion exclusion at span and or not if then else "
    "in has any count interval within by before after during except unresolved concept code xrefs".split()
)


def _not_reserved(name: str) -> str:
    if name in RESERVED:
        raise ValueError(f"{name!r} is a keyword of the rule language, not an identifier")
    return name


Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80), AfterValidator(_not_reserved)]
EntityType = Literal["condition", "treatment", "procedure", "event"]
Relation = Literal["before", "after", "during"]
UnresolvedReason = Literal["vague", "consent", "judgement", "unsupported", "ambiguous", "no_content"]
Attribute = Literal["grade", "status", "setting", "line", "severity"]


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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


Value = Annotated[Union[Quantity, Category], Field(discriminator="kind")]


# --- time -------------------------------------------------------------------


class Window(Node):
    """`op amount relation anchor`: e.g. within (<=) 4 wk before randomization."""

    op: Op
    amount: Quantity
    relation: Relation
    anchor: Identifier


class EntityRef(Node):
    """A condition, treatment, procedure or event concept, minus exceptions and filters."""

    type: EntityType
    concept: Identifier
    where: tuple[Filter, ...] = ()
    excluding: tuple[Identifier, ...] = ()


class Filter(Node):
    """A constraint on an entity's attribute: `grade > 1`, `status = "active"`."""

    attribute: Attribute
    op: Op
    value: Value


class AnchorPoint(Node):
    """A named index date of the patient record (randomization, first_dose, ...)."""

    kind: Literal["anchor"] = "anchor"
    anchor: Identifier


class EntityPoint(Node):
    """The start or end of the most recent matching entity."""

    kind: Literal["entity"] = "entity"
    edge: Literal["start", "end"]
    entity: EntityRef


TimePoint = Annotated[Union[AnchorPoint, EntityPoint], Field(discriminator="kind")]


# --- expressions ----------------------------------------------------------------


class Compare(Node):
    """The latest observation of `concept` compared with a value."""

    kind: Literal["compare"] = "compare"
    concept: Identifier
    op: Op
    value: Value
    window: Window | None = None


class InRange(Node):
    """`low <= concept <= high`, bounds included."""

    kind: Literal["range"] = "range"
    concept: Identifier
    low: Value
    high: Value
    window: Window | None = None


class InSet(Node):
    """The concept's value is one of a set."""

    kind: Literal["member"] = "member"
    concept: Identifier
    values: tuple[Value, ...] = Field(min_length=1)
    window: Window | None = None


class Exists(Node):
    """Some entity of any of `entities` is on record (within `window` when given)."""

    kind: Literal["exists"] = "exists"
    entities: tuple[EntityRef, ...] = Field(min_length=1)
    window: Window | None = None


class Count(Node):
    """The number of matching entities compared with an integer."""

    kind: Literal["count"] = "count"
    entity: EntityRef
    window: Window | None = None
    op: Op
    value: int = Field(ge=0)


class Interval(Node):
    """The time from `start` to `end` compared with a duration."""

    kind: Literal["interval"] = "interval"
    start: TimePoint
    end: TimePoint
    op: Op
    amount: Quantity


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
    """`if condition then consequence [else alternative]`; without else, true when the condition is false."""

    kind: Literal["if"] = "if"
    condition: Expr
    then: Expr
    otherwise: Expr | None = None


class Unresolved(Node):
    """A criterion, or part of one, that cannot be executed: always unknown, never dropped."""

    kind: Literal["unresolved"] = "unresolved"
    reason: UnresolvedReason
    detail: str = Field(max_length=500)


Expr = Annotated[
    Union[Compare, InRange, InSet, Exists, Count, Interval, And, Or, Not, If, Unresolved],
    Field(discriminator="kind"),
]


# --- protocol -----------------------------------------------------------------


class SourceSpan(Node):
    """Where a criterion or item stands in the protocol: `[start, end)` and 1-based line:col of start."""

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
    """One drug's dosing: dose per administration, route, frequency, days of the cycle, cycle length."""

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
    masking: Literal["open_label", "single_blind", "double_blind", "triple_blind", "quadruple_blind"] | None = None
    control: Literal["active", "placebo", "none", "historical", "dose_comparison"] | None = None
    arms: tuple[Arm, ...] = ()


# A code in a standard terminology, `SYSTEM:code`: MONDO:0018076, ICD10CM:A15-A19, LOINC:1920-8, DRUGBANK:DB08903.
Code = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*:[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)]


class ConceptCode(Node):
    """What a concept identifier of the rules stands for: its name and its code, or no code (an uncoded mention)."""

    id: Identifier
    name: str = Field(min_length=1, max_length=300)
    code: Code | None = None
    xrefs: tuple[Code, ...] = Field(default=(), description="the same concept in other systems (SNOMED CT, UMLS, ICD-10-CM, MeSH, ...)")


class Protocol(Node):
    format: Literal["eligo-rules/1"] = FORMAT
    id: str
    source: str | None = None
    design: Design | None = None
    endpoints: tuple[Endpoint, ...] = ()
    regimens: tuple[Regimen, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    concepts: tuple[ConceptCode, ...] = Field(default=(), description="every concept identifier the rules use, with its code")


for _model in (EntityRef, Filter, EntityPoint, Compare, InRange, InSet, Exists, Count, And, Or, Not, If, Criterion):
    _model.model_rebuild()


def walk(node: Node):
    """Every node under `node` (itself included), depth first, without recursion."""
    stack: list = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Node):
            yield current
            stack.extend(reversed([getattr(current, name) for name in type(current).model_fields]))
        elif isinstance(current, tuple):
            stack.extend(reversed(current))
