"""Thresholds → comparisons, ranges, counts and grade filters of a sentence.

A comparison names the measured concept before it, shared by a list ("AST, ALT
≤ 3 x ULN"), or alternatives ("INR or aPTT"); a pair of values compares two
measures ("BP > 140/90", joined as its members' fact says); a value right after
another in the same unit shares its subject; "(men)"/"(women)" after it makes it hold for
one sex; a whole number just before an entity counts it ("at least one
measurable lesion"); a grade next to an entity filters it. Which concepts a
comparison measures is `subjects.py`; categorical values ("HER2 positive") and
an inclusion whose subject is a sex ("Female") are `categories.py`.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.lasting import lasted_node, lasting_condition
from eligo.compiler.parts import (
    MEASURED_KINDS,
    EntityHit,
    Part,
    quantity,
    quote,
    relative,
    skip_aside,
    unresolved,
)
from eligo.compiler.provenance import locate, stretch
from eligo.compiler.references import reference
from eligo.compiler.subjects import measured_subjects, restates, shares_subject, unread_unit
from eligo.compiler.view import CriterionView
from eligo.datafiles import patterns
from eligo.facts import ThresholdFact
from eligo.grammar import ast

_OR_BRACKET = patterns("eligo.compiler.data", "join_cues.jsonl")["or_bracket"]
_QUANTIFIER = re.compile(r"\s*(?:of\s+)(?:the\s+)?(?:following|these|those|them)\b", re.I)
# "Serum LDL-C ≥ 2.6 mmol/L": the specimen a named measure is read in, part of its name.
_SPECIMEN = re.compile(r"\b(?:serum|plasma)\s+$", re.I)
# "Stimulated C-peptide > 0.2 nmol/L", "post-load glucose": a reading after a challenge, another
# test than the resting value a record holds, so the comparison is not compiled.
_PROVOKED = re.compile(
    r"\b(?:stimulated|provoked|post-?challenge|post-?load|post-?prandial|postprandial)\s+$", re.I
)
# "(men)", "in women", "\[male\]" (CT.gov's escaped bracket) after a comparison: its sex.
_SEX_AFTER = re.compile(r"\s*(?:\\?[(\[]\s*(?:in\s+|for\s+)?|(?:in|for)\s+)([A-Za-z]+)\b", re.I)
_COUNTED = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?=\w)")
_SCALE = re.compile(
    r"\b(?:class|grade|stage|type|score|level|cycle|phase)\b|(?-i:\b[IV]{1,4}\b)", re.I
)
# "Active tuberculosis, or UACR >= 3000 mg/g": an unknown measure's own words follow the
# coordinator.
_COORDINATED = re.compile(r"[,;]\s+(?:(?:and/or|or)\s+)?|\s(?:and/or|or)\s+", re.I)


def thresholds_by_span(
    view: CriterionView, start: int, end: int
) -> dict[tuple[int, int], list[ThresholdFact]]:
    """Thresholds of [start, end) by span; "at least 1 of the following" quantifies sub-items, not a
    value."""
    by_span: dict[tuple[int, int], list[ThresholdFact]] = {}
    for threshold in view.facts.thresholds:
        span = relative(threshold.span, view.base)
        if not start <= span[0] < end:
            continue
        if _QUANTIFIER.match(view.text, span[1]):
            continue
        by_span.setdefault(span, []).append(threshold)
    return dict(sorted(by_span.items()))


def sex_after(view: CriterionView, end: int) -> str | None:
    """ "(men)", "in women" right after a comparison, or after its unit in brackets ("(msec)
    (men)"): its sex."""
    for position in (end, skip_aside(view.text, end)):
        match = _SEX_AFTER.match(view.text, position)
        sex = phrases.value("sex", match.group(1)) if match else None
        if sex is not None:
            return sex
    return None


def compare_all(
    view: CriterionView, group: list[ThresholdFact], subjects: list[str], alternatives: bool
) -> ast.Node:
    nodes = [compare_one(view, concept, group) for concept in subjects]
    if len(nodes) == 1:
        return nodes[0]
    return ast.Or(args=tuple(nodes)) if alternatives else ast.And(args=tuple(nodes))


def compare_one(view: CriterionView, concept: str, group: list[ThresholdFact]) -> ast.Node:
    lows = [t for t in group if t.op in (">=", ">")]
    highs = [t for t in group if t.op in ("<=", "<")]
    if (
        len(group) == 2
        and len(lows) == 1
        and len(highs) == 1
        and lows[0].op == ">="
        and highs[0].op == "<="
    ):
        low, high = lows[0], highs[0]
        return ast.InRange(
            concept=concept, low=quantity(low.value, low.unit), high=quantity(high.value, high.unit)
        )
    nodes = [ast.Compare(concept=concept, op=t.op, value=quantity(t.value, t.unit)) for t in group]
    return nodes[0] if len(nodes) == 1 else ast.And(args=tuple(nodes))


def paired(view: CriterionView, group: list[ThresholdFact]) -> ast.Node:
    """A pair of values ("BP > 140/90 mmHg"): each member compares its own measure, joined as the
    pair's fact says (`and` within the limit, `or` beyond it: `eligo/parser/pairs.py`)."""
    nodes = [
        ast.Compare(concept=known.id, op=member.op, value=quantity(member.value, member.unit))
        for member in group
        if member.concept and (known := view.lexicon.lookup(member.concept)) is not None
    ]  # the members are lexicon measures (`value_pairs`)
    return ast.Or(args=tuple(nodes)) if group[0].joined == "or" else ast.And(args=tuple(nodes))


def counted_entity(
    view: CriterionView, group: list[ThresholdFact], found: list[EntityHit], start: int, end: int
) -> int | None:
    """`at least one measurable lesion`: the entity a unitless whole-number threshold counts, right
    after it."""
    if any(
        t.unit is not None
        or not isinstance(t.value, int | float)
        or not float(t.value).is_integer()
        for t in group
    ):
        return None
    own = view.lexicon.lookup(group[0].concept) if group[0].concept else None
    if (own is not None and own.kind in MEASURED_KINDS) or _SCALE.search(view.text, start, end):
        return None  # "class IV heart failure", "grade 2 infection": a level of it, not how many
    for index, item in enumerate(found):
        if 0 <= item.start - end <= 40 or (
            start <= item.start < end
            and re.search(
                r"\d|\b(?:one|two|three|four|five|first|second|third)\b",
                view.text[start : item.end],
                re.I,
            )
        ):
            return index
    return None


def _own_start(text: str, start: int, end: int) -> int:
    """Where a comparison of an unknown measure starts: after the last coordinator before its
    number ("Active X, or UACR >= 3000": the alternative is only 'UACR >= 3000', never joined
    to X with `and`)."""
    number = re.search(r"[\d<>≤≥=]", text[start:end])
    stop = start + (number.start() if number else 0)
    separators = list(_COORDINATED.finditer(text, start, stop))
    return separators[-1].end() if separators else start


def measure_parts(
    view: CriterionView,
    start: int,
    end: int,
    found: list[EntityHit],
    windows,
    setting: tuple[ast.Filter, ...],
) -> tuple[list[Part], dict[int, list[ast.Filter]], set[int]]:
    """Comparisons, ranges and counts; a grade next to an entity filters it.

    Returns the parts, the filters by entity index and the entities counted.
    """
    parts: list[Part] = []
    filters: dict[int, list[ast.Filter]] = {}
    counted: set[int] = set()
    sexed: dict[str, list[Part]] = {}
    previous: tuple[int, str | None, list[str], bool] | None = None
    compared: tuple[int, list[ThresholdFact], list[str], bool] | None = None  # the last part's
    for (t_start, t_end), group in thresholds_by_span(view, start, end).items():
        index = counted_entity(view, group, found, t_start, t_end)
        if index is not None:
            counted.add(index)
            entity = reference(view, found[index], setting)
            window = next(
                (
                    w
                    for w, w_start, _ in windows
                    if found[index].end <= w_start and isinstance(w, ast.Window)
                ),
                None,
            )
            nodes = [
                ast.Count(entity=entity, window=window, op=t.op, value=int(t.value)) for t in group
            ]
            parts.append(
                Part(
                    t_start,
                    max(t_end, found[index].end),
                    nodes[0] if len(nodes) == 1 else ast.And(args=tuple(nodes)),
                    entity=True,
                )
            )
            continue
        if group[0].joined is not None:
            parts.append(Part(t_start, t_end, locate(paired(view, group), (t_start, t_end))))
            previous = compared = None
            continue
        subjects, alternatives = measured_subjects(view, group[0], t_start, t_end, start)
        if not subjects and compared is not None and restates(view, compared, group, t_start):
            # "≥ 1.8 mmol/L (≥ 70 mg/dL)": the same bound again, used by the comparison it restates
            last = parts[-1]
            parts[-1] = Part(last.start, t_end, stretch(last.expr, compared[0], t_end))
            compared = None
            continue
        if (
            group[0].unit is None
            and _COUNTED.match(view.text, t_end)
            and view.phrase("counted", t_end, t_end + 40)
        ):
            # "an average of ≥ 3 BP readings": a count of measurements, not a blood pressure
            subjects = []
        elif (
            not subjects
            and previous is not None
            and shares_subject(view, previous, group[0], t_start)
        ):
            subjects, alternatives = previous[2], previous[3]
        previous = (t_end, group[0].unit, subjects, alternatives) if subjects else None
        near = entity_near(view, found, t_start, t_end)
        if subjects and subjects[-1].endswith("grade") and near is not None:
            filters.setdefault(near, []).extend(
                ast.Filter(
                    attribute="grade", op=t.op, value=quantity(t.value, None), span=(t_start, t_end)
                )
                for t in group
            )
            continue
        lasting = (
            lasted_node(reference(view, found[near], setting), group, (t_start, t_end))
            if not subjects
            and near is not None
            and lasting_condition(found[near], (t_start, t_end))
            else None
        )
        if lasting is not None:
            parts.append(Part(t_start, t_end, lasting))  # "Diabetes duration >= 1 year"
            continue
        if not subjects:
            own = _own_start(view.text, t_start, t_end)
            what = quote(view.text[own:t_end])
            first = view.clause_start(t_start, start) if own == t_start else own
            alternative = list(_OR_BRACKET.finditer(view.text, first, t_start))
            first = alternative[-1].end() if alternative else first  # "X (or equivalent) 20 mg"
            detail = f"{what!r}: what it measures is not a known concept"
            node: ast.Node = unresolved("unsupported", detail, (first, t_end))
            parts.append(Part(own, t_end, node))
            counted.update(measures_named(view, found, t_start, t_end, end))
            continue
        group, t_end = unread_unit(view, group, subjects, t_end)
        named = [
            m_start
            for concept, m_start, _ in view.measured(start, t_end)
            if concept.id in subjects and m_start <= t_start
        ]
        first = min(named, default=t_start)
        provoked = _PROVOKED.search(view.text, 0, first)
        if provoked is not None:
            detail = (
                f"{quote(view.text[provoked.start() : t_end])!r}: a reading after a challenge, "
            )
            detail += "which a record's value does not tell apart"
            parts.append(
                Part(
                    provoked.start(),
                    t_end,
                    unresolved("unsupported", detail, (provoked.start(), t_end)),
                )
            )
            compared = None
            continue
        specimen = _SPECIMEN.search(view.text, 0, first)
        node = locate(
            compare_all(view, group, subjects, alternatives),
            (specimen.start() if specimen else first, t_end),
        )
        sex = sex_after(view, t_end)
        part = Part(t_start, t_end, node)
        if sex is not None:
            sexed.setdefault(sex, []).append(part)
            compared = None
        else:
            parts.append(part)
            compared = (t_end, group, subjects, alternatives)
    if sexed:
        parts.append(by_sex(view, sexed))
    return parts, filters, counted


def measures_named(
    view: CriterionView, found: list[EntityHit], start: int, end: int, limit: int
) -> set[int]:
    """The entities an uncompiled measure names (before an instrument: "PTSD Symptom Scale score >
    16") or is of ("33% of biopsy cores"); not the entity it quantifies ("hemoptysis (defined as ≥
    2.5 mL ...)")."""
    named = {
        index
        for index, item in enumerate(found)
        if start <= item.start < end and view.phrase("instrument", item.end, end)
    }
    if not re.match(r"\s*of\b", view.text[end:]):
        return named
    stop = view.clause_end(end, limit)
    return named | {index for index, item in enumerate(found) if end <= item.start < stop}


def by_sex(view: CriterionView, sexed: dict[str, list[Part]]) -> Part:
    """Comparisons that differ by sex ("> 450 ms (men) or > 470 ms (women)") as one part, sound
    either way round."""
    branches = []
    for sex, parts in sexed.items():
        test = ast.Compare(concept="sex", op="=", value=ast.Category(value=sex))
        body = parts[0].expr if len(parts) == 1 else ast.And(args=tuple(p.expr for p in parts))
        branches.append(
            ast.And(args=(test, body)) if view.exclusion else ast.If(condition=test, then=body)
        )
    every = [p for ps in sexed.values() for p in ps]
    start, end = min(p.start for p in every), max(p.end for p in every)
    if len(branches) == 1:
        return Part(start, end, branches[0])
    return Part(
        start,
        end,
        ast.Or(args=tuple(branches)) if view.exclusion else ast.And(args=tuple(branches)),
    )


def entity_near(view: CriterionView, found: list[EntityHit], start: int, end: int) -> int | None:
    """The index of the entity mention in the same clause as [start, end), nearest first; not one
    inside a bracketed aside that closes before the comparison ("AEs (excluding alopecia) ... grade
    1": the AEs)."""
    best = None
    for index, item in enumerate(found):
        gap = view.text[min(item.end, end) : max(item.start, start)]
        if (
            re.search(r"[;.]", gap)
            or len(gap) > 80
            or (item.end <= start and gap.count(")") > gap.count("("))
        ):
            continue
        distance = abs(item.start - start)
        if best is None or distance < best[0]:
            best = (distance, index)
    return best[1] if best else None
