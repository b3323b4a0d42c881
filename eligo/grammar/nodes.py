"""The AST's foundations: the node base classes and the leaf nodes every part of a protocol uses.

`Node` (frozen, strict, writing `kind` and `format` in JSON documents) and `Located` (a node that
may carry its protocol span, ignored by equality), the identifiers and literals of the language,
the values (quantity, category), a time window and a source span; and the generic walk over any
node. The expressions and the protocol (`ast.py`) and the study design (`study.py`) build on
these; `ast.py` re-exports them as the AST's public surface.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)

FORMAT: Final = "eligo-rules/1"
WRITTEN = ("kind", "format")  # fields with a default that a JSON document must still write

Op = Literal["<", "<=", "=", "!=", ">=", ">"]
Number = Annotated[int, Strict()] | Annotated[float, Strict()]  # "1" in JSON is text, not a number
OFFSET_MAX: Final = 2**53 - 1  # the largest integer a JSON number carries exactly
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


def absent(value: object) -> bool:
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


Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX)]
Span = Annotated[
    tuple[Offset, Offset], Field(description="character offsets [start, end) in the protocol text")
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


class Window(Located):
    """`op amount relation anchor`: e.g. within (<=) 4 wk before randomization."""

    op: Op
    amount: Quantity
    relation: Relation
    anchor: Identifier
    span: Span | None = Field(default=None, exclude_if=absent)


class SourceSpan(Node):
    """Where a criterion or item stands in the protocol: `[start, end)` (end >= start) and 1-based
    line:col of start."""

    start: int = Field(ge=0, le=OFFSET_MAX)
    end: int = Field(ge=0, le=OFFSET_MAX)
    line: int = Field(ge=1, le=OFFSET_MAX)
    col: int = Field(ge=1, le=OFFSET_MAX)

    @model_validator(mode="after")
    def _ordered(self) -> SourceSpan:
        if self.end < self.start:
            raise ValueError("span end precedes its start")
        return self


@cache
def fields(kind: type[Node]) -> tuple[str, ...]:
    """The field names of a node type, in order (pydantic builds `model_fields` anew on each
    access)."""
    return tuple(kind.model_fields)


def _may_hold_node(annotation: Any) -> bool:
    """Whether a field of this type may hold a node: a node type, or a union, tuple or optional
    of one; a literal, a number, a string or a span never does (an unresolved name may)."""
    if isinstance(annotation, type):
        return issubclass(annotation, Node)
    origin = get_origin(annotation)
    if origin is Literal:
        return False
    if origin is Annotated:
        return _may_hold_node(get_args(annotation)[0])
    args = [arg for arg in get_args(annotation) if arg is not Ellipsis]
    return origin is None or not args or any(_may_hold_node(arg) for arg in args)


@cache
def node_fields(kind: type[Node]) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes, in order: what a walk or a rebuild visits
    (a span, a name or an operator never holds one, and every atom has a span)."""
    return tuple(
        name for name, info in kind.model_fields.items() if _may_hold_node(info.annotation)
    )


@cache
def _fields_backwards(kind: type[Node]) -> tuple[str, ...]:
    """`node_fields(kind)` last first: the order `walk` stacks them in."""
    return tuple(reversed(node_fields(kind)))


def walk(node: Node) -> Iterator[Node]:
    """Every node under `node` (itself included), depth first, without recursion."""
    stack: list[object] = [node]
    pop, push = stack.pop, stack.append
    while stack:
        current = pop()
        if isinstance(current, Node):
            yield current
            for name in _fields_backwards(type(current)):
                value = getattr(current, name)
                if isinstance(value, (Node, tuple)):
                    push(value)
        elif isinstance(current, tuple):
            stack.extend(reversed(current))
