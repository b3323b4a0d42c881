"""`eligo_phrases`: the word-list phrases of each criterion (`data/phrases.jsonl`), as facts.

How a criterion's facts relate is often said by a few words around them ("only",
"treatment for", "expected to"); the compiler asks for those phrases in many
ranges of a criterion. Finding them here, once per criterion and for every
category in one scan (`eligo.phrases.scan`), lets the compiler read them as
facts (`CriterionFacts.phrases`) instead of matching a pattern over the text for
every question.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eligo.parser import doc as _doc  # noqa: F401 - registers the Doc extensions
from eligo.phrases import scan


@Language.factory("eligo_phrases", requires=["doc._.criteria"], assigns=["doc._.phrases"])
def make_phrases(nlp: Language, name: str):
    """A factory rather than `@Language.component`: spaCy's entry points (`spacy_factories`) load a
    factory."""
    return find_phrases


def find_phrases(doc: Doc) -> Doc:
    """Each criterion's phrases, scanned in the criterion's own text (a phrase at its first word
    starts a word, whatever precedes the criterion)."""
    doc._.phrases = [
        phrase
        for criterion in doc._.criteria or []
        for phrase in scan(criterion.text, criterion.span[0])
    ]
    return doc
