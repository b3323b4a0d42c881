"""Group headings that no colon or marker shows, and a criterion scoped to one group in its own
words (5a).

"Patients with primary open angle glaucoma", a plain line (no list marker, no colon) followed by
bulleted items, then "Patients with normal tension glaucoma" and its items, then "Healthy control
subjects" and theirs: each such line is a group heading, not a criterion, and the items under it, up
to the next such line or the end of the section, hold for that group only. What tells it from a
topic heading ("Disease characteristics") or a lead-in that lost its colon: it is short and names a
population or a group of the trial (a person or group word; no word of obligation, history or topic:
`lists.NOT_A_COHORT`; no threshold), its own line is no list item while the next criterion's is, and
its section holds two or more such lines (one alone may be the whole population, or a sentence that
lost its colon). A heading with a colon is `lists.find_cohorts`'s; the criteria it already scopes
are left to it.

A criterion that opens with a heading of criteria for one group ("Inclusion criteria - applicable
for T2DM group only: 1.1. ... 1.2. ...", its numbered sub-items run into one line) or ends by naming
the one group it holds for ("(applicable for healthy subjects only)", "... for the T2DM group only")
is scoped the same way (`facts.CohortScope` with that criterion as its one item). The heading's
words are then not the criterion's own: its facts inside them are dropped (`without_headings`), so
the group the heading names is never read as a requirement, or in an exclusion as one more thing
that excludes. The compiler conditions each item on membership (`eligo/compiler/cohort_scopes.py`).
"""

from __future__ import annotations

import re
from collections import Counter

from eligo import phrases
from eligo.annotations import CriterionItem
from eligo.facts import CohortScope, CriterionFacts
from eligo.parser.heading_conditions import heading_conditions
from eligo.parser.lists import (
    NOT_A_COHORT,
    heading_between,
    line_marked,
    negations,
    scope_heading,
    stage_label,
)

_MOST_WORDS = 12  # a group heading is a name, not a sentence
_ENDS = " \t:-–—"
# "Inclusion criteria - applicable for T2DM group only:": the group the heading names
_APPLIES = re.compile(
    r"\b(?:(?:only\s+)?(?:applicable|applies|apply|valid)\s+(?:only\s+)?(?:for|to)|for)\s+"
    r"(?:the\s+|all\s+)?(?P<group>[^():;\n]{2,60}?)\s+only\b",
    re.I,
)
# "(applicable for healthy subjects only)", "..., for the T2DM group only.": a closing scope
_TRAILING = re.compile(
    r"\(\s*(?P<bracket>(?:only\s+)?(?:applicable|applies|apply|valid)\s+(?:only\s+)?(?:for|to)\s+"
    r"(?:the\s+|all\s+)?(?P<inner>[^()]{2,60}?)\s+only)\s*\)"
    r"|[,;]?\s*\bfor\s+(?:the\s+)?(?P<group>[^():;,\n]{2,60}?)\s+only\W*$",
    re.I,
)
_SITES = re.compile(r"\b(?:sites?|centres?|centers?|countr(?:y|ies)|regions?)\b", re.I)
_NUMBER_ONLY = re.compile(r"[\s\d.)]*")  # "1.1.": a sub-item's number, no word of its own
_HEAD = re.compile(r"\s*(?P<head>[^:\n]{3,120}):\s*\S")


def _label(body: str) -> str:
    return " ".join(body.strip().rstrip(_ENDS).split())


def names_group(label: str) -> bool:
    """Whether a short label names a population or a group of the trial ("Healthy control
    subjects", "Cohort A", "Part 1 (healthy volunteers)"), not a topic, an obligation or a
    threshold."""
    return bool(
        1 <= len(label.split()) <= _MOST_WORDS
        and (
            phrases.pattern("person").search(label)
            or phrases.pattern("group_head").search(label)
            or phrases.pattern("cohort").search(label)
        )
        and not NOT_A_COHORT.search(label)
        and not negations()[0].match(label)
        and not re.search(r"[.;<>≤≥=%]", label)
        and not _SITES.search(label)  # a site or country scope is the compiler's `local_scopes`
    )


def _plain_line(text: str, criteria: list[CriterionItem], index: int) -> bool:
    """Whether criterion `index` is a plain line (no list marker, no colon, one line) and the
    criterion after it, of its section, a list item: the shape of a heading."""
    item = criteria[index]
    body = item.text.strip()
    following = criteria[index + 1] if index + 1 < len(criteria) else None
    return not (
        following is None
        or following.kind != item.kind
        or "\n" in body
        or body.endswith(":")
        or line_marked(text, item.span[0])
        or not line_marked(text, following.span[0])
    )


def _heading_line(text: str, criteria: list[CriterionItem], index: int) -> str | None:
    """The label of criterion `index` if it is a plain line naming a group before list items."""
    if not _plain_line(text, criteria, index):
        return None
    label = _label(criteria[index].text)
    return label if names_group(label) else None


def find_group_headings(
    text: str, criteria: list[CriterionItem], taken: set[int]
) -> list[CohortScope]:
    """The plain group headings of a protocol's sections that hold two or more, each with the
    criteria under it up to the next one, the section's end or any other heading (a line between
    criteria, or a plain line before list items that names no group: "All subjects"); `taken`:
    criteria a heading with a colon already scopes."""
    lines = {
        index: label
        for index in range(len(criteria))
        if index not in taken and (label := _heading_line(text, criteria, index)) is not None
    }
    per_kind = Counter(criteria[index].kind for index in lines)
    heads = {index: label for index, label in lines.items() if per_kind[criteria[index].kind] > 1}
    scopes: list[tuple[int, str, list[int]]] = []
    current: list[int] | None = None
    for index, item in enumerate(criteria):
        if index in heads:
            current = []
            scopes.append((index, heads[index], current))
            continue
        before = criteria[index - 1] if index else None
        if (
            before is None
            or before.kind != item.kind
            or heading_between(text[before.span[1] : item.span[0]])
            or _plain_line(text, criteria, index)
        ):
            current = None  # a new section, or a heading of another kind ("All subjects"), ends it
        if current is not None and index not in taken:
            current.append(index)
    return [
        CohortScope(
            label=label,
            span=criteria[index].span,
            items=tuple(items),
            conditions=heading_conditions(label),
            heading=index,
        )
        for index, label, items in scopes
        if items
    ]


def _own_scope(item: CriterionItem) -> tuple[tuple[int, int], str] | None:
    """The span (in the protocol) and the group of a scope written into the criterion itself."""
    head = _HEAD.match(item.text)
    if head is not None and (scope_heading(head.group("head")) or stage_label(head.group("head"))):
        applies = _APPLIES.search(head.group("head"))
        label = (
            applies.group("group")
            if applies is not None
            else stage_label(head.group("head")) or _label(head.group("head"))
        )
        return (item.span[0] + head.start("head"), item.span[0] + head.end("head") + 1), label
    closing = _TRAILING.search(item.text)
    if closing is None or closing.start() == 0:
        return None
    label = closing.group("inner") or closing.group("group")
    if not names_group(label):
        return None
    return (item.span[0] + closing.start(), item.span[0] + closing.end()), _label(label)


def find_own_scopes(criteria: list[CriterionItem], taken: set[int]) -> list[CohortScope]:
    """The criteria (not in `taken`) that say in their own words the one group they hold for."""
    found = []
    for index, item in enumerate(criteria):
        scope = None if index in taken else _own_scope(item)
        if scope is not None:
            span, label = scope
            found.append(
                CohortScope(
                    label=label, span=span, items=(index,), conditions=heading_conditions(label)
                )
            )
    return found


def _remainder(sentence: tuple[int, int], start: int, end: int) -> tuple[int, int] | None:
    """What is left of a sentence without the heading's span (none if it lies inside it)."""
    if start <= sentence[0] and sentence[1] <= end:
        return None
    if sentence[0] < start < sentence[1] <= end:
        return sentence[0], start
    if start <= sentence[0] < end < sentence[1]:
        return end, sentence[1]
    return sentence


def without_headings(
    text: str, criteria: tuple[CriterionFacts, ...], scopes: list[CohortScope]
) -> tuple[CriterionFacts, ...]:
    """The criteria's facts without those inside a heading written into the criterion: the
    heading's words scope the criterion, they are not what it requires. A sentence left with no
    more than the number of the heading's first sub-item ("...only: 1.1.") goes with it."""
    inside = {scope.items[0]: scope.span for scope in scopes if scope.heading is None}
    result = list(criteria)
    for index, (start, end) in inside.items():
        facts = result[index]
        gone = [(start, end)]
        kept_sentences = []
        for sentence in facts.sentences:
            rest = _remainder((sentence.start, sentence.end), start, end)
            if rest is not None and not _NUMBER_ONLY.fullmatch(text, *rest):
                kept_sentences.append(sentence)
            elif rest is not None:
                gone.append(rest)

        def keep(span: tuple[int, int], gone: list[tuple[int, int]] = gone) -> bool:
            return not any(a <= span[0] and span[1] <= b for a, b in gone)

        result[index] = facts.model_copy(
            update={
                "thresholds": tuple(f for f in facts.thresholds if keep(f.span)),
                "windows": tuple(f for f in facts.windows if keep(f.span)),
                "mentions": tuple(f for f in facts.mentions if keep(f.span)),
                "cues": tuple(f for f in facts.cues if keep(f.span)),
                "words": tuple(span for span in facts.words if keep(span)),
                "phrases": tuple(f for f in facts.phrases if keep(f.span)),
                "sentences": tuple(kept_sentences),
            }
        )
    return tuple(result)
