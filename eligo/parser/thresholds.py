"""`eligo_thresholds`: comparisons of a measured or stated quantity with a value.

"Age: 18-75 years" is `>= 18 a` and `<= 75 a` on one span; "ANC ≥ 1.5 × 10^9/L"
is `>= 1.5 10*9/L`; "AST < 2.5 × ULN" is `< 2.5 {ULN}`; "ECOG 0, 1 or 2" is
`>= 0`, `<= 2`; "at least one measurable lesion" is a count (`>= 1`, no unit);
"CTCAE grade ≥ 2", "above grade 1" and "grade 2 or higher" are grades; dipstick
readings (`≥ ++`), Roman classes (NYHA III → `>= 3`, "class IV heart failure"),
Child-Pugh letters (`= "A"`) and lines of therapy ("≤ first-line" → `<= 1`) are
ordinal; "> ULN" is `> 1 {ULN}`. The span runs from the lexicon mention of the
measured thing (when it is just before) through the value and unit; a second
comparison shares the first one's concept ("BMI ≥18.5 and ≤27.5") and an op
written once serves a list ("up to 30 mg per day of X, 2 mg per day of Y"). A
time quantity is a threshold only where `windows.py` finds no window in it: an
age ("less than 28 days old"), a concept measured in time ("life expectancy >
3 months", "< 27 weeks gestation"), or the length of a finished exposure or
state ("used for > 7 consecutive days", "more than 2 weeks of therapy"). A
number whose comparison is not written is not guessed, except a count of
things had ("Have had a single negative prostate biopsy": `= 1`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import CriterionItem, ThresholdItem
from eligo.datafiles import patterns, word_values
from eligo.lexicon import Lexicon
from eligo.parser.bounds import implied_unit, is_scale, joined, lend_unit_back, share_unit
from eligo.parser.pairs import PairScanner
from eligo.parser.quantities import TIME_UNITS, duration_nouns
from eligo.parser.readings import (
    TIME_CUES,
    ComparisonMatch,
    MentionRef,
    NumberReading,
    criteria_facts,
    normal_op,
)
from eligo.parser.threshold_names import NamingScanner
from eligo.parser.windows import WindowScanner, find_windows
from eligo.parser.worded_thresholds import WordedScanner

_CUE = patterns("eligo.parser.data", "threshold_cues.jsonl")
_WORD_OPS = {word: str(op) for word, op in word_values("eligo.parser.data", "word_ops").items()}
_LETTERS_GAP = re.compile(r"[a-z]", re.I)
_SHORT_UNITS = {
    "s",
    "min",
}  # seconds and minutes compared are a measured time ("TBUT < 5 s"), not a window


class ThresholdScanner(WindowScanner, WordedScanner, NamingScanner, PairScanner):
    """Finds the thresholds of one criterion's text; its windows' spans are given as taken."""

    def _threshold_of(self, reading: NumberReading) -> int:
        if reading.grade and not reading.prefix:
            return self._grade(reading)
        if (
            reading.code in TIME_UNITS
            and not self.is_age(reading)
            and self.measured_after(reading) is None
        ):
            window = self.window_at(reading)
            if window is not None:
                return window[1]  # a window (found by windows.py) or a window bounding nothing
        return self._threshold(reading)

    def _span_start(self, reading: NumberReading) -> tuple[int, MentionRef | None]:
        start = self._own_start(reading)
        concept = self.concept_before(start)
        return (concept.start if concept else start), concept

    def _own_start(self, reading: NumberReading) -> int:
        """Where the comparison itself starts: its comparator, else its value."""
        number, prefix = reading.number, reading.prefix
        start = number.start - (prefix[1] if prefix else 0)
        while start < number.start and self.text[start].isspace():
            start += 1
        return start

    def _threshold(self, reading: NumberReading) -> int:
        start, concept, name, code = self._measured(reading)
        compared = self._ops(reading, concept, code)
        if compared is None:
            return reading.number.end
        ops, end = compared
        if _CUE["quantifier_after"].match(self.text, end):
            return end
        if concept is not None and concept.start >= end and code not in TIME_UNITS:
            end = concept.end  # "> 160 mmHg systolic BP": through the measure named after it
        if code in TIME_UNITS and name != "age":
            name = self._lasting(reading, concept)
            if name is None:
                return end
        if (
            reading.prefix
            and reading.prefix[0] == "="
            and len(reading.values) == 1
            and (concept is None or concept.kind != "score")
        ):
            return end  # a bare "=" often stands for a lost ≥ or ≤
        if name is None and code is not None and reading.prefix:
            self.found, name = share_unit(
                self.text, self.found, self.previous(start), start, code, ops[0]
            )
        if name is None and code is None:
            name = (
                self._inherited(start)
                or self._counted(end)
                or (self._unknown_name(start, end) if self._compared(reading) else None)
            )
            if name is None:
                return end
            if (
                (last := self.previous(start)) is not None
                and last.concept == name
                and joined(self.text, last, start)
            ):
                code = implied_unit(
                    name,
                    [v.value for v in reading.values],
                    # the second bound of "BMI ≥18.5 and ≤27.5", not "BP > 100, an average of ≥ 3
                    # readings"
                )
        if code is not None and concept is not None and concept.start < end:
            named = (concept.start, concept.end)
            self.found = lend_unit_back(self.found, concept.name, named, code)
        self._emit("threshold", start, end, ops, code, name)
        return end

    def _measured(
        self, reading: NumberReading
    ) -> tuple[int, MentionRef | None, str | None, str | None]:
        """Where a threshold starts, the concept it compares, and the name and unit of what is
        measured."""
        start, concept = self._span_start(reading)
        after = self.measured_after(reading) if reading.code in TIME_UNITS else None
        if after is not None:
            start, concept = self._own_start(reading), after  # "< 27 weeks gestation"
        elif concept is None and (reading.prefix or reading.postfix):
            concept = self.named_after(reading)  # "> 160 mmHg systolic BP"
        elif concept is not None and (reading.prefix or reading.postfix):
            named = self.named_after(reading)
            own = self._own_start(reading)
            if named is not None and self._named_before(concept, own):
                start, concept = own, named  # "... systolic or > 95 mmHg diastolic"
            elif named is not None and self._kind_of(concept, named):
                concept = named  # "BP > 160 mmHg systolic": the words from "BP" on
        name, code = (concept.name if concept else None), reading.code
        if code is None and self.age_context(
            reading.number.start - 20, reading.cursor + 12, reading.cursor
        ):
            code = "a" if name in (None, "age") else None
        if (code is None or code in TIME_UNITS) and self.is_age(reading, code):
            if name not in (None, "age"):
                start, concept = (
                    self._own_start(reading),
                    None,
                )  # "Diabetes that are 12 or older": the concept is no age
            name, code = "age", code or "a"  # "less than 28 days old" is an age in days
        code = code or implied_unit(name, [v.value for v in reading.values])
        if code in ("g", "mg") and name is not None:
            default = Lexicon.load().lookup(name)
            if default is not None and default.unit and default.unit.startswith("g/("):
                code = f"{code}/(24.h)"  # "24-hour urine protein > 1.0 g": a daily amount
        return start, concept, name, code

    def _named_before(self, before: MentionRef, start: int) -> bool:
        """Whether the measure before a comparison names the comparison before it instead ("BP >
        160 mmHg systolic or > 95 mmHg diastolic": "systolic" is the first one's)."""
        last = self.previous(start)
        return last is not None and last.concept == before.name and before.end <= last.end

    @staticmethod
    def _kind_of(before: MentionRef, after: MentionRef) -> bool:
        """Whether the measure named right after a comparison's unit is a kind of the one named
        before it, and so what it compares ("BP > 160 mmHg systolic")."""
        lexicon = Lexicon.load()
        known, kind = lexicon.lookup(before.name), lexicon.lookup(after.name)
        return (
            known is not None
            and kind is not None
            and kind.name != known.name
            and kind.name.endswith(" " + known.name)
        )

    def _ops(
        self, reading: NumberReading, concept: MentionRef | None, code: str | None
    ) -> tuple[list[tuple[str, object]], int] | None:
        """The (op, value) pairs a reading states and where it ends; None when it states no
        comparison."""
        number, values = reading.number, reading.values
        if len(values) == 2:
            if is_scale(self.text, reading):
                return None
            return [*reading.bounds()], reading.cursor
        if reading.prefix:
            return [(reading.prefix[0], number.value)], reading.cursor
        if reading.postfix:
            return [(reading.postfix[0], number.value)], reading.cursor_post
        elided = self.elided_op(number.start, reading.code)
        if elided is not None:
            return [
                (elided, number.value)
            ], reading.cursor  # "up to 30 mg per day of X or 2 mg per day of Y"
        gap = self.text[concept.end : number.start] if concept else ""
        if (
            concept is not None
            and concept.kind == "score"
            and (not _LETTERS_GAP.search(gap) or ":" in gap)
        ):
            return [("=", number.value)], reading.cursor  # "ECOG 1": a score stated
        if code is None and self._bare_count(reading):
            return [
                ("=", number.value)
            ], reading.cursor  # "a single negative prostate biopsy", "3 serum PSA levels"
        return None

    def _lasting(self, reading: NumberReading, concept: MentionRef | None) -> str | None:
        """What a time quantity that is no window or age is the length of, written with a
        comparison: a concept measured in time ("Life expectancy > 3 months", "cycle length 25-34
        days", "TBUT < 5 s", and the second bound joined to one: "> 5 s and < 10 s"), or a
        finished exposure or state ("used for > 7 consecutive days",
        "lasting more than 10 days", "more than 2 weeks of therapy"); else None."""
        if not (
            len(reading.values) == 2
            or reading.postfix
            or reading.prefix
            and reading.prefix[0] != "="
        ):
            return None  # a bare duration
        own = self._own_start(reading)
        last = self.previous(own)
        if (
            last is not None
            and last.kind == "threshold"
            and (last.unit == reading.code or last.unit in TIME_UNITS)
            and joined(self.text, last, own)
        ):
            # "TBUT > 5 s and < 10 s", "duration of less than 6 weeks or longer than 2 years": the
            # second bound of one measured time
            return last.concept
        lasting = TIME_CUES["lasting_before"].search(
            self.text, max(concept.end if concept else 0, own - 40), own
        )
        of = _CUE["lasting_of"].match(self.text, reading.cursor)
        qualified = _CUE["qualified"].search(self.text, reading.number.end, reading.cursor)
        if concept is not None and (
            concept.kind in ("observation", "score", "demographic") or lasting or of or qualified
        ):
            return concept.name
        if of is not None:
            return of.group("noun").lower()
        travel = TIME_CUES["travel_after"].match(self.text, reading.cursor)
        if travel is not None:
            return travel.group("noun").lower()  # "a > 2.5-hour drive", "2 hours travel time"
        name = self._unknown_name(own, reading.cursor)
        named = name is not None and any(word in duration_nouns() for word in name.split())
        return name if lasting or qualified or named or reading.code in _SHORT_UNITS else None

    def _grade(self, reading: NumberReading) -> int:
        number, values, grade, postfix = (
            reading.number,
            reading.values,
            reading.grade,
            reading.postfix,
        )
        assert grade is not None  # called on graded readings only
        end = reading.cursor_post if postfix else reading.cursor
        concept = self.concept_before(number.start - len(grade.group(0)))
        word = grade.group("word").lower().rstrip("s")
        name = concept.name if concept is not None else ("ctcae grade" if word == "grade" else word)
        start = number.start - len(grade.group(0))
        if grade.group("op"):
            ops = [(normal_op(grade.group("op")), number.value)]
        elif len(values) == 2:
            ops = reading.bounds()
        elif postfix:
            ops = [(postfix[0], number.value)]
        else:
            word_op = _CUE["word_comparator_before_grade"].search(
                self.text[max(0, start - 80) : start + len(grade.group(0))]
            )
            if word_op is not None:
                ops = [
                    (
                        normal_op(_WORD_OPS.get(word_op.group("op").lower(), word_op.group("op"))),
                        number.value,
                    )
                ]
                start = max(0, start - 80) + word_op.start()
            elif _CUE["recovered_to"].search(self.text, max(0, start - 40), start):
                ops = [("<=", number.value)]
            else:
                return end
        self._emit("threshold", start, end, ops, None, name)
        return end

    def scan(self) -> list[ComparisonMatch]:
        self.dipsticks()
        self.romans()
        self.lines_of_therapy()
        self.child_pugh()
        self.value_pairs()
        self.scan_numbers(self._threshold_of)
        self.limits()
        return sorted(self.found, key=lambda f: (f.start, f.op))


def find_thresholds(
    text: str, mentions: Iterable[MentionRef] = (), windows: list[tuple[int, int]] | None = None
) -> list[ComparisonMatch]:
    """The thresholds of one criterion text, offsets relative to it.

    `windows` are the spans of the criterion's windows (found by `find_windows`
    when not given): their numbers are not thresholds.
    """
    if windows is None:
        windows = [(w.start, w.end) for w in find_windows(text, mentions)]
    return ThresholdScanner(text, list(mentions), windows).scan()


@Language.factory(
    "eligo_thresholds",
    requires=["doc._.criteria", "doc.ents"],
    assigns=["doc._.thresholds", "doc._.pairs"],
)
def make_thresholds(nlp: Language, name: str):
    """Sets `doc._.thresholds`: the thresholds of every criterion (spans index `doc.text`), and
    `doc._.pairs`: the span of each pair of values ("BP > 140/90") with how its members join.

    Runs after `eligo_windows` when it is in the pipeline (numbers in windows are
    skipped); without it, each criterion's windows are found here first.
    """

    def find(doc: Doc) -> Doc:
        windows = None
        pairs: dict[tuple[int, int], str] = {}
        if doc._.windows is not None:
            windows = defaultdict(list)
            for window in doc._.windows:
                windows[window.criterion].append(window.span)

        def read(criterion: CriterionItem, mentions: list[MentionRef]) -> list[ComparisonMatch]:
            base = criterion.span[0]
            taken = (
                None
                if windows is None
                else [(s - base, e - base) for s, e in windows[criterion.id]]
            )
            found = find_thresholds(criterion.text, mentions, taken)
            pairs.update(((base + f.start, base + f.end), f.joined) for f in found if f.joined)
            return found

        doc._.thresholds = criteria_facts(
            doc, read, ThresholdItem, ("concept", "op", "value", "unit")
        )
        doc._.pairs = sorted(pairs.items())
        return doc

    return find
