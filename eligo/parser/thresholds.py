"""`eligo_thresholds`: comparisons of a measured or stated quantity with a value.

"Age: 18-75 years" is `>= 18 a` and `<= 75 a` on one span; "ANC ≥ 1.5 × 10^9/L"
is `>= 1.5 10*9/L`; "AST < 2.5 × ULN" is `< 2.5 {ULN}`; "ECOG 0, 1 or 2" is
`>= 0`, `<= 2`; "at least one measurable lesion" is a count (`>= 1`, no unit);
"CTCAE grade ≥ 2", "above grade 1" and "grade 2 or higher" are grades; dipstick
readings (`≥ ++`) and Roman classes (NYHA III → `>= 3`) are ordinal. The span
runs from the lexicon mention of the measured thing (when it is just before)
through the value and unit. A time quantity is a threshold only where
`windows.py` finds no window in it ("life expectancy > 3 months"); a number
whose comparison is not written is not guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import Threshold
from eligo.lexicon import Lexicon
from eligo.parser.doc import text_of
from eligo.parser.comparisons import EXPOSURE_BEFORE, Found, MentionRef, Reading, criteria_mentions, normal_op
from eligo.parser.quantities import ROMAN, TIME_UNITS, count_nouns
from eligo.parser.windows import WindowScanner, find_windows

_DIPSTICK = re.compile(r"(?P<op>≥|>=|=>|>|≤|<=|<|=)?\s*(?P<value>\+{1,4}|[1-4]\s?\+(?!\+)|trace)(?P<post>\s*(?:or\s+(?:more|greater|higher|above)))?", re.I)
_DIPSTICK_CONTEXT = re.compile(r"protein|dipstick|urinalysis|proteinuria|urine", re.I)
_DIPSTICK_VALUES = {"+": "+", "++": "++", "+++": "+++", "++++": "++++", "1+": "+", "2+": "++", "3+": "+++", "4+": "++++", "trace": "trace"}
_ROMAN = re.compile(
    r"\b(?P<word>class|stage|grade|nyha)\s*(?P<op>≥|>=|>|≤|<=|<)?\s*(?P<low>iv|v|i{1,3})(?![\w+-])"
    r"(?:\s*(?:-|–|to|or|and)\s*(?P<high>iv|v|i{1,3})(?![\w+-]))?(?P<post>\s+or\s+(?:higher|greater|above|worse|more))?",
    re.I,
)
_NYHA_BEFORE = re.compile(r"nyha|new york heart", re.I)
_WORD_COMPARATOR_BEFORE_GRADE = re.compile(
    r"(?P<op>≥|>=|>|≤|<=|<|above|greater than|more than|higher than|exceeding|at least|over|below|less than|under)(?![a-z])[^;.\d]{0,70}?\bgrades?\s*$",
    re.I,
)
_WORD_OPS = {
    "above": ">", "greater than": ">", "more than": ">", "higher than": ">", "exceeding": ">", "over": ">", "at least": ">=",
    "below": "<", "less than": "<", "under": "<",
}
_STRICT_PREFIX = re.compile(r"[<>≤≥=]|than|least|most", re.I)
_WORD_BREAK = re.compile(r"[;.,:()\[\]]|\band\b|\bor\b")
_WORDS = re.compile(r"[A-Za-z][\w-]*")
_LETTERS_GAP = re.compile(r"[a-z]", re.I)
_NOUN_AFTER = re.compile(r"\s+([a-z]+)", re.I)
_ENTITY_KINDS = ("condition", "treatment", "procedure", "event")


class ThresholdScanner(WindowScanner):
    """Finds the thresholds of one criterion's text; its windows' spans are given as taken."""

    # --- ordinal forms --------------------------------------------------------------
    def dipsticks(self) -> None:
        for match in _DIPSTICK.finditer(self.text):
            if not (match.group("op") or match.group("post")):
                continue
            if not _DIPSTICK_CONTEXT.search(self.text, max(0, match.start() - 50), match.start()):
                continue
            op = ">=" if match.group("post") else normal_op(match.group("op"))
            value = _DIPSTICK_VALUES[re.sub(r"\s", "", match.group("value")).lower()]
            concept = self.concept_before(match.start())
            start = concept.start if concept else match.start()
            self.found.append(Found("threshold", start, match.end(), op, value, None, concept.name if concept else None))
            self._take(match.start(), match.end())

    def romans(self) -> None:
        for match in _ROMAN.finditer(self.text):
            if not self._free(match.start(), match.end()):
                continue
            low, high = ROMAN[match.group("low").lower()], match.group("high")
            word = match.group("word").lower()
            concept = self.concept_before(match.start() + 1) if word != "nyha" else None
            name = concept.name if concept else ("nyha class" if word in ("nyha", "class") else word)
            start = concept.start if concept else match.start()
            nyha = word == "nyha" or _NYHA_BEFORE.search(self.text, max(0, match.start() - 40), match.start())
            if match.group("op"):
                ops = [(normal_op(match.group("op")), low)]
            elif high and (ROMAN[high.lower()] - low in (1, 2) or "-" in match.group(0)):
                ops = [(">=", low), ("<=", ROMAN[high.lower()])]
            elif match.group("post") or (nyha and not high):
                ops = [(">=", low)]
            else:
                continue  # "stage IV", "class I or III": a category, not a comparison
            for op, value in ops:
                self.found.append(Found("threshold", start, match.end(), op, value, None, name))
            self._take(match.start(), match.end())

    # --- numbers ----------------------------------------------------------------------
    def _threshold_of(self, reading: Reading) -> int:
        if reading.grade and not reading.prefix:
            return self._grade(reading)
        if reading.code in TIME_UNITS and not self.is_age(reading.number, reading.cursor, reading.code):
            window = self.window_at(reading)
            if window is not None:
                return window[1]  # a window (found by windows.py) or a window bounding nothing
        return self._threshold(reading)

    def _span_start(self, reading: Reading) -> tuple[int, MentionRef | None]:
        number, prefix = reading.number, reading.prefix
        start = number.start - (prefix[1] if prefix else 0)
        while start < number.start and self.text[start].isspace():
            start += 1
        concept = self.concept_before(start)
        return (concept.start if concept else start), concept

    def _threshold(self, reading: Reading) -> int:
        number, values, code, prefix, postfix, cursor = reading.number, reading.values, reading.code, reading.prefix, reading.postfix, reading.cursor
        start, concept = self._span_start(reading)
        name = concept.name if concept else None
        if code is None and self.age_context(number.start - 20, cursor + 12):
            code = "a" if name in (None, "age") else None
        if name is None and code in (None, "a") and self.is_age(number, cursor, code):
            name, code = "age", "a"
        if code in ("g", "mg") and name is not None:
            default = Lexicon.load().lookup(name)
            if default is not None and default.unit and default.unit.startswith("g/("):
                code = f"{code}/(24.h)"  # "24-hour urine protein > 1.0 g": a daily amount
        if len(values) == 2:
            ops, end = [(">=", values[0].value), ("<=", values[1].value)], cursor
        elif prefix:
            ops, end = [(prefix[0], number.value)], cursor
        elif postfix:
            ops, end = [(postfix[0], number.value)], reading.cursor_post
        else:
            gap = self.text[concept.end : number.start] if concept else ""
            if concept is None or concept.kind != "score" or (_LETTERS_GAP.search(gap) and ":" not in gap):
                return number.end
            ops, end = [("=", number.value)], cursor  # "ECOG 1": a score stated
        if code in TIME_UNITS and name != "age":
            if concept is None or concept.kind not in ("observation", "score", "demographic"):
                return end  # how long a disease or treatment lasted ("diabetes for at least one year"), or of nothing named
            if EXPOSURE_BEFORE.search(self.text, max(0, start - 40), start + (prefix[1] if prefix else 0)) or (prefix is None and postfix is None and len(values) < 2):
                return end  # an exposure ("for at least 3 days") or a bare duration
        if prefix and prefix[0] == "=" and (concept is None or concept.kind != "score") and name != "age":
            return end  # a bare "=" often stands for a lost ≥ or ≤
        if name is None and code is None:
            name = self._counted(end) or (self._unknown_name(start, reading) if self._compared(reading) else None)
            if name is None:
                return end
        self._emit("threshold", start, end, ops, code, name)
        return end

    def _counted(self, end: int) -> str | None:
        """What a bare number counts ("one measurable lesion", "two prior lines"), if anything."""
        counted = next((m for m in self.mentions if 0 <= m.start - end <= 25 and m.kind in _ENTITY_KINDS), None)
        if counted is not None:
            return counted.name
        noun = _NOUN_AFTER.match(self.text, end)
        return noun.group(1).lower() if noun is not None and noun.group(1).lower() in count_nouns() else None

    def _compared(self, reading: Reading) -> bool:
        """A written comparison of something the lexicon cannot name ("> 5 cm", "CD34+ count ≥ 2")."""
        prefix = reading.prefix
        if len(reading.values) == 2 or reading.postfix:
            return True
        return bool(prefix) and prefix[0] in (">", ">=", "<", "<=") and _STRICT_PREFIX.search(self.text, reading.number.start - prefix[1], reading.number.start) is not None

    def _unknown_name(self, position: int, reading: Reading) -> str | None:
        """The last few words before a comparison, as the name of an unknown measured thing."""
        words = _WORDS.findall(_WORD_BREAK.split(self.text[max(0, position - 50) : position])[-1])
        return " ".join(words[-4:]).lower() or None

    def _grade(self, reading: Reading) -> int:
        number, values, grade, postfix = reading.number, reading.values, reading.grade, reading.postfix
        end = reading.cursor_post if postfix else reading.cursor
        concept = self.concept_before(number.start - len(grade.group(0)))
        word = grade.group("word").lower().rstrip("s")
        name = concept.name if concept is not None else ("ctcae grade" if word == "grade" else word)
        start = number.start - len(grade.group(0))
        if grade.group("op"):
            ops = [(normal_op(grade.group("op")), number.value)]
        elif len(values) == 2:
            ops = [(">=", values[0].value), ("<=", values[1].value)]
        elif postfix:
            ops = [(postfix[0], number.value)]
        else:
            word_op = _WORD_COMPARATOR_BEFORE_GRADE.search(self.text[max(0, start - 80) : start + len(grade.group(0))])
            if word_op is None:
                return end
            ops = [(normal_op(_WORD_OPS.get(word_op.group("op").lower(), word_op.group("op"))), number.value)]
            start = max(0, start - 80) + word_op.start()
        self._emit("threshold", start, end, ops, None, name)
        return end

    def scan(self) -> list[Found]:
        self.dipsticks()
        self.romans()
        self.scan_numbers(self._threshold_of)
        return sorted(self.found, key=lambda f: (f.start, f.op))


def find_thresholds(text: str, mentions: list[MentionRef] = (), windows: list[tuple[int, int]] | None = None) -> list[Found]:
    """The thresholds of one criterion text, offsets relative to it.

    `windows` are the spans of the criterion's windows (found by `find_windows`
    when not given): their numbers are not thresholds.
    """
    if windows is None:
        windows = [(w.start, w.end) for w in find_windows(text, mentions)]
    return ThresholdScanner(text, list(mentions), windows).scan()


@Language.factory("eligo_thresholds")
def make_thresholds(nlp: Language, name: str):
    """Sets `doc._.thresholds`: the thresholds of every criterion (spans index `doc.text`).

    Runs after `eligo_windows` when it is in the pipeline (numbers in windows are
    skipped); without it, each criterion's windows are found here first.
    """

    def find(doc: Doc) -> Doc:
        text = text_of(doc)
        windows = None
        if doc._.windows is not None:
            windows = defaultdict(list)
            for window in doc._.windows:
                windows[window.criterion].append(window.span)
        thresholds = []
        for criterion, mentions in criteria_mentions(doc):
            base = criterion.span[0]
            taken = None if windows is None else [(s - base, e - base) for s, e in windows[criterion.id]]
            for found in find_thresholds(criterion.text, mentions, taken):
                span = (base + found.start, base + found.end)
                thresholds.append(
                    Threshold(
                        criterion=criterion.id, span=span, text=text[span[0] : span[1]], concept=found.concept, op=found.op,
                        value=found.value, unit=found.unit,
                    )
                )
        doc._.thresholds = thresholds
        return doc

    return find
