"""The lexical pieces of comparisons: numbers, comparators, units, anchors.

Shared by the threshold and window scanner (`measurements.py`). Every pattern
is anchored to a short slice of text before or after a number (never run over
the whole criterion with open-ended repetition), so the scan stays linear.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from eligo.units import ucum_code

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "single": 1, "a single": 1, "twice": 2, "thrice": 3, "double": 2, "triple": 3,
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}

# A number: digits with decimals or thousands separators, or a number word, optionally "(3)" after it.
NUMBER = re.compile(
    r"(?<![\w.^*/])(?:(?P<digits>\d{1,3}(?:,\d{3}){1,4}(?![\d,])|\d{1,12}(?:[.,]\d{1,12})?)(?![\d])"
    r"|(?P<word>\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b)(?:\s*\(\s*(?P<paren>\d+)\s*\))?)",
    re.I,
)
TIME_UNITS = {"a", "mo", "wk", "d", "h", "min", "s"}


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: int | float
    word: bool


def number_at(match: re.Match) -> Number:
    if match.group("digits"):
        text = match.group("digits")
        if "," in text:
            head, _, tail = text.partition(",")
            text = text.replace(",", "") if len(tail.split(",")[0]) == 3 and re.fullmatch(r"\d{1,3}(,\d{3})+", text) else head + "." + tail
        value: int | float = float(text) if "." in text else int(text)
        return Number(match.start(), match.end(), value, False)
    if match.group("paren"):
        return Number(match.start(), match.end(), int(match.group("paren")), True)
    return Number(match.start(), match.end(), NUMBER_WORDS[match.group("word").lower()], True)


@dataclass(frozen=True)
class Comparator:
    phrase: str
    op: str
    position: str  # "prefix" (before the value) or "postfix" (after the value and unit)


def _phrase_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


@lru_cache(maxsize=1)
def comparators() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, str]]:
    """One pattern each for prefix and postfix comparators (`data/comparators.json`), with their ops.

    A single alternation anchored at the end of the text before a value finds the
    longest phrase in one search: a longer phrase starts further left.
    """
    data = json.loads(resources.files("eligo.parser.data").joinpath("comparators.json").read_text(encoding="utf-8"))

    def alternation(phrases) -> str:
        parts = []
        for phrase in sorted(phrases, key=len, reverse=True):
            body = r"\s*".join(re.escape(part) for part in phrase.split())
            parts.append((r"\b" if phrase[0].isalpha() else "") + body + (r"\b" if phrase[-1].isalpha() else ""))
        return "|".join(parts)

    prefix = re.compile(r"(?:" + alternation(data["prefix"]) + r")\s*(?:(?:to|than|of)\s+)?$", re.I)
    postfix = re.compile(r"\s*(?:" + alternation(data["postfix"]) + r")", re.I)
    return prefix, {_phrase_key(k): v for k, v in data["prefix"].items()}, postfix, {_phrase_key(k): v for k, v in data["postfix"].items()}


def _op(table: dict[str, str], matched: str) -> str | None:
    key = _phrase_key(matched)
    if key in table:
        return table[key]
    return table.get(re.sub(r"\s*(?:to|than|of)$", "", key))


def prefix_comparator(before: str) -> tuple[str, int] | None:
    """The comparator ending `before` (the text just before a value) and its length."""
    pattern, table, _, _ = comparators()
    match = pattern.search(before)
    if match is None:
        return None
    op = _op(table, match.group())
    return (op, len(before) - match.start()) if op else None


def postfix_comparator(after: str) -> tuple[str, int] | None:
    """The comparator starting `after` (the text just after a value and unit) and its length."""
    _, _, pattern, table = comparators()
    match = pattern.match(after)
    if match is None:
        return None
    op = _op(table, match.group())
    return (op, match.end()) if op else None


@lru_cache(maxsize=1)
def count_nouns() -> frozenset[str]:
    """Nouns a bare count may be of ("at least two prior lines", "one measurable lesion")."""
    data = json.loads(resources.files("eligo.parser.data").joinpath("comparators.json").read_text(encoding="utf-8"))
    return frozenset(data["count_nouns"])


_UNIT_TOKEN = re.compile(r"[^\s,;]+")
_UNIT_START = re.compile(r"[A-Za-z%/°µμ×\[{]|-[A-Za-z]|\d+[\^*(]|10[0-9]|\d")
_TRAILING = ".:)]*'\""


def unit_after(text: str, start: int, limit: int = 60) -> tuple[str, int] | None:
    """The longest UCUM unit written at `text[start:]` (after optional space), and where it ends."""
    window = text[start : start + limit]
    tokens = [(m.start(), m.end()) for m in _UNIT_TOKEN.finditer(window)][:7]
    if not tokens or tokens[0][0] > 2 or not _UNIT_START.match(window, tokens[0][0]):
        return None
    for count in range(len(tokens), 0, -1):
        first, last = tokens[0][0], tokens[count - 1][1]
        candidate = window[first:last]
        if candidate.startswith("-") and len(candidate) > 1 and count == 1:
            candidate = candidate[1:]  # "6-month", "12-months"
            first += 1
        while candidate:
            code = ucum_code(candidate)
            if code is not None:
                return code, start + first + len(candidate)
            if candidate[-1] in _TRAILING or (candidate[-1] == "(" and count == 1):
                candidate = candidate[:-1]
            else:
                break
    return None
