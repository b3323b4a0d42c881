"""Scores as data, as tables, and against a committed baseline.

`as_dict` is the one shape of the figures: `eligo eval --json` prints it and
the tables are drawn from it. A baseline is a JSON object of F1 per list
(`{"criteria": 0.91, ...}`); a run falls below it when a list's F1 is lower
than the baseline's by more than `TOLERANCE`, so rounding never fails a build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError
from rich.table import Table

from eligo.annotations import ListName
from eligo.scoring.scoring import ListScore, Scores

TOLERANCE = 0.005
Baseline = dict[ListName, Annotated[float, Field(ge=0, le=1)] | None]
_BASELINE = TypeAdapter(Baseline)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _list_figures(score: ListScore) -> dict:
    figures = {
        "documents": score.documents,
        "tp": score.tp,
        "fp": score.fp,
        "fn": score.fn,
        "precision": _round(score.precision),
        "recall": _round(score.recall),
        "f1": _round(score.f1),
        "fields": {
            field: {
                "equal": count.equal,
                "compared": count.compared,
                "accuracy": _round(count.accuracy),
            }
            for field, count in score.fields.items()
        },
    }
    if score.kinds:
        figures["kinds"] = {kind: _list_figures(part) for kind, part in score.kinds.items()}
    return figures


def as_dict(scores: Scores, missing: list[str] | None = None) -> dict:
    """The figures for tools: counts, P/R/F1 and field accuracy per list (relations also per
    kind)."""
    return {
        "documents": scores.documents,
        "missing_predictions": list(missing or []),
        "lists": {name: _list_figures(score) for name, score in scores.lists.items()},
    }


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def tables(figures: dict, title: str) -> list[Table]:
    """P/R/F1 with TP/FP/FN per list, then field accuracy of matched items."""
    scores = Table(title=title)
    for column in ("list", "docs", "TP", "FP", "FN", "precision", "recall", "F1"):
        scores.add_column(column, justify="left" if column == "list" else "right")
    fields = Table(title="field accuracy of matched items")
    for column in ("list", "field", "equal", "compared", "accuracy"):
        fields.add_column(column, justify="left" if column in ("list", "field") else "right")
    for name, data in figures["lists"].items():
        rows = [(name, data)] + [
            (f"  {name}: {kind}", part) for kind, part in data.get("kinds", {}).items()
        ]
        for label, row in rows:
            counts = (row["documents"], row["tp"], row["fp"], row["fn"])
            scores.add_row(
                label, *map(str, counts), *(_figure(row[k]) for k in ("precision", "recall", "f1"))
            )
        for field, count in data["fields"].items():
            fields.add_row(
                name, field, str(count["equal"]), str(count["compared"]), _figure(count["accuracy"])
            )
    return [scores, fields] if fields.row_count else [scores]


def baseline_of(figures: dict) -> str:
    """The baseline file of a run: F1 per scored list."""
    return (
        json.dumps({name: data["f1"] for name, data in figures["lists"].items()}, indent=2) + "\n"
    )


def read_baseline(path: Path) -> Baseline:
    """A baseline file, or ValueError saying why it is not one."""
    try:
        return _BASELINE.validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"cannot read: {error.strerror or error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise ValueError(
            f"not a baseline (an object of F1 per list): {where}: {first['msg']}"
        ) from None


def below_baseline(figures: dict, baseline: Baseline, lists: tuple[str, ...]) -> list[str]:
    """One message per list of `lists` whose F1 dropped below the baseline (or is no longer
    scored)."""
    drops = []
    for name, expected in baseline.items():
        if name not in lists or expected is None:
            continue
        data = figures["lists"].get(name)
        if data is None:
            drops.append(
                f"{name}: not scored (no gold file annotates it), baseline F1 {expected:.3f}"
            )
        elif data["f1"] is not None and data["f1"] < expected - TOLERANCE:
            drops.append(f"{name}: F1 {data['f1']:.3f} < baseline {expected:.3f}")
    return drops


def above_baseline(figures: dict, baseline: Baseline) -> list[str]:
    """Lists whose F1 rose above the baseline by more than the tolerance: time to update it."""
    return [
        f"{name}: F1 {data['f1']:.3f} > baseline {expected:.3f}"
        for name, data in figures["lists"].items()
        if (expected := baseline.get(name)) is not None
        and data["f1"] is not None
        and data["f1"] > expected + TOLERANCE
    ]
