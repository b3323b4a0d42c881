"""Thresholds → comparisons, ranges, counts and grade filters of a sentence.

A comparison names the measured concept before it, shared by a list ("AST, ALT
≤ 3 x ULN"), or alternatives ("INR or aPTT"); a value right after another in
the same unit shares its subject; "(men)"/"(women)" after it makes it hold for
one sex; a whole number just before an entity counts it ("at least one
measurable lesion"); a grade next to an entity filters it. Categorical values
("HER2 positive") and an inclusion whose subject is a sex ("Female") are here too.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.mentions import reference
from eligo.compiler.names import concept_name
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
from eligo.compiler.text import clause_end, clause_start
from eligo.compiler.view import CriterionView
from eligo.datafiles import words
from eligo.facts import ThresholdFact
from eligo.grammar import ast
from eligo.lexicon import Concept
from eligo.units import LIMITS, UnitError, same_measure

# What may stand between two measured names sharing one comparison: "AST, ALT, and ALP", "INR or
# aPTT".
_NAME_GAP = re.compile(
    r"^\s*(?:\([^()]{0,20}\)\s*)?(?:,\s*)?(?:(and/or|or|and)\s+)?(?:serum\s+)?\(?$", re.I
)
_CATEGORY_AFTER = re.compile(
    r"[\s:(-]{0,3}(?:status\s*)?(?:is\s+|[:=]\s*)?(positive|negative|\+|-)(?![A-Za-z])", re.I
)
_CATEGORY_BEFORE = re.compile(r"(positive|negative)[\s-]{1,2}$", re.I)
_DEFINED_STATUS = re.compile(r"\b(?:defined|known|documented|confirmed|available)\s+$", re.I)
_QUANTIFIER = re.compile(r"\s*(?:of\s+)(?:the\s+)?(?:following|these|those|them)\b", re.I)
# "Serum LDL-C ≥ 2.6 mmol/L": the specimen a named measure is read in, part of its name.
_SPECIMEN = re.compile(r"\b(?:serum|plasma)\s+$", re.I)
# "(men)", "in women", "\[male\]" (CT.gov's escaped bracket) after a comparison: its sex.
_SEX_AFTER = re.compile(r"\s*(?:\\?[(\[]\s*(?:in\s+|for\s+)?|(?:in|for)\s+)([A-Za-z]+)\b", re.I)
_COUNTED = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?=\w)")
_SCALE = re.compile(
    r"\b(?:class|grade|stage|type|score|level|cycle|phase)\b|(?-i:\b[IV]{1,4}\b)", re.I
)
_SEX_WORD = r"(males?|men|man|females?|women|woman)"
_SEX_START = re.compile(rf"\W*{_SEX_WORD}\b(?:\s*(?:and|or|and/or|/|,)\s*{_SEX_WORD}\b)?", re.I)
_NOT_AGE = re.compile(r"\b(?:onset|diagnosis|duration|since|history)\b[^.;\d]{0,30}$", re.I)
_UNIT_TOKEN = (
    r"(?:(?!(?:and/or|or/and|and|or)(?![\w/]))[A-Za-z]*[/^²\\][A-Za-z0-9²^\\/.]*|"
    rf"{phrases.alternation(words('eligo.compiler.data', 'unit_words'))})"
)
_UNREAD_UNIT = re.compile(rf"(?:[\s(]*{_UNIT_TOKEN}(?![\w-])\)?)+", re.I)
# "Active tuberculosis, or UACR >= 3000 mg/g": an unknown measure's own words follow the
# coordinator.
_COORDINATED = re.compile(r"[,;]\s+(?:(?:and/or|or)\s+)?|\s(?:and/or|or)\s+", re.I)
_RESTATED = re.compile(r"^\s*[(\[]\s*$")
# What may stand between two values sharing one subject: a bracket, the sex the first holds for
# ("< 11 g/dL for men and < 10 g/dL for women"), a coordinator; CT.gov escapes brackets and
# comparators with a backslash ("\< 10 g/dL \[female\]").
_ELIDED = re.compile(
    rf"^\s*(?:\\?[(\[][^()\[\]]*\\?[)\]]\s*)*(?:(?:in|for)\s+{_SEX_WORD}\s*)?(?:,\s*)?"
    r"(?:(and/or|or|and)\s+)?\\?$",
    re.I,
)


def fits(unit: str | None, concept: Concept) -> bool:
    """Whether a comparison's unit can measure the concept (no unit, a multiple of a normal limit,
    one dimension, or a concentration by substance of a concept kept by mass)."""
    if unit is None or unit in LIMITS:
        return True
    if concept.unit is None:
        return False
    try:
        return same_measure(unit, concept.unit)
    except UnitError:
        return False


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


def measured_subjects(
    view: CriterionView, threshold: ThresholdFact, start: int, end: int, floor: int
) -> tuple[list[str], bool]:
    """The measured concepts a comparison at [start, end) is about, and whether they are
    alternatives.

    The threshold's own concept when the lexicon knows it as a measure, else the measure named
    inside the threshold or just before it (no other value between); measures listed before it share
    it ("AST, ALT, and ALP ≤ 3 x ULN").
    """
    own = view.lexicon.lookup(threshold.concept) if threshold.concept else None
    number = re.search(r"\d", view.text[start:end])
    if (
        own is not None
        and own.id == "age"
        and _NOT_AGE.search(view.text, floor, start + (number.start() if number else 0))
    ):
        return [], False  # "Age of onset greater than 45", "Duration of symptoms > 1 year": no age
    fitting = [
        m
        for m in view.measured(floor, end)
        if fits(threshold.unit, m[0]) and can_name(view, m, start, end)
    ]
    if own is not None and own.kind in MEASURED_KINDS and fits(threshold.unit, own):
        chosen = [m for m in fitting if m[0].id == own.id] or [(own, start, start)]
    else:
        chosen = fitting
    if not chosen:
        return [], False
    anchor = chosen[-1]
    subjects, alternatives = [anchor], False
    for concept, m_start, m_end in reversed([m for m in fitting if m[2] <= anchor[1]]):
        gap = _NAME_GAP.match(view.text[m_end : subjects[0][1]])
        if gap is None:
            break
        alternatives = alternatives or (gap.group(1) or "").lower() in ("or", "and/or")
        subjects.insert(0, (concept, m_start, m_end))
    return list(dict.fromkeys(c.id for c, _, _ in subjects)), alternatives


def can_name(view: CriterionView, measured: tuple[Concept, int, int], start: int, end: int) -> bool:
    """Whether a measured mention can be what the comparison at [start, end) compares: inside it, or
    just before."""
    m_start, m_end = measured[1], measured[2]
    if start <= m_start < end:
        return True
    gap = view.text[m_end:start]
    return m_end <= start and len(gap) <= 60 and not re.search(r"[\d<>=≤≥;]|\.\s", gap)


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
            and phrases.pattern("counted").search(view.text, t_end, t_end + 40)
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
        if not subjects:
            own = _own_start(view.text, t_start, t_end)
            what = quote(view.text[own:t_end])
            first = clause_start(view.text, t_start, start) if own == t_start else own
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


def unread_unit(
    view: CriterionView, group: list[ThresholdFact], subjects: list[str], end: int
) -> tuple[list[ThresholdFact], int]:
    """ "BMI 19-32 kilogram/square meter (kg/m²)", "kg/m\\^2": a unit the parser did not read, right
    after the value of one known measure, is that measure's own unit (a unitless value would compare
    with no reading); and where the comparison ends."""
    concept = view.lexicon.get(subjects[0]) if len(subjects) == 1 else None
    unit = _UNREAD_UNIT.match(view.text, end)
    if (
        concept is None
        or concept.unit is None
        or unit is None
        or any(t.unit is not None for t in group)
    ):
        return group, end
    return [t.model_copy(update={"unit": concept.unit}) for t in group], unit.end()


def measures_named(
    view: CriterionView, found: list[EntityHit], start: int, end: int, limit: int
) -> set[int]:
    """The entities an uncompiled measure names (before an instrument: "PTSD Symptom Scale score >
    16") or is of ("33% of biopsy cores"); not the entity it quantifies ("hemoptysis (defined as ≥
    2.5 mL ...)")."""
    named = {
        index
        for index, item in enumerate(found)
        if start <= item.start < end
        and phrases.pattern("instrument").search(view.text, item.end, end)
    }
    if not re.match(r"\s*of\b", view.text[end:]):
        return named
    stop = clause_end(view.text, end, limit)
    return named | {index for index, item in enumerate(found) if end <= item.start < stop}


def shares_subject(
    view: CriterionView,
    previous: tuple[int, str | None, list[str], bool],
    threshold: ThresholdFact,
    start: int,
) -> bool:
    """ "<4,000 cells/μL or >14,000 cells/μL": a value right after another, in the same unit, shares
    its subject."""
    p_end, p_unit, _, _ = previous
    if not _ELIDED.match(view.text[p_end:start]):
        return False
    try:
        return p_unit == threshold.unit or (
            p_unit is not None
            and threshold.unit is not None
            and same_measure(p_unit, threshold.unit)
        )
    except UnitError:
        return False


def restates(
    view: CriterionView,
    compared: tuple[int, list[ThresholdFact], list[str], bool],
    group: list[ThresholdFact],
    start: int,
) -> bool:
    """ "LDL-C ≥ 1.8 mmol/L (≥ 70 mg/dL)": a comparison in a bracket right after the last one, with
    its operators and a unit measuring the same thing, restates it in other units."""
    end, before, _, _ = compared
    if not _RESTATED.match(view.text[end:start]) or [t.op for t in group] != [t.op for t in before]:
        return False
    units = [(t.unit, b.unit) for t, b in zip(group, before)]
    try:
        return all(
            a is not None and b is not None and a != b and same_measure(a, b) for a, b in units
        )
    except UnitError:
        return False


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
        elif _DEFINED_STATUS.search(view.text, 0, m_start) and re.match(
            r"\s*(?:\([^)]*\)\s*)?status\b", view.text[m_end:]
        ):
            values = (ast.Category(value="positive"), ast.Category(value="negative"))
            parts.append(Part(m_start, m_end, ast.InSet(concept=concept, values=values)))
    return parts


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
        or phrases.pattern("clause").search(view.text, match.end(), max(end, sentence_end))
    ):
        return []
    spans = [relative(m.span, view.base) for m in view.facts.mentions]
    if any(a <= match.start(1) < b for a, b in spans):
        return []  # "Women of childbearing potential" is a concept
    sexes = tuple(
        dict.fromkeys(
            phrases.value("sex", word) for word in (match.group(1), match.group(2)) if word
        )
    )
    values = tuple(ast.Category(value=sex) for sex in sexes)
    node: ast.Node = (
        ast.InSet(concept="sex", values=values)
        if len(values) > 1
        else ast.Compare(concept="sex", op="=", value=values[0])
    )
    return [Part(match.start(1), match.end(), node)]
