"""The curated part of the terminology: what no vocabulary package ships, as validated data.

Packages give diseases (MONDO), findings (HPO), diagnosis codes (ICD-10-CM) and
drugs (DrugBank names). Eligibility criteria also name lab tests (LOINC is not
on the package index), drug classes with the ingredients they hold ("strong
CYP3A4 inhibitors"), abbreviations ("HTN", "T2DM") and compositional concepts
("uncontrolled hypertension", "brain metastases"). Those are hand-curated in
`eligo/terminology/data/*.jsonl`, one concept a line, every line validated here
by one schema, each concept with the public source it was checked against.
Codes are checked where they carry a check digit (LOINC mod 10, SNOMED CT
Verhoeff), so a mistyped code fails at load time with its file and line.

The linking gold (`corpus/linking/gold.jsonl`: mentions of the development sets
with the concept a reader chose) has its schema here too.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from eligo.datafiles import load_jsonl, parse_jsonl

FILES = ("labs.jsonl", "drug_classes.jsonl", "abbreviations.jsonl", "compositional.jsonl")

ConceptType = Literal["lab", "drug_class", "condition", "procedure", "measure", "finding", "drug"]
Qualifier = Literal[
    "active",
    "uncontrolled",
    "history",
    "symptomatic",
    "untreated",
    "current",
    "advanced",
    "metastatic",
    "severe",
    "recent",
    "unresolved",
]

# The code of each system an id may name, after "SYSTEM:".
ID_PATTERNS = {
    "LOINC": r"\d{1,7}-\d",
    "ATC": r"[A-Z](\d\d([A-Z]([A-Z](\d\d)?)?)?)?",
    "MONDO": r"\d{7}",
    "HP": r"\d{7}",
    "DRUGBANK": r"DB\d{5}",
    "ICD10CM": r"[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?(-[A-Z]\d[0-9A-Z])?",  # a code, or a block
    "SNOMED": r"\d{6,18}",
    "MESH": r"[DC]\d{6,9}",
    "ELIGO": r"[a-z0-9]+(-[a-z0-9]+)*",
}


def loinc_check_digit(body: str) -> int:
    """LOINC's mod-10 check digit (Luhn over the code without its check digit)."""
    total = 0
    for index, digit in enumerate(int(d) for d in reversed(body)):
        if index % 2 == 0:
            digit *= 2
        total += digit // 10 + digit % 10
    return (10 - total % 10) % 10


_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P: list[tuple[int, ...]] = [(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)]
for _row in range(2, 8):
    _P.append(tuple(_P[1][_P[_row - 1][i]] for i in range(10)))


def verhoeff_valid(number: str) -> bool:
    """SNOMED CT identifiers end in a Verhoeff check digit."""
    check = 0
    for index, digit in enumerate(int(d) for d in reversed(number)):
        check = _D[check][_P[index % 8][digit]]
    return check == 0


def check_id(identifier: str) -> str:
    """`identifier` if it is `SYSTEM:code` with a known system and a well-formed, checking code."""
    system, _, code = identifier.partition(":")
    pattern = ID_PATTERNS.get(system)
    if pattern is None or not re.fullmatch(pattern, code):
        raise ValueError(
            f"{identifier!r} is not SYSTEM:code with a system of {sorted(ID_PATTERNS)} and a "
            "well-formed code"
        )
    if system == "LOINC":
        body, check = code.split("-")
        if loinc_check_digit(body) != int(check):
            raise ValueError(
                f"{identifier!r}: LOINC check digit should be {loinc_check_digit(body)}"
            )
    if system == "SNOMED" and not verhoeff_valid(code):
        raise ValueError(f"{identifier!r}: SNOMED CT Verhoeff check digit fails")
    return identifier


class Xrefs(BaseModel):
    """Cross-codes known for sure; a code left out is not known, never guessed."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    snomed: str | None = None
    umls: str | None = Field(default=None, pattern=r"^C\d{7}$")
    icd10cm: str | None = None
    mesh: str | None = None

    @field_validator("snomed", "icd10cm", "mesh")
    @classmethod
    def _codes_check(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            check_id(f"{(info.field_name or '').upper()}:{value}")
        return value


class CuratedConcept(BaseModel):
    """One concept of a curated file."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    name: str = Field(min_length=1)
    type: ConceptType
    phrases: tuple[str, ...] = Field(min_length=1)
    unit: str | None = None
    members: tuple[str, ...] = ()
    # ATC groups every drug of which is of this class, each with ATC's name of it: a record's ATC
    # code in one of them (listed or not: L01FA01 in L01FA) falls under the class by ATC's tree
    atc: dict[str, str] = {}
    parents: tuple[str, ...] = ()
    xrefs: Xrefs = Xrefs()
    qualifier: Qualifier | None = None
    ambiguous: bool = False
    source: str = Field(min_length=3)

    @field_validator("id")
    @classmethod
    def _id_checks(cls, value: str) -> str:
        return check_id(value)

    @field_validator("parents")
    @classmethod
    def _parents_check(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_id(parent) for parent in value)

    @field_validator("atc")
    @classmethod
    def _atc_check(cls, value: dict[str, str]) -> dict[str, str]:
        for code, name in value.items():
            check_id(f"ATC:{code}")
            if not name.strip():
                raise ValueError(f"ATC {code}: the group's name is empty")
        return value

    @field_validator("phrases", "members")
    @classmethod
    def _clean_and_distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for text in value:
            if not text or text != text.strip() or "  " in text:
                raise ValueError(f"{text!r}: empty, or white space at an edge or doubled")
        if len({text.lower() for text in value}) != len(value):
            raise ValueError(f"repeated entries in {list(value)}")
        return value

    @model_validator(mode="after")
    def _fields_fit_the_type(self) -> CuratedConcept:
        if self.unit is not None and self.type not in ("lab", "measure"):
            raise ValueError(f"{self.id}: only labs and measures have a unit")
        if self.members and self.type != "drug_class":
            raise ValueError(f"{self.id}: only drug classes have members")
        if self.atc and self.type != "drug_class":
            raise ValueError(f"{self.id}: only drug classes have ATC groups")
        if self.type == "drug_class" and not self.members:
            raise ValueError(f"{self.id}: a drug class lists its member ingredients")
        if self.id.startswith("LOINC:") and self.type not in ("lab", "measure"):
            raise ValueError(f"{self.id}: a LOINC code names a lab or a measure")
        if self.id in self.parents:
            raise ValueError(f"{self.id} is its own parent")
        return self


class CodeParents(BaseModel):
    """Edges of the source hierarchies that a record's code needs and no package gives (ICD-10-CM's
    G40 "Epilepsy and recurrent seizures" under MONDO's epilepsy), or that criteria do not mean
    (`not_parents`: MONDO places mental disorder under brain disorder, which made every depression
    a neurological disease; `not_same`: a cross-code by a source's loose synonym, HPO's "Periorbital
    cellulitis" for periorbital edema, which made an eyelid's swelling an infection); each with the
    source it follows (`code_parents.jsonl`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    parents: tuple[str, ...] = ()
    not_parents: tuple[str, ...] = ()
    not_same: tuple[str, ...] = ()
    source: str = Field(min_length=3)

    @field_validator("code")
    @classmethod
    def _code_check(cls, value: str) -> str:
        return check_id(value)

    @field_validator("parents", "not_parents", "not_same")
    @classmethod
    def _edges_check(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_id(code) for code in value)

    @model_validator(mode="after")
    def _some_edge(self) -> CodeParents:
        if not self.parents and not self.not_parents and not self.not_same:
            raise ValueError(f"{self.code}: no parent given or taken away")
        if self.code in self.parents or set(self.parents) & set(self.not_parents):
            raise ValueError(f"{self.code}: its own parent, or a parent both given and taken")
        return self


@cache
def code_parents() -> tuple[CodeParents, ...]:
    return tuple(load_jsonl("eligo.terminology.data", "code_parents.jsonl", CodeParents))


@cache
def load_curated(name: str) -> tuple[CuratedConcept, ...]:
    """The concepts of one curated file (`labs.jsonl`, ...); a bad line names the file and line."""
    if name not in FILES:
        raise ValueError(f"{name!r} is not a curated file ({', '.join(FILES)})")
    return tuple(load_jsonl("eligo.terminology.data", name, CuratedConcept))


def curated_concepts() -> dict[str, tuple[CuratedConcept, ...]]:
    """Every curated file's concepts, by file name."""
    return {name: load_curated(name) for name in FILES}


class GoldLink(BaseModel):
    """One mention of the linking gold: the concept a reader chose for `text`, or None if none
    fits."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str = Field(min_length=1)
    dataset: Literal["chia-dev", "lct-dev", "ctgov-dev"]
    span: tuple[int, int]
    text: str = Field(min_length=1)
    type: Literal[
        "condition",
        "drug",
        "drug_class",
        "procedure",
        "lab",
        "measure",
        "finding",
        "observation",
        "device",
    ]
    concept_id: str | None
    equivalent: tuple[
        str, ...
    ] = ()  # ids naming the same concept in another vocabulary, accepted as correct
    note: str = ""

    @field_validator("concept_id")
    @classmethod
    def _id_checks(cls, value: str | None) -> str | None:
        return None if value is None else check_id(value)

    @field_validator("equivalent")
    @classmethod
    def _equivalents_check(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_id(identifier) for identifier in value)

    @model_validator(mode="after")
    def _span_fits_text(self) -> GoldLink:
        start, end = self.span
        if not 0 <= start < end or end - start != len(self.text):
            raise ValueError(f"span {list(self.span)} does not fit text {self.text!r}")
        if self.equivalent and self.concept_id is None:
            raise ValueError("a mention without a concept has no equivalents")
        return self

    def accepts(self, identifier: str | None) -> bool:
        """Whether a linker's answer is correct: the concept, one of its equivalents, or None for
        None."""
        return identifier == self.concept_id or (
            identifier is not None and identifier in self.equivalent
        )


def load_linking_gold(path: Path) -> list[GoldLink]:
    """Every line of a linking gold file; a bad line names the file and line."""
    return parse_jsonl(path.read_text(encoding="utf-8"), GoldLink, str(path), "linking gold")
