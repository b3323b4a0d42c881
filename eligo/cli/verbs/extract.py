"""`eligo extract`: protocol text → `eligo-gold/1` annotations (the pipeline's predictions).

With `-o DIR` each input writes `<stem>.json` there (the directory is checked
first, and two inputs of the same stem are refused); otherwise the annotations
go to stdout: one document indented, several as JSON Lines (one a line).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import typer

from eligo.cli.app import KIND_HELP, Exit, Kind, app, check_destination, check_unique_outputs, destination, err, kind_value, out, print_diagnostics
from eligo.cli.batch import INTERNAL, expand, guarded, run_batch
from eligo.diagnostics import Diagnostic
from eligo.files import write_atomic


@dataclass(frozen=True)
class Extracted:
    path: Path
    json: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()


def _crashed(path: Path, diagnostic: Diagnostic) -> Extracted:
    return Extracted(path=path, diagnostics=(diagnostic,))


def extract_file(path: Path, kind: str | None = None, compact: bool = False) -> Extracted:
    from eligo.api import extract
    from eligo.source import InputError, read_source

    try:
        source = read_source(path)
        annotations = extract(source, kind=kind, require_kind=True)
    except InputError as error:
        return Extracted(path=path, diagnostics=(error.diagnostic,))
    text = annotations.model_dump_json() + "\n" if compact else annotations.to_json()
    return Extracted(path=path, json=text, diagnostics=source.diagnostics)


@app.command("extract")
def extract_command(
    inputs: list[Path] = typer.Argument(..., exists=True, help="Protocol text files, or directories of them."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write <stem>.json per input into this directory; - for stdout."),
    kind: Kind | None = typer.Option(None, "--kind", help=KIND_HELP),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64, help="Worker processes."),
) -> None:
    """Extract criteria, thresholds, windows, endpoints and interventions as eligo-gold/1 JSON."""
    files = expand(inputs)
    if not files:
        err.print("eligo extract: no protocol files found", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    target = destination(output)
    stdout = target is None
    if target is not None:
        check_unique_outputs("extract", files)
        check_destination("extract", target)
    failed = internal = unwritten = False
    work = guarded(partial(extract_file, kind=kind_value(kind), compact=stdout and len(files) > 1), _crashed)
    for result in run_batch(work, files, jobs, "extracting"):
        print_diagnostics(list(result.diagnostics))
        internal = internal or any(d.code == INTERNAL for d in result.diagnostics)
        if result.json is None:
            failed = True
        elif target is None:
            out.print(result.json, end="", markup=False)
        else:
            try:
                write_atomic(target / f"{result.path.stem}.json", result.json)
            except OSError as error:
                err.print(f"eligo extract: cannot write {result.path.stem}.json in {output}: {error.strerror or error}", markup=False)
                unwritten = True
    if internal:
        raise typer.Exit(int(Exit.INTERNAL))
    if unwritten:
        raise typer.Exit(int(Exit.CANNOT_WRITE))
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))
