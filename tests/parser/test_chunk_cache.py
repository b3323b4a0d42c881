"""The pipeline tokenizer's chunk cache: scispaCy's own tokens, and words after a special case kept.

spaCy stores no chunk after a special case ("and/or", "e.g.") in the same text;
`ChunkCachingTokenizer` hands new chunks over first. Whether a chunk is
remembered shows in the tokenizer's `token_match`, which spaCy asks only about a
chunk it has not cached.
"""

from __future__ import annotations

import pytest

from eligo.parser.chunk_cache import ChunkCachingTokenizer
from eligo.parser.pipeline import build_pipeline

TEXTS = [
    "Inclusion Criteria:\n- Hepatitis B and/or C (e.g., HBsAg-positive), i.e. active disease\n",
    "- Patients cannot swallow; creatinine>1.5 mg/dL or CrCl<30 mL/min (Cockcroft-Gault).\n",
    "- Prior anti-PD-1/PD-L1 therapy, e.g. nivolumab; Dr. Smith's vs. al. et al. data\n",
    "- ECOG 0-1 and/or KPS>=70%\t(see St. John's Wort) can't don't won't\n",
]


def _tokens(tokenizer, text):
    return [(t.text, t.whitespace_, t.norm_, t.lemma_) for t in tokenizer(text)]


@pytest.fixture(scope="module")
def tokenizer():
    return build_pipeline(()).tokenizer


def test_the_pipeline_tokenizer_keeps_its_cache_filled(tokenizer):
    assert isinstance(tokenizer, ChunkCachingTokenizer)


@pytest.mark.parametrize("order", [TEXTS, TEXTS[::-1], TEXTS + TEXTS])
def test_tokens_are_scispacys_own(tokenizer, order):
    plain = build_pipeline(()).tokenizer.tokenizer
    assert [_tokens(tokenizer, text) for text in order] == [_tokens(plain, text) for text in order]


def _asked(tokenizer, inner, first, then):
    """The chunks spaCy splits again in `then` after `first`."""
    asked = []
    inner.token_match = lambda chunk: asked.append(chunk)  # matches nothing, as scispaCy's None
    tokenizer(first)
    asked.clear()
    tokenizer(then)
    return list(dict.fromkeys(asked))


FIRST, THEN = "and/or loremipsum dolor-sit", "loremipsum dolor-sit"


def test_words_after_a_special_case_are_remembered():
    wrapped = build_pipeline(()).tokenizer
    assert _asked(wrapped, wrapped.tokenizer, FIRST, THEN) == []
    plain = build_pipeline(()).tokenizer.tokenizer
    assert _asked(plain, plain, FIRST, THEN) == ["loremipsum", "dolor-sit"]
