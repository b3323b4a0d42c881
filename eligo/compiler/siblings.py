"""How a left-over phrase joins its rule: the way its syntactic sibling does, never blindly as a requirement.

A phrase no atom uses (`accounting.py`) is either a further alternative of the
rule or a modifier of one of its atoms, and the two must join differently.
"Parkinson's disease or related disorders", "allergy to X or to any excipient",
"family or personal history of X": the phrase is a conjunct of the coordination
holding the compiled atoms, so it is an alternative (`or unresolved`: unknown,
never false). "hemolytic anemia", "X related to Y", "allergy in children": it
modifies a compiled atom (a premodifier, a postmodifier, a prepositional
phrase), so it narrows the rule (`and unresolved`). Without a parse tree, the
words between the phrase and its nearest used neighbours decide, in this order:

1. right before an atom ("hemolytic anemia", "histologically or cytologically
   confirmed X"): a modifier;
2. a coordinator ("or", "and/or", "nor", "either") next to it, or, in an
   exclusion, the list punctuation of its items: an alternative;
3. a coordinator inside it ("family or personal", "antibody or risk factors"):
   an alternative;
4. right after an atom, or tied to one by a relation word ("related to",
   "in the", "with"): a modifier;
5. otherwise: an alternative in an exclusion (unknown is never a wrong
   verdict there, a false "not excluded" is), a requirement in an inclusion.
"""

from __future__ import annotations

import re
from typing import Literal

from eligo import phrases

Join = Literal["and", "or"]

_COORDINATOR = re.compile(r"^(?:or|and/or|nor|either)$", re.I)
_TOKEN = re.compile(r"[\w/.-]+|[,;:()\[\]]")
_NEAR = 3  # a coordinator this many tokens from the phrase joins it
_INTERNAL = re.compile(r"\s(?:or|and/or|nor)\s", re.I)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _outside_brackets(text: str) -> str:
    """The text with its bracketed parts blanked (balanced or not), so a coordinator inside "(… or …)" is not read."""
    out, depth = [], 0
    for char in text:
        depth += char in "(["
        out.append(char if depth == 0 else " ")
        depth -= char in ")]" and depth > 0
    return "".join(out)


def _linked(gap: str) -> bool:
    """Whether only relation words, fillers and closing brackets stand in the gap ("related to", ") in the")."""
    tokens = _tokens(gap)
    if not tokens or any(t in ",;:" for t in tokens):
        return False
    relation, filler = phrases.pattern("relation"), phrases.pattern("filler")
    return any(relation.fullmatch(t) for t in tokens) and all(t in ")]" or relation.fullmatch(t) or filler.fullmatch(t) for t in tokens)


def join_of(text: str, start: int, end: int, before: tuple[int, bool] | None, after: tuple[int, bool] | None, exclusion: bool) -> Join:
    """How the phrase [start, end) of `text` joins the rule. `before` is where the nearest used words before it end,
    and whether they are an atom; `after` where the nearest used words after it start, and whether an atom."""
    gap_before = text[before[0] : start] if before is not None else text[:start]
    gap_after = text[end : after[0]] if after is not None else text[end:]
    if after is not None and after[1] and re.fullmatch(r"[\s-]*", gap_after):
        return "and"
    near = _tokens(gap_before)[-_NEAR:] + _tokens(gap_after)[:_NEAR]
    if any(_COORDINATOR.match(t) for t in near):
        return "or"
    if exclusion and (_tokens(gap_before)[-1:] in ([","], [";"]) or _tokens(gap_after)[:1] in ([","], [";"])):
        return "or"
    if _INTERNAL.search(_outside_brackets(text[start:end])):
        return "or"
    if before is not None and before[1] and (re.fullmatch(r"\s*", gap_before) or _linked(gap_before)):
        return "and"
    if after is not None and after[1] and _linked(gap_after):
        return "and"
    return "or" if exclusion else "and"
