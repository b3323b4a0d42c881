"""How many criteria of a protocol compiled fully, partly or not at all.

Its own module, apart from the compiler's passes, so that a verb answering from
the cache (`eligo.cache`) can total coverage without importing the compiler.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Coverage:
    full: int = 0
    partial: int = 0
    none: int = 0

    @property
    def total(self) -> int:
        return self.full + self.partial + self.none

    @property
    def executable_share(self) -> float:
        """Criteria compiled into a rule that can decide something (fully or partly)."""
        return (self.full + self.partial) / self.total if self.total else 0.0

    def summary(self) -> str:
        return (
            f"{self.total} criteria: {self.full} compiled fully, {self.partial} partly, "
            f"{self.none} not at all"
        )
