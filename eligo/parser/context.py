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
        doc._.cues = cues
        return doc
