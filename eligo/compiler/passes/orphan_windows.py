"""Pass: a window no compiled part took narrows the part it dates, never stands beside it as an
alternative.

"Blood donation, any volume, within 2 months before inclusion": the window is set off by commas, so
no list took it, but it still dates the donation. It narrows the nearest part before it (else the
one after it) when no connective and at most a few words stand between them (never a verb phrase:
"Women of childbearing potential must have a negative test within 28 days"): set on a `has` that has
no window yet, else joined to the part as `and unresolved` (a window that cannot be attached is one
more requirement of its atom, in inclusions and exclusions alike: `or` would let a donation three
years ago exclude); of a denied part, inside the denial ("not treated with insulin, for at least 1
year before the study" is `not (has insulin and unresolved)`: an insulin record years ago does not
fail it). A window joined by a connective is an item of its own ("Current pregnancy, < 6
months postpartum, and/or breastfeeding"; "More than 1 month since prior and no concurrent NSAIDs"),
as is one in a sentence with no part at all: an unresolved part, so what it dates is never dropped.
A window set off by a comma after a list ("Stroke, ACS, or hospitalization for heart failure, in the
last 30 days") dates each item of the list, not the last alone. A window that ends a lead-in
("Within 3 months before screening: MI, stroke or ...") dates every item listed after the colon, as
a lead-in's window dates the items under it (`lead_scopes.py`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.lead_scopes import Scope, scoped
from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.grammar import ast

_APART = re.compile(r"[;:]|\b(?:or|and|and/or|nor|but)\b", re.I)
# What may stand between a part and the window that dates it: punctuation, brackets and a few words
# ("any volume"); a markdown escape ("diagnosed \\<= 2 months") is punctuation too.
_SET_OFF = re.compile(r"[\s,()\[\]\\]*(?:[\w'-]+[\s,()\[\]\\]+){0,3}", re.I)


def _lead_in(sentence: Sentence, parts: list[Part], w_end: int) -> list[int]:
    """The parts listed after a window that ends its lead-in ("Any of the following within the last
    6 months: A, B or C"): it dates each of them."""
    text = sentence.view.text
    colon = text.find(":", w_end, sentence.end)
    if colon == -1 or text[w_end:colon].strip(" ,") or any(w_end <= p.start < colon for p in parts):
        return []
    return [i for i, p in enumerate(parts) if p.start > colon]


def orphan_windows(draft: Draft, sentence: Sentence) -> Draft:
    parts = list(draft.parts)
    text = sentence.view.text
    for window, w_start, w_end in sentence.windows:
        if any(p.start <= w_start < p.end or p.start < w_end <= p.end for p in parts):
            continue
        items = _lead_in(sentence, parts, w_end)
        if items:
            scope = Scope(
                quote(text[w_start:w_end]),
                (w_start, w_end),
                window,
                present=False,
                forecast=None,
            )
            for i in items:
                parts[i] = Part(
                    parts[i].start, parts[i].end, scoped(parts[i].expr, scope), parts[i].entity
                )
            continue
        detail = (
            window.detail
            if isinstance(window, ast.Unresolved)
            else f"{quote(text[w_start:w_end])!r} dates nothing compiled"
        )
        before = [i for i, p in enumerate(parts) if p.end <= w_start]
        after = [i for i, p in enumerate(parts) if p.start >= w_end]
        index = (
            max(before, key=lambda i: parts[i].end)
            if before
            else (min(after, key=lambda i: parts[i].start) if after else None)
        )
        if index is not None:
            part = parts[index]
            gap = text[part.end : w_start] if part.end <= w_start else text[w_end : part.start]
            following = text[w_end : min(parts[i].start for i in after)] if after and before else ""
        if (
            index is None
            or _APART.search(gap)
            or _APART.search(following)
            or not _SET_OFF.fullmatch(gap)
        ):
            parts.append(Part(w_start, w_end, unresolved("unsupported", detail), entity=True))
            continue
        attach = (
            isinstance(window, ast.Window)
            and isinstance(part.expr, ast.Exists)
            and part.expr.window is None
        )
        left = unresolved("unsupported", detail, (w_start, w_end))
        if attach:
            expr = part.expr.model_copy(update={"window": window})
        elif isinstance(part.expr, ast.Not):  # what is denied is dated: "not X, for 1 year before"
            expr = part.expr.model_copy(update={"arg": both(part.expr.arg, left)})
        else:
            expr = both(part.expr, left)
        parts[index] = Part(min(part.start, w_start), max(part.end, w_end), expr, part.entity)
        if attach and "," in gap and index in before:
            _listed_before(text, parts, index, window)
    return replace(draft, parts=tuple(parts))


def _listed_before(text: str, parts: list[Part], index: int, window: ast.Node) -> None:
    """ "Stroke, TIA, acute coronary syndrome, or hospitalization for worsening heart failure, in
    the last 30 days": a window set off by a comma after a list (its items apart by list punctuation
    and a connective) dates each item of it, back to the first gap of more than a few words between
    list punctuation (an item no concept names, as "TIA" here, is passed over; an item with a window
    of its own ends the list); not "T1D, i.e. T1D treated with insulin, started within 1 year",
    which lists nothing."""
    later, listed, connected = parts[index], [], False
    for number in range(index - 1, -1, -1):
        earlier = parts[number]
        gap = text[earlier.end : later.start]
        chunks = gap.replace(";", ",").split(",")
        if earlier.end > later.start or any(len(chunk.split()) > 4 for chunk in chunks):
            break
        connected = connected or (len(chunks) > 1 and _APART.search(gap) is not None)
        if isinstance(earlier.expr, ast.Exists):
            if earlier.expr.window is not None:
                break
            listed.append(number)
            connected = connected or len(earlier.expr.entities) > 1  # "A, B, or C": a list
        elif not isinstance(earlier.expr, ast.Unresolved):
            break
        later = earlier
    for number in listed if connected else []:
        earlier = parts[number]
        assert isinstance(earlier.expr, ast.Exists)  # as listed
        expr = earlier.expr.model_copy(update={"window": window})
        parts[number] = Part(earlier.start, earlier.end, expr, earlier.entity)
