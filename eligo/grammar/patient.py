"""The patient record rules are evaluated on (`eligo-patient/1`, pydantic, JSON).

Shape (every field but `id` optional; dates are ISO `YYYY-MM-DD`)::

    {"format": "eligo-patient/1", "id": "p1",
     "birth_date": "1970-05-01", "age": 55, "sex": "female",
     "anchors": {"screening": "2026-01-10", "randomization": "2026-01-20",
                 "first_dose": "2026-01-25"},
     "observations": [{"concept": "alt", "value": 52, "unit": "U/L", "date": "2026-01-08",
                       "uln": 40}],
     "conditions": [{"concept": "invasive_breast_cancer", "is_a": ["malignancy"],
                     "onset": "2021-11-02", "end": null, "status": "active", "grade": null,
                     "severity": null}],
     "treatments": [{"concept": "letrozole", "is_a": ["endocrine_therapy"],
                     "start": "2025-06-01", "end": "2025-12-01", "line": 1,
                     "setting": "metastatic", "status": "completed"}],
     "procedures": [{"concept": "major_surgery", "date": "2024-03-02"}],
     "events": [{"concept": "recurrence", "date": "2025-05-01"}],
     "reviewed": {"I1": true}}

Missing data stays distinguishable from known absence: a list that is absent or
`null` means "not recorded" and makes every question about it unknown; an empty
list means "recorded, none" (and a recorded list is taken as complete). A field
of a record that is absent (a grade, a date) is unknown, never a default.

* `age` (years, as given) is used only when there is no `birth_date`; otherwise
  age is counted from the birth date to the `screening` anchor.
* `anchors` are the trial's index dates by name (screening, randomization,
  first_dose, last_dose, consent, ... any identifier the rules use).
* An observation's `value` is a number (with a UCUM `unit`) or a category
  (`"positive"`, `"++"`); `uln`/`lln` are the reference limits, in the
  observation's unit, that `{ULN}`/`{LLN}` thresholds are multiples of.
* `is_a` names the broader concepts a record also counts as (letrozole is an
  endocrine therapy and a systemic anticancer therapy); rules match a record by
  its concept or one of these, and `except` removes records by the same names.
  `may_be` names the narrower concepts a record may be without saying so (a
  diabetes of unknown type may be type 1 diabetes): for `diabetes except
  type_1_diabetes_mellitus` such a record matches unknown, not true. A record
  with a `code` needs none: the terminology says what its code may be.
* Any record (observations too) may give a `code` in a standard terminology
  instead of, or with, its `concept`: `"code": "ICD10CM:A18.0"`,
  `"DRUGBANK:DB00780"`, `"LOINC:1742-6"`. Rules then match it through the
  terminology (`eligo.terminology.codes`): a record counts as every concept
  above its code (parents, drug classes, cross-coded equivalents), so
  `has condition tuberculosis` holds for ICD-10-CM A18.0 and
  `has treatment mao_inhibitor` for phenelzine or its brand name.
* A condition or treatment without `end` whose status says it goes on (active,
  ongoing, current, FHIR's recurrence or relapse, or a status in the protocol's
  words such as metastatic: `ongoing_statuses` in `data/words.jsonl`) is still
  going on; any other record without `end` ended at an unknown date (on or after
  its start).
* Values are checked for plausibility: numbers are JSON numbers (never `true`
  or `"1"`), a scale's value lies in its range (`eligo/data/plausible.jsonl`:
  ECOG is a whole number from 0 to 5), the birth date is not after the first
  anchor, and neither it nor an observation is dated after today; an
  implausible record is refused, never screened.
* `reviewed` holds the answers a screening review gave, by criterion id, to the
  parts of criteria no record can decide (consent, investigator judgement).

`PatientCase` is the fixture format of hand-written patients: a patient and the
verdicts expected on one protocol.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StrictBool, TypeAdapter, model_validator

from eligo.datafiles import load_jsonl, words
from eligo.frozen import Frozen
from eligo.grammar.logic import TruthName

FORMAT: Final = "eligo-patient/1"
MAX_PATIENT_BYTES = 10 * 2**20
SCHEMA_ID = "https://eligo.dev/schema/eligo-patient-1.schema.json"
ONGOING = frozenset(words("eligo.grammar.data", "ongoing_statuses"))

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Code = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*:[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
# Numbers are numbers: `true` is not 1 and `"1"` is not 1 (pydantic's lax mode would coerce both).
Number = Annotated[float, Strict()]
Whole = Annotated[int, Strict()]


class Plausible(Frozen):
    """What values of a concept are possible (`eligo/data/plausible.jsonl`): a scale's range, whole
    numbers or not, and the categories it may be written as instead."""

    concept: str
    low: float
    high: float
    integer: bool
    categories: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _plausible() -> dict[str, Plausible]:
    return {rule.concept: rule for rule in load_jsonl("eligo.data", "plausible.jsonl", Plausible)}


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class _Coded(_Record):
    """A record names its concept by identifier, by code in a standard terminology, or both."""

    concept: Name | None = None
    code: Code | None = Field(
        default=None,
        description="ICD10CM:A18.0, MONDO:..., HP:..., SNOMED:..., DRUGBANK:DB00780, "
        "LOINC:1742-6, ...",
    )

    @model_validator(mode="after")
    def _named(self) -> _Coded:
        if self.concept is None and self.code is None:
            raise ValueError("a record needs a concept or a code")
        return self

    @property
    def label(self) -> str:
        return self.concept or self.code or ""  # `_named` requires one of them


class _Entity(_Coded):
    is_a: tuple[Name, ...] = Field(
        default=(), description="broader concepts this record also counts as"
    )
    may_be: tuple[Name, ...] = Field(
        default=(), description="narrower concepts this record may be without saying so"
    )
    status: Text | None = None

    def names(self) -> frozenset[str]:
        return frozenset(n for n in (self.concept, *self.is_a) if n is not None)

    @property
    def began(self) -> dt.date | None:
        raise NotImplementedError

    @property
    def ended(self) -> dt.date | None:
        """The last day, when recorded (None while ongoing or when not recorded)."""
        raise NotImplementedError

    @property
    def ongoing(self) -> bool:
        return False


class _Span(_Entity):
    """A record that lasts: without `end` it is ongoing (a status of `ongoing_statuses`) or ended at
    an unknown date."""

    end: dt.date | None = None

    @property
    def ended(self) -> dt.date | None:
        return self.end

    @property
    def ongoing(self) -> bool:
        return self.end is None and self.status is not None and self.status.casefold() in ONGOING

    @model_validator(mode="after")
    def _ordered(self) -> _Span:
        if self.began is not None and self.end is not None and self.end < self.began:
            raise ValueError(f"end {self.end} precedes the start {self.began}")
        return self


class _Point(_Entity):
    """A record of one day."""

    date: dt.date | None = None

    @property
    def began(self) -> dt.date | None:
        return self.date

    @property
    def ended(self) -> dt.date | None:
        return self.date


class Observation(_Coded):
    value: Number | Text
    unit: str | None = Field(default=None, pattern=r"^\S+$", max_length=60, description="UCUM code")
    date: dt.date | None = None
    uln: Number | None = Field(
        default=None, gt=0, description="upper limit of normal, in the observation's unit"
    )
    lln: Number | None = Field(
        default=None, gt=0, description="lower limit of normal, in the observation's unit"
    )

    @model_validator(mode="after")
    def _plausible_value(self) -> Observation:
        rule = _plausible().get(self.concept) if self.concept is not None else None
        if rule is None:
            return self
        if isinstance(self.value, str):
            if self.value not in rule.categories:
                written = f"one of {', '.join(rule.categories)} or " if rule.categories else ""
                raise ValueError(
                    f"{self.concept} is {written}a number from {rule.low:g} to "
                    f"{rule.high:g}, not {self.value!r}"
                )
        elif not rule.low <= self.value <= rule.high or (
            rule.integer and self.value != int(self.value)
        ):
            whole = "a whole number" if rule.integer else "a number"
            raise ValueError(
                f"{self.concept} is {whole} from {rule.low:g} to {rule.high:g}, not {self.value:g}"
            )
        return self


class Condition(_Span):
    onset: dt.date | None = None
    grade: Whole | None = Field(default=None, ge=0, le=5, description="CTCAE grade")
    severity: Text | None = None

    @property
    def began(self) -> dt.date | None:
        return self.onset


class Treatment(_Span):
    start: dt.date | None = None
    line: Whole | None = Field(default=None, ge=0, description="line of therapy")
    setting: Text | None = Field(default=None, description="adjuvant, neoadjuvant, metastatic, ...")

    @property
    def began(self) -> dt.date | None:
        return self.start


class Procedure(_Point):
    """A surgery, biopsy, transplant, dialysis session, ..."""


class Event(_Point):
    """A recurrence, a thrombosis, a trial participation, ..."""


class Patient(_Record):
    format: Literal["eligo-patient/1"] = FORMAT
    id: str = Field(min_length=1, max_length=200)
    birth_date: dt.date | None = None
    age: Number | None = Field(
        default=None, ge=0, le=150, description="age in years, used when no birth date is recorded"
    )
    sex: Literal["female", "male", "other"] | None = None
    anchors: dict[Name, dt.date] = Field(
        default_factory=dict, description="index dates of the trial by name"
    )
    observations: tuple[Observation, ...] | None = Field(
        default=None, description="null: not recorded; []: none"
    )
    conditions: tuple[Condition, ...] | None = Field(
        default=None, description="null: not recorded; []: none"
    )
    treatments: tuple[Treatment, ...] | None = Field(
        default=None, description="null: not recorded; []: none"
    )
    procedures: tuple[Procedure, ...] | None = Field(
        default=None, description="null: not recorded; []: none"
    )
    events: tuple[Event, ...] | None = Field(
        default=None, description="null: not recorded; []: none"
    )
    reviewed: dict[str, StrictBool] = Field(
        default_factory=dict, description="screening-review answers by criterion id"
    )

    @model_validator(mode="after")
    def _plausible_dates(self) -> Patient:
        """No birth after the first index date, and nothing measured or born after today."""
        today = dt.date.today()
        first = min(self.anchors.values(), default=today)
        if self.birth_date is not None and self.birth_date > min(first, today):
            where = "today" if first >= today else f"the trial's first index date ({first})"
            raise ValueError(f"birth_date {self.birth_date} is after {where}")
        for observation in self.observations or ():
            if observation.date is not None and observation.date > today:
                raise ValueError(
                    f"observation {observation.concept} dated {observation.date} is after "
                    f"today ({today})"
                )
        return self


Entity = Condition | Treatment | Procedure | Event


class Expected(_Record):
    verdict: Literal["eligible", "ineligible", "needs_review"]
    criteria: dict[str, TruthName]


class PatientCase(_Record):
    """A hand-written patient and what screening it on one protocol must give."""

    description: str | None = None
    patient: Patient
    expected: Expected


PATIENT_ADAPTER: TypeAdapter[Patient] = TypeAdapter(Patient)


def patient_schema() -> dict[str, Any]:
    """The JSON Schema of a patient record (`eligo-patient/1`)."""
    schema = PATIENT_ADAPTER.json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def read_patient(text: str) -> Patient:
    """A patient record from JSON: a bare record, or the `patient` of a `PatientCase` fixture."""
    data = json.loads(text)
    if isinstance(data, dict) and "expected" in data:
        return PatientCase.model_validate(data).patient
    return PATIENT_ADAPTER.validate_python(data)
