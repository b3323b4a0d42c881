"""Pass: "Pregnant women", "Pregnancy, breastfeeding or lactating", "Renal failure (GFR <= 30
mL/min)": a state named without a history cue is the state at screening, whether a copula, a bare
noun, an adjective or a list carries it (`data/states.jsonl` lists the states; "dialysis", "renal
replacement therapy" is one too: a kidney function replaced now, not a dialysis once for an acute
injury; so are alcohol or drug abuse and dependence: "history of" says when they are any ever; and
a standing therapy one is on, "Hormone replacement therapy", "Long-term oxygen therapy", as a
treatment taken now)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from eligo.compiler.lasting import lasted, lasting_node, shorter
from eligo.compiler.logic import both, exists_of, with_polarity
from eligo.compiler.names import lexicon_concept
from eligo.compiler.parts import Draft, Part, Sentence, at_screening, relative, unresolved
from eligo.datafiles import load_jsonl
from eligo.grammar import ast


class State(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    concept: str


@lru_cache(maxsize=1)
def states() -> frozenset[str]:
    return frozenset(
        state.concept for state in load_jsonl("eligo.compiler.data", "states.jsonl", State)
    )


def _dated(node: ast.Node, start: int, lasting: frozenset[tuple[int, int]]) -> ast.Node:
    """`node` (a `has`, negated or not) dated at screening when it names only states and no
    window; a state that has lasted some time ("type 1 diabetes for at least 1 year", a window in
    `lasting`) is there at screening and was that long before."""
    found = exists_of(node)
    if found is None:
        return node
    if found.window is not None:
        if found.window.span not in lasting:
            return node
        if any(e.type != "condition" for e in found.entities):
            return _not_lasting(found.window) if shorter(found.window) else node
        now = found.model_copy(update={"window": at_screening(found.window.span)})
        return with_polarity(node, lasting_node(found, now))
    if not all(
        e.type == "condition"
        or (
            e.type in ("procedure", "treatment", "event")
            and {e.concept, lexicon_concept(e.concept)} & states()
        )
        for e in found.entities
    ):
        return node
    first = min((e.span[0] for e in found.entities if e.span is not None), default=start)
    if any(e.type == "event" for e in found.entities):
        return both(node, _not_dated(found, first))
    dated = found.model_copy(
        update={"window": at_screening((first, first))}
    )  # no words say it: an empty span
    return with_polarity(node, dated)


def _each(node: ast.Node, start: int, lasting: frozenset[tuple[int, int]]) -> ast.Node:
    """`node`, one argument of a part's `or` / `and`, dated; inside it, an item of two states both
    said of it ("A, B on C": `A or (B and C)`, `qualified_items`) has each state dated."""
    if isinstance(node, ast.And) and all(isinstance(arg, ast.Exists) for arg in node.args):
        return node.model_copy(update={"args": tuple(_dated(a, start, lasting) for a in node.args)})
    return _dated(node, start, lasting)


def _lasted_ever(node: ast.Node, lasting: frozenset[tuple[int, int]]) -> ast.Node:
    """ "History of diabetes for less than 5 years": on record at some time, and not N or more
    before screening; a lower bound ("for at least 10 years") is its window alone."""
    found = exists_of(node)
    if found is None or found.window is None or found.window.span not in lasting:
        return node
    if not shorter(found.window):
        return node
    if any(e.type != "condition" for e in found.entities):
        return _not_lasting(found.window)
    ever = found.model_copy(update={"window": None})
    return with_polarity(node, lasting_node(found, ever))


def _not_lasting(window: ast.Window) -> ast.Node:
    """ "On metformin for less than 3 months": how long a use has lasted, which records of single
    uses do not show."""
    return unresolved(
        "unsupported",
        "how long a use has lasted is not compiled: records hold single uses",
        window.span,
    )


def _not_dated(found: ast.Exists, first: int) -> ast.Unresolved:
    """ "Participation in another clinical study": a state now, which an event record (one day: the
    participation's start) cannot show to be ongoing; any record ever would be too broad."""
    last = max((e.span[1] for e in found.entities if e.span is not None), default=first)
    return unresolved(
        "unsupported",
        "the event is meant as ongoing at screening, which a dated event record does not show",
        (first, last),
    )


def _in_past(sentence: Sentence, part: Part, starts: list[int]) -> bool:
    """Whether a history cue or a past phrase ("history of", "prior") reaches the part: anywhere
    before it in the sentence ("History of MI, stroke or TIA"), after it in its clause or list ("MI,
    CABG or stroke in the past"), but not across another part that a verb begins ("are not
    breastfeeding, ..., have practiced birth control for 6 weeks prior to screening": the past
    dates the birth control only)."""
    view, start, end = sentence.view, sentence.start, sentence.end
    if view.cues("history", start, part.end) or view.phrase("past", start, part.end):
        return True
    later = [c[1] for c in view.cues("history", part.end, end)]
    later += [p.start() for p in view.phrases("past", part.end, end)]
    return any(
        not any(part.end <= s < at and view.phrase("clause", part.end, s) for s in starts)
        for at in later
    )


def current_states(draft: Draft, sentence: Sentence) -> Draft:
    view = sentence.view
    lasting = frozenset(
        relative(window.span, view.base) for window in view.facts.windows if lasted(window)
    )
    result = []
    for part in draft.parts:
        if _in_past(sentence, part, [p.start for p in draft.parts if p.entity]):
            if part.entity:
                part = replace(part, expr=_lasted_ever(part.expr, lasting))
        elif part.entity and isinstance(
            part.expr, ast.Or | ast.And
        ):  # "renal failure (GFR <= 30)": the diagnosis or its definition; "NYHA IV heart failure"
            args = tuple(_each(arg, part.start, lasting) for arg in part.expr.args)
            expr = part.expr.model_copy(update={"args": args})
            part = Part(part.start, part.end, expr, part.entity)
        elif part.entity:
            part = Part(part.start, part.end, _dated(part.expr, part.start, lasting), part.entity)
        result.append(part)
    return replace(draft, parts=tuple(result))
