"""spaCy's tokenizer with its chunk cache working through a whole protocol.

spaCy's tokenizer cuts a text at whitespace into chunks and remembers the
tokens of each chunk it has split (its cache), so a word seen before costs one
lookup instead of the prefix, suffix and infix expressions. But it stores a
chunk only while no special case has matched earlier in the same call: the
flag that keeps a special case's tokens out of the cache is set for the rest
of the text, not for the one chunk (spaCy 3.8, `Tokenizer._tokenize_affixes`).
scispaCy's tokenizer has 1,367 special cases, "and/or", "e.g.", "cannot" among
them, so after the first of them in a protocol no new word was remembered, and
its cache stopped at spaCy's 10,000 chunks besides: on the development texts
the tokenizer redid the same words' expressions at every protocol (1.86 s CPU
a pass over them warm, against 0.40 s with the cache filled).

`ChunkCachingTokenizer` first hands the tokenizer the chunks of a text it has
not seen yet, where no special case precedes them (the plain words in one call,
each other chunk in a call of its own), so that they enter the cache, then the
text itself. Its tokens are the same: the cache holds only what the rules make
of a chunk in which no special case matched, and special cases are looked up
before the cache. The cache holds up to `MAX_CHUNKS` chunks.
"""

from __future__ import annotations

from typing import Any

from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]  # Cython, no stub
from spacy.tokens import Doc

# some 370 bytes a chunk with spaCy's entry (18 MB at most); the development texts have some
# 26,000 distinct chunks
MAX_CHUNKS = 50_000


class ChunkCachingTokenizer:
    """A spaCy `Tokenizer` that fills its cache with each text's new chunks before it splits the
    text; every other attribute is the tokenizer's."""

    def __init__(self, tokenizer: Tokenizer):
        tokenizer.max_cache_size = MAX_CHUNKS
        self.tokenizer = tokenizer
        self.seen: set[str] = set()

    def __call__(self, text: str) -> Doc:
        if len(self.seen) < MAX_CHUNKS:
            self._remember(text)
        return self.tokenizer(text)

    def _remember(self, text: str) -> None:
        new = [chunk for chunk in dict.fromkeys(text.split()) if chunk not in self.seen]
        if not new:
            return
        self.seen.update(new)
        special = self.tokenizer.rules
        plain = [chunk for chunk in new if chunk.isalnum() and chunk not in special]
        if plain:
            self.tokenizer(" ".join(plain))
        for chunk in new:
            # a special case may match inside it ("(e.g.,"): alone, it keeps the flag from others
            if not chunk.isalnum() and chunk not in special:
                self.tokenizer(chunk)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)
