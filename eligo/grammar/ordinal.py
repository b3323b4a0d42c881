"""Ordinal categories: which written values can be ordered, and how.

Two scales are known (`data/ordinal_scales.jsonl`): the urine dipstick
(`-` < `trace` = `+-` < `+` < `++` < `+++` < `++++`) and severity
(mild < moderate < severe < life_threatening). Two values are ordered only when
both stand on the same scale; any other categories compare by `=` and `!=`
alone, case-insensitively, so an order is never invented.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from eligo.datafiles import load_jsonl
from eligo.grammar.logic import COMPARE, Truth


class Scale(BaseModel):
    """One ordinal scale: its levels from lowest to highest, each a list of spellings."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    scale: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    levels: list[list[str]] = Field(min_length=2)


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


@lru_cache(maxsize=1)
def _ranks() -> dict[str, tuple[str, int]]:
    ranks: dict[str, tuple[str, int]] = {}
    for scale in load_jsonl("eligo.grammar.data", "ordinal_scales.jsonl", Scale):
        for rank, spellings in enumerate(scale.levels):
            for spelling in spellings:
                if ranks.setdefault(_key(spelling), (scale.scale, rank)) != (scale.scale, rank):
                    raise ValueError(
                        f"ordinal_scales.jsonl: {spelling!r} stands on two scales or levels"
                    )
    return ranks


def rank(value: str) -> tuple[str, int] | None:
    """The scale and level of a category, or None when it is on no ordinal scale."""
    return _ranks().get(_key(value))


def compare_categories(left: str, op: str, right: str) -> tuple[Truth, str]:
    """`left op right` on categories, and how it was decided (or why it cannot be)."""
    ranked_left, ranked_right = rank(left), rank(right)
    if ranked_left and ranked_right and ranked_left[0] == ranked_right[0]:
        return COMPARE[op](ranked_left[1], ranked_right[1]), f"ranked on the {ranked_left[0]} scale"
    if op in ("=", "!="):
        return COMPARE[op](left.strip().casefold(), right.strip().casefold()), ""
    return None, f"{left!r} and {right!r} are not on one ordinal scale: only = and != apply"


def spellings(value: str) -> list[tuple[str, int]]:
    """Every spelling (as compared: no spaces, case-folded) on the scale of `value`, with its level;
    [] when it is on none."""
    found = rank(value)
    if found is None:
        return []
    return [(spelling, level) for spelling, (scale, level) in _ranks().items() if scale == found[0]]
