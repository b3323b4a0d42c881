"""The NegEx termset tuned for eligibility criteria ("no history of", "naive to", ...), spaCy-free.

One home for the negation words: the parser's NegEx component (`parser/negation.py`)
matches them in the text, and the list structure (`parser/lists.py`) reads a
lead-in's negation ("No prior treatment ..., including any of the following:")
with the same words, without loading spaCy.
"""

from __future__ import annotations

from eligo.datafiles import word_lists


def negation_termset() -> dict[str, list[str]]:
    """negspacy's termset layout: `preceding_negations`, `following_negations`, `pseudo_negations`,
    `termination` (the word lists of `data/negation_terms.jsonl`)."""
    lists = word_lists("eligo.data", "negation_terms.jsonl")
    return {
        name: [phrase for entry in entries for phrase in entry.phrases]
        for name, entries in lists.items()
    }
