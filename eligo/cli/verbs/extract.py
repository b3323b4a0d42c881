"""`eligo extract`: protocol text → `eligo-gold/1` annotations (the pipeline's predictions)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import typer

from eligo.cli.app import Exit, app, err, out, print_diagnostics, write_atomic
from eligo.cli.batch import INTERNAL, expand, guarded, run_batch
from eligo.diagnostics import Diagnostic


@dataclass(frozen=True)
class Extracted:
    path: Path
    json: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()


def _crashed(path: Path, diagnostic: Diagnostic) -> Extracted:
    return Extracted(path=path, diagnostics=(diagnostic,))


def extract_file(path: Path, kind: str | None = None) -> Extracted:
    from eligo.parser import extract
    from eligo.source import InputError, read_source

    try:
        source = read_source(path)
    except InputError as error:
        return Extracted(path=path, diagnostics=(error.diagnostic,))
    return Extracted(path=path, json=extract(source, kind=kind).to_json(), diagnostics=source.diagnostics)


@app.command("extract")
def extract_command(
    inputs: list[Path] = typer.Argument(..., help="Protocol text files, or directories of them."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write <stem>.json per input here."),
    kind: str | None = typer.Option(None, "--kind", help="inclusion|exclusion for header-less criteria files."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64, help="Worker processes."),
) -> None:
    """Extract criteria, thresholds, windows, endpoints and interventions as eligo-gold/1 JSON."""
    files = expand(inputs)
    if output is None and len(files) != 1:
        err.print("eligo extract: give -o DIR to extract more than one file", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    failed = internal = False
    for result in run_batch(guarded(partial(extract_file, kind=kind), _crashed), files, jobs, "extracting"):
        print_diagnostics(list(result.diagnostics))
        internal = internal or any(d.code == INTERNAL for d in result.diagnostics)
        if result.json is None:
            failed = True
        elif output is None:
            out.print(result.json, end="", markup=False)
        else:
            write_atomic(output / f"{result.path.stem}.json", result.json)
    if internal:
        raise typer.Exit(int(Exit.INTERNAL))
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))
