"""The base of Eligo's value models: frozen, and refusing fields they do not declare.

Facts, annotations, screening results and the rows of the data files are values: once
validated they do not change (so they hash, and can be shared and cached), and a field they do
not know is a mistake to report, not to drop. One base says so once.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """A frozen pydantic model that forbids extra fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")
