"""Exceptions of a list: the text an exception cue governs and the concepts it leaves out.

"Any malignancy, except basal cell carcinoma of the skin": the exception cue governs
the rest of its clause (or, when no concept follows it, the clause before it); the
concepts named there become the `except` of the mentions of their type before it,
and an exception that names no known concept, or names the excepted concept
itself or one above it ("chronic liver disease other than NAFLD" linked to any
liver disease), stays unresolved. Apart from `lists.py` because the timing and accounting
read the same ranges.
"""

from __future__ import annotations

import re

from eligo.compiler.names import concept_name, narrower
from eligo.compiler.parts import ENTITY_TYPES, EntityHit, quote, unresolved
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

_EXAMPLES = re.compile(r"[,;]?\s*(?:such as|including|e\.g\.|for example|i\.e\.)", re.I)
_RELATIVE_CLAUSE = re.compile(
    r"\s*(?:which|that|who|whose|and\s+(?:has|have|is|are|was|were))\b", re.I
)


def exception_ranges(view: CriterionView, start: int, end: int) -> list[tuple[int, int]]:
    """Text governed by an exception cue: from the cue to the end of its clause ("except X"), or,
    when no concept follows it, from the start of its clause to the cue ("X is allowed")."""
    ranges = []
    for _, c_start, c_end in view.cues("exception", start, end):
        stop = view.clause_end(c_end, end)
        if view.phrase_at("postmodifying_exception", c_start, c_end) is not None:
            example = view.phrase("instance", c_end, stop)  # "a cause other than X (e.g. A)"
            stop = stop if example is None else example.start()
        elif stop < end and _EXAMPLES.match(view.text, stop):
            while stop < end and not _RELATIVE_CLAUSE.match(view.text, stop + 1):
                stop = view.clause_end(stop + 1, end)
        if view.mentions(c_end, stop, ENTITY_TYPES):
            ranges.append((c_end, stop))
        else:
            ranges.append((view.clause_start(c_start, start), c_start))
    return ranges


def unmatched_exceptions(
    view: CriterionView, start: int, end: int, asides: list[ast.Unresolved]
) -> list[ast.Unresolved]:
    """Exceptions that name no known concept ("(other than basal or squamous cell cancers of the
    skin)"), outside the brackets already taken as uncompiled exceptions."""
    missing = []
    taken = [
        (a, b)
        for a, b in view.brackets(start, end)
        if any(view.text[a:b][:60] in u.detail for u in asides)
    ]
    for (_, c_start, c_end), (e_start, e_end) in zip(
        view.cues("exception", start, end), exception_ranges(view, start, end)
    ):
        if any(a <= c_start < b for a, b in taken):
            continue
        if not view.mentions(e_start, e_end, ENTITY_TYPES):
            stop = view.clause_end(c_end, end)
            example = view.phrase("instance", c_end, stop)  # "other than PAD (e.g. ...)"
            stop = stop if example is None else example.start()
            named = quote(view.text[c_start:stop].rstrip(" ,;(["), 100)
            missing.append(
                unresolved(
                    "ambiguous",
                    f"the exception {named!r} names no known concept",
                    (c_start, stop),
                )
            )
    return missing


def exception_gap(
    view: CriterionView,
    group: list[tuple[int, EntityHit]],
    every: list[EntityHit],
    exceptions: list[tuple[int, int]],
) -> str | None:
    """Why the exception of a group is not fully compiled: it names the excepted concept itself
    ("except local malignancies ... superficial bladder cancer"), so some exception has no
    concept."""
    concepts = {item.mention.concept for _, item in group}
    for e_start, e_end in exceptions:
        if e_start >= group[0][1].start and any(
            e_start <= f.start < e_end and _covers(f.mention.concept, concepts) for f in every
        ):
            return (
                f"the exception {quote(view.text[e_start:e_end], 80)!r} names what no concept "
                "covers"
            )
    return None


def _covers(exception: str, concepts: set[str]) -> bool:
    """Whether an excepted concept is one of `concepts` or above one of them: "chronic liver disease
    other than NAFLD", with NAFLD linked to any liver disease, would except every case."""
    return exception in concepts or any(narrower(concept, exception) for concept in concepts)


def excepted(
    view: CriterionView, item: EntityHit, found: list[EntityHit], exceptions: list[tuple[int, int]]
) -> tuple[str, ...]:
    """The concepts of the first exception after the mention, of its type."""
    for e_start, e_end in exceptions:
        if e_start >= item.start:
            return tuple(
                concept_name(other.mention.concept)
                for other in found
                if e_start <= other.start
                and other.end <= e_end
                and other.mention.type == item.mention.type
                and not _covers(other.mention.concept, {item.mention.concept})
            )
    return ()
