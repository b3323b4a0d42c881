"""What a concept glued to "non-" names: its negation, or a class that leaves it out.

"Non-smoking women", "non-diabetic patients", "non-childbearing potential": "non-" negates the
concept, which ends its noun phrase or qualifies a person. "Non-insulin antidiabetic agent",
"non-steroid treatment", "non-diabetic kidney disease": the concept only narrows another head (a
remedy, a procedure, a further entity), so the phrase names that head's class except the concept.
No rule expresses such an exception; reading "not X" there would exclude every patient on X and
admit every patient on the class, so the words stay for coverage to report, unresolved.
"""

from __future__ import annotations

from eligo import phrases
from eligo.compiler.parts import ENTITY_TYPES
from eligo.compiler.view import CriterionView
from eligo.datafiles import patterns

_CUE = patterns("eligo.compiler.data", "prefix_cues.jsonl")
_HEAD_WORDS = 4


def heads_another(view: CriterionView, stop: int, end: int) -> bool:
    """Whether the noun phrase going on from `stop` (the end of a concept glued to "non-") reaches
    another head within a few words: a remedy ("agent", "medication", "therapy"), a procedure
    ("surgery"), a class of conditions ("disease", "pain") or the start of another entity
    mention. A person ("patients", "women") or the end of the phrase leaves "non-" a negation."""
    at = stop
    if view.text.startswith("-", at):  # "non-insulin-treated": the compound goes on
        word = _CUE["word"].match(view.text, at)
        at = word.end() if word else at
    for _ in range(_HEAD_WORDS):
        gap = _CUE["gap"].match(view.text, at, end)
        word = _CUE["word"].match(view.text, gap.end(), end) if gap else None
        if word is None or _CUE["phrase_end"].fullmatch(word.group()):
            return False
        text = word.group()
        if phrases.named("person", text):
            return False
        if (
            phrases.named("remedy", text)
            or phrases.named("generic", text)
            or _CUE["condition_head"].fullmatch(text)
            or view.mentions(word.start(), word.start() + 1, ENTITY_TYPES)
        ):
            return True
        at = word.end()
    return False
