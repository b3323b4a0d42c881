"""The condition a group heading names, when the records can tell the group's members by it.

"Patients with type 1 diabetes:" names its group by a condition, so the compiler can decide
membership from records (`if has condition X then item`, `eligo/compiler/cohort_scopes.py`). Two
things keep a heading from that:

* Words before the condition's name that the name does not take in ("Patients with ocular
  hypertension", "type II diabetes mellitus", where the lexicon reads only "hypertension", "diabetes
  mellitus"). The condition is read at the breadth of all the words from the joining word ("with",
  "of") on: "type II diabetes mellitus" is type 2 diabetes mellitus; where the terminology names no
  narrower concept for them, the modifier is unexplained and the heading names no condition (the
  lexicon's "hypertension" would put every hypertensive patient in the ocular-hypertension group).
* Another group of the same section named by a condition too, read or not ("Patients with primary
  open angle glaucoma", "Patients with normal tension glaucoma", "Patients with ocular
  hypertension"): a patient of one may carry the diagnosis that names another (ICD-10-CM files
  normal-tension glaucoma under open-angle glaucoma, ocular hypertension under glaucoma), and the
  trial, not the record, assigns the group. Read from the record, one group's items would exclude
  the other's patients, so none of them names a condition the compiler may decide by. A group
  beside healthy volunteers or a numbered cohort has no such rival.
"""

from __future__ import annotations

import re
from collections import Counter

from eligo import phrases
from eligo.annotations import CriterionItem
from eligo.facts import CohortScope
from eligo.lexicon import Lexicon
from eligo.parser.concepts import breadth

# where the condition's words start: after the heading's start, a bracket or a stop, or a word that
# joins the name to the person ("with", "of", "having")
_JOINER = re.compile(
    r"(?:^|[(\[,:;–—-]|\b(?:with|of|having|has|have|and|or|for|in|known|diagnosed)\b)\s*", re.I
)
# "Patients with X", "subjects diagnosed with X": a group named by a condition, read or not
_WITH_CONDITION = re.compile(
    r"\b(?:with|having|who\s+have|diagnosed\s+with|suffering\s+from)\s+(?!no\b|any\b)\w", re.I
)


def _words_start(label: str, start: int) -> int:
    """Where the words that name the condition at `start` begin: after the last joining word or
    person word before it."""
    begin = 0
    for match in _JOINER.finditer(label, 0, start):
        begin = match.end()
    ends = [person.end() for person in phrases.pattern("person").finditer(label, begin, start)]
    return max([begin, *ends])


def heading_conditions(label: str) -> tuple[str, ...]:
    """The condition concepts a heading names ("Patients with type 1 diabetes:"), at the breadth of
    the words that name them; none if a word before a name narrows it to no known concept
    ("ocular hypertension" where the terminology had no such name)."""
    found = []
    for hit in Lexicon.load().find(label):
        if hit.concept.kind != "condition":
            continue
        own = breadth(label[hit.start : hit.end], hit.concept)
        start = _words_start(label, hit.start)
        words = label[start : hit.end].strip()
        named = breadth(words, hit.concept) if start < hit.start and words else own
        if (
            start < hit.start
            and label[start : hit.start].strip()
            and named in (own, hit.concept.id)
        ):
            return ()  # the words before the name name nothing narrower ("ocular hypertension")
        found.append(named)
    return tuple(dict.fromkeys(found))


def _names_condition(scope: CohortScope) -> bool:
    return bool(scope.conditions or _WITH_CONDITION.search(scope.label))


def decidable(scopes: list[CohortScope], criteria: list[CriterionItem]) -> list[CohortScope]:
    """The scopes, without the conditions of those whose section names another group by a
    condition."""
    kinds = Counter(criteria[s.items[0]].kind for s in scopes if s.items and _names_condition(s))
    return [
        scope.model_copy(update={"conditions": ()})
        if scope.conditions and scope.items and kinds[criteria[scope.items[0]].kind] > 1
        else scope
        for scope in scopes
    ]
