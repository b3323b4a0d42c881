"""Reading the comparison around each number of a criterion: shared by thresholds and windows.

A number is read with what surrounds it: a comparator before ("≥", "at least",
"within") or after ("or older"), a range partner ("18-75", "between 18 and 75",
"0, 1 or 2"), a unit (the longest UCUM alias) and a grade word before it. What
the reading *means* (a threshold, a window, nothing) is decided by
`thresholds.py` and `windows.py`; this module holds what both need: the
reading itself, the lexicon mentions of the criterion, and the spans already
claimed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from eligo.annotations import Criterion
from eligo.lexicon import Lexicon
from eligo.parser.regions import group_by_region
from eligo.parser.quantities import NUMBER, TIME_UNITS, Number, number_at, postfix_comparator, prefix_comparator, unit_after

_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:version|v|recist|ctcae|ctc|type|phase|cycle|day|days|part|arm|cohort|section|step|visit|covid|figure|table|"
    r"appendix|lines?|who|tnm|t|n|m|no|number|item|criterion|criteria|protocol|study|"
    r"schedule|week|month|year|ia|ib|ii|iii|iv|at)\.?|[#§])\s*$",
    re.I,
)
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b|-(?:fold|line)\b|\s*-?(?:hour|hr|h)\s+urine", re.I)
_RANGE = re.compile(r"\s*(?:-|–|—|~|to|and|through)\s*$")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:or\s+)?|or\s+|and\s+)$")
_BETWEEN = re.compile(r"\b(?:between|from)\s*$", re.I)
_AGE_CONTEXT = re.compile(r"(?:\bold(?:er)?\b|\byounger\b|\bof age\b|\bage[ds]?\b|\byrs?\b)", re.I)
_LEVEL_BEFORE = re.compile(r"\b(?P<word>grades?|stages?|class|category|level)\s*(?P<op>≥|>=|>|≤|<=|<)?\s*$", re.I)
_LEVEL_WORD_BEFORE = re.compile(r"\b(?:score|grade|class|stage|scale|status|category|level)s?\W*(?:of\s+)?$", re.I)
_SECOND_COMPARISON = re.compile(r"\s*(?:and|to|or|-|,)?\s*(?:≥|>=|>|≤|<=|<|less than|more than|greater than|under|over|above|below)\s*", re.I)
_WINDOW_ONLY = re.compile(r"(?:within|in|during|over|the|last|past|next|previous|prior|preceding|first|coming|following|\s)+", re.I)
_CLAUSE_BREAK = re.compile(r"[;.]\s|\d")
# what a time quantity is measured from ("4 weeks prior to", "3 months after", "2 years ago")
RELATION = re.compile(
    r"\s*(?P<word>(?:prior|previous)\s+to|before|preceding|preceeding|ahead of|after|following|post|since|from|of|ago|until|till)\b",
    re.I,
)
EXPOSURE_BEFORE = re.compile(
    r"\b(?:for|since|from|lasting|lasted|duration of treatment)\s*(?:at least|a minimum of|more than|less than|over|under|up to|>=?|<=?|≥|≤)?\s*$", re.I
)
WINDOW_WORDS = re.compile(r"\b(?:within|past|last|previous|prior|preceding|next|during|ago|since|for)\b[^.;]{0,20}$", re.I)


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

    @property
    def op(self) -> str | None:
        return self.prefix[0] if self.prefix else (self.postfix[0] if self.postfix else None)


def normal_op(symbol: str) -> str:
    return {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}.get(symbol, symbol)


class Scanner:
    """State shared by the passes over one criterion: its text, mentions and the spans claimed."""

    def __init__(self, text: str, mentions: list[MentionRef], taken: list[tuple[int, int]] = ()):
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.found: list[Found] = []
        self.taken: list[tuple[int, int]] = sorted(taken)

    def _free(self, start: int, end: int) -> bool:
        """No span taken so far overlaps [start, end) (taken spans are kept sorted)."""
        index = bisect.bisect_left(self.taken, (start, start))
        return all(not (s < end and start < e) for s, e in self.taken[max(0, index - 8) : index + 8])

    def _take(self, start: int, end: int) -> None:
        bisect.insort(self.taken, (start, end))

    def _emit(self, kind, start, end, ops_values, unit, concept, relation=None, anchor=None) -> None:
        for op, value in ops_values:
            self.found.append(Found(kind, start, end, op, value, unit, concept, relation, anchor))
        self._take(start, end)

    def concept_before(self, position: int, kinds=("observation", "score", "demographic", "condition")) -> MentionRef | None:
        """The lexicon mention just before `position` in the same clause."""
        for mention in reversed(self.mentions):
            if mention.end > position:
                continue
            gap = self.text[mention.end : position]
            if len(gap) > 60 or _CLAUSE_BREAK.search(gap) or mention.kind not in kinds:
                return None
            return mention
        return None

    def is_age(self, number: Number, cursor: int, code: str | None = None) -> bool:
        around = self.text[max(0, number.start - 30) : cursor + 12]
        concept = self.concept_before(number.start, kinds=("demographic", "condition", "treatment", "observation", "score", "procedure", "event"))
        if concept is not None:
            return concept.name == "age"
        if _AGE_CONTEXT.search(around):
            return True
        # "men and women 30-55 years", "less than 80 years": years that no window or duration claims
        after = RELATION.match(self.text, cursor)
        before = self.text[max(0, number.start - 40) : number.start]
        return code == "a" and after is None and not EXPOSURE_BEFORE.search(before) and not WINDOW_WORDS.search(before)

    def age_context(self, start: int, end: int) -> bool:
        return _AGE_CONTEXT.search(self.text[max(0, start) : end]) is not None

    # --- reading numbers ----------------------------------------------------------------
    def scan_numbers(self, handle: Callable[[Reading], int]) -> None:
        """Read every number left to right; `handle` returns the offset up to which it consumed text."""
        numbers = [number_at(m) for m in NUMBER.finditer(self.text)]
        index = 0
        while index < len(numbers):
            number = numbers[index]
            reading = number.end if self._skip(number) else self._read(number, numbers[index + 1 :])
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
        if re.match(r"/\s*[\d<>≤≥]", after) or (isinstance(number.value, int) and 1900 <= number.value <= 2100 and not unit_after(self.text, number.end)):
            return True  # a ratio (140/90) or a calendar year
        return bool(_IDENTIFIER_BEFORE.search(before))

    def _read(self, number: Number, rest: list[Number]) -> Reading | int:
        """The reading of `number`, or the offset it consumed when nothing can be read."""
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
                second_unit = unit_after(text, rest[0].end)
                if unit and second_unit and unit[0] != second_unit[0]:
                    return second_unit[1]  # "6 months to 5 years": a span of time, not a range of one quantity
                values.append(rest[0])
                unit = second_unit or unit
                cursor = second_unit[1] if second_unit else rest[0].end
            elif _LIST_SEP.fullmatch(gap) and len(gap) <= 6 and not prefix and self.scored(number.start):
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
        cursor_post = cursor + (postfix[1] if postfix else 0)
        return Reading(number, values, unit[0] if unit else None, prefix, postfix, cursor, cursor_post, grade)

    def scored(self, position: int) -> bool:
        """A list of values ("0, 1 or 2") is a range only after a score or a level word."""
        concept = self.concept_before(position)
        return (concept is not None and concept.kind == "score") or bool(_LEVEL_WORD_BEFORE.search(self.text[max(0, position - 30) : position]))


def window_prefix(text: str, reading: Reading) -> str:
    """The comparator before a reading, lower case ("within the past"), or ""."""
    if reading.prefix is None:
        return ""
    return text[reading.number.start - reading.prefix[1] : reading.number.start].lower()


def is_window_only(prefix_text: str) -> bool:
    """A comparator that only windows have ("within", "in the past", "during the last")."""
    return bool(prefix_text) and _WINDOW_ONLY.fullmatch(prefix_text.strip()) is not None


def criteria_mentions(doc: Doc) -> Iterator[tuple[Criterion, list[MentionRef]]]:
    """Each criterion of `doc` with the lexicon mentions inside it, offsets relative to the criterion."""
    names = {c.id: c.name for c in Lexicon.load()}
    criteria = doc._.criteria or []
    groups = group_by_region([c.span for c in criteria], doc.ents, lambda ent: (ent.start_char, ent.end_char))
    for criterion, entities in zip(criteria, groups):
        base = criterion.span[0]
        yield criterion, [MentionRef(ent.start_char - base, ent.end_char - base, names.get(ent.kb_id_, ent.text.lower()), ent.label_) for ent in entities]

