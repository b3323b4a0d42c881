"""Parts joined by the connective written between them: `or`, `and`, a relative clause, a grade.

"X, Y, or Z" is `or` wherever ", or" stands in a gap (or a gap opens or ends with
it); in an exclusion, list punctuation and "and any ..." separate reasons; a
relative clause qualifies the item before it ("X requiring Y"), and so does an entity after a
relation word ("renal failure on hemodialysis": `qualified_items`); a score right
after the condition it grades ("heart failure, NYHA class III or IV",
`data/grades.jsonl`) is no further item; a conjunction that reads as both X and
not X is no reading. Apart from `sentence.py`, which decides what a sentence says
(a condition, an obligation, a permission) and joins its parts here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from eligo import phrases
from eligo.compiler.items import RELATIVE_GAP, last_member, qualified_items
from eligo.compiler.lists import CONJUNCTION
from eligo.compiler.logic import both, exists_of, narrowed, negate
from eligo.compiler.names import lexicon_concept
from eligo.compiler.parts import Part, quote, relative, unresolved
from eligo.compiler.view import CriterionView
from eligo.datafiles import load_jsonl, patterns
from eligo.grammar import ast
from eligo.structure import unbracketed

_OR_GAP = re.compile(r"[\s,;)\]]*(?:or|and/or|nor|/)[\s,]*(?:(?:any|other|a|an|the)\s+)?", re.I)
# "X or participation in a study with Y": a gap that opens with "or" starts a new alternative,
# whatever follows.
_LEADING_OR = re.compile(r"[\s,)\]]*(?:or|and/or|nor)\b", re.I)
# "... (11.1 mmol/L) after an oral glucose load or glucose ≥ 200": a gap that ends with "or" too.
_TRAILING_OR = re.compile(r"\b(?:or|and/or)\s+(?:(?:any|other|a|an|the)\s+)?$", re.I)
# "..., a haematocrit < 30 %": in an exclusion, list punctuation between items (of any kind)
# separates reasons.
_ITEM_GAP = re.compile(r"\s*[,;]\s*(?:(?:a|an|the|any)\s+)?", re.I)
# "any X ..., and any Y ...": in an exclusion, "and" before a noun phrase with its own quantifier
# lists another reason.
_QUANTIFIED_AND = re.compile(r"\band\s+(?:any|all|other)\b", re.I)
# "X > n at screening, or ongoing Y": ", or" in the gap is the connective, whatever cue or
# window words surround it.
_COMMA_OR = re.compile(r"[,;]\s*(?:or|and/or)\b", re.I)
_JOIN = patterns("eligo.compiler.data", "join_cues.jsonl")
_AND, _OR_RELATIVE = _JOIN["and_word"], _JOIN["or_relative"]


def relative_clauses(view: CriterionView, parts: list[Part]) -> list[Part]:
    """ "women of childbearing potential who are unwilling to ...", "X requiring Y": a relative
    clause qualifies the item just before it, which stays one item of its list ("A, B, or C who ..."
    is A or B or (C and ...)); after "or" a relative clause is an alternative of its own
    ("breastfeeding, or who plan to become pregnant", "X within 1 month or patients who were
    treated with Y")."""
    result: list[Part] = []
    for part in parts:
        previous = result[-1] if result else None
        gap = (
            view.text[previous.end : part.start]
            if previous is not None and part.start > previous.end
            else None
        )
        if (
            previous is not None
            and previous.entity
            and gap is not None
            and not gap.strip()
            and view.phrase_at("need", part.start)
        ):  # "MI, angina requiring stenting, or HF": the need narrows the member it follows
            result[-1] = Part(
                previous.start,
                part.end,
                narrowed(previous.expr, last_member(previous.expr, part.start), part.expr),
                True,
            )
            continue
        coordinated = gap is not None and (
            _OR_RELATIVE.search(gap) is not None
            or (previous is not None and _new_person(view, previous, gap))
        )  # ", or who plan to ...", "X or patients who have had Y": an alternative of its own
        if (
            previous is not None
            and gap is not None
            and RELATIVE_GAP.search(gap)
            and not coordinated
            and not are_alternatives(view, gap)
        ):
            result[-1] = Part(
                previous.start,
                part.end,
                both(previous.expr, part.expr),
                previous.entity or part.entity,
            )
            continue
        result.append(part)
    return result


def or_gap(gap: str) -> bool:
    """Whether the words between two mentions are only an "or" ("X or Y", "X and/or any Y")."""
    return _OR_GAP.fullmatch(gap) is not None


def are_alternatives(view: CriterionView, gap: str) -> bool:
    """Between two entities of an exclusion: alternatives ("X, Y", "X and Y", "X (including Y)"),
    unless a relation joins them ("X requiring Y", "nivolumab in the adjuvant setting for
    melanoma"); "or" always separates."""
    if phrases.pattern("example").search(gap):
        return True
    # "steroids in high doses, other immunosuppressants": a relation before a comma qualifies the
    # item before it; the words after the comma open the next item
    words = re.findall(r"[\w/]+", gap.rsplit(",", 1)[-1].lower())
    for word in reversed(words):
        if word in ("or", "and", "and/or", "nor"):
            return True
        if phrases.named("relation", word):
            return False
    return True


class Grade(BaseModel):
    """A score that grades a condition (`data/grades.jsonl`): NYHA class grades heart failure."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    score: str
    condition: str


@lru_cache(maxsize=1)
def grades() -> frozenset[tuple[str, str]]:
    return frozenset(
        (g.score, g.condition) for g in load_jsonl("eligo.compiler.data", "grades.jsonl", Grade)
    )


def _grades(previous: Part, part: Part, gap: str) -> bool:
    """ "heart failure, NYHA class III or IV", "cirrhosis, Child-Pugh class B or C": the score of a
    condition right after the condition a sentence opens with, a comma between, grades it; it is not
    one more item of a list."""
    named = exists_of(previous.expr)
    if (
        named is None
        or len(named.entities) != 1
        or not isinstance(part.expr, ast.Compare | ast.InRange | ast.InSet)
    ):
        return False
    concept = named.entities[0].concept
    graded = {(part.expr.concept, concept), (part.expr.concept, lexicon_concept(concept))}
    return bool(graded & grades()) and re.fullmatch(r"\s*,\s*", gap) is not None


def _history_item(view: CriterionView, previous: Part, part: Part) -> bool:
    """ "unstable angina, sustained VT, history of MI within a year": in an exclusion, a history cue
    right after list punctuation (no content word between, brackets aside) opens one more reason of
    the list, not a requirement besides."""
    cues = view.cues("history", previous.end, part.start + 1)
    if not cues:
        return False
    start = cues[0][1]

    def outside(position: int) -> bool:
        return not view.bracketed(position, previous.end, start)

    punctuated = any(c in ",;" and outside(p) for p, c in view.marks(previous.end, start))
    words = (relative(w, view.base)[0] for w in view.facts.words)
    return punctuated and not any(previous.end <= w < start and outside(w) for w in words)


def _new_person(view: CriterionView, previous: Part, gap: str) -> bool:
    """ "WOCBP who are unwilling to use contraception, women who are pregnant or breastfeeding": in
    an exclusion, the gap's last list punctuation and then a person ("women who", "patients with")
    opens one more reason of the list, never a requirement of the item before (`gap` is
    unbracketed, so a comma inside a bracket is blank)."""
    comma = max(gap.rfind(","), gap.rfind(";"))
    listed = _ITEM_GAP.match(gap, comma) if comma >= 0 else None
    if not view.exclusion or listed is None:
        return False
    return view.phrase_at("person", previous.end + listed.end()) is not None


def _names(view: CriterionView, outer: Part, inner: Part) -> bool:
    """Whether `inner` is the item `outer` is about: an entity's name holds the measure, the
    measure starts with the entity it measures ("Leukopenia < 3000/uL"), or an uncompiled name ends
    with the entity it narrows ("coronary artery bypass surgery", "GI tract surgery": the surgery
    at a site, one item of its list, not a requirement beside the list); not a condition inside an
    unresolved cause ("due to varices"), which is a further requirement of the item before."""
    head = inner.end == outer.end and _sited(view, outer, inner)
    return outer.entity or outer.start == inner.start or head


def _sited(view: CriterionView, name: Part, entity: Part) -> bool:
    """Whether the uncompiled name `name` ends with the entity it narrows, no relation or cause
    between them ("bypass surgery", not "due to varices")."""
    return (
        entity.entity
        and not name.entity
        and not any(view.phrase(kind, name.start, entity.start) for kind in ("relation", "cause"))
    )


def _nested(view: CriterionView, parts: list[Part]) -> list[Part]:
    """Parts in text order, an entity and a measure inside the other's words joined with `and`: one
    item of the criterion ("Leukopenia < 3000/uL": the condition inside its unresolved threshold;
    "NYHA class III or IV heart failure"), so that the words after the item, not inside it, join it
    to the next ("..., thrombocytopenia < ...")."""
    result: list[Part] = []
    for part in parts:
        outer = result[-1] if result else None
        if outer is None or outer.entity == part.entity:
            result.append(part)  # two entities, or two measures, in one phrase: two items
        elif outer.start <= part.start and part.end <= outer.end and _names(view, outer, part):
            expr = both(outer.expr, part.expr)
            result[-1] = Part(outer.start, outer.end, expr, outer.entity or part.entity)
        elif part.start <= outer.start and outer.end <= part.end and _names(view, part, outer):
            expr = both(outer.expr, part.expr)
            result[-1] = Part(part.start, part.end, expr, outer.entity or part.entity)
        elif outer.start < part.start < outer.end < part.end and _sited(view, outer, part):
            # "pancreatic surgery, or chronic pancreatitis": the name narrows the first member only
            expr = narrowed(part.expr, (part.start, outer.end), outer.expr)
            result[-1] = Part(outer.start, part.end, expr, True)
        else:
            result.append(part)
    return result


def _one_phrase(gap: str) -> bool:
    """Whether the words between two entities leave them in one phrase: at most a word, no list
    mark ("diabetic foot ulcer", "diabetes ketoacidosis", "the local anesthetic lidocaine")."""
    return (
        len(gap.split()) <= 1
        and not CONJUNCTION.search(gap)
        and not any(mark in gap for mark in "():")
    )


def _phrased(text: str, parts: list[Part]) -> list[Part]:
    """Two entities in one phrase are one item of their list, both said of it: "diabetic foot
    ulcer" is diabetes and an ulcer, never either; "the local anesthetic scandicaine or lidocaine"
    lists two items."""
    result: list[Part] = []
    for part in parts:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.entity
            and part.entity
            and part.start > previous.end
            and _one_phrase(text[previous.end : part.start])
        ):
            result[-1] = Part(previous.start, part.end, both(previous.expr, part.expr), True)
        else:
            result.append(part)
    return result


def join(view: CriterionView, parts: list[Part]) -> ast.Node:
    """Join parts in text order: `or` where the text between says or (", or" anywhere in it), opens
    or ends with it, or lists exclusions (", and", "and any ..."), else `and`; a bracket between
    them ("> 126 mg/dL (7.0 mmol/L) or ...", a unit restated) is not read."""
    text = view.text
    parts = _phrased(
        text,
        _nested(
            view,
            relative_clauses(
                view, qualified_items(view, text, sorted(parts, key=lambda p: p.start))
            ),
        ),
    )
    gaps = [
        unbracketed(text[a.end : b.start]) if b.start > a.end else ""
        for a, b in zip(parts, parts[1:])
    ]
    conjuncts: list[list[Part]] = [[parts[0]]]
    for number, (previous, part) in enumerate(zip(parts, parts[1:])):
        gap = gaps[number]
        if re.fullmatch(r"\s*,\s*", gap):
            following = next(
                (g for g in gaps[number + 1 :] if not re.fullmatch(r"\s*,\s*", g)), None
            )
            if following is None:  # "A on B, C, or D with E": the conjunction inside the last item
                inner = unbracketed(text[part.start : parts[-1].end])
                listed = part.entity and _COMMA_OR.search(inner) and not _AND.search(inner)
                following = " or " if listed else ""
            ending = (
                re.search(r"\betc\b", text[parts[-1].end : view.clause_end(parts[-1].end)])
                is not None
            )
            listed_or = _OR_GAP.fullmatch(following) or (
                _TRAILING_OR.search(following) and not RELATIVE_GAP.search(following)
            )  # "A, B, X and/or C": the list's one conjunction is its last
            gap = following if listed_or else (" or " if ending else gap)
        listed = view.exclusion and previous.entity and part.entity and are_alternatives(view, gap)
        graded = number == 0 and _grades(previous, part, gaps[number])
        separated = (
            view.exclusion
            and not graded
            and (
                re.match(r"\s*(?:;|,\s*(?:and|or|and/or)\b)", gap)
                or _QUANTIFIED_AND.search(gap)
                or _ITEM_GAP.fullmatch(gap)
            )
            is not None
            or _history_item(view, previous, part)
            or _new_person(view, previous, gap)
        )
        trailing_or = _TRAILING_OR.search(gap) is not None and not RELATIVE_GAP.search(
            gap
        )  # not "X that is Y or Z"
        leading_or = (_LEADING_OR.match(gap) is not None or trailing_or) and not _AND.search(gap)
        loose_or = (
            re.search(r"\bor\b", gap) is not None and not _AND.search(gap) and len(gap.split()) <= 3
        )
        comma_or = _COMMA_OR.search(gap) is not None and not _AND.search(gap)
        comma_or = comma_or and not RELATIVE_GAP.search(gap)
        or_relative = _OR_RELATIVE.search(gap) is not None and not _AND.search(gap)
        if (
            _OR_GAP.fullmatch(gap)
            or listed
            or separated
            or loose_or
            or leading_or
            or comma_or
            or or_relative
        ):
            conjuncts[-1].append(part)
        else:
            conjuncts.append([part])
    nodes = []
    for group in conjuncts:
        exprs = tuple(dict.fromkeys(p.expr for p in group))
        nodes.append(exprs[0] if len(exprs) == 1 else ast.Or(args=exprs))
    rule = nodes[0]
    for node in nodes[1:]:
        rule = both(rule, node)
    return consistent(view, rule, parts[0].start, parts[-1].end)


def consistent(view: CriterionView, rule: ast.Node, start: int, end: int) -> ast.Node:
    """A conjunction that reads as both X and not X ("non-smoker / for ex-smokers ... of smoking")
    is no reading, unless a permission wrote it ("X are not excluded": an exclusion that never
    applies, E207)."""
    permissions = ("allowance", "preference")
    if any(view.phrase(kind, start, end) for kind in permissions):
        return rule
    args = rule.args if isinstance(rule, ast.And) else (rule,)
    if any(negate(arg) in args for arg in args):
        return unresolved(
            "ambiguous",
            f"{quote(view.text[start:end], 80)!r} reads as both a requirement and its negation",
            (start, end),
        )
    return rule
