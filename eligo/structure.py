"""The structure of a criterion's text: sentences, and the marks that bound clauses and brackets.

A criterion is compiled sentence by sentence and a cue governs its clause. The
parser reads both once, here, and hands them to the compiler as facts
(`CriterionFacts.sentences`, `CriterionFacts.marks`), so the compiler never scans
the text for them: a `.` before a capital ends a sentence (not after "e.g."), so
do `;`, a list of exceptions after ":", a comma splice before a new subject
("..., They may be") and "Note:", all outside brackets; a clause ends at `,` `;`
`:` "then" or its enclosing bracket, which the marks (every bracket, separator
and "then" of the text, by position) let the compiler find from any place.
"""

from __future__ import annotations

import re

from eligo.facts import Mark, Span

_THEN = re.compile(r"\bthen\b", re.I)
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "st", "dr", "no", "approx", "incl", "cf", "al"}
_BULLET = re.compile(r"(?:o|-|•|\*|\d{1,2}[.)])\s+(?=\S)")
EXCEPTION_LIST = re.compile(r"\bexceptions?\b", re.I)
_CAPITAL_AFTER = re.compile(r"\s+(?:(?:o|-|•)\s+)?[A-Z(]")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
# "..., They may be post-menopausal": a comma before a new subject ends a sentence.
_SPLICE = re.compile(r"\s+(?:They|He|She|These|This)\b")
_NOTE_START = re.compile(r"(?:NOTE|Note)\s*:")
_MARKS = "()[],;:"
# the only characters `marks` and `sentences` act on, found by the regular expression engine
# instead of a Python step per character (each is then tested as before): a mark or the "t" that
# may open "then"; a bracket, a break, or white space before a note
_MARK_CANDIDATE = re.compile(r"[()\[\],;:t]")
_BREAK_CANDIDATE = re.compile(r"[()\[\];.:,]|\s(?=NOTE|Note)")


def marks(text: str, offset: int = 0) -> list[Mark]:
    """Every bracket, `,` `;` `:` and "then" (as "t") of `text`, positions shifted by `offset`."""
    return [
        Mark(found.start() + offset, char)
        for found in _MARK_CANDIDATE.finditer(text)
        for char in [found.group()]
        if char in _MARKS or _THEN.match(text, found.start())
    ]


def _sentence_break(text: str, index: int) -> bool:
    """A `.` that ends a sentence: white space, then a capital or a bullet, and no abbreviation
    before it."""
    after = _CAPITAL_AFTER.match(text, index + 1)
    word = _WORD_BEFORE.search(text, max(0, index - 12), index)
    return after is not None and not (
        word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)
    )


def sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence ranges of a criterion (shifted by `offset`): a full stop before a capital, a `;`,
    or a list of exceptions after `:`, outside brackets.

    Each range starts after the white space and any flattened bullet ("o ", "- ") that opens it.
    """
    bounds, depth = [0], 0
    for found in _BREAK_CANDIDATE.finditer(text):
        index, char = found.start(), found.group()
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
            ranges.append(Span(start + offset, end + offset))
    return ranges or [Span(offset, len(text) + offset)]


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
