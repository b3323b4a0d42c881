"""What the parser hands the compiler: typed, spaCy-free facts of a protocol, spans in original
coordinates.

This is the contract between the two stages; nothing here depends on spaCy, so
the compiler can be run (and tested) on hand-made facts. The gold format
(`annotations.py`) is an output view of these facts, not their model: a fact
has no don't-care flag and no optional meaning. Per criterion the facts say
*what* was found (thresholds, windows, concept mentions), *how it is said*
(negation, cues that make it conditional, an exception, consent, judgement or
vague) and *how it is written*: its sentences, the marks of its clauses and
brackets, and the phrases of the word lists that relate its facts ("only",
"treatment for", "expected to"), so that the compiler reads no text to find them.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from pydantic import Field

from eligo.annotations import Annotations, CriterionItem
from eligo.frozen import Frozen

Op = Literal["<", "<=", "=", "!=", ">=", ">"]
Number = int | float
CueCategory = Literal[
    "conditional", "exception", "consent", "judgement", "vague", "history", "current", "negation"
]
ListMode = Literal[
    "negated", "alternatives", "counted", "definition", "defined_alternatives", "scope", "washout"
]


class Span(NamedTuple):
    """Character offsets `[start, end)` into the protocol text."""

    start: int
    end: int

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)

    def contains(self, position: int) -> bool:
        return self.start <= position < self.end

    def overlaps(self, other: tuple[int, int]) -> bool:
        return self.start < other[1] and other[0] < self.end


class Mark(NamedTuple):
    """A character that bounds a clause or a bracket: `(` `)` `[` `]` `,` `;` `:`, or "t" for the
    word "then" (`eligo/structure.py`)."""

    position: int
    char: str


class Mention(Frozen):
    """A lexicon concept named in the text."""

    concept: str
    type: str
    span: Span
    text: str
    negated: bool = False


class Cue(Frozen):
    category: CueCategory
    span: Span
    text: str


class ThresholdFact(Frozen):
    """A comparison of a value: `op value unit`, of `concept` when the parser knows it."""

    span: Span
    text: str
    op: Op
    value: Number | str
    unit: str | None = None
    concept: str | None = None
    joined: Literal["and", "or"] | None = Field(
        default=None,
        description='a member of a pair of values written as one ("BP > 140/90 mmHg": systolic '
        "> 140, diastolic > 90, one span): how it joins the other member (eligo/parser/pairs.py)",
    )


class WindowFact(Frozen):
    """A time window: `op value unit relation anchor` ("within 4 weeks before randomization");
    `anchor` None when the text names no date; `concept`, the state named just before whose
    duration it is ("type 1 diabetes for at least 1 year"), when it is one."""

    span: Span
    text: str
    op: Op
    value: Number
    unit: str
    relation: Literal["before", "after", "during"]
    anchor: str | None = None
    concept: str | None = None


class PhraseFact(Frozen):
    """A phrase of a word list of `data/phrases.jsonl` (`eligo/phrases.py`) in the criterion's text:
    every place a phrase of the category starts at a word start, also where a longer one of the
    same category starts there too, so that the compiler can ask for the phrases of any range
    without reading the text again. `whole` is whether the phrase also ends at a word's end ("off"
    in "offer" is not whole: it counts only in a range that ends there)."""

    category: str
    span: Span
    value: str | None = None
    whole: bool = True


class CriterionFacts(Frozen):
    criterion: CriterionItem
    thresholds: tuple[ThresholdFact, ...] = ()
    windows: tuple[WindowFact, ...] = ()
    mentions: tuple[Mention, ...] = ()
    cues: tuple[Cue, ...] = ()
    words: tuple[
        Span, ...
    ] = ()  # content words: what the rule must account for (`eligo/parser/words.py`)
    phrases: tuple[PhraseFact, ...] = ()  # word-list phrases, by start (`eligo/phrases.py`)
    # the sentences of the criterion (none: it is one), and the marks of its clauses and brackets
    # (`eligo/structure.py`)
    sentences: tuple[Span, ...] = ()
    marks: tuple[Mark, ...] = ()

    def spans(self) -> list[Span]:
        """The spans of the mentions, thresholds and windows, in that order."""
        return (
            [m.span for m in self.mentions]
            + [t.span for t in self.thresholds]
            + [w.span for w in self.windows]
        )


class LeadIn(Frozen):
    """A lead-in criterion ("..., including any of the following:"), by index among the criteria,
    the indices of the items listed under it, and what it does to them (`eligo/parser/lists.py`)."""

    index: int
    items: tuple[int, ...]
    mode: ListMode


class CohortScope(Frozen):
    """A line that names a population or a group of the trial and ends in ":" ("Healthy
    volunteers:", "Part B (volunteers):", "Additionally, patients with X are excluded if:"), and
    the indices of the criteria it heads: up to the next such line or the end of its section
    (`eligo/parser/lists.py`), and the conditions it names. `heading` is the index of the line when
    the splitter made it a criterion of its own (a bullet, or a plain line without a colon before
    list items): it is then no rule. Without a heading and with one item, the span may lie in that
    item: a criterion that names its own group ("Inclusion criteria - applicable for T2DM group
    only: ...", "(applicable for healthy subjects only)"), whose words there are not compiled."""

    label: str
    span: Span
    items: tuple[int, ...]
    conditions: tuple[
        str, ...
    ] = ()  # the condition concepts the heading names ("Patients with type 2 diabetes:")
    heading: int | None = None


class ProtocolFacts(Frozen):
    """Everything the compiler needs about one protocol document."""

    document: str = Field(description="the source's name: file stem or registry id")
    text: str = Field(description="the protocol text every span of the facts points into")
    annotations: Annotations = Field(description="what the parser found, as the gold format")
    criteria: tuple[CriterionFacts, ...] = Field(default=(), description="one per criterion item")
    lead_ins: tuple[LeadIn, ...] = Field(default=(), description="lists and their lead-ins")
    cohorts: tuple[CohortScope, ...] = Field(default=(), description="population headings")
    design: dict | None = Field(default=None, description="the study design, as JSON")
    abbreviations: tuple[tuple[str, str], ...] = Field(
        default=(), description="(short form, long form) pairs the text defines"
    )
