"""`eligo_windows`: time windows in criteria.

A time quantity is a window when it is measured back from now or from an
anchor event: "within 4 weeks prior to randomization" (`<= 4 wk before`,
anchor `randomization`), "in the past 5 years" (`<= 5 a before`, no anchor),
"at least 14 days before the first dose", "for 6 months after the last dose"
(`<= 6 mo after`), "no evidence of disease for more than 3 years" (`> 3 a
before`), "the interval between A and B greater than 12 months" (`> 12 mo
before`, anchor B), "within the past year" (one unit). A time quantity with an
anchor but no comparison ("3 months after surgery") is not guessed; one with
neither is left to `thresholds.py` (an age, a duration of exposure).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import Window
from eligo.parser.doc import text_of
from eligo.parser.comparisons import RELATION, Found, MentionRef, Reading, Scanner, criteria_mentions, is_window_only, window_prefix
from eligo.parser.quantities import TIME_UNITS

_ANCHOR_STOP = re.compile(
    r"[,;.:()\[\]]|\b(?:and|or|if|unless|except|with|who|that|which|is|are|was|were|must|should|will|in|for|as|by|to|on|including)\b",
    re.I,
)
_ANCHOR_ARTICLE = re.compile(r"^(?:the|a|an|any|each|their|his|her|its)\s+", re.I)
_INTERVAL = re.compile(r"\b(?:interval|time|duration)\s+(?:between|from)\b[^;.]*?\band\s+(?:the\s+)?(?P<anchor>[^,;.]+?)\s+(?:be|is|are|was|must|should)\b", re.I)
_CLAUSE_END = re.compile(r"[;.]\s")
_FREE_FOR = re.compile(r"(?:\bfree\b|\bno evidence of\b|\bdisease[- ]free\b|\bremission\b|\bwithout\b|\bno recurrence\b|\bno relapse\b)[^;.]{0,60}\bfor\s*$", re.I)
_FORWARD = re.compile(r"\b(?:next|coming|following|first)\b", re.I)
_IMPLICIT_ONE = re.compile(
    r"\b(?:within|in|during|over)\s+(?:the\s+)?(?P<dir>past|last|previous|prior|preceding|next|coming|following)\s+(?P<unit>year|month|week|day|hour)\b",
    re.I,
)
_IMPLICIT_UNITS = {"year": "a", "month": "mo", "week": "wk", "day": "d", "hour": "h"}
_FOR_BEFORE = re.compile(r"\bfor\s*(?:at least|a minimum of|more than|over|>=?|≥)?\s*$", re.I)
_FUTURE = re.compile(r"\b(?:will|throughout the study|during the study|for the duration|until the end|after the (?:last|final) dose)\b", re.I)


class WindowScanner(Scanner):
    """Finds the windows of one criterion's text."""

    def __init__(self, text: str, mentions: list[MentionRef], taken: list[tuple[int, int]] = ()):
        super().__init__(text, mentions, taken)
        # cues read once per criterion, not once per number (that would be quadratic)
        self.intervals = list(_INTERVAL.finditer(text))
        self.future = _FUTURE.search(text) is not None

    def window_at(self, reading: Reading) -> tuple[Found | None, int] | None:
        """The window a time quantity states and the offset it reaches; None when it is no window.

        `(None, end)` is a quantity shaped like a window that bounds nothing
        ("within 24-48 hours", "3 months after surgery"): neither window nor threshold.
        """
        text, number = self.text, reading.number
        before = text[max(0, number.start - 80) : number.start]
        relation_match = RELATION.match(text, reading.cursor)
        prefix_text = window_prefix(text, reading)
        windowish = is_window_only(prefix_text)
        if len(reading.values) == 2:
            return (None, reading.cursor) if windowish or relation_match is not None else None
        start = number.start - len(prefix_text)
        while start < number.start and text[start].isspace():
            start += 1
        op = reading.op
        end = reading.cursor_post if reading.postfix and not reading.prefix else reading.cursor

        def window(relation: str, anchor: str | None, until: int, bound: str | None = op) -> tuple[Found, int]:
            return Found("window", start, until, bound, number.value, reading.code, None, relation, anchor), until

        interval = next((m for m in reversed(self.intervals) if m.end() <= number.start and not _CLAUSE_END.search(text, m.end(), number.start)), None)
        if interval is not None and op is not None:
            return window("before", interval.group("anchor").strip().lower(), end)
        if relation_match is not None:
            word = relation_match.group("word").lower()
            if word in ("until", "till"):
                relation, op = "after", op or "<="
            elif word in ("after", "following", "post", "from") or _FORWARD.search(prefix_text):
                relation = "after"
            else:
                relation = "before"
            if word == "ago":
                anchor, anchor_end = None, relation_match.end()
            else:
                anchor, anchor_end = self.anchor(relation_match.end())
            if op is None and relation == "after" and _FOR_BEFORE.search(before):
                op = "<="  # "for 6 months after the last dose"
            if op is None:
                return None, reading.cursor
            return window(relation, anchor, anchor_end, op)
        if windowish and op is not None:
            forward = _FORWARD.search(prefix_text) or (self.future and "past" not in prefix_text and "last" not in prefix_text)
            return window("after" if forward else "before", None, end)
        if op is not None and _FREE_FOR.search(before):
            return window("before", None, end)
        return None

    def anchor(self, position: int) -> tuple[str | None, int]:
        """The anchor event named at `position` ("the first dose of study drug") and where it ends."""
        rest = self.text[position : position + 70]
        stop = _ANCHOR_STOP.search(rest)
        phrase = (rest[: stop.start()] if stop else rest).strip()
        lead = len(rest) - len(rest.lstrip())
        cleaned = _ANCHOR_ARTICLE.sub("", phrase)
        if not cleaned:
            return None, position
        return cleaned.lower(), position + lead + len(phrase)

    def implicit_windows(self) -> None:
        """`within the past year`, `in the next month`: a window of one unit."""
        for match in _IMPLICIT_ONE.finditer(self.text):
            relation = "after" if match.group("dir").lower() in ("next", "coming", "following") else "before"
            end = match.end()
            anchor = None
            after_relation = RELATION.match(self.text, end)
            if after_relation and after_relation.group("word").lower() not in ("ago", "from", "of", "since"):
                anchor, end = self.anchor(after_relation.end())
            self._emit("window", match.start(), end, [("<=", 1)], _IMPLICIT_UNITS[match.group("unit").lower()], None, relation, anchor)

    def _window(self, reading: Reading) -> int:
        if (reading.grade and not reading.prefix) or reading.code not in TIME_UNITS or self.is_age(reading.number, reading.cursor, reading.code):
            return reading.cursor
        result = self.window_at(reading)
        if result is None:
            return reading.cursor
        found, end = result
        if found is not None:
            self.found.append(found)
            self._take(found.start, found.end)
        return end

    def scan(self) -> list[Found]:
        self.implicit_windows()
        self.scan_numbers(self._window)
        return sorted(self.found, key=lambda f: (f.start, f.op))


def find_windows(text: str, mentions: list[MentionRef] = ()) -> list[Found]:
    """The windows of one criterion text, offsets relative to it."""
    return WindowScanner(text, list(mentions)).scan()


@Language.factory("eligo_windows")
def make_windows(nlp: Language, name: str):
    """Sets `doc._.windows`: the windows of every criterion (spans index `doc.text`)."""

    def find(doc: Doc) -> Doc:
        text = text_of(doc)
        windows = []
        for criterion, mentions in criteria_mentions(doc):
            base = criterion.span[0]
            for found in find_windows(criterion.text, mentions):
                span = (base + found.start, base + found.end)
                windows.append(
                    Window(
                        criterion=criterion.id, span=span, text=text[span[0] : span[1]], op=found.op, value=found.value,
                        unit=found.unit, relation=found.relation, anchor=found.anchor,
                    )
                )
        doc._.windows = windows
        return doc

    return find
