"""The compiler reads facts, not text (issue #13): a ratchet on what it still reads of a criterion's
text by itself.

The parser emits what the compiler needs (phrases, sentences, clause marks: `eligo/phrases.py`,
`eligo/structure.py`); what the compiler still matches with a regular expression, or reads of
`view.text`, is what is left to move. The counts may only go down: lower them when a use moves.
"""

from __future__ import annotations

import re
from pathlib import Path

COMPILER = Path(__file__).resolve().parents[2] / "eligo" / "compiler"

# what is counted, and the most the compiler may hold
LIMITS = {
    r"\bre\.\w+": 235,  # the `re` module: a pattern of the compiler's own
    r"\bview\.text\b": 262,  # the criterion's text, read directly
    r"\bphrases\.(?:pattern|ending)\b": 4,  # a word list matched against text, not phrase facts
}


def _count(pattern: str) -> int:
    return sum(
        len(re.findall(pattern, path.read_text(encoding="utf-8")))
        for path in COMPILER.rglob("*.py")
    )


def test_the_compiler_reads_no_more_text_than_it_did():
    counts = {pattern: _count(pattern) for pattern in LIMITS}
    grown = {p: (counts[p], most) for p, most in LIMITS.items() if counts[p] > most}
    assert not grown, (
        f"more reads of the text in eligo/compiler than allowed (count, limit): {grown}"
    )


def test_the_view_reads_phrases_and_structure_from_facts():
    view = (COMPILER / "view.py").read_text(encoding="utf-8")
    assert "from eligo import phrases" not in view
    assert not (COMPILER / "text.py").exists()  # sentences and clauses are the parser's
