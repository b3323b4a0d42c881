"""`eligo extract`: protocol text → `eligo-gold/1` annotations (the pipeline's predictions).

With `-o DIR` each input writes `<stem>.json` there (the directory is checked
first, and two inputs of the same stem are refused); otherwise the annotations
go to stdout: one document indented, several as JSON Lines (one a line).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eligo.cli import batch
from eligo.cli.app import app, emit, kind_value, output_option, print_diagnostics, read_protocol
from eligo.diagnostics import Diagnostic


@dataclass(frozen=True)
class Extracted(batch.FileResult):
    """One input's annotations as JSON (None when it has none)."""

    json: str | None = None

    @classmethod
    def made(
        cls, path: Path, source: Any, made: dict, diagnostics: tuple[Diagnostic, ...]
    ) -> Extracted:
        return cls(path=path, json=made["json"], diagnostics=diagnostics)


def _extracted(source, kind: str | None, compact: bool) -> dict:
    """What `eligo extract` reports of a read source, as JSON (what the cache keeps)."""
    from eligo.api import extract

    annotations, refused = read_protocol(extract, source, kind)
    if annotations is None:
        return {"json": None, "diagnostics": [refused]}
    text = annotations.model_dump_json() + "\n" if compact else annotations.to_json()
    return {"json": text, "diagnostics": [d.model_dump(mode="json") for d in source.diagnostics]}


@app.command("extract")
def extract_command(
    inputs: batch.Inputs,
    output: Path | None = output_option(
        "Write <stem>.json per input into this directory; - for stdout."
    ),
    kind: batch.KindOption = None,
    jobs: batch.Jobs = 1,
    no_cache: batch.NoCache = False,
) -> None:
    """Extract criteria, thresholds, windows, endpoints and interventions as eligo-gold/1 JSON."""
    files, target = batch.checked_inputs("extract", inputs, output, no_cache)
    stdout = target is None
    failed = internal = unwritten = False
    compact = stdout and len(files) > 1
    work = batch.file_work("extract", Extracted, _extracted, kind_value(kind), compact)
    for result in batch.run_batch(work, files, jobs, "extracting"):
        print_diagnostics(list(result.diagnostics))
        internal = internal or any(d.code == batch.INTERNAL for d in result.diagnostics)
        if result.json is None:
            failed = True
        elif target is None:
            emit(result.json)
        elif not batch.write_outputs(
            "extract", output, target, result.path.stem, {".json": result.json}
        ):
            unwritten = True
    batch.exit_on_failure(internal=internal, unwritten=unwritten, failed=failed)
