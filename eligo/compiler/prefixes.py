"""What a concept glued to "non-" names: its negation, or a class that leaves it out.

"Non-smoking women", "non-diabetic patients", "non-childbearing potential": "non-" negates the
concept, which ends its noun phrase or qualifies a person. "Non-insulin antidiabetic agent",
"non-steroid treatment", "non-diabetic kidney disease": the concept only narrows another head (a
remedy, a procedure, a further entity), so the phrase names that head's class except the concept.
No rule expresses such an exception; reading "not X" there would exclude every patient on X and
admit every patient on the class, so the words stay for coverage to report, unresolved.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.parts import ENTITY_TYPES
from eligo.compiler.view import CriterionView

_WORD = re.compile(r"-?[A-Za-z][\w/-]*")
_GAP = re.compile(r"[ \t]+")
_PHRASE_END = re.compile(
    r"(?:and|or|and/or|nor|with|without|for|of|in|on|at|to|within|during|since|prior|before|after|who|"
    r"which|that|is|are|was|were|be|been|than|as|by|from|per|if|unless|except|including)",
    re.I,
)
_CONDITION_HEAD = re.compile(
    r"(?:disease|disorder|condition|illness|injury|cancer|tumou?r|pain)s?", re.I
)  # "non-diabetic kidney disease": a class of conditions, not a mention of its own
_HEAD_WORDS = 4


def heads_another(view: CriterionView, stop: int, end: int) -> bool:
    """Whether the noun phrase going on from `stop` (the end of a concept glued to "non-") reaches
    another head within a few words: a remedy ("agent", "medication", "therapy"), a procedure
    ("surgery"), a class of conditions ("disease", "pain") or the start of another entity
    mention. A person ("patients", "women") or the end of the phrase leaves "non-" a negation."""
    at = stop
    if view.text.startswith("-", at):  # "non-insulin-treated": the compound goes on
        word = _WORD.match(view.text, at)
        at = word.end() if word else at
    for _ in range(_HEAD_WORDS):
        gap = _GAP.match(view.text, at, end)
        word = _WORD.match(view.text, gap.end(), end) if gap else None
        if word is None or _PHRASE_END.fullmatch(word.group()):
            return False
        text = word.group()
        if phrases.pattern("person").fullmatch(text):
            return False
        if (
            phrases.pattern("remedy").fullmatch(text)
            or phrases.pattern("generic").fullmatch(text)
            or _CONDITION_HEAD.fullmatch(text)
            or view.mentions(word.start(), word.start() + 1, ENTITY_TYPES)
        ):
            return True
        at = word.end()
    return False
