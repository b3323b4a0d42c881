"""The condition a group heading names, when it is the whole of what the heading says of the group.

"Patients with type 1 diabetes:" names its group by a condition, so the compiler can decide
membership from records (`eligo/compiler/cohort_scopes.py`). But a word before the condition's name
that the name does not take in narrows it: in "Patients with ocular hypertension" the lexicon reads
only "hypertension", in "Patients with type II diabetes mellitus" only "diabetes mellitus". Read
alone, the concept is wider than the group, and `if has condition hypertension then ...` would put
every hypertensive patient in the ocular-hypertension group. Such a heading names no condition the
compiler can decide: its group stays unresolved.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.lexicon import Lexicon
from eligo.parser.concepts import breadth

# what may stand right before the condition's name: the heading's start, a bracket or a stop, or a
# word that joins the name to the person ("with", "of", "having")
_BEFORE_NAME = re.compile(
    r"(?:^|[(\[,:;–—-]|\b(?:with|of|having|has|have|and|or|for|in|known|diagnosed)\s)\s*$", re.I
)


def _named_alone(label: str, start: int) -> bool:
    before = label[:start]
    return bool(
        _BEFORE_NAME.search(before) or phrases.ending("person").search(before.rstrip())
    )


def heading_conditions(label: str) -> tuple[str, ...]:
    """The condition concepts a heading names ("Patients with type 1 diabetes:"), at their
    breadth; none if a word before a name narrows it ("ocular hypertension")."""
    hits = [hit for hit in Lexicon.load().find(label) if hit.concept.kind == "condition"]
    if not all(_named_alone(label, hit.start) for hit in hits):
        return ()
    return tuple(dict.fromkeys(breadth(label[hit.start : hit.end], hit.concept) for hit in hits))
