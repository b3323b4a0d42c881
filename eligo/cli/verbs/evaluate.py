"""`eligo eval`: precision, recall and F1 per list against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from eligo.cli.app import Exit, app, err, out, write_atomic
from eligo.evaluation.loading import EvalError, find_document, load_checked, read_document
from eligo.evaluation.scoring import Report, score

BASELINE_TOLERANCE = 0.005


def _pairs(gold_dir: Path, pred_dir: Path | None, texts: Path | None):
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise EvalError(f"{gold_dir}: no gold files (*.json)")
    documents = []
    for gold_path in gold_files:
        from eligo.evaluation.loading import load_annotations

        document = load_annotations(gold_path).document
        source = read_document(find_document(gold_path, document, texts))
        documents.append((load_checked(gold_path, source), source, gold_path))
    if pred_dir is not None:
        for gold, source, gold_path in documents:
            pred_path = pred_dir / f"{Path(gold.document).stem}.json"
            if not pred_path.exists():
                err.print(f"warning: {pred_path}: no prediction for {gold.document}; scored as empty", markup=False)
                from eligo.annotations import Annotations

                yield gold, Annotations(document=gold.document)
            else:
                yield gold, load_checked(pred_path, source)
        return
    from eligo.parser import analyse_many

    for (gold, _, _), facts in zip(documents, analyse_many(source for _, source, _ in documents)):
        yield gold, facts.annotations


def _table(report: Report, title: str) -> Table:
    table = Table(title=title)
    for column in ("list", "docs", "TP", "FP", "FN", "precision", "recall", "F1", "field accuracy"):
        table.add_column(column, justify="left" if column in ("list", "field accuracy") else "right")
    for name, figures in report.as_dict()["lists"].items():
        fields = ", ".join(f"{k} {v:.2f}" for k, v in figures["fields"].items() if v is not None)
        table.add_row(
            name, str(figures["documents"]), str(figures["tp"]), str(figures["fp"]), str(figures["fn"]),
            f"{figures['precision']:.3f}", f"{figures['recall']:.3f}", f"{figures['f1']:.3f}", fields,
        )
    return table


@app.command("eval")
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Directory of gold eligo-gold/1 files."),
    pred: Path | None = typer.Option(None, "--pred", help="Directory of predictions (<stem>.json); default: run the pipeline."),
    texts: Path | None = typer.Option(None, "--texts", help="Directory of the documents, when not beside the gold."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    baseline: Path | None = typer.Option(None, "--baseline", help="Fail (exit 1) when an F1 drops below this baseline."),
    write_baseline: Path | None = typer.Option(None, "--write-baseline", help="Write the F1 figures as a new baseline."),
) -> None:
    """Score the pipeline (or --pred files) against gold: P/R/F1 per list and field accuracy."""
    try:
        report = score(_pairs(gold, pred, texts))
    except EvalError as error:
        err.print(f"eligo eval: {error}", markup=False)
        raise typer.Exit(int(Exit.BAD_INPUT)) from None
    figures = report.as_dict()
    if as_json:
        out.print(json.dumps(figures, indent=2), markup=False)
    else:
        out.print(_table(report, f"{gold} ({report.documents} documents)"))
    if write_baseline is not None:
        f1 = {name: data["f1"] for name, data in figures["lists"].items()}
        write_atomic(write_baseline, json.dumps(f1, indent=2) + "\n")
    if baseline is not None:
        drops = [
            f"{name}: F1 {figures['lists'].get(name, {}).get('f1', 0.0):.3f} < baseline {value:.3f}"
            for name, value in json.loads(baseline.read_text(encoding="utf-8")).items()
            if figures["lists"].get(name, {}).get("f1", 0.0) < value - BASELINE_TOLERANCE
        ]
        if drops:
            err.print("below baseline: " + "; ".join(drops), markup=False)
            raise typer.Exit(int(Exit.FINDINGS))
