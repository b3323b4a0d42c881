"""Linking text to terminology concepts: exact aliases first, then similarity, never a guess.

Two entry points, no spaCy:

* `find(text)`: the concepts named in running text, by exact normalised alias
  (case, punctuation and line breaks do not matter), longest match first, so
  the most specific concept wins ("extrapulmonary tuberculosis", not
  "tuberculosis" inside it). All word n-grams of the text are looked up in one
  query of the store's alias index. Aliases too generic to mark in prose
  (`data/unlinked.jsonl`: "tumor" alone is no malignancy, "disease", "history"),
  one-word names of SNOMED CT (mostly generic: "Female", "Procedure"), one-word
  aliases under five letters that are not curated, and curated abbreviations
  written in lower case ("mg" is a unit, "Mg" magnesium) are skipped.
* `link(text, types)`: the one concept a mention names (a list item, a gold
  mention): its exact alias (the curated abbreviations are aliases of rank 0,
  so "HTN" or "T2DM" resolve before anything fuzzy), else the exact alias of a
  normalised form (plural to singular: "allergies", "wounds"; leading
  qualifiers dropped, `data/qualifiers.jsonl`: "severe anemia", "history of
  asthma"; the rule keeps degree and time in its filters), else the most similar
  alias by character-trigram cosine when it reaches `THRESHOLD`; below it the
  mention stays uncoded (`Link.code is None`, with the best candidate as a
  warning), never a guess.
* `same_breadth(text, code, types)`: a hand-lexicon concept read from a
  phrase keeps its code only where the phrase's words name no narrower concept:
  when the terminology names the words exactly as a concept below the
  lexicon's ("type 2 diabetes" under diabetes, "heart disease" under
  cardiovascular disease, "cirrhosis" under liver disease), that concept is
  what the words say, and a rule on the lexicon's concept would be broader
  than the criterion. Evaluation counts a record for everything above its
  code, so the exact subtype loses no patient. (A lexicon phrase broader than
  its concept, "renal disease" for renal failure, is a data error, found by
  `tests/test_lexicon.py`.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from eligo.datafiles import words
from eligo.lexicon import leftmost_longest, surface_key, text_words
from eligo.terminology.store import RANK, TermConcept, Terminology

THRESHOLD = 0.8
MAX_WORDS = 8
_BLOCK = 2048  # words looked up at once


@lru_cache(maxsize=1)
def _qualifiers() -> frozenset[str]:
    """Leading words of a mention that are not part of the concept's name (`data/qualifiers.jsonl`)."""
    return frozenset(words("eligo.terminology.data", "qualifiers", "qualifiers.jsonl"))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normal_forms(text: str) -> list[str]:
    """Keys to try after the exact one: the last word singular, then without leading qualifiers (each also singular)."""
    words = surface_key(text).split(" ")
    forms = [" ".join([*words[:-1], _singular(words[-1])])]
    while len(words) > 1 and words[0] in _qualifiers():
        words = words[1:]
        forms += [" ".join(words), " ".join([*words[:-1], _singular(words[-1])])]
    return [f for f in dict.fromkeys(forms) if f and f != surface_key(text)]


@lru_cache(maxsize=1)
def _unlinked() -> frozenset[str]:
    """Aliases that name a concept only in a longer phrase, never alone in prose (`data/unlinked.jsonl`)."""
    return frozenset(surface_key(phrase) for phrase in words("eligo.terminology.data", "unlinked", "unlinked.jsonl"))


@dataclass(frozen=True)
class Found:
    """A concept named at `text[start:end]`."""

    start: int
    end: int
    concept: TermConcept


@dataclass(frozen=True)
class Link:
    """What a mention links to: a concept (how: exact, normalised or similar, with the score), or none with the nearest candidate."""

    text: str
    code: str | None
    name: str | None
    how: str
    score: float = 1.0
    nearest: str | None = None


# sources whose one-word names are specific enough to mark in prose ("endocarditis", "jaundice", "digoxin");
# SNOMED CT's one-word names are mostly generic ("Female", "Procedure", "Fasting")
_ONE_WORD_SOURCES = frozenset({"curated", "mondo", "hpo", "drugbank", "icd10cm"})
# sources whose one-word synonyms are names too (brands, curated abbreviations); elsewhere a one-word synonym is
# often an adjective ("infectious" for infectious disease, "idiopathic")
_ONE_WORD_SYNONYMS = frozenset({"curated", "drugbank"})


def _linkable(key: str, surface: str, concept: TermConcept) -> bool:
    """Whether an exact alias match may stand in prose: not a generic word, and a short abbreviation written as one."""
    if key in _unlinked() or key.isdigit():
        return False
    if " " in key:
        return True
    if concept.source not in _ONE_WORD_SOURCES or (concept.source != "curated" and len(key) < 5):
        return False
    if concept.source not in _ONE_WORD_SYNONYMS and key != surface_key(concept.name):
        return False
    return len(key) > 4 or any(c.isupper() for c in surface)  # "Mg" is magnesium, "mg" a unit


def find(text: str, types: Iterable[str] | None = None) -> list[Found]:
    """Concepts named in `text`, left to right, the longest alias winning where aliases overlap.

    The word n-grams are looked up a block of words at a time, so memory stays bounded on a protocol written
    as one long line."""
    words = text_words(text)
    store = Terminology.load()
    first = -1
    grams: dict[tuple[int, int], str] = {}
    known: dict[str, TermConcept] = {}

    def longest_at(index: int) -> tuple[int, TermConcept] | None:
        nonlocal first, grams, known
        if index - index % _BLOCK != first:
            first, grams = index - index % _BLOCK, {}
            for start in range(first, min(len(words), first + _BLOCK)):
                key = ""
                for end in range(start, min(len(words), start + MAX_WORDS)):
                    key = f"{key} {words[end][2]}" if key else words[end][2]
                    grams[(start, end)] = key
            known = store.lookup_keys(grams.values(), types)
        for end in range(min(len(words), index + MAX_WORDS) - 1, index - 1, -1):
            key = grams[(index, end)]
            if key in known and _linkable(key, text[words[index][0] : words[end][1]], known[key]):
                return end, known[key]
        return None

    return [Found(start, end, concept) for start, end, concept in leftmost_longest(words, longest_at)]


def link(text: str, types: Iterable[str] | None = None) -> Link:
    """The concept one mention names: exact alias, else the most similar alias at or above THRESHOLD, else none."""
    store = Terminology.load()
    types = tuple(types) if types is not None else None
    key = surface_key(text)
    forms = normal_forms(text)
    # the text as written, or its singular: whichever names a concept of the better-ranked source
    # ("eating disorders" is MONDO's eating disorder before ICD-10-CM's block of that name)
    written = store.lookup_keys([key, *forms[:1]], types)
    exact = min((written[k] for k in (key, *forms[:1]) if k in written), key=lambda c: RANK[c.source], default=None)
    if exact is not None:
        return Link(text, exact.code, exact.name, "exact" if written.get(key) == exact else "normalised")
    known = store.lookup_keys(forms, types)
    normal = next((known[f] for f in forms if f in known), None)
    if normal is not None:
        return Link(text, normal.code, normal.name, "normalised")
    similar = store.similar(text, types, limit=1)
    if similar and similar[0][0] >= THRESHOLD:
        score, concept = similar[0]
        return Link(text, concept.code, concept.name, "similar", round(score, 3))
    nearest = f"{similar[0][1].code} {similar[0][1].name} ({similar[0][0]:.2f})" if similar else None
    return Link(text, None, None, "none", round(similar[0][0], 3) if similar else 0.0, nearest)


def same_breadth(text: str, code: str, types: Iterable[str]) -> TermConcept | None:
    """The vocabulary concept `text` names exactly when it lies below `code` (a subtype, a named agent), else None:
    `code` is as broad as the words. Curated concepts are left to the lexicon (they carry the compiler's qualifiers,
    "active", "prior"), and so are words never linked alone (`data/unlinked.jsonl`: "tumor")."""
    store = Terminology.load()
    named = store.lookup(text, types)
    if named is None or named.source == "curated" or named.code == code or surface_key(text) in _unlinked():
        return None
    return named if code in store.closure(named.code) and named.code not in store.closure(code) else None
