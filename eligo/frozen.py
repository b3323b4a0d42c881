"""The base of Eligo's value models: frozen, and refusing fields they do not declare.

Facts, annotations, screening results and the rows of the data files are values: once
validated they do not change (so they hash, and can be shared and cached), and a field they do
not know is a mistake to report, not to drop. One base says so once.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """A frozen pydantic model that forbids extra fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def taking(cls, source: object, **given: Any) -> Self:
        """The model with the fields `given`, each other field read from the attribute of that
        name of `source` (one `source` lacks keeps its default): a value of one layer restated
        in another (an annotation as a fact, a drug mention as an item)."""
        taken = {
            name: getattr(source, name)
            for name in cls.model_fields
            if name not in given and hasattr(source, name)
        }
        return cls(**taken, **given)

    @classmethod
    def is_complete(cls, source: object) -> bool:
        """Whether `source` sets every field the model requires (`taking` would not refuse it
        for a missing value)."""
        return all(
            getattr(source, name, None) is not None
            for name, info in cls.model_fields.items()
            if info.is_required()
        )
