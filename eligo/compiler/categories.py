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
from eligo.compiler.parts import MEASURED_KINDS, Part, relative
from eligo.compiler.view import CriterionView, Phrase
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
    conditions it instead (`_statement`)."""
    match = _SEX_START.match(view.text, start)
    sentence_end = view.sentence_of(start)[1]
    alone = not re.search(r"\w", view.text[match.end() : sentence_end]) if match else False
    if (
        (view.exclusion and not alone)
        or match is None
        or view.phrase("clause", match.end(), max(end, sentence_end))
    ):
        return []
    spans = [relative(m.span, view.base) for m in view.facts.mentions]
    if any(a <= match.start(1) < b for a, b in spans):
        return []  # "Women of childbearing potential" is a concept
    sexes = tuple(
        dict.fromkeys(
            phrases.value("sex", word) for word in (match.group(1), match.group(4)) if word
        )
    )
    values = tuple(ast.Category(value=sex) for sex in sexes)
    node: ast.Node
    apart = match.group(2) and match.group(5) is None
    if len(values) > 1 and apart and match.group(3).lower() in ("or", "and/or"):
        # "Male patient or female patient using contraception": each sex a person of its own, an
        # alternative the words after the second narrow (`sentence.assemble`)
        node = ast.Or(args=tuple(ast.Compare(concept="sex", op="=", value=v) for v in values))
    elif len(values) > 1:
        node = ast.InSet(concept="sex", values=values)
    else:
        node = ast.Compare(concept="sex", op="=", value=values[0])
    return [Part(match.start(1), match.end(), node)]
