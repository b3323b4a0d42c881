"""`eligo_windows`: time windows in criteria.

A time quantity is a window when it is measured back from now or from an
anchor event: "within 4 weeks prior to randomization" (`<= 4 wk before`,
anchor `randomization`), "in the past 5 years" (`<= 5 a before`, no anchor),
"at least 14 days before the first dose", "for 6 months after the last dose"
(`<= 6 mo after`), "no evidence of disease for more than 3 years" (`> 3 a
before`), "the interval between A and B greater than 12 months" (`> 12 mo
before`, anchor B), "within the past year" and "past-month" (one unit),
"within 2-7 days of X" (a range: two windows). "N since X" and "within N of X"
follow X when X starts what is measured ("within 48 hours of admission", data
in `data/comparators.jsonl`), else lie before it ("within 30 days of
randomization", "more than 4 weeks since prior chemotherapy"). A washout
stated as a fact ("was 21 days prior to X") is at least that long; an op
written once serves both of "within 5 months after X or 6 months after Y". A
time quantity with an anchor but no comparison ("3 months after surgery") is
not guessed; one with neither is left to `thresholds.py` (an age, the length
of what is measured: "life expectancy within 12 months", "lasting more than
10 days", "more than 2 weeks of therapy"). A time before a state held through it
("< 10 years having diabetes") is how long that state has lasted (its `concept`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import WindowItem
from eligo.datafiles import patterns, words
from eligo.parser.comparisons import Scanner
from eligo.parser.quantities import TIME_UNITS, comparison_words, prefix_comparator
from eligo.parser.readings import (
    TIME_CUES,
    ComparisonMatch,
    MentionRef,
    NumberReading,
    criteria_facts,
    is_window_only,
    window_prefix,
)
from eligo.units import ucum_code

_CUE = patterns("eligo.parser.data", "window_cues.jsonl")
_ONSET_UNITS = {"a", "mo", "wk", "d"}
_IMPLICIT_UNITS = {
    unit: ucum_code(unit) for unit in ("year", "month", "week", "day", "hour")
}  # the units of the cues `implicit_one` and `within_a`
_CUE_REACH = 100  # how far around a window its line is read for a future cue
_AFTER_WORDS = frozenset(words("eligo.parser.data", "after_words"))
_NOW_WORDS = frozenset(words("eligo.parser.data", "now_words"))  # the anchor is implicit


@lru_cache(maxsize=1)
def _after_anchors() -> frozenset[str]:
    """Anchor words a window "within N of X" follows ("within 48 hours of admission"): X starts what
    is measured."""
    return frozenset(comparison_words()["after_anchors"])


class WindowScanner(Scanner):
    """Finds the windows of one criterion's text."""

    def __init__(
        self, text: str, mentions: list[MentionRef], taken: Iterable[tuple[int, int]] = ()
    ):
        super().__init__(text, mentions, taken)
        # cues read once per criterion, not once per number (that would be quadratic)
        self.intervals = list(_CUE["interval"].finditer(text))

    def window_at(self, reading: NumberReading) -> tuple[list[ComparisonMatch], int] | None:
        """The windows a time quantity states and the offset they reach; None when it is no window.

        `([], end)` is a quantity shaped like a window that bounds nothing ("3 months
        after surgery"): neither window nor threshold. A range ("within 2-7 days")
        gives two windows on one span.
        """
        text, number = self.text, reading.number
        start = number.start - (reading.prefix[1] if reading.prefix else 0)
        if (
            self.measured_before(reading)
            or self.measured_after(reading)
            or TIME_CUES["lasting_before"].search(text, max(0, start - 60), start)
            or TIME_CUES["travel_after"].match(text, reading.cursor)
        ):
            # "life expectancy within 12 months", "lasting more than 10 days", "2 hours travel
            # time": the length of what is measured
            return None
        prefix_text = window_prefix(text, reading)
        windowish = is_window_only(prefix_text)
        outer = self._outer_comparator(start) if windowish else None
        if outer is not None:
            start -= outer[1]  # "at least the previous 3 months", "longer than the prior 6 months"
        while start < number.start and text[start].isspace():
            start += 1
        end = reading.cursor_post if reading.postfix else reading.cursor
        alternative = _CUE["alternative"].match(text, end)
        relation_match = TIME_CUES["relation"].match(
            text, alternative.end() if alternative else end
        )
        if (
            relation_match is not None
            and relation_match.group("word").lower() == "of"
            and not windowish
            and not self._starts_after(relation_match.end())
        ):
            # "more than 2 weeks of therapy": a duration, not a window; not "less than 24 hours of
            # admission"
            relation_match = None
            lasting = True
        else:
            lasting = False
        op = outer[0] if outer is not None else reading.op or self.elided_op(start, reading.code)
        interval = next(
            (
                m
                for m in reversed(self.intervals)
                if m.end() <= number.start
                and not _CUE["clause_end"].search(text, m.end(), number.start)
            ),
            None,
        )
        if interval is not None and op is not None:
            return self._windows(
                reading, start, end, op, "before", interval.group("anchor").strip().lower()
            )
        if relation_match is not None:
            return self._related(reading, start, relation_match, prefix_text, op)
        held = self.held(reading)
        if held is not None and op is not None and (state := self.held_state(held)) is not None:
            # "< 10 years having diabetes": how long the state has lasted
            return self._windows(reading, start, held.end("held"), op, "before", concept=state.name)
        before = text[max(0, start - 80) : start]
        if op is None and _CUE["recent_paren"].search(before) and text.startswith(")", end):
            op = "<="  # "recent surgery (1 month)"
        if op is None:
            return None
        if windowish:
            return self._windows(reading, start, end, op, self._direction(start, end))
        if _CUE["free_for"].search(before) or (
            not lasting  # "recently active (> 30 min of exercise)": the length of what is done
            and (_CUE["recent_paren"].search(before) or self._since_onset(before, reading.code))
        ):
            return self._windows(reading, start, end, op, "before")
        lasted = None if lasting else self._state_for(before, start, reading.code)
        if lasted is not None:
            return self._windows(reading, start, end, op, "before", concept=lasted.name)
        return None

    def _state_for(self, before: str, start: int, code: str | None) -> MentionRef | None:
        """ "Type 1 diabetes for at least 1 year", "low back pain for more than 6 months": how long
        the condition named just before has lasted, measured back from now (a window that names
        that condition as its `concept`; the length of a finished exposure, "treated with X for 4
        weeks", is a threshold)."""
        if code not in _ONSET_UNITS or _CUE["state_for"].search(before) is None:
            return None
        return self.concept_before(start, kinds=("condition",))

    def _starts_after(self, position: int) -> bool:
        """Whether the anchor named at `position` starts what is measured ("admission", "onset",
        "birth")."""
        anchor, _ = self.anchor(position)
        return anchor is not None and anchor.split()[0] in _after_anchors()

    def _outer_comparator(self, start: int) -> tuple[str, int] | None:
        """A comparison written before a window's own words, which bounds its length: "at least the
        previous 3 months" is `>= 3 mo`, "longer than the prior 6 months" `> 6 mo`; its op and
        length."""
        before = self.text[max(0, start - 40) : start]
        outer = prefix_comparator(before)
        if outer is None or outer[0] == "=" or is_window_only(before[len(before) - outer[1] :]):
            return None
        return outer

    @staticmethod
    def _windows(
        reading: NumberReading,
        start: int,
        end: int,
        op: str | None,
        relation: str,
        anchor: str | None = None,
        concept: str | None = None,
    ) -> tuple[list[ComparisonMatch], int]:
        """The window(s) from `start` to `end`: two for a range, none when no op is written;
        `concept`, the state whose duration they are."""
        values = reading.values
        if len(values) == 2:
            bounds = reading.bounds()
        elif op is None:
            return [], reading.cursor
        else:
            bounds = [(op, reading.number.value)]
        return [
            ComparisonMatch("window", start, end, o, v, reading.code, concept, relation, anchor)
            for o, v in bounds
        ], end

    @staticmethod
    def _since_onset(before: str, code: str | None) -> bool:
        """ "History of interstitial cystitis less than 6 months": the time since a condition began.

        Not a duration ("history of no menses for 24 months", "(greater than 10 minutes)").
        """
        return (
            code in _ONSET_UNITS
            and _CUE["history_of"].search(before) is not None
            and _CUE["duration_cue"].search(before) is None
        )

    def _related(
        self,
        reading: NumberReading,
        start: int,
        relation_match: re.Match,
        prefix_text: str,
        op: str | None,
    ) -> tuple[list[ComparisonMatch], int]:
        """A window whose anchor is written: "4 weeks prior to randomization", "since the onset", "2
        years ago"."""
        word = relation_match.group("word").lower()
        anchor, anchor_end = (
            (None, relation_match.end())
            if word in _NOW_WORDS
            else self.anchor(relation_match.end())
        )
        if word in ("until", "till"):
            relation, op = "after", op or "<="
        elif word in _AFTER_WORDS or _CUE["forward"].search(prefix_text):
            relation = "after"
        elif word == "of" and _CUE["study_step_before"].search(
            self.text, max(0, start - 60), start
        ):
            relation = "after"  # "randomised within 14 days of surgery": the study step follows X
        elif word in ("since", "of"):
            relation = self._since(word, anchor)
            anchor = None if relation == "before" and word == "since" else anchor
        else:
            relation = "before"
        before = self.text[max(0, reading.number.start - 80) : reading.number.start]
        if op is None and relation == "after" and _CUE["period_to_before"].search(before):
            op = (
                ">=" if _CUE["at_least_before"].search(before) else "<="
            )  # "from screening to 6 months after the last dose"
        if op is None and relation == "after" and _CUE["for_before"].search(before):
            op = "<="  # "for 6 months after the last dose"
        if op is None and relation == "before" and _CUE["washout_before"].search(before):
            op = ">="  # "was 21 days prior to"
        if op is None and relation == "before" and _CUE["in_before"].search(before):
            op = "<="  # "in 7 days prior to the first dose"
        if (
            op is None
            and relation == "before"
            and word != "ago"
            and anchor is not None
            and not _CUE["duration_for"].search(before)
        ):
            # "radiotherapy 2 weeks before the first dose": a bare window reaches back to that time;
            # not "stable for 3 months prior to"
            op = "<="
        return self._windows(reading, start, anchor_end, op, relation, anchor)

    @staticmethod
    def _since(word: str, anchor: str | None) -> str:
        """ "N since X" runs from X ("since the onset of the injury", `after`), except since a prior
        treatment, measured back from now ("since prior chemotherapy", `before`); "within N of X"
        comes before X unless X starts what is measured ("within 48 hours of admission")."""
        words = (anchor or "").split()
        if word == "since":
            return "before" if words[:1] in (["prior"], ["previous"]) else "after"
        return "after" if any(w in _after_anchors() for w in words) else "before"

    def _direction(self, start: int, end: int) -> str:
        """Whether a window with no anchor lies ahead ("in the next 2 years") or behind ("in the 5
        previous years"); a bare "within 4 weeks" lies ahead when its line speaks of the future
        ("will ... within")."""
        if _CUE["forward"].search(self.text, start, end):
            return "after"
        if _CUE["backward"].search(self.text, start, end):
            return "before"
        low = self.text.rfind("\n", max(0, start - _CUE_REACH), start) + 1 or max(
            0, start - _CUE_REACH
        )
        high = self.text.find("\n", end, end + _CUE_REACH)
        return (
            "after"
            if _CUE["future"].search(self.text, low, high if high >= 0 else end + _CUE_REACH)
            else "before"
        )

    def anchor(self, position: int) -> tuple[str | None, int]:
        """The anchor event named at `position` ("the first dose of study drug") and where it
        ends."""
        rest = self.text[position : position + 70]
        stop = _CUE["anchor_stop"].search(rest)
        phrase = (rest[: stop.start()] if stop else rest).strip()
        lead = len(rest) - len(rest.lstrip())
        cleaned = _CUE["anchor_article"].sub("", phrase)
        if not cleaned:
            return None, position
        return cleaned.lower(), position + lead + len(phrase)

    def implicit_windows(self) -> None:
        """`within the past year`, `past-month`, `in the 1st year of treatment`, `within a month
        prior to X`: a window of one unit."""
        for match in _CUE["implicit_one"].finditer(self.text):
            direction = match.group("dir").lower()
            first = direction in ("first", "1st")
            if first and not match.group("prep"):
                continue  # "the first day of menstruation" bounds nothing
            relation: str | None = (
                "after" if first or direction in ("next", "coming", "following") else "before"
            )
            end = match.end()
            anchor = None
            after_relation = TIME_CUES["relation"].match(self.text, end)
            word = after_relation.group("word").lower() if after_relation else None
            if (
                after_relation
                and word not in _NOW_WORDS
                and (first or word not in ("from", "of", "since"))
            ):
                anchor, end = self.anchor(
                    after_relation.end()
                )  # "in the 1st year of treatment", "in the past year before entry"
            self._one_unit(match, end, relation, anchor)
        for match in _CUE["within_a"].finditer(self.text):
            end, anchor, relation = match.end(), None, None
            after_relation = TIME_CUES["relation"].match(self.text, end)
            if (
                after_relation is not None
                and after_relation.group("word").lower() not in _NOW_WORDS
            ):
                word = after_relation.group("word").lower()
                anchor, end = self.anchor(after_relation.end())
                relation = (
                    "after"
                    if word in _AFTER_WORDS
                    else self._since(word, anchor)
                    if word == "of"
                    else "before"
                )
            self._one_unit(match, end, relation or self._direction(match.start(), end), anchor)

    def _one_unit(
        self, match: re.Match, end: int, relation: str | None, anchor: str | None
    ) -> None:
        """The window of one unit (the cue's group `unit`) read from `match` to `end`."""
        unit = _IMPLICIT_UNITS[match.group("unit").lower()]
        self._emit("window", match.start(), end, [("<=", 1)], unit, None, relation, anchor)

    def _window(self, reading: NumberReading) -> int:
        if (
            (reading.grade and not reading.prefix)
            or reading.code not in TIME_UNITS
            or self.is_age(reading)
        ):
            return reading.cursor
        result = self.window_at(reading)
        if result is None:
            return reading.cursor
        found, end = result
        for window in found:
            self.found.append(window)
            self._take(window.start, window.end)
        return end

    def scan(self) -> list[ComparisonMatch]:
        self.implicit_windows()
        self.scan_numbers(self._window)
        return sorted(self.found, key=lambda f: (f.start, f.op))


def find_windows(text: str, mentions: Iterable[MentionRef] = ()) -> list[ComparisonMatch]:
    """The windows of one criterion text, offsets relative to it."""
    return WindowScanner(text, list(mentions)).scan()


@Language.factory(
    "eligo_windows", requires=["doc._.criteria", "doc.ents"], assigns=["doc._.windows"]
)
def make_windows(nlp: Language, name: str):
    """Sets `doc._.windows`: the windows of every criterion (spans index `doc.text`)."""

    def find(doc: Doc) -> Doc:
        doc._.windows = criteria_facts(
            doc,
            lambda criterion, mentions: find_windows(criterion.text, mentions),
            WindowItem,
            ("op", "value", "unit", "relation", "anchor", "concept"),
        )
        return doc

    return find
