"""`eligo_context`: cue phrases that change what a criterion's concepts mean.

Like medspaCy's ConText, cues are phrases from a rule file (`data/context.jsonl`):
a conditional ("if", "for women of childbearing potential"), an exception
("except", "other than", "acceptable"), a consent or judgement clause, a vague
qualifier ("good", "significant"), history or current-state words. The compiler
reads them to build `if`, `except`, `unresolved` and status filters. Negation is
left to negspacy's NegEx (see `concepts.py`).
"""

from __future__ import annotations

from typing import Literal, get_args

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from eligo.datafiles import named_word_lists
from eligo.facts import Cue
from eligo.parser import doc as _doc  # noqa: F401 - registers the Doc extensions

ContextCategory = Literal[
    "conditional", "exception", "consent", "judgement", "vague", "history", "current"
]


def context_phrases(rules: str = "context.jsonl") -> dict[str, list[str]]:
    """The cue phrases of each category, from a word-list file of `eligo.parser.data`."""
    lists = named_word_lists("eligo.parser.data", rules, get_args(ContextCategory))
    return {
        category: [p for entry in entries for p in entry.phrases]
        for category, entries in lists.items()
    }


@Language.factory(
    "eligo_context", default_config={"rules": "context.jsonl"}, assigns=["doc._.cues"]
)
class ContextCues:
    """Finds cue phrases inside criteria; the longest match wins where two overlap."""

    def __init__(self, nlp: Language, name: str, rules: str):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for category, phrases in context_phrases(rules).items():
            self.matcher.add(category, [nlp.make_doc(phrase) for phrase in phrases])

    def __call__(self, doc: Doc) -> Doc:
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        cues: list[Cue] = []
        taken_until = -1
        for match_id, start, end in matches:
            if start < taken_until:
                continue
            span = doc[start:end]
            category = doc.vocab.strings[match_id]
            cues.append(
                Cue(category=category, span=(span.start_char, span.end_char), text=span.text)
            )
            taken_until = end
        taken = [cue.span for cue in cues]
        for than in _split_other_than(doc):
            if not any(a < than.span[1] and than.span[0] < b for a, b in taken):
                cues.append(than)
        doc._.cues = sorted(cues, key=lambda cue: cue.span)
        return doc


# "another antidiabetic agent than metformin": "other ... than" split by the head it qualifies is
# "other than" (the words a comparison puts before "than" make it a comparison, not an exception)
_OTHER = frozenset({"other", "another"})
_COMPARATIVE = frozenset(
    {
        "more",
        "less",
        "greater",
        "fewer",
        "higher",
        "lower",
        "rather",
        "older",
        "younger",
        "better",
        "worse",
        "longer",
        "shorter",
        "larger",
        "smaller",
        "earlier",
        "later",
    }
)
_HEAD_WORDS = 8  # at most this many words between "other" and "than"


def _split_other_than(doc: Doc) -> list[Cue]:
    """Exception cues on the "than" of an "other <head> than" split by its head."""
    found = []
    for token in doc:
        if token.lower_ != "than" or token.i == 0:
            continue
        if doc[token.i - 1].lower_ in _COMPARATIVE or doc[token.i - 1].lower_ in _OTHER:
            continue  # "more than", and "other than" itself is a phrase of the rule file
        for back in range(token.i - 2, max(token.i - 2 - _HEAD_WORDS, -1), -1):
            word = doc[back]
            if word.is_punct or word.lower_ in _COMPARATIVE:
                break
            if word.lower_ in _OTHER:
                span = (token.idx, token.idx + len(token.text))
                found.append(Cue(category="exception", span=span, text=token.text))
                break
    return found
