"""What a threshold compares when no lexicon concept is named just before its value.

Why a module: a comparison may share the concept of the one before it ("BMI
≥18.5 and ≤27.5"), count the things named after it ("one measurable lesion",
"Have had a single negative prostate biopsy"), or name an unknown measured
thing in its own words ("Rapid shallow breathing index (RSBI) < 105"); these
readings of the words around a value are one question, apart from reading the
value itself.
"""

from __future__ import annotations

import re

from eligo.datafiles import words
from eligo.parser.quantities import count_nouns
from eligo.parser.readings import NumberReading
from eligo.parser.scan_state import ScanState

_STRICT_PREFIX = re.compile(
    r"[<>≤≥=]|than|least|most|equal|over|above|below|under|exceed|upper|superior|inferior|up\s+to",
    re.I,
)
_WORD_BREAK = re.compile(r"[;.,:()\[\]]|\band\b|\bor\b")
_WORDS = re.compile(r"[A-Za-z][\w-]*")
_ASIDE_END = re.compile(r"\s*[(\[][^()\[\]]{0,40}[)\]]\s*$")
# what may come between a name and its value: "Index (HCT-I): ≤3", "Mini Mental Test Score, 18 to
# 24", and before a comparison symbol a parenthesis ("Low T-MoCA score (<20)"), not before a range
# or a word ("visits (minimum 3-4 per year")
_NAME_END = re.compile(r"[\s:,]+$")
_SYMBOL_NAME_END = re.compile(r"[\s:,(\[]+$")
_SYMBOLS = ("<", ">", "≤", "≥", "=")
_NAME_STOPS = frozenset(words("eligo.parser.data", "name_stops"))
_ENTITY_KINDS = ("condition", "treatment", "procedure", "event")
_NEXT_WORDS = re.compile(r"(?:\s+[a-z][\w-]*){1,3}", re.I)
_NUMBER_END = re.compile(r"(?:^|\s)\d[\d.,]*\s*$")
_HAD_BEFORE = re.compile(r"\b(?:had|received|undergone|underwent)\s+(?:a\s+|an\s+)?$", re.I)


class NamingScanner(ScanState):
    """A scan that names what a threshold compares from the words around its value."""

    def _bare_count(self, reading: NumberReading) -> bool:
        """A number of things had, with no comparison: "Have had a single negative prostate biopsy",
        "received 2 prior lines", "had 3 serum PSA levels"."""
        number = reading.number
        return (
            _HAD_BEFORE.search(self.text, max(0, number.start - 20), number.start) is not None
            and self._count_noun(number.end) is not None
        )

    def _count_noun(self, end: int) -> str | None:
        """A count noun among the three words after `end` ("3 serum PSA levels": "levels")."""
        words = _NEXT_WORDS.match(self.text, end)
        return (
            next(
                (w.lower() for w in _WORDS.findall(words.group()) if w.lower() in count_nouns()),
                None,
            )
            if words
            else None
        )

    def _inherited(self, start: int) -> str | None:
        """The concept of the comparison just before, when this one shares it ("BMI ≥18.5 and
        ≤27.5")."""
        last = self.previous(start)
        return last.concept if last is not None and last.kind == "threshold" else None

    def _counted(self, end: int) -> str | None:
        """What a bare number counts ("one measurable lesion", "two prior lines"), if anything."""
        counted = next(
            (m for m in self.mentions if 0 <= m.start - end <= 25 and m.kind in _ENTITY_KINDS), None
        )
        return counted.name if counted is not None else self._count_noun(end)

    def _compared(self, reading: NumberReading) -> bool:
        """A written comparison of something the lexicon cannot name ("> 5 cm", "CD34+ count ≥
        2")."""
        prefix = reading.prefix
        if len(reading.values) == 2 or reading.postfix:
            return True
        return (
            prefix is not None
            and prefix[0] in (">", ">=", "<", "<=")
            and _STRICT_PREFIX.search(
                self.text, reading.number.start - prefix[1], reading.number.start
            )
            is not None
        )

    def _unknown_name(self, position: int, end: int) -> str | None:
        """The last few words before a comparison, as the name of an unknown measured thing ("Rapid
        shallow breathing index (RSBI) < 105", "Interval: >2 weeks"); with nothing before, the words
        it counts (">7 Metabolic Equivalents"); none when another number stands between them."""
        before = self.text[max(0, position - 60) : position]
        before = _ASIDE_END.sub(
            "",
            (_SYMBOL_NAME_END if self.text.startswith(_SYMBOLS, position) else _NAME_END).sub(
                "", before
            ),
        )
        last = _WORD_BREAK.split(before)[-1]
        if _NUMBER_END.search(last):
            return None  # numbers in a row ("Circulation 2001 103 335-336"): no name of this one
        words = _WORDS.findall(last)
        if not words and not before.strip():
            after = _NEXT_WORDS.match(self.text, end)
            words = _WORDS.findall(after.group()) if after else []
            words = words[
                : next((i for i, w in enumerate(words) if w.lower() in _NAME_STOPS), len(words))
            ]
        return " ".join(words[-4:]).lower() or None
