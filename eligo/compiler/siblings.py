"""How a left-over phrase joins its rule: the way its syntactic sibling does, never blindly as a
requirement.

A phrase no atom uses (`accounting.py`) is either a further alternative of the
rule or a modifier of one of its atoms, and the two must join differently.
"Parkinson's disease or related disorders", "allergy to X or to any excipient",
"family or personal history of X": the phrase is a conjunct of the coordination
holding the compiled atoms, so it is an alternative (`or unresolved`: unknown,
never false). "hemolytic anemia", "X related to Y", "allergy in children": it
modifies a compiled atom (a premodifier, a postmodifier, a prepositional
phrase), so it narrows the rule (`and unresolved`). Without a parse tree, the
words between the phrase and its nearest used neighbours (a vague word such
as "significant" is seen through) decide, in this order:

0. a person and another one whose atom follows ("Subject/carer's severe
   visual impairment", "patient or partner with X"): the other's is an
   alternative of that atom, never a narrowing;
1. right before an atom, or tied to the atom after it by a few words
   ("hemolytic anemia", "histologically or cytologically confirmed X", "or
   currently on dialysis", "suffering from significant X"): a modifier;
   The whole of a bracket right after an atom ("radiotherapy (chest wall)",
   "hepatitis B (untreated)", "corticosteroids (for asthma)") is a modifier too;
2. a coordinator ("or", "and/or", "nor", "either") just before it, or an
   example's introducer ("X such as Y", "e.g."): an alternative ("X or related
   disorders", "or to any excipient"; an example is an instance of X);
2a. in an exclusion, a behaviour after a bare "and" ("smoking and drinking habit": a phrase
   ending in a habit noun): an alternative, two habits of which either excludes;
2b. a length of time in it ("for at least 12 months per the records", "(three months before
   ...)") not set off by a comma, after an atom with no window of its own: a modifier, for it
   dates or limits what it follows (a time that is an item of its own is listed: "pregnant,
   < 6 months postpartum"; a rate's period is no length: "IU/day");
3. tied to the atom before it by a relation word ("X who are unable to quit",
   "confirmed by histopathology or cytology"): a modifier; else a coordinator
   inside it ("family or personal", "antibody or risk factors"; in an
   exclusion also a comma, "antigen, hepatitis C antibody", or a slash between words,
   "disorders/neurological"), unless a
   relation word before that makes the coordination part of a modifier
   ("stopped for safety concern or lack of efficacy"): an alternative (the commas of a
   restatement, "current symptoms, i.e. HFpEF, HFrEF", list nothing); else
   right after an atom or tied to it by a few words: a modifier;
4. a coordinator just after it ("History or presence of X"), or, in an
   exclusion, the list punctuation of its items: an alternative;
5. otherwise: an alternative in an exclusion (unknown is never a wrong
   verdict there, a false "not excluded" is), a requirement in an inclusion.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from eligo.datafiles import patterns
from eligo.structure import unbracketed

if TYPE_CHECKING:
    from eligo.compiler.view import CriterionView

Join = Literal["and", "or"]
Side = (
    Literal["before", "after"] | None
)  # the atom it joins: the one before it, after it, or the whole rule

_CUE = patterns("eligo.compiler.data", "sibling_cues.jsonl")
_NEAR = 3  # a coordinator this many tokens from the phrase joins it
_EITHER_OR = _CUE["either_or"]


def _tokens(text: str) -> list[str]:
    return _CUE["token"].findall(text)


def _coordinator(token: str, text: str, start: int) -> bool:
    """Whether a token before the phrase at `start` coordinates it: "or", "nor", and "either" only
    when its "or" follows ("in either eye" is any of two)."""
    if token.lower() == "either":
        return _EITHER_OR.match(text, start) is not None
    return _CUE["coordinator"].match(token) is not None


def _linked(gap: str, text: str, start: int) -> bool:
    """Whether the gap ties the phrase to the atom beside it: a few words with no list punctuation
    or coordinator ("related to", ") in the", "use of", "are required to", "in either")."""
    tokens = _tokens(gap)
    words = [t for t in tokens if t not in ")]"]
    return 0 < len(words) <= _NEAR and not any(
        t in ",;:([" or _coordinator(t, text, start) for t in tokens
    )


def _length_of_time(view: CriterionView, start: int, end: int) -> bool:
    """Whether [start, end) names a length of time ("12 months", "months before"), not a rate's
    period ("IU/day", "5 cigarettes per day")."""
    text = view.text
    return any(
        text[max(0, m.start() - 1) : m.start()] != "/"
        and not re.search(r"\bper\s+$", text[max(0, m.start() - 5) : m.start()], re.I)
        for m in view.phrases("time_length", start, end)
    )


def join_of(
    view: CriterionView,
    start: int,
    end: int,
    before: tuple[int, bool] | None,
    after: tuple[int, bool] | None,
    exclusion: bool,
    dated_before: bool = False,
) -> tuple[Join, Side]:
    """How the phrase [start, end) of the criterion joins the rule, and which neighbouring atom it
    joins (a modifier narrows it, a conjunct is its alternative), if any. `before` is where the
    nearest used words before it end, and whether they are an atom; `after` where the nearest used
    words after it start, and whether an atom; `dated_before` whether the atom before has a window
    of its own (a second time is another alternative's: "X within 3 months or planning X within 18
    months")."""
    text = view.text
    gap_before = text[before[0] : start] if before is not None else text[:start]
    gap_after = text[end : after[0]] if after is not None else text[end:]
    person = view.phrase_at("person", start, end)
    if (
        person is not None
        and _CUE["other_person"].match(text, person.end(), end)
        and after is not None
        and after[1]
        and _CUE["possessed"].fullmatch(gap_after)
    ):
        return "or", "after"  # "Subject/carer's X": the carer's X is a further alternative of X
    if (
        after is not None
        and after[1]
        and (re.fullmatch(r"[\s(\[-]*", gap_after) or _linked(gap_after, text, end))
    ):
        return "and", "after"
    if (
        before is not None
        and before[1]
        and _CUE["bracket_open"].fullmatch(gap_before)
        and re.match(r"\s*[)\]]", gap_after)
    ):
        return (
            "and",
            "before",
        )  # the whole of a bracket right after an atom: "radiotherapy (chest wall)"
    if any(_coordinator(t, text, start) for t in _tokens(gap_before)[-_NEAR:]) or view.ending(
        "instance", before[0] if before is not None else 0, start
    ):
        return "or", "before"
    if (
        exclusion
        and before is not None
        and before[1]
        and _CUE["bare_and"].fullmatch(gap_before)
        and view.ending("habit", start, end)
    ):
        return "or", "before"  # "smoking and drinking habit": two habits, either one excludes
    if (
        before is not None
        and before[1]
        and not dated_before
        and _length_of_time(view, start, end)
        and not any(t in ",;" for t in _tokens(gap_before)[-_NEAR:])
    ):
        return "and", "before"
    if (
        before is not None
        and before[1]
        and _linked(gap_before, text, start)
        and view.phrase("relation", before[0], start)
    ):
        return "and", "before"
    example = view.phrase("example", start, end)  # "symptoms, i.e. HFpEF, HFrEF" restates
    internal = (_CUE["internal_list"] if exclusion else _CUE["internal"]).search(
        unbracketed(text[start : example.start() if example is not None else end].rstrip(" ,;"))
    )
    if internal is not None and not view.phrase("relation", start, start + internal.start()):
        return "or", None
    if (
        before is not None
        and before[1]
        and (re.fullmatch(r"[\s)\]\\]*", gap_before) or _linked(gap_before, text, start))
    ):  # "\]": markdown
        return "and", "before"
    if any(_CUE["coordinator"].match(t) for t in _tokens(gap_after)[:_NEAR]):
        return "or", "after"
    if exclusion and _tokens(gap_before)[-1:] in ([","], [";"]):
        return "or", "before"
    if exclusion and after is not None and _tokens(gap_after)[:1] in ([","], [";"]):
        return "or", "after"
    return ("or" if exclusion else "and"), None
