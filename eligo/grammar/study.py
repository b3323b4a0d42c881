"""The study design in the AST: endpoints and their time frames, dosing regimens, arms, design.

What a protocol says besides its eligibility criteria, compiled alongside them into the
`Protocol` (`ast.py`, which re-exports these as part of the AST's public surface).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from eligo.grammar.nodes import Node, Quantity, SourceSpan, Window


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
