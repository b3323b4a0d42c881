"""Whether a number read in a criterion is an age.

Why a module: an age is said in many ways ("younger than 18 years", "18 or
older", "years of age", "patients ≥ 18", "Age: 18-75"), or is years that no
window or duration claims ("men and women 30-55 years"); thresholds, windows
and the reading of ranges ("6 months to 14 years of age") all ask it. A time
attached to an event ("90 to 120 days after the stroke") or to a state held
through it ("< 10 years having diabetes") is never an age unless an age word
leads the number ("aged 18-65 years from ...").
"""

from __future__ import annotations

import bisect
import re

from eligo.datafiles import patterns
from eligo.parser.bounds import joined
from eligo.parser.quantities import NUMBER, TIME_UNITS, WORD_BEFORE, YEARS_OF_WHAT
from eligo.parser.readings import (
    TIME_CUES,
    MentionRef,
    NumberReading,
    is_window_only,
    window_prefix,
)
from eligo.parser.scan_state import ScanState

AGE_CUES = patterns("eligo.parser.data", "age_cues.jsonl")
_LEADS_NUMBER = re.compile(r"[ \t:]*(?:of[ \t]+|between[ \t]+)?(?=" + NUMBER.pattern + ")", re.I)


class AgeScanner(ScanState):
    """A scan that knows which of its numbers are ages."""

    def is_age(self, reading: NumberReading, code: str | None = None) -> bool:
        """The reading is an age: said so ("younger than 18 years", "18 or older", "years of age",
        "patients ≥ 18"), named just before ("Age: 18-75"), or years that no window or duration
        claims ("men and women 30-55 years", "less than 80 years")."""
        number, cursor, code = reading.number, reading.cursor, code or reading.code
        start = number.start - (reading.prefix[1] if reading.prefix else 0)
        if is_window_only(window_prefix(self.text, reading)):
            return False  # "childbearing age within 7 days before enrolment": a window
        if number.start in self.ages:
            return True
        if (
            AGE_CUES["age_said"].search(self.text, start, number.start)
            or AGE_CUES["age_said_after"].match(self.text, cursor)
            # the unit lent by the upper bound: "≥20 and ≤80 years of age"
            or AGE_CUES["age_said"].search(self.text, cursor, reading.reach)
            or AGE_CUES["age_said_after"].match(self.text, reading.reach)
            or (
                reading.postfix
                and AGE_CUES["age_said"].search(self.text, cursor, reading.cursor_post)
            )
            or (
                code == "a"
                and AGE_CUES["age_said"].search(self.text, reading.values[-1].end, cursor)
            )
        ):  # or the unit: "40-80 years old"
            return True
        if not AGE_CUES["age_leads"].search(self.text, max(0, start - 30), start) and (
            self._measured_from(reading.reach) or self.held(reading)
        ):
            # a time attached to an event or a state, "and/or 90 to 120 days after the stroke", "<
            # 10 years having diabetes": a window or how long the state has lasted, no age
            return False
        last = self.previous(start)
        if last is not None and last.unit in TIME_UNITS and last.concept != "age":
            if joined(self.text, last, start):
                return False  # "duration more than 2 months and less than 5 years": one length
        if AGE_CUES["length_said"].search(self.text, start, number.start) or TIME_CUES[
            "lasting_before"
        ].search(self.text, max(0, start - 20), start):
            return False  # "less than 6 weeks or longer than 2 years", "duration of > 5 years"
        if (
            code in (None, "a")
            and AGE_CUES["person_before"].search(self.text, max(0, start - 30), start)
            and self._strict(reading)
            and not self._measured_from(cursor)
        ):
            return True
        concept = self.concept_before(
            number.start,
            kinds=(
                "demographic",
                "condition",
                "treatment",
                "observation",
                "score",
                "procedure",
                "event",
            ),
        )
        if concept is not None and (
            concept.name == "age"
            or concept.kind != "demographic"
            and "," not in self.text[concept.end : start]
        ):
            return (
                concept.name == "age"
                # not "Male or female 18-65 years", "patients with atrial fibrillation, above 18
                # years"
            )
        if self.age_context(
            number.start - 30, reading.reach + 12, reading.reach
        ) and not self._measured_from(cursor):
            return True  # "ages 50 - 54 years and/or 90 to 120 days after the stroke": no age
        if (
            code != "a"
            or TIME_CUES["relation"].match(self.text, cursor)
            or YEARS_OF_WHAT.match(self.text, cursor)
        ):
            # years said of what follows them: "2-year disease free", "one year post-menopausal", "1
            # year duration"
            return False
        before, thing = (
            self.text[max(0, number.start - 40) : number.start],
            WORD_BEFORE.search(self.text, max(0, start - 30), start),
        )
        return not (
            TIME_CUES["exposure_before"].search(before)
            or TIME_CUES["window_words"].search(before)
            or (thing and not AGE_CUES["person_before"].search(thing.group()))
        )  # "Follow-up < 1 year"

    def held(self, reading: NumberReading) -> re.Match | None:
        """The words of a state held through a time, right after it ("< 10 years having diabetes",
        "5 years of having asthma", "2 years living with HIV"): the time is how long that state has
        lasted, never the person's age."""
        return TIME_CUES["held_after"].match(self.text, reading.reach)

    def held_state(self, held: re.Match) -> MentionRef | None:
        """The condition named right after the words of `held` (its match), or None."""
        index = bisect.bisect_left(self.starts, held.end())
        after = self.mentions[index] if index < len(self.mentions) else None
        fits = after is not None and after.start == held.end() and after.kind == "condition"
        return after if fits else None

    def _measured_from(self, position: int) -> bool:
        """An event the time is counted from follows ("women less than 2 years after menopause"):
        a window, not the person's age ("years of age" is no such event)."""
        relation = TIME_CUES["relation"].match(self.text, position)
        return relation is not None and relation.group("word").lower() != "of"

    def _strict(self, reading: NumberReading) -> bool:
        """A comparison as written ("<18", "18 or older"), not a window's "within" nor a bare
        "="."""
        if reading.postfix:
            return True
        return (
            reading.prefix is not None
            and reading.prefix[0] != "="
            and not is_window_only(window_prefix(self.text, reading))
        )

    def age_context(self, start: int, end: int, after: int | None = None) -> bool:
        """A word of age between `start` and `end` (not a slice: "St|ages" is no "age"); past
        `after` (the end of a number), not one that leads another number ("at least one child,
        aged 12-18")."""
        for match in AGE_CUES["age_context"].finditer(self.text, max(0, start), max(0, end)):
            if (
                after is None
                or match.start() < after
                or not _LEADS_NUMBER.match(self.text, match.end())
            ):
                return True
        return False

    def _age_after(self, unit: tuple[str, int] | None) -> bool:
        """A unit of years followed by "old" or "of age": "18 and 65 years old" is a range with no
        "between"."""
        if unit is None or unit[0] != "a":
            return False
        return (
            AGE_CUES["age_said_after"].match(self.text, unit[1]) is not None
            or AGE_CUES["age_said"].search(self.text, unit[1] - 12, unit[1]) is not None
        )
