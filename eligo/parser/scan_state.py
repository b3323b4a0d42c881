"""The state of one criterion's scan, and what the text just around a number says.

Why a module: every scanner (thresholds, windows) keeps the spans it has
claimed and the comparisons it has found, and asks the same questions of a
number's neighbourhood: the comparison just before it in the clause (whose op
an elided twin takes), the lexicon concept named before or after it, whether
a time is the value of a concept measured in time. Reading the number itself
is `comparisons.py`; whether it is an age, `ages.py`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from eligo.datafiles import words
from eligo.lexicon import Lexicon
from eligo.parser.quantities import TIME_UNITS
from eligo.parser.readings import ComparisonMatch, MentionRef, NumberReading
from eligo.phrases import alternation
from eligo.units import LIMITS, UnitError, same_measure

_CLAUSE_BREAK = re.compile(r"[;.]\s|\d")
_PREVIOUS_REACH = 40  # how far back a comparison lends its concept or op to the next one
# a comparison that elides the op of the one before it: "... or 6 months after Y"
ELIDED = re.compile(r"(?:,|\bor|\band)\s*$", re.I)
_MEASURED_AFTER_GAP = re.compile(r"['’]?\s*(?:of\s+)?")
_MEASURED_GAP = re.compile(r"[\s:()\[\],=-]*(?:(?:of|is|was)\s+)?")


@lru_cache(maxsize=1)
def _time_point() -> re.Pattern[str]:
    """A visit or study day named by its number ("visit 1", "Day -3", "V2")."""
    labels = alternation(words("eligo.parser.data", "time_point_labels"))
    return re.compile(rf"\b(?:{labels})\s*[-+]?\d+\b", re.I)


class ScanState:
    """State shared by the passes over one criterion: its text, mentions and the spans claimed."""

    def __init__(
        self, text: str, mentions: list[MentionRef], taken: Iterable[tuple[int, int]] = ()
    ):
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.found: list[ComparisonMatch] = []
        self.taken: list[tuple[int, int]] = sorted(taken)
        self.lent: dict[
            int, tuple[str, tuple[str, int]]
        ] = {}  # number start -> (op, unit) lent by a range in two units
        self.ages: set[int] = (
            set()
        )  # starts of the numbers of such a range, an age said once for both

    def _free(self, start: int, end: int) -> bool:
        """No span taken so far overlaps [start, end) (taken spans are kept sorted)."""
        index = bisect.bisect_left(self.taken, (start, start))
        return all(
            not (s < end and start < e) for s, e in self.taken[max(0, index - 8) : index + 8]
        )

    def _take(self, start: int, end: int) -> None:
        bisect.insort(self.taken, (start, end))

    def _emit(
        self, kind, start, end, ops_values, unit, concept, relation=None, anchor=None
    ) -> None:
        for op, value in ops_values:
            self.found.append(
                ComparisonMatch(kind, start, end, op, value, unit, concept, relation, anchor)
            )
        self._take(start, end)

    def previous(self, position: int) -> ComparisonMatch | None:
        """The comparison found just before `position` in the same clause ("BMI ≥18.5 and ≤27.5":
        "≥18.5")."""
        last = next((f for f in reversed(self.found[-8:]) if f.end <= position), None)
        if (
            last is None
            or position - last.end > _PREVIOUS_REACH
            or _CLAUSE_BREAK.search(self.text, last.end, position)
        ):
            return None
        return last

    def elided_op(self, position: int, code: str | None) -> str | None:
        """The op of the comparison just before, when this one is its elided twin: "up to 30 mg per
        day of hydrocortisone or 2 mg per day of dexamethasone", "within 5 months after X or 6
        months after Y"."""
        last = self.previous(position)
        if (
            last is None
            or last.unit != code
            or code is None
            or not ELIDED.search(self.text, last.end, position)
        ):
            return None
        return last.op

    def concept_before(
        self, position: int, kinds=("observation", "score", "demographic", "condition")
    ) -> MentionRef | None:
        """The lexicon mention just before `position` in the same clause (a number breaks it, unless
        it labels a visit or study day: "HbA1c measured at visit 1 in the range of ...")."""
        for mention in reversed(self.mentions):
            if mention.end <= position:
                gap = _time_point().sub(" ", self.text[mention.end : position])
                fits = len(gap) <= 60 and not _CLAUSE_BREAK.search(gap) and mention.kind in kinds
                return mention if fits else None
        return None

    def measured_after(self, reading: NumberReading) -> MentionRef | None:
        """A concept measured in time named just after the quantity: "37 weeks of gestation", "<27
        weeks gestation"."""
        index = bisect.bisect_left(self.starts, reading.number.end)
        for mention in self.mentions[index : index + 3]:
            if mention.start > reading.cursor + 8:
                break
            gap = (
                self.text[reading.cursor : mention.start] if mention.start > reading.cursor else ""
            )
            if (
                mention.kind == "observation"
                and _MEASURED_AFTER_GAP.fullmatch(gap)
                and self._in_time(mention)
            ):
                return mention
        return None

    def named_after(self, reading: NumberReading) -> MentionRef | None:
        """The measure named just after a compared value that has none before it, in a unit that
        measures it: "> 160 mmHg systolic BP", "145 mmHg ≤ SBP" (the comparator after the unit
        read reversed), "≥ 1.5 × 10^9/L neutrophils"; with no unit, only after a comparator read
        reversed ("100 ≤ platelets ≤ 400 × 10^9/L")."""
        if reading.code in TIME_UNITS or (reading.code is None and not reading.postfix):
            return None
        end = reading.cursor_post if reading.postfix else reading.cursor
        index = bisect.bisect_left(self.starts, end)
        mention = self.mentions[index] if index < len(self.mentions) else None
        if (
            mention is None
            or mention.kind != "observation"
            or _MEASURED_AFTER_GAP.fullmatch(self.text, end, mention.start) is None
        ):
            return None
        known = Lexicon.load().lookup(mention.name)
        if known is None or known.unit is None:
            return None
        if reading.code is None:
            return mention
        try:
            fits = reading.code in LIMITS or same_measure(reading.code, known.unit)
        except UnitError:
            return None
        return mention if fits else None

    @staticmethod
    def _in_time(mention: MentionRef) -> bool:
        known = Lexicon.load().lookup(mention.name)
        return known is not None and known.unit in TIME_UNITS

    def measured_before(self, reading: NumberReading) -> bool:
        """The time quantity is the value of a concept measured in time just before it ("life
        expectancy within 12 months")."""
        start = reading.number.start - (reading.prefix[1] if reading.prefix else 0)
        concept = self.concept_before(start, kinds=("observation",))
        return (
            concept is not None
            and _MEASURED_GAP.fullmatch(self.text, concept.end, start) is not None
            and self._in_time(concept)
        )
