"""The NegEx termset tuned for eligibility criteria ("no history of", "naive to", ...), spaCy-free.

One home for the negation words: the parser's NegEx component (`parser/negation.py`)
matches them in the text, and the compiler reads a lead-in's negation
("No prior treatment ..., including any of the following:") with the same words.
"""

from __future__ import annotations

import json
from importlib import resources


def negation_termset() -> dict[str, list[str]]:
    """negspacy's termset layout: `preceding_negations`, `following_negations`, `pseudo_negations`, `termination`."""
    text = resources.files("eligo.data").joinpath("negation_terms.json").read_text(encoding="utf-8")
    return json.loads(text)
