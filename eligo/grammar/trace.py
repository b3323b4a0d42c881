"""Explanations of evaluated rules, as data and as text.

Every node of a rule leaves a `Trace`: its truth value, the facts it used (an
observation and its converted value, a record and whether it matched, an anchor
date, the age), why it is unknown when it is, and the traces of its parts.
`render()` writes the tree one line a node, facts indented under it. `traced()`
makes a node's trace for the evaluator, sharing what is the same for every
patient; `record_fact()` shows a matched record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from eligo.grammar import ast
from eligo.grammar.logic import Truth, TruthName, show
from eligo.grammar.patient import Condition, Entity, Treatment
from eligo.grammar.printer import expr_text

Source = Literal[
    "observation", "age", "sex", "anchor", "condition", "treatment", "procedure", "event", "review"
]


_RECORDS = frozenset({"condition", "treatment", "procedure", "event", "review"})


def _shown(value: float | str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


class Fact(BaseModel):
    """One value a node used."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    source: Source
    concept: str | None = Field(
        default=None, description="the observation's or record's concept, the anchor's name"
    )
    value: float | str | bool | None = None
    unit: str | None = None
    date: dt.date | None = Field(default=None, description="when observed, started or happened")
    end: dt.date | Literal["ongoing", "unknown"] | None = Field(
        default=None, description="a lasting record's end"
    )
    converted: float | None = Field(
        default=None, description="the value in the rule's unit, or as a multiple of ULN/LLN"
    )
    converted_unit: str | None = None
    attributes: dict[str, str | int | float] = Field(
        default_factory=dict, description="status, grade, ... and reference limits"
    )
    matched: TruthName | None = Field(
        default=None, description="whether a record matched the rule's entity and window"
    )
    note: str | None = None

    def render(self) -> str:
        text = (
            f"{self.source} {self.concept}"
            if self.source in _RECORDS
            else (self.concept or self.source)
        )
        if self.value is not None:
            text += f" = {_shown(self.value)}" + (f" {self.unit}" if self.unit else "")
        if self.source == "anchor":
            text += f" {self.date}" if self.date else ": no date"
        elif self.end is not None:
            text += (
                " (no dates)"
                if self.date is None and self.end == "unknown"
                else f" from {self.date or 'an unknown date'} until {self.end}"
            )
        elif self.date is not None:
            text += f" on {self.date}"
        if self.attributes:
            text += (
                " ("
                + ", ".join(f"{name} {_shown(value)}" for name, value in self.attributes.items())
                + ")"
            )
        if self.converted is not None:
            text += f" → {_shown(self.converted)}" + (
                f" {self.converted_unit}" if self.converted_unit else ""
            )
        if self.note:
            text += f"; {self.note}"
        if self.matched is not None:
            text += f": {self.matched}"
        return text


class Trace(BaseModel):
    """A node's truth value, the facts it used, and its parts' traces."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    rule: str
    value: TruthName
    reason: str | None = Field(
        default=None, description="why the value is what it is, above all when unknown"
    )
    facts: tuple[Fact, ...] = ()
    children: tuple[Trace, ...] = ()

    @property
    def truth(self) -> Truth:
        return None if self.value == "unknown" else self.value == "true"

    def lines(self, depth: int = 0, indent: str = "  ") -> list[tuple[str, TruthName | None]]:
        """The rendering line by line, each with its node's value (None for reasons and facts)."""
        margin = indent * depth
        lines: list[tuple[str, TruthName | None]] = [
            (f"{margin}{self.value:<7}  {self.rule}", self.value)
        ]
        notes = ([self.reason] if self.reason else []) + [fact.render() for fact in self.facts]
        lines.extend((f"{margin}{'':9}· {note}", None) for note in notes)
        for child in self.children:
            lines.extend(child.lines(depth + 1, indent))
        return lines

    def render(self, depth: int = 0) -> str:
        """One line a node (value, rule), its reason and facts under it, parts indented."""
        return "\n".join(text for text, _ in self.lines(depth))


# A node's text, by the node's identity (rules are frozen): written once, not once a patient. Each
# entry keeps its node alive, so an id is never reused while its entry stands.
_TEXTS: dict[int, tuple[ast.Node, str]] = {}
_MAX_TEXTS = 100_000


def _text(node: ast.Node) -> str:
    hit = _TEXTS.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    if len(_TEXTS) >= _MAX_TEXTS:
        _TEXTS.clear()
    text = expr_text(node)
    _TEXTS[id(node)] = (node, text)
    return text


# Traces without facts of their own whose parts (if any) are such traces too: the same for every
# patient (an unanswered `unresolved`, an `and` of them, ...), so made once and shared, by node,
# value, reason and parts. The cache keeps each shared trace alive, so the ids of parts in a key are
# never reused while it stands.
_SHARED: dict[tuple[int, Truth, str | None, tuple[int, ...]], tuple[ast.Node, Trace]] = {}
_SHARED_IDS: set[int] = set()


def traced(
    node: ast.Node,
    value: Truth,
    reason: str | None = None,
    facts: Iterable[Fact] = (),
    children: Iterable[Trace] = (),
) -> Trace:
    facts, children = tuple(facts), tuple(children)
    parts = tuple(id(child) for child in children)
    if facts or not _SHARED_IDS.issuperset(parts):
        return Trace(
            rule=_text(node), value=show(value), reason=reason, facts=facts, children=children
        )
    key = (id(node), value, reason, parts)
    hit = _SHARED.get(key)
    if hit is not None and hit[0] is node:
        return hit[1]
    if len(_SHARED) >= _MAX_TEXTS:
        _SHARED.clear()
        _SHARED_IDS.clear()
        return Trace(
            rule=_text(node), value=show(value), reason=reason, children=children
        )  # its parts were just let go
    trace = Trace(rule=_text(node), value=show(value), reason=reason, children=children)
    _SHARED[key] = (node, trace)
    _SHARED_IDS.add(id(trace))
    return trace


def record_fact(
    entity_type: str, record: Entity, matched: TruthName | None = None, note: str | None = None
) -> Fact:
    end = None
    if isinstance(record, (Condition, Treatment)):  # a lasting record: show how it ends
        end = record.end or ("ongoing" if record.ongoing else "unknown")
    attributes = {
        name: value
        for name in ("status", "grade", "severity", "line", "setting")
        if (value := getattr(record, name, None)) is not None
    }
    if record.is_a:
        attributes["is_a"] = ", ".join(record.is_a)
    return Fact(
        source=entity_type,
        concept=record.label,
        date=record.began,
        end=end,
        attributes=attributes,
        matched=matched,
        note=note,
    )
