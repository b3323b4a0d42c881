"""The structure of a criterion's text: sentences and clauses, outside brackets.

A criterion is compiled sentence by sentence and a cue governs its clause, so
both are found here once, by scanning the text with bracket depth: a `.`
before a capital ends a sentence (not after "e.g."), so do `;`, a list of
exceptions after ":", a comma splice before a new subject ("..., They may be")
and "Note:"; a clause ends at `,` `;` `:` "then" or its enclosing bracket.
"""

from __future__ import annotations

import re
from functools import lru_cache

_THEN = re.compile(r"\bthen\b", re.I)
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "st", "dr", "no", "approx", "incl", "cf", "al"}
_BULLET = re.compile(r"(?:o|-|•|\*|\d{1,2}[.)])\s+(?=\S)")
EXCEPTION_LIST = re.compile(r"\bexceptions?\b", re.I)
_CAPITAL_AFTER = re.compile(r"\s+(?:(?:o|-|•)\s+)?[A-Z(]")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
# "..., They may be post-menopausal": a comma before a new subject ends a sentence.
_SPLICE = re.compile(r"\s+(?:They|He|She|These|This)\b")
_NOTE_START = re.compile(r"(?:NOTE|Note)\s*:")


def clause_end(text: str, start: int, limit: int | None = None, commas: bool = True) -> int:
    """Where the clause begun at `start` ends: a `,` `;` `:` or "then" outside brackets, or its
    enclosing `)`; without `commas`, where the list begun there ends (a comma goes on)."""
    depth = 0
    stop = len(text) if limit is None else limit
    ends = ",;:" if commas else ";:"
    for index in range(start, stop):
        char = text[index]
        if char in "([":
            depth += 1
        elif char in ")]":
            if depth == 0:
                return index
            depth -= 1
        elif depth == 0 and (char in ends or (char == "t" and _THEN.match(text, index))):
            return index
    return stop


def clause_start(text: str, end: int, floor: int = 0) -> int:
    """Where the clause that ends at `end` begins: after a `,` `;` `:` `(` outside brackets."""
    depth = 0
    for index in range(end - 1, floor - 1, -1):
        char = text[index]
        if char in ")]":
            depth += 1
        elif char in "([":
            if depth == 0:
                return index + 1
            depth -= 1
        elif depth == 0 and char in ",;:":
            return index + 1
    return floor


def _sentence_break(text: str, index: int) -> bool:
    """A `.` that ends a sentence: white space, then a capital or a bullet, and no abbreviation
    before it."""
    after = _CAPITAL_AFTER.match(text, index + 1)
    word = _WORD_BEFORE.search(text, max(0, index - 12), index)
    return after is not None and not (
        word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)
    )


@lru_cache(maxsize=1024)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence ranges of a criterion: a full stop before a capital, a `;`, or a list of exceptions
    after `:`, outside brackets.

    Each range starts after the white space and any flattened bullet ("o ", "- ") that opens it.
    Remembered per text: every view of a criterion asks for them again.
    """
    bounds, depth = [0], 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and (
            char == ";"
            or (char == "." and _sentence_break(text, index))
            or (char == ":" and EXCEPTION_LIST.search(text, max(0, index - 40), index))
            or (char == "," and _SPLICE.match(text, index + 1))
            or (char.isspace() and _NOTE_START.match(text, index + 1))
        ):
            bounds.append(index + 1)
    bounds.append(len(text))
    ranges = []
    for start, end in zip(bounds, bounds[1:]):
        while start < end and text[start].isspace():
            start += 1
        bullet = _BULLET.match(text, start, end)
        start = bullet.end() if bullet and start > 0 else start
        if text[start:end].strip(" .;:\n"):
            ranges.append((start, end))
    return tuple(ranges) or ((0, len(text)),)


def unbracketed(text: str) -> str:
    """The text with its closed brackets blanked: "> 126 mg/dL (7.0 mmol/L) or" reads as "... or"; a
    bracket that opens or closes outside the text is kept, since what it holds may be the
    connective."""
    out, opened = list(text), []
    for index, char in enumerate(text):
        if char in "([":
            opened.append(index)
        elif char in ")]" and opened:
            start = opened.pop()
            if not opened:
                out[start : index + 1] = " " * (index + 1 - start)
    return "".join(out)
