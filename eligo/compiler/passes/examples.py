"""Pass: examples are instances of their head, so head and examples are one list of alternatives.

"Cardiac disease, for example cardiomyopathy, heart failure (NYHA III or IV)
or unstable angina", "an immunosuppressive agent (e.g., corticosteroids,
methotrexate)", "GI disease, including but not limited to gastroparesis and
GERD": each example is a member of the class its head names, so the criterion
is met by the head or by any example, `has any(X, A, B, C)`. Joined by the
connectives around them, the examples would be and-ed with the head or with
each other (a bracket between them breaks a list), and a patient with one
example only would not be excluded. The head's window and negation apply to
every member; a member's own qualifier (a bracketed score after it, its own
window) stays on that member, as a separate alternative. A head that names no
known concept is an alternative left unresolved: the examples never exhaust
it ("not limited to", "or similar"), so without it the list would be taken
as the whole class.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from eligo.compiler.items import qualified_items
from eligo.compiler.logic import both, either, negate
from eligo.compiler.names import concept_name
from eligo.compiler.parts import ENTITY_TYPES, Draft, Part, Sentence, quote, relative, unresolved
from eligo.compiler.view import Phrase
from eligo.grammar import ast

if TYPE_CHECKING:
    from eligo.compiler.view import CriterionView

# Between the head and "e.g.": brackets, punctuation and up to two words of its noun phrase
# ("platinum agent").
_HEAD_GAP = re.compile(r"(?:\s+(?!(?:or|and|nor|and/or)\b)[\w-]+){0,2}[\s,:(\[-]*", re.I)
_SEPARATOR = re.compile(r"[,;]|\b(?:or|and|and/or)\b", re.I)
_ORIGINS = ("attribution", "cause")  # phrases that open an origin: "induced by", "due to"
_RELATIVE = re.compile(r"\b(?:who|whose|which|that|requiring)\b", re.I)


def _positive(part: Part) -> tuple[ast.Node, bool]:
    return (part.expr.arg, True) if isinstance(part.expr, ast.Not) else (part.expr, False)


def _scope(sentence: Sentence, intro: Phrase) -> int:
    """Where the examples end: the bracket the introducer opens, else a restriction ("... as sole
    or predominant form": what the examples are, not one more of them), else the end of the
    sentence."""
    view = sentence.view
    for open_, close in view.brackets(sentence.start, sentence.end):
        if open_ < intro.start() < close and not view.text[open_ + 1 : intro.start()].strip():
            return close
    restriction = view.phrase("restrictive", intro.end(), sentence.end)
    return sentence.end if restriction is None else restriction.start()


def _qualified(sentence: Sentence, part: Part, start: int) -> tuple[str, str] | None:
    """The mention a non-entity part qualifies: the one right before the bracket it opens ("heart
    failure (NYHA III or IV)"), as (type, concept)."""
    view = sentence.view
    bracket = next(
        (
            (a, b)
            for a, b in view.brackets(start, sentence.end)
            if a <= part.start < b or part.start <= a < part.end
        ),
        None,
    )
    if bracket is None:
        return None
    before = [
        m
        for m, _, m_end in view.mentions(start, bracket[0], ENTITY_TYPES)
        if not view.text[m_end : bracket[0]].strip()
    ]
    return (before[-1].type, concept_name(before[-1].concept)) if before else None


def _head(
    sentence: Sentence, parts: list[Part], intro: Phrase
) -> tuple[Part | None, list[Part], tuple[int, int] | None]:
    """The entity part the examples are instances of (it may hold them already; "platinum agent
    (e.g., ...") with the parts that qualify it ("infection requiring systemic treatment, including
    ..."), or the words of a head that names no known concept."""
    text = sentence.view.text
    qualifiers: list[Part] = []
    stop = intro.start()
    for part in reversed([p for p in parts if p.start < intro.start()]):
        if part.end > intro.start() or _HEAD_GAP.fullmatch(text, part.end, stop):
            if part.entity and not (qualifiers and isinstance(part.expr, ast.Not)):
                return part, qualifiers, None
            if (
                not qualifiers
                and part.end <= intro.start()
                and isinstance(part.expr, ast.Unresolved)
                and any(sentence.view.phrase_at(c, part.start, part.end) for c in _ORIGINS)
            ):  # "neuropathy due to a cause other than X (e.g. ...)": instances of the origin
                return None, [], (part.start, part.end)
            if (
                not qualifiers
                and part.end <= intro.start()
                and isinstance(part.expr, ast.Unresolved)
                and not any(
                    p.entity
                    and p.end <= part.start
                    and _HEAD_GAP.fullmatch(text, p.end, part.start)
                    for p in parts
                )
            ):  # "risk of bleeding (e.g. ...)", an uncompiled head qualifying no entity before it
                return None, [], (part.start, part.end)
            if part.end > intro.start() or isinstance(part.expr, ast.Not):
                return None, [], None
            qualifiers.insert(0, part)
            stop = part.start
            continue
        break
    if qualifiers:
        return None, [], None
    floor = max([sentence.start] + [p.end for p in parts if p.end <= intro.start()])
    while stop > floor and text[stop - 1] in " ,:(-":
        stop -= 1
    start = sentence.view.clause_start(stop, floor)
    words = [relative(w, sentence.view.base) for w in sentence.view.facts.words]
    inside = [w for w in words if start <= w[0] and w[1] <= stop]
    return None, [], ((inside[0][0], inside[-1][1]) if inside else None)


def _own_window(sentence: Sentence, head: Part, start: int, end: int) -> ast.Node:
    """The head part's rule, when it holds examples already ("disease (e.g., myocardial infarction
    within 6 months, stroke)"): a window written among the examples is the own window of the member
    right before it, so the head is `has any(X) or has any(A) within 6 mo`."""
    expr, negated = _positive(head)
    window = expr.window.span if isinstance(expr, ast.Exists) and expr.window is not None else None
    if (
        not isinstance(expr, ast.Exists)
        or head.end <= start
        or window is None
        or not start <= window[0] < end
    ):
        return head.expr
    text = sentence.view.text
    separator = max((m.end() for m in _SEPARATOR.finditer(text, start, window[0])), default=start)
    own = {
        (m.type, concept_name(m.concept))
        for m, _, _ in sentence.view.mentions(separator, window[0], ENTITY_TYPES)
    }
    rest = tuple(r for r in expr.entities if (r.type, r.concept) not in own)
    windowed = tuple(r for r in expr.entities if (r.type, r.concept) in own)
    if not rest or not windowed:
        return head.expr
    split = either(ast.Exists(entities=rest), expr.model_copy(update={"entities": windowed}))
    return negate(split) if negated else split


def _members(
    sentence: Sentence,
    parts: list[Part],
    head: Part | None,
    last: Part | None,
    start: int,
    end: int,
) -> list[Part] | None:
    """The parts the examples compiled to, or None when one of them is not an example (a measure no
    member's bracket holds: "organ function, including ANC ≥ 1.5")."""
    found = [p for p in parts if p is not head and start <= p.start < end]
    text = sentence.view.text
    chain = ([last] if last is not None else []) + found
    if any(_RELATIVE.search(text, a.end, b.start) for a, b in zip(chain, chain[1:])):
        # "..., or depression requiring hospitalization": what the clause qualifies is not known
        return None
    for part in found:
        if not part.entity and (
            head is None or _qualified(sentence, part, head.start if head else start) is None
        ):
            return None
    return found if any(p.entity for p in found) else None


def _window(
    head: Part | None, entity_parts: list[Part], end: int
) -> ast.Window | ast.Unresolved | None:
    """The head's window: its own, or one written after the bracket of examples ("an agent (e.g., A,
    B) within 30 days"), which the last member took; a window after the last member of an open list
    is that member's own."""
    if head is None:
        return None
    own = _positive(head)[0]
    own = (
        next((a for a in own.args if isinstance(a, ast.Exists)), own)
        if isinstance(own, ast.And)
        else own
    )  # a qualified head
    if isinstance(own, ast.Exists) and own.window is not None:
        return own.window
    last = _positive(entity_parts[-1])[0]
    if (
        isinstance(last, ast.Exists)
        and last.window is not None
        and last.window.span is not None
        and last.window.span[0] >= end
    ):
        return last.window
    return None


def _merged(
    sentence: Sentence,
    head: Part | None,
    members: list[Part],
    end: int,
    open_head: ast.Unresolved | None,
) -> ast.Node | None:
    """Head and members as alternatives: one `has any(...)` with the head's window, plus the members
    that carry a qualifier or a window of their own; None when their negations differ."""
    entity_parts = [p for p in ([head] if head else []) + members if p.entity]
    if len({_positive(p)[1] for p in entity_parts}) > 1:
        return None
    negated = _positive(entity_parts[0])[1]
    window = _window(head, entity_parts, end)
    positives = [(_positive(p)[0], p) for p in entity_parts]
    exprs = [
        arg
        for e, p in positives
        for arg in (e.args if isinstance(e, ast.Or) and p is head else (e,))
    ]
    pooled: list[ast.EntityRef] = []
    alternatives: list[ast.Node] = []
    qualifiers = {
        _qualified(sentence, p, (head or p).start): p.expr for p in members if not p.entity
    }
    attached = set()
    for expr in exprs:
        if not isinstance(expr, ast.Exists) or expr.window not in (None, window):
            alternatives.append(expr)
            continue
        for ref in expr.entities:
            key = (ref.type, ref.concept)
            if key in qualifiers:
                attached.add(key)
                alternatives.append(
                    both(ast.Exists(entities=(ref,), window=window), qualifiers[key])
                )
            else:
                pooled.append(ref)
    if set(qualifiers) - attached:
        return None  # a qualifier whose member was not found would be lost
    rule: ast.Node | None = (
        ast.Exists(entities=tuple(dict.fromkeys(pooled)), window=window) if pooled else None
    )
    for alternative in alternatives + ([open_head] if open_head else []):
        rule = alternative if rule is None else either(rule, alternative)
    return negate(rule) if negated and rule is not None else rule


def _attribution(view: CriterionView, start: int, end: int) -> Phrase | None:
    """An origin phrase ("induced by", "due to") that begins at `start` or ends right before
    `end`."""
    text = view.text
    for category in _ORIGINS:
        for match in view.phrases(category, start, end):
            if not text[start : match.start()].strip() or not text[match.end() : end].strip():
                return match
    return None


def _restricted(
    sentence: Sentence, parts: list[Part], head: Part | None, words: tuple[int, int] | None
) -> tuple[ast.Node, ast.Unresolved | None, list[Part], int] | None:
    """A noun restricted to an origin ("neuropathy caused by chemotherapy, such as ...", "GI disease
    associated with chronic diarrhea, including ..."): the examples are instances of the origin, the
    nearest noun, so the rule is the noun *and* (the origin or an example), never the noun or-ed
    bare. Returns the noun's rule (unresolved when it names no concept), the origin when it names
    none (else the origin is `head`), the parts the noun takes and where it starts."""
    text = sentence.view.text
    if head is None and words is not None:  # "X induced by <words no concept names>"
        origin = _attribution(sentence.view, words[0], words[1])
        origin = (
            origin if origin is not None and not text[words[0] : origin.start()].strip() else None
        )
        noun = next(
            (p for p in parts if p.end <= words[0] and not text[p.end : words[0]].strip()), None
        )
        if origin is None or noun is None or not noun.entity or isinstance(noun.expr, ast.Not):
            return None
        detail = (
            f"{quote(text[words[0] : words[1]], 80)!r} is not compiled: the examples after "
            "it are instances of it, not all of it"
        )
        return noun.expr, unresolved("unsupported", detail, words), [noun], noun.start
    if head is None or isinstance(head.expr, ast.Not):
        return None
    floor = max([sentence.start] + [p.end for p in parts if p.end <= head.start and p is not head])
    begin = sentence.view.clause_start(head.start, floor)
    origin = _attribution(sentence.view, max(begin, head.start - 40), head.start)
    if origin is None or text[origin.end() : head.start].strip():
        return None
    noun = next(
        (p for p in parts if p.end <= origin.start() and not text[p.end : origin.start()].strip()),
        None,
    )
    if noun is not None and noun.entity and not isinstance(noun.expr, ast.Not):
        return noun.expr, None, [noun], noun.start
    start = sentence.view.clause_start(origin.start(), floor)
    if not text[start : origin.start()].strip():
        return None
    start += len(text[start : origin.start()]) - len(text[start : origin.start()].lstrip())
    detail = (
        f"{quote(text[start : origin.start()], 80)!r} is not compiled: it is restricted to "
        f"{quote(text[head.start : head.end], 40)!r}"
    )
    return unresolved("unsupported", detail, (start, origin.end())), None, [], start


def _listed(sentence: Sentence) -> list[Phrase]:
    """ "other implanted electronic devices (pacemakers)": a bracket of named things right after a
    head that "other" opens lists instances of that class, as an introducer would; an empty
    introducer at the bracket's start each."""
    view, found = sentence.view, []
    for open_, close in view.brackets(sentence.start, sentence.end):
        other = view.phrase_before("other", open_, sentence.start, words=5)
        if (
            other is not None
            and not view.phrase_at("postmodifying_exception", other.start())  # "other than X"
            and view.mentions(open_, close, ENTITY_TYPES)
            and not view.phrase("instance", open_, close)
        ):
            found.append(Phrase((open_ + 1, open_ + 1), "", None))
    return found


def examples(draft: Draft, sentence: Sentence) -> Draft:
    parts = sorted(draft.parts, key=lambda p: p.start)
    text = sentence.view.text
    view = sentence.view
    for intro in view.phrases("instance", sentence.start, sentence.end) + _listed(sentence):
        end = _scope(sentence, intro)
        head, qualifiers, words = _head(sentence, parts, intro)
        members = _members(
            sentence, parts, head, qualifiers[-1] if qualifiers else head, intro.end(), end
        )
        if members is None or (head is None and words is None):
            continue
        restricted = (
            _restricted(sentence, parts, head, words)
            if not qualifiers and (head is None or head.end <= intro.start())
            else None
        )
        head_words = words
        open_head: ast.Unresolved | None = None
        noun: ast.Node | None = None
        extra: list[Part] = []
        if restricted is not None:
            noun, open_head, extra, first = restricted
            words = (first, first)
        elif head is None and words is not None:
            detail = (
                f"{quote(text[words[0] : words[1]], 80)!r} is not compiled: the examples "
                "after it are instances of it, not all of it"
            )
            open_head = unresolved("unsupported", detail, (words[0], intro.end()))
        own = None
        if head is not None:
            expr = _own_window(sentence, head, intro.start(), end)
            for qualifier in qualifiers:  # the head's own: "infection requiring systemic treatment"
                expr = both(expr, qualifier.expr)
            own = Part(head.start, head.end, expr, entity=True)
        rule = _merged(sentence, own, qualified_items(view, text, members), end, open_head)
        if rule is None:
            continue
        rule = both(noun, rule) if noun is not None else rule
        taken = [p for p in parts if p is head or p in members or p in qualifiers or p in extra]
        if head is None and head_words is not None:  # the head's own words, or its origin
            taken += [p for p in parts if (p.start, p.end) == head_words]
        first_word = words[0] if words is not None else len(text)
        start = min(
            head.start if head is not None else first_word,
            first_word if noun is not None else len(text),
        )
        merged = Part(start, max(p.end for p in taken), rule, entity=True)
        parts = sorted([p for p in parts if p not in taken] + [merged], key=lambda p: p.start)
    return replace(draft, parts=tuple(parts))
