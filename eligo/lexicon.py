"""The concept lexicon: what a criterion can name, with standard codes.

`eligo/data/concepts.jsonl` holds one concept a line (id, preferred name, kind,
default UCUM unit, codes in LOINC / SNOMED CT / UMLS where known, synonyms), so
"ECOG PS", "Eastern Cooperative Oncology Group performance status" and
"PS (ECOG)" are one concept, `ecog`. The file is generated from
`tools/make_lexicon.py` and validated here when loaded. No spaCy import: the
rule checker uses the lexicon too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from eligo.datafiles import load_jsonl

ConceptKind = Literal["demographic", "score", "observation", "condition", "treatment", "procedure", "event"]


class Concept(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    kind: ConceptKind
    unit: str | None = None
    codes: dict[Literal["loinc", "snomed", "umls"], str] = Field(default_factory=dict)
    synonyms: tuple[str, ...] = ()


def surface_key(text: str) -> str:
    """Case, space and punctuation folded, so "PS (ECOG)" and "ps(ecog)" look alike."""
    return re.sub(r"[\s\-_/(),.:]+", " ", text.lower()).strip()


class Lexicon:
    def __init__(self, concepts: list[Concept]):
        self._by_id = {c.id: c for c in concepts}
        self._by_surface: dict[str, Concept] = {}
        for concept in concepts:
            for surface in (concept.id.replace("_", " "), concept.name, *concept.synonyms):
                self._by_surface.setdefault(surface_key(surface), concept)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Lexicon:
        return cls(load_jsonl("eligo.data", "concepts.jsonl", Concept))

    def __iter__(self) -> Iterator[Concept]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, identifier: str) -> Concept | None:
        return self._by_id.get(identifier)

    def lookup(self, surface: str) -> Concept | None:
        """The concept named by an id, preferred name or synonym, else None."""
        return self._by_id.get(surface) or self._by_surface.get(surface_key(surface))
