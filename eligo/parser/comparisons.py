"""Reading the comparison around each number of a criterion: shared by thresholds and windows.

A number is read with what surrounds it: a comparator before ("≥", "at least", "within") or after
("or older"), a range partner ("18-75", "between 18 and 75", an evenly rising list "0, 1 or 2"), a
unit (the longest UCUM alias) and a grade word before it. What the reading *means* (a threshold, a
window, nothing) is decided by `thresholds.py` and `windows.py`; this module reads the number.
What the scanners pass between them (a reading, a comparison found, a mention) is `readings.py`,
the spans claimed and the text around a number `scan_state.py`, whether a number is an age
`ages.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eligo.datafiles import patterns
from eligo.lexicon import Lexicon
from eligo.parser.ages import AGE_CUES, AgeScanner
from eligo.parser.quantities import (
    TIME_UNITS,
    Number,
    numbers_in,
    postfix_comparator,
    prefix_comparator,
    unit_after,
)
from eligo.parser.readings import NumberReading, is_window_only, normal_op
from eligo.parser.scan_state import ELIDED

_CUE = patterns("eligo.parser.data", "number_cues.jsonl")
_RANGE = re.compile(r"\s*(?:-|–|—|~|～|to|and|through|-\s*and)\s*$")  # "18-75", "18- and 65-years"
_RATIO_AFTER = re.compile(r"/\s*[\d<>≤≥]")  # "140/90": a ratio
_OPEN = re.compile(r"[ \t]*\(")  # a bracket that may restate a unit
_CLOSE = re.compile(r"\s*\)")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:or\s+)?|or\s+|and\s+)$")
# a value written before what it bounds: "145 mmHg ≤ SBP ≤ 190 mmHg" (SBP ≥ 145), "18 ≤ age"
_REVERSED = re.compile(r"[ \t]+(?P<op>≤|≥|<=|>=|<|>)(?=[ \t]*[^\W\d_])")
_SCALE_NAME = re.compile(
    r"(?<![\w-])(?-i:[A-Z]{2,8})\)?[ \t]+$"
)  # "GINA 2", "NYHA 2", "(CCS) 2": a scale named by its abbreviation
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_MINUS = re.compile(
    r"(?<![\w)\]])[-−]\s*$"
)  # the sign of a negative value after a comparator: "<-3", "less than -5 mV"

_ENDS = (">=", "<=")  # the ops of a range's ends when no note excludes one


def _end_op(note: re.Match | None, strict: str) -> str:
    """The op of a range's end: strict when its note excludes it ("90 kg (exclusive)")."""
    return strict if note is not None and note.group("excluded") else strict + "="


# numbers a reading looks ahead at: a range's second value, the members of a listed score
# ("ECOG 0, 1 or 2"); slicing the whole tail for every number was quadratic in a long line
_LOOKAHEAD = 16


def restated(text: str, unit: tuple[str, int] | None) -> tuple[str, int] | None:
    """A unit with its restatement in brackets ("18.5 kilogram per meter square (kg/m^2) and 27"):
    the bracket is part of the unit, so the range reads on past it."""
    if unit is None:
        return None
    opened = _OPEN.match(text, unit[1])
    inner = unit_after(text, opened.end()) if opened else None
    closed = _CLOSE.match(text, inner[1]) if inner and inner[0] == unit[0] else None
    return (unit[0], closed.end()) if closed else unit


class Scanner(AgeScanner):
    """A scan that reads each number of its criterion with its comparator, range and unit."""

    def scan_numbers(self, handle: Callable[[NumberReading], int]) -> None:
        """Read every number left to right; `handle` returns the offset up to which it consumed
        text."""
        numbers = list(numbers_in(self.text))
        index = 0
        while index < len(numbers):
            number = numbers[index]
            reading = (
                number.end
                if self._skip(number)
                else self._read(number, numbers[index + 1 : index + 1 + _LOOKAHEAD])
            )
            consumed = reading if isinstance(reading, int) else handle(reading)
            index += 1
            while index < len(numbers) and numbers[index].start < consumed:
                index += 1

    def _skip(self, number: Number) -> bool:
        before = self.text[max(0, number.start - 14) : number.start]
        after = self.text[number.end : number.end + 12]
        if not self._free(number.start, number.end):
            return True
        if _CUE["ordinal_after"].match(after):
            return True
        if _RATIO_AFTER.match(after) or (
            isinstance(number.value, int)
            and 1900 <= number.value <= 2100
            and not unit_after(self.text, number.end)
        ):
            return True  # a ratio (140/90) or a calendar year
        return bool(_CUE["identifier_before"].search(before))

    def _read(self, number: Number, rest: list[Number]) -> NumberReading | int:
        """The reading of `number`, or the offset it consumed when nothing can be read."""
        text = self.text
        before = text[max(0, number.start - 50) : number.start]
        prefix = prefix_comparator(before)
        minus = _MINUS.search(before) if prefix is None else None
        if minus is not None and prefix_comparator(before[: minus.start()]):
            number = Number(
                number.start - len(minus.group()), number.end, -number.value, number.word
            )  # "T score less than -2.0"
            before = before[: minus.start()]
            prefix = prefix_comparator(before)
        grade = _CUE["level_before"].search(before)
        if (
            prefix is None and grade is None
        ):  # a grade's own comparator is read with the grade ("above CTC AE grade 1")
            prefix = self._before_scale_name(number.start)
        unit = restated(text, unit_after(text, number.end) or self._dioptre(number))
        reach = 0
        if number.start in self.lent:  # the upper end of "6 months to 14 years of age"
            op, lent_unit = self.lent.pop(number.start)
            return NumberReading(
                number, [number], lent_unit[0], (op, 0), None, lent_unit[1], lent_unit[1], grade
            )
        if unit is None and prefix and rest:
            partner = _CUE["second_comparison"].fullmatch(text[number.end : rest[0].start])
            lent = unit_after(text, rest[0].end) if partner else None
            if (
                lent is not None and lent[0] in TIME_UNITS
            ):  # "BMI <20 or >35 kg/m2": a value written without a unit keeps none
                unit, reach = (
                    (lent[0], number.end),
                    lent[1],
                )  # "> 18 to < 90 years": the first bound takes the unit of the second
        ranged = self._range(number, rest, before, prefix, unit)
        if isinstance(ranged, int):
            return ranged
        values, unit, cursor, ends = ranged
        if prefix is None and len(values) == 1 and rest and rest[0].start in self.lent:
            prefix, reach = (
                (">=", 0),
                self.lent[rest[0].start][1][1],
            )  # the lower end of "6 months to 14 years of age"
        postfix = postfix_comparator(text[cursor : cursor + 20])
        if prefix is None and postfix is None and len(values) == 1:
            written = _REVERSED.match(text, cursor)
            postfix = (
                (_FLIPPED[normal_op(written.group("op"))], written.end() - cursor)
                if written
                else None
            )
        cursor_post = cursor + (postfix[1] if postfix else 0)
        if unit is None and postfix:
            unit = unit_after(text, cursor_post)  # "80 or more years old"
            cursor_post = unit[1] if unit else cursor_post
        if (
            prefix
            and is_window_only(before[len(before) - prefix[1] :])
            and (unit is None or unit[0] not in TIME_UNITS)
        ):
            prefix = None  # "in the", "last": comparators of time windows only
        if (
            prefix is None
            and postfix is None
            and len(values) == 1
            and rest
            and _CUE["open_range"].fullmatch(text, cursor, rest[0].start)
        ):
            prefix = (
                ">=",
                0,
            )  # "2 to <12 years": the lower bound, in the unit of the upper one when it has none
            upper = unit_after(text, rest[0].end)
            unit = unit or ((upper[0], cursor) if upper else None)
            return NumberReading(
                number,
                values,
                unit[0] if unit else None,
                prefix,
                None,
                cursor,
                cursor,
                grade,
                upper[1] if upper else rest[0].end,
            )
        return NumberReading(
            number,
            values,
            unit[0] if unit else None,
            prefix,
            postfix,
            cursor,
            cursor_post,
            grade,
            reach,
            ends,
        )

    def _dioptre(self, number: Number) -> tuple[str, int] | None:
        """The letter D after a value as a dioptre, where the criterion speaks of eyes
        ("anisometropia > 1.5 D"); a lone D is no unit elsewhere."""
        letter = _CUE["dioptre_letter"].match(self.text, number.end)
        if letter is None or not _CUE["eye_words"].search(
            self.text, max(0, number.start - 120), letter.end() + 40
        ):
            return None
        return "[diop]", letter.end()

    def _before_scale_name(self, position: int) -> tuple[str, int] | None:
        """A comparator written before a scale's name rather than its value ("heart failure greater
        than NYHA 2", "(> GINA 2)"): its op and its length up to the value. The name is a lexicon
        score or an abbreviation."""
        score = self.concept_before(position, kinds=("score",))
        if score is not None and self.text[score.end : position].strip() == "":
            name_start = score.start
        else:
            named = _SCALE_NAME.search(self.text, max(0, position - 12), position)
            if named is None:
                return None
            name_start = named.start()
        before = self.text[max(0, name_start - 50) : name_start]
        outer = prefix_comparator(before)
        if outer is None or outer[0] == "=" or is_window_only(before[len(before) - outer[1] :]):
            return None
        return outer[0], position - name_start + outer[1]

    def _range(
        self,
        number: Number,
        rest: list[Number],
        before: str,
        prefix: tuple[str, int] | None,
        unit: tuple[str, int] | None,
    ):
        """The values read from `number` on, their unit and where they end: a range partner ("18-75
        years", "between 18 and 75", "0 to 1"), a list ("0, 1 or 2") or the number alone; only an
        offset when the numbers are a span of time ("6 months to 5 years")."""
        text = self.text
        cursor = unit[1] if unit else number.end
        if not rest:
            return [number], unit, cursor, _ENDS
        lower_note = _CUE["bound_note"].match(text, cursor)
        gap = text[lower_note.end() if lower_note else cursor : rest[0].start]
        if _RATIO_AFTER.match(text, rest[0].end) and _RANGE.fullmatch(gap):
            return rest[0].end  # "140-159/90-99 mmHg": ranges of the two parts of a ratio
        second_unit = unit_after(text, rest[0].end) or self._dioptre(rest[0])
        if (
            second_unit is None
            and unit is None
            and text.startswith(")", rest[0].end)
            and before.rstrip().endswith("(")
        ):
            second_unit = unit_after(
                text, rest[0].end + 1
            )  # "(16-24) weeks": the values bracketed, the unit after
        if (
            _RANGE.fullmatch(gap)
            and len(gap) <= 12
            and ("and" not in gap or _CUE["between"].search(before) or self._age_after(second_unit))
        ):
            if unit and second_unit and unit[0] != second_unit[0]:
                lead = (
                    before[: between.start()]
                    if (between := _CUE["between"].search(before))
                    else before
                )  # "children (aged) between"
                said = (
                    self._age_after(second_unit)
                    or AGE_CUES["age_said"].search(lead[-12:])
                    or AGE_CUES["person_before"].search(lead[-30:])
                )
                if unit[0] in TIME_UNITS and second_unit[0] == "a" and said:
                    self.lent[rest[0].start] = (
                        "<=",
                        second_unit,
                    )  # "6 months to 14 years of age": two bounds, two units
                    self.ages.update((number.start, rest[0].start))
                    return [number], unit, cursor, _ENDS
                return second_unit[1]
            end = second_unit[1] if second_unit else rest[0].end
            upper_note = _CUE["bound_note"].match(
                text, end
            )  # read, but not in the span (the spec's
            # span runs through the value and unit)
            return (
                [number, rest[0]],
                second_unit or unit,
                end,
                (_end_op(lower_note, ">"), _end_op(upper_note, "<")),
            )
        if (
            _LIST_SEP.fullmatch(gap)
            and len(gap) <= 6
            and (not prefix or prefix[0] == "=")
            and self.scored(number.start)
        ):
            listed = [number]
            for candidate in rest:
                separator = text[listed[-1].end : candidate.start]
                if not _LIST_SEP.fullmatch(separator) or len(separator) > 6:
                    break
                listed.append(candidate)
            steps = (
                {b.value - a.value for a, b in zip(listed, listed[1:])}
                if all(isinstance(n.value, int) for n in listed)
                else {0}
            )
            if (
                len(steps) == 1 and min(steps) > 0
            ):  # evenly rising: "0, 1 or 2", "70 or 80"; not "1, 3 and 4"
                unit = unit_after(text, listed[-1].end)
                return [listed[0], listed[-1]], unit, unit[1] if unit else listed[-1].end, _ENDS
        return [number], unit, cursor, _ENDS

    def scored(self, position: int) -> bool:
        """A list of values ("0, 1 or 2") is a range only after a score, a level word or a scale's
        abbreviation that names no lexicon concept ("SCORTEN 6 or 7", not "HIV 1 and 2"), or after a
        score's comparison in the same clause ("ECOG 0, 1 or 2 for dose escalation, and 0 or 1 for
        dose expansion")."""
        concept = self.concept_before(position)
        named = _SCALE_NAME.search(self.text, max(0, position - 12), position)
        scale = named and (concept is None or concept.end <= named.start())
        if (
            scale
            or (concept is not None and concept.kind == "score")
            or _CUE["level_word_before"].search(self.text[max(0, position - 30) : position])
        ):
            return True
        last = self.previous(position)
        elided = last is not None and last.concept and ELIDED.search(self.text, last.end, position)
        known = (
            Lexicon.load().lookup(last.concept)
            if elided and last is not None and last.concept
            else None
        )
        return known is not None and known.kind == "score"
