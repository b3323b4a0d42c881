"""Categorical values and a sex as the subject: `HER2 positive`, `ER-negative`, "Female".

Not comparisons of a number: a measured concept followed or preceded by
"positive"/"negative" (or "+"/"-") compares with a category, "defined hormone
receptor status" asks for either value, and an inclusion that opens with a sex
("Men and women aged 65 or older") requires it. Apart from `measures.py`, which
reads numeric thresholds.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.names import concept_name
from eligo.compiler.parts import MEASURED_KINDS, Part, quote, relative, unresolved
from eligo.compiler.view import CriterionView, Phrase
from eligo.datafiles import patterns
from eligo.grammar import ast
from eligo.lexicon import Lexicon

_CATEGORY_AFTER = re.compile(
    r"[\s:(-]{0,3}(?:status\s*)?(?:is\s+|[:=]\s*)?(positive|negative|\+|-)(?![A-Za-z])", re.I
)
_CATEGORY_BEFORE = re.compile(r"(positive|negative)[\s-]{1,2}$", re.I)
_DEFINED_STATUS = re.compile(r"\b(?:defined|known|documented|confirmed|available)\s+$", re.I)
SEX_WORD = r"(males?|men|man|females?|women|woman)"
_PERSON = r"(?:patients?|subjects?|participants?|volunteers?)"
# a sex, its own person noun, the conjunction, the other sex, and whether a comma follows it (then
# what comes after is said of both)
_SEX_START = re.compile(
    rf"\W*{SEX_WORD}(\s+{_PERSON})?\b"
    rf"(?:\s*(and/or|or|and|/|,)\s*{SEX_WORD}\b(?:\s+{_PERSON}\b)?((?=\s*,))?)?",
    re.I,
)
_SEX_OPENING = patterns("eligo.compiler.data", "join_cues.jsonl")["sex_opening"]


def categorical_parts(
    view: CriterionView, start: int, end: int, covered: list[tuple[int, int]]
) -> list[Part]:
    """`HER2 positive`, `ER-negative`, `defined hormone receptor status`."""
    parts = []
    for mention, m_start, m_end in view.mentions(start, end, set(MEASURED_KINDS)):
        if any(s <= m_start and m_end <= e for s, e in covered):
            continue
        concept = concept_name(mention.concept)
        after = _CATEGORY_AFTER.match(view.text, m_end)
        before = _CATEGORY_BEFORE.search(view.text, 0, m_start)
        if after:
            value = {"+": "positive", "-": "negative"}.get(after.group(1), after.group(1).lower())
            parts.append(
                Part(
                    m_start,
                    after.end(),
                    ast.Compare(concept=concept, op="=", value=ast.Category(value=value)),
                )
            )
        elif before:
            parts.append(
                Part(
                    before.start(),
                    m_end,
                    ast.Compare(
                        concept=concept, op="=", value=ast.Category(value=before.group(1).lower())
                    ),
                )
            )
        elif (found := _presence(view, m_start, mention.concept)) is not None:
            parts.append(
                Part(
                    found.start(),
                    m_end,
                    ast.Compare(concept=concept, op="=", value=ast.Category(value="positive")),
                )
            )
        elif _DEFINED_STATUS.search(view.text, 0, m_start) and re.match(
            r"\s*(?:\([^)]*\)\s*)?status\b", view.text[m_end:]
        ):
            values = (ast.Category(value="positive"), ast.Category(value="negative"))
            parts.append(Part(m_start, m_end, ast.InSet(concept=concept, values=values)))
    return parts


def _presence(view: CriterionView, start: int, concept: str) -> Phrase | None:
    """ "Presence of hepatitis B surface antigen", "detectable anti-HCV": a test with no unit (a
    qualitative result) named as found right before it (`presence` phrases) is positive; the
    phrase, or None."""
    known = Lexicon.load().get(concept)
    if known is None or known.unit is not None or known.kind != "observation":
        return None
    return view.phrase_before("presence", start, 0, words=1)


def sex_part(view: CriterionView, start: int, end: int) -> list[Part]:
    """ "Female", "Men and women aged 65 or older": an inclusion whose subject is a sex, as a
    requirement. A sex that is the subject of a statement ("Female participant is not pregnant")
    conditions it instead (`_statement`). Two sexes each with words of its own ("Male patient or
    female patient using contraception", "Male patients aged 18-75 and postmenopausal female
    patients") are an `or` of the two, which `sex_alternatives` gives their own words."""
    match = _sex_start(view, start)
    sentence_end = view.sentence_of(start)[1]
    words = (relative(word, view.base)[0] for word in view.facts.words)
    alone = match is not None and not any(match.end() <= w < sentence_end for w in words)
    if (view.exclusion and not alone) or match is None:
        return []
    groups = sex_groups(view, start)
    if groups is None and view.phrase("clause", match.end(), max(end, sentence_end)):
        return []
    spans = [relative(m.span, view.base) for m in view.facts.mentions]
    if any(a <= match.start(1) < b for a, b in spans):
        return []  # "Women of childbearing potential" is a concept
    if groups is not None:
        named = [(match.start(1), match.end(1), match.group(1))]
        named += [(sex.start(), sex.end(), sex.text) for sex in groups[0]]
        node: ast.Node = ast.Or(
            args=tuple(
                ast.Compare(
                    concept="sex",
                    op="=",
                    value=ast.Category(value=phrases.value("sex", word) or word),
                    span=(a, b),
                )
                for a, b, word in named
            )
        )
        return [Part(match.start(1), match.end(), node)]
    sexes = tuple(
        dict.fromkeys(
            phrases.value("sex", word) for word in (match.group(1), match.group(4)) if word
        )
    )
    values = tuple(ast.Category(value=sex) for sex in sexes)
    if len(values) > 1:
        node = ast.InSet(concept="sex", values=values)
    else:
        node = ast.Compare(concept="sex", op="=", value=values[0])
    return [Part(match.start(1), match.end(), node)]


def _sex_start(view: CriterionView, start: int) -> re.Match[str] | None:
    """The sex a sentence opens with, its person noun, and the other sex right after it."""
    return _SEX_START.match(view.text, start)


def _stated(view: CriterionView, start: int, end: int) -> bool:
    """Whether a verb in [start, end) makes the sex before it the subject of a statement ("Women
    are ..."), not of a relative clause ("Women who are not of childbearing potential")."""
    clause = view.phrase("clause", start, end)
    if clause is None:
        return False
    relatives = view.phrases("relation", start, clause.end())
    return not any(p.text.lower() in ("who", "that", "which") for p in relatives)


def sex_groups(view: CriterionView, start: int) -> tuple[list[Phrase], list[int], int] | None:
    """ "Male patient or female patient using contraception", "Male patients aged 18-75 and
    postmenopausal female patients <= 75 years", "Men, or women who are not of childbearing
    potential", "Men and postmenopausal women, or women after an oophorectomy": the sex words after
    the first that open words of their own, where each one's words begin (after the conjunction
    that opens them), and where the last one's words end and the words said of all begin (the
    clause's end; a "with" phrase after the last one's own words when the first sex has words of
    its own too: "Males aged 18-70 and females aged 45-70 with type 2 diabetes"); None when the
    sentence that opens at `start` with a sex names no other sex with words of its own. "Male or
    female patients aged 18 or older" (no own words) says it of both."""
    match = _sex_start(view, start)
    if match is None or view.exclusion:
        return None
    sentence_end = view.sentence_of(start)[1]
    if match.group(4):  # "Male patient or female patient": each sex its own person
        apart = match.group(2) and match.group(5) is None
        if not apart or match.group(3).lower() not in ("or", "and/or"):
            return None
        second = view.phrases("sex", match.start(4), match.end(4))
        return second, [match.start(4)], view.clause_end(match.end(), sentence_end, commas=False)
    spans = [relative(m.span, view.base) for m in view.facts.mentions]
    found: list[Phrase] = []
    openings: list[int] = []
    for sex in view.phrases("sex", match.end(), sentence_end):
        if any(a <= sex.start() < b for a, b in spans) or view.bracketed(
            sex.start(), match.end(), sex.start()
        ):
            continue
        after = found[-1].end() if found else match.end()
        conjunction = _SEX_OPENING.search(view.text, after, sex.start())
        if conjunction is None or (not found and _stated(view, after, conjunction.start())):
            break
        found.append(sex)
        openings.append(conjunction.start("own"))
    first = phrases.value("sex", match.group(1))
    if all(sex.value == first for sex in found):
        return None
    tail = view.clause_end(found[-1].end(), sentence_end, commas=False)
    withs = [
        p
        for p in view.phrases("relation", found[-1].end(), tail)
        if p.text.lower() == "with" and not view.bracketed(p.start(), found[-1].end(), tail)
    ]
    words = [relative(word, view.base)[0] for word in view.facts.words]
    if withs and all(
        any(a <= w < b and not view.phrase_at("person", w) for w in words)
        for a, b in ((match.end(), openings[0]), (found[-1].end(), withs[0].start()))
    ):  # both qualified ("Men aged 40-70 and women aged 50-70 with T2DM"), not "or women with X"
        tail = withs[0].start()
    return found, openings, tail


def sex_alternatives(
    view: CriterionView, parts: list[Part]
) -> tuple[list[tuple[ast.Node, list[Part]]], list[Part]] | None:
    """The sexes `sex_part` made the sentence's first part, each with the parts it owns, and the
    parts said of all (`sex_groups`); None when the first part is no such `or`."""
    first = min(parts, key=lambda p: p.start)
    if not isinstance(first.expr, ast.Or):
        return None
    if not all(isinstance(a, ast.Compare) and a.concept == "sex" for a in first.expr.args):
        return None
    groups = sex_groups(view, first.start)
    if groups is None or len(groups[1]) != len(first.expr.args) - 1:
        return None
    _, openings, tail = groups
    rest = [p for p in parts if p is not first]
    bounds = [first.start, *openings, tail]
    for sex, opening in zip(first.expr.args[1:], openings):
        rest += _premodifiers(view, parts, opening, getattr(sex, "span", None))
    rest = [piece for p in rest for piece in _cut(p, tail)]
    owned: list[tuple[ast.Node, list[Part]]] = [
        (sex, [p for p in rest if a <= p.start < b])
        for sex, a, b in zip(first.expr.args, bounds, bounds[1:])
    ]
    return owned, [p for p in rest if p.start >= tail]


def _cut(part: Part, tail: int) -> list[Part]:
    """A part that a pass joined across the start of the words said of both sexes ("women aged
    50 to 70 years with type 2 diabetes": the age and the diabetes) as its two sides."""
    if not isinstance(part.expr, ast.And) or not part.start < tail < part.end:
        return [part]
    after = [a for a in part.expr.args if (getattr(a, "span", None) or (0, 0))[0] >= tail]
    before = [a for a in part.expr.args if a not in after]
    if not after or not before:
        return [part]
    sides = ((part.start, tail, before), (tail, part.end, after))
    return [
        Part(a, b, args[0] if len(args) == 1 else ast.And(args=tuple(args)), part.entity)
        for a, b, args in sides
    ]


def _premodifiers(
    view: CriterionView, parts: list[Part], opening: int, second: tuple[int, int] | None
) -> list[Part]:
    """ "... and postmenopausal female patients": the words before the second sex word that no part
    holds narrow that sex (an unresolved part of its alternative), even where a fact wider than
    them (an age read from "aged" on) spans them."""
    words = [
        (a, b)
        for a, b in (relative(word, view.base) for word in view.facts.words)
        if second is not None and opening <= a and b <= second[0]
        if not any(p.start <= a and b <= p.end for p in parts)
    ]
    if not words:
        return []
    span = (words[0][0], words[-1][1])
    detail = f"{quote(view.text[span[0] : span[1]])!r} is not compiled: no part of the rule uses it"
    return [Part(*span, unresolved("unsupported", detail, span))]
