"""Lead-in criteria and the items listed under them.

"No prior treatment for prostate cancer, including any of the following:" is a
criterion, and so is each item listed under it ("Surgery", "Radiotherapy"):
the lead-in's negation belongs to every item, so "Surgery" there means no
surgery. "at least 1 of the following conditions apply:" makes the items of an
inclusion alternatives: each of them compiles to the `or` of all, so that the
criteria together require one. "Adequate organ function, defined by the
following laboratory test results:" is the `and` of its items. Items are the criteria indented under the
lead-in; in a list without indentation, those that follow it up to a heading,
a new lead-in, an item opening like the lead-in ("Female participant ...") or,
under a negated lead-in, an item that says its own negation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from eligo.annotations import Criterion
from eligo.compiler import phrases
from eligo.compiler.logic import both, either, negate, outcome
from eligo.grammar import ast
from eligo.negation import negation_termset

Mode = Literal["negated", "alternatives", "definition"]


@dataclass(frozen=True)
class LeadIn:
    """A lead-in criterion (by index), the indices of its items, and what it does to them."""

    index: int
    items: tuple[int, ...]
    mode: Mode


@lru_cache(maxsize=1)
def _negations() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """NegEx's preceding negations (not its pseudo-negations) opening a text, and anywhere in it."""
    terms = negation_termset()
    words = "|".join(map(re.escape, sorted(terms["preceding_negations"], key=len, reverse=True)))
    pseudo = "|".join(map(re.escape, sorted(terms["pseudo_negations"], key=len, reverse=True)))
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


def _mode(lead: Criterion) -> Mode | None:
    if _negations()[0].match(lead.text):
        return "negated"
    if lead.kind == "inclusion" and phrases.pattern("alternatives").search(lead.text):
        return "alternatives"
    if phrases.pattern("definition").search(lead.text):
        return "definition"
    return None


def _ends_flat_list(lead: Criterion, item: Criterion, mode: Mode) -> bool:
    """In a list without indentation: the item that no longer belongs to the lead-in."""
    if item.text.rstrip().endswith(":") or _first_word(item.text) == _first_word(lead.text):
        return True
    return mode == "negated" and _negations()[1].search(item.text) is not None


def lead_ins(text: str, criteria: list[Criterion]) -> list[LeadIn]:
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
            found.append(LeadIn(index, tuple(items), mode))
    return found


def _qualifier(lead: Criterion, rule: ast.Node) -> ast.Unresolved | None:
    """What a negated lead-in says of its items and did not compile: "No concurrent uncontrolled illness including ...",
    "No prior treatment for prostate cancer, including ..." (surgery for prostate cancer, not any surgery)."""
    result = outcome(rule)
    if result.executable or not (result.unresolved[0].reason == "vague" or phrases.pattern("indication").search(lead.text)):
        return None
    text = " ".join(lead.text.split())
    return ast.Unresolved(reason="ambiguous", detail=f"as the lead-in {text[:100]!r} qualifies it")


def apply_lead_ins(rules: list[ast.Node], groups: list[LeadIn], criteria: list[Criterion]) -> list[ast.Node]:
    """The rules of the items, as their lead-ins make them: negated (within the lead-in's qualifier), or each the `or` of all."""
    rules = list(rules)
    for group in groups:
        if group.mode == "negated":
            qualifier = _qualifier(criteria[group.index], rules[group.index])
            for number in group.items:
                if not isinstance(rules[number], ast.Unresolved):
                    rules[number] = negate(both(rules[number], qualifier) if qualifier else rules[number])
        elif group.mode == "definition":
            if not outcome(rules[group.index]).executable:
                defined = rules[group.items[0]]
                for number in group.items[1:]:
                    defined = both(defined, rules[number])
                rules[group.index] = defined
        else:
            alternatives = [rules[number] for number in group.items]
            joined = alternatives[0]
            for rule in alternatives[1:]:
                joined = either(joined, rule)
            for number in group.items:
                rules[number] = joined
    return rules
