"""How the mentions of one criterion are tied together: the gold format's `relations`.

The mention recogniser (`eligo_mentions`) finds, besides the mentions, the
words relations point to: qualifiers, time expressions, values and negation
cues. Which mention each of them belongs to, and which mentions are
alternatives of each other, follows from where they stand, measured on Chia's
annotation (the direction counts are from its development split):

* `or`: neighbouring mentions with nothing but list joiners between them
  ("A, B or C", "A and/or other B"; the `alternative_joiners` word list),
  modifiers in between set aside ("A, severe B"); every pair of one list;
* `negation`: a cue governs the mention after it ("no", "without");
* `qualifier`: a qualifier names a property of the mention after it
  ("symptomatic CNS metastases"), else of the one before;
* `value`: a value follows what it measures ("ALT > 2.5 × ULN"); a test's result word
  ("positive", "negative") written right next to a name is that name's, on whichever side
  ("HBsAg positive", "HER2-positive", "a negative pregnancy test");
* `temporal`: a time expression follows the event it times ("surgery within
  4 weeks"), unless it opens the criterion ("Within 6 months: ...").

A modifier whose head would lie across a clause break (";", ".") looks the
other way first. Plain data in, plain data out: no spaCy here, so the rules
are tested on hand-made spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import combinations

from eligo.datafiles import words

Span = tuple[int, int]
MODIFIERS = {
    "QUALIFIER": "qualifier",
    "TEMPORAL": "temporal",
    "VALUE": "value",
    "NEGATION": "negation",
}
# Which side a modifier looks first for its mention: after it (+1) or before it (-1).
LOOKS = {"negation": 1, "qualifier": 1, "value": -1, "temporal": -1}
_TO_LIST_HEAD = frozenset({"temporal"})
_CLAUSE_BREAK = re.compile(r"[;.:]\s|[;:]$|\n")
_TOKEN = re.compile(r"[a-z/]+|[,;/]|\S")
_CONNECTIVES = frozenset({"or", "and/or", "nor", ",", "/", "and"})
_OR = re.compile(r"\bor\b|\band/or\b")
_BREAK_OR_ASIDE = re.compile(r"[;.:()\[\]]")
# characters: a longer stretch that says "or" joins alternatives less often than not (Chia dev)
_SHORT = 25
# The result of a test, written right before its name ("positive HIV test") or right after it
# ("HBsAg positive", "HER2-positive").
_RESULTS = frozenset(
    {"positive", "negative", "seropositive", "seronegative", "sero-positive", "sero-negative"}
)
_SPACED = re.compile(r"\s+")
_HYPHENED = re.compile(r"\s*-\s*")


@lru_cache(maxsize=1)
def _joiners() -> frozenset[str]:
    return frozenset(words("eligo.parser.data", "alternative_joiners"))


def _joins(gap: str) -> bool:
    """Whether the words between two mentions join them into one list of alternatives: list joiners
    only ("A, B", "A and/or other B"), or a short stretch without a clause break that says "or" ("A
    or a history of B")."""
    low = gap.lower().strip()
    tokens = _TOKEN.findall(low)
    if (
        tokens
        and all(token in _joiners() for token in tokens)
        and any(t in _CONNECTIVES for t in tokens)
    ):
        return True
    return (
        len(low) <= _SHORT and _OR.search(low) is not None and _BREAK_OR_ASIDE.search(low) is None
    )


def _gap(text: str, left: Span, right: Span, modifiers: list[Span]) -> str:
    """The text between two spans with the modifiers inside it blanked out."""
    chars = list(text[left[1] : right[0]])
    for start, end in modifiers:
        for i in range(max(start, left[1]), min(end, right[0])):
            chars[i - left[1]] = " "
    return "".join(chars)


def _lists(text: str, mentions: list[Span], modifiers: list[Span]) -> Iterator[list[Span]]:
    """The mentions in lists of alternatives, in order (a mention alone is a list of one)."""
    group: list[Span] = []
    for mention in mentions:
        if group and (
            mention[0] < group[-1][1] or not _joins(_gap(text, group[-1], mention, modifiers))
        ):
            yield group
            group = []
        group.append(mention)
    if group:
        yield group


def _aside(text: str, mention: Span, modifier: Span) -> bool:
    """Whether a mention before a modifier stands in a parenthesis closed before it ("X (e.g. Y)
    within ...")."""
    return text[mention[1] : modifier[0]].count(")") + text[mention[1] : modifier[0]].count("]") > 0


def result_head(text: str, modifier: Span, mentions: list[Span]) -> Span | None:
    """The name a test's result word (`modifier`, a value) stands right next to: the mention it is
    hyphened to ("HER2-positive breast cancer"), else the one right after it ("positive HIV test"),
    else the one right before it ("HBsAg positive"); None when it is no result word or has no name
    next to it."""
    if " ".join(text[modifier[0] : modifier[1]].lower().split()) not in _RESULTS:
        return None
    after = [m for m in mentions if m[0] >= modifier[1]]
    following = min(after) if after else None
    before = [m for m in mentions if m[1] <= modifier[0]]
    preceding = max(before, key=lambda m: m[1]) if before else None
    gap_before = text[preceding[1] : modifier[0]] if preceding is not None else None
    if gap_before is not None and _HYPHENED.fullmatch(gap_before):
        return preceding
    if following is not None and _SPACED.fullmatch(text, modifier[1], following[0]):
        return following
    if gap_before is not None and _SPACED.fullmatch(gap_before):
        return preceding
    return None


def _head(
    text: str, modifier: Span, kind: str, mentions: list[Span], first: dict[Span, Span]
) -> Span | None:
    """The mention a modifier belongs to: the nearest on the side it looks to first, not across a
    clause break.

    A time expression or value after a list of alternatives belongs to the list's first mention (as
    Chia annotates "surgery or radiotherapy within 4 weeks")."""
    if kind == "value" and (result := result_head(text, modifier, mentions)) is not None:
        return result
    after = [m for m in mentions if m[0] >= modifier[1]]
    before = [m for m in mentions if m[1] <= modifier[0] and not _aside(text, m, modifier)] or [
        m for m in mentions if m[1] <= modifier[0]
    ]
    following = min(after) if after else None
    preceding = max(before, key=lambda m: m[1]) if before else None
    if kind == "temporal" and preceding is not None and not text[: modifier[0]].strip(" -*•\t"):
        preceding = None
    if following is not None and _CLAUSE_BREAK.search(text[modifier[1] : following[0]]):
        following = None if preceding is not None else following
    if preceding is not None and _CLAUSE_BREAK.search(text[preceding[1] : modifier[0]]):
        preceding = None if following is not None else preceding
    if preceding is not None and kind in _TO_LIST_HEAD:
        preceding = first[preceding]
    looks_after, looks_before = (
        (following, preceding) if LOOKS[kind] > 0 else (preceding, following)
    )
    return looks_after if looks_after is not None else looks_before


def groups(text: str, found: list[tuple[int, int, str]]) -> list[list[Span]]:
    """The mentions of `found` (see `relations`) in lists of alternatives, in order."""
    mentions = sorted({(s, e) for s, e, label in found if label not in MODIFIERS})
    return list(
        _lists(text, mentions, sorted((s, e) for s, e, label in found if label in MODIFIERS))
    )


def relations(
    text: str, found: list[tuple[int, int, str]], offset: int = 0
) -> list[tuple[str, Span, Span]]:
    """(kind, head, dependent) of one criterion's `text`; `found` holds (start, end, label) in that
    text, labels a mention type or a key of MODIFIERS; spans come back shifted by `offset`."""
    mentions = sorted({(s, e) for s, e, label in found if label not in MODIFIERS})
    modifiers = sorted((s, e, MODIFIERS[label]) for s, e, label in found if label in MODIFIERS)
    linked: dict[tuple[str, Span, Span], None] = {}
    first: dict[Span, Span] = {}
    for group in groups(text, found):
        first.update((mention, group[0]) for mention in group)
        linked.update((("or", a, b), None) for a, b in combinations(group, 2))
    for start, end, kind in modifiers:
        head = _head(text, (start, end), kind, mentions, first)
        if head is not None:
            linked[(kind, head, (start, end))] = None
    return [
        (kind, (h[0] + offset, h[1] + offset), (d[0] + offset, d[1] + offset))
        for kind, h, d in linked
    ]
