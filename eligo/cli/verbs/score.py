"""`eligo eval`: precision, recall and F1 per list against gold annotations.

Without `--pred` the pipeline annotates the gold's documents; with it, the
files `eligo extract -o DIR` wrote are scored. Unreadable or invalid gold,
predictions or baseline exit 3 (`Exit.BAD_INPUT`) before anything is scored;
an F1 below `--baseline` exits 1 (`Exit.FINDINGS`) naming the list.
Diagnostic codes besides `eligo.scoring.loading`'s: G007, G010, G011
(registered in `eligo/data/diagnostics.jsonl`).

`--codes` also compiles every document and reports the share of rule atoms
bound to a coded concept; `--linking FILE` the top-1 accuracy of concept
linking against a linking gold (`eligo.scoring.concepts`).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from eligo.annotations import LIST_NAMES, Annotations, ListName
from eligo.api import extract
from eligo.cli.app import Exit, app, dir_option, err, file_option, flag, out, print_diagnostics
from eligo.diagnostics import Diagnostic, diagnostic
from eligo.files import write_atomic
from eligo.scoring.concepts import coded_share, linking_accuracy
from eligo.scoring.loading import EvalError, GoldDocument, check_spans, load_gold, load_predictions
from eligo.scoring.report import (
    above_baseline,
    as_dict,
    baseline_of,
    below_baseline,
    read_baseline,
    tables,
)
from eligo.scoring.scoring import score


def _lists(values: list[str] | None) -> tuple[ListName, ...]:
    """`--lists a,b --lists c` → ('a', 'b', 'c') in the order of `LIST_NAMES`; every list when none
    is given."""
    names = tuple(
        name.strip() for value in values or () for name in value.split(",") if name.strip()
    )
    unknown = [name for name in names if name not in LIST_NAMES]
    if unknown:
        err.print(
            f"eligo eval: unknown list {', '.join(map(repr, unknown))}; lists are "
            f"{', '.join(LIST_NAMES)}",
            markup=False,
        )
        raise typer.Exit(int(Exit.USAGE))
    return tuple(name for name in LIST_NAMES if name in names) or LIST_NAMES


def _pipeline(documents: list[GoldDocument]) -> list[Annotations]:
    """The pipeline's annotations of every document, spans checked like any prediction's."""
    predictions = []
    for document in documents:
        prediction = extract(document.source, kind=None)
        try:
            check_spans(Path(document.source.path), prediction, document.source)
        except EvalError as error:
            print_diagnostics(error.diagnostics)
            err.print(
                "eligo eval: internal error: the pipeline gave spans that do not match its input",
                markup=False,
            )
            raise typer.Exit(int(Exit.INTERNAL)) from None
        predictions.append(prediction)
    return predictions


def _missing(pred: Path, document: str) -> Diagnostic:
    message = f"no prediction for {document}; scored as an empty prediction"
    return diagnostic("G010", message, path=str(pred))


def _fail(diagnostics: list[Diagnostic]) -> typer.Exit:
    print_diagnostics(diagnostics)
    return typer.Exit(int(Exit.BAD_INPUT))


@app.command("eval")
def eval_command(
    gold: Path = dir_option("--gold", help="Directory of gold eligo-gold/1 files.", required=True),
    pred: Path | None = dir_option(
        "--pred", help="Directory of predictions (<document stem>.json); default: run the pipeline."
    ),
    texts: Path | None = dir_option(
        "--texts", help="Directory of the documents, when not beside the gold."
    ),
    lists: list[str] | None = typer.Option(
        None, "--lists", help="Score only these lists (comma-separated or repeated)."
    ),
    as_json: bool = flag("--json", help="Print the figures as JSON."),
    baseline: Path | None = file_option(
        "--baseline",
        help="Exit 1 when a list's F1 drops below this baseline (JSON: F1 per list).",
    ),
    write_baseline: Path | None = typer.Option(
        None, "--write-baseline", dir_okay=False, help="Write this run's F1 per list as a baseline."
    ),
    codes: bool = flag(
        "--codes", help="Also compile each document: share of rule atoms bound to a coded concept."
    ),
    linking: Path | None = file_option(
        "--linking", help="Linking gold (JSONL): top-1 linking accuracy."
    ),
) -> None:
    """Score the pipeline (or --pred files) against gold: P/R/F1 and TP/FP/FN per list, field
    accuracy."""
    selected = _lists(lists)
    expected = None
    if baseline is not None:
        try:
            expected = read_baseline(baseline)
        except ValueError as error:
            raise _fail([diagnostic("G007", str(error), path=str(baseline))]) from None
    try:
        documents = load_gold(gold, texts)
        print_diagnostics([d for document in documents for d in document.source.diagnostics])
        if pred is None:
            predictions, missing = _pipeline(documents), []
        else:
            found = load_predictions(pred, documents)
            missing = [d.gold.document for d, p in zip(documents, found) if p is None]
            print_diagnostics([_missing(pred, document) for document in missing])
            predictions = [
                p or Annotations(document=d.gold.document) for d, p in zip(documents, found)
            ]
    except EvalError as error:
        raise _fail(error.diagnostics) from None

    figures = as_dict(
        score(((d.gold, p) for d, p in zip(documents, predictions)), selected), missing
    )
    if codes:
        from eligo.api import compile_source

        figures["codes"] = coded_share(compile_source(d.source).protocol for d in documents)
    if linking is not None:
        try:
            figures["linking"] = linking_accuracy(linking)
        except ValueError as error:
            raise _fail([diagnostic("G011", str(error), path=str(linking))]) from None
    if as_json:
        out.print(json.dumps(figures, indent=2), markup=False)
    else:
        scored = f"{pred} against {gold}" if pred is not None else f"the pipeline against {gold}"
        count = figures["documents"]
        for table in tables(figures, f"{scored}: {count} document{'' if count == 1 else 's'}"):
            out.print(table)
        if missing:
            out.print(
                f"{len(missing)} of {figures['documents']} documents had no prediction and "
                "were scored as empty",
                markup=False,
            )
        if "codes" in figures:
            share = figures["codes"]
            out.print(
                f"concept atoms coded: {share['coded']} of {share['atoms']} "
                f"({share['share']}); most frequent uncoded: "
                f"{', '.join(share['most_frequent_uncoded'])}",
                markup=False,
            )
        if "linking" in figures:
            found = figures["linking"]
            by_type = ", ".join(
                f"{kind} {v['accuracy']} of {v['mentions']}" for kind, v in found["by_type"].items()
            )
            out.print(
                f"linking top-1 accuracy: {found['correct']} of {found['mentions']} "
                f"({found['accuracy']}); {by_type}",
                markup=False,
            )
    if write_baseline is not None:
        write_atomic(write_baseline, baseline_of(figures))
    if expected is not None:
        for line in above_baseline(figures, expected):
            err.print(
                f"note: above baseline: {line}; update it with --write-baseline {baseline}",
                markup=False,
            )
        drops = below_baseline(figures, expected, selected)
        if drops:
            err.print(f"eligo eval: below baseline {baseline}:", markup=False)
            for line in drops:
                err.print(f"  {line}", markup=False)
            raise typer.Exit(int(Exit.FINDINGS))
