"""Scoring predictions against gold, as `eligo-gold/1` specifies.

A prediction matches a gold item of the same list when their spans overlap and
the list's key fields agree (`KEY_FIELDS`). Matching is one-to-one and maximum
(Kuhn's augmenting paths), so the order of items never changes TP and FN; FP is
made as small as the spec allows by matching first the predictions that no
ignored gold item could absorb (see `match_list`). Only the lists a gold file
names in `annotated` are scored; figures are micro-averaged over documents.

Equality of values, used for key fields and for field accuracy:

* numbers are equal within a relative 1e-9 (`1` equals `1.0`); a number never
  equals a string;
* string values (ordinal thresholds, names, routes, frequencies) compare
  case-insensitively with runs of white space folded to one space;
* units and abbreviations compare exactly (UCUM codes are case-sensitive, an
  abbreviation is kept as written); `null` equals only `null`;
* a dose or cycle is equal when value and unit are; `days` when the ranges are
  the same in the same order;
* a time frame is equal when its `text` (white space folded, case kept: it is
  quoted as written), `op`, `value`, `unit` and `anchor` (case-insensitive)
  all are, so a wrong anchor or a misquoted time frame counts as an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from eligo.annotations import (
    LIST_NAMES,
    RELATION_KINDS,
    Amount,
    Annotations,
    Item,
    ListName,
    RelationItem,
    TimeFrameItem,
)

JACCARD_MIN = Fraction(4, 5)
REL_TOL = 1e-9
FIELDS: dict[str, tuple[str, ...]] = {
    "endpoints": ("name", "abbreviation", "time_frame"),
    "interventions": ("dose", "route", "frequency", "days", "cycle"),
    "mentions": ("type",),
}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def contains(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> Fraction:
    """Character-range Jaccard overlap, exact (so 0.8 on the boundary is 0.8)."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return Fraction(inter, union) if union else Fraction(0)


def fold(value: str) -> str:
    return " ".join(value.split()).casefold()


def same_text(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return fold(a) == fold(b)


def same_value(a: Any, b: Any) -> bool:
    """Numbers within relative 1e-9, strings case-insensitive, null only to null."""
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and fold(a) == fold(b)
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0)


def same_amount(a: Amount | None, b: Amount | None) -> bool:
    if a is None or b is None:
        return a is b
    return same_value(a.value, b.value) and a.unit == b.unit


def same_days(a: list[tuple[int, int]] | None, b: list[tuple[int, int]] | None) -> bool:
    if a is None or b is None:
        return a is b
    return [tuple(r) for r in a] == [tuple(r) for r in b]


def same_time_frame(a: TimeFrameItem | None, b: TimeFrameItem | None) -> bool:
    if a is None or b is None:
        return a is b
    return (
        " ".join(a.text.split()) == " ".join(b.text.split())
        and a.op == b.op
        and same_value(a.value, b.value)
        and a.unit == b.unit
        and same_text(a.anchor, b.anchor)
    )


def _quantity(p: Any, g: Any) -> bool:
    return p.op == g.op and same_value(p.value, g.value) and p.unit == g.unit


def _ends(name: str, item: Any) -> tuple[tuple[int, int], ...]:
    """The spans of an item that must each meet their gold counterpart: the span, or head and
    dependent."""
    return (item.head, item.dependent) if name == "relations" else (item.span,)


class Breadth:
    """The spec's rule against too-wide spans, for mentions and the ends of relations.

    A predicted span that wholly contains a gold span of the same list which is
    disjoint from the gold span it would match is too wide and matches nothing
    (a span covering a whole line does not match every mention on it).
    """

    def __init__(self, name: str, gold: list[Any]):
        self.active = name in ("mentions", "relations")
        self.spans = sorted({end for g in gold for end in _ends(name, g)}) if self.active else []

    def fits(self, predicted: tuple[int, int], target: tuple[int, int]) -> bool:
        if not self.active:
            return True
        return not any(
            contains(predicted, other) and not overlap(other, target) for other in self.spans
        )


def _related(p: Any, g: Any, breadth: Breadth) -> bool:
    if p.kind != g.kind:
        return False
    pairs = [((p.head, g.head), (p.dependent, g.dependent))]
    if p.kind == "or":
        pairs.append(((p.head, g.dependent), (p.dependent, g.head)))
    return any(all(overlap(a, b) and breadth.fits(a, b) for a, b in pair) for pair in pairs)


KEY_FIELDS: dict[str, Callable[[Any, Any], bool]] = {
    "criteria": lambda p, g: p.kind == g.kind and jaccard(p.span, g.span) >= JACCARD_MIN,
    "thresholds": _quantity,
    "windows": lambda p, g: _quantity(p, g) and p.relation == g.relation,
    "endpoints": lambda p, g: p.kind == g.kind,
    "interventions": lambda p, g: same_text(p.name, g.name),
    "mentions": lambda p, g: True,
}

FIELD_EQUAL: dict[str, Callable[[Any, Any], bool]] = {
    "type": lambda a, b: a == b,
    "name": same_text,
    "abbreviation": lambda a, b: a == b,
    "time_frame": same_time_frame,
    "dose": same_amount,
    "route": same_text,
    "frequency": same_text,
    "days": same_days,
    "cycle": same_amount,
}


def max_matching(edges: list[list[int]]) -> dict[int, int]:
    """Maximum bipartite matching, left index → right index (Kuhn's augmenting paths).

    Left vertices are tried in order and a matched one is never unmatched, so
    this is the matroid greedy: among maximum matchings it matches the earliest
    left vertices it can. Each left vertex's edges are tried in their order.
    """
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(edges)):
        if edges[left]:
            augment(left, set())
    return {left: right for right, left in owner.items()}


@dataclass(frozen=True)
class ListMatch:
    """One list of one document: matched pairs, and the counts they give."""

    pairs: tuple[tuple[Item, Item], ...]  # (prediction, gold)
    false_positives: tuple[Item, ...]
    missed: tuple[Item, ...]

    @property
    def fp(self) -> int:
        return len(self.false_positives)

    @property
    def fn(self) -> int:
        return len(self.missed)

    def of_kind(self, kind: str) -> ListMatch:
        """The part of a relations match whose items are of one `kind` (kinds never match
        across)."""
        return ListMatch(
            pairs=tuple(pair for pair in self.pairs if _kind(pair[1]) == kind),
            false_positives=tuple(p for p in self.false_positives if _kind(p) == kind),
            missed=tuple(g for g in self.missed if _kind(g) == kind),
        )


def _kind(item: Item) -> str | None:
    return item.kind if isinstance(item, RelationItem) else None


def match_list(name: str, predictions: list[Item], gold: list[Item]) -> ListMatch:
    """Match one list's predictions to its gold items.

    Predictions marked `ignore` are dropped (a prediction has no don't-care
    regions). A prediction left unmatched is a false positive unless it overlaps
    an ignored gold item. Predictions that no ignored item could absorb are
    matched first, which (by the greedy property of `max_matching`) gives the
    fewest false positives among maximum matchings. A prediction's candidate
    gold items are tried by most equal remaining fields, then closest span, so
    field accuracy compares the pairs a reader would pair.
    """
    real = [g for g in gold if not g.ignore]
    ignored = [g for g in gold if g.ignore]
    shown = [p for p in predictions if not p.ignore]
    absorbable = [any(overlap(p.span, g.span) for g in ignored) for p in shown]
    order = sorted(range(len(shown)), key=lambda i: absorbable[i])
    fields = FIELDS.get(name, ())
    breadth = Breadth(name, real)
    if name == "relations":

        def key(p: Item, g: Item) -> bool:
            return _related(p, g, breadth)
    else:

        def key(p: Item, g: Item) -> bool:
            return KEY_FIELDS[name](p, g) and breadth.fits(p.span, g.span)

    def preference(p: Item, g: Item) -> tuple:
        agree = sum(FIELD_EQUAL[f](getattr(p, f), getattr(g, f)) for f in fields)
        return (-agree, -jaccard(p.span, g.span))

    edges = []
    for i in order:
        p = shown[i]
        candidates = [j for j, g in enumerate(real) if overlap(p.span, g.span) and key(p, g)]
        edges.append(sorted(candidates, key=lambda j: (*preference(p, real[j]), j)))
    matched = max_matching(edges)
    pairs = tuple((shown[order[left]], real[right]) for left, right in sorted(matched.items()))
    unmatched = [order[left] for left in range(len(order)) if left not in matched]
    false_positives = tuple(shown[i] for i in unmatched if not absorbable[i])
    taken = set(matched.values())
    missed = tuple(g for j, g in enumerate(real) if j not in taken)
    return ListMatch(pairs=pairs, false_positives=false_positives, missed=missed)


@dataclass
class FieldCount:
    equal: int = 0
    compared: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.equal / self.compared if self.compared else None


@dataclass
class ListScore:
    documents: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, FieldCount] = field(default_factory=dict)
    kinds: dict[str, ListScore] = field(
        default_factory=dict
    )  # relations only: the same figures per kind

    # A figure with nothing to count (no predictions, no gold items) is None, not 0 or 1.
    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        return (
            2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else None
        )

    def add(self, name: str, match: ListMatch) -> None:
        self.documents += 1
        self.tp += len(match.pairs)
        self.fp += match.fp
        self.fn += match.fn
        for field_name in FIELDS.get(name, ()) if match.pairs else ():
            count = self.fields.setdefault(field_name, FieldCount())
            for prediction, gold in match.pairs:
                count.compared += 1
                count.equal += FIELD_EQUAL[field_name](
                    getattr(prediction, field_name), getattr(gold, field_name)
                )
        if name == "relations":
            for kind in RELATION_KINDS:
                self.kinds.setdefault(kind, ListScore()).add(f"{name}.{kind}", match.of_kind(kind))


@dataclass
class Scores:
    """Micro-averaged counts per list; a list appears once a gold file annotates it."""

    documents: int = 0
    lists: dict[str, ListScore] = field(default_factory=dict)

    def add(
        self, gold: Annotations, prediction: Annotations, lists: Iterable[ListName] = LIST_NAMES
    ) -> None:
        """Add one document: the lists both annotated in `gold` and asked for."""
        self.documents += 1
        wanted = set(lists)
        for name in LIST_NAMES:
            if name in gold.annotated and name in wanted:
                match = match_list(name, prediction.items(name), gold.items(name))
                self.lists.setdefault(name, ListScore()).add(name, match)


def score(
    pairs: Iterable[tuple[Annotations, Annotations]], lists: Iterable[ListName] = LIST_NAMES
) -> Scores:
    """Score (gold, prediction) pairs."""
    scores = Scores()
    wanted = tuple(lists)
    for gold, prediction in pairs:
        scores.add(gold, prediction, wanted)
    return scores
