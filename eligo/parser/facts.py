"""What the parser hands the compiler: per-criterion facts, spans in original coordinates.

The extracted lists of `eligo-gold/1` (criteria, thresholds, windows, endpoints,
interventions) say *what* was found; the compiler also needs *how it is said*:
which concepts are mentioned, whether they are negated, and the cues that make a
criterion conditional, an exception, a consent or judgement clause, or vague.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from eligo.annotations import Annotations, Criterion, Threshold, Window

CueCategory = Literal["conditional", "exception", "consent", "judgement", "vague", "history", "current"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mention(_Model):
    """A lexicon concept named in the text."""

    concept: str
    type: str
    span: tuple[int, int]
    text: str
    negated: bool = False


class Cue(_Model):
    category: CueCategory
    span: tuple[int, int]
    text: str


class CriterionFacts(_Model):
    criterion: Criterion
    thresholds: tuple[Threshold, ...] = ()
    windows: tuple[Window, ...] = ()
    mentions: tuple[Mention, ...] = ()
    cues: tuple[Cue, ...] = ()


class ProtocolFacts(_Model):
    """Everything the compiler needs about one protocol document."""

    document: str
    text: str
    annotations: Annotations
    criteria: tuple[CriterionFacts, ...] = ()
    design: dict | None = None
    abbreviations: tuple[tuple[str, str], ...] = ()
