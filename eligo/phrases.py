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

`scan` finds the phrases of every category in a criterion at once, walking a
character trie of all the lists from each word start (the parser's
`eligo_phrases` component runs it, so the compiler reads phrases as facts, not
the text). It records every phrase that starts there, not only the longest, and
whether it ends at a word's end: a search in a range that ends inside a word, or
that a longer phrase overruns, then finds what the category's pattern finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Literal, get_args

from eligo.datafiles import named_word_lists
from eligo.facts import PhraseFact

Category = Literal[
    "restrictive",
    "present_use",
    "indication",
    "indication_after",
    "forecast",
    "decision",
    "study_future",
    "coordinator",
    "topic",
    "trial_topic",
    "washout",
    "exemption",
    "obligation",
    "setting",
    "allergen",
    "study_drug",
    "other",
    "sex",
    "age_group",
    "consent_anchor",
    "proxy",
    "alternatives",
    "count_lead",
    "widening",
    "branch_joint",
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
    "open_definition",
    "allowance",
    "permitting_lead",
    "preference",
    "pointer",
    "no_criteria",
    "route",
    "time_length",
    "abuse",
    "presence",
    "recurrence",
    "measured_when",
    "measured_at",
    "use_frame",
    "group_head",
    "stage_head",
    "washout_lead",
    "any_value",
    "repeated_value",
    "aggregate_value",
    "other_reading",
    "postmodifying_exception",
    "index_event",
    "course_for",
    "shared_premodifier",
    "own_product",
    "exclusive",
    "habit",
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


@lru_cache(maxsize=1)
def _named() -> dict[str, frozenset[str]]:
    return {category: frozenset(p for p, _ in pairs) for category, pairs in _phrases().items()}


def named(category: Category, text: str) -> bool:
    """Whether `text` is, whole, a phrase of the category (`pattern(category).fullmatch(text)`):
    its words, in any case and with any white space between them, and none around them."""
    return text == text.strip() and " ".join(text.lower().split()) in _named()[category]


def value(category: Category, text: str) -> str | None:
    """The value a phrase of the category carries ("metastatic setting" → "metastatic")."""
    key = " ".join(text.lower().split())
    return next((meant for phrase, meant in _phrases()[category] if phrase == key), None)


_GAP = " "  # the trie's edge for the white space between two words of a phrase (`\\s+`)
_END = ""  # the trie's key for the (category, value) pairs of the phrases that end at a node


@lru_cache(maxsize=1)
def _trie() -> dict:
    """Every phrase of every category, one character (or gap) per level; at a phrase's end, its
    categories with their values (the first value of a category, as `value` gives it)."""
    root: dict = {}
    for category, pairs in _phrases().items():
        for phrase, meant in pairs:
            node = root
            for index, word in enumerate(phrase.split()):
                if index:
                    node = node.setdefault(_GAP, {})
                for char in word:
                    node = node.setdefault(char, {})
            ends = node.setdefault(_END, {})
            ends.setdefault(category, meant)
    return root


def _wordlike(char: str) -> bool:
    """`[\\w-]`: what a phrase may not touch on either side."""
    return char.isalnum() or char in "_-"


def _fold(text: str) -> str:
    """The text in lower case, one character for one (a character whose lower case is longer
    stays as it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def scan(text: str, offset: int = 0) -> list[PhraseFact]:
    """Every phrase of every category that starts at a word start of `text` (spans shifted by
    `offset`), by start, then end."""
    root, folded, size = _trie(), _fold(text), len(text)
    found: list[PhraseFact] = []
    for start in range(size):
        if (start and _wordlike(text[start - 1])) or folded[start] not in root:
            continue
        node, index = root, start
        while index < size:
            if text[index].isspace():
                if _GAP not in node:
                    break
                node = node[_GAP]
                while index < size and text[index].isspace():
                    index += 1
                continue
            child = node.get(folded[index])
            if child is None:
                break
            node, index = child, index + 1
            for category, meant in node.get(_END, {}).items():
                whole = index == size or not _wordlike(text[index])
                span = (start + offset, index + offset)
                found.append(PhraseFact(category=category, span=span, value=meant, whole=whole))
    return found
