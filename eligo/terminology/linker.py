"""Linking text to terminology concepts: exact aliases first, then similarity, never a guess.

Two entry points, no spaCy:

* `find(text)`: the concepts named in running text, by exact normalised alias
  (case, punctuation and line breaks do not matter), longest match first, so
  the most specific concept wins ("extrapulmonary tuberculosis", not
  "tuberculosis" inside it). All word n-grams of the text are looked up in one
  query of the store's alias index; an n-gram that is no alias is tried again in
  the other spellings prose uses (`variants.py`: "mental illnesses", "drug
  dependency", "pancreatic diseases", "diseases of the pancreas"), each an exact
  alias or nothing. Aliases too generic to mark in prose
  (`data/unlinked.jsonl`: "tumor" alone is no malignancy, "disease", "history"),
  one-word names of SNOMED CT (mostly generic: "Female", "Procedure"), one-word
  aliases under five letters that are not curated (a curated abbreviation of a
  vocabulary's concept is: "T2D", "NAFLD"), one-word synonyms that no MONDO or HPO
  concept has as its name ("migraine" is HPO's), and curated abbreviations
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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from eligo.datafiles import word_values, words
from eligo.lexicon import Word, leftmost_longest, surface_key, text_words
from eligo.terminology.store import RANK, TermConcept, Terminology
from eligo.terminology.variants import inversions, singular, word_forms

THRESHOLD = 0.8
MAX_WORDS = 8
_BLOCK = 2048  # words looked up at once


@lru_cache(maxsize=1)
def _qualifiers() -> frozenset[str]:
    """Leading words of a mention that are not part of the concept's name
    (`data/qualifiers.jsonl`)."""
    return frozenset(words("eligo.terminology.data", "qualifiers", "qualifiers.jsonl"))


def _withsingular(words: list[str]) -> list[str]:
    return [" ".join(words), " ".join([*words[:-1], singular(words[-1])])]


@lru_cache(maxsize=1)
def _mention_words() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, str], frozenset[str]]:
    """Words around a concept's name in a mention (`data/mention_words.jsonl`): trailing and leading
    ones that are not part of the name, longest first; class nouns that stand for "disorder" or
    "infection"; prefixes written apart."""
    package, name = "eligo.terminology.data", "mention_words.jsonl"

    def by_length(phrases: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted((surface_key(p) for p in phrases), key=len, reverse=True))

    heads = {surface_key(k): str(v) for k, v in word_values(package, "heads", name).items()}
    prefixes = frozenset(words(package, "prefixes", name))
    return (
        by_length(words(package, "trailing", name)),
        by_length(words(package, "leading", name)),
        heads,
        prefixes,
    )


def _rewrites(key: str) -> list[str]:
    """A mention's key without the words around its name: a trailing word ("chemotherapy regimen"),
    a leading specimen or time ("serum levels of HDL cholesterol"), a class noun said another way
    ("psychiatric complaints"), a head put first ("infection with HIV"), a prefix joined
    ("anti-coagulation"); each rewrite of each earlier one, in that order."""
    trailing, leading, heads, prefixes = _mention_words()
    found = [key]
    for form in found:  # grows while read: every rewrite is rewritten again
        words = form.split(" ")
        candidates = [form[: -len(t) - 1] for t in trailing if form.endswith(" " + t)]
        candidates += [form[len(lead) + 1 :] for lead in leading if form.startswith(lead + " ")]
        if len(words) > 1 and words[-1] in heads:
            candidates.append(" ".join([*words[:-1], heads[words[-1]]]))
        if len(words) > 2 and words[1] in ("with", "of"):
            candidates.append(" ".join([*words[2:], words[0]]))
        joined = next((i for i, word in enumerate(words[:-1]) if word in prefixes), None)
        if joined is not None:
            candidates.append(
                " ".join([*words[:joined], words[joined] + words[joined + 1], *words[joined + 2 :]])
            )
        found += [c for c in candidates if c and c not in found]
    return found[1:]


def normal_forms(text: str) -> list[str]:
    """Keys to try after the exact one: the last word singular; without leading qualifiers (each
    also singular); a closing bracket's outside and inside ("PD-L1 inhibitors (anti-PD-L1)",
    "follicle-stimulating hormone [FSH]"); then the rewrites of `_rewrites`."""
    key = surface_key(text)
    words = key.split(" ")
    forms = _withsingular(words)[1:]
    while len(words) > 1 and words[0] in _qualifiers():
        words = words[1:]
        forms += _withsingular(words)
    inside = re.search(r"[(\[]([^()\[\]]+)[)\]]\s*$", text)
    if inside and surface_key(text[: inside.start()]):
        forms += [surface_key(text[: inside.start()]), surface_key(inside.group(1))]
    forms += [
        f
        for form in [key, *forms]
        for rewrite in _rewrites(form)
        for f in _withsingular(rewrite.split(" "))
    ]
    return [f for f in dict.fromkeys(forms) if f and f != key]


@lru_cache(maxsize=1)
def _unlinked() -> frozenset[str]:
    """Aliases that name a concept only in a longer phrase, never alone in prose
    (`data/unlinked.jsonl`)."""
    return frozenset(
        surface_key(phrase)
        for phrase in words("eligo.terminology.data", "unlinked", "unlinked.jsonl")
    )


@dataclass(frozen=True)
class TermMatch:
    """A concept named at `text[start:end]`."""

    start: int
    end: int
    concept: TermConcept


@dataclass(frozen=True)
class Link:
    """What a mention links to: a concept (how: exact, normalised or similar, with the score), or
    none with the nearest candidate."""

    text: str
    code: str | None
    name: str | None
    how: str
    score: float = 1.0
    nearest: str | None = None


# sources whose one-word names are specific enough to mark in prose ("endocarditis", "jaundice",
# "digoxin"); SNOMED CT's one-word names are mostly generic ("Female", "Procedure", "Fasting")
_ONE_WORD_SOURCES = frozenset({"curated", "mondo", "hpo", "drugbank", "icd10cm"})
# sources whose one-word synonyms are names too (brands, curated abbreviations); elsewhere a
# one-word synonym is often an adjective ("infectious" for infectious disease, "idiopathic")
_ONE_WORD_SYNONYMS = frozenset({"curated", "drugbank"})
# vocabularies whose preferred one-word names are names of conditions, also where another
# concept ranks first with the word as a synonym ("migraine": HPO's name, MONDO's synonym)
_NAMING = frozenset({"mondo", "hpo"})


def _linkable(key: str, surface: str, concept: TermConcept) -> bool:
    """Whether an exact alias match may stand in prose: not a generic word, and a short abbreviation
    written as one. A curated abbreviation counts as curated when its concept is a vocabulary's
    ("T2D", "NAFLD": MONDO concepts named by `data/abbreviations.jsonl`)."""
    if key in _unlinked() or key.isdigit():
        return False
    if " " in key:  # not into a bracket left open: "pancreatitis (acute" is not acute pancreatitis
        return not _opens(surface)
    if key.isalpha() and len(key) > 4 and Terminology.load().vocabulary_name(key, _NAMING):
        return True  # "migraine": a disease vocabulary's own name for a concept
    source = "curated" if Terminology.load().curated_alias(key, concept.code) else concept.source
    if source not in _ONE_WORD_SOURCES or (source != "curated" and len(key) < 5):
        return False
    if source not in _ONE_WORD_SYNONYMS and key != surface_key(concept.name):
        return False
    return len(key) > 4 or any(c.isupper() for c in surface)  # "Mg" is magnesium, "mg" a unit


def _opens(surface: str) -> bool:
    """Whether a bracket opens in `surface` and does not close in it ("GLP-1) receptor agonist",
    an abbreviation then its head, closes one it did not open: that is fine)."""
    depth = 0
    for char in surface:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
    return depth > 0


def _grams(
    words: list[Word], first: int, last: int, store: Terminology
) -> dict[tuple[int, int], str]:
    """The word n-grams (of up to `MAX_WORDS` words) that start in `first`..`last` and may be an
    alias, by their first and last word: an n-gram grows by a word only while it, or one of its
    other spellings (`variants.word_forms`), is the start of some alias's key
    (`Terminology.extendable`), a level of lengths at a time, so the store is probed for a fifth of
    all n-grams."""
    grams = {(start, start): words[start][2] for start in range(first, last)}
    growing = dict(grams)
    for _ in range(1, MAX_WORDS):
        if not growing:
            break
        forms = {key: [key, *word_forms(key, prefix=True)] for key in growing.values()}
        extendable = store.extendable(f for keys in forms.values() for f in keys)
        growing = {
            (start, end + 1): f"{key} {words[end + 1][2]}"
            for (start, end), key in growing.items()
            if not extendable.isdisjoint(forms[key]) and end + 1 < len(words)
        }
        grams.update(growing)
    return grams


def _spellings(
    words: list[Word], first: int, last: int, store: Terminology
) -> dict[tuple[int, int], list[str]]:
    """The keys to look up for each word n-gram of `_grams` and each inverted phrase
    (`variants.inversions`): as written first, then the other spellings prose uses."""
    found = {at: [key, *word_forms(key)] for at, key in _grams(words, first, last, store).items()}
    for (start, end), keys in inversions([w[2] for w in words[first:last]]).items():
        found.setdefault((first + start, first + end), []).extend(keys)
    return found


def find(text: str, types: Iterable[str] | None = None) -> list[TermMatch]:
    """Concepts named in `text`, left to right, the longest alias winning where aliases overlap.

    The word n-grams are looked up a block of words at a time, so memory stays bounded on a protocol
    written as one long line."""
    words = text_words(text)
    store = Terminology.load()
    first = -1
    grams: dict[tuple[int, int], list[str]] = {}
    known: dict[str, TermConcept] = {}
    ends: dict[int, list[int]] = {}

    def longest_at(index: int) -> tuple[int, TermConcept] | None:
        nonlocal first, grams, known, ends
        if index - index % _BLOCK != first:
            first = index - index % _BLOCK
            grams = _spellings(words, first, min(len(words), first + _BLOCK), store)
            known = store.lookup_keys((k for keys in grams.values() for k in keys), types)
            ends = _named_ends(grams, known)
        for end in ends.get(index, ()):
            # longest first; as written, then other spellings;
            qualified = end + 1 < len(words) and words[end + 1][2] == "of"
            for rank, key in enumerate(grams.get((index, end), ())):
                # another spelling names no root, nor a name an "of" phrase still qualifies
                # ("squamous cell cancers of the skin" is no squamous cell cancer of any site)
                if key not in known or (rank and (_generic(known[key]) or qualified)):
                    continue
                if _linkable(key, text[words[index][0] : words[end][1]], known[key]):
                    return end, known[key]
        return None

    return [
        TermMatch(start, end, concept)
        for start, end, concept in leftmost_longest(words, longest_at)
    ]


def _named_ends(
    grams: dict[tuple[int, int], list[str]], known: dict[str, TermConcept]
) -> dict[int, list[int]]:
    """For each first word, the last words (of at most `MAX_WORDS` words, longest first) of its
    n-grams some key of which names a concept: the only ones `find` need try (most name
    nothing)."""
    ends: dict[int, list[int]] = {}
    for (start, end), keys in grams.items():
        if end - start < MAX_WORDS and any(k in known for k in keys):
            ends.setdefault(start, []).append(end)
    for found in ends.values():
        found.sort(reverse=True)
    return ends


def _generic(concept: TermConcept) -> bool:
    """Words that name no concept a rule could test: the root of a vocabulary's hierarchy ("medical
    condition" is MONDO's `disease`)."""
    return concept.source in ("mondo", "hpo") and not Terminology.load().parents(concept.code)


_FUNCTION_WORDS = frozenset({"of", "the", "and", "or", "with", "in", "to", "for", "by", "on"})


def _narrower(key: str, alias: str) -> bool:
    """Whether a similar alias narrows a one-word mention: has its word and more ("substance" is not
    substance P, "contraindication" not a medical contraindication) or is one word containing it
    ("intolerance" is not lactose intolerance, "sensitivity" not photosensitivity). Longer mentions
    keep their nearest alias: their own words already say which concept (a qualifier is a filter of
    the rule, not another concept)."""
    mine, theirs = (
        {singular(w) for w in k.split(" ") if w not in _FUNCTION_WORDS} for k in (key, alias)
    )
    if len(mine) != 1:
        return False
    word = next(iter(mine))
    return (
        len(theirs) > 1
        and word in theirs
        or len(theirs) == 1
        and word != next(iter(theirs))
        and word in next(iter(theirs))
    )


def link(text: str, types: Iterable[str] | None = None) -> Link:
    """The concept one mention names: exact alias, else that of a normal form, else an abbreviation
    of several meanings whose one meaning of `types` it is ("ASA" as a drug), else the most similar
    alias of the same breadth at or above THRESHOLD, else none. A vocabulary's root (`_generic`) is
    none at once."""
    store = Terminology.load()
    types = tuple(types) if types is not None else None
    key = surface_key(text)
    forms = normal_forms(text)
    # the text as written, or its singular: whichever names a concept of the better-ranked source
    # ("eating disorders" is MONDO's eating disorder before ICD-10-CM's block of that name)
    written = store.lookup_keys([key, *forms[:1]], types)
    exact = min(
        (written[k] for k in (key, *forms[:1]) if k in written),
        key=lambda c: RANK[c.source],
        default=None,
    )
    if exact is not None and _generic(exact):
        return Link(text, None, None, "none", 0.0, f"{exact.code} {exact.name} (too generic)")
    if exact is not None:
        return Link(
            text, exact.code, exact.name, "exact" if written.get(key) == exact else "normalised"
        )
    known = store.lookup_keys(forms, types)
    normal = next((known[f] for f in forms if f in known and not _generic(known[f])), None)
    if normal is not None:
        return Link(text, normal.code, normal.name, "normalised")
    if types is not None:
        meanings = store.lookup_keys([key, *forms], types, ambiguous=True)
        meaning = next((meanings[f] for f in (key, *forms) if f in meanings), None)
        if meaning is not None:
            return Link(text, meaning.code, meaning.name, "abbreviation")
    candidates = store.similar(text, types)
    similar = [s for s in candidates if not _narrower(key, s[1])]
    if similar and similar[0][0] >= THRESHOLD:
        score, _, concept = similar[0]
        return Link(text, concept.code, concept.name, "similar", round(score, 3))
    nearest = (
        f"{candidates[0][2].code} {candidates[0][2].name} ({candidates[0][0]:.2f})"
        if candidates
        else None
    )
    return Link(
        text, None, None, "none", round(candidates[0][0], 3) if candidates else 0.0, nearest
    )


def same_breadth(text: str, code: str, types: Iterable[str]) -> TermConcept | None:
    """The vocabulary concept `text` names exactly when it lies below `code` (a subtype, a named
    agent), else None: `code` is as broad as the words. Curated concepts are left to the lexicon
    (they carry the compiler's qualifiers, "active", "prior"), and so are words never linked alone
    (`data/unlinked.jsonl`: "tumor")."""
    store = Terminology.load()
    named = store.lookup(text, types)
    if (
        named is None
        or named.source == "curated"
        or named.code == code
        or surface_key(text) in _unlinked()
    ):
        return None
    return (
        named
        if code in store.closure(named.code) and named.code not in store.closure(code)
        else None
    )
