"""Pass: a bracketed threshold or definition after an entity is an alternative to it, not a second
requirement.

"Renal failure (GFR ≤ 30 ml/min)", "drug or alcohol abuse (alcohol consumption
more than 40 g per day ...)", "diabetes defined as HbA1c > 6.5 % or fasting
glucose > 126 mg/dL": the bracket (or the "defined as" phrase) says what the
diagnosis means, so a patient meets the criterion by the coded diagnosis or by
the measured definition, `has X or D`. And-ed, the rule would miss everyone
whose record holds only one of the two. D is the measures inside, joined by
the connective written between them; an uncompiled measure stays in D as its
unresolved part, so D is unknown, never false. A score in the bracket ("heart
failure (NYHA III-IV)") grades the entity rather than defining it, and a
bracket holding other entities lists examples: both are left as they are,
unless the bracket quotes a definition ("type 1 diabetes according to the WHO
definition (...)"): what it asks is then one uncompiled alternative to X, never
a requirement of its own.

A measure tells a condition, not which kind of it: "Diabetes mellitus type 2,
defined as fasting glucose >= 126 mg/dL" is met by a type 1 diabetic's glucose
too. When the head names a subtype of a broader condition its own words name
(type 2 of "diabetes mellitus", a lexicon concept and the terminology's parent;
"disease" of "kidney disease" names no condition of its own), the measured branch
says only that the broader condition is there, so it is `X or (D and
unresolved)`: the coded subtype decides, a measure alone is never true (the
subtype is not known) and its absence still rules the patient out.

A condition named right before the values of a measure that defines it ("uncontrolled
hypertension SBP 140-165 and DBP 85-105", `data/defining_measures.jsonl`) is those values: no
coded condition is required beside them, and a range's upper bound still applies; for a subtype
("type 2 diabetes HbA1c 7-10 %") the values and `X or unresolved`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from eligo.compiler.logic import both, either, with_polarity
from eligo.compiler.names import concept_name, narrower
from eligo.compiler.parts import Draft, Part, Sentence, quote, relative, unresolved
from eligo.datafiles import load_jsonl
from eligo.grammar import ast

_DEFINED = re.compile(r"[\s,]*\(?\s*(?:defined\s+as|i\.\s?e\.,?|that\s+is,)\s", re.I)
_OR = re.compile(r"\bor\b|/", re.I)
_COLON = re.compile(r"\s*:\s*")
_SCOPED = re.compile(r"\b(?:for|in|if|among|when|where|with|who|whose)\b", re.I)


class DefiningMeasures(BaseModel):
    """A condition that values of measures define, and where that is said."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    condition: str
    measures: list[str]
    source: str


def _measure(part: Part, sentence: Sentence) -> bool:
    """A comparison of an observation or demographic, or an uncompiled measure: something a
    definition holds."""
    expr = part.expr
    if isinstance(expr, ast.Unresolved):  # an uncompiled measure: a threshold no concept took
        thresholds = [relative(t.span, sentence.view.base) for t in sentence.view.facts.thresholds]
        return not part.entity and any(part.start <= a < part.end for a, _ in thresholds)
    return _compares(expr, sentence)


def _compares(expr: ast.Node, sentence: Sentence) -> bool:
    """A comparison of a measure (not a score), or comparisons joined as one: a pair of values
    ("(>160/100 mmHg)"), not sex-specific limits or other nested logic."""
    if isinstance(expr, ast.And | ast.Or):
        return all(_compared(arg, sentence) for arg in expr.args)
    return _compared(expr, sentence)


def _compared(expr: ast.Node, sentence: Sentence) -> bool:
    if isinstance(expr, ast.Compare | ast.InRange | ast.InSet):
        concept = sentence.view.lexicon.get(expr.concept)
        return concept is None or concept.kind != "score"
    return False


def _definition_range(part: Part, sentence: Sentence) -> tuple[int, int] | None:
    """The text that defines the entity of `part`: a bracket right after it, or a "defined as"
    phrase to the end of the sentence."""
    text = sentence.view.text
    defined = _DEFINED.match(text, part.end, sentence.end)
    if defined is not None:
        bracket = next(
            (
                (a, b)
                for a, b in sentence.view.brackets(part.end, sentence.end)
                if a >= part.end and a <= defined.end()
            ),
            None,
        )
        return (defined.end(), bracket[1]) if bracket is not None else (defined.end(), sentence.end)
    after = (
        len(text[part.end : sentence.end]) - len(text[part.end : sentence.end].lstrip()) + part.end
    )
    return next(
        ((a, b) for a, b in sentence.view.brackets(after, sentence.end) if a == after), None
    )


def _measured_by(part: Part, sentence: Sentence) -> tuple[str, tuple[int, int]] | None:
    """ "X as defined by <measure>" (the measure is what X means) or "X with <measure>", "X:
    <measure>" (the measure grades X): the phrase's value and the clause it opens."""
    text = sentence.view.text
    after = (
        part.end
        + len(text[part.end : sentence.end])
        - len(text[part.end : sentence.end].lstrip(" ,([\n"))
    )
    colon = _COLON.match(text, part.end, sentence.end)
    if colon is not None and not _SCOPED.search(text, sentence.start, part.start):
        # "Renal impairment: eGFR 30-59": the measure grades the head; "For subjects with
        # diabetes: HbA1c < 10 %" names whom the measure is for instead
        return "grade", (colon.end(), sentence.view.clause_end(colon.end(), sentence.end))
    match = sentence.view.phrase_at("measured_by", after, sentence.end)
    if match is None or (
        match.text.lower() in ("with", "having") and "(" in text[part.end : after]
    ):
        return None
    value = match.value
    return (
        None
        if value is None
        else (value, (match.end(), sentence.view.clause_end(match.end(), sentence.end)))
    )


def _widened(node: ast.Node, start: int) -> ast.Node:
    """The measure with its first atom located from `start`: the head it defines is its name, used
    by it."""
    if isinstance(node, ast.And | ast.Or):
        return node.model_copy(update={"args": (_widened(node.args[0], start), *node.args[1:])})
    span = getattr(node, "span", None)
    return node.model_copy(update={"span": (start, span[1])}) if span else node


def _subtype(exists: ast.Node, sentence: Sentence) -> ast.Unresolved | None:
    """What a definition of a subtype leaves open ("Diabetes mellitus type 2": the measure tells
    diabetes, not its type), when the head's words also name a broader condition above its
    concept; else None."""
    broader = _broader(exists, sentence)
    return broader[1] if broader is not None else None


def _broader(exists: ast.Node, sentence: Sentence) -> tuple[str, ast.Unresolved] | None:
    """The broader condition the head's words name above its concept, with what a definition of
    the subtype leaves open (`_subtype`)."""
    if not isinstance(exists, ast.Exists) or len(exists.entities) != 1:
        return None
    entity = exists.entities[0]
    named = [m for m, a, b in sentence.view.mentions(*(entity.span or (0, 0)), {entity.type})]
    words = named[0].text.split() if named and entity.span else []
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            broad = " ".join(words[first : first + size])
            named_broad = concept_name(broad)  # a condition of the lexicon, not "disease"
            if sentence.view.lexicon.get(named_broad) is not None and narrower(
                entity.concept, named_broad
            ):
                kind = " ".join(words[:first] + words[first + size :])
                detail = (
                    f"the definition tells {broad!r}, not whether it is {kind!r}: "
                    f"only a record of {named[0].text!r} tells the kind"
                )
                return named_broad, unresolved("ambiguous", detail, entity.span)
    return None


@lru_cache(maxsize=1)
def _defining() -> dict[str, frozenset[str]]:
    """The measures whose values define a condition (`data/defining_measures.jsonl`)."""
    rows = load_jsonl("eligo.compiler.data", "defining_measures.jsonl", DefiningMeasures)
    return {row.condition: frozenset(row.measures) for row in rows}


def _values_after(part: Part, parts: list[Part], index: int, sentence: Sentence) -> list[int]:
    """ "uncontrolled hypertension SBP 140-165 and DBP 85-105": the comparisons right after the
    condition, nothing but their measures' names (and "and" / "or", commas between two of them)
    in the gaps, when each is of a measure that defines the condition
    (`data/defining_measures.jsonl`; "type 2 diabetes HbA1c 7-10 %" through the diabetes its
    words name): the values that say what the condition is; else none."""
    view = sentence.view
    exists = part.expr.arg if isinstance(part.expr, ast.Not) else part.expr
    if not isinstance(exists, ast.Exists) or len(exists.entities) != 1:
        return []
    broader = _broader(exists, sentence)
    conditions = {exists.entities[0].concept, *(broader[:1] if broader else ())}
    defining = frozenset().union(*(_defining().get(c, frozenset()) for c in conditions))
    text = view.text
    inside: list[int] = []
    end = part.end
    for number in range(index + 1, len(parts)):
        following = parts[number]
        if (
            following.entity
            or following.start < end
            or not _compares(following.expr, sentence)
            or not {n.concept for n in _atoms(following.expr)} <= defining
        ):
            break
        named = [(a, b) for _, a, b in view.measured(end, following.start)]
        between = "".join(
            " " if any(a <= at < b for a, b in named) or char in "()" else char
            for at, char in enumerate(text[end : following.start], end)
        )  # the gap without the measures' names: "hypertension Systolic Blood Pressure (SBP) 140"
        joined = between.replace(",", " ").lower().split()  # between two values: "and", "or"
        if (not inside and "," in between) or (
            joined and not (inside and len(joined) == 1 and joined[0] in ("and", "or", "and/or"))
        ):
            break
        inside.append(number)
        end = following.end
    return inside


def _atoms(node: ast.Node) -> list[ast.Compare | ast.InRange | ast.InSet]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Compare | ast.InRange | ast.InSet)]


def _by_values(exists: ast.Node, part: Part, sentence: Sentence, meaning: ast.Node) -> ast.Node:
    """The rule of a condition named right before the values that define it: the values, which
    are the condition; for a subtype the values tell the broader condition only, so the subtype's
    record decides among those the values hold ("type 2 diabetes HbA1c 7-10 %": the range, and
    type 2 on record or not known)."""
    subtype = _subtype(exists, sentence)
    if subtype is not None:
        return both(meaning, either(exists, subtype))
    return _widened(meaning, part.start)


def _meaning(parts: list[Part], inside: list[int], sentence: Sentence) -> ast.Node:
    """The measures of a definition, joined by the connective written between them."""
    meaning = parts[inside[0]].expr
    for previous, i in zip(inside, inside[1:]):
        gap = sentence.view.text[parts[previous].end : parts[i].start]
        meaning = (
            either(meaning, parts[i].expr) if _OR.search(gap) else both(meaning, parts[i].expr)
        )
    return meaning


def _graded(
    exists: ast.Node, part: Part, sentence: Sentence, how: str, meaning: ast.Node
) -> ast.Node:
    """The rule of "X as defined by M" (M) or "X with M" (M, and X coded or, uncoded, not known
    either way)."""
    subtype = _subtype(exists, sentence)
    if how == "definition" and subtype is not None:  # the measure tells the broader condition
        return either(exists, both(meaning, subtype))
    if (
        how == "definition"
    ):  # "Severe anemia as defined by ...": the measure says what "severe" is, too
        text = sentence.view.text
        vague = [
            s
            for _, s, e in sentence.view.cues("vague", sentence.start, part.start)
            if not text[e : part.start].strip()
        ]
        return _widened(meaning, min([part.start, *vague]))
    head = quote(sentence.view.text[part.start : part.end], 60)
    detail = f"{head!r} not on record: whether the measure after it stands for it is not known"
    return both(either(exists, unresolved("ambiguous", detail, (part.start, part.end))), meaning)


def _kind_told(meaning: ast.Node, exists: ast.Node, sentence: Sentence) -> ast.Node:
    """The measured branch of "X defined as D": D, and-ed with what D leaves open of a subtype X."""
    subtype = None if isinstance(meaning, ast.Unresolved) else _subtype(exists, sentence)
    return meaning if subtype is None else both(meaning, subtype)


def _quoted(part: Part, sentence: Sentence, parts: list[Part]) -> tuple[int, int] | None:
    """The bracket after "X according to the WHO definition" (or "X (ADA criteria: ...)"): the
    definition it quotes."""
    text = sentence.view.text
    for open_, close in sentence.view.brackets(part.end, sentence.end):
        gap = text[part.end : open_]
        if len(gap.split()) > 8 or any(part.end <= p.start < open_ for p in parts):
            return None
        colon = text.find(":", open_, close)  # "(IDF criteria: ...)"
        return (
            (open_, close)
            if sentence.view.phrase("definition_source", part.end, open_)
            or (colon != -1 and sentence.view.phrase("definition_source", open_, colon))
            else None
        )
    return None


def _quotation(
    exists: ast.Node, part: Part, sentence: Sentence, bracket: tuple[int, int]
) -> ast.Node:
    """X, or its quoted definition met without the coded X: what the definition asks is not
    compiled."""
    quoted = quote(sentence.view.text[bracket[0] : bracket[1]], 80)
    detail = (
        f"the definition {quoted!r} is not compiled: it says what "
        f"{quote(sentence.view.text[part.start : part.end], 40)!r} means"
    )
    return either(exists, unresolved("ambiguous", detail, (part.end, bracket[1])))


def definitions(draft: Draft, sentence: Sentence) -> Draft:
    parts = sorted(draft.parts, key=lambda p: p.start)
    result: list[Part] = []
    taken: set[int] = set()
    for index, part in enumerate(parts):
        if index in taken:
            continue
        exists = part.expr.arg if isinstance(part.expr, ast.Not) else part.expr
        entity = part.entity and isinstance(exists, ast.Exists)
        bracket = _quoted(part, sentence, parts) if entity else None
        quoted = [
            i
            for i, p in enumerate(parts)
            if bracket and i > index and bracket[0] < p.start < bracket[1]
        ]
        if bracket is not None and quoted and not all(_measure(parts[i], sentence) for i in quoted):
            defined = _quotation(exists, part, sentence, bracket)
            result.append(
                Part(
                    part.start,
                    bracket[1],
                    with_polarity(part.expr, defined),
                    entity=True,
                )
            )
            taken.update(quoted)
            continue
        measured = _measured_by(part, sentence) if entity else None
        span = measured[1] if measured else _definition_range(part, sentence) if entity else None
        inside = [
            i
            for i, p in enumerate(parts)
            if span is not None and i > index and span[0] <= p.start < span[1]
        ]
        values = _values_after(part, parts, index, sentence) if entity and span is None else []
        if values:
            meaning = _meaning(parts, values, sentence)
            expr = with_polarity(part.expr, _by_values(exists, part, sentence, meaning))
            result.append(Part(part.start, parts[values[-1]].end, expr, entity=True))
            taken.update(values)
            continue
        if span is None or not inside or not all(_measure(parts[i], sentence) for i in inside):
            result.append(part)
            continue
        meaning = _meaning(parts, inside, sentence)
        defined = (
            _graded(exists, part, sentence, measured[0], meaning)
            if measured
            else either(exists, _kind_told(meaning, exists, sentence))
        )
        expr = with_polarity(part.expr, defined)
        result.append(Part(part.start, max(parts[inside[-1]].end, span[1]), expr, entity=True))
        taken.update(inside)
    return replace(draft, parts=tuple(result))
