"""Scoring predictions against gold, as `eligo-gold/1` specifies.

A prediction matches a gold item of the same list when their spans overlap and
the list's key fields agree (criteria: kind and character Jaccard >= 0.8;
thresholds: op, value, unit; windows: op, value, unit, relation; endpoints:
kind; interventions: name). Matching is one-to-one and maximum (augmenting
paths), so the order of items never changes a score. A prediction overlapping
an ignored gold item, and matching nothing, counts neither way. Only the lists
a gold file names in `annotated` are scored. Figures are micro-averaged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from eligo.annotations import LIST_NAMES, Annotations, Item

JACCARD_MIN = 0.8
FIELDS = {
    "endpoints": ("name", "abbreviation", "time_frame"),
    "interventions": ("dose", "route", "frequency", "days", "cycle"),
}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def same_value(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a.strip().lower() == b.strip().lower()
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.0) or float(a) == float(b)


def _text(value) -> str | None:
    return " ".join(value.lower().split()) if isinstance(value, str) else value


KEY_FIELDS: dict[str, Callable[[Item, Item], bool]] = {
    "criteria": lambda p, g: p.kind == g.kind and jaccard(p.span, g.span) >= JACCARD_MIN,
    "thresholds": lambda p, g: p.op == g.op and same_value(p.value, g.value) and p.unit == g.unit,
    "windows": lambda p, g: p.op == g.op and same_value(p.value, g.value) and p.unit == g.unit and p.relation == g.relation,
    "endpoints": lambda p, g: p.kind == g.kind,
    "interventions": lambda p, g: _text(p.name) == _text(g.name),
}


def _amount_equal(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return same_value(a.value, b.value) and a.unit == b.unit


def _time_frame_equal(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return (
        _text(a.text) == _text(b.text)
        and a.op == b.op
        and same_value(a.value, b.value)
        and a.unit == b.unit
    )


FIELD_EQUAL: dict[str, Callable] = {
    "name": lambda a, b: _text(a) == _text(b),
    "abbreviation": lambda a, b: a == b,
    "time_frame": _time_frame_equal,
    "dose": _amount_equal,
    "route": lambda a, b: _text(a) == _text(b),
    "frequency": lambda a, b: _text(a) == _text(b),
    "days": lambda a, b: [tuple(d) for d in a or []] == [tuple(d) for d in b or []] and (a is None) == (b is None),
    "cycle": _amount_equal,
}


def max_matching(predictions: list[Item], gold: list[Item], match: Callable[[Item, Item], bool]) -> dict[int, int]:
    """Maximum one-to-one matching, prediction index → gold index (Kuhn's augmenting paths)."""
    edges = [[g for g, item in enumerate(gold) if overlap(p.span, item.span) and match(p, item)] for p in predictions]
    gold_owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_owner or augment(gold_owner[g], seen):
                gold_owner[g] = p
                return True
        return False

    for p in range(len(predictions)):
        if edges[p]:
            augment(p, set())
    return {p: g for g, p in gold_owner.items()}


@dataclass
class ListScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, list[int]] = field(default_factory=dict)  # name → [equal, compared]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "fields": {name: round(equal / compared, 4) if compared else None for name, (equal, compared) in self.fields.items()},
        }


@dataclass
class Report:
    documents: int = 0
    lists: dict[str, ListScore] = field(default_factory=lambda: {name: ListScore() for name in LIST_NAMES})
    annotated: dict[str, int] = field(default_factory=lambda: {name: 0 for name in LIST_NAMES})

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "lists": {name: {"documents": self.annotated[name], **score.as_dict()} for name, score in self.lists.items() if self.annotated[name]},
        }


def score_document(gold: Annotations, prediction: Annotations, report: Report) -> None:
    """Add one document's counts to `report`."""
    report.documents += 1
    for name in gold.annotated:
        report.annotated[name] += 1
        score = report.lists[name]
        gold_items = [g for g in gold.items(name) if not g.ignore]
        ignored = [g for g in gold.items(name) if g.ignore]
        predictions = [p for p in prediction.items(name) if not p.ignore]
        matched = max_matching(predictions, gold_items, KEY_FIELDS[name])
        score.tp += len(matched)
        score.fn += len(gold_items) - len(matched)
        score.fp += sum(
            1 for index, p in enumerate(predictions) if index not in matched and not any(overlap(p.span, g.span) for g in ignored)
        )
        for field_name in FIELDS.get(name, ()):
            counts = score.fields.setdefault(field_name, [0, 0])
            for p_index, g_index in matched.items():
                counts[1] += 1
                counts[0] += FIELD_EQUAL[field_name](getattr(predictions[p_index], field_name), getattr(gold_items[g_index], field_name))


def score(pairs: Iterable[tuple[Annotations, Annotations]]) -> Report:
    """Score (gold, prediction) pairs."""
    report = Report()
    for gold, prediction in pairs:
        score_document(gold, prediction, report)
    return report
