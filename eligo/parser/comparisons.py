"""Reading the comparison around each number of a criterion: shared by thresholds and windows.

A number is read with what surrounds it: a comparator before ("≥", "at least", "within") or after
("or older"), a range partner ("18-75", "between 18 and 75", an evenly rising list "0, 1 or 2"), a
unit (the longest UCUM alias) and a grade word before it. What the reading *means* (a threshold, a
window, nothing) is decided by `thresholds.py` and `windows.py`; this module holds what both need:
the reading itself, the lexicon mentions of the criterion, and the spans already claimed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from eligo.annotations import Criterion
from eligo.lexicon import Lexicon
from eligo.parser.quantities import (
    NUMBER,
    TIME_UNITS,
    WORD_BEFORE,
    YEARS_OF_WHAT,
    Number,
    number_at,
    postfix_comparator,
    prefix_comparator,
    unit_after,
    window_comparator,
)
from eligo.parser.regions import group_by_region

_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:version|v|recist|ctcae|ctc|type|phase|cycle|day|days|part|arm|cohort|section|step|visit|covid|figure|table|"
    r"appendix|lines?|who|tnm|t|n|m|no|number|item|criterion|criteria|protocol|study|"
    # on the same line: "ASA I-III\n18-85 years" is no identifier
    r"schedule|week|month|year|ia|ib|ii|iii|iv)\.?|[#§])[ \t]*$",
    re.I,
)
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b|-(?:fold|line)\b|\s*-?(?:hour|hr|h)\s+urine", re.I)
_RANGE = re.compile(r"\s*(?:-|–|—|~|～|to|and|through|-\s*and)\s*$")  # "18-75", "18- and 65-years"
_RATIO_AFTER = re.compile(r"/\s*[\d<>≤≥]")  # "140/90": a ratio
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:or\s+)?|or\s+|and\s+)$")
_BETWEEN = re.compile(
    r"\b(?:between(?:\s+(?:the\s+)?ages?(?:\s+of)?)?|from|range(?:\s+of)?)\s*$", re.I
)  # "between the ages of 18 and 55", "within the range 18.0 and 30.0"
# the lower bound of a range whose upper bound has its own comparator: "2 to <12 years", "1 day to
# less than 18 years"
_OPEN_RANGE = re.compile(
    r"\s*(?:-|–|to)\s*(?:<|≤|<=|less\s+than|under|below|younger\s+than)\s*", re.I
)
# a value written before what it bounds: "145 mmHg ≤ SBP ≤ 190 mmHg" (SBP ≥ 145), "18 ≤ age"
_REVERSED = re.compile(r"[ \t]+(?P<op>≤|≥|<=|>=|<|>)(?=[ \t]*[^\W\d_])")
_SCALE_NAME = re.compile(
    r"(?<![\w-])(?-i:[A-Z]{2,8})[ \t]+$"
)  # "GINA 2", "NYHA 2": a scale named by its abbreviation
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_AGE_CONTEXT = re.compile(
    r"(?:\bold(?:er)?\b|\byounger\b|\bof age\b|\bage[ds]?(?![a-z])|\byrs?\b)", re.I
)
_AGE_SAID = re.compile(
    r"\b(?:old(?:er)?|younger|elder|aged?|y\.\s?o)\b", re.I
)  # in the comparator: "older than", "under the age of", "or younger"
_AGE_SAID_AFTER = re.compile(
    r"[\s-]*(?:olds?|of\s+age)\b", re.I
)  # "18 years old", "6 months of age", "14-16 year olds"
# a person compared with a number: "patients <18", "Any patient ≥18", "Adults (18 and older)"
_PERSON_BEFORE = re.compile(
    r"\b(?:patients?|subjects?|participants?|adults?|children|child|women|woman|men|man|males?|females?|volunteers?|individuals?"
    r"|persons?|people|recipients?|donors?|inpatients?|outpatients?|boys?|girls?|adolescents?|infants?|toddlers?|neonates?|newborns?)\s*\(?\s*$",
    re.I,
)
_LEVEL_BEFORE = re.compile(
    r"\b(?P<word>grades?|stages?|class|category|level)\s*(?P<op>≥|>=|>|≤|<=|<)?\s*$", re.I
)
_LEVEL_WORD_BEFORE = re.compile(
    r"\b(?:score|grade|class|stage|scale|status|category|level|rating)s?\W*(?:of\s+)?$", re.I
)
_SECOND_COMPARISON = re.compile(
    r"\s*(?:and|to|or|-|,)?\s*(?:≥|>=|>|≤|<=|<|less than|more than|greater "
    r"than|under|over|above|below)\s*",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[;.]\s|\d")
_MINUS = re.compile(
    r"(?<![\w)\]])[-−]\s*$"
)  # the sign of a negative value after a comparator: "<-3", "less than -5 mV"
_PREVIOUS_REACH = 40  # how far back a comparison lends its concept or op to the next one
_ELIDED = re.compile(r"(?:,|\bor|\band)\s*$", re.I)
_MEASURED_AFTER_GAP = re.compile(r"['’]?\s*(?:of\s+)?")
_MEASURED_GAP = re.compile(r"[\s:()\[\],=-]*(?:(?:of|is|was)\s+)?")
# what a time quantity is measured from ("4 weeks prior to", "3 months after", "2 years ago")
RELATION = re.compile(
    r"\s*(?:(?:has|have|had)\s+(?:elapsed|passed)\s+)?"
    r"(?P<word>(?:prior|previous)\s+to|before|preceding|preceeding|ahead "
    r"of|after|following|postpartum|post-?operatively|post|pre-?operatively|pre(?=-)|since|"
    r"from|of|ago"
    r"|until|till|prior|earlier|later)\b",
    re.I,
)
EXPOSURE_BEFORE = re.compile(
    r"\b(?:for|since|lasting|lasted|duration of treatment)\s*(?:at least|a minimum of|more "
    r"than|less than|over|under|up to|>=?|<=?|≥|≤)?\s*$",
    re.I,
)
# the length of what lasted, not a window: "neutropenia lasting more than 10 days following
# chemotherapy"
LASTING_BEFORE = re.compile(r"\b(?:lasting|lasted|lasts|duration(?:\s+of)?)\s*$", re.I)
WINDOW_WORDS = re.compile(
    r"\b(?:within|past|last|previous|prior|preceding|next|during|ago|since|for)\b[^.;]{0,20}$", re.I
)


# numbers a reading looks ahead at: a range's second value, the members of a listed score
# ("ECOG 0, 1 or 2"); slicing the whole tail for every number was quadratic in a long line
_LOOKAHEAD = 16


@dataclass
class Found:
    """A comparison found in a criterion, offsets relative to the criterion text."""

    kind: str  # "threshold" | "window"
    start: int
    end: int
    op: str
    value: int | float | str
    unit: str | None = None
    concept: str | None = None
    relation: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class MentionRef:
    """A lexicon concept named in the criterion (offsets relative to it)."""

    start: int
    end: int
    name: str
    kind: str


@dataclass
class Reading:
    """One number read with its comparator, range partner, unit and grade word."""

    number: Number
    values: list[Number]  # one value, or the two ends of a range
    code: str | None  # UCUM code of the unit
    prefix: tuple[str, int] | None  # (op, length of the comparator before the number)
    postfix: tuple[str, int] | None  # (op, length of the comparator after the unit)
    cursor: int  # end of the value(s) and unit
    cursor_post: int  # end of the postfix comparator, if any
    grade: re.Match | None  # "grade", "stage", "class" just before the number
    # end of the text the reading speaks of: its cursor, or the upper bound's unit ("2 to <12
    # years")
    reach: int = 0

    def __post_init__(self):
        self.reach = max(self.reach, self.cursor_post)

    @property
    def op(self) -> str | None:
        return self.prefix[0] if self.prefix else (self.postfix[0] if self.postfix else None)


def normal_op(symbol: str) -> str:
    return {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}.get(symbol, symbol)


class Scanner:
    """State shared by the passes over one criterion: its text, mentions and the spans claimed."""

    def __init__(
        self, text: str, mentions: list[MentionRef], taken: Iterable[tuple[int, int]] = ()
    ):
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.found: list[Found] = []
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
            self.found.append(Found(kind, start, end, op, value, unit, concept, relation, anchor))
        self._take(start, end)

    def previous(self, position: int) -> Found | None:
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
            or not _ELIDED.search(self.text, last.end, position)
        ):
            return None
        return last.op

    def concept_before(
        self, position: int, kinds=("observation", "score", "demographic", "condition")
    ) -> MentionRef | None:
        """The lexicon mention just before `position` in the same clause."""
        for mention in reversed(self.mentions):
            if mention.end <= position:
                gap = self.text[mention.end : position]
                fits = len(gap) <= 60 and not _CLAUSE_BREAK.search(gap) and mention.kind in kinds
                return mention if fits else None
        return None

    def is_age(self, reading: Reading, code: str | None = None) -> bool:
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
            _AGE_SAID.search(self.text, start, number.start)
            or _AGE_SAID_AFTER.match(self.text, cursor)
            or (reading.postfix and _AGE_SAID.search(self.text, cursor, reading.cursor_post))
            or (code == "a" and _AGE_SAID.search(self.text, reading.values[-1].end, cursor))
        ):  # or the unit: "40-80 years old"
            return True
        if (
            code in (None, "a")
            and _PERSON_BEFORE.search(self.text, max(0, start - 30), start)
            and self._strict(reading)
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
        if _AGE_CONTEXT.search(self.text, max(0, number.start - 30), reading.reach + 12):
            return True
        if (
            code != "a"
            or RELATION.match(self.text, cursor)
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
            EXPOSURE_BEFORE.search(before)
            or WINDOW_WORDS.search(before)
            or (thing and not _PERSON_BEFORE.search(thing.group()))
        )  # "Follow-up < 1 year"

    def _strict(self, reading: Reading) -> bool:
        """A comparison as written ("<18", "18 or older"), not a window's "within" nor a bare
        "="."""
        if reading.postfix:
            return True
        return (
            reading.prefix is not None
            and reading.prefix[0] != "="
            and not is_window_only(window_prefix(self.text, reading))
        )

    def measured_after(self, reading: Reading) -> MentionRef | None:
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

    @staticmethod
    def _in_time(mention: MentionRef) -> bool:
        known = Lexicon.load().lookup(mention.name)
        return known is not None and known.unit in TIME_UNITS

    def measured_before(self, reading: Reading) -> bool:
        """The time quantity is the value of a concept measured in time just before it ("life
        expectancy within 12 months")."""
        start = reading.number.start - (reading.prefix[1] if reading.prefix else 0)
        concept = self.concept_before(start, kinds=("observation",))
        return (
            concept is not None
            and _MEASURED_GAP.fullmatch(self.text, concept.end, start) is not None
            and self._in_time(concept)
        )

    def age_context(self, start: int, end: int) -> bool:
        return (
            _AGE_CONTEXT.search(self.text, max(0, start), max(0, end)) is not None
        )  # not a slice: "St|ages" is no "age"

    # --- reading numbers ----------------------------------------------------------------
    def scan_numbers(self, handle: Callable[[Reading], int]) -> None:
        """Read every number left to right; `handle` returns the offset up to which it consumed
        text."""
        numbers = [number_at(m) for m in NUMBER.finditer(self.text)]
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
        if _ORDINAL_AFTER.match(after):
            return True
        if _RATIO_AFTER.match(after) or (
            isinstance(number.value, int)
            and 1900 <= number.value <= 2100
            and not unit_after(self.text, number.end)
        ):
            return True  # a ratio (140/90) or a calendar year
        return bool(_IDENTIFIER_BEFORE.search(before))

    def _read(self, number: Number, rest: list[Number]) -> Reading | int:
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
        grade = _LEVEL_BEFORE.search(before)
        if (
            prefix is None and grade is None
        ):  # a grade's own comparator is read with the grade ("above CTC AE grade 1")
            prefix = self._before_scale_name(number.start)
        unit = unit_after(text, number.end)
        reach = 0
        if number.start in self.lent:  # the upper end of "6 months to 14 years of age"
            op, lent_unit = self.lent.pop(number.start)
            return Reading(
                number, [number], lent_unit[0], (op, 0), None, lent_unit[1], lent_unit[1], grade
            )
        if unit is None and prefix and rest:
            partner = _SECOND_COMPARISON.fullmatch(text[number.end : rest[0].start])
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
        values, unit, cursor = ranged
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
            and _OPEN_RANGE.fullmatch(text, cursor, rest[0].start)
        ):
            prefix = (
                ">=",
                0,
            )  # "2 to <12 years": the lower bound, in the unit of the upper one when it has none
            upper = unit_after(text, rest[0].end)
            unit = unit or ((upper[0], cursor) if upper else None)
            return Reading(
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
        return Reading(
            number,
            values,
            unit[0] if unit else None,
            prefix,
            postfix,
            cursor,
            cursor_post,
            grade,
            reach,
        )

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
            return [number], unit, cursor
        gap = text[cursor : rest[0].start]
        if _RATIO_AFTER.match(text, rest[0].end) and _RANGE.fullmatch(gap):
            return rest[0].end  # "140-159/90-99 mmHg": ranges of the two parts of a ratio
        second_unit = unit_after(text, rest[0].end)
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
            and ("and" not in gap or _BETWEEN.search(before) or self._age_after(second_unit))
        ):
            if unit and second_unit and unit[0] != second_unit[0]:
                lead = (
                    before[: between.start()] if (between := _BETWEEN.search(before)) else before
                )  # "children (aged) between"
                said = (
                    self._age_after(second_unit)
                    or _AGE_SAID.search(lead[-12:])
                    or _PERSON_BEFORE.search(lead[-30:])
                )
                if unit[0] in TIME_UNITS and second_unit[0] == "a" and said:
                    self.lent[rest[0].start] = (
                        "<=",
                        second_unit,
                    )  # "6 months to 14 years of age": two bounds, two units
                    self.ages.update((number.start, rest[0].start))
                    return [number], unit, cursor
                return second_unit[1]
            return (
                [number, rest[0]],
                second_unit or unit,
                second_unit[1] if second_unit else rest[0].end,
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
                return [listed[0], listed[-1]], unit, unit[1] if unit else listed[-1].end
        return [number], unit, cursor

    def _age_after(self, unit: tuple[str, int] | None) -> bool:
        """A unit of years followed by "old" or "of age": "18 and 65 years old" is a range with no
        "between"."""
        if unit is None or unit[0] != "a":
            return False
        return (
            _AGE_SAID_AFTER.match(self.text, unit[1]) is not None
            or _AGE_SAID.search(self.text, unit[1] - 12, unit[1]) is not None
        )

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
            or _LEVEL_WORD_BEFORE.search(self.text[max(0, position - 30) : position])
        ):
            return True
        last = self.previous(position)
        elided = last is not None and last.concept and _ELIDED.search(self.text, last.end, position)
        known = (
            Lexicon.load().lookup(last.concept)
            if elided and last is not None and last.concept
            else None
        )
        return known is not None and known.kind == "score"


def window_prefix(text: str, reading: Reading) -> str:
    """The comparator before a reading, lower case ("within the past"), or ""."""
    if reading.prefix is None:
        return ""
    return text[reading.number.start - reading.prefix[1] : reading.number.start].lower()


def is_window_only(prefix_text: str) -> bool:
    """A comparator that only windows have ("within", "in the past", "during the last")."""
    return bool(prefix_text) and window_comparator().fullmatch(prefix_text.strip()) is not None


def criteria_mentions(doc: Doc) -> Iterator[tuple[Criterion, list[MentionRef]]]:
    """Each criterion of `doc` with the lexicon mentions inside it, offsets relative to the
    criterion."""
    names = {c.id: c.name for c in Lexicon.load()}
    criteria = doc._.criteria or []
    groups = group_by_region(
        [c.span for c in criteria], doc.ents, lambda ent: (ent.start_char, ent.end_char)
    )
    for criterion, entities in zip(criteria, groups):
        base = criterion.span[0]
        yield (
            criterion,
            [
                MentionRef(
                    ent.start_char - base,
                    ent.end_char - base,
                    names.get(ent.kb_id_, ent.text.lower()),
                    ent.label_,
                )
                for ent in entities
            ],
        )
