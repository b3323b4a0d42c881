"""Pass: "Recurrent pancreatitis", "repeated hospitalisations": a condition or event named as
recurring right before it (`recurrence` phrases) happened at least twice, so the part counts its
records (`count(...) >= 2`) instead of asking for one, which would make a single episode enough.

Only where the words name no concept of their own (the terminology's "recurrent urinary tract
infections" is one mention, with no cue before it), only for one concept, and never for a
malignancy: a "recurrent" cancer is one that came back after treatment, not a count of diagnoses.
"""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import exists_of, with_polarity
from eligo.compiler.names import lexicon_concept, narrower
from eligo.compiler.parts import Draft, Part, Sentence
from eligo.grammar import ast

_COUNTED_TYPES = ("condition", "event")
_NOT_COUNTED = ("malignancy", "metastatic_disease")  # recurrence of a cancer is a relapse


def _counted(entity: ast.EntityRef) -> bool:
    return entity.type in _COUNTED_TYPES and not any(
        entity.concept == family
        or lexicon_concept(entity.concept) == family
        or narrower(entity.concept, family)
        for family in _NOT_COUNTED
    )


def _recounted(part: Part, sentence: Sentence) -> Part:
    found = exists_of(part.expr)
    if found is None or len(found.entities) != 1:
        return part
    entity = found.entities[0]
    if entity.span is None:
        return part
    cue = sentence.view.ending("recurrence", sentence.start, entity.span[0])
    if cue is None or not _counted(entity):
        return part
    count = ast.Count(entity=entity, window=found.window, op=">=", value=2)
    start = min(cue.start(), part.start)
    return Part(start, part.end, with_polarity(part.expr, count), part.entity)


def recurrences(draft: Draft, sentence: Sentence) -> Draft:
    return replace(draft, parts=tuple(_recounted(part, sentence) for part in draft.parts))
