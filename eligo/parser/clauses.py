"""`eligo_clauses`: sentence boundaries at criteria and clause breaks.

A blank pipeline has no sentence boundaries, and NegEx scopes a negation to its
sentence. Criteria are the natural sentences of an eligibility list; a `;` or a
sentence-final `.` inside one starts a new clause, so "No history of X; Y
required" does not negate Y.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("eligo_clauses")
def mark_clauses(doc: Doc) -> Doc:
    starts = {0}
    for criterion in doc._.criteria or []:
        span = doc.char_span(*criterion.span, alignment_mode="expand")
        if span is not None:
            starts.add(span.start)
            starts.add(span.end)
    for token in doc[:-1]:
        if token.text == ";" or (token.text in {".", "!", "?"} and doc[token.i + 1].is_title) or "\n" in token.text:
            starts.add(token.i + 1)
    for token in doc:
        token.is_sent_start = token.i in starts
    return doc
