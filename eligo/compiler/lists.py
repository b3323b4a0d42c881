"""Mentions joined into lists: `has any(...)` with its window, exceptions and other forms.

Mentions joined by list punctuation become one `has any(...)`; the window after
a list binds to it (and to the alternatives before it), a lasting window written
right before a mention ("A > 10 years having B") to that mention only; an exception cue moves
the mentions it governs into `except`; "other forms of" the trial's disease is
no concept. Items of an enumeration that name no known concept stay unresolved. In a comma list
("...: renal failure on hemodialysis, liver cirrhosis, ..."), a mention after a relation word
qualifies its item alone: it opens a group of its own, which the next list punctuation ends.
"""

from __future__ import annotations

import re

from eligo.compiler.exceptions import excepted, exception_gap, exception_ranges
from eligo.compiler.list_windows import (
    LIST_GAP,
    NEGATED_ITEM,
    shared_windows,
    window_after,
    window_before,
)
from eligo.compiler.logic import both, negate, worse
from eligo.compiler.names import future_anchor, members
from eligo.compiler.parts import EntityHit, Part, at_screening, quote, relative, unresolved
from eligo.compiler.references import current_phrase, reference
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

CONJUNCTION = re.compile(r"[,/;]|\b(?:and|or|nor)\b", re.I)
_COMMA_GAP = re.compile(r"\s*,\s*(?:(?:and/or|or|and)\s+)?", re.I)  # "X, Y, or Z"
_BARE_GAP = re.compile(r"\s+(?:and/or|or|and|nor)\s+|\s*/\s*", re.I)
# "X and Y (for Z)": a bracket opened by "for" after list items says what they are for, and what it
# names is no further item of the list.
_PURPOSE_NOTE = re.compile(r"\s*for\s+(?!example\b|instance\b)", re.I)


def drop_repeated(parts: list[Part]) -> list[Part]:
    """ "Vaccination with a live ... vaccine within 14 days": a mention repeated without the window
    it has once."""
    windowed = {
        p.expr.entities
        for p in parts
        if isinstance(p.expr, ast.Exists) and p.expr.window is not None
    }
    return [
        p
        for p in parts
        if not (
            isinstance(p.expr, ast.Exists) and p.expr.window is None and p.expr.entities in windowed
        )
    ]


def _listed_item(view: CriterionView, start: int, at: int) -> bool:
    """Whether the mention at `at` opens an item of a comma list: list punctuation, a colon or an
    example's introducer right before it, a couple of its own words between ("Diseases such as:
    X on Y, chronic Z with W, V": "on Y" and "with W" qualify their item alone, and what opens
    the next item ends the qualifier, `_item_after`)."""
    opened = [p + 1 for p, c in view.marks(start, at) if c in ",;:"]
    opened += [p.end() for p in view.phrases("instance", start, at)]
    if not opened:
        return False
    words = (relative(w, view.base) for w in view.facts.words)
    return sum(1 for a, _ in words if max(opened) <= a < at) <= 2


def _item_after(qualified: str | None, previous: EntityHit, item: EntityHit, gap: str) -> bool:
    """Whether `item` opens the next item of a list after a qualifier (`qualified`: the type of the
    item the qualifier's group qualifies): list punctuation, or a mention of that item's type and
    not the qualifier's ("kidney disease on hemodialysis or cancer")."""
    if qualified is None:
        return False
    kind = item.mention.type
    return any(mark in gap for mark in ",;") or kind == qualified != previous.mention.type


def group_mentions(
    view: CriterionView,
    found: list[EntityHit],
    every: list[EntityHit],
    windows,
    filters,
    start: int,
    end: int,
    setting: tuple[ast.Filter, ...],
) -> list[Part]:
    """Mentions joined by list punctuation, with the window after them and exceptions of their type
    (from `every` mention)."""
    exceptions = exception_ranges(view, start, end)
    window_starts = [w[1] for w in windows]
    groups: list[list[tuple[int, EntityHit]]] = []
    # the groups that qualify the item before them ("on hemodialysis"), with that item's type
    qualifiers: dict[int, str] = {}
    text = view.text
    notes = [(a, b) for a, b in view.brackets(start, end) if _PURPOSE_NOTE.match(text, a + 1, b)]
    for index, item in enumerate(found):
        if any(a <= item.start < b for a, b in exceptions):
            continue
        if groups and any(a < item.start < b for a, b in notes):
            continue  # "captopril and enalapril (for allopurinol)": whom the items are for
        previous = groups[-1][-1][1] if groups else None
        gap = text[previous.end : item.start] if previous is not None else ""
        following = found[index + 1].start if index + 1 < len(found) else end
        related = (
            previous is not None
            and CONJUNCTION.search(gap) is None
            and "(" not in gap  # "oral steroids (equivalent to prednisone": a bracket's note
            and view.phrase("relation", previous.end, item.start) is not None
        )
        if related and previous is not None and _listed_item(view, start, previous.start):
            # "...: renal failure on hemodialysis, liver cirrhosis": the qualifier of one item of
            # a comma list, which the next list punctuation ends
            qualifiers[len(groups)] = previous.mention.type
            groups.append([(index, item)])
            continue
        joined = (
            previous is not None
            and previous.negated == item.negated
            and LIST_GAP.match(gap) is not None
            and not NEGATED_ITEM.search(gap)
            and not _item_after(qualifiers.get(len(groups) - 1), previous, item, gap)
            and (
                CONJUNCTION.search(gap) is not None
                or previous.mention.type == item.mention.type
                and (
                    "(" in gap
                    or "plus" in gap.lower().split()  # "metformin plus sulfonylurea"
                    or any(
                        view.phrase(kind, previous.end, item.start) is not None
                        for kind in ("example", "relation")
                    )
                )
            )  # not "diabetic foot ulcer": a word between two mentions that lists nothing
            # "diabetes with neuropathy", "heart failure due to cardiomyopathy": one thing said of
            # the other, not alternatives (", history of X" is list punctuation before an item;
            # "stroke with cognitive impairment, epilepsy" a list the relation does not end)
            and (
                CONJUNCTION.search(gap) is not None
                or view.phrase("relation", previous.end, item.start) is None
                or CONJUNCTION.search(text, item.end, following) is not None
            )
            and not any(previous.end <= w < item.start for w in window_starts)
            # "Type 2 diabetes and, if on insulin, ...": a condition begins, no list goes on
            and not view.cues("conditional", previous.end, item.start)
        )
        if joined:
            groups[-1].append((index, item))
        else:
            groups.append([(index, item)])
    parts: list[Part] = []
    others: set[str] = set()
    for group in groups:
        first, last = group[0][1], group[-1][1]
        entities = tuple(
            reference(
                view,
                item,
                setting,
                tuple(filters.get(index, ())),
                excepted(view, item, every, exceptions),
            )
            for index, item in group
        )
        entities = distributed_status(view, group, entities)
        window, w_end = window_after(view, last.end, windows, groups)
        before = window_before(view, first.start, windows)
        if before is not None:
            window = before[0]
        if other_form(view, group, entities) or (
            others and all(e.concept in others for e in entities)
        ):
            others.update(e.concept for e in entities)
            detail = (
                f"{quote(view.text[first.start : last.end])!r}: other forms of the trial's "
                "disease are no concept"
            )
            parts.append(
                Part(
                    first.start,
                    max(last.end, w_end),
                    unresolved("unsupported", detail),
                    entity=True,
                )
            )
            continue
        incomplete = exception_gap(view, group, every, exceptions)
        part = exists_part(view, first, entities, window, max(last.end, w_end), incomplete)
        parts.append(part if before is None else Part(before[1], part.end, part.expr, part.entity))
    return shared_windows(view, drop_repeated(parts))


_SHARED = ("status", "severity")  # the qualifiers one word before coordinated conditions gives all


def _status_pair(view: CriterionView, start: int) -> bool:
    """ "Severe or uncontrolled asthma": two status words, coordinated, name one member's own
    state."""
    return re.search(r"\b(?:or|and|and/or)\s+$", view.text[:start]) is not None


def distributed_status(
    view: CriterionView, group: list[tuple[int, EntityHit]], entities: tuple[ast.EntityRef, ...]
) -> tuple[ast.EntityRef, ...]:
    """ "Active hepatitis B or C", "uncontrolled hypertension or diabetes": a status word before two
    conditions coordinated bare (nothing but "or", "and" or "/" between them) qualifies both, not
    the first only, and so does one status word before a comma list ("untreated celiac disease,
    hyperthyroidism, or hypothyroidism"); two coordinated ones ("severe or uncontrolled asthma, COPD
    or emphysema") may be the first member's own, and in "Active or latent tuberculosis" it is the
    first member's whole name, an alternative of the second's qualifier. A degree is shared by
    conditions coordinated bare ("severe neurological or psychiatric disease"); before a comma list
    it filters none."""
    first = entities[0]
    start, end = group[0][1].start, group[0][1].end
    status = [
        f
        for f in first.where
        if f.attribute in _SHARED
        and f.span is not None
        and f.span[0] <= start
        and f.span[1] < end
        and not view.text[f.span[1] : start].strip()
    ]  # the status word opens the first member's name or stands right before it
    gaps = [view.text[a[1].end : b[1].start] for a, b in zip(group, group[1:])]
    if not status or not all(
        _BARE_GAP.fullmatch(gap)
        or (
            _COMMA_GAP.fullmatch(gap)
            and not _status_pair(view, status[0].span[0] if status[0].span else 0)
        )
        for gap in gaps
    ):
        return entities
    if not all(_BARE_GAP.fullmatch(gap) for gap in gaps):
        # "severe asthma, COPD or emphysema": whether the degree reaches past the comma is not
        # written, so it filters no member and stays a vague word
        status = [f for f in status if f.attribute == "status"]
        first = first.model_copy(
            update={"where": tuple(f for f in first.where if f.attribute != "severity")}
        )
    return (first,) + tuple(
        e.model_copy(update={"where": (*shared, *e.where)})
        if e.type == "condition" and (shared := _unset(status, e))
        else e
        for e in entities[1:]
    )


def _unset(filters: list[ast.Filter], entity: ast.EntityRef) -> tuple[ast.Filter, ...]:
    """The filters of an attribute the entity does not filter yet (one of each)."""
    own = {f.attribute for f in entity.where}
    return tuple(
        f
        for i, f in enumerate(filters)
        if f.attribute not in own and f.attribute not in {g.attribute for g in filters[:i]}
    )


def other_form(
    view: CriterionView, group: list[tuple[int, EntityHit]], entities: tuple[ast.EntityRef, ...]
) -> bool:
    """ "Other specific forms of psoriasis" where the inclusions require psoriasis: no narrower
    concept to leave out."""
    first = group[0][1]
    other = view.phrase("other", max(0, first.start - 30), first.start)
    return other is not None and all(
        e.concept in view.targets and not members(e.concept) for e in entities
    )


def exists_part(
    view: CriterionView,
    first: EntityHit,
    entities: tuple[ast.EntityRef, ...],
    window,
    end: int,
    incomplete: str | None = None,
) -> Part:
    """`has any(...)` with its window: a window from an unknown date or into the study is not a
    record."""
    if isinstance(window, ast.Unresolved):
        node: ast.Node = ast.And(args=(ast.Exists(entities=tuple(dict.fromkeys(entities))), window))
    elif (
        window is not None
        and window.relation in ("after", "during")
        and future_anchor(window.anchor)
    ):
        detail = (
            f"{quote(view.text[first.start : end], 80)!r} is a commitment for the study "
            "period, not a record"
        )
        return Part(first.start, end, unresolved("consent", detail))
    elif recovered(view, entities, first.start):
        above = tuple(worse(entity) for entity in dict.fromkeys(entities))
        return Part(first.start, end, ast.Not(arg=ast.Exists(entities=above)), entity=True)
    elif (
        window is not None
        and window.op in (">", ">=")
        and not view.exclusion
        and view.phrase_before("washout", first.start, 0, words=6)
    ):
        shorter = ast.Window(
            op="<" if window.op == ">=" else "<=",
            amount=window.amount,
            relation=window.relation,
            anchor=window.anchor,
            span=window.span,
        )
        return Part(
            first.start,
            end,
            ast.Not(arg=ast.Exists(entities=tuple(dict.fromkeys(entities)), window=shorter)),
            entity=True,
        )
    else:
        current = (
            current_phrase(view, first.start, first.end, first.mention.type == "treatment")
            if window is None and first.mention.type in ("treatment", "condition")
            else None
        )
        if current is not None:
            window = at_screening(current)
        node = ast.Exists(entities=tuple(dict.fromkeys(entities)), window=window)
    if incomplete:
        node = both(node, unresolved("ambiguous", incomplete))
    return Part(first.start, end, negate(node) if first.negated else node, entity=True)


def recovered(view: CriterionView, entities: tuple[ast.EntityRef, ...], start: int) -> bool:
    """ "adverse events ... have improved to grade 1 or baseline": a grade bound reached by
    recovery."""
    bounded = all(
        any(f.attribute == "grade" and f.op in ("<=", "<") for f in e.where) for e in entities
    )
    return bounded and view.phrase("recovered", *view.sentence_of(start)) is not None
