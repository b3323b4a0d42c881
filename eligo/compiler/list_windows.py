"""The time windows of a list's items: a window after a list of alternatives dates each of them, a
lasting window right before a mention is that mention's alone.

Apart from `lists.py`, which joins mentions into lists, because the windows are read once the
groups are made: "MI, coronary artery bypass surgery or stroke within 6 months" dates every item;
"A > 10 years having B" dates B only; "Women of childbearing potential must have a negative test
within 28 days" does not reach across the obligation's modal.
"""

from __future__ import annotations

import re

from eligo.compiler.conditions import obligation_modal
from eligo.compiler.lasting import lasted
from eligo.compiler.logic import exists_of, with_polarity
from eligo.compiler.parts import Part, relative
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

# What may stand between two mentions of one list: punctuation, and/or, brackets, and a couple of
# modifiers.
LIST_GAP = re.compile(
    r"^[\s,/;()]*(?:(?:and/or|or|and|nor|as well as|including|such "
    r"as|e\.g\.,?|i\.e\.,?)\s*[\s,/()]*)?(?:[A-Za-z-]{1,14}\s+){0,2}$",
    re.I,
)
# "No psychiatric disorder, no active cancer within 5 years": a negation repeated after a comma
# opens an item of its own, and what follows that item (a window) is not the earlier item's.
NEGATED_ITEM = re.compile(r"[,;]\s*(?:no|not|without)\s", re.I)


def shared_windows(view: CriterionView, parts: list[Part]) -> list[Part]:
    """ "Surgical procedure (including open biopsy, ...) or significant traumatic injury within 28
    days": a window after a list of alternatives applies to each of them (`_item_gap`: also across
    an item's own modifiers after a comma, "MI, coronary artery bypass surgery, post-transplantation
    cardiomyopathy or stroke within 6 months")."""
    result = list(parts)
    for index in range(len(result) - 1, 0, -1):
        later, earlier = result[index], result[index - 1]
        window, gap = exists_of(later.expr), view.text[earlier.end : later.start]
        own = exists_of(earlier.expr)
        if window is None or window.window is None or own is None or own.window is not None:
            continue
        if (
            window.window.relation == "before"
            and window.window.span is not None
            and window.window.span[0] <= later.start
        ):
            continue  # a window before its own part ("A > 10 years having B"): B's alone
        if (
            re.search(r"\bor\b", gap)
            or LIST_GAP.match(gap)
            or _item_gap(view, gap, earlier.end, later.start)
        ) and not NEGATED_ITEM.search(gap):
            shared = own.model_copy(update={"window": window.window})
            expr = with_polarity(earlier.expr, shared)
            result[index - 1] = Part(earlier.start, earlier.end, expr, earlier.entity)
    return result


def _item_gap(view: CriterionView, gap: str, start: int, end: int) -> bool:
    """ "MI (MI), coronary artery bypass surgery, post-transplantation cardiomyopathy": after a list
    comma, the few words before the next item are its own modifiers (no clause or further comma
    between them, and no "history of" that opens a list of its own)."""
    return (
        gap.lstrip(" )").startswith((",", ";"))
        and gap.count(",") + gap.count(";") == 1
        and len(gap.split()) <= 4
        and view.phrase("clause", start, end) is None
        and not view.cues("history", start, end)
    )


def window_after(
    view: CriterionView, end: int, windows, groups
) -> tuple[ast.Window | ast.Unresolved | None, int]:
    """The first window after the group, before the next group starts (and not across an
    obligation's modal: "Women of childbearing potential must have a negative test within 28
    days")."""
    next_starts = [g[0][1].start for g in groups if g[0][1].start > end]
    limit = min(next_starts) if next_starts else len(view.text) + 1
    modal = obligation_modal(view, *view.sentence_of(end))
    if modal is not None and end <= modal.start():
        limit = min(limit, modal.start())
    for window, w_start, w_end in windows:
        if (
            end <= w_start < limit
            and not re.search(r"[,;]", view.text[end:w_start])
            and not (next_starts and _held_before(view, (w_start, w_end), limit))
        ):
            return window, w_end
    return None, end


def window_before(
    view: CriterionView, start: int, windows
) -> tuple[ast.Window | ast.Unresolved, int] | None:
    """A lasting window written right before the group ("< 10 years having diabetes": the parser's
    window takes the held words), and where it starts: the group's, not the one before it."""
    for window, w_start, w_end in windows:
        if _held_before(view, (w_start, w_end), start):
            return window, w_start
    return None


def _held_before(view: CriterionView, span: tuple[int, int], start: int) -> bool:
    """The window at `span` says how long the state named at `start` has lasted: a lasting window
    with no content word nor mark between it and that state."""
    return (
        span[1] <= start
        and span in {relative(w.span, view.base) for w in view.facts.windows if lasted(w)}
        and not view.marks(span[1], start)
        and not any(span[1] <= relative(word, view.base)[0] < start for word in view.facts.words)
    )
