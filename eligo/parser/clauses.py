"""`eligo_clauses`: sentence boundaries at criteria and clause breaks.

A blank pipeline has no sentence boundaries, and NegEx scopes a negation to its
sentence. Criteria are the natural sentences of an eligibility list; a `;` or a
sentence-final `.` (before a capital: "assay). HCV RNA ...") inside one starts a
new clause, so "No history of X; Y required" does not negate Y; a line break
inside one is a hard wrap, not a boundary ("No prior\n     chemotherapy").
Boundaries are written in one `from_array` call: setting them token by token
costs time quadratic in the length of the doc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from eligo.parser import doc as _doc  # noqa: F401 - registers the Doc extensions

if TYPE_CHECKING:
    from thinc.types import Ints2d


@Language.factory("eligo_clauses", requires=["doc._.criteria"], assigns=["token.is_sent_start"])
def make_clauses(nlp: Language, name: str):
    """A factory rather than `@Language.component`: spaCy's entry points (`spacy_factories`) load a
    factory."""
    return mark_clauses


def mark_clauses(doc: Doc) -> Doc:
    if len(doc) == 0:
        return doc
    starts = numpy.full(len(doc), -1, dtype="int32")
    starts[0] = 1
    wrapped = numpy.zeros(
        len(doc), dtype=bool
    )  # tokens inside a criterion: a line break there is a hard wrap
    for criterion in doc._.criteria or []:
        span = doc.char_span(criterion.span[0], criterion.span[1], alignment_mode="expand")
        if span is not None:
            starts[span.start] = 1
            wrapped[span.start : span.end] = True
            if span.end < len(doc):
                starts[span.end] = 1
    texts = [token.text for token in doc]  # once: indexing the `Doc` makes a `Token` each time
    for index, (text, after) in enumerate(zip(texts, texts[1:])):
        if (
            text == ";"
            or (text in {".", "!", "?"} and after[:1].isupper())
            or ("\n" in text and not wrapped[index])
        ):
            starts[index + 1] = 1
    doc.from_array(
        ["SENT_START"], cast("Ints2d", starts.astype("uint64").reshape(-1, 1))
    )  # -1 wraps, as spaCy expects
    return doc
