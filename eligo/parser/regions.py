"""Grouping spans by the disjoint regions (criteria) that hold them, in linear time."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def group_by_region(
    regions: Sequence[tuple[int, int]], items: Iterable[T], span: Callable[[T], tuple[int, int]]
) -> list[list[T]]:
    """The items wholly inside each of `regions` (disjoint, in document order), in one pass.

    Bisection, not a scan of every item per region: a protocol has thousands of
    criteria and mentions, and the cost must stay linear in its length.
    """
    starts = [start for start, _ in regions]
    groups: list[list[T]] = [[] for _ in regions]
    for item in items:
        start, end = span(item)
        index = bisect_right(starts, start) - 1
        if index >= 0 and end <= regions[index][1]:
            groups[index].append(item)
    return groups
