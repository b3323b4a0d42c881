"""Pass: "HbA1c > 6.5 % at any time", "fasting glucose ≥ 126 mg/dL on two separate occasions" (1f):
a comparison compares the latest value, so words that ask about other observations must not be
dropped silently.

"at any time" or "historic values" asks whether any observation meets the threshold: the latest one
meeting it suffices, one not meeting it decides nothing, so the comparison is or-ed with an
unresolved "any past value" part (unknown, never a wrong false). "on two (separate) occasions" asks
for several observations: the latest alone neither meets nor refutes it, so the comparison becomes
one unresolved part. The phrases are word lists (`data/phrases.jsonl`: `any_value`,
`repeated_value`), read as the parser's phrase facts; a phrase governs the comparisons of its
clause. A past cue right before a
comparison ("history of NYHA class IV", "previous eGFR < 30") asks the same as "at any time".

"peak PRA < 20 %", "nadir ANC", "geometric mean of the 3 measurements" compare an aggregate of the
observations (`aggregate_value`), not the latest one. The latest value is never above the highest:
for the highest under a bound, the latest meeting it is needed but not enough (`and unresolved`);
over a bound, enough but not needed (`or unresolved`); the lowest the other way round; a mean, or a
range, becomes one unresolved part; so does a pair ("mean BP < 140/90"), and an aggregate said in
the words after the comparison ("SBP > 140 mmHg (mean of three readings)") with no other measure
between. Each part names the guess it replaces.

A reading of another kind than the routine one (`other_reading`): "24-hour ambulatory systolic
BP", "home SBP", "night-time BP", "SBP >= 135 mmHg by ABPM" is a mean over a day or a night, or
a reading out of the clinic, which the latest clinic value neither meets nor refutes: the
comparison becomes one unresolved part that names it (a record that does not say so gives
unknown, never the clinic value's verdict).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eligo.compiler.logic import both, either
from eligo.compiler.names import concept_name
from eligo.compiler.parts import (
    ENTITY_TYPES,
    MEASURED_KINDS,
    Draft,
    Part,
    Sentence,
    quote,
    unresolved,
)
from eligo.grammar import ast

if TYPE_CHECKING:
    from eligo.compiler.view import Phrase

_COMPARISONS = (ast.Compare, ast.InRange, ast.InSet)
_READING_REACH = 1  # words: "24-hour mean systolic BP"; "ambulatory patients with SBP" is none
_PAST_REACH = 5  # words: "history of New York Heart Association (NYHA) class IV"
_NOT_OBSERVED = {"age", "sex"}  # demographics have one value, not observations over time
_NEEDED = {"highest": ("<", "<="), "lowest": (">", ">=")}  # the latest must meet the bound too
_ENOUGH = {"highest": (">", ">="), "lowest": ("<", "<=")}  # the latest meeting the bound suffices


def _governing(part: Part, sentence: Sentence, category: str) -> Phrase | None:
    view = sentence.view
    start = view.clause_start(part.start, sentence.start)
    return view.phrase(category, start, view.clause_end(part.end, sentence.end))


def _past_before(part: Part, sentence: Sentence) -> Phrase | None:
    """ "history of NYHA class IV", "previous eGFR < 30": a past cue a few words before the
    comparison, with no entity between ("history of diabetes with HbA1c > 9 %" dates the
    diabetes)."""
    view = sentence.view
    start = _named_from(part, sentence)
    cue = view.phrase_before("past", start, sentence.start, words=_PAST_REACH)
    if cue is None or view.mentions(cue.end(), start, ENTITY_TYPES):
        return None
    return cue


def _named_from(part: Part, sentence: Sentence) -> int:
    """Where the comparison's measure is named: the part's start, or the start of the full name
    just before it when the part starts at its bracketed short form ("erythrocyte sedimentation
    rate (ESR) >= 50")."""
    concept = getattr(part.expr, "concept", None)
    named = [
        m_start
        for mention, m_start, m_end in sentence.view.mentions(
            sentence.start, part.start, MEASURED_KINDS
        )
        if concept_name(mention.concept) == concept
        and not sentence.view.text[m_end : part.start].strip(" (")
    ]
    return named[-1] if named else part.start


def _compared(expr: ast.Node) -> bool:
    """A comparison, or a pair of them ("BP > 140/90": systolic or diastolic; only a reading of
    another kind or an aggregate makes a pair one unresolved part)."""
    if isinstance(expr, ast.Connective):
        return bool(expr.args) and all(isinstance(arg, _COMPARISONS) for arg in expr.args)
    return isinstance(expr, _COMPARISONS)


def _unnamed(found: Phrase, named: list) -> bool:
    """Whether a phrase is no word of a name ("peak expiratory flow", "mean arterial pressure")."""
    return not any(m_start <= found.start() < m_end for _, m_start, m_end in named)


def _after(
    part: Part, sentence: Sentence, draft: Draft, category: str, meant: str
) -> Phrase | None:
    """A phrase of `category` meaning `meant` after the comparison in its clause, no word of a
    name, with no other measure, entity or comparison between ("SBP > 140 mmHg (mean of three
    readings)", "... determined by ABPM"; not the "Mean" of "SBP < 80 / Mean arterial pressure")."""
    view = sentence.view
    end = view.clause_end(part.end, sentence.end)
    found = next(iter(view.phrases(category, part.end, end)), None)
    named = view.mentions(part.end, end, ENTITY_TYPES | MEASURED_KINDS)
    if (
        found is None
        or found.value != meant
        or not _unnamed(found, named)
        or any(m_start < found.start() for _, m_start, _ in named)
    ):
        return None
    others = any(part.end <= other.start < found.start() for other in draft.parts)
    return None if others else found


def _aggregate(part: Part, sentence: Sentence, draft: Draft) -> Phrase | None:
    """ "peak PRA/cPRA < 20 %", "the lowest ANC >= 500": a word of the comparison's clause, up to
    its value or after it, that asks for an aggregate of the observations; not a word of a name
    ("peak expiratory flow")."""
    view = sentence.view
    start = view.clause_start(part.start, sentence.start)
    named = view.mentions(start, part.end, ENTITY_TYPES | MEASURED_KINDS)
    for found in view.phrases("aggregate_value", start, part.end):
        if _unnamed(found, named):
            return found
    # after the value only a mean ("(mean of three readings)"): "on maximal support" is no
    # highest observation
    return _after(part, sentence, draft, "aggregate_value", "mean")


def _other_reading(part: Part, sentence: Sentence, draft: Draft) -> tuple[int, int] | None:
    """The words that make the comparison's measure a reading of another kind (`other_reading`):
    a setting or a period just before its name ("24-hour ambulatory systolic BP", "home SBP"),
    or the monitoring after the comparison in its clause ("SBP >= 135 mmHg by ABPM")."""
    view = sentence.view
    start = _named_from(part, sentence)
    before = view.phrase_before("other_reading", start, sentence.start, words=_READING_REACH)
    if (
        before is not None
        and _unnamed(before, view.mentions(sentence.start, part.end, ENTITY_TYPES | MEASURED_KINDS))
        and not view.mentions(before.end(), start, ENTITY_TYPES)
    ):
        return before.start(), part.end
    after = _after(part, sentence, draft, "other_reading", "monitoring")
    if after is not None:
        return part.start, after.end()
    return None


def _aggregated(part: Part, found: Phrase, text: str) -> Part:
    """The comparison of the latest value, joined to an unresolved part that names the aggregate
    it stands for."""
    expr, meant = part.expr, found.value or "mean"
    start, end = min(part.start, found.start()), max(part.end, found.end())
    op = expr.op if isinstance(expr, ast.Compare) else None
    detail = (
        f"{text[found.start() : found.end()]!r} asks for the {meant} of the observations: the "
        "rule compares the latest value only"
    )
    guess = unresolved("unsupported", detail, found.span())
    if op in _NEEDED.get(meant, ()):
        return Part(start, end, both(expr, guess), part.entity)
    if op in _ENOUGH.get(meant, ()):
        return Part(start, end, either(expr, guess), part.entity)
    return Part(start, end, unresolved("unsupported", detail, (start, end)), part.entity)


def any_values(draft: Draft, sentence: Sentence) -> Draft:
    text, result = sentence.view.text, []
    for part in draft.parts:
        if (
            part.entity
            or not _compared(part.expr)
            or getattr(part.expr, "concept", None) in _NOT_OBSERVED
        ):
            result.append(part)
            continue
        other = _other_reading(part, sentence, draft)
        if other is not None:
            start, end = min(part.start, other[0]), max(part.end, other[1])
            detail = (
                f"{quote(text[start:end], 80)!r} is a reading of another kind (ambulatory, at "
                "home, over a day or a night) than the latest value a record holds"
            )
            result.append(Part(start, end, unresolved("unsupported", detail, (start, end))))
            continue
        repeated = _governing(part, sentence, "repeated_value")
        if repeated is not None and isinstance(part.expr, _COMPARISONS):
            start, end = min(part.start, repeated.start()), max(part.end, repeated.end())
            detail = (
                f"{quote(text[start:end], 80)!r} must hold on several observations: the "
                "rule compares the latest only"
            )
            result.append(Part(start, end, unresolved("unsupported", detail, (start, end))))
            continue
        aggregate = _aggregate(part, sentence, draft)
        if aggregate is not None:
            result.append(_aggregated(part, aggregate, text))
            continue
        anytime = _governing(part, sentence, "any_value") or _past_before(part, sentence)
        if anytime is not None and isinstance(part.expr, _COMPARISONS):
            detail = (
                f"{text[anytime.start() : anytime.end()]!r}: any past value may meet it, the rule "
                "compares the latest only"
            )
            past = unresolved("unsupported", detail, (anytime.start(), anytime.end()))
            part = Part(
                min(part.start, anytime.start()),
                max(part.end, anytime.end()),
                either(part.expr, past),
                part.entity,
            )
        result.append(part)
    return replace(draft, parts=tuple(result))
