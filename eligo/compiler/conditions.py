"""What a sentence opens or ends with that conditions the rest: "If ...,", "for patients with X",
"... if 50-60 years of age", and the obligation of a subject ("Women of childbearing potential must
...")."""

from __future__ import annotations

import re
from typing import cast

from eligo import phrases
from eligo.compiler.parts import ENTITY_TYPES, relative
from eligo.compiler.view import CriterionView, Phrase
from eligo.datafiles import patterns
from eligo.facts import Cue
from eligo.grammar import ast
from eligo.structure import unbracketed

_CUE = patterns("eligo.compiler.data", "condition_cues.jsonl")
RELATIVE = _CUE["relative"]


def opening_condition(
    view: CriterionView, start: int, end: int
) -> tuple[int, int, Cue | None] | None:
    """The condition a sentence opens with: a conditional cue ("If ...,", "For patients not
    receiving X:"), or "for/in" and a concept ("Note: for HCC, ..."), up to the end of its
    clause."""
    for cue, c_start, c_end in view.cues("conditional", start, end):
        opening = c_start - start <= 2 or view.text[start:c_start].rstrip().endswith((",", ";"))
        if opening and not view.bracketed(c_start, start, end):
            return c_start, view.clause_end(c_end, end), cue
    match = _CUE["for_concept"].match(view.text, start)
    if match is not None:
        stop = view.clause_end(match.end(), end)
        if stop < end and (
            view.mentions(match.end(), stop, ENTITY_TYPES)
            or view.phrase("age_group", match.end(), stop)
        ):
            return match.start(1), stop, None
    return None


def closing_condition(
    view: CriterionView, start: int, end: int
) -> tuple[int, int, Cue | None] | None:
    """ "a PSA between 2.5 and 10 if 50-60 years of age", "... will be used for HCC patients": a
    condition after what it conditions."""
    for match in _CUE["for_after"].finditer(view.text, start, end):
        mentions = view.mentions(match.end(), end, ENTITY_TYPES)
        rest = view.text[mentions[0][2] : end] if mentions else ""
        if _CUE["tested"].search(view.text, start, match.start()):
            continue
        if (
            mentions
            and mentions[0][1] == match.end()
            and re.fullmatch(r"\s*(?:patients|participants|subjects)?\W*", rest)
        ):
            return match.start(), end, None
        if (
            match.group("group")
            and not view.bracketed(match.start(), start, end)
            and view.clause_end(match.end(), end) >= end - 1  # the sentence's tail (";" at most)
        ):
            # "QTc < 480 ms in subjects with a paced rhythm", "... with a history of X": a group
            # named by what its patients have limits where the value applies, whatever it is
            # (an unresolved condition when not read)
            return match.start(), end, None
    for cue, c_start, c_end in view.cues("conditional", start, end):
        if (
            cue.text.lower() == "if"
            and c_start - start > 2
            and not view.bracketed(c_start, start, end)
        ):
            stop = view.clause_end(c_end, end)
            if any(
                c_end <= relative(t.span, view.base)[0] < stop for t in view.facts.thresholds
            ) or view.mentions(c_end, stop, ENTITY_TYPES):
                return c_start, stop, cue
    return None


def obligation_modal(view: CriterionView, start: int, end: int) -> Phrase | None:
    """ "Women of childbearing potential must ...": a modal after the sentence's subject (not "who
    must")."""
    match = view.phrase("obligation", start, min(end, start + 120))
    if match is None or RELATIVE.search(view.text, start, match.start()):
        return None
    subject = unbracketed(view.text[start : match.start()])  # "(SGLT: sodium ...)" ends nothing
    if re.search(r"[,;:]", subject) or opening_condition(view, start, match.start()):
        return None
    return match if not subject.strip() or view.phrase("person", start, match.start()) else None


def copula_subject(view: CriterionView, start: int, end: int) -> re.Match | None:
    """ "Women of childbearing potential are not breastfeeding, have ...": a subject that restricts
    the population (a concept or a sex beside the person), then the verb of what holds for it; not
    "Patients who are ..."."""
    match = _CUE["copula"].search(view.text, start, min(end, start + 100))
    if match is None or obligation_modal(view, start, end) is not None:
        return None
    subject = view.text[start : match.start()]
    if re.search(
        r"[,;:()]|\b(?:who|whose|that|which|with\s+or)\b", subject, re.I
    ) or not view.phrase("person", start, match.start()):
        return None
    restricted = view.mentions(start, match.start(), ENTITY_TYPES) or subject_sex(
        view, start, match.start()
    )
    return match if restricted else None


def group_only(view: CriterionView, start: int, end: int) -> re.Match | None:
    """ "Women of childbearing potential only: are not breastfeeding, ...": a sentence that opens by
    naming the group it holds for (a person with a concept or a sex), then "only:"."""
    match = _CUE["group_only"].match(view.text, start, end)
    if match is None or not view.phrase("person", *match.span("subject")):
        return None
    subject_end = match.end("subject")
    restricted = view.mentions(start, subject_end, ENTITY_TYPES) or subject_sex(
        view, start, subject_end
    )
    return match if restricted else None


def conditional_pairs(
    view: CriterionView, start: int, end: int
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """ "QTc ≤ 430 ms if male and QTc ≤ 450 ms if female": each requirement with its own closing
    "if" clause, as (requirement, condition) ranges; empty unless there are two or more."""
    cues = [
        (c_start, c_end)
        for cue, c_start, c_end in view.cues("conditional", start, end)
        if cue.text.lower() == "if" and c_start - start > 2
    ]
    if len(cues) < 2:
        return []
    pairs, begin = [], start
    for c_start, c_end in cues:
        joint = _CUE["pair_joint"].search(view.text, c_end, end)
        stop = joint.start() if joint is not None else end
        if any(c_start < other < stop for other, _ in cues):
            return []
        item = max(
            begin,
            view.text.rfind(",", begin, c_start) + 1,
            view.text.rfind(";", begin, c_start) + 1,
        )
        pairs.append(
            ((item, c_start), (c_start, stop))
        )  # "PR < 200 ms, QTc ≤ 430 ms if male": the item the "if" ends
        begin = joint.end() if joint is not None else end
    return pairs if begin >= end or not view.text[begin:end].strip(" .;,") else []


def subject_group(view: CriterionView, start: int, end: int) -> ast.Node | None:
    """ "Male participant must ...", "For adult patients:": the sex or the age group (both, "adult
    women") a requirement is about."""
    sex = subject_sex(view, start, end)
    group = view.phrase("age_group", start, end)
    if group is None or group.value is None:
        return sex
    op, years = group.value.split()
    age = ast.Compare(
        concept="age",
        op=cast(ast.Op, op),
        value=ast.Quantity(value=int(years), unit="a"),
        span=group.span(),
    )
    return age if sex is None else ast.And(args=(sex, age))


def subject_sex(view: CriterionView, start: int, end: int) -> ast.Node | None:
    """ "Male participant must ...": the sex the obligation is about."""
    for word in re.finditer(r"[A-Za-z]+", view.text[start:end]):
        sex = phrases.value("sex", word.group(0))
        if sex is not None:
            return ast.Compare(
                concept="sex",
                op="=",
                value=ast.Category(value=sex),
                span=(start + word.start(), start + word.end()),
            )
    return None
