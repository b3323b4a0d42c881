"""One sentence → its rule: the parts, rewritten by the passes, joined by the connectives between
them.

A conditional clause becomes `if` (or a conjunction in an exclusion), an
obligation's subject conditions it, an exemption ("are not required to")
applies to everyone else, a permission constrains nothing, and the remaining
parts are joined by the connective written between them (`connectives.py`).
"""

from __future__ import annotations

import re

from eligo.compiler.categories import categorical_parts, sex_alternatives, sex_part
from eligo.compiler.conditions import (
    RELATIVE,
    closing_condition,
    conditional_pairs,
    copula_subject,
    group_only,
    obligation_modal,
    opening_condition,
    subject_group,
)
from eligo.compiler.connectives import join
from eligo.compiler.exceptions import unmatched_exceptions
from eligo.compiler.index_events import index_events
from eligo.compiler.lists import group_mentions
from eligo.compiler.logic import both, either, negate
from eligo.compiler.measures import measure_parts
from eligo.compiler.mentions import asserted_mentions
from eligo.compiler.parts import (
    CALENDAR_YEAR,
    Draft,
    Part,
    Sentence,
    at_screening,
    quote,
    relative,
    unresolved,
)
from eligo.compiler.references import setting_filters
from eligo.compiler.timing import interval_part, sentence_windows, since_parts
from eligo.compiler.unlisted import with_unlisted
from eligo.compiler.view import CriterionView, Phrase
from eligo.facts import Cue
from eligo.grammar import ast

_NOT_BEFORE = re.compile(r"\bnot\s+$", re.I)


def sentence_parts(
    view: CriterionView, start: int, end: int
) -> tuple[list[Part], list[ast.Unresolved]]:
    """Every compiled piece of the sentence [start, end), rewritten by the view's passes, and the
    exceptions written in it that did not compile."""
    setting = tuple(setting_filters(view, start, end))
    since, windows = since_parts(view, sentence_windows(view, start, end), start, end)
    found, parts = asserted_mentions(view, start, end)
    parts += since
    interval, used = interval_part(view, found, windows, start, end, setting)
    if interval is not None:
        found = [item for i, item in enumerate(found) if i not in used]
        windows = [w for w in windows if not interval.start <= w[1] < interval.end]
    measured, filters, counted = measure_parts(view, start, end, found, windows, setting)
    if interval is not None:
        measured = [p for p in measured if not interval.start <= p.start < interval.end] + [
            interval
        ]
    parts += measured
    kept = [i for i in range(len(found)) if i not in counted]
    renumbered = {old: new for new, old in enumerate(kept)}
    filters = {renumbered[i]: f for i, f in filters.items() if i in renumbered}
    parts += group_mentions(
        view, [found[i] for i in kept], found, windows, filters, start, end, setting
    )
    covered = [relative(t.span, view.base) for t in view.facts.thresholds]
    parts += categorical_parts(view, start, end, covered) + sex_part(view, start, end)
    draft, sentence = Draft(tuple(parts)), Sentence(view, start, end, tuple(windows), setting)
    for rewrite in view.passes:
        draft = rewrite(draft, sentence)
    exceptions = list(draft.exceptions)
    return list(draft.parts + draft.held), exceptions + unmatched_exceptions(
        view, start, end, exceptions
    )


def assemble(view: CriterionView, parts: list[Part], start: int, end: int) -> ast.Node:
    """The sentence's rule: its conditional clause first, then its other parts joined.

    "A if P and B if Q" is `(if P then A) and (if Q then B)`; "A or B for patients with C" gives C's
    patients the alternative only (`if C then A or B else A`); a clause that holds every part ("...,
    as well as the subject if 12 or more years old, have given permission") conditions what did not
    compile, and its number is no requirement."""
    paired = conditional_rules(view, parts, start, end)
    if paired is not None:
        return paired
    clause = opening_condition(view, start, end) or closing_condition(view, start, end)
    branch = conditional_branch(view, parts, clause, start)
    if branch is not None:
        return branch
    if clause is not None:
        inside = [p for p in parts if clause[0] <= p.start < clause[1]]
        outside = [p for p in parts if p not in inside]
        if outside:
            if inside:
                condition = join(view, inside)
            else:
                condition = subject_group(view, *clause[:2]) or unresolved(
                    "ambiguous",
                    f"condition {quote(view.text[clause[0] : clause[1]])!r} was not recognised",
                    clause[:2],
                )
            rule = join(view, outside)
            if clause[2] is not None and clause[2].text.lower() == "unless":
                return both(rule, negate(condition)) if view.exclusion else either(rule, condition)
            if clause[2] is None and outside[-1].end <= clause[0] and isinstance(rule, ast.Or):
                kept = rule.args[:-1]
                return ast.If(
                    condition=condition,
                    then=rule,
                    otherwise=kept[0] if len(kept) == 1 else ast.Or(args=kept),
                )
            return (
                both(condition, rule) if view.exclusion else ast.If(condition=condition, then=rule)
            )
        rest = (start, clause[0]) if clause[0] - start >= end - clause[1] else (clause[1], end)
        written = view.text[rest[0] : rest[1]]
        if clause[2] is not None and len(written.split()) > 2:
            missing = unresolved("unsupported", f"{quote(written, 80)!r} was not compiled", rest)
            condition = join(view, inside)
            return (
                both(condition, missing)
                if view.exclusion
                else ast.If(condition=condition, then=missing)
            )
    return sexes_apart(view, parts) or join(view, parts)


def conditional_branch(
    view: CriterionView,
    parts: list[Part],
    clause: tuple[int, int, Cue | None] | None,
    start: int,
) -> ast.Node | None:
    """ "A and LDL-C >= 55 OR, if no history of A, high risk and LDL-C >= 70": a condition opening
    the second half of a sentence after "or," (or "and,") limits that half only; the first half is
    an alternative to it (`first or (condition and second)`: the second route needs its condition),
    or with "and," a requirement beside it (`first and (if condition then second)`; in an
    exclusion, where each listed item excludes alone, `first or (condition and second)`)."""
    if clause is None or clause[2] is None:
        return None
    joint = view.ending("branch_joint", start, clause[0])
    if joint is None or joint.start() == start:
        return None
    before = [p for p in parts if p.end <= joint.start()]
    inside = [p for p in parts if clause[0] <= p.start < clause[1]]
    after = [p for p in parts if p.start >= clause[1]]
    if not (before and inside and after) or len(before) + len(inside) + len(after) < len(parts):
        return None
    first, condition, second = join(view, before), join(view, inside), join(view, after)
    if joint.value == "or":
        return either(first, both(condition, second))
    if view.exclusion:
        return either(first, both(condition, second))
    return both(first, ast.If(condition=condition, then=second))


def sexes_apart(view: CriterionView, parts: list[Part]) -> ast.Node | None:
    """ "Male patient or female patient using contraception", "Male patients aged 18-75 and
    postmenopausal female patients <= 75 years": each sex owns the words after it up to the other
    (`(sex = male and ...) or (sex = female and ...)`), what follows both is said of both
    (`categories.sex_alternatives`)."""
    found = sex_alternatives(view, parts)
    if found is None:
        return None
    rule = None
    for sex, own in found[0]:
        alternative = both(sex, join(view, own)) if own else sex
        rule = alternative if rule is None else either(rule, alternative)
    if rule is None:
        return None
    return both(rule, join(view, found[1])) if found[1] else rule


def conditional_rules(
    view: CriterionView, parts: list[Part], start: int, end: int
) -> ast.Node | None:
    """ "QTc ≤ 430 ms if male and QTc ≤ 450 ms if female": each requirement under its own condition
    (an exclusion applies when any condition holds with its requirement)."""
    nodes = []
    for (a, b), (c, d) in conditional_pairs(view, start, end):
        then = [p for p in parts if a <= p.start < b]
        when = [p for p in parts if c <= p.start < d]
        if not then:
            return None
        condition = join(view, when) if when else subject_group(view, c, d)
        if condition is None:
            return None
        rule = join(view, then)
        nodes.append(
            both(condition, rule) if view.exclusion else ast.If(condition=condition, then=rule)
        )
    if not nodes:
        return None
    result = nodes[0]
    for node in nodes[1:]:
        result = either(result, node) if view.exclusion else both(result, node)
    pairs = conditional_pairs(view, start, end)
    rest = [
        p
        for p in parts
        if not any(a <= p.start < b or c <= p.start < d for (a, b), (c, d) in pairs)
    ]
    return (either if view.exclusion else both)(join(view, rest), result) if rest else result


def sentence_rule(view: CriterionView, start: int, end: int) -> ast.Node | None:
    """The rule of one sentence, or None when nothing in it compiles; a calendar date in it, or the
    trial's index event it names (`index_events`), is a further condition."""
    rule = statement(view, start, end)
    if rule is not None:
        for index in index_events(view, start, end):
            rule = both(rule, index)
    year = CALENDAR_YEAR.search(view.text, start, end)
    if rule is None or year is None:
        return rule
    return both(
        rule,
        unresolved(
            "unsupported",
            f"the calendar date in {quote(view.text[start:end], 80)!r} is not compiled",
            year.span(),
        ),
    )


def statement(view: CriterionView, start: int, end: int) -> ast.Node | None:
    """The rule of one sentence, or None when nothing in it compiles."""
    exemption = view.phrase("exemption", start, end)
    if exemption is not None:
        return exempted_rule(view, start, exemption)
    allowance = view.phrase("allowance", start, end) if start == view.sentences[0][0] else None
    if allowance is not None and view.cues("exception", start, allowance.start()):
        allowance = None  # "X, except Y, are eligible": an exception, not a permission
    if allowance is not None and (
        _NOT_BEFORE.search(view.text, start, allowance.start())
        or view.bracketed(allowance.start(), start, end)
    ):
        allowance = None  # "X not allowed": a prohibition; "(Y allowed)": an aside to the criterion
    preference = view.phrase("preference", start, end)
    if preference is not None and any(
        a <= preference.start() < b for a, b in view.optional_details()
    ):
        preference = None  # an optional detail of a requirement, dropped from its parts below
    if allowance is not None or preference is not None:
        return allowed(view, start, end, allowance, preference)
    obligation = obligation_modal(view, start, end)
    verb = obligation or copula_subject(view, start, end) or group_only(view, start, end)
    body = verb.end() if verb is not None else start
    parts, exceptions = sentence_parts(view, start, end)
    parts = [p for p in parts if not any(a <= p.start < b for a, b in view.optional_details())]
    if not parts:
        return None
    permission = view.phrase("permission", start, min(p.start for p in parts))
    if (
        permission is not None
        and obligation is None
        and not RELATIVE.search(view.text, start, permission.start())
    ):
        return permitted(view, assemble(view, parts, start, end))
    subject = [p for p in parts if p.end <= body]
    rest = [p for p in parts if p not in subject]
    if obligation is None and not rest:
        verb = None  # "Male patients are excluded": the subject is all the criterion says
    if verb is None:
        return with_unlisted(
            view, excepting(view, assemble(view, parts, start, end), exceptions), parts, start, end
        )
    if not rest:
        rest = [
            Part(
                body,
                end,
                unresolved("unsupported", f"{quote(view.text[body:end], 80)!r} was not compiled"),
            )
        ]
    rule = excepting(view, assemble(view, rest, body, end), exceptions)
    condition = join(view, subject) if subject else subject_group(view, start, body)
    if view.exclusion:
        rule = (
            negate(rule) if obligation is not None else rule
        )  # an exclusion's obligation is met when it is not
        return both(condition, rule) if condition is not None else rule
    return ast.If(condition=condition, then=rule) if condition is not None else rule


def allowed(
    view: CriterionView,
    start: int,
    end: int,
    allowance: Phrase | None,
    preference: Phrase | None,
) -> ast.Node:
    """ "Patients with treated brain metastases may be included", "Preference will be given to
    patients with X": a permission or a preference is no requirement. What it names constrains
    nothing (`permitted`); with nothing named, the criterion is left to the screening team."""
    stop = allowance.start() if allowance is not None else end
    parts, _ = sentence_parts(view, start, stop)
    banned = prohibited(view, allowance.end(), end) if allowance is not None else None
    if parts:
        rule = permitted(view, assemble(view, parts, start, stop))
        return rule if banned is None else banned if view.exclusion else both(rule, negate(banned))
    cue = allowance or preference
    assert cue is not None  # the sentence states a permission or a preference
    return unresolved(
        "judgement",
        f"{cue.text!r} states a permission or a preference, not a requirement",
        cue.span(),
    )


def prohibited(view: CriterionView, start: int, end: int) -> ast.Node | None:
    """ "Antihypertensive drugs allowed except beta-blockers": what the permission excepts, in use
    at screening (each item an alternative), or None when the permission excepts nothing."""
    exception = view.cues("exception", start, end)
    parts = sentence_parts(view, exception[0][2], end)[0] if exception else []
    if not parts:
        return None
    nodes = [
        p.expr.model_copy(update={"window": at_screening((p.start, p.start))})
        if isinstance(p.expr, ast.Exists) and p.expr.window is None
        else p.expr
        for p in parts
    ]
    rule = nodes[0]
    for node in nodes[1:]:
        rule = either(rule, node)
    return rule


def permitted(view: CriterionView, rule: ast.Node) -> ast.Node:
    """ "Patients could be receiving chemotherapy": a permission constrains nothing, so an inclusion
    holds either way (`X or not X`, true once the record tells) and an exclusion never applies (`X
    and not X`)."""
    return both(rule, negate(rule)) if view.exclusion else either(rule, negate(rule))


def excepting(view: CriterionView, rule: ast.Node, exceptions: list[ast.Unresolved]) -> ast.Node:
    """An uncompiled exception only removes patients from what the criterion names ("Male and female
    patients, except with skin types 5 and 6", "cancer other than ..."), so it is a further
    condition (`and`) in both kinds: an inclusion must not become true, an exclusion not false,
    through it. Only an exception that relaxes an inclusion's requirement for some patients widens
    it (`or`): one that allows ("PSA < 15 ng/mL allowed for ..."), sets its own threshold ("Gilbert
    disease: bilirubin ≤ 3 x ULN") or is a conditional note ("(if ≥ 2+ proteinuria, ...)")."""
    for missing in exceptions:
        rule = (
            either(rule, missing)
            if not view.exclusion and relaxes(view, missing.span)
            else both(rule, missing)
        )
    return rule


def relaxes(view: CriterionView, span: tuple[int, int] | None) -> bool:
    """Whether the exception at `span` relaxes a requirement rather than removes patients (see
    `excepting`)."""
    if span is None:
        return False
    start, end = span
    thresholds = [relative(t.span, view.base) for t in view.facts.thresholds]
    return bool(
        view.phrase("exception_word", start, end)
        or any(start <= a < end for a, _ in thresholds)
        or view.cues("conditional", start, end)
        or re.match(r"[\s(\[]*(?:if|note|when|unless)\b", view.text[start:end], re.I)
    )


def exempted_rule(view: CriterionView, start: int, exemption: Phrase) -> ast.Node | None:
    """ "Women of non-childbearing potential are not required to use contraception": everyone else
    is."""
    subject, _ = sentence_parts(view, start, exemption.start())
    if view.exclusion or not subject:
        return None
    condition = negate(join(view, subject))
    detail = (
        f"{quote(view.text[exemption.end() :].strip(' .'), 80)!r} applies to everyone else; "
        "it is a commitment, not a record"
    )
    return ast.If(
        condition=condition, then=unresolved("consent", detail, (exemption.start(), len(view.text)))
    )
