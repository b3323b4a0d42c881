"""One criterion's facts → one rule expression; what cannot be compiled stays `unresolved`.

The facts are positioned pieces of the criterion text: thresholds, windows,
concept mentions (negated or not) and cues. A criterion is compiled sentence by
sentence (`text.py`). Within a sentence the rule is assembled by position: a
comparison names the measured concept before it (shared by a list: "AST, ALT
≤ 3 x ULN"), mentions joined by list punctuation become one `has any(...)`, a
window binds to the mentions just before it, a grade threshold next to a
mention filters it, an exception cue moves the mentions it governs into
`except`, a conditional clause becomes `if`, and the remaining parts are joined
by the connective written between them. Words around the facts
(`phrases.py`) say what the facts alone do not: "only", "treatment for X",
"expected to", a washout, an allergen, a need, a cause, a cohort.

Inclusions and exclusions read differently: an exclusion is met when any of its
listed items is present ("X within 3 weeks and Y within 2 weeks" excludes
either), its conditions are conjunctions (excluded if the condition holds and
the rest does), and an obligation in it ("must have ...") is met when the
obligation is not. What is left unexplained becomes `unresolved`, never
dropped, joined so the rule stays sound (`logic.py`): an uncompiled qualifier
is a further requirement (`and unresolved`), an uncompiled exception of an
inclusion a further way to qualify (`or unresolved`), of an exclusion a further
condition of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eligo.annotations import Threshold
from eligo.compiler import phrases
from eligo.compiler.logic import Outcome, both, conjunctive, either, exists_of, negate, outcome, worse
from eligo.compiler.names import concept_name, future_anchor, known_anchor, members
from eligo.compiler.text import EXCEPTION_LIST, clause_end, clause_start, sentences
from eligo.grammar import ast
from eligo.lexicon import Concept, Lexicon
from eligo.parser.facts import CriterionFacts, Cue, Mention
from eligo.units import LIMITS, UnitError, dimension

ENTITY_TYPES = {"condition", "treatment", "procedure", "event"}
MEASURED_KINDS = {"demographic", "score", "observation"}
ALLERGY, STUDY_DRUG_ALLERGY, STUDY_DRUG = "allergy", "study_drug_allergy", "investigational_agent"
STATUS_WORDS = ("uncontrolled", "active", "untreated", "symptomatic", "unresolved", "ongoing")

# What may stand between two mentions of one list: punctuation, and/or, brackets, and a couple of modifiers.
_LIST_GAP = re.compile(r"^[\s,/;()]*(?:(?:and/or|or|and|nor|as well as|including|such as|e\.g\.,?|i\.e\.,?)\s*[\s,/()]*)?(?:[A-Za-z-]{1,14}\s+){0,2}$", re.I)
_CONJUNCTION = re.compile(r"[,/;]|\b(?:and|or|nor)\b", re.I)
# What may stand between two measured names sharing one comparison: "AST, ALT, and ALP", "INR or aPTT".
_NAME_GAP = re.compile(r"^\s*(?:\([^()]{0,20}\)\s*)?(?:,\s*)?(?:(and/or|or|and)\s+)?(?:serum\s+)?\(?$", re.I)
_OR_GAP = re.compile(r"[\s,;)\]]*(?:or|and/or|nor|/)[\s,]*(?:(?:any|other|a|an|the)\s+)?", re.I)
_CATEGORY_AFTER = re.compile(r"[\s:(-]{0,3}(?:status\s*)?(?:is\s+|[:=]\s*)?(positive|negative|\+|-)(?![A-Za-z])", re.I)
_CATEGORY_BEFORE = re.compile(r"(positive|negative)[\s-]{1,2}$", re.I)
_TEST_BEFORE = re.compile(r"\b(negative|positive)\s+(?:(?:serum|blood|urine|screening)\s+)?$", re.I)
_TEST_AFTER = re.compile(
    r"(?:\s*[-:]?\s*|\s+(?:[\w()\[\]-]+\s+){0,5}?(?:antibody|antigen|serology|test|screen|result|status|pcr)\w*\s+(?:(?:result|is|was)\s+){0,2})(negative|positive)\b",
    re.I,
)
_DEFINED_STATUS = re.compile(r"\b(?:defined|known|documented|confirmed|available)\s+$", re.I)
_INTERVAL_CUE = re.compile(r"\b(?:interval|time)\s+(?:between|from)\b", re.I)
_END_OF = re.compile(r"\b(?:end|completion|last dose)\s+of\s+(?:the\s+)?$", re.I)
_QUANTIFIER = re.compile(r"\s*(?:of\s+)(?:the\s+)?(?:following|these|those|them)\b", re.I)
_ROLE = re.compile(r"(?<!such )(?<!well )\bas\s+(?:the\s+|a\s+|an\s+)?$", re.I)
_SEX_AFTER = re.compile(r"\s*(?:[(\[]\s*(?:in\s+|for\s+)?|(?:in|for)\s+)([A-Za-z]+)\b", re.I)
# "preparing for or have previously undergone X": the record holds X, planned or past.
_PAST_ALTERNATIVE = re.compile(r"\s+or\s+(?:have|has|had)\b", re.I)
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,%])")
_NOTE = re.compile(r"\W*note\b", re.I)
_NEGATED_CUE = re.compile(r"\b(?:cannot|can\s?not|not|never)\s+$", re.I)
_RELATIVE = re.compile(r"\b(?:who|that|which)\s+$", re.I)
_FOR_CONCEPT = re.compile(r"\W*(?:note\s*:\s*)?\b(for|in)\s+", re.I)
_FOR_AFTER = re.compile(r"\s+(?:for|in)\s+(?:patients\s+with\s+)?(?=\w)", re.I)
_SUBJECT_ONLY = re.compile(r"(?:\W|\b(?:the|a|an|is|are|has|have|must|should|will|be|who|and|or|of)\b)*", re.I)
_COUNTED = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?=\w)")
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:(?:and/or|or|and)\s+)?|;\s*|\s(?:and/or|or|and)\s+)", re.I)
_INTRODUCER = re.compile(r":|\b(?:including|such as|e\.g\.|i\.e\.|like|especially)\b", re.I)
_SCALE = re.compile(r"\b(?:class|grade|stage|type|score|level|cycle|phase)\b|(?-i:\b[IV]{1,4}\b)", re.I)
_SEX_WORD = r"(males?|men|man|females?|women|woman)"
_SEX_START = re.compile(rf"\W*{_SEX_WORD}\b(?:\s*(?:and|or|and/or|/|,)\s*{_SEX_WORD}\b)?", re.I)
_NON = re.compile(r"(?<![\w-])non-(?=\w)", re.I)
_TEST_WORD = re.compile(r"\s*(?:antibody|antigen|serology|test|screen|result|status|pcr|rna|dna)\b", re.I)
_EXAMPLES = re.compile(r"[,;]?\s*(?:such as|including|e\.g\.|for example|i\.e\.)", re.I)
_RELATIVE_CLAUSE = re.compile(r"\s*(?:which|that|who|whose|and\s+(?:has|have|is|are|was|were))\b", re.I)
_RELATIVE_GAP = re.compile(r"\b(?:who|whose|which|that|requiring)\b", re.I)
_RATIONALE_BRACKET = re.compile(r"[(\[]\s*(?:to|since|because|as|given|in order to|due to)\b", re.I)
# words that place a window in time; without them "History of interstitial cystitis less than 6 months" is a duration
_DATED = re.compile(r"\b(?:ago|prior|before|previous|preceding|past|last|within|since|after|following|during|until|recent(?:ly)?)\b", re.I)
_NOT_AGE = re.compile(r"\b(?:onset|diagnosis|duration|since|history)\b[^.;\d]{0,30}$", re.I)
_NOTE_BRACKET = re.compile(r"[(\[]\s*(?:if|note|when|unless)\b", re.I)
_SKIP = re.compile(r"\s*(?:\([^()]*\)\s*)?")
_ELIDED = re.compile(r"^\s*(?:\([^()]*\)\s*)*(?:,\s*)?(?:(and/or|or|and)\s+)?$", re.I)


@dataclass
class Part:
    """A compiled piece of the criterion with the text range it came from; `entity` for `has`/`count`."""

    start: int
    end: int
    expr: ast.Node
    entity: bool = False


@dataclass
class Found:
    """An entity mention in criterion coordinates, with its negation as the compiler reads it."""

    mention: Mention
    start: int
    end: int
    negated: bool


def _relative(span: tuple[int, int], base: int) -> tuple[int, int]:
    return span[0] - base, span[1] - base


def _quantity(value, unit) -> ast.Quantity | ast.Category:
    if isinstance(value, str):
        return ast.Category(value=value)
    return ast.Quantity(value=value, unit=unit)


def _quote(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _repeated(parts: list[Part]) -> list[Part]:
    """"Vaccination with a live ... vaccine within 14 days": a mention repeated without the window it has once."""
    windowed = {p.expr.entities for p in parts if isinstance(p.expr, ast.Exists) and p.expr.window is not None}
    return [p for p in parts if not (isinstance(p.expr, ast.Exists) and p.expr.window is None and p.expr.entities in windowed)]


def _fits(unit: str | None, concept: Concept) -> bool:
    """Whether a comparison's unit can measure the concept (no unit, a multiple of a normal limit, or one dimension)."""
    if unit is None or unit in LIMITS:
        return True
    if concept.unit is None:
        return False
    try:
        return dimension(unit) == dimension(concept.unit)
    except UnitError:
        return False


class CriterionCompiler:
    """Compiles one criterion; `compile()` returns the rule and its unresolved parts.

    `targets` are the conditions the protocol's inclusions require (the trial's disease):
    "other malignancy" means a malignancy other than those.
    """

    def __init__(self, facts: CriterionFacts, targets: frozenset[str] = frozenset()):
        self.facts = facts
        self.exclusion = facts.criterion.kind == "exclusion"
        self.base = facts.criterion.span[0]
        self.text = facts.criterion.text
        self.targets = targets
        self.lexicon = Lexicon.load()
        self.cues = [(c, *_relative(c.span, self.base)) for c in facts.cues]
        self.setting: list[ast.Filter] = []
        self.sentences = sentences(self.text)

    # --- facts of a range ---------------------------------------------------------------------
    def _sentence_of(self, position: int) -> tuple[int, int]:
        """The sentence that holds `position` (the end of the text belongs to the last one)."""
        return next(((s, e) for s, e in self.sentences if s <= position <= e), (0, len(self.text)))

    def _cues(self, category: str, start: int = 0, end: int | None = None) -> list[tuple[Cue, int, int]]:
        end = len(self.text) if end is None else end
        return [c for c in self.cues if c[0].category == category and start <= c[1] < end]

    def _mentions(self, start: int, end: int, kinds: set[str]) -> list[tuple[Mention, int, int]]:
        found = []
        for mention in self.facts.mentions:
            m_start, m_end = _relative(mention.span, self.base)
            if start <= m_start < end and mention.type in kinds:
                found.append((mention, m_start, m_end))
        return sorted(found, key=lambda m: m[1])

    def _measured(self, start: int, end: int) -> list[tuple[Concept, int, int]]:
        """Mentions of measured concepts (observations, scores, age) in [start, end)."""
        found = []
        for mention, m_start, m_end in self._mentions(start, end, set(MEASURED_KINDS)):
            concept = self.lexicon.get(mention.concept)
            if concept is not None:
                found.append((concept, m_start, m_end))
        return found

    def _unresolved(self, reason: str, detail: str) -> ast.Unresolved:
        return ast.Unresolved(reason=reason, detail=detail[:500])

    def _phrase_before(self, category: str, start: int, floor: int, words: int = 3) -> re.Match | None:
        """A phrase of `category` at most `words` words before `start`, in the same clause."""
        begin = clause_start(self.text, start, floor)
        pattern = phrases.pattern(category)
        for match in pattern.finditer(self.text, begin, start):
            between = self.text[match.end() : start]
            if len(between.split()) <= words and not re.search(r"[,;.]", between):
                return match
        return None

    # --- consent and judgement ------------------------------------------------------------------
    def _requirement_cues(self, category: str) -> list[tuple[Cue, int, int]]:
        """Consent or judgement cues that are requirements: not "the time of signing informed consent", not "cannot participate"."""
        kept = []
        for cue, start, end in self._cues(category):
            before = self.text[max(0, start - 30) : start]
            if phrases.ending("consent_anchor").search(before) or _NEGATED_CUE.search(before):
                continue
            kept.append((cue, start, end))
        return kept

    def _screening_only(self) -> Outcome | None:
        """A consent or judgement criterion: one with nothing measurable, or whose predicate the cue is
        ("Participant consents to provide ...", "Female participant must agree not to breastfeed ...")."""
        measurable = bool(self.facts.thresholds or self.facts.windows)
        for category in ("judgement", "consent"):
            cues = self._requirement_cues(category)
            if cues and ((not measurable and not self._outside(cues[0])) or self._predicate(cues[0][1])):
                return outcome(self._unresolved(category, f"depends on {cues[0][0].text!r}, which no record holds"))
        return None

    def _outside(self, cue: tuple[Cue, int, int]) -> bool:
        """Whether a concept is named outside the cue's clause ("pregnant, lactating, or ... unwilling to commit to")."""
        start, end = clause_start(self.text, cue[1]), clause_end(self.text, cue[2])
        return any(not start <= m_start < end for _, m_start, _ in self._mentions(0, len(self.text), ENTITY_TYPES))

    def _predicate(self, start: int) -> bool:
        """Whether only the subject ("Participant", "WOCBP who", "Male participant must") stands before `start`."""
        clause = self._conditional(*self.sentences[0])
        before = self.text[clause[1] + 1 : start] if clause is not None and clause[1] < start else self.text[:start]
        subject = phrases.pattern("person").sub(" ", before)
        return _SUBJECT_ONLY.fullmatch(subject) is not None

    # --- thresholds ---------------------------------------------------------------------------------
    def _thresholds(self, start: int, end: int) -> dict[tuple[int, int], list[Threshold]]:
        """Thresholds of [start, end) by span; "at least 1 of the following" quantifies sub-items, not a value."""
        by_span: dict[tuple[int, int], list[Threshold]] = {}
        for threshold in self.facts.thresholds:
            span = _relative(threshold.span, self.base)
            if threshold.ignore or threshold.op is None or threshold.value is None or not start <= span[0] < end:
                continue
            if _QUANTIFIER.match(self.text, span[1]):
                continue
            by_span.setdefault(span, []).append(threshold)
        return dict(sorted(by_span.items()))

    def _subjects(self, threshold: Threshold, start: int, end: int, floor: int) -> tuple[list[str], bool]:
        """The measured concepts a comparison at [start, end) is about, and whether they are alternatives.

        The threshold's own concept when the lexicon knows it as a measure, else the measure named inside the
        threshold or just before it (no other value between); measures listed before it share it
        ("AST, ALT, and ALP ≤ 3 x ULN").
        """
        own = self.lexicon.lookup(threshold.concept) if threshold.concept else None
        number = re.search(r"\d", self.text[start:end])
        if own is not None and own.id == "age" and _NOT_AGE.search(self.text, floor, start + (number.start() if number else 0)):
            return [], False  # "Age of onset greater than 45", "Duration of symptoms > 1 year": no age
        fitting = [m for m in self._measured(floor, end) if _fits(threshold.unit, m[0]) and self._names(m, start, end)]
        if own is not None and own.kind in MEASURED_KINDS and _fits(threshold.unit, own):
            chosen = [m for m in fitting if m[0].id == own.id] or [(own, start, start)]
        else:
            chosen = fitting
        if not chosen:
            return [], False
        anchor = chosen[-1]
        subjects, alternatives = [anchor], False
        for concept, m_start, m_end in reversed([m for m in fitting if m[2] <= anchor[1]]):
            gap = _NAME_GAP.match(self.text[m_end : subjects[0][1]])
            if gap is None:
                break
            alternatives = alternatives or (gap.group(1) or "").lower() in ("or", "and/or")
            subjects.insert(0, (concept, m_start, m_end))
        return list(dict.fromkeys(c.id for c, _, _ in subjects)), alternatives

    def _names(self, measured: tuple[Concept, int, int], start: int, end: int) -> bool:
        """Whether a measured mention can be what the comparison at [start, end) compares: inside it, or just before."""
        m_start, m_end = measured[1], measured[2]
        if start <= m_start < end:
            return True
        gap = self.text[m_end:start]
        return m_end <= start and len(gap) <= 60 and not re.search(r"[\d<>=≤≥;]|\.\s", gap)

    def _sex_of(self, end: int) -> str | None:
        """"(men)", "in women" right after a comparison, or after its unit in brackets ("(msec) (men)"): its sex."""
        for position in (end, _SKIP.match(self.text, end).end()):
            match = _SEX_AFTER.match(self.text, position)
            sex = phrases.value("sex", match.group(1)) if match else None
            if sex is not None:
                return sex
        return None

    def _comparisons(self, group: list[Threshold], subjects: list[str], alternatives: bool) -> ast.Node:
        nodes = [self._comparison(concept, group) for concept in subjects]
        if len(nodes) == 1:
            return nodes[0]
        return ast.Or(args=tuple(nodes)) if alternatives else ast.And(args=tuple(nodes))

    def _comparison(self, concept: str, group: list[Threshold]) -> ast.Node:
        lows = [t for t in group if t.op in (">=", ">")]
        highs = [t for t in group if t.op in ("<=", "<")]
        if len(group) == 2 and len(lows) == 1 and len(highs) == 1 and lows[0].op == ">=" and highs[0].op == "<=":
            low, high = lows[0], highs[0]
            return ast.InRange(concept=concept, low=_quantity(low.value, low.unit), high=_quantity(high.value, high.unit))
        nodes = [ast.Compare(concept=concept, op=t.op, value=_quantity(t.value, t.unit)) for t in group]
        return nodes[0] if len(nodes) == 1 else ast.And(args=tuple(nodes))

    def _counted(self, group: list[Threshold], found: list[Found], start: int, end: int) -> int | None:
        """`at least one measurable lesion`: the entity a unitless whole-number threshold counts, right after it."""
        if any(t.unit is not None or not isinstance(t.value, int | float) or not float(t.value).is_integer() for t in group):
            return None
        own = self.lexicon.lookup(group[0].concept) if group[0].concept else None
        if (own is not None and own.kind in MEASURED_KINDS) or _SCALE.search(self.text, start, end):
            return None  # "class IV heart failure", "grade 2 infection": a level of it, not how many
        for index, item in enumerate(found):
            if 0 <= item.start - end <= 40 or (start <= item.start < end and re.search(r"\d|\b(?:one|two|three|four|five|first|second|third)\b", self.text[start : item.end], re.I)):
                return index
        return None

    def _threshold_parts(self, start: int, end: int, found: list[Found], windows) -> tuple[list[Part], dict[int, list[ast.Filter]], set[int]]:
        """Comparisons, ranges and counts; a grade next to an entity filters it.

        Returns the parts, the filters by entity index and the entities counted.
        """
        parts: list[Part] = []
        filters: dict[int, list[ast.Filter]] = {}
        counted: set[int] = set()
        sexed: dict[str, list[Part]] = {}
        previous: tuple[int, str | None, list[str], bool] | None = None
        for (t_start, t_end), group in self._thresholds(start, end).items():
            index = self._counted(group, found, t_start, t_end)
            if index is not None:
                counted.add(index)
                entity = self._reference(found[index])
                window = next((w for w, w_start, _ in windows if found[index].end <= w_start and isinstance(w, ast.Window)), None)
                nodes = [ast.Count(entity=entity, window=window, op=t.op, value=int(t.value)) for t in group]
                parts.append(Part(t_start, max(t_end, found[index].end), nodes[0] if len(nodes) == 1 else ast.And(args=tuple(nodes)), entity=True))
                continue
            subjects, alternatives = self._subjects(group[0], t_start, t_end, start)
            if group[0].unit is None and _COUNTED.match(self.text, t_end) and phrases.pattern("counted").search(self.text, t_end, t_end + 40):
                subjects = []  # "an average of ≥ 3 BP readings": a count of measurements, not a blood pressure
            elif not subjects and previous is not None and self._elided(previous, group[0], t_start):
                subjects, alternatives = previous[2], previous[3]
            previous = (t_end, group[0].unit, subjects, alternatives) if subjects else None
            near = self._entity_near(found, t_start, t_end)
            if subjects and subjects[-1].endswith("grade") and near is not None:
                filters.setdefault(near, []).extend(ast.Filter(attribute="grade", op=t.op, value=_quantity(t.value, None)) for t in group)
                continue
            if not subjects:
                what = _quote(self.text[t_start:t_end])
                node = self._unresolved("unsupported", f"{what!r}: what it measures is not a known concept")
                parts.append(Part(t_start, t_end, node))
                counted.update(self._measured_of(found, t_start, t_end, end))
                continue
            node = self._comparisons(group, subjects, alternatives)
            sex = self._sex_of(t_end)
            part = Part(t_start, t_end, node)
            if sex is not None:
                sexed.setdefault(sex, []).append(part)
            else:
                parts.append(part)
        if sexed:
            parts.append(self._by_sex(sexed))
        return parts, filters, counted

    def _measured_of(self, found: list[Found], start: int, end: int, limit: int) -> set[int]:
        """The entities an uncompiled measure names (before an instrument: "PTSD Symptom Scale score > 16") or is of
        ("33% of biopsy cores"); not the entity it quantifies ("hemoptysis (defined as ≥ 2.5 mL ...)")."""
        named = {
            index
            for index, item in enumerate(found)
            if start <= item.start < end and phrases.pattern("instrument").search(self.text, item.end, end)
        }
        if not re.match(r"\s*of\b", self.text[end:]):
            return named
        stop = clause_end(self.text, end, limit)
        return named | {index for index, item in enumerate(found) if end <= item.start < stop}

    def _elided(self, previous: tuple[int, str | None, list[str], bool], threshold: Threshold, start: int) -> bool:
        """"<4,000 cells/μL or >14,000 cells/μL": a value right after another, in the same unit, shares its subject."""
        p_end, p_unit, _, _ = previous
        if not _ELIDED.match(self.text[p_end:start]):
            return False
        try:
            return p_unit == threshold.unit or (p_unit is not None and threshold.unit is not None and dimension(p_unit) == dimension(threshold.unit))
        except UnitError:
            return False

    def _by_sex(self, sexed: dict[str, list[Part]]) -> Part:
        """Comparisons that differ by sex ("> 450 ms (men) or > 470 ms (women)") as one part, sound either way round."""
        branches = []
        for sex, parts in sexed.items():
            test = ast.Compare(concept="sex", op="=", value=ast.Category(value=sex))
            body = parts[0].expr if len(parts) == 1 else ast.And(args=tuple(p.expr for p in parts))
            branches.append(ast.And(args=(test, body)) if self.exclusion else ast.If(condition=test, then=body))
        every = [p for ps in sexed.values() for p in ps]
        start, end = min(p.start for p in every), max(p.end for p in every)
        if len(branches) == 1:
            return Part(start, end, branches[0])
        return Part(start, end, ast.Or(args=tuple(branches)) if self.exclusion else ast.And(args=tuple(branches)))

    def _entity_near(self, found: list[Found], start: int, end: int) -> int | None:
        """The index of the entity mention in the same clause as [start, end), nearest first; not one inside a
        bracketed aside that closes before the comparison ("AEs (excluding alopecia) ... grade 1": the AEs)."""
        best = None
        for index, item in enumerate(found):
            gap = self.text[min(item.end, end) : max(item.start, start)]
            if re.search(r"[;.]", gap) or len(gap) > 80 or (item.end <= start and gap.count(")") > gap.count("(")):
                continue
            distance = abs(item.start - start)
            if best is None or distance < best[0]:
                best = (distance, index)
        return best[1] if best else None

    # --- entities ---------------------------------------------------------------------------------
    def _entities(self, start: int, end: int) -> tuple[list[Found], list[Part]]:
        """The entity mentions the sentence asserts, and parts for allergies to a named allergen.

        Left out: indications ("treatment for X", "risk of X") and needs ("requiring X"), which become unresolved
        qualifiers (as what a cause did: "altered anatomy due to surgery" keeps the surgery); methods ("confirmed by biopsy"), other people's conditions ("partner of childbearing potential"),
        roles ("as target lesions"), settings ("during the metastatic stage").
        """
        found, parts = [], []
        allergens: list[tuple[int, int]] = []
        needs: dict[int, Part] = {}
        settings = [(m.start(), m.end()) for m in phrases.pattern("setting").finditer(self.text, start, end)]
        for mention, m_start, m_end in self._mentions(start, end, ENTITY_TYPES):
            if any(a <= m_start < b for a, b in allergens + settings):
                continue
            indication = self._phrase_before("indication", m_start, start, words=8)
            if indication is not None:
                stop = clause_end(self.text, indication.end(), end)
                detail = f"{_quote(self.text[indication.start():stop], 80)!r} is not compiled"
                needs.setdefault(indication.start(), Part(indication.start(), stop, self._unresolved("unsupported", detail)))
                continue
            if self._phrase_before("method", m_start, start, words=1) or self._proxy(m_start, m_end, start) or self._disregarded(m_end, end):
                continue
            modal = self._modal_negation(mention, m_start, start)
            for qualifier in (modal, self._site(mention, m_start, m_end)):
                if qualifier is not None:
                    detail = f"{_quote(self.text[qualifier[0]:qualifier[1]], 80)!r} is not compiled"
                    needs.setdefault(qualifier[0], Part(qualifier[0], qualifier[1], self._unresolved("unsupported", detail)))
            if modal is not None:
                continue
            cause = self._phrase_before("cause", m_start, start, words=8)
            if cause is not None:
                stop = clause_end(self.text, cause.end(), end)
                detail = f"what {_quote(self.text[cause.start():stop], 80)!r} caused is not compiled"
                needs.setdefault(cause.start(), Part(cause.start(), stop, self._unresolved("unsupported", detail)))
            if self._phrase_before("document", m_start, start, words=8) or self._instrument(mention, m_end):
                continue
            if _ROLE.search(self.text, max(start, m_start - 12), m_start) and found:
                continue
            need = self._needed(m_start, start, end)
            if need is not None:
                stop = clause_end(self.text, need.end(), end)
                detail = f"{_quote(self.text[need.start():stop], 80)!r} is a need, which no record holds"
                needs.setdefault(need.start(), Part(need.start(), stop, self._unresolved("unsupported", detail)))
                continue
            negated = self._negation(mention, m_start, m_end)
            allergen = self._allergen(mention, m_end, end)
            if allergen is not None:
                allergens.append(allergen)
                parts.append(self._allergy(m_start, m_end, allergen, negated))
                continue
            if found and (self._restates(found[-1], mention, m_start) or self._topic(found[-1], m_start)):
                continue
            found.append(Found(mention, m_start, m_end, negated))
        for need in phrases.pattern("need").finditer(self.text, start, end):
            stop = clause_end(self.text, need.end(), end)
            if need.start() not in needs and not phrases.pattern("past").search(self.text, need.start(), stop):
                detail = f"{_quote(self.text[need.start():stop], 80)!r} is a need, which no record holds"
                needs[need.start()] = Part(need.start(), stop, self._unresolved("unsupported", detail))
        found, purposes = self._specified(sorted(found + self._non_mentions(start, end), key=lambda f: f.start))
        return self._purposes(found, start, end), parts + list(needs.values()) + purposes

    def _topic(self, previous: Found, start: int) -> bool:
        """"clinical trials of anti-tumor therapy": what an event is of is its topic, not a further entity."""
        return previous.mention.type == "event" and re.fullmatch(r"\s+of\s+(?:[\w-]+\s+)?", self.text[previous.end : start]) is not None

    def _restates(self, previous: Found, mention: Mention, start: int) -> bool:
        """"HIV [HIV] infection": a broader name right after a narrower one names the same thing."""
        gap = self.text[previous.end : start]
        return previous.mention.concept in members(mention.concept) and not gap.strip(" ()[]")

    def _specified(self, found: list[Found]) -> tuple[list[Found], list[Part]]:
        """"Prior infection of Hepatitis B": a broad name of a narrower one leaves the narrower one. "HBV vaccination":
        a condition naming what a vaccination or treatment is for is no diagnosis, and the purpose is not compiled."""
        kept, purposes = [], []
        for index, item in enumerate(found):
            following = found[index + 1] if index + 1 < len(found) else None
            gap = self.text[item.end : following.start] if following else ""
            broad = following is not None and following.mention.concept in members(item.mention.concept) and re.fullmatch(r"\s+(?:of|with)\s+", gap)
            purpose = following is not None and item.mention.type == "condition" and following.mention.type in ("treatment", "event") and re.fullmatch(r"[\s-]*", gap)
            if purpose:
                detail = f"{_quote(self.text[item.start:following.end])!r}: what it is for is not compiled"
                purposes.append(Part(item.start, item.end, self._unresolved("unsupported", detail)))
            elif not broad:
                kept.append(item)
        return kept, purposes

    def _non_mentions(self, start: int, end: int) -> list[Found]:
        """"non-childbearing potential": a concept glued to "non-" (one token, so no mention of its own), negated."""
        found = []
        spans = [_relative(m.span, self.base) for m in self.facts.mentions]
        for match in _NON.finditer(self.text, start, end):
            if any(a <= match.start() < b for a, b in spans):
                continue
            named = self.lexicon.find(self.text[match.end() : end])
            if named and named[0].start == 0 and named[0].concept.kind in ENTITY_TYPES:
                concept = named[0].concept
                m_end = match.end() + named[0].end
                mention = Mention(concept=concept.id, type=concept.kind, span=(self.base + match.start(), self.base + m_end), text=self.text[match.start() : m_end])
                found.append(Found(mention, match.start(), m_end, True))
        return found

    def _purposes(self, found: list[Found], start: int, end: int) -> list[Found]:
        """"X or Y are required to achieve immunosuppression": treatments used for a purpose are the purpose's class."""
        result = list(found)
        for match in phrases.pattern("purpose").finditer(self.text, start, end):
            purpose = next((f for f in found if f.mention.type == "treatment" and 0 <= f.start - match.end() <= 3), None)
            if purpose is None:
                continue
            result = [f for f in result if not (f.mention.type == "treatment" and f.start < match.start()) or f is purpose]
            used = [f for f in found if f.mention.type == "treatment" and f.start < match.start()]
            if used:
                moved = Found(purpose.mention, used[0].start, used[-1].end, used[0].negated)
                result = [moved if f is purpose else f for f in result]
        return sorted(result, key=lambda f: f.start)

    def _disregarded(self, end: int, limit: int) -> bool:
        """"(radiotherapy is not counted as a line of therapy)": a mention its own clause (not a bracket after it) sets aside."""
        stop = clause_end(self.text, end, limit)
        bracket = self.text.find("(", end, stop)
        return phrases.pattern("disregard").search(self.text, end, bracket if bracket != -1 else stop) is not None

    def _needed(self, start: int, floor: int, limit: int) -> re.Match | None:
        """"renal failure requiring hemodialysis": a need, which no record holds, unless the clause puts it in the past."""
        need = self._phrase_before("need", start, floor)
        if need is None:
            return None
        stop = clause_end(self.text, need.end(), limit)
        return None if phrases.pattern("past").search(self.text, need.start(), stop) else need

    def _site(self, mention: Mention, start: int, end: int) -> tuple[int, int] | None:
        """"prostate surgery", "surgery on the descending aorta": a generic surgery at a site, which the concept
        (any major surgery) does not say. Returns the span of the site."""
        if not phrases.pattern("generic").fullmatch(self.text[start:end]):
            return None
        before = re.search(r"([A-Za-z][\w-]{3,})\s+$", self.text[max(0, start - 30) : start])
        if before and not any(phrases.pattern(c).fullmatch(before.group(1)) for c in ("filler", "allergy_modifier", "past")):
            return start - len(before.group(0)), end
        after = re.match(r"\s+(?:on|of|to|in)\s+(?:the\s+)?[A-Za-z][\w-]+(?:\s+[A-Za-z][\w-]+){0,3}", self.text[end:])
        return (start, end + after.end()) if after else None

    def _modal_negation(self, mention: Mention, start: int, floor: int) -> tuple[int, int] | None:
        """"acetaminophen that cannot be replaced with an NSAID": a negation of what can be done, not an absence."""
        match = self._phrase_before("modal_negation", start, floor, words=6)
        if match is None or not mention.negated:
            return None
        return match.start(), clause_end(self.text, match.end(), len(self.text))

    def _instrument(self, mention: Mention, end: int) -> bool:
        """"hypersensitivity test", "PTSD scale", "Parkinson's drug": a mention naming a test, or a condition naming a
        remedy for it, is not the condition ("nivolumab treatment" is nivolumab; "HIV test negative", a test with its
        result, is read by `_negation`)."""
        match = re.match(r"[\s-]*([\w-]+)", self.text[end:])
        remedy = mention.type == "condition" and match is not None and phrases.pattern("remedy").fullmatch(match.group(1))
        if not match or not (remedy or phrases.pattern("instrument").fullmatch(match.group(1))) or _TEST_AFTER.match(self.text, end):
            return False
        start = next((m_start for _, m_start, m_end in self._mentions(0, end, ENTITY_TYPES) if m_end == end), end)
        return _TEST_BEFORE.search(self.text, max(0, start - 24), start) is None

    def _proxy(self, start: int, end: int, floor: int) -> bool:
        """A mention about someone else: "partner(s) of childbearing potential", "pregnant partner"."""
        after = self.text[end : end + 16]
        return bool(self._phrase_before("proxy", start, floor, words=4) or phrases.pattern("proxy").match(after.lstrip()))

    def _negation(self, mention: Mention, start: int, end: int) -> bool:
        """NegEx's reading, overridden by a test result next to the mention ("negative HIV test", "HBV DNA positive")."""
        before = _TEST_BEFORE.search(self.text, max(0, start - 24), start) if _TEST_WORD.match(self.text, end) else None
        after = _TEST_AFTER.match(self.text, end)
        result = (after or before).group(1).lower() if (after or before) else None
        if result is None:
            return mention.negated
        return result == "negative"

    def _allergen(self, mention: Mention, end: int, limit: int) -> tuple[int, int] | None:
        """The text naming what an allergy is to: from "to", "against", "after using" ... to the end of the clause,
        or the word just before it ("voriconazole hypersensitivity", "LA allergy", not "known hypersensitivity")."""
        if mention.concept != ALLERGY:
            return None
        link = phrases.pattern("allergen").match(self.text, _SKIP.match(self.text, end).end())
        if link is None:
            start = _relative(mention.span, self.base)[0]
            before = re.search(r"([A-Za-z][\w-]{3,}|[A-Z]{2,})\s+$", self.text[max(0, start - 30) : start])
            if before and not phrases.pattern("allergy_modifier").fullmatch(before.group(1)) and not before.group(1).lower().endswith("ly"):
                return start - len(before.group(0)), start
            return None
        stop = limit
        for char in ";.":
            found = self.text.find(char, link.end(), limit)
            stop = found if found != -1 and found < stop else stop
        return end, stop

    def _allergy(self, start: int, end: int, allergen: tuple[int, int], negated: bool) -> Part:
        """An allergy to the study drug is one concept; to anything else, an allergy whose allergen needs review."""
        region = self.text[allergen[0] : allergen[1]]
        study = phrases.pattern("study_drug").search(region) or any(
            m.concept == STUDY_DRUG for m, _, _ in self._mentions(*allergen, ENTITY_TYPES)
        )
        if study:
            node: ast.Node = ast.Exists(entities=(ast.EntityRef(type="condition", concept=STUDY_DRUG_ALLERGY),))
        else:
            allergy = ast.Exists(entities=(ast.EntityRef(type="condition", concept=ALLERGY),))
            detail = f"the allergen ({_quote(region.strip(), 80)!r}) is not recorded with the allergy"
            node = ast.And(args=(allergy, self._unresolved("unsupported", detail)))
        return Part(min(start, allergen[0]), max(end, allergen[1]), negate(node) if negated else node, entity=True)

    def _exception_ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """Text governed by an exception cue: from the cue to the end of its clause ("except X"), or, when no
        concept follows it, from the start of its clause to the cue ("X is allowed")."""
        ranges = []
        for _, c_start, c_end in self._cues("exception", start, end):
            stop = clause_end(self.text, c_end, end)
            if stop < end and _EXAMPLES.match(self.text, stop):
                while stop < end and not _RELATIVE_CLAUSE.match(self.text, stop + 1):
                    stop = clause_end(self.text, stop + 1, end)
            if self._mentions(c_end, stop, ENTITY_TYPES):
                ranges.append((c_end, stop))
            else:
                ranges.append((clause_start(self.text, c_start, start), c_start))
        return ranges

    def _unmatched(self, start: int, end: int, asides: list[ast.Unresolved]) -> list[ast.Unresolved]:
        """Exceptions that name no known concept ("(other than basal or squamous cell cancers of the skin)"), outside
        the brackets already taken as uncompiled exceptions."""
        missing = []
        taken = [(a, b) for a, b in self._brackets(start, end) if any(self.text[a:b][:60] in u.detail for u in asides)]
        for (_, c_start, c_end), (e_start, e_end) in zip(self._cues("exception", start, end), self._exception_ranges(start, end)):
            if any(a <= c_start < b for a, b in taken):
                continue
            if not self._mentions(e_start, e_end, ENTITY_TYPES):
                stop = clause_end(self.text, c_end, end)
                missing.append(self._unresolved("ambiguous", f"the exception {_quote(self.text[c_start:stop], 100)!r} names no known concept"))
        return missing

    def _status(self, start: int) -> list[ast.Filter]:
        """"active infection": a status word just before a condition; not in "History of or ongoing X"."""
        before = self.text[max(0, start - 20) : start].lower()
        for word in STATUS_WORDS:
            if re.search(rf"\b{word}\s+$", before) and not re.search(rf"\b(?:of|previous|prior|past|had)\s+or\s+{word}\s+$", before):
                return [ast.Filter(attribute="status", op="=", value=ast.Category(value=word))]
        return []

    def _current(self, start: int) -> bool:
        """"Current use of X", "currently receiving X", "Current use of any prohibited therapy (X, Y)": at screening."""
        opening = self.text.rfind("(", 0, start)
        inside = opening != -1 and self.text.find(")", opening, start) == -1
        return self._phrase_before("current", start, 0, words=4) is not None or (inside and self._phrase_before("current", opening, 0, words=6) is not None)

    def _setting(self, start: int, end: int) -> list[ast.Filter]:
        """The treatment setting a sentence names ("during the recurrence/metastasis stage")."""
        match = phrases.pattern("setting").search(self.text, start, end)
        if match is None:
            return []
        value = phrases.value("setting", match.group(0))
        return [ast.Filter(attribute="setting", op="=", value=ast.Category(value=value))] if value else []

    def _reference(self, item: Found, where: tuple[ast.Filter, ...] = (), excluded: tuple[str, ...] = ()) -> ast.EntityRef:
        """The entity a mention names, with its status, the given filters, the sentence's setting and exceptions."""
        mention = item.mention
        where = (tuple(self._status(item.start)) if mention.type == "condition" else ()) + where
        if mention.type == "treatment":
            where += tuple(self.setting)
        other = phrases.pattern("other").search(self.text, max(0, item.start - 12), item.end)
        if other is not None and other.start() < item.start + 8:
            excluded += tuple(sorted(self.targets & members(mention.concept)))
        return ast.EntityRef(
            type=mention.type,
            concept=concept_name(mention.concept),
            where=tuple(dict.fromkeys(where)),
            excluding=tuple(dict.fromkeys(e for e in excluded if e != concept_name(mention.concept))),
        )

    def _groups(self, found: list[Found], every: list[Found], windows, filters, start: int, end: int) -> list[Part]:
        """Mentions joined by list punctuation, with the window after them and exceptions of their type (from `every` mention)."""
        exceptions = self._exception_ranges(start, end)
        window_starts = [w[1] for w in windows]
        groups: list[list[tuple[int, Found]]] = []
        for index, item in enumerate(found):
            if any(a <= item.start < b for a, b in exceptions):
                continue
            previous = groups[-1][-1][1] if groups else None
            gap = self.text[previous.end : item.start] if previous is not None else ""
            joined = (
                previous is not None
                and previous.negated == item.negated
                and _LIST_GAP.match(gap) is not None
                and (previous.mention.type == item.mention.type or _CONJUNCTION.search(gap) is not None)
                and not any(previous.end <= w < item.start for w in window_starts)
            )
            if joined:
                groups[-1].append((index, item))
            else:
                groups.append([(index, item)])
        parts, others = [], set()
        for group in groups:
            first, last = group[0][1], group[-1][1]
            entities = tuple(
                self._reference(item, tuple(filters.get(index, ())), self._excepted(item, every, exceptions)) for index, item in group
            )
            window, w_end = self._window_after(last.end, windows, groups)
            if self._other_form(group, entities) or (others and all(e.concept in others for e in entities)):
                others.update(e.concept for e in entities)
                detail = f"{_quote(self.text[first.start:last.end])!r}: other forms of the trial's disease are no concept"
                parts.append(Part(first.start, max(last.end, w_end), self._unresolved("unsupported", detail), entity=True))
                continue
            incomplete = self._incomplete(group, every, exceptions)
            parts.append(self._exists(first, entities, window, max(last.end, w_end), incomplete))
        return self._shared_windows(_repeated(parts))

    def _shared_windows(self, parts: list[Part]) -> list[Part]:
        """"Surgical procedure (including open biopsy, ...) or significant traumatic injury within 28 days": a window
        after a list of alternatives applies to each of them."""
        result = list(parts)
        for index in range(len(result) - 1, 0, -1):
            later, earlier = result[index], result[index - 1]
            window, gap = exists_of(later.expr), self.text[earlier.end : later.start]
            own = exists_of(earlier.expr)
            if window is None or window.window is None or own is None or own.window is not None:
                continue
            if re.search(r"\bor\b", gap) or _LIST_GAP.match(gap):
                shared = own.model_copy(update={"window": window.window})
                expr = ast.Not(arg=shared) if isinstance(earlier.expr, ast.Not) else shared
                result[index - 1] = Part(earlier.start, earlier.end, expr, earlier.entity)
        return result

    def _other_form(self, group: list[tuple[int, Found]], entities: tuple[ast.EntityRef, ...]) -> bool:
        """"Other specific forms of psoriasis" where the inclusions require psoriasis: no narrower concept to leave out."""
        first = group[0][1]
        other = phrases.pattern("other").search(self.text, max(0, first.start - 30), first.start)
        return other is not None and all(e.concept in self.targets and not members(e.concept) for e in entities)

    def _incomplete(self, group: list[tuple[int, Found]], every: list[Found], exceptions: list[tuple[int, int]]) -> str | None:
        """Why the exception of a group is not fully compiled: it names the excepted concept itself
        ("except local malignancies ... superficial bladder cancer"), so some exception has no concept."""
        concepts = {item.mention.concept for _, item in group}
        for e_start, e_end in exceptions:
            if e_start >= group[0][1].start and any(e_start <= f.start < e_end and f.mention.concept in concepts for f in every):
                return f"the exception {_quote(self.text[e_start:e_end], 80)!r} names what no concept covers"
        return None

    def _exists(self, first: Found, entities: tuple[ast.EntityRef, ...], window, end: int, incomplete: str | None = None) -> Part:
        """`has any(...)` with its window: a window from an unknown date or into the study is not a record."""
        if isinstance(window, ast.Unresolved):
            node: ast.Node = ast.And(args=(ast.Exists(entities=tuple(dict.fromkeys(entities))), window))
        elif window is not None and window.relation in ("after", "during") and future_anchor(window.anchor):
            detail = f"{_quote(self.text[first.start:end], 80)!r} is a commitment for the study period, not a record"
            return Part(first.start, end, self._unresolved("consent", detail))
        elif self._recovered(entities, first.start):
            above = tuple(worse(entity) for entity in dict.fromkeys(entities))
            return Part(first.start, end, ast.Not(arg=ast.Exists(entities=above)), entity=True)
        elif window is not None and window.op in (">", ">=") and not self.exclusion and self._phrase_before("washout", first.start, 0, words=6):
            shorter = ast.Window(op="<" if window.op == ">=" else "<=", amount=window.amount, relation=window.relation, anchor=window.anchor)
            return Part(first.start, end, ast.Not(arg=ast.Exists(entities=tuple(dict.fromkeys(entities)), window=shorter)), entity=True)
        else:
            if window is None and first.mention.type == "treatment" and self._current(first.start):
                window = ast.Window(op="<=", amount=ast.Quantity(value=0, unit="d"), relation="during", anchor="screening")
            node = ast.Exists(entities=tuple(dict.fromkeys(entities)), window=window)
        if incomplete:
            node = both(node, self._unresolved("ambiguous", incomplete))
        return Part(first.start, end, negate(node) if first.negated else node, entity=True)

    def _recovered(self, entities: tuple[ast.EntityRef, ...], start: int) -> bool:
        """"adverse events ... have improved to grade 1 or baseline": a grade bound reached by recovery."""
        bounded = all(any(f.attribute == "grade" and f.op in ("<=", "<") for f in e.where) for e in entities)
        return bounded and phrases.pattern("recovered").search(self.text, *self._sentence_of(start)) is not None

    def _excepted(self, item: Found, found: list[Found], exceptions: list[tuple[int, int]]) -> tuple[str, ...]:
        """The concepts of the first exception after the mention, of its type."""
        for e_start, e_end in exceptions:
            if e_start >= item.start:
                return tuple(
                    concept_name(other.mention.concept)
                    for other in found
                    if e_start <= other.start and other.end <= e_end and other.mention.type == item.mention.type
                )
        return ()

    def _window_after(self, end: int, windows, groups) -> tuple[ast.Window | ast.Unresolved | None, int]:
        """The first window after the group, before the next group starts (and not across an obligation's modal:
        "Women of childbearing potential must have a negative test within 28 days")."""
        next_starts = [g[0][1].start for g in groups if g[0][1].start > end]
        limit = min(next_starts) if next_starts else len(self.text) + 1
        modal = self._obligation(*self._sentence_of(end))
        if modal is not None and end <= modal.start():
            limit = min(limit, modal.start())
        for window, w_start, w_end in windows:
            if end <= w_start < limit and not re.search(r"[,;]", self.text[end:w_start]):
                return window, w_end
        return None, end

    def _dated(self, parts: list[Part], windows) -> list[Part]:
        """A window right after a comparison dates it ("a negative pregnancy test within 28 days prior to ...")."""
        result = list(parts)
        for window, w_start, _ in windows:
            if not isinstance(window, ast.Window):
                continue
            before = [i for i, p in enumerate(result) if p.end <= w_start and not re.search(r"[,;]", self.text[p.end : w_start])]
            index = max(before, key=lambda i: result[i].end, default=None)
            if index is not None and isinstance(result[index].expr, ast.Compare | ast.InRange | ast.InSet) and result[index].expr.window is None:
                dated = result[index].expr.model_copy(update={"window": window})
                result[index] = Part(result[index].start, max(result[index].end, w_start + 1), dated, result[index].entity)
        return result

    def _orphans(self, parts: list[Part], windows) -> list[Part]:
        """Windows no compiled part took ("Current pregnancy, < 6 months postpartum, and/or breastfeeding"): a list item
        of their own, unresolved."""
        orphans = []
        for window, w_start, w_end in windows:
            if not any(p.start <= w_start < p.end or p.start < w_end <= p.end for p in parts):
                detail = window.detail if isinstance(window, ast.Unresolved) else f"{_quote(self.text[w_start:w_end])!r} dates nothing compiled"
                orphans.append(Part(w_start, w_end, self._unresolved("unsupported", detail), entity=True))
        return orphans

    def _windows(self, start: int, end: int) -> list[tuple[ast.Window | ast.Unresolved, int, int]]:
        """Windows of [start, end); one measured from a date no record holds is unresolved."""
        windows = []
        for window in self.facts.windows:
            w_start, w_end = _relative(window.span, self.base)
            if window.ignore or window.op is None or window.value is None or window.unit is None or window.relation is None:
                continue
            if not start <= w_start < end:
                continue
            anchor = known_anchor(window.anchor) if window.anchor or window.relation == "before" else None
            if window.anchor is None and window.relation == "before" and not _DATED.search(self.text, max(0, w_start - 30), w_end):
                detail = f"{_quote(window.text)!r} is how long it lasted, not when: a duration is not compiled"
                windows.append((self._unresolved("unsupported", detail), w_start, w_end))
                continue
            if anchor is None:
                detail = f"{_quote(window.text)!r} counts from {window.anchor!r}, a date no record holds"
                windows.append((self._unresolved("unsupported", detail), w_start, w_end))
                continue
            amount = ast.Quantity(value=window.value, unit=window.unit)
            windows.append((ast.Window(op=window.op, amount=amount, relation=window.relation, anchor=anchor), w_start, w_end))
        return sorted(windows, key=lambda w: w[1])

    # --- categorical values -------------------------------------------------------------------------
    def _categorical_parts(self, start: int, end: int, covered: list[tuple[int, int]]) -> list[Part]:
        """`HER2 positive`, `ER-negative`, `defined hormone receptor status`."""
        parts = []
        for mention, m_start, m_end in self._mentions(start, end, set(MEASURED_KINDS)):
            if any(s <= m_start and m_end <= e for s, e in covered):
                continue
            concept = concept_name(mention.concept)
            after = _CATEGORY_AFTER.match(self.text, m_end)
            before = _CATEGORY_BEFORE.search(self.text, 0, m_start)
            if after:
                value = {"+": "positive", "-": "negative"}.get(after.group(1), after.group(1).lower())
                parts.append(Part(m_start, after.end(), ast.Compare(concept=concept, op="=", value=ast.Category(value=value))))
            elif before:
                parts.append(Part(before.start(), m_end, ast.Compare(concept=concept, op="=", value=ast.Category(value=before.group(1).lower()))))
            elif _DEFINED_STATUS.search(self.text, 0, m_start) and re.match(r"\s*(?:\([^)]*\)\s*)?status\b", self.text[m_end:]):
                values = (ast.Category(value="positive"), ast.Category(value="negative"))
                parts.append(Part(m_start, m_end, ast.InSet(concept=concept, values=values)))
        return parts

    # --- intervals ------------------------------------------------------------------------------------
    def _interval_part(self, found: list[Found], windows, start: int, end: int) -> tuple[Part | None, set[int]]:
        cue = _INTERVAL_CUE.search(self.text, start, end)
        if cue is None:
            return None, set()
        after = [(i, item) for i, item in enumerate(found) if item.start >= cue.end()]
        later = [w for w in windows if w[1] >= cue.end() and isinstance(w[0], ast.Window)]
        if len(after) < 2 or not later:
            return None, set()
        (_, first), (_, second) = after[0], after[-1]
        window, _, w_end = later[0]
        edge = "end" if _END_OF.search(self.text, 0, first.start) else "start"
        start_entity = self._reference(first, (), self._excepted(first, found, self._exception_ranges(start, end)))
        node = ast.Interval(
            start=ast.EntityPoint(edge=edge, entity=start_entity),
            end=ast.EntityPoint(edge="start", entity=ast.EntityRef(type=second.mention.type, concept=concept_name(second.mention.concept))),
            op=window.op,
            amount=window.amount,
        )
        used = {i for i, item in after if item.start <= second.end}
        return Part(cue.start(), max(second.end, w_end), node), used

    # --- a sentence -------------------------------------------------------------------------------------
    def _sex_part(self, start: int, end: int) -> list[Part]:
        """"Female", "Men and women aged 65 or older": an inclusion whose subject is a sex, as a requirement. A sex
        that is the subject of a statement ("Female participant is not pregnant") conditions it instead (`_statement`)."""
        match = _SEX_START.match(self.text, start)
        sentence_end = self._sentence_of(start)[1]
        alone = not re.search(r"\w", self.text[match.end() : sentence_end]) if match else False
        if (self.exclusion and not alone) or match is None or phrases.pattern("clause").search(self.text, match.end(), max(end, sentence_end)):
            return []
        spans = [_relative(m.span, self.base) for m in self.facts.mentions]
        if any(a <= match.start(1) < b for a, b in spans):
            return []  # "Women of childbearing potential" is a concept
        sexes = tuple(dict.fromkeys(phrases.value("sex", word) for word in (match.group(1), match.group(2)) if word))
        values = tuple(ast.Category(value=sex) for sex in sexes)
        node: ast.Node = ast.InSet(concept="sex", values=values) if len(values) > 1 else ast.Compare(concept="sex", op="=", value=values[0])
        return [Part(match.start(1), match.end(), node)]

    def _brackets(self, start: int, end: int) -> list[tuple[int, int]]:
        """The outermost brackets of [start, end), as (open, close) offsets."""
        found, depth, opened = [], 0, start
        for index in range(start, end):
            if self.text[index] in "([":
                opened = index if depth == 0 else opened
                depth += 1
            elif self.text[index] in ")]" and depth:
                depth -= 1
                if depth == 0:
                    found.append((opened, index + 1))
        return found

    def _asides(self, parts: list[Part], start: int, end: int) -> tuple[list[Part], list[ast.Unresolved]]:
        """Brackets that are asides: a note ("(If ...)", "(NOTE: ...)") adds nothing; an exception written after
        what it allows ("(PSA < 15 ng/mL allowed for patients with ...)") is an uncompiled exception."""
        exceptions = []
        for open_, close in self._brackets(start, end):
            inside = [p for p in parts if open_ < p.start < close]
            if _RATIONALE_BRACKET.match(self.text, open_):
                parts = [p for p in parts if p not in inside]  # "(to reduce the heterogeneity, since ...)" explains
                continue
            cues = [c for c in self._cues("exception", open_, close) if c[1] - open_ > 2]
            if (cues or _NOTE_BRACKET.match(self.text, open_)) and inside:
                parts = [p for p in parts if p not in inside]
                exceptions.append(self._unresolved("ambiguous", f"the exception {_quote(self.text[open_:close], 100)!r} was not compiled"))
        return parts, exceptions

    def _cohorts(self, parts: list[Part], end: int) -> list[Part]:
        """"ECOG 0-2 for dose escalation, and 0 or 1 for dose expansion": a value for one cohort holds only if the
        patient is in it, which no record says."""
        result = []
        for part in parts:
            stop = clause_end(self.text, part.end, end)
            cohort = phrases.pattern("cohort").search(self.text, part.end, stop)
            if cohort is not None:
                missing = self._unresolved("unsupported", f"{_quote(self.text[part.start:stop], 80)!r} applies to one cohort only")
                part = Part(part.start, part.end, both(part.expr, missing) if self.exclusion else either(part.expr, missing), part.entity)
            result.append(part)
        return result

    def _merged(self, parts: list[Part]) -> list[Part]:
        """A comparison right before an entity ("NYHA class IV heart failure", "Grade ≥ 4 venous thromboembolism")
        qualifies it: one part, so a list of exclusions keeps them together."""
        result: list[Part] = []
        for part in sorted(parts, key=lambda p: p.start):
            previous = result[-1] if result else None
            gap = self.text[previous.end : part.start] if previous is not None else ""
            if previous is not None and part.entity and not previous.entity and isinstance(previous.expr, ast.Compare | ast.InRange) and re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}", gap) and not _CONJUNCTION.search(gap):
                result[-1] = Part(previous.start, part.end, both(previous.expr, part.expr), entity=True)
                continue
            result.append(part)
        return result

    def _qualified(self, parts: list[Part]) -> list[Part]:
        """An uncompiled qualifier right after a negated entity ("no aspirin used for > 7 days") qualifies what is negated."""
        result: list[Part] = []
        for part in sorted(parts, key=lambda p: p.start):
            previous = result[-1] if result else None
            if (
                isinstance(part.expr, ast.Unresolved)
                and previous is not None
                and isinstance(previous.expr, ast.Not)
                and not re.search(r"[,;.]", self.text[previous.end : part.start])
            ):
                result[-1] = Part(previous.start, part.end, ast.Not(arg=both(previous.expr.arg, part.expr)), previous.entity)
                continue
            result.append(part)
        return result

    def _parts(self, start: int, end: int) -> tuple[list[Part], list[ast.Unresolved]]:
        """Every compiled piece of the sentence [start, end), and the exceptions written in it that did not compile."""
        self.setting = self._setting(start, end)
        windows = self._windows(start, end)
        found, parts = self._entities(start, end)
        interval, used = self._interval_part(found, windows, start, end)
        if interval is not None:
            found = [item for i, item in enumerate(found) if i not in used]
            windows = [w for w in windows if not interval.start <= w[1] < interval.end]
        threshold_parts, filters, counted = self._threshold_parts(start, end, found, windows)
        if interval is not None:
            threshold_parts = [p for p in threshold_parts if not interval.start <= p.start < interval.end] + [interval]
        parts += threshold_parts
        kept = [i for i in range(len(found)) if i not in counted]
        renumbered = {old: new for new, old in enumerate(kept)}
        filters = {renumbered[i]: f for i, f in filters.items() if i in renumbered}
        parts += self._groups([found[i] for i in kept], found, windows, filters, start, end)
        covered = [_relative(t.span, self.base) for t in self.facts.thresholds if not t.ignore]
        parts += self._categorical_parts(start, end, covered) + self._sex_part(start, end)
        parts = self._dated(parts, windows)
        parts += self._orphans(parts, windows)
        parts, exceptions = self._asides(parts, start, end)
        parts = self._cohorts(self._restricted(self._forecast(parts, start, end), start, end), end)
        predicates = self._predicates(parts, start, end)
        parts = [p for p in parts if not any(q.start <= p.start < q.end for q in predicates)]
        return self._qualified(self._merged(parts)) + predicates, exceptions + self._unmatched(start, end, exceptions)

    def _predicates(self, parts: list[Part], start: int, end: int) -> list[Part]:
        """"Tumor lesion accessible to core biopsies", "platinum-refractory disease": a predicate no part covers; what
        its clause names ("core biopsies") is its object, not a further requirement."""
        found = []
        for match in phrases.pattern("predicate").finditer(self.text, start, end):
            if parts and not any(p.start <= match.start() < p.end for p in parts):
                stop = clause_end(self.text, match.end(), end)
                found.append(Part(match.start(), stop, self._unresolved("unsupported", f"{_quote(self.text[match.start():stop], 80)!r} is not compiled")))
        return found[:1]

    def _governed(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """Forecasts ("expected to"), investigator's judgements and consents ("unwilling to commit to") in the
        sentence: (start, end, detail, reason) each."""
        found = []
        for forecast in phrases.pattern("forecast").finditer(self.text, start, end):
            if not _PAST_ALTERNATIVE.match(self.text, forecast.end()):
                found.append((forecast.start(), forecast.end(), f"{forecast.group(0)!r} asks for a forecast, which no record holds", "judgement"))
        for category, why in (("judgement", "leaves it to the investigator"), ("consent", "is a commitment, which no record holds")):
            for cue, c_start, c_end in self._requirement_cues(category):
                if start <= c_start < end:
                    found.append((c_start, c_end, f"{cue.text!r} {why}", category))
        return sorted(found)

    def _forecast(self, parts: list[Part], start: int, end: int) -> list[Part]:
        """What a sentence expects ("expected to develop neutropenia"), leaves to the investigator ("the investigator
        does not see any further benefit from targeted therapy") or asks to commit to is decided at screening, not from
        the record: the parts of its clause become one unresolved part."""
        for g_start, g_end, detail, reason in self._governed(start, end):
            stop = clause_end(self.text, g_end, end)
            inside = [p for p in parts if g_start <= p.start < stop or (g_start - start <= 2 and p.start < stop)]
            if inside:
                first = min(g_start, *(p.start for p in inside))
                governed = Part(first, max(p.end for p in inside), self._unresolved(reason, detail), entity=True)
                parts = [p for p in parts if p not in inside] + [governed]
        return parts

    def _restricted(self, parts: list[Part], start: int, end: int) -> list[Part]:
        """"only skin and/or brain lesions": the listed entities are necessary, and the restriction needs review."""
        restricted = []
        for match in phrases.pattern("restrictive").finditer(self.text, start, end):
            stop = clause_end(self.text, match.end(), end)
            detail = f"{match.group(0)!r} restricts {_quote(self.text[match.start():stop], 80)!r}, which no rule expresses"
            restricted.append((match.end(), stop, detail))
        if not restricted:
            return parts
        result = []
        for part in parts:
            limit = next((r for r in restricted if r[0] <= part.start < r[1]), None)
            if limit is not None and part.entity:
                part = Part(part.start, part.end, both(part.expr, self._unresolved("unsupported", limit[2])), entity=True)
            result.append(part)
        return result

    def _qualifying(self, parts: list[Part]) -> list[Part]:
        """"women of childbearing potential who are unwilling to ...", "X requiring Y": a relative clause qualifies the
        item just before it, which stays one item of its list ("A, B, or C who ..." is A or B or (C and ...))."""
        result: list[Part] = []
        for part in parts:
            previous = result[-1] if result else None
            gap = self.text[previous.end : part.start] if previous is not None and part.start > previous.end else None
            if gap is not None and _RELATIVE_GAP.search(gap) and not self._alternatives(gap):
                result[-1] = Part(previous.start, part.end, both(previous.expr, part.expr), previous.entity or part.entity)
                continue
            result.append(part)
        return result

    def _alternatives(self, gap: str) -> bool:
        """Between two entities of an exclusion: alternatives ("X, Y", "X and Y", "X (including Y)"), unless a relation
        joins them ("X requiring Y", "nivolumab in the adjuvant setting for melanoma"); "or" always separates."""
        if phrases.pattern("example").search(gap):
            return True
        words = re.findall(r"[\w/]+", gap.lower())
        for word in reversed(words):
            if word in ("or", "and", "and/or", "nor"):
                return True
            if phrases.pattern("relation").fullmatch(word):
                return False
        return True

    def _join(self, parts: list[Part]) -> ast.Node:
        """Join parts in text order: `or` where the text between says or (or lists exclusions), else `and`."""
        parts = self._qualifying(sorted(parts, key=lambda p: p.start))
        gaps = [self.text[a.end : b.start] if b.start > a.end else "" for a, b in zip(parts, parts[1:])]
        conjuncts: list[list[Part]] = [[parts[0]]]
        for number, (previous, part) in enumerate(zip(parts, parts[1:])):
            gap = gaps[number]
            if re.fullmatch(r"\s*,\s*", gap):
                following = next((g for g in gaps[number + 1 :] if not re.fullmatch(r"\s*,\s*", g)), "")
                ending = re.search(r"\betc\b", self.text[parts[-1].end : clause_end(self.text, parts[-1].end)]) is not None
                gap = following if _OR_GAP.fullmatch(following) else (" or " if ending else gap)
            listed = self.exclusion and previous.entity and part.entity and self._alternatives(gap)
            separated = self.exclusion and re.match(r"\s*(?:;|,\s*(?:and|or|and/or)\b)", gap) is not None
            loose_or = re.search(r"\bor\b", gap) is not None and not re.search(r"\band\b", gap) and len(gap.split()) <= 3
            if _OR_GAP.fullmatch(gap) or listed or separated or loose_or:
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
        return self._consistent(rule, parts[0].start, parts[-1].end)

    def _consistent(self, rule: ast.Node, start: int, end: int) -> ast.Node:
        """A conjunction that reads as both X and not X ("non-smoker / for ex-smokers ... of smoking") is no reading."""
        args = rule.args if isinstance(rule, ast.And) else (rule,)
        if any(negate(arg) in args for arg in args):
            return self._unresolved("ambiguous", f"{_quote(self.text[start:end], 80)!r} reads as both a requirement and its negation")
        return rule

    def _bracketed(self, position: int, start: int, end: int) -> bool:
        return any(a < position < b for a, b in self._brackets(start, end))

    def _conditional(self, start: int, end: int) -> tuple[int, int, Cue | None] | None:
        """The condition a sentence opens with: a conditional cue ("If ...,", "For patients not receiving X:"), or
        "for/in" and a concept ("Note: for HCC, ..."), up to the end of its clause."""
        for cue, c_start, c_end in self._cues("conditional", start, end):
            opening = c_start - start <= 2 or self.text[start:c_start].rstrip().endswith((",", ";"))
            if opening and not self._bracketed(c_start, start, end):
                return c_start, clause_end(self.text, c_end, end), cue
        match = _FOR_CONCEPT.match(self.text, start)
        if match is not None:
            stop = clause_end(self.text, match.end(), end)
            if stop < end and self._mentions(match.end(), stop, ENTITY_TYPES):
                return match.start(1), stop, None
        return None

    def _postfix(self, start: int, end: int) -> tuple[int, int, Cue | None] | None:
        """"a PSA between 2.5 and 10 if 50-60 years of age", "... will be used for HCC patients": a condition after
        what it conditions."""
        for match in _FOR_AFTER.finditer(self.text, start, end):
            mentions = self._mentions(match.end(), end, ENTITY_TYPES)
            rest = self.text[mentions[0][2] : end] if mentions else ""
            if mentions and mentions[0][1] == match.end() and re.fullmatch(r"\s*(?:patients|participants|subjects)?\W*", rest):
                return match.start(), end, None
        for cue, c_start, c_end in self._cues("conditional", start, end):
            if cue.text.lower() == "if" and c_start - start > 2 and not self._bracketed(c_start, start, end):
                stop = clause_end(self.text, c_end, end)
                if any(c_end <= _relative(t.span, self.base)[0] < stop for t in self.facts.thresholds) or self._mentions(c_end, stop, ENTITY_TYPES):
                    return c_start, stop, cue
        return None

    def _assemble(self, parts: list[Part], start: int, end: int) -> ast.Node:
        """The sentence's rule: its conditional clause first, then its other parts joined."""
        clause = self._conditional(start, end) or self._postfix(start, end)
        if clause is not None:
            inside = [p for p in parts if clause[0] <= p.start < clause[1]]
            outside = [p for p in parts if p not in inside]
            if outside:
                if inside:
                    condition = self._join(inside)
                else:
                    condition = self._sex_subject(*clause[:2]) or self._unresolved(
                        "ambiguous", f"condition {_quote(self.text[clause[0]:clause[1]])!r} was not recognised"
                    )
                rule = self._join(outside)
                if clause[2] is not None and clause[2].text.lower() == "unless":
                    return both(rule, negate(condition)) if self.exclusion else either(rule, condition)
                return both(condition, rule) if self.exclusion else ast.If(condition=condition, then=rule)
        return self._join(parts)

    def _sentence(self, start: int, end: int) -> ast.Node | None:
        """The rule of one sentence, or None when nothing in it compiles; a calendar date in it is a further condition."""
        rule = self._statement(start, end)
        year = _YEAR.search(self.text, start, end)
        if rule is None or year is None:
            return rule
        return both(rule, self._unresolved("unsupported", f"the calendar date in {_quote(self.text[start:end], 80)!r} is not compiled"))

    def _statement(self, start: int, end: int) -> ast.Node | None:
        """The rule of one sentence, or None when nothing in it compiles."""
        exemption = phrases.pattern("exemption").search(self.text, start, end)
        if exemption is not None:
            return self._exemption(start, exemption)
        obligation = self._obligation(start, end)
        body = obligation.end() if obligation is not None else start
        parts, exceptions = self._parts(start, end)
        if not parts:
            return None
        permission = phrases.pattern("permission").search(self.text, start, min(p.start for p in parts))
        if permission is not None and obligation is None and not _RELATIVE.search(self.text, start, permission.start()):
            return self._permitted(self._assemble(parts, start, end))
        subject = [p for p in parts if p.end <= body]
        rest = [p for p in parts if p not in subject]
        if obligation is None:
            return self._listed(self._excepting(self._assemble(parts, start, end), exceptions), parts, start, end)
        if not rest:
            rest = [Part(body, end, self._unresolved("unsupported", f"{_quote(self.text[body:end], 80)!r} was not compiled"))]
        rule = self._excepting(self._assemble(rest, body, end), exceptions)
        condition = self._join(subject) if subject else self._sex_subject(start, body)
        if self.exclusion:
            rule = negate(rule)
            return both(condition, rule) if condition is not None else rule
        return ast.If(condition=condition, then=rule) if condition is not None else rule

    def _permitted(self, rule: ast.Node) -> ast.Node:
        """"Patients could be receiving chemotherapy": a permission constrains nothing, so an inclusion holds either
        way (`X or not X`, true once the record tells) and an exclusion never applies (`X and not X`)."""
        return both(rule, negate(rule)) if self.exclusion else either(rule, negate(rule))

    def _unlisted(self, parts: list[Part], start: int, end: int) -> tuple[ast.Unresolved, bool] | None:
        """Items of an enumeration ("A, B, or C") that name no known concept, and whether the list is of alternatives.

        Only a list of three items or more, with some item compiled; an item that is a clause ("that is ...") or an
        example of a compiled concept ("autoimmune disease, including myasthenia gravis, ...") does not count.
        """
        separators = [m for m in _SEPARATOR.finditer(self.text, start, end) if not self._bracketed(m.start(), start, end)]
        if sum(1 for m in separators if "," in m.group(0)) < 2:
            return None
        bounds = [start, *(x for m in separators for x in (m.start(), m.end())), end]
        items = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        covered = [any(p.start < b and a < p.end for p in parts) or self._mentions(a, b, ENTITY_TYPES | MEASURED_KINDS) for a, b in items]
        if not any(covered):
            return None
        missing = []
        for (a, b), done in zip(items, covered):
            words = re.findall(r"[A-Za-z][\w'-]+", self.text[a:b])
            content = [w for w in words if not phrases.pattern("filler").fullmatch(w)]
            if done or not content or len(words) > 5 or any(phrases.pattern(c).fullmatch(w) for w in words for c in ("clause", "method")):
                continue  # a clause ("that is ...") or a method ("medical evaluation by interview") is no list item
            introducer = max((m.end() for m in _INTRODUCER.finditer(self.text, start, a)), default=None)
            if introducer is not None and any(p.start < introducer and p.entity for p in parts):
                continue  # an example of a compiled concept
            if _INTRODUCER.match(self.text, _SEPARATOR.match(self.text, b).end() if _SEPARATOR.match(self.text, b) else b):
                continue  # the head of the examples that follow
            missing.append(_quote(self.text[a:b], 40))
        if not missing:
            return None
        alternatives = self.exclusion or re.search(r"\bor\b", separators[-1].group(0)) is not None
        return self._unresolved("unsupported", f"{', '.join(map(repr, missing[:3]))} name no known concept"), alternatives

    def _listed(self, rule: ast.Node, parts: list[Part], start: int, end: int) -> ast.Node:
        """The rule with the uncompiled items of its list: further alternatives (`or`), or further requirements."""
        unlisted = self._unlisted(parts, start, end)
        if unlisted is None:
            return rule
        missing, alternatives = unlisted
        return either(rule, missing) if alternatives else both(rule, missing)

    def _excepting(self, rule: ast.Node, exceptions: list[ast.Unresolved]) -> ast.Node:
        """An uncompiled exception narrows an exclusion (`and`) and widens an inclusion (`or`)."""
        for missing in exceptions:
            rule = both(rule, missing) if self.exclusion else either(rule, missing)
        return rule

    def _obligation(self, start: int, end: int) -> re.Match | None:
        """"Women of childbearing potential must ...": a modal after the sentence's subject (not "who must")."""
        match = phrases.pattern("obligation").search(self.text, start, min(end, start + 120))
        if match is None or _RELATIVE.search(self.text, start, match.start()):
            return None
        subject = self.text[start : match.start()]
        if re.search(r"[,;:]", subject) or self._conditional(start, match.start()):
            return None
        return match if not subject.strip() or phrases.pattern("person").search(subject) else None

    def _sex_subject(self, start: int, end: int) -> ast.Node | None:
        """"Male participant must ...": the sex the obligation is about."""
        for word in re.findall(r"[A-Za-z]+", self.text[start:end]):
            sex = phrases.value("sex", word)
            if sex is not None:
                return ast.Compare(concept="sex", op="=", value=ast.Category(value=sex))
        return None

    def _exemption(self, start: int, exemption: re.Match) -> ast.Node | None:
        """"Women of non-childbearing potential are not required to use contraception": everyone else is."""
        subject, _ = self._parts(start, exemption.start())
        if self.exclusion or not subject:
            return None
        condition = negate(self._join(subject))
        detail = f"{_quote(self.text[exemption.end():].strip(' .'), 80)!r} applies to everyone else; it is a commitment, not a record"
        return ast.If(condition=condition, then=self._unresolved("consent", detail))

    # --- the criterion ---------------------------------------------------------------------------------
    def _exceptional(self, start: int, end: int) -> bool:
        """A sentence that widens what the criterion allows: an exception, a note, a conditional relaxation."""
        return bool(
            self._cues("exception", start, end)
            or EXCEPTION_LIST.search(self.text, start, end)
            or _NOTE.match(self.text, start)
            or self._conditional(start, end)
        )

    def _tail(self, rule: ast.Node, node: ast.Node | None, start: int, end: int, exceptional: bool) -> ast.Node:
        """A further sentence joined to the rule.

        A procedure ("Subjects will undergo testing ...") adds nothing. An obligation ("Participants must ...") is a
        further requirement of an inclusion (`and`) and a further exclusion (`or`), unresolved if it did not compile or
        has exceptions. An exception, a note or a definition ("... are considered measurable if ...") is an
        uncompiled exception. Any other sentence that compiles is a further requirement or exclusion.
        """
        quote = _quote(self.text[start:end], 100)
        if phrases.pattern("procedural").search(self.text, start, end):
            return rule
        if node is not None and re.match(r"\W*or\b", self.text[start:end], re.I):
            return either(conjunctive(rule), conjunctive(node))
        if _NOTE.match(self.text, start) or self._conditional(start, end):
            return self._excepting(rule, [self._unresolved("ambiguous", f"the exception {quote!r} was not compiled")])
        obligation = phrases.pattern("obligation").search(self.text, start, end) is not None
        exceptional = exceptional or phrases.pattern("exception_word").search(self.text, start, end) is not None
        if obligation and (node is None or exceptional):
            node = self._unresolved("unsupported", f"{quote!r} was not compiled")
        elif exceptional:
            return self._excepting(rule, [self._unresolved("ambiguous", f"the exception {quote!r} was not compiled")])
        elif phrases.pattern("definitional").search(self.text, start, end):
            return either(rule, self._unresolved("ambiguous", f"the definition {quote!r} was not compiled"))
        if node is None:
            return rule
        return either(rule, node) if self.exclusion else both(rule, node)

    def compile(self) -> Outcome:
        early = self._screening_only()
        if early is not None:
            return early
        pieces = [(start, end, self._sentence(start, end)) for start, end in self.sentences]
        if all(node is None for _, _, node in pieces):
            return outcome(self._missing())
        (head_start, head_end, rule), tails = pieces[0], pieces[1:]
        rule = rule or self._missing()
        in_exceptions = bool(EXCEPTION_LIST.search(self.text, head_start, head_end))
        for start, end, node in tails:
            exceptional = in_exceptions or self._exceptional(start, end)
            rule = self._tail(rule, node, start, end, exceptional)
            in_exceptions = in_exceptions or bool(EXCEPTION_LIST.search(self.text, start, end)) or (exceptional and self.text[:end].rstrip().endswith(":"))
        return outcome(self._with_qualifiers(self._consistent(rule, 0, len(self.text))))

    def _missing(self) -> ast.Unresolved:
        """Why nothing compiled: a vague word, else nothing known."""
        vague = self._cues("vague")
        if vague:
            return self._unresolved("vague", f"{vague[0][0].text!r} is not defined by a measurable threshold")
        return self._unresolved("unsupported", "no known concept, threshold or time window was recognised")

    def _with_qualifiers(self, rule: ast.Node) -> ast.Node:
        """Vague qualifiers of the first sentence outside every mention, and consent or judgement cues, leave the
        criterion partly compiled (a vague word in an exception is part of the exception)."""
        spans = [_relative(item.span, self.base) for item in (*self.facts.mentions, *self.facts.thresholds, *self.facts.windows)]
        loose = [c for c, s, e in self._cues("vague", *self.sentences[0]) if not any(a <= s and e <= b for a, b in spans) and c.text.lower() not in STATUS_WORDS]
        extra = [self._unresolved("vague", f"{c.text!r} is not defined") for c in loose[:1]]
        reasons = {n.reason for n in ast.walk(rule) if isinstance(n, ast.Unresolved)}
        for category in ("judgement", "consent"):
            if category not in reasons:
                extra += [self._unresolved(category, f"depends on {c.text!r}") for c, _, _ in self._requirement_cues(category)[:1]]
        for node in extra:
            rule = both(rule, node)
        return rule
