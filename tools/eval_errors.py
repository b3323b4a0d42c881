"""Every false positive and false negative of an `eligo eval`, one a line, to classify by cause.

    python tools/eval_errors.py --gold G --pred P [--texts T] [--lists thresholds,windows]

`eligo eval` gives the counts; improving them needs the items behind them. This tool matches
predictions to gold exactly as the scorer does (`eligo.scoring.scoring.match_list`, so its FP
and FN are the eval's) and prints a TSV row per error: the document, FP or FN, the list, the
span, the item's fields, its text, the nearest item of the other side on the same line
(`-` when none; a near miss shows which field differs), and the line of the document it lies
on. A relation shows its kind, head and dependent ("temporal 'surgery'>'within 4 weeks'") and a
cause of its own (`relation_cause`): whether the other side has the same modifier on another
mention, the modifier as another kind, inside one of its mentions, or not at all. Rows sort by
document and span, so two runs diff cleanly. A document with no file under
`--pred` (`eligo extract` refuses a file without Inclusion/Exclusion headings) is annotated by the
pipeline as `eligo eval` does, so the counts are the eval's without `--pred`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eligo.annotations import Annotations, RelationItem
from eligo.api import extract
from eligo.scoring.loading import load_gold, load_predictions
from eligo.scoring.scoring import match_list, overlap, same_value

HEADER = ("document", "error", "list", "cause", "span", "fields", "text", "nearest", "line")
KEYS = ("op", "value", "unit", "relation")


def fields(item: object) -> str:
    """op value unit (and relation, anchor for a window), as one short string."""
    parts = [getattr(item, "op", None), getattr(item, "value", None), getattr(item, "unit", None)]
    if hasattr(item, "relation"):
        parts += [getattr(item, "relation", None), getattr(item, "anchor", None)]
    return " ".join("null" if p is None else str(p) for p in parts)


def line_of(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    return start, len(text) if end < 0 else end


def nearest(item: object, others: list, text: str) -> str:
    """The other side's item overlapping `item`, else the closest one on its line."""
    span = item.span  # type: ignore[attr-defined]
    line = line_of(text, span)
    near = [o for o in others if overlap(o.span, line)]
    if not near:
        return "-"
    best = min(near, key=lambda o: (not overlap(o.span, span), abs(o.span[0] - span[0])))
    return f"{fields(best)} {best.text!r}"


def cause(item: object, predicted: bool, others: list, gold: Annotations, text: str) -> str:
    """Why the item found no partner, read from the other side's items that overlap it.

    `unit null→X` (gold first) where only the unit differs, `op`, `value` or `relation` where
    only that field does, `taken` where an overlapping item with equal fields went to another
    partner (one comparison shared by several names, or one split in two), `no gold on line`
    for a prediction on a line where the gold has no item of any list that is not ignored,
    else `alone`.
    """
    span = item.span  # type: ignore[attr-defined]
    differing = []
    for other in (o for o in others if overlap(o.span, span)):
        differ = [k for k in KEYS if not _same(getattr(item, k, None), getattr(other, k, None))]
        if not differ:
            return "taken"
        differing.append((differ, other))
    for differ, other in differing:
        if differ == ["unit"]:
            gold_unit, predicted_unit = (
                (other.unit, item.unit) if predicted else (item.unit, other.unit)
            )  # type: ignore[attr-defined]
            return f"unit {gold_unit or 'null'}→{predicted_unit or 'null'}"
        if len(differ) == 1:
            return differ[0]
    if differing:
        return "fields"
    line = line_of(text, span)
    listed = [i for name in gold.annotated for i in gold.items(name) if not i.ignore]
    if predicted and not any(overlap(i.span, line) for i in listed):
        return "no gold on line"
    return "alone"


def relation_cause(item: RelationItem, predicted: bool, side: Annotations, text: str) -> str:
    """Why a relation found no partner, read from the other side (`side`): `head` where that side
    ties the same dependent, of the same kind, to another mention (for `or`, `pair`: one mention of
    the pair is the other side's); `kind X` where it ties it as another kind; else `inside a
    mention` where the dependent lies in one of that side's mentions (the recogniser swallowed the
    modifier, or Chia's mention holds it), and `not found` (a missed relation) or `unmarked` (a
    false one: Chia ties nothing to those words)."""
    others = [r for r in side.relations if not r.ignore]
    ends = (item.dependent, item.head) if item.kind == "or" else (item.dependent,)
    tied = [r for r in others if any(overlap(r.dependent, end) for end in ends)]
    if any(r.kind == item.kind for r in tied):
        return "pair" if item.kind == "or" else "head"
    if tied:
        return f"kind {tied[0].kind}"
    if any(overlap(m.span, item.dependent) for m in side.mentions if not m.ignore):
        return "inside a mention"
    return "unmarked" if predicted else "not found"


def _shown(item: object, text: str) -> str:
    """The item's fields; for a relation its kind, head and dependent as written."""
    if isinstance(item, RelationItem):
        return f"{item.kind} {text[slice(*item.head)]!r}>{text[slice(*item.dependent)]!r}"
    return fields(item)


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return same_value(a, b)
    return str(a).casefold() == str(b).casefold()


def rows(gold: Annotations, prediction: Annotations, text: str, lists: list[str]) -> list[tuple]:
    found = []
    for name in lists:
        if name not in gold.annotated:
            continue
        real = [g for g in gold.items(name) if not g.ignore]
        shown = [p for p in prediction.items(name) if not p.ignore]
        match = match_list(name, prediction.items(name), gold.items(name))
        for error, items, others, other_side in (
            ("FP", match.false_positives, real, gold),
            ("FN", match.missed, shown, prediction),
        ):
            for item in items:
                start, end = line_of(text, item.span)
                found.append(
                    (
                        gold.document,
                        error,
                        name,
                        relation_cause(item, error == "FP", other_side, text)
                        if isinstance(item, RelationItem)
                        else cause(item, error == "FP", others, gold, text),
                        f"{item.span[0]}-{item.span[1]}",
                        _shown(item, text),
                        repr(item.text),
                        nearest(item, others, text),
                        " ".join(text[start:end].split()),
                    )
                )
    return sorted(found, key=lambda row: (row[0], int(row[4].split("-")[0]), row[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--pred", type=Path, required=True)
    parser.add_argument("--texts", type=Path)
    parser.add_argument("--lists", default="thresholds,windows")
    args = parser.parse_args(argv)
    documents = load_gold(args.gold, args.texts)
    predictions = load_predictions(args.pred, documents)
    lists = [name.strip() for name in args.lists.split(",") if name.strip()]
    print("\t".join(HEADER))
    for document, prediction in zip(documents, predictions):
        if prediction is None:
            prediction = extract(document.source, kind=None)
        for row in rows(document.gold, prediction, document.source.text, lists):
            print("\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
