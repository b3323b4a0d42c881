"""Loading gold and prediction files, and finding the documents they annotate.

A file whose `text` differs from `document[start:end]` is rejected with the
file, list, index and both strings: a scorer must never compare against
misaligned spans.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from eligo.annotations import Annotations
from eligo.source import InputError, Source, read_source


class EvalError(Exception):
    """Gold or predictions that cannot be scored."""


def load_annotations(path: Path) -> Annotations:
    try:
        return Annotations.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"{path}: cannot read: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(part) for part in first["loc"])
        raise EvalError(f"{path}: not eligo-gold/1: {where}: {first['msg']}") from None


def find_document(gold_path: Path, document: str, texts: Path | None) -> Path:
    """The protocol text a gold file annotates: in --texts, beside the gold, or in ../texts or ../protocols."""
    folder = gold_path.parent
    candidates = [texts / document] if texts else []
    candidates += [folder / document, folder.parent / "texts" / document, folder.parent / "protocols" / document]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise EvalError(f"{gold_path}: document {document!r} not found (looked in: {', '.join(str(c.parent) for c in candidates)}); give --texts DIR")


def load_checked(path: Path, source: Source) -> Annotations:
    """Annotations whose every span was checked against the document text."""
    annotations = load_annotations(path)
    errors = annotations.span_errors(source.text)
    if errors:
        shown = "; ".join(errors[:3]) + (f"; and {len(errors) - 3} more" if len(errors) > 3 else "")
        raise EvalError(f"{path}: spans do not match {annotations.document}: {shown}")
    return annotations


def read_document(path: Path) -> Source:
    try:
        return read_source(path, allow_empty=True)
    except InputError as error:
        raise EvalError(error.diagnostic.headline()) from None
