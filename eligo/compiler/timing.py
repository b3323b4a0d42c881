"""Windows of a sentence and the interval between two events ("time between X and Y ≤ 4 weeks")."""

from __future__ import annotations

import re

from eligo.compiler.exceptions import excepted, exception_ranges
from eligo.compiler.names import concept_name, known_anchor, named_anchor
from eligo.compiler.parts import EntityHit, Part, quote, relative, skip_aside, unresolved
from eligo.compiler.references import reference
from eligo.compiler.view import CriterionView
from eligo.facts import WindowFact
from eligo.grammar import ast

_INTERVAL_CUE = re.compile(r"\b(?:interval|time)\s+(?:between|from)\b", re.I)
# words that place a window in time; without them "History of interstitial cystitis less than 6
# months" is a duration
_DATED = re.compile(
    r"\b(?:ago|prior|before|previous|preceding|past|last|within|since|after|following|during|until|recent(?:ly)?)\b",
    re.I,
)
_END_OF = re.compile(r"\b(?:end|completion|last dose)\s+of\s+(?:the\s+)?$", re.I)


def sentence_windows(
    view: CriterionView, start: int, end: int
) -> list[tuple[ast.Window | ast.Unresolved, int, int]]:
    """Windows of [start, end); one measured from a date no record holds is unresolved."""
    windows: list[tuple[ast.Window | ast.Unresolved, int, int]] = []
    for window in view.facts.windows:
        w_start, w_end = relative(window.span, view.base)
        if not start <= w_start < end:
            continue
        anchor = (
            known_anchor(window.anchor) if window.anchor or window.relation == "before" else None
        )
        if lasted(window):
            anchor = "screening"  # "T1DM for at least 1 year": the state began that long ago
        elif (
            window.anchor is None
            and window.relation == "before"
            and not _DATED.search(view.text, max(0, w_start - 30), w_end)
        ):
            detail = (
                f"{quote(window.text)!r} is how long it lasted, not when: a duration is not "
                "compiled"
            )
            windows.append((unresolved("unsupported", detail, (w_start, w_end)), w_start, w_end))
            continue
        if anchor is None and window.anchor:
            anchor, w_end = _restated_anchor(view, w_end)
        if anchor is None:
            detail = f"{quote(window.text)!r} counts from {window.anchor!r}, a date no record holds"
            windows.append((unresolved("unsupported", detail, (w_start, w_end)), w_start, w_end))
            continue
        amount = ast.Quantity(value=window.value, unit=window.unit)
        windows.append(
            (
                ast.Window(
                    op=window.op,
                    amount=amount,
                    relation=window.relation,
                    anchor=anchor,
                    span=(w_start, w_end),
                ),
                w_start,
                w_end,
            )
        )
    return sorted(windows, key=lambda w: w[1])


def lasted(window: WindowFact) -> bool:
    """ "Type 1 diabetes for at least 1 year": a window the parser read as how long the state it
    names (`concept`) has lasted up to now, at least so long: the state began that long before
    screening (and, named without a history cue, is still there: `current_states`)."""
    return (
        window.concept is not None
        and window.anchor is None
        and window.relation == "before"
        and window.op in (">=", ">")
    )


def _restated_anchor(view: CriterionView, end: int) -> tuple[str | None, int]:
    """ "prior to visit 1 (screening)", "before Day 1 (randomisation)": a date no record holds,
    restated in the bracket right after it as one that does; that index date and where the bracket
    ends, else None and `end`."""
    after = skip_aside(view.text, end)
    inner = view.text[end:after].strip()
    if not inner.startswith("(") or not inner.endswith(")"):
        return None, end
    anchor = named_anchor(inner[1:-1])
    return (anchor, len(view.text[:after].rstrip())) if anchor else (None, end)


def interval_part(
    view: CriterionView,
    found: list[EntityHit],
    windows,
    start: int,
    end: int,
    setting: tuple[ast.Filter, ...],
) -> tuple[Part | None, set[int]]:
    cue = _INTERVAL_CUE.search(view.text, start, end)
    if cue is None:
        return None, set()
    after = [(i, item) for i, item in enumerate(found) if item.start >= cue.end()]
    later = [w for w in windows if w[1] >= cue.end() and isinstance(w[0], ast.Window)]
    if len(after) < 2 or not later:
        return None, set()
    (_, first), (_, second) = after[0], after[-1]
    window, _, w_end = later[0]
    edge = "end" if _END_OF.search(view.text, 0, first.start) else "start"
    start_entity = reference(
        view, first, setting, (), excepted(view, first, found, exception_ranges(view, start, end))
    )
    node = ast.Interval(
        start=ast.EntityPoint(edge=edge, entity=start_entity),
        end=ast.EntityPoint(
            edge="start",
            entity=ast.EntityRef(
                type=second.mention.type, concept=concept_name(second.mention.concept)
            ),
        ),
        op=window.op,
        amount=window.amount,
    )
    used = {i for i, item in after if item.start <= second.end}
    return Part(cue.start(), max(second.end, w_end), node), used
