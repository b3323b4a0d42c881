"""Pass: windows no compiled part took ("Current pregnancy, < 6 months postpartum, and/or breastfeeding") become a
list item of their own, unresolved, so what they date is never dropped."""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.grammar import ast


def orphan_windows(draft: Draft, sentence: Sentence) -> Draft:
    orphans = []
    for window, w_start, w_end in sentence.windows:
        if not any(p.start <= w_start < p.end or p.start < w_end <= p.end for p in draft.parts):
            detail = window.detail if isinstance(window, ast.Unresolved) else f"{quote(sentence.view.text[w_start:w_end])!r} dates nothing compiled"
            orphans.append(Part(w_start, w_end, unresolved("unsupported", detail), entity=True))
    return replace(draft, parts=draft.parts + tuple(orphans))
