"""The typed AST of the Eligo rule language (`eligo-rules/1`).

Every node is a frozen pydantic model; expressions form a discriminated union on
`kind`, so JSON in and out is lossless and a JSON Schema can be published. The
printer (`printer.py`) and the parser (`parse.py`) map these nodes to and from
canonical text, and `print(parse(text)) == text` for canonical text.

This module is the AST's public surface: it holds the entities, time points,
expressions, criteria and the protocol, and re-exports the node base classes and
leaf values (`nodes.py`) and the study design (`study.py`), so that every model is
`eligo.grammar.ast.X`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from eligo.grammar.nodes import FORMAT as FORMAT
from eligo.grammar.nodes import RESERVED as RESERVED
from eligo.grammar.nodes import WRITTEN as WRITTEN
from eligo.grammar.nodes import Attribute as Attribute
from eligo.grammar.nodes import Category as Category
from eligo.grammar.nodes import EntityType as EntityType
from eligo.grammar.nodes import Identifier as Identifier
from eligo.grammar.nodes import Located as Located
from eligo.grammar.nodes import Node as Node
from eligo.grammar.nodes import Number as Number
from eligo.grammar.nodes import Op as Op
from eligo.grammar.nodes import Quantity as Quantity
from eligo.grammar.nodes import Relation as Relation
from eligo.grammar.nodes import SourceSpan as SourceSpan
from eligo.grammar.nodes import Span as Span
from eligo.grammar.nodes import UnresolvedReason as UnresolvedReason
from eligo.grammar.nodes import Value as Value
from eligo.grammar.nodes import Window as Window
from eligo.grammar.nodes import absent
from eligo.grammar.nodes import fields as fields
from eligo.grammar.nodes import node_fields as node_fields
from eligo.grammar.nodes import walk as walk
from eligo.grammar.study import Arm as Arm
from eligo.grammar.study import Design as Design
from eligo.grammar.study import Endpoint as Endpoint
from eligo.grammar.study import Regimen as Regimen
from eligo.grammar.study import TimeFrame as TimeFrame

# --- time -------------------------------------------------------------------


class EntityRef(Located):
    """A condition, treatment, procedure or event concept, minus exceptions and filters."""

    type: EntityType
    concept: Identifier
    where: tuple[Filter, ...] = ()
    excluding: tuple[Identifier, ...] = ()
    span: Span | None = Field(default=None, exclude_if=absent)


class Filter(Located):
    """A constraint on an entity's attribute: `grade > 1`, `status = "active"`."""

    attribute: Attribute
    op: Op
    value: Value
    span: Span | None = Field(default=None, exclude_if=absent)


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


class Observed(Located):
    """An atom about the observed value of one concept (`concept`), within `window` when given:
    what a comparison, a range and a set share."""

    kind: str
    concept: Identifier
    window: Window | None = None
    span: Span | None = Field(default=None, exclude_if=absent)


class Compare(Observed):
    """The latest observation of `concept` compared with a value."""

    kind: Literal["compare"] = "compare"
    op: Op
    value: Value


class InRange(Observed):
    """`low <= concept <= high`, bounds included: the latest observation lies between two
    values."""

    kind: Literal["range"] = "range"
    low: Value
    high: Value


class InSet(Observed):
    """The concept's value is one of a set."""

    kind: Literal["member"] = "member"
    values: tuple[Value, ...] = Field(min_length=1)


class Exists(Located):
    """Some entity of any of `entities` is on record (within `window` when given)."""

    kind: Literal["exists"] = "exists"
    entities: tuple[EntityRef, ...] = Field(min_length=1)
    window: Window | None = None
    span: Span | None = Field(default=None, exclude_if=absent)


class Count(Located):
    """The number of matching entities compared with an integer."""

    kind: Literal["count"] = "count"
    entity: EntityRef
    window: Window | None = None
    op: Op
    value: int = Field(ge=0)
    span: Span | None = Field(default=None, exclude_if=absent)


class Interval(Located):
    """The time from `start` to `end` compared with a duration."""

    kind: Literal["interval"] = "interval"
    start: TimePoint
    end: TimePoint
    op: Op
    amount: Quantity
    span: Span | None = Field(default=None, exclude_if=absent)


class Connective(Node):
    """Two or more expressions joined: what `and` and `or` share."""

    kind: str
    args: tuple[Expr, ...] = Field(min_length=2)


class And(Connective):
    kind: Literal["and"] = "and"


class Or(Connective):
    kind: Literal["or"] = "or"


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
    span: Span | None = Field(default=None, exclude_if=absent)


Expr = Annotated[
    Compare | InRange | InSet | Exists | Count | Interval | And | Or | Not | If | Unresolved,
    Field(discriminator="kind"),
]


# --- protocol -----------------------------------------------------------------


class Criterion(Node):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=40)
    kind: Literal["inclusion", "exclusion"]
    text: str
    span: SourceSpan
    rule: Expr


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
