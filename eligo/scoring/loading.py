"""Loading gold and prediction files, and the documents they annotate.

Everything is checked before anything is scored: a file that is not JSON, not
`eligo-gold/1`, or whose `text` differs from `document[start:end]` is
rejected with the file, the list, the index and both strings, because a scorer
comparing misaligned spans gives figures that look plausible and are wrong.
Errors of every file are collected, so one run reports them all.

Diagnostic codes G001-G006 (registered in `eligo/data/diagnostics.jsonl`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from eligo.annotations import FORMAT, Annotations
from eligo.diagnostics import Diagnostic, Position, diagnostic
from eligo.files import TooLarge, read_limited
from eligo.source import MAX_BYTES, InputError, Source, read_source

MAX_SHOWN = 10


class EvalError(Exception):
    """Gold or predictions that cannot be scored, with one diagnostic per problem."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.headline() for d in diagnostics))
        self.diagnostics = diagnostics


def _diagnostic(
    path: Path, code: str, message: str, hint: str | None = None, **where
) -> Diagnostic:
    return diagnostic(code, message, path=str(path), hint=hint, **where)


def _fail(path: Path, code: str, message: str, hint: str | None = None, **where) -> EvalError:
    return EvalError([_diagnostic(path, code, message, hint, **where)])


def _location(loc: tuple) -> str:
    where = ""
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where or "top level"


def load_annotations(path: Path) -> Annotations:
    """An `eligo-gold/1` file, or `EvalError` saying what is wrong and where."""
    try:
        raw = read_limited(path, MAX_BYTES * 8).decode(
            "utf-8-sig"
        )  # annotations of a protocol at the size limit
    except FileNotFoundError:
        raise _fail(path, "G001", "no such file") from None
    except (OSError, UnicodeDecodeError, TooLarge) as error:
        raise _fail(path, "G001", f"cannot read: {error}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _fail(
            path, "G001", f"not JSON: {error.msg}", start=Position.at(raw, error.pos)
        ) from None
    if not isinstance(data, dict):
        raise _fail(
            path,
            "G001",
            f"not an {FORMAT} document: the top level is a JSON {type(data).__name__}, not "
            "an object",
        )
    if data.get("format") != FORMAT:
        found = f"format {data['format']!r}" if "format" in data else 'no "format" field'
        raise _fail(
            path,
            "G001",
            f"{found}: expected {FORMAT!r}",
            "see the gold format specification (corpus/README.md)",
        )
    try:
        return Annotations.model_validate(data)
    except ValidationError as error:
        problems = [f"{_location(e['loc'])}: {e['msg']}" for e in error.errors()]
        shown = "; ".join(problems[:3]) + (
            f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
        )
        raise _fail(path, "G001", f"not valid {FORMAT}: {shown}") from None


def read_document(path: Path) -> Source:
    try:
        return read_source(path, allow_empty=True)
    except InputError as error:
        raise EvalError([error.diagnostic]) from None


def find_document(gold_path: Path, document: str, texts: Path | None = None) -> Path:
    """The text a gold file annotates: in `texts`, beside the gold, or in ../texts or
    ../protocols."""
    folder = gold_path.parent
    candidates = [texts / document] if texts is not None else []
    candidates += [
        folder / document,
        folder.parent / "texts" / document,
        folder.parent / "protocols" / document,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(c.parent) for c in candidates)
    raise _fail(gold_path, "G003", f"document {document!r} not found (looked in {looked})")


def check_spans(path: Path, annotations: Annotations, source: Source) -> None:
    """Raise `EvalError` with one diagnostic per item whose `text` is not `document[start:end]`."""
    errors = annotations.span_errors(source.text)
    if not errors:
        return
    diagnostics = [
        _diagnostic(path, "G002", f"span does not match {source.path}: {error}")
        for error in errors[:MAX_SHOWN]
    ]
    if len(errors) > MAX_SHOWN:
        diagnostics.append(
            _diagnostic(
                path,
                "G002",
                f"and {len(errors) - MAX_SHOWN} more spans that do not match {source.path}",
            )
        )
    hint = (
        "spans are [start, end) code points of the document read as UTF-8, BOM dropped, "
        "newlines untranslated"
    )
    diagnostics[-1] = diagnostics[-1].model_copy(update={"hint": hint})
    raise EvalError(diagnostics)


@contextmanager
def _collect(diagnostics: list[Diagnostic]) -> Iterator[None]:
    try:
        yield
    except EvalError as error:
        diagnostics.extend(error.diagnostics)


@dataclass(frozen=True)
class GoldDocument:
    path: Path
    gold: Annotations
    source: Source


def load_gold(gold_dir: Path, texts: Path | None = None) -> list[GoldDocument]:
    """Every `*.json` of `gold_dir`, checked against its document; `EvalError` lists all
    problems."""
    paths = sorted(gold_dir.glob("*.json"))
    if not paths:
        raise _fail(gold_dir, "G006", "no gold files (*.json)")
    documents: list[GoldDocument] = []
    seen: dict[str, Path] = {}
    diagnostics: list[Diagnostic] = []
    for path in paths:
        with _collect(diagnostics):
            gold = load_annotations(path)
            if gold.document in seen:
                raise _fail(
                    path, "G004", f"{gold.document!r} is annotated by {seen[gold.document]} too"
                )
            seen[gold.document] = path
            source = read_document(find_document(path, gold.document, texts))
            check_spans(path, gold, source)
            documents.append(GoldDocument(path=path, gold=gold, source=source))
    if diagnostics:
        raise EvalError(diagnostics)
    return documents


def prediction_path(pred_dir: Path, document: GoldDocument) -> Path | None:
    """`<document stem>.json` (what `eligo extract -o` writes), else the gold file's own name."""
    for candidate in (
        pred_dir / f"{Path(document.gold.document).stem}.json",
        pred_dir / document.path.name,
    ):
        if candidate.is_file():
            return candidate
    return None


def load_prediction(pred_dir: Path, document: GoldDocument) -> Annotations | None:
    """The checked prediction for one gold document, or None when there is none."""
    path = prediction_path(pred_dir, document)
    if path is None:
        return None
    prediction = load_annotations(path)
    if prediction.document != document.gold.document:
        raise _fail(
            path,
            "G005",
            f"predicts {prediction.document!r}, not {document.gold.document!r} of {document.path}",
        )
    check_spans(path, prediction, document.source)
    return prediction


def load_predictions(pred_dir: Path, documents: list[GoldDocument]) -> list[Annotations | None]:
    """The checked prediction of each gold document, None where there is none; `EvalError` lists all
    problems."""
    predictions: list[Annotations | None] = []
    diagnostics: list[Diagnostic] = []
    for document in documents:
        predictions.append(None)
        with _collect(diagnostics):
            predictions[-1] = load_prediction(pred_dir, document)
    if diagnostics:
        raise EvalError(diagnostics)
    return predictions
