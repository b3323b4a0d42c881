"""Windows of a sentence, the interval between two events ("time between X and Y ≤ 4 weeks"), and
the events a window counts from (`anchor_spans`), which only date it."""

from __future__ import annotations

import re

from eligo.compiler.allergies import STUDY_DRUG
from eligo.compiler.exceptions import excepted, exception_ranges
from eligo.compiler.lasting import lasted
from eligo.compiler.names import concept_name, known_anchor, named_anchor
from eligo.compiler.parts import (
    ENTITY_TYPES,
    EntityHit,
    Part,
    quote,
    relative,
    skip_aside,
    unresolved,
)
from eligo.compiler.references import reference
from eligo.compiler.view import CriterionView
from eligo.datafiles import patterns, words
from eligo.grammar import ast

_INTERVAL_CUE = re.compile(r"\b(?:interval|time)\s+(?:between|from)\b", re.I)
# words that place a window in time; without them "History of interstitial cystitis less than 6
# months" is a duration
_CUE = patterns("eligo.compiler.data", "mention_cues.jsonl")
_DATED = re.compile(
    r"\b(?:ago|prior|before|previous|preceding|past|last|within|since|after|following|during|until|recent(?:ly)?)\b",
    re.I,
)
_SINCE = {
    kind: tuple(sorted(words("eligo.compiler.data", f"{kind}_anchors"), key=len, reverse=True))
    for kind in ("diagnosis", "latest")
}
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


def since_parts(
    view: CriterionView, windows: list, start: int, end: int
) -> tuple[list[Part], list]:
    """ "At least 12 months since diagnosis of breast cancer", "less than 6 months since the most
    recent myocardial infarction": a window counted from the date of something the patient's
    record holds (the one thing its anchor names, whose mention `anchor_spans` keeps from being an
    entity of its own) dates that thing back from screening. A diagnosis or onset is the
    patient's own condition: at least N since it is `has X by >= N before screening`, less than N
    since it is the time from its start to screening (`interval`); the most recent of a kind of
    event need not have happened: less than N since it is `has X by < N before screening`, at
    least N since it is none so recent ("up to N after the last dose" is a period ahead, the
    study's own dose an index date, and a window after a measure dates the measure: none is
    taken). The parts, and the windows left for the
    other parts."""
    parts, used = [], set()
    listed = anchor_spans(view, start, end)
    measured = [  # "LVEF >= 40 % at least 3 months after the most recent MI" dates the measure
        relative(t.span, view.base)[1] for t in view.facts.thresholds if t.concept != "age"
    ]
    for window in view.facts.windows:
        w_start, w_end = relative(window.span, view.base)
        kind = _since_kind(window.anchor) if window.relation == "after" else None
        stop = max((b for a, b in listed if w_start < a < w_end), default=w_end)
        inside = view.mentions(w_start + 1, stop, ENTITY_TYPES)
        if (
            kind is None
            or (kind == "latest" and window.op == "<=")  # "up to 2 months after the last dose"
            or not start <= w_start < end
            or any(start <= m_end <= w_start for m_end in measured)
            or not inside
            or (kind == "diagnosis" and len(inside) > 1)
            or any(m.concept == STUDY_DRUG for m, _, _ in inside)  # the study's dose: an index date
        ):
            continue
        entities = tuple(
            {
                (m.type, m.concept): ast.EntityRef(
                    type=m.type, concept=concept_name(m.concept), span=(m_start, m_end)
                )
                for m, m_start, m_end in reversed(inside)  # "MI (myocardial infarction)": once
            }.values()
        )[::-1]
        amount = ast.Quantity(value=window.value, unit=window.unit)
        at_least = window.op in (">", ">=")
        node: ast.Node
        if kind == "diagnosis" and not at_least:
            node = ast.Interval(
                start=ast.EntityPoint(edge="start", entity=entities[0]),
                end=ast.AnchorPoint(anchor="screening"),
                op=window.op,
                amount=amount,
                span=(w_start, w_end),
            )
        else:
            op = {">": "<=", ">=": "<"}.get(window.op, window.op) if kind == "latest" else window.op
            dated = ast.Window(
                op=op, amount=amount, relation="before", anchor="screening", span=(w_start, w_end)
            )
            node = ast.Exists(entities=entities, window=dated, span=(w_start, stop))
            if kind == "latest" and at_least:
                node = ast.Not(arg=node)
        parts.append(Part(w_start, stop, node, entity=True))
        used.add(w_start)
    return parts, [w for w in windows if w[1] not in used]


def _since_kind(anchor: str | None) -> str | None:
    """Whether an anchor names a diagnosis or onset ("diagnosis of X") or the latest of a kind of
    event ("the most recent X"), by its first words; else None."""
    for kind, heads in _SINCE.items():
        if anchor and any(anchor == h or anchor.startswith(h + " ") for h in heads):
            return kind
    return None


def anchor_spans(view: CriterionView, start: int, end: int) -> list[tuple[int, int]]:
    """ "at least 3 months after the most recent MI, PCI or CABG": the events a window counts from
    only date it, so they are no entity the patient must have; the window (`timing.py`) says what is
    left of them. The span runs from the anchor to the last event listed with it. So does the
    study's own dose a time counts from ("before the first dose of the study vaccine", "aged 18-40
    at the time of the first injection"): no record of a vaccination is asked for; nor is a trial
    participation by "the start of the clinical trial" or "enrolment in this study": the study
    itself."""
    found = []
    for window in view.facts.windows:
        w_start, w_end = relative(window.span, view.base)
        if window.relation != "after" or window.anchor is None or not start <= w_start < end:
            continue
        inside = [m for m in view.mentions(w_start + 1, w_end, ENTITY_TYPES) if m[2] <= w_end]
        if not inside:
            continue
        stop = inside[-1][2]
        for _, m_start, m_end in view.mentions(stop, end, ENTITY_TYPES):
            close = view.text.find(")", m_end, end)
            if view.text[stop:m_start].strip() == "(" and not view.text[m_end:close].strip():
                stop = close + 1  # "MI (myocardial infarction), PCI": a short form restating it
                continue
            if not _CUE["listed"].fullmatch(view.text[stop:m_start]):
                break
            stop = m_end
        found.append((inside[0][1], stop))
    for mention, m_start, m_end in view.mentions(start, end, ENTITY_TYPES):
        cues = ("study_anchor", "study_itself") if mention.type == "event" else ("study_anchor",)
        if any(_CUE[c].search(view.text, max(start, m_start - 80), m_start) for c in cues):
            found.append((m_start, m_end))  # "before the first vaccine dose": the study's own dose
    return found
