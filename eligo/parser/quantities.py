"""The lexical pieces of comparisons: numbers, comparators, units, anchors.

Shared by the threshold and window scanners (`comparisons.py`, `thresholds.py`,
`windows.py`). Every pattern is anchored to a short slice of text before or
after a number (never run over the whole criterion with open-ended
repetition), so the scan stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from eligo.datafiles import word_values, words
from eligo.phrases import alternation, phrase_regex
from eligo.units import ucum_code

NUMBER_WORDS = {
    word: int(value) for word, value in word_values("eligo.parser.data", "number_words").items()
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}

# A number: digits with decimals or thousands separators, or a number word, optionally "(3)" after
# it. Not part of a word ("HER2", "CD34"), except after a comparator, "age" or a score's name run
# into it ("greater than100", ">_3500", "Age18-65", "aged18", "performance status0-2", "ECOG0-1").
NUMBER = re.compile(
    r"(?:(?<![\w.^*/])|(?<=than)|(?<=_)|(?<=\bage)|(?<=\baged)|(?<=\bstatus)|(?<=\bscore)|(?<=\becog))(?:(?P<digits>\d{1,3}(?:,\d{3}){1,4}(?![\d,])|\d{1,12}(?:[.,]\d{1,12})?)(?![\d])"
    r"|(?P<word>\b(?:"
    + alternation(NUMBER_WORDS, gap=" ")
    + r")\b)(?:\s*\(\s*(?P<paren>\d+)\s*\))?)",
    re.I,
)
TIME_UNITS = {"a", "mo", "wk", "d", "h", "min", "s"}


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: int | float
    word: bool


@lru_cache(maxsize=256)
def numbers_in(text: str) -> tuple[Number, ...]:
    """The numbers of `text`, left to right; remembered, since the threshold and window scanners
    both read each criterion's (the pattern tries its look-behinds and number words everywhere)."""
    return tuple(number_at(match) for match in NUMBER.finditer(text))


def number_at(match: re.Match) -> Number:
    if match.group("digits"):
        text = match.group("digits")
        if "," in text:
            head, _, tail = text.partition(",")
            text = (
                text.replace(",", "")
                if len(tail.split(",")[0]) == 3 and re.fullmatch(r"\d{1,3}(,\d{3})+", text)
                else head + "." + tail
            )
        value: int | float = float(text) if "." in text else int(text)
        return Number(match.start(), match.end(), value, False)
    if match.group("paren"):
        return Number(match.start(), match.end(), int(match.group("paren")), True)
    return Number(match.start(), match.end(), NUMBER_WORDS[match.group("word").lower()], True)


def _phrase_key(text: str) -> str:
    """A comparator phrase without case or white space: "< or =", "<or=" and "< or=" are one
    phrase."""
    return re.sub(r"\s+", "", text.lower())


@lru_cache(maxsize=1)
def comparators() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, str]]:
    """One pattern each for prefix and postfix comparators (`data/comparators.jsonl`), with their
    ops.

    A single alternation anchored at the end of the text before a value finds the
    longest phrase in one search: a longer phrase starts further left. A prefix
    phrase may be followed by "to" / "than" / "of", by its symbol in parentheses
    ("less than (<) 90") and by "(the) age (of)" ("under the age of 12 months").
    A phrase ending in a letter may touch the value ("greater than100 g/L").
    """
    data = comparison_words()

    def alternation(phrases) -> str:
        parts = []
        for phrase in sorted(phrases, key=len, reverse=True):
            body = phrase_regex(phrase, gap=r"\s*")
            parts.append(
                (r"\b" if phrase[0].isalpha() else "")
                + body
                + (r"(?![a-z])" if phrase[-1].isalpha() else "")
            )
        return "|".join(parts)

    prefix = re.compile(
        r"(?:(?P<window>"
        + window_comparator().pattern
        + r")|(?P<phrase>"
        + alternation(data["prefix"])
        + r"))"
        r"\s*(?:(?:to|than|of)\s+)?(?:\(\s*[<>=≤≥]{1,2}\s*\)\s*)?(?P<age>(?:the\s+)?age(?:\s*:|\s+of)?\s+)?$",
        re.I,
    )
    postfix = re.compile(
        r"\s*(?P<phrase>" + alternation(data["postfix"]) + r")(?!(?<=\+)\s*\d)", re.I
    )  # "8+ cores", not "groups 1+2", "24 + 0 weeks"
    return (
        prefix,
        {_phrase_key(k): v for k, v in data["prefix"].items()},
        postfix,
        {_phrase_key(k): v for k, v in data["postfix"].items()},
    )


# "minimum score of 80%", "Minimum posterior disc height of 5mm": the bound's word before the name
# of what it bounds
_BOUND_NAMED = re.compile(
    r"\b(?P<word>minimum|maximum)(?:\s+(?!(?:the|a|an|and|or|tolerated|tolerable|possible|of)\b)[a-z][\w-]*){1,3}"
    r"\s+of\s*$",
    re.I,
)


@lru_cache(maxsize=8192)
def prefix_comparator(before: str) -> tuple[str, int] | None:
    """The comparator ending `before` (the text just before a value) and its length; remembered,
    since the threshold and window scanners both read each number (an end-anchored search tries
    the whole alternation at every character)."""
    pattern, table, _, _ = comparators()
    match = pattern.search(before)
    if match is None:
        named = _BOUND_NAMED.search(before)
        return (table[named.group("word").lower()], len(before) - named.start()) if named else None
    phrase = _phrase_key(match.group("window") or match.group("phrase"))
    if match.group("age") and phrase.endswith("the"):
        phrase = phrase[
            :-3
        ]  # "over the age of": the comparator "over", not the window's "over the"
    elif match.group("window"):
        return "<=", len(before) - match.start()
    return (table[phrase], len(before) - match.start()) if phrase in table else None


def postfix_comparator(after: str) -> tuple[str, int] | None:
    """The comparator starting `after` (the text just after a value and unit) and its length."""
    _, _, pattern, table = comparators()
    match = pattern.match(after)
    if match is None:
        return None
    return table[_phrase_key(match.group("phrase"))], match.end()


@lru_cache(maxsize=1)
def window_comparator() -> re.Pattern:
    """The comparators only windows have, all `<=`: "within", "in the", "during the last", "for the
    past", "next", "recent" (`data/comparators.jsonl`, "window")."""
    words = comparison_words()["window"]
    preposition, direction = alternation(words["prepositions"]), alternation(words["directions"])
    return re.compile(
        rf"\b(?:(?:(?:{preposition})\s+)?(?:the\s+)?(?:{direction})|(?:within|in|during|over)\s+the|within|during)\b",
        re.I,
    )


@lru_cache(maxsize=1)
def comparison_words() -> dict:
    """`data/comparators.jsonl`: comparator phrases, the nouns counts are of, the anchors windows
    follow."""

    def listed(name: str) -> list[str]:
        return list(words("eligo.parser.data", name, "comparators.jsonl"))

    return {
        "prefix": word_values("eligo.parser.data", "prefix", "comparators.jsonl"),
        "postfix": word_values("eligo.parser.data", "postfix", "comparators.jsonl"),
        "window": {
            "prepositions": listed("window_prepositions"),
            "directions": listed("window_directions"),
        },
        **{name: listed(name) for name in ("count_nouns", "after_anchors", "duration_nouns")},
    }


@lru_cache(maxsize=1)
def duration_nouns() -> frozenset[str]:
    """Nouns naming a length of time ("cycle length 25-34 days", "ICU stay more than 7 days")."""
    return frozenset(comparison_words()["duration_nouns"])


@lru_cache(maxsize=1)
def count_nouns() -> frozenset[str]:
    """Nouns a bare count may be of ("at least two prior lines", "one measurable lesion")."""
    return frozenset(comparison_words()["count_nouns"])


_UNIT_TOKEN = re.compile(r"[^\s,;]+")
_UNIT_START = re.compile(r"[A-Za-z%/°µμ×*\[{]|-[A-Za-z]|\d+[\^*(]|10[0-9]|\d")
# a unit is written next to its value, or on the next line of a hard-wrapped criterion
_UNIT_GAP = re.compile(r"[ \t]{0,2}|[ \t]*\r?\n[ \t]*")
_TRAILING = ".:)]*'\""
# a lone letter that is a word or a mark, not a unit: the article "a", "Grade 3A", "1.5 D"
# (diopters)
_LETTER = re.compile(r"[aA]|[B-KM-Z]")
# where a unit runs into what follows it: "cells/mm3(at screening)", "8yr-18yrs", "1hour/day",
# "months.The", "50%stenosis"
_CUT = re.compile(
    r"\((?!\d{1,2}\))|(?<=%)(?=[A-Za-z])|-(?=\d)|/(?=(?:weeks?|wks?|days?|d|months?|hours?|hrs?|h)\b)|\.(?=[A-Z])"
)
# a word between a value and its unit: "7 consecutive days", "12 continuous months", "5 - years",
# "the 6 previous months"
_QUALIFIER = re.compile(
    r"[ \t]*(?:-|consecutive|continuous|calendar|full|complete|straight|gestational|past|last"
    r"|previous|preceding|prior|next|following|coming)(?=[ \t])",
    re.I,
)
# a time unit per time unit, possibly with the measured activity between: "12 hours per day", "150
# minutes of exercise per week" a count per period: "10 drinks per week", "3 bowel movements/week"
# (`/wk`)
_COUNT_PER_TIME = re.compile(
    r"[ \t]+[a-z][a-z-]*(?:[ \t]+[a-z][a-z-]*)?(?:[ \t]*/[ \t]*|[ \t]+per[ "
    r"\t]+)(?P<per>weeks?|wk|days?|months?)(?![a-z])",
    re.I,
)
_PER_TIME = re.compile(
    r"(?:[ \t]+[a-z][a-z-]*){0,3}?(?:[ \t]*/|[ \t]+(?:per|a|each|every)[ \t]+)[ "
    r"\t]*(?P<per>weeks?|wks?|days?|d|months?|hours?|hrs?|h)(?![a-z])",
    re.I,
)


def unit_after(text: str, start: int, limit: int = 60) -> tuple[str, int] | None:
    """The longest UCUM unit written at `text[start:]` (after optional space), and where it ends.

    A time unit followed by "per day" / "a week" is a rate ("12 hours per day" is `h/d`); a count of
    things per period is one too ("10 drinks per week" is `/wk`).
    """
    found = _unit_at(text, start, limit)
    if found is None:
        qualifier = _QUALIFIER.match(text, start)
        found = _unit_at(text, qualifier.end(), limit) if qualifier else None
    if found is None:
        counted = _COUNT_PER_TIME.match(text, start, start + limit)
        return (f"/{ucum_code(counted.group('per'))}", counted.end()) if counted else None
    if found[0] not in TIME_UNITS:
        return found
    rate = _PER_TIME.match(text, found[1], found[1] + 60)
    return (f"{found[0]}/{ucum_code(rate.group('per'))}", rate.end()) if rate else found


def _unit_at(text: str, start: int, limit: int) -> tuple[str, int] | None:
    window = text[start : start + limit]
    tokens = [(m.start(), m.end()) for m in _UNIT_TOKEN.finditer(window)][:7]
    if (
        not tokens
        or not _UNIT_GAP.fullmatch(window, 0, tokens[0][0])
        or not _UNIT_START.match(window, tokens[0][0])
    ):
        return None
    for count in range(len(tokens), 0, -1):
        first, last = tokens[0][0], tokens[count - 1][1]
        candidate = window[first:last]
        if candidate.startswith("-") and len(candidate) > 1 and count == 1:
            candidate = candidate[1:]  # "6-month", "12-months"
            first += 1
        while candidate and not _LETTER.fullmatch(candidate):
            code = ucum_code(candidate)
            if code is not None:
                return code, start + first + len(candidate.rstrip("."))  # "years." ends a sentence
            candidate = _shorter(candidate, count == 1)
    return None


def _shorter(candidate: str, one_token: bool) -> str:
    """`candidate` without the character, or the run-on text of one token, that keeps it from being
    a unit; else ""."""
    if candidate[-1] in _TRAILING:
        return candidate[:-1]
    cuts = list(_CUT.finditer(candidate)) if one_token else []
    return candidate[: cuts[-1].start()] if cuts else ""


# years said of what follows them, not of a person ("2-year disease free", "1 year dialysis"), and
# the word before a comparison that may name what lasts ("Follow-up less than 1 year"): read by
# `comparisons.Scanner.is_age`
YEARS_OF_WHAT = re.compile(
    r"[\s-]*(?!(?:and|or|with|who|at|in|on|for|from|to|inclusive|of|and/or|but|if|old|older|younger|above|below|over|under)\b)[a-z]",
    re.I,
)
WORD_BEFORE = re.compile(
    r"(?<![\w-])(?!(?:from|between|range|of|is|are|be|was|were|and|or|to|aged?|ages)\b)"
    r"[a-z][\w-]*[ \t]+$",
    re.I,
)
