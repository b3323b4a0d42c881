"""The patient record rules are evaluated on (pydantic, JSON).

Missing data must stay distinguishable from known absence: a list that is
absent (`null`) means "not recorded" and makes every question about it
unknown; an empty list means "recorded, none". Index dates of the trial
(screening, randomization, first dose, ...) are `anchors`. `reviewed` holds the
answers a screening visit gave to criteria no record can decide (consent,
investigator judgement), by criterion id.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Observation(_Record):
    concept: str
    value: float | str
    unit: str | None = None
    date: dt.date | None = None
    uln: float | None = Field(default=None, description="upper limit of normal, in the observation's unit")
    lln: float | None = Field(default=None, description="lower limit of normal, in the observation's unit")


class Condition(_Record):
    concept: str
    onset: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None
    grade: int | None = None
    severity: str | None = None


class Treatment(_Record):
    concept: str
    start: dt.date | None = None
    end: dt.date | None = None
    line: int | None = None
    setting: str | None = None
    status: str | None = None


class Procedure(_Record):
    concept: str
    date: dt.date | None = None
    status: str | None = None


class Event(_Record):
    concept: str
    date: dt.date | None = None
    status: str | None = None


class Patient(_Record):
    id: str
    birth_date: dt.date | None = None
    age: float | None = Field(default=None, description="age in years, when no birth date is recorded")
    sex: Literal["female", "male", "other"] | None = None
    anchors: dict[str, dt.date] = Field(default_factory=dict)
    observations: list[Observation] | None = None
    conditions: list[Condition] | None = None
    treatments: list[Treatment] | None = None
    procedures: list[Procedure] | None = None
    events: list[Event] | None = None
    reviewed: dict[str, bool] = Field(default_factory=dict)


PATIENT_ADAPTER: TypeAdapter[Patient] = TypeAdapter(Patient)


def patient_schema() -> dict:
    return PATIENT_ADAPTER.json_schema()
