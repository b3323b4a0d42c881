"""When a terminology name may take the place of the lexicon mentions it overlaps.

The concept matcher (`concepts.py`) marks the hand lexicon's mentions first, then the
terminology's names where the lexicon names nothing; a longer terminology name that overlaps
lexicon mentions wins only where it says the same thing more specifically: over a mention that is
its head ("listeria infection"), over a modifier of a concept listed below the modifier's own
("diabetic ketoacidosis"), or over a modifier of what the rest of the name names by itself
("diabetic retinopathy"), and over a mention that is only an inner word of it ("K" in "vitamin K
antagonists" is no potassium) or a measure opening a longer name of what is had or taken, with no
value after it ("calcium antagonists", "potassium-sparing diuretics", "age-related macular
degeneration": no calcium, potassium or age is measured). Elsewhere ("hypersensitivity
reaction", "allergic reaction") the lexicon's concept stands. A longer name of the mention's own
concept ("unstable angina pectoris") always covers it. A measure's name followed by a head noun
that makes it another measured thing ("creatinine kinase": `mention_context.head_after`) is that
longer name's own measure, where the lexicon or the linker knows one named by that head, or no
mention at all: never the shorter measure.
"""

from __future__ import annotations

from functools import lru_cache

from eligo.lexicon import Concept, Lexicon, surface_key
from eligo.parser.mention_context import measured_after
from eligo.terminology.linker import TermMatch, find, link
from eligo.terminology.store import Terminology

# the mention kind of each terminology type linked in prose (labs and measures come from the
# lexicon, with units; procedures only where `concepts._prose_procedures` lists them: most are
# examinations a criterion mentions without requiring them)
TERM_KINDS = {
    "condition": "condition",
    "finding": "condition",
    "drug": "treatment",
    "drug_class": "treatment",
    "procedure": "procedure",
}


def outside_or_within(
    start: int, end: int, outer_start: int, outer_end: int, same_kind: bool
) -> bool:
    """Whether a lexicon mention leaves room for a terminology one: apart from it, or its head (the
    last words) with modifiers before it, and of the same kind, so the more specific name wins
    ("listeria infection" is listeriosis, not any infection) but a name with another head does not
    ("hypersensitivity reaction" is still an allergy to what it names), and a measure stays a
    measure ("body mass index (BMI)" is no ICD-10-CM condition)."""
    apart = end <= outer_start or outer_end <= start
    return apart or (same_kind and outer_start < start and end == outer_end)


def restated(start: int, end: int, named: str, term: TermMatch) -> bool:
    """Whether a longer terminology name holding a lexicon mention names the mention's own concept
    ("unstable angina pectoris" around "unstable angina"): the same concept said in full, whose
    words the mention should cover."""
    return term.start <= start and end <= term.end and named == term.concept.name


def inner(start: int, end: int, term: TermMatch) -> bool:
    """Whether a lexicon mention lies strictly inside a terminology name, neither its first words
    nor its head ("K" in "vitamin K antagonists", "insulin" in "non-insulin-dependent diabetes
    mellitus"): a word of the longer name, which names one concept, not a mention of its own."""
    return term.start < start and end < term.end


# lexicon kinds that are measured (a value compared), not had or taken
MEASURES = frozenset({"demographic", "score", "observation"})
# measures a head noun after the name makes another thing ("creatinine kinase", "height velocity");
# after a score's name the word is the score's ("Karnofsky index")
HEADED = frozenset({"demographic", "observation"})


def measure_opening(text: str, start: int, end: int, kind: str, term: TermMatch) -> bool:
    """Whether a lexicon measure opens a longer terminology name of a condition or a treatment that
    no value follows ("calcium antagonists", "age-related macular degeneration"): the name says
    what is had or taken, the measure's word is a word of it; with a value after it ("weight loss
    > 5 %") the measure stays."""
    return (
        kind in MEASURES
        and start == term.start
        and end < term.end
        and TERM_KINDS[term.concept.type] in ("condition", "treatment")
        and not measured_after(text, term.end)
    )


def narrowed(
    lexicon: Lexicon, start: int, end: int, kind: str, named: str, term: TermMatch
) -> bool:
    """Whether a lexicon mention at the start of a longer terminology name is a modifier of a
    concept below its own ("diabetic ketoacidosis" is no diabetes but a complication listed
    under it): the narrower name wins, so a rule is never broader than the words."""
    concept = lexicon.get(named)
    if (
        start != term.start
        or end >= term.end
        or concept is None
        or concept.code is None
        or TERM_KINDS[term.concept.type] != kind
    ):
        return False
    store = Terminology.load()
    return concept.code in store.closure(term.concept.code) and term.concept.code not in (
        store.closure(concept.code)
    )


def modifies(lexicon: Lexicon, text: str, start: int, end: int, kind: str, term: TermMatch) -> bool:
    """Whether a lexicon mention opening a longer terminology name only modifies what the rest
    of the name names by itself ("diabetic retinopathy", "diabetic nephropathy": retinopathy,
    nephropathy; not "allergic reaction", whose rest names nothing): the longer name is one
    concept, and the rule on the modifier's own concept would be another disease."""
    if start != term.start or end >= term.end or TERM_KINDS[term.concept.type] != kind:
        return False
    rest = text[end : term.end].strip()
    kinds = [t for t, k in TERM_KINDS.items() if k == kind]
    return any(  # named as prose names it: "disease" alone names nothing
        t.start == 0 and t.end == len(rest) and t.concept.source != "curated"
        for t in find(rest, kinds)
    ) or any(
        m.start == 0 and m.end == len(rest) and m.concept.kind == kind for m in lexicon.find(rest)
    )


@lru_cache(maxsize=1)
def _measures_by_code() -> dict[str, Concept]:
    """The lexicon's measures by terminology code (a hand concept before a derived lab)."""
    found: dict[str, Concept] = {}
    for concept in Lexicon.load():
        if concept.kind in MEASURES and concept.code is not None:
            found.setdefault(concept.code, concept)
    return found


def longer_measure(lexicon: Lexicon, words: str, head: str, shorter: Concept) -> Concept | None:
    """The measure a longer name names, the shorter measure's name and a head noun after it
    ("creatinine kinase"): the lexicon's measure of that name, else the one the linker links it to
    (a misspelling: creatine kinase) where that concept is named by the head too and is not the
    shorter one; else None, and the words are left for the compiler to warn about."""
    known = lexicon.lookup(words)
    if known is not None:
        return known if known.kind in MEASURES and known.id != shorter.id else None
    linked = link(words, ("lab", "measure"))
    if linked.code is None or linked.code == shorter.code or linked.name is None:
        return None
    if head not in surface_key(linked.name).split():
        return None
    return _measures_by_code().get(linked.code)
