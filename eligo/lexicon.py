"""The concept lexicon: what a criterion can name, with standard codes.

`eligo/data/concepts.jsonl` holds one concept a line (id, preferred name, kind,
default UCUM unit, codes in LOINC / SNOMED CT / UMLS where known, the concept's
`code` in the terminology (`eligo.terminology`: MONDO:..., HP:..., LOINC:...,
DRUGBANK:..., SNOMED:...) where one fits, synonyms, and the one sex that can have it where
only one can), so
"ECOG PS", "Eastern Cooperative Oncology Group performance status" and
"PS (ECOG)" are one concept, `ecog`. The file is the source of truth, validated
here when loaded. Every curated lab or measure of the terminology that has a unit
(`eligo/terminology/data/labs.jsonl`: C-peptide, FSH, QRS duration, ...) is a
measure too, derived when loaded (`measured_labs`), so a comparison on it compiles
with its LOINC code; a hand concept with the same code or a same name wins.
No spaCy import: the rule checker and the evaluator use the lexicon too, so
`Lexicon.find` is a plain longest-match over word keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from eligo.datafiles import load_jsonl
from eligo.terminology.curated import curated_concepts

ConceptKind = Literal[
    "demographic", "score", "observation", "condition", "treatment", "procedure", "event"
]

# A word: letters and digits, with inner apostrophes ("crohn's"); everything else separates words.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

Word = tuple[int, int, str]  # start, end, lower-cased text
Named = TypeVar("Named")


def text_words(text: str) -> list[Word]:
    """The words of `text` as the lexicon and the terminology linker match them."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def leftmost_longest(
    words: list[Word], longest_at: Callable[[int], tuple[int, Named] | None]
) -> list[tuple[int, int, Named]]:
    """Matches left to right, none overlapping: at each word the longest match starting there
    (`longest_at` gives its last word and what it names), else the next word. Character offsets,
    start and end."""
    found: list[tuple[int, int, Named]] = []
    index = 0
    while index < len(words):
        match = longest_at(index)
        if match is None:
            index += 1
            continue
        end, value = match
        found.append((words[index][0], words[end][1], value))
        index = end + 1
    return found


class Concept(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    kind: ConceptKind
    unit: str | None = None
    codes: dict[Literal["loinc", "snomed", "umls"], str] = Field(default_factory=dict)
    code: str | None = Field(default=None, pattern=r"^[A-Z][A-Z0-9]*:[A-Za-z0-9][A-Za-z0-9._-]*$")
    synonyms: tuple[str, ...] = Field(
        default=(), validation_alias="phrases"
    )  # a data file's list of phrases is `phrases`
    # the one sex that can have the condition (childbearing potential, breastfeeding): a patient of
    # the other sex has none, recorded or not
    sex: Literal["female", "male"] | None = None


@dataclass(frozen=True)
class ConceptMatch:
    """A concept named in a text, `text[start:end]`."""

    start: int
    end: int
    concept: Concept


def surface_key(text: str) -> str:
    """The words of `text` in lower case, so "PS (ECOG)", "ps(ecog)" and "PS-ECOG" look alike."""
    return " ".join(_WORD.findall(text.lower()))


class Lexicon:
    def __init__(self, concepts: list[Concept], derived: frozenset[str] = frozenset()):
        self._by_id = {c.id: c for c in concepts}
        # the ids of the measures derived from the curated labs (`measured_labs`): their names are
        # often a drug's too ("C-peptide"), so the parser takes them as measures only before a value
        self.derived = derived
        self._by_surface: dict[str, Concept] = {}
        for concept in concepts:
            for surface in (concept.id.replace("_", " "), concept.name, *concept.synonyms):
                self._by_surface.setdefault(surface_key(surface), concept)
        # every proper word prefix of a surface ("eastern cooperative" of "eastern cooperative
        # oncology group"): `find` extends a candidate only while it can still become a name
        self._prefixes = {
            " ".join(words[:n])
            for key in self._by_surface
            for words in [key.split(" ")]
            for n in range(1, len(words))
        }

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Lexicon:
        hand = load_jsonl("eligo.data", "concepts.jsonl", Concept)
        labs = measured_labs(hand)
        return cls(hand + labs, frozenset(lab.id for lab in labs))

    def __iter__(self) -> Iterator[Concept]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, identifier: str) -> Concept | None:
        return self._by_id.get(identifier)

    def lookup(self, surface: str) -> Concept | None:
        """The concept named by an id, preferred name or synonym, else None."""
        return self._by_id.get(surface) or self._by_surface.get(surface_key(surface))

    def find(self, text: str) -> list[ConceptMatch]:
        """Concept mentions in `text`, left to right, the longest name winning where names overlap.

        Linear in the number of words: from each word, the candidate grows only
        while it is still the start of some name (usually one or two words).
        """
        words = text_words(text)

        def longest_at(index: int) -> tuple[int, Concept] | None:
            key, longest = "", None
            for end in range(index, len(words)):
                key = f"{key} {words[end][2]}" if key else words[end][2]
                concept = self._by_surface.get(key)
                if concept is not None:
                    longest = (end, concept)
                if key not in self._prefixes:
                    break
            return longest

        return [
            ConceptMatch(start, end, concept)
            for start, end, concept in leftmost_longest(words, longest_at)
        ]


def measured_labs(hand: list[Concept]) -> list[Concept]:
    """The curated labs and measures with a unit that no hand concept already is, as observations.

    A lab is already known when a hand concept has its code (or LOINC code) or one of its names, and
    no measure of its own when a name of it lists hand measures ("AST/ALT");
    its id is the slug of its first phrase that makes a free identifier ("C-peptide" is
    `c_peptide`), its code the curated one, its unit its default unit.
    """
    codes = {c.code for c in hand} | {
        f"LOINC:{c.codes['loinc']}" for c in hand if "loinc" in c.codes
    }
    hand_names = {
        surface_key(s) for c in hand for s in (c.id.replace("_", " "), c.name, *c.synonyms)
    }
    taken, ids, derived = set(hand_names), {c.id for c in hand}, []
    for lab in (c for concepts in curated_concepts().values() for c in concepts):
        keys = [surface_key(p) for p in lab.phrases]
        if lab.unit is None or lab.id in codes or hand_names.intersection(keys):
            continue
        if any(_grouped(key, hand_names) for key in keys):
            continue  # "AST/ALT": a group of hand measures, which the compiler distributes
        free = [p for p, key in zip(lab.phrases, keys, strict=True) if key not in taken]
        slugs = ("_".join(surface_key(p).split()) for p in free)
        identifier = next((s for s in slugs if re.match(r"[a-z]", s) and s not in ids), None)
        if identifier is None:
            continue
        ids.add(identifier)
        taken.update(surface_key(p) for p in free)
        loinc = lab.id.removeprefix("LOINC:")
        derived.append(
            Concept(
                id=identifier,
                name=identifier.replace("_", " "),
                kind="observation",
                unit=lab.unit,
                codes={"loinc": loinc} if lab.id.startswith("LOINC:") else {},
                code=lab.id,
                phrases=tuple(free),
            )
        )
    return derived


def _grouped(key: str, names: set[str]) -> bool:
    """Whether a surface key names several known concepts together ("ast alt", "ast and alt")."""
    words = [word for word in key.split(" ") if word not in ("and", "or")]
    return len(words) > 1 and all(word in names for word in words)
