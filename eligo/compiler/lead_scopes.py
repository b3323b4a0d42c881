"""A lead-in's time and modality reach the items listed under it.

"Treatment within the last 12 weeks with:" and "Is required to take or intends
to continue taking any of the following:" say when each item below them counts;
the item ("gemfibrozil") says only what. Compiled alone, an item would read the
whole record (`has treatment gemfibrozil`, ever), which excludes a patient who
took it years ago. So each undated `has` or `count` of an item takes the
lead-in's window, or the record at screening when the lead-in speaks of present
use; a use the lead-in only plans ("intends to") is a further way to meet the
item that no record holds, an `or unresolved`. A window that cannot be carried
(measured from a date no record holds), or an item with nothing to date, gets
an unresolved part instead: never a silent "ever". A lead-in that speaks of
history ("History of any of the following:", "... infections or infections
history:") lifts the screening window a present-tense item gets by default: the
item counts at any time. A lead-in that compiled
nothing of its own is a heading of its items, not a rule; so is one that names only the kind of its
items ("Subjects with any of the following infections:"): read on its own it would be any such thing
ever, wider than the items that say which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeGuard

from eligo.compiler.lasting import course, ongoing
from eligo.compiler.logic import both, either, outcome
from eligo.compiler.parts import at_screening, quote, relative, unresolved
from eligo.compiler.timing import sentence_windows
from eligo.compiler.view import CriterionView
from eligo.facts import CriterionFacts
from eligo.grammar import ast

_ENTITIES = (ast.Exists, ast.Count)
_MEASURES = (ast.Compare, ast.InRange, ast.InSet)
_UNDATED = ("age", "sex")  # a demographic is no observation of a time


@dataclass(frozen=True)
class Scope:
    """What a lead-in says of its items' time: a window (or the unresolved reason it cannot be one),
    whether the window is the present ("Is taking any of the following:"), and a forecast ("intends
    to")."""

    text: str
    span: tuple[
        int, int
    ]  # the lead-in's, in protocol coordinates: what it adds to an item is located there
    window: ast.Window | ast.Unresolved | None
    present: bool
    forecast: str | None
    history: bool = False  # the lead-in speaks of history: its items' default present is lifted
    course: bool = False  # "treated for at least 3 months prior to X with:" a use going on up to X


def lead_scope(facts: CriterionFacts) -> Scope | None:
    """The time and modality a lead-in gives its items; None when it gives none. "prior or
    concurrent" is any time."""
    view = CriterionView(facts)
    found = sentence_windows(view, 0, len(view.text))
    windows = [w for w, _, _ in found]
    course = bool(found) and view.phrase_before("course_for", found[0][1], 0, words=0) is not None
    past = view.cues("history") or view.phrase("past")
    # "is required to take" says the present, "required" alone the past
    said = view.phrase("at_screening")
    present = not windows and bool(
        said or (not past and (view.cues("current") or view.phrase("current")))
    )
    forecast = view.phrase("forecast")
    window = windows[0] if windows else (at_screening(None) if present else None)
    history = bool(past) and not windows and not present  # "... infections history:": any time
    if window is None and forecast is None and not history:
        return None
    span = facts.criterion.span
    if isinstance(
        window, ast.Window
    ):  # at the lead-in's words, never the item's: those stay to account for
        window = window.model_copy(
            update={
                "span": (span[0] + window.span[0], span[0] + window.span[1])
                if window.span
                else span
            }
        )
    return Scope(
        text=quote(view.text, 100),
        span=span,
        window=window,
        present=present,
        forecast=forecast.text if forecast else None,
        history=history,
        course=course,
    )


Datable = ast.Exists | ast.Count | ast.Compare | ast.InRange | ast.InSet  # the atoms a window dates


def _datable(node: ast.Node, kinds: tuple[type, ...]) -> TypeGuard[Datable]:
    return isinstance(node, kinds) and not (
        isinstance(node, _MEASURES) and node.concept in _UNDATED
    )


def _atoms(node: ast.Node, kinds: tuple[type, ...]) -> list[Datable]:
    """The atoms of `kinds` a window can date: not those of a condition, which says who the item is
    for."""
    if _datable(node, kinds):
        return [node]
    if isinstance(node, ast.If):
        return _atoms(node.then, kinds) + (
            _atoms(node.otherwise, kinds) if node.otherwise is not None else []
        )
    if isinstance(node, ast.And | ast.Or):
        return [atom for arg in node.args for atom in _atoms(arg, kinds)]
    return _atoms(node.arg, kinds) if isinstance(node, ast.Not) else []


def _changed(
    node: ast.Node, kinds: tuple[type, ...], change: Callable[[Datable], ast.Node]
) -> ast.Node:
    """`node` with each atom of `kinds` (outside conditions) changed by `change`."""
    if _datable(node, kinds):
        return change(node)
    if isinstance(node, ast.If):
        otherwise = _changed(node.otherwise, kinds, change) if node.otherwise is not None else None
        return node.model_copy(
            update={"then": _changed(node.then, kinds, change), "otherwise": otherwise}
        )
    if isinstance(node, ast.And | ast.Or):
        return node.model_copy(
            update={"args": tuple(_changed(arg, kinds, change) for arg in node.args)}
        )
    return (
        node.model_copy(update={"arg": _changed(node.arg, kinds, change)})
        if isinstance(node, ast.Not)
        else node
    )


def _dated(node: ast.Node, window: ast.Window, kinds: tuple[type, ...]) -> ast.Node:
    """`node` with each undated atom of `kinds` (outside conditions) given `window`."""
    return _changed(
        node,
        kinds,
        lambda atom: (
            atom if atom.window is not None else atom.model_copy(update={"window": window})
        ),
    )


def _ever(atom: Datable) -> Datable:
    """An atom without the screening window a present-tense item gets by default (no words say
    it: its span is empty): under a lead-in that speaks of history, the item is any time."""
    window = atom.window
    if isinstance(window, ast.Window) and window.span and window.span[0] == window.span[1]:
        return atom.model_copy(update={"window": None})
    return atom


def _ongoing(atom: Datable) -> ast.Node:
    """A use dated by a course lead-in, as the course up to its date (`lasting.ongoing`)."""
    return ongoing(atom) if isinstance(atom, ast.Exists) and course(atom) else atom


def entity_atoms(rule: ast.Node) -> list[Datable]:
    """The `has` and `count` atoms of a rule a window can date (outside its conditions)."""
    return _atoms(rule, _ENTITIES)


def dated(rule: ast.Node, window: ast.Window) -> ast.Node:
    """`rule` with each undated `has` and `count` (outside conditions) given `window`."""
    return _dated(rule, window, _ENTITIES)


def _forecast(scope: Scope) -> ast.Unresolved:
    return unresolved(
        "judgement",
        f"the lead-in's {scope.forecast!r} asks for a forecast, which no record holds",
        scope.span,
    )


def scoped(rule: ast.Node, scope: Scope) -> ast.Node:
    """An item's rule within its lead-in's scope: its undated atoms take the lead-in's window (a
    measure its latest value in the window; at present, a measure keeps its latest value)."""
    if scope.history:
        rule = _changed(rule, _ENTITIES, _ever)
        if scope.window is None and scope.forecast is None:
            return rule
    kinds = _ENTITIES if scope.present else _ENTITIES + _MEASURES
    atoms = _atoms(rule, kinds)
    if not outcome(rule).executable or (atoms and all(atom.window is not None for atom in atoms)):
        return rule  # nothing to scope, or the item dates itself
    if scope.window is None:  # a forecast alone: "Planned surgery of any of the following:"
        return _forecast(scope)
    window = scope.window
    if isinstance(window, ast.Window):
        if atoms:
            dated = _dated(rule, window, kinds)
            if scope.course:  # each use a course going on up to the lead-in's date
                dated = _changed(dated, (ast.Exists,), _ongoing)
            return either(dated, _forecast(scope)) if scope.forecast else dated
        if scope.present:
            return rule  # a present-use lead-in leaves a measure its latest value
        detail = f"the lead-in {scope.text!r} dates it, which is not carried"
    else:
        detail = f"the lead-in {scope.text!r} dates it, which is not carried: {window.detail}"
    return both(rule, unresolved("ambiguous", detail, scope.span))


def _names_kind(facts: CriterionFacts) -> bool:
    """Whether every concept of the lead-in follows its "any of the following" ("Subjects with any
    of the following infections or infections history:"): it names what kind of thing its items
    are, not a requirement beside them ("Diabetes and any of the following:")."""
    view = CriterionView(facts)
    listed = view.phrase("alternatives")
    starts = [relative(m.span, view.base)[0] for m in facts.mentions]
    return listed is not None and bool(starts) and min(starts) >= listed.end()


def heading(rule: ast.Node, facts: CriterionFacts) -> ast.Node:
    """A lead-in's own rule: a heading of its items when it compiled nothing or names only their
    kind, unless it asks the screening team ("In the investigator's opinion, any of the
    following:")."""
    result = outcome(rule)
    if any(part.reason in ("consent", "judgement") for part in result.unresolved):
        return rule
    if _names_kind(facts):
        return unresolved(
            "no_content",
            f"{quote(facts.criterion.text)!r} names the kind of the items listed under it, which "
            "say which ones count: read on its own it would be any of that kind, so it is no "
            "criterion",
        )
    if result.executable:
        return rule
    return unresolved(
        "no_content",
        f"{quote(facts.criterion.text)!r} is the lead-in of the items listed under it, not a "
        "criterion",
    )
