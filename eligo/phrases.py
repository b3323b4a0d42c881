"""Word lists that change how a criterion reads, from `data/phrases.jsonl`, shared by the parser and
the compiler.

The parser marks concepts, thresholds, windows, ConText cues and list structure
(a lead-in's "any of the following:"); how those facts relate is often said by
a few words around them: "only" restricts a
list, "treatment for X" names X as an indication rather than a diagnosis,
"expected to" asks for a forecast, "Discontinuation of X at least 4 weeks
prior" is a washout. Each category is one case-insensitive regular expression
over whole words, longest phrase first, built once.

`alternation` is the one builder of such patterns from a list of phrases, used
by every module that matches a word list with a regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Literal, get_args

from eligo.datafiles import named_word_lists

Category = Literal[
    "restrictive",
    "present_use",
    "indication",
    "forecast",
    "decision",
    "topic",
    "washout",
    "exemption",
    "obligation",
    "setting",
    "allergen",
    "study_drug",
    "other",
    "sex",
    "consent_anchor",
    "proxy",
    "alternatives",
    "all_listed",
    "purpose",
    "person",
    "disregard",
    "need",
    "past",
    "procedural",
    "definitional",
    "cohort",
    "current",
    "at_screening",
    "permission",
    "recovered",
    "predicate",
    "document",
    "relation",
    "exception_word",
    "counted",
    "example",
    "instance",
    "filler",
    "clause",
    "instrument",
    "remedy",
    "allergy_modifier",
    "method",
    "cause",
    "attribution",
    "measured_by",
    "sequela",
    "definition_source",
    "generic",
    "modal_negation",
    "definition",
    "allowance",
    "preference",
    "pointer",
    "no_criteria",
    "route",
    "time_length",
    "abuse",
    "presence",
    "recurrence",
    "measured_when",
    "group_head",
    "stage_head",
    "washout_lead",
]


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[str, str | None]]]:
    """Each category's (phrase, value) pairs: `data/phrases.jsonl`, a word-list file with a list per
    category."""
    lists = named_word_lists("eligo.data", "phrases.jsonl", get_args(Category))
    return {
        category: [
            (p, None if e.value is None else str(e.value)) for e in entries for p in e.phrases
        ]
        for category, entries in lists.items()
    }


def phrase_regex(phrase: str, gap: str = r"\s+") -> str:
    """One phrase as a regular expression: its words escaped, joined by `gap` (any white space by
    default)."""
    return gap.join(map(re.escape, phrase.split()))


def alternation(phrases: Iterable[str], gap: str = r"\s+") -> str:
    """Phrases as one alternation, each once and longest first, so that the longest phrase at a
    place wins."""
    return "|".join(
        phrase_regex(phrase, gap)
        for phrase in sorted(dict.fromkeys(phrases), key=len, reverse=True)
    )


def _body(category: Category) -> str:
    return alternation(phrase for phrase, _ in _phrases()[category])


@cache
def pattern(category: Category) -> re.Pattern[str]:
    """Any phrase of the category as whole words (a hyphen joins words, so "off" is not in
    "cut-off")."""
    return re.compile(rf"(?<![\w-])(?:{_body(category)})(?![\w-])", re.I)


@cache
def ending(category: Category) -> re.Pattern[str]:
    """A phrase of the category at the end of a text, then white space only."""
    return re.compile(rf"(?<![\w-])(?:{_body(category)})\s*$", re.I)


def value(category: Category, text: str) -> str | None:
    """The value a phrase of the category carries ("metastatic setting" → "metastatic")."""
    key = " ".join(text.lower().split())
    return next((meant for phrase, meant in _phrases()[category] if phrase == key), None)
