"""Pass: "Pregnant women", "Pregnancy, breastfeeding or lactating": a state named without a history cue is the state
at screening, whether a copula, a bare noun, an adjective or a list carries it (`data/states.jsonl` lists the states)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from eligo import phrases
from eligo.compiler.logic import exists_of
from eligo.compiler.names import lexicon_concept
from eligo.compiler.parts import Draft, Part, Sentence, at_screening
from eligo.datafiles import load_jsonl
from eligo.grammar import ast


class State(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    concept: str


@lru_cache(maxsize=1)
def states() -> frozenset[str]:
    return frozenset(state.concept for state in load_jsonl("eligo.compiler.data", "states.jsonl", State))


def current_states(draft: Draft, sentence: Sentence) -> Draft:
    view = sentence.view
    if view.cues("history", sentence.start, sentence.end) or phrases.pattern("past").search(view.text, sentence.start, sentence.end):
        return draft
    result = []
    for part in draft.parts:
        found = exists_of(part.expr) if part.entity else None
        if found is not None and found.window is None and all(e.type == "condition" and lexicon_concept(e.concept) in states() for e in found.entities):
            first = min((e.span[0] for e in found.entities if e.span is not None), default=part.start)
            dated = found.model_copy(update={"window": at_screening((first, first))})  # no words say it: an empty span
            part = Part(part.start, part.end, ast.Not(arg=dated) if isinstance(part.expr, ast.Not) else dated, part.entity)
        result.append(part)
    return replace(draft, parts=tuple(result))
