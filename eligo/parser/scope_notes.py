"""Scope notes: a sentence that limits every criterion of a kind to one eye, limb or lesion.

"All ophthalmic exclusion criteria are applicable to the study eye only, unless stated otherwise"
is no criterion: it says that each eye criterion below it counts for the study eye alone. No record
tells one eye from the other, so such an item cannot decide on its own: it needs an unresolved part
that says so (kind 5l of the reviews). The note is read as a scope (`facts.CohortScope`, the shape
of a cohort heading) whose items are the criteria of its kind in the section it names ("exclusion
criteria"; both when it names none), from the note on, less those that name another side ("the
fellow eye"); the compiler conditions each on the scope (`eligo/compiler/cohort_scopes.py`) and
compiles the note itself to no rule. Which words make an item one of a kind ("retinal", "IOP" for
the eye) is data (`data/scope_kinds.jsonl`), as is the note's form (`data/scope_notes.jsonl`).
"""

from __future__ import annotations

import re

from eligo.annotations import CriterionItem
from eligo.datafiles import patterns, word_values, words
from eligo.facts import CohortScope
from eligo.phrases import alternation

_DATA = "eligo.parser.data"


def _kind_words(kind: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-])(?:{alternation(words(_DATA, kind, 'scope_kinds.jsonl'))})(?![\w-])", re.I
    )


def _note(text: str) -> re.Match[str] | None:
    return patterns(_DATA, "scope_notes.jsonl")["scope_note"].search(" ".join(text.split()))


def _scope(
    match: re.Match[str], note: int | None, span: tuple[int, int], later: list[CriterionItem]
) -> CohortScope | None:
    """The scope a note opens over the criteria `later` (those after it, by index)."""
    kinds = word_values(_DATA, "kind_names", "scope_kinds.jsonl")
    named = (match.group("kind") or "").lower().split()
    kind = next((str(kinds[word]) for word in named if word in kinds), None)
    section = (match.group("section") or "").lower() or next(
        (word for word in named if word in ("inclusion", "exclusion")), ""
    )
    otherwise = _kind_words("otherwise")
    of_kind = _kind_words(kind) if kind is not None else None
    items = tuple(
        number
        for number, item in enumerate(later)
        if number > (note if note is not None else -1)
        and (section not in ("inclusion", "exclusion") or item.kind == section)
        and (of_kind is None or of_kind.search(item.text))
        and not otherwise.search(item.text)
    )
    if not items:
        return None
    return CohortScope(label=match.group("scope"), span=span, items=items, heading=note)


def find_scope_notes(text: str, criteria: list[CriterionItem]) -> list[CohortScope]:
    """The scope notes of a protocol, written as criteria or as lines between them."""
    found = []
    for index, item in enumerate(criteria):
        before = criteria[index - 1].span[1] if index else 0
        between = _note(text[before : item.span[0]])
        if between is not None:  # a line the splitter left out; its items start at this criterion
            scope = _scope(between, None, (before, item.span[0]), criteria)
            if scope is not None:
                found.append(
                    scope.model_copy(update={"items": tuple(n for n in scope.items if n >= index)})
                )
        own = _note(item.text)
        if own is not None:
            scope = _scope(own, index, item.span, criteria)
            if scope is not None:
                found.append(scope)
    return [scope for scope in found if scope.items]
