"""List structure of a protocol's criteria: lead-ins and the items listed under them.

"No prior treatment for prostate cancer, including any of the following:" is a
criterion, and so is each item listed under it ("Surgery", "Radiotherapy").
What a lead-in does to its items (`LeadIn.mode`): a negated lead-in negates
each of them; "at least 1 of the following conditions apply:" makes the items
of an inclusion alternatives; "Adequate organ function, defined by the
following laboratory test results:" is the `and` of its items. Items are the
criteria indented under the lead-in; in a list without indentation, those that
follow it up to a heading, a new lead-in, an item opening like the lead-in
("Female participant ...") or, under a negated lead-in, an item that says its
own negation. The layout (columns, headings between criteria) is the parser's
to read; the compiler applies the modes (`eligo/compiler/lead_ins.py`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from eligo import phrases
from eligo.annotations import Criterion
from eligo.facts import LeadIn, ListMode
from eligo.negation import negation_termset
from eligo.phrases import alternation


@lru_cache(maxsize=1)
def _negations() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """NegEx's preceding negations (not its pseudo-negations) opening a text, and anywhere in it."""
    terms = negation_termset()
    words, pseudo = (alternation(terms[name], gap=re.escape(" ")) for name in ("preceding_negations", "pseudo_negations"))
    term = rf"(?<![\w-])(?!(?:{pseudo})(?![\w-]))(?:{words})(?![\w-])"
    return re.compile(rf"^\W*{term}", re.I), re.compile(term, re.I)


def _column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)


def _first_word(text: str) -> str:
    match = re.match(r"\W*(\w+)", text)
    return match.group(1).lower() if match else ""


def _heading_between(text: str) -> bool:
    """Whether the text between two criteria holds more than list markers: a heading ends a list."""
    return any(re.search(r"[A-Za-z]{2}", re.sub(r"^\s*(?:[-•*o]|\d{1,3}[.)])\s*", "", line)) for line in text.splitlines())


def _mode(lead: Criterion) -> ListMode | None:
    if _negations()[0].match(lead.text):
        return "negated"
    if lead.kind == "inclusion" and phrases.pattern("alternatives").search(lead.text):
        return "alternatives"
    if phrases.pattern("definition").search(lead.text):
        return "definition"
    return None


def _ends_flat_list(lead: Criterion, item: Criterion, mode: ListMode) -> bool:
    """In a list without indentation: the item that no longer belongs to the lead-in."""
    if item.text.rstrip().endswith(":") or _first_word(item.text) == _first_word(lead.text):
        return True
    return mode == "negated" and _negations()[1].search(item.text) is not None


def find_lead_ins(text: str, criteria: list[Criterion]) -> list[LeadIn]:
    """The lead-ins of a protocol (`text`, its criteria in order) that change their items."""
    found = []
    for index, lead in enumerate(criteria):
        mode = _mode(lead) if lead.text.rstrip().endswith(":") else None
        if mode is None:
            continue
        lead_column = _column(text, lead.span[0])
        items: list[int] = []
        indented = None
        for number in range(index + 1, len(criteria)):
            item, before = criteria[number], criteria[number - 1]
            if item.kind != lead.kind or _heading_between(text[before.span[1] : item.span[0]]):
                break
            deeper = _column(text, item.span[0]) > lead_column
            indented = deeper if indented is None else indented
            if (indented and not deeper) or (not indented and _ends_flat_list(lead, item, mode)):
                break
            items.append(number)
        if items:
            found.append(LeadIn(index=index, items=tuple(items), mode=mode))
    return found
