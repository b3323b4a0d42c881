"""Cycle lengths: the cycle statements of a paragraph ("21-day cycles", "each cycle is 28 days") and
the frequency of a drug given once a cycle."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from eligo.annotations import Amount
from eligo.parser.quantities import NUMBER_WORDS
from eligo.phrases import alternation
from eligo.units import ucum_code

_WEEKLY: dict[float, str] = {
    1: "QW",
    2: "Q2W",
    3: "Q3W",
    4: "Q4W",
}  # one day of each cycle of N weeks
_LINE_BREAK = re.compile(r"\n")
COUNT = (
    r"(?P<v>\d{1,3}|"
    + alternation(w for w in NUMBER_WORDS if " " not in w and NUMBER_WORDS[w] > 1)
    + r")"
)
CYCLE = re.compile(
    "|".join(
        (
            rf"\b{COUNT}\s*-?\s*(?P<u>day|week)s?\s+(?:[a-z]+\s+)?(?:cycle|course)s?\b",
            r"\b(?:cycle|course)s?\s*(?:length\s*)?(?:is|are|=|of|:|lasts?|consists? "
            rf"of|will be|duration is)\s*(?:approximately\s+)?{COUNT}\s*-?\s*(?P<u>day|week)"
            r"s?\b",
            rf"\bevery\s+{COUNT}\s*(?P<u>day|week)s?\s+(?:is|as|constitutes?|makes?|forms?|being|=|for)\s+(?:a|one)\s+(?:treatment\s+)?(?:cycle|course)\b",
            rf"\b{COUNT}\s*(?P<u>day|week)s?\s*(?:/|per|a|each)\s*(?:cycle|course)\b",
            rf"\b(?:treatment|cycles?|courses?|therapy|regimen)\s+(?:is\s+|are\s+)?repeat(?:s|ed)?\s+every\s+{COUNT}\s*(?P<u>day|week)s?\b",
        )
    )
    .replace("(?P<v>", "(?:")
    .replace("(?P<u>", "(?:"),
    re.I,
)
# every cycle statement names a cycle or a course: a text without either word is not scanned (the
# statements' pattern tries each of its five forms at every word)
_CYCLE_WORD = re.compile(r"cycle|course", re.I)


def cycle_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of `CYCLE` in text[start:end]."""
    if _CYCLE_WORD.search(text, start, end) is None:
        return iter(())
    return CYCLE.finditer(text, start, end)


class CycleStatements:
    """The cycle statements of text[start:end], read once, by paragraph (a line)."""

    def __init__(self, text: str, start: int, end: int):
        self.start, self.end = start, end
        self.breaks = [match.start() for match in _LINE_BREAK.finditer(text, start, end)]
        self.found = [
            (match.start(), match.end(), _cycle_amount(match.group()))
            for match in cycle_matches(text, start, end)
        ]
        self.ends = [stop for _, stop, _ in self.found]

    def nearest(self, position: int) -> Amount | None:
        """The cycle stated in the paragraph of `position` nearest to it: the first after it, else
        the last before it."""
        index = bisect.bisect_left(self.breaks, position)
        low = self.breaks[index - 1] + 1 if index else self.start
        high = self.breaks[index] if index < len(self.breaks) else self.end
        after = bisect.bisect_right(self.ends, position)
        if after < len(self.found) and low <= self.found[after][0] and self.found[after][1] <= high:
            return self.found[after][2]
        if after and low <= self.found[after - 1][0]:
            return self.found[after - 1][2]
        return None


def _cycle_amount(phrase: str) -> Amount | None:
    number = re.search(COUNT.replace("(?P<v>", "(?:"), phrase, re.I)
    unit = re.search(r"(day|week)", phrase[number.end() :] if number else phrase, re.I)
    if number is None or unit is None:
        return None
    return Amount(value=count_value(number.group()), unit=ucum_code(unit.group()))


def count_value(word: str) -> int:
    """The value of a `COUNT`: digits or a number word."""
    word = word.lower()
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)


def only_cycle(text: str, regions: list[tuple[int, int]]) -> Amount | None:
    """The protocol's cycle length when its cycle statements all agree: a regimen stated
    without one ("LP-118 under a once daily oral dosing schedule") runs in it ("each cycle
    is 28 days" in an outcome's time frame)."""
    lengths = {
        _cycle_amount(match.group())
        for start, end in regions
        for match in cycle_matches(text, start, end)
    }
    lengths.discard(None)
    return lengths.pop() if len(lengths) == 1 else None


def once_a_cycle(days: list[tuple[int, int]] | None, cycle: Amount | None) -> str | None:
    """The frequency of a drug given on one day of each cycle of whole weeks ("Day 1 of 21-day
    cycles" is Q3W)."""
    if cycle is None or not days or len(days) != 1 or days[0][0] != days[0][1]:
        return None
    weeks = cycle.value / 7 if cycle.unit == "d" else cycle.value if cycle.unit == "wk" else None
    return _WEEKLY.get(weeks) if weeks is not None else None
