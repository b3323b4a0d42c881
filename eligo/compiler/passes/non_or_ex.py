"""Pass: "Non or ex-smokers (defined as stopped ≥ 1 month before)": "non" negates X only, "ex-X" and
its definition are the allowed alternative, so together they say "no current X": `not has X within
<the definition's time>` (at screening when no time is given). The definition is never negated."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.parts import Draft, Part, Sentence, at_screening
from eligo.grammar import ast

_NON_OR_EX = re.compile(r"\bnon[- ]?(?:\s*(?:or|/)\s*)ex-?\s*(?=[a-z])", re.I)
_LONGER = {">=": "<=", ">": "<"}


def non_or_ex(draft: Draft, sentence: Sentence) -> Draft:
    view = sentence.view
    match = _NON_OR_EX.search(view.text, sentence.start, sentence.end)
    if match is None:
        return draft
    named = view.lexicon.find(view.text[match.end() : sentence.end])
    if not named or named[0].start != 0 or named[0].concept.kind not in ("condition", "treatment"):
        return draft
    concept = named[0].concept
    stop = match.end() + named[0].end
    bracket = re.match(r"[\w-]*\s*\(", view.text[stop:])
    scope = view.text.find(")", stop) + 1 if bracket else stop
    scope = scope if scope > stop else stop
    window = next(
        (
            w
            for w, w_start, _ in sentence.windows
            if stop <= w_start < scope and isinstance(w, ast.Window) and w.op in _LONGER
        ),
        None,
    )
    # the window says the whole phrase: "non or ex-X (defined as ...)" is no X in that time
    recent = (
        window.model_copy(update={"op": _LONGER[window.op], "span": (match.start(), scope)})
        if window is not None
        else at_screening((match.start(), scope))
    )
    entity = ast.EntityRef(type=concept.kind, concept=concept.id, span=(match.start(), stop))
    node = ast.Not(arg=ast.Exists(entities=(entity,), window=recent))
    kept = [p for p in draft.parts if not match.start() <= p.start < scope]
    return replace(
        draft,
        parts=tuple(
            sorted([*kept, Part(match.start(), scope, node, entity=True)], key=lambda p: p.start)
        ),
    )
