"""`eligo_measurements`: thresholds and time windows in criteria.

Every number of a criterion is read with what surrounds it: a comparator
before ("≥", "at least", "not more than", "within") or after ("or older"),
a range partner ("18-75", "between 18 and 75", "0, 1 or 2"), a unit (the
longest UCUM alias), and the measured concept (the lexicon mention just
before). A time quantity becomes a window when it is anchored ("within 4 weeks
prior to randomization", "in the past 5 years", "at least 14 days before the
first dose", "the interval between A and B greater than 12 months"), an age
when it measures age, and a threshold otherwise ("life expectancy > 3 months").
Dipstick readings (`≥++`) and Roman classes (NYHA III) are ordinal thresholds.
A number whose comparison is not written is not guessed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import Threshold, Window
from eligo.lexicon import Lexicon
from eligo.parser.doc import text_of
from eligo.parser.quantities import (
    NUMBER,
    count_nouns,
    ROMAN,
    TIME_UNITS,
    Number,
    number_at,
    postfix_comparator,
    prefix_comparator,
    unit_after,
)

_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:version|v|recist|ctcae|ctc|type|phase|cycle|day|days|part|arm|cohort|section|step|visit|covid|figure|table|"
    r"appendix|lines?|who|tnm|t|n|m|no|number|item|criterion|criteria|protocol|study|"
    r"schedule|week|month|year|ia|ib|ii|iii|iv|at)\.?|[#§])\s*$",
    re.I,
)
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b|-(?:fold|line)\b|\s*-?(?:hour|hr|h)\s+urine", re.I)
_EXPOSURE_BEFORE = re.compile(r"\b(?:for|since|from|lasting|lasted|duration of treatment)\s*(?:at least|a minimum of|more than|less than|over|under|up to|>=?|<=?|≥|≤)?\s*$", re.I)
_RANGE = re.compile(r"\s*(?:-|–|—|~|to|and|through)\s*$")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:or\s+)?|or\s+|and\s+)$")
_BETWEEN = re.compile(r"\b(?:between|from)\s*$", re.I)
_AGE_CONTEXT = re.compile(r"(?:\bold(?:er)?\b|\byounger\b|\bof age\b|\bage[ds]?\b|\byrs?\b)", re.I)
_LEVEL_BEFORE = re.compile(r"\b(?P<word>grades?|stages?|class|category|level)\s*(?P<op>≥|>=|>|≤|<=|<)?\s*$", re.I)
_LEVEL_WORD_BEFORE = re.compile(r"\b(?:score|grade|class|stage|scale|status|category|level)s?\W*(?:of\s+)?$", re.I)
_RELATION = re.compile(
    r"\s*(?P<word>(?:prior|previous)\s+to|before|preceding|preceeding|ahead of|after|following|post|since|from|of|ago|until|till)\b",
    re.I,
)
_ANCHOR_STOP = re.compile(
    r"[,;.:()\[\]]|\b(?:and|or|if|unless|except|with|who|that|which|is|are|was|were|must|should|will|in|for|as|by|to|on|including|unless)\b",
    re.I,
)
_INTERVAL = re.compile(r"\b(?:interval|time|duration)\s+(?:between|from)\b[^;.]*?\band\s+(?:the\s+)?(?P<anchor>[^,;.]+?)\s+(?:be|is|are|was|must|should)\b", re.I)
_FREE_FOR = re.compile(r"(?:\bfree\b|\bno evidence of\b|\bdisease[- ]free\b|\bremission\b|\bwithout\b|\bno recurrence\b|\bno relapse\b)[^;.]{0,60}\bfor\s*$", re.I)
_SECOND_COMPARISON = re.compile(r"\s*(?:and|to|or|-|,)?\s*(?:≥|>=|>|≤|<=|<|less than|more than|greater than|under|over|above|below)\s*", re.I)
_WINDOW_ONLY = re.compile(r"(?:within|in|during|over|the|last|past|next|previous|prior|preceding|first|coming|following|\s)+", re.I)
_WINDOW_WORDS = re.compile(r"\b(?:within|past|last|previous|prior|preceding|next|during|ago|since|for)\b[^.;]{0,20}$", re.I)
_FORWARD = re.compile(r"\b(?:next|coming|following|first)\b", re.I)
_IMPLICIT_ONE = re.compile(
    r"\b(?:within|in|during|over)\s+(?:the\s+)?(?P<dir>past|last|previous|prior|preceding|next|coming|following)\s+(?P<unit>year|month|week|day|hour)\b",
    re.I,
)
_IMPLICIT_UNITS = {"year": "a", "month": "mo", "week": "wk", "day": "d", "hour": "h"}
_FOR_BEFORE = re.compile(r"\bfor\s*(?:at least|a minimum of|more than|over|>=?|≥)?\s*$", re.I)
_FUTURE = re.compile(r"\b(?:will|throughout the study|during the study|for the duration|until the end|after the (?:last|final) dose)\b", re.I)
_DIPSTICK = re.compile(r"(?P<op>≥|>=|=>|>|≤|<=|<|=)?\s*(?P<value>\+{1,4}|[1-4]\s?\+(?!\+)|trace)(?P<post>\s*(?:or\s+(?:more|greater|higher|above)))?", re.I)
_DIPSTICK_CONTEXT = re.compile(r"protein|dipstick|urinalysis|proteinuria|urine", re.I)
_ROMAN = re.compile(
    r"\b(?P<word>class|stage|grade|nyha)\s*(?P<op>≥|>=|>|≤|<=|<)?\s*(?P<low>iv|v|i{1,3})(?![\w+-])"
    r"(?:\s*(?:-|–|to|or|and)\s*(?P<high>iv|v|i{1,3})(?![\w+-]))?(?P<post>\s+or\s+(?:higher|greater|above|worse|more))?",
    re.I,
)
_WORD_COMPARATOR_BEFORE_GRADE = re.compile(
    r"(?P<op>≥|>=|>|≤|<=|<|above|greater than|more than|higher than|exceeding|at least|over|below|less than|under)(?![a-z])[^;.\d]{0,70}?\bgrades?\s*$",
    re.I,
)
_DIPSTICK_VALUES = {"+": "+", "++": "++", "+++": "+++", "++++": "++++", "1+": "+", "2+": "++", "3+": "+++", "4+": "++++", "trace": "trace"}


_ENTITY_KINDS = ("condition", "treatment", "procedure", "event")


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
    start: int
    end: int
    name: str
    kind: str


class Scanner:
    """Finds thresholds and windows in one criterion's text."""

    def __init__(self, text: str, mentions: list[MentionRef]):
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.found: list[Found] = []
        self.taken: list[tuple[int, int]] = []
        # cues read once per criterion, not once per number (that would be quadratic)
        self.intervals = list(_INTERVAL.finditer(text))
        self.future = _FUTURE.search(text) is not None

    def _free(self, start: int, end: int) -> bool:
        """No span taken so far overlaps [start, end) (taken spans are kept sorted)."""
        index = bisect.bisect_left(self.taken, (start, start))
        return all(not (s < end and start < e) for s, e in self.taken[max(0, index - 8) : index + 8])

    def _take(self, start: int, end: int) -> None:
        bisect.insort(self.taken, (start, end))

    def _concept_before(self, position: int, kinds=("observation", "score", "demographic", "condition")) -> MentionRef | None:
        """The lexicon mention just before `position` in the same clause."""
        for mention in reversed(self.mentions):
            if mention.end > position:
                continue
            gap = self.text[mention.end : position]
            if len(gap) > 60 or re.search(r"[;.]\s|\d", gap) or mention.kind not in kinds:
                return None
            return mention
        return None

    # --- ordinal forms --------------------------------------------------------------
    def dipsticks(self) -> None:
        for match in _DIPSTICK.finditer(self.text):
            if not (match.group("op") or match.group("post")):
                continue
            context = self.text[max(0, match.start() - 50) : match.start()]
            if not _DIPSTICK_CONTEXT.search(context):
                continue
            op = ">=" if match.group("post") else {"=>": ">="}.get(match.group("op"), match.group("op")).replace("≥", ">=").replace("≤", "<=")
            value = _DIPSTICK_VALUES[re.sub(r"\s", "", match.group("value")).lower()]
            concept = self._concept_before(match.start())
            start = concept.start if concept else match.start()
            self.found.append(Found("threshold", start, match.end(), op, value, None, concept.name if concept else None))
            self._take(match.start(), match.end())

    def romans(self) -> None:
        for match in _ROMAN.finditer(self.text):
            if not self._free(match.start(), match.end()):
                continue
            low, high = ROMAN[match.group("low").lower()], match.group("high")
            word = match.group("word").lower()
            concept = self._concept_before(match.start() + (len(word) if word == "nyha" else 0) + 1) if word != "nyha" else None
            name = concept.name if concept else ("nyha class" if word in ("nyha", "class") else f"{word}")
            start = concept.start if concept else match.start()
            nyha = word == "nyha" or re.search(r"nyha|new york heart", self.text[max(0, match.start() - 40) : match.start()], re.I)
            if match.group("op"):
                ops = [(match.group("op").replace("≥", ">=").replace("≤", "<="), low)]
            elif high and ROMAN[high.lower()] - low in (1, 2) or high and "-" in match.group(0):
                ops = [(">=", low), ("<=", ROMAN[high.lower()])]
            elif match.group("post") or (nyha and not high):
                ops = [(">=", low)]
            else:
                continue  # "stage IV", "class I or III": a category, not a comparison
            for op, value in ops:
                self.found.append(Found("threshold", start, match.end(), op, value, None, name))
            self._take(match.start(), match.end())

    # --- numbers ----------------------------------------------------------------------
    def numbers(self) -> None:
        numbers = [number_at(m) for m in NUMBER.finditer(self.text)]
        index = 0
        while index < len(numbers):
            number = numbers[index]
            consumed = self._read(number, numbers[index + 1 :])
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
        if re.match(r"/\s*[\d<>≤≥]", after) or (isinstance(number.value, int) and 1900 <= number.value <= 2100 and not unit_after(self.text, number.end)):
            return True  # a ratio (140/90) or a calendar year
        return bool(_IDENTIFIER_BEFORE.search(before))

    def _read(self, number: Number, rest: list[Number]) -> int:
        """Read the comparison around `number`; returns the offset up to which text was consumed."""
        if self._skip(number):
            return number.end
        text = self.text
        before = text[max(0, number.start - 50) : number.start]
        prefix = prefix_comparator(before)
        grade = _LEVEL_BEFORE.search(before)
        if prefix and _WINDOW_ONLY.fullmatch(before[len(before) - prefix[1] :].strip()) and before[len(before) - prefix[1] :].strip().lower() != "over":
            time_unit = unit_after(text, number.end)
            if time_unit is None or time_unit[0] not in TIME_UNITS:
                prefix = None  # "in the", "last": comparators of time windows only
        values = [number]
        unit = unit_after(text, number.end)
        cursor = unit[1] if unit else number.end
        if unit is None and prefix and rest:
            partner = _SECOND_COMPARISON.fullmatch(text[number.end : rest[0].start])
            lent = unit_after(text, rest[0].end) if partner else None
            if lent is not None:
                unit = (lent[0], number.end)  # "> 18 to < 90 years": the first bound takes the unit of the second
        # a range partner ("18-75 years", "between 18 and 75", "0 to 1") or a list ("0, 1 or 2")
        if rest:
            gap = text[cursor : rest[0].start]
            between = _BETWEEN.search(before)
            if _RANGE.fullmatch(gap) and ("and" not in gap or between) and len(gap) <= 12:
                values.append(rest[0])
                second_unit = unit_after(text, rest[0].end)
                if unit and second_unit and unit[0] != second_unit[0]:
                    return second_unit[1]  # "6 months to 5 years": a span of time, not a range of one quantity
                unit = second_unit or unit
                cursor = second_unit[1] if second_unit else rest[0].end
            elif _LIST_SEP.fullmatch(gap) and len(gap) <= 6 and not prefix and self._scored(number.start):
                listed = [number]
                for candidate in rest:
                    separator = text[listed[-1].end : candidate.start]
                    if not _LIST_SEP.fullmatch(separator) or len(separator) > 6:
                        break
                    listed.append(candidate)
                if len(listed) >= 2 and all(isinstance(n.value, int) for n in listed):
                    values = [listed[0], listed[-1]]
                    unit = unit_after(text, listed[-1].end)
                    cursor = unit[1] if unit else listed[-1].end
        postfix = postfix_comparator(text[cursor : cursor + 20])
        if postfix and postfix[0] and text[cursor : cursor + 1] == "+" and len(values) == 1:
            cursor_post = cursor + postfix[1]
        else:
            cursor_post = cursor + (postfix[1] if postfix else 0)
        code = unit[0] if unit else None
        if grade and not prefix:
            return self._grade(number, values, grade, cursor_post if postfix else cursor, postfix)
        if code in TIME_UNITS and not self._is_age(number, cursor, code):
            return self._time(number, values, code, prefix, postfix, cursor, cursor_post)
        return self._threshold(number, values, code, prefix, postfix, cursor, cursor_post)

    def _scored(self, position: int) -> bool:
        """A list of values ("0, 1 or 2") is a range only after a score or a level word."""
        concept = self._concept_before(position)
        return (concept is not None and concept.kind == "score") or bool(_LEVEL_WORD_BEFORE.search(self.text[max(0, position - 30) : position]))

    def _is_age(self, number: Number, cursor: int, code: str | None = None) -> bool:
        around = self.text[max(0, number.start - 30) : cursor + 12]
        concept = self._concept_before(number.start, kinds=("demographic", "condition", "treatment", "observation", "score", "procedure", "event"))
        if concept is not None:
            return concept.name == "age"
        if _AGE_CONTEXT.search(around):
            return True
        # "men and women 30-55 years", "less than 80 years": years that no window or duration claims
        after = _RELATION.match(self.text, cursor)
        before = self.text[max(0, number.start - 40) : number.start]
        return code == "a" and after is None and not _EXPOSURE_BEFORE.search(before) and not _WINDOW_WORDS.search(before)

    def _span_start(self, number: Number, prefix) -> tuple[int, MentionRef | None]:
        start = number.start - (prefix[1] if prefix else 0)
        while start < number.start and self.text[start].isspace():
            start += 1
        concept = self._concept_before(start)
        return (concept.start if concept else start), concept

    def _emit(self, kind, start, end, ops_values, unit, concept, relation=None, anchor=None) -> None:
        for op, value in ops_values:
            self.found.append(Found(kind, start, end, op, value, unit, concept, relation, anchor))
        self._take(start, end)

    def _threshold(self, number, values, code, prefix, postfix, cursor, cursor_post) -> int:
        start, concept = self._span_start(number, prefix)
        name = concept.name if concept else None
        if code is None and _AGE_CONTEXT.search(self.text[max(0, number.start - 20) : cursor + 12]):
            code = "a" if name in (None, "age") else None
        if name is None and code in (None, "a") and self._is_age(number, cursor, code):
            name, code = "age", "a"
        if code is not None and code.endswith("g") and name is not None:
            default = Lexicon.load().lookup(name)
            if default is not None and default.unit and default.unit.startswith("g/(") and code in ("g", "mg"):
                code = f"{code}/(24.h)"
        if len(values) == 2:
            ops = [(">=", values[0].value), ("<=", values[1].value)]
            end = cursor
        elif prefix:
            ops = [(prefix[0], number.value)]
            end = cursor
        elif postfix:
            ops = [(postfix[0], number.value)]
            end = cursor_post
        else:
            if concept is None or concept.kind != "score" or re.search(r"[a-z]", self.text[concept.end : number.start], re.I) and ":" not in self.text[concept.end : number.start]:
                return number.end
            ops = [("=", number.value)]
            end = cursor
        if code in TIME_UNITS and name != "age":
            if concept is not None and concept.kind not in ("observation", "score", "demographic"):
                return end  # how long a disease or treatment lasted ("diabetes for at least one year")
            if _EXPOSURE_BEFORE.search(self.text[max(0, start - 40) : start + (prefix[1] if prefix else 0)]) or (prefix is None and postfix is None and len(values) < 2):
                return end  # an exposure ("for at least 3 days") or a bare duration
            if concept is None:
                return end  # a duration of something the lexicon cannot name is rarely a criterion's threshold
        if prefix and prefix[0] == "=" and (concept is None or concept.kind != "score") and name != "age":
            return end  # a bare "=" often stands for a lost ≥ or ≤
        if name is None and code is None:
            counted = next((m for m in self.mentions if 0 <= m.start - end <= 25 and m.kind in _ENTITY_KINDS), None)
            noun = re.match(r"\s+([a-z]+)", self.text[end : end + 30], re.I)
            if counted is not None:
                name = counted.name
            elif noun is not None and noun.group(1).lower() in count_nouns():
                name = noun.group(1).lower()
            elif len(values) == 2 or postfix or prefix and prefix[0] in (">", ">=", "<", "<=") and re.search(r"[<>≤≥=]|than|least|most", self.text[number.start - prefix[1] : number.start]):
                name = self._words_before(start)
                if name is None:
                    return end
            else:
                return end
        self._emit("threshold", start, end, ops, code, name)
        return end

    def _words_before(self, position: int) -> str | None:
        """The last few words before a comparison, as the name of an unknown measured thing."""
        words = re.findall(r"[A-Za-z][\w-]*", re.split(r"[;.,:()\[\]]|\band\b|\bor\b", self.text[max(0, position - 50) : position])[-1])
        return " ".join(words[-4:]).lower() or None

    def _grade(self, number, values, grade, end, postfix) -> int:
        concept = self._concept_before(number.start - len(grade.group(0)))
        word = grade.group("word").lower().rstrip("s")
        name = concept.name if concept is not None else ("ctcae grade" if word == "grade" else word)
        start = number.start - len(grade.group(0))
        if grade.group("op"):
            ops = [(grade.group("op").replace("≥", ">=").replace("≤", "<="), number.value)]
        elif len(values) == 2:
            ops = [(">=", values[0].value), ("<=", values[1].value)]
        elif postfix:
            ops = [(postfix[0], number.value)]
        else:
            word = _WORD_COMPARATOR_BEFORE_GRADE.search(self.text[max(0, start - 80) : start + len(grade.group(0))])
            if word is None:
                return end
            op = {"above": ">", "greater than": ">", "more than": ">", "higher than": ">", "exceeding": ">", "over": ">", "at least": ">=",
                  "below": "<", "less than": "<", "under": "<"}.get(word.group("op").lower(), word.group("op"))
            ops = [(op.replace("≥", ">=").replace("≤", "<="), number.value)]
            start = max(0, start - 80) + word.start()
        self._emit("threshold", start, end, ops, None, name)
        return end

    def _time(self, number, values, code, prefix, postfix, cursor, cursor_post) -> int:
        text = self.text
        before = text[max(0, number.start - 80) : number.start]
        relation_match = _RELATION.match(text, cursor)
        interval = next(
            (m for m in reversed(self.intervals) if m.end() <= number.start and not re.search(r"[;.]\s", text[m.end() : number.start])), None
        )
        prefix_text = before[len(before) - prefix[1] :].lower() if prefix else ""
        windowish = bool(prefix_text) and _WINDOW_ONLY.fullmatch(prefix_text.strip()) is not None
        start = number.start - (prefix[1] if prefix else 0)
        while start < number.start and text[start].isspace():
            start += 1
        op = prefix[0] if prefix else (postfix[0] if postfix else None)
        end = cursor_post if postfix and not prefix else cursor
        if len(values) == 2:
            if windowish or relation_match is not None:
                return cursor  # "within 24-48 hours": no single bound to compare with
            return self._threshold(number, values, code, prefix, postfix, cursor, cursor_post)
        if interval is not None and op is not None:
            self._emit("window", start, end, [(op, number.value)], code, None, "before", interval.group("anchor").strip().lower())
            return end
        if relation_match is not None:
            word = relation_match.group("word").lower()
            if word in ("until", "till"):
                relation, op = "after", op or "<="
            elif word in ("after", "following", "post", "from") or _FORWARD.search(prefix_text):
                relation = "after"
            else:
                relation = "before"
            anchor, anchor_end = self._anchor(relation_match.end())
            if word == "ago":
                anchor, anchor_end = None, relation_match.end()
            if op is None and _FOR_BEFORE.search(before) and relation == "after":
                op = "<="
            if op is None:
                return cursor
            self._emit("window", start, anchor_end, [(op, number.value)], code, None, relation, anchor)
            return anchor_end
        if windowish and op is not None:
            forward = _FORWARD.search(prefix_text) or (self.future and "past" not in prefix_text and "last" not in prefix_text)
            relation = "after" if forward else "before"
            self._emit("window", start, end, [(op, number.value)], code, None, relation, None)
            return end
        if _FREE_FOR.search(before) and op is not None:
            self._emit("window", start, end, [(op, number.value)], code, None, "before", None)
            return end
        return self._threshold(number, values, code, prefix, postfix, cursor, cursor_post)

    def _anchor(self, position: int) -> tuple[str | None, int]:
        rest = self.text[position : position + 70]
        stop = _ANCHOR_STOP.search(rest)
        phrase = rest[: stop.start()] if stop else rest
        phrase = phrase.rstrip()
        lead = len(rest) - len(rest.lstrip())
        cleaned = re.sub(r"^(?:the|a|an|any|each|their|his|her|its)\s+", "", phrase.strip(), flags=re.I)
        if not cleaned:
            return None, position
        return cleaned.lower(), position + lead + len(phrase.strip())

    def implicit_windows(self) -> None:
        """`within the past year`, `in the next month`: a window of one unit."""
        for match in _IMPLICIT_ONE.finditer(self.text):
            relation = "after" if match.group("dir").lower() in ("next", "coming", "following") else "before"
            unit = _IMPLICIT_UNITS[match.group("unit").lower()]
            end = match.end()
            anchor = None
            after_relation = _RELATION.match(self.text, end)
            if after_relation and after_relation.group("word").lower() not in ("ago", "from", "of", "since"):
                anchor, end = self._anchor(after_relation.end())
            self._emit("window", match.start(), end, [("<=", 1)], unit, None, relation, anchor)

    def scan(self) -> list[Found]:
        self.dipsticks()
        self.romans()
        self.implicit_windows()
        self.numbers()
        return sorted(self.found, key=lambda f: (f.start, f.op))


def scan(text: str, mentions: list[MentionRef] = ()) -> list[Found]:
    """Thresholds and windows of one criterion text."""
    return Scanner(text, list(mentions)).scan()


@Language.factory("eligo_measurements")
def make_measurements(nlp: Language, name: str):
    def find_measurements(doc: Doc) -> Doc:
        thresholds: list[Threshold] = []
        windows: list[Window] = []
        names = {c.id: c.name for c in Lexicon.load()}
        text = text_of(doc)
        entities = list(doc.ents)
        for criterion in doc._.criteria or []:
            base, end = criterion.span
            mentions = [
                MentionRef(ent.start_char - base, ent.end_char - base, names.get(ent.kb_id_, ent.text.lower()), ent.label_)
                for ent in entities
                if base <= ent.start_char and ent.end_char <= end
            ]
            for found in scan(criterion.text, mentions):
                span = (base + found.start, base + found.end)
                common = {"criterion": criterion.id, "span": span, "text": text[span[0] : span[1]], "op": found.op, "value": found.value, "unit": found.unit}
                if found.kind == "window":
                    windows.append(Window(**common, relation=found.relation, anchor=found.anchor))
                else:
                    thresholds.append(Threshold(**common, concept=found.concept))
        doc._.thresholds = thresholds
        doc._.windows = windows
        return doc

    return find_measurements
