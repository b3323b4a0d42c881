"""The pieces a sentence compiles to, and what every compiling step shares about them.

A `Part` is a compiled piece of a sentence with the text range it came from;
an `EntityHit` is an entity mention read as asserted (with its negation as the
compiler reads it). The passes (`passes/`) rewrite a `Draft`, the parts of one
sentence with the exceptions set aside so far, reading only the `Sentence`
(the criterion's view, the sentence's range, its windows and its setting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eligo import phrases
from eligo.compiler.provenance import locate
from eligo.datafiles import patterns, words
from eligo.facts import Mention
from eligo.grammar import ast

if TYPE_CHECKING:
    from eligo.compiler.view import CriterionView

ENTITY_TYPES = {"condition", "treatment", "procedure", "event"}
MEASURED_KINDS = {"demographic", "score", "observation"}
STATUS_WORDS = words("eligo.compiler.data", "status_words")
# the status words that judge a condition, which no record status holds (`passes/judged_statuses`)
JUDGED_STATUS_WORDS = frozenset(words("eligo.compiler.data", "judged_status_words"))


def qualifying(word: str) -> bool:
    """Whether a word narrows the mention it opens by route or status ("topical", "systemic",
    "uncontrolled"): a word the rule must use or report, never one a time or a lexicon phrase may
    take in silently."""
    return word.lower() in STATUS_WORDS or phrases.named("route", word)


# A bracket to step over ("(msec)", "(ANC)") after a value or a mention.
_ASIDE = re.compile(r"\s*(?:\([^()]*\)\s*)?")


def skip_aside(text: str, position: int) -> int:
    """Where the text goes on after `position`, past white space and one bracketed aside ("(s)",
    "(HR)")."""
    aside = _ASIDE.match(text, position)
    return aside.end() if aside else position


@dataclass(frozen=True)
class Part:
    """A compiled piece of the criterion with the text range it came from (its atoms located there
    unless they say otherwise); `entity` for `has`/`count`."""

    start: int
    end: int
    expr: ast.Node
    entity: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "expr", locate(self.expr, (self.start, self.end)))


@dataclass(frozen=True)
class EntityHit:
    """An entity mention in criterion coordinates, with its negation as the compiler reads it."""

    mention: Mention
    start: int
    end: int
    negated: bool


@dataclass(frozen=True)
class Sentence:
    """What a pass reads: the criterion, the sentence's range [start, end), its windows and its
    treatment setting."""

    view: CriterionView
    start: int
    end: int
    windows: tuple[tuple[ast.Window | ast.Unresolved, int, int], ...]
    setting: tuple[ast.Filter, ...]


@dataclass(frozen=True)
class Draft:
    """A sentence's parts as the passes rewrite them; `exceptions` its uncompiled exceptions, `held`
    parts that later passes leave as they are."""

    parts: tuple[Part, ...]
    exceptions: tuple[ast.Unresolved, ...] = ()
    held: tuple[Part, ...] = ()


def relative(span: tuple[int, int], base: int) -> tuple[int, int]:
    return span[0] - base, span[1] - base


def quantity(value, unit) -> ast.Quantity | ast.Category:
    if isinstance(value, str):
        return ast.Category(value=value)
    return ast.Quantity(value=value, unit=unit)


def quote(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def unresolved(reason: str, detail: str, span: tuple[int, int] | None = None) -> ast.Unresolved:
    return ast.Unresolved(reason=reason, detail=detail[:500], span=span)


# a calendar year ("initiated between 2015 and 2020"): a time the sentence writes itself
CALENDAR_YEAR = patterns("eligo.compiler.data", "time_cues.jsonl")["calendar_year"]


def at_screening(span: tuple[int, int] | None) -> ast.Window:
    """The window of a present state or use ("currently pregnant", "not receiving X"): the record at
    screening."""
    return ast.Window(
        op="<=",
        amount=ast.Quantity(value=0, unit="d"),
        relation="during",
        anchor="screening",
        span=span,
    )
