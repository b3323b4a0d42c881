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

from eligo import cache
from eligo.cli.app import (
    KIND_HELP,
    Exit,
    Kind,
    app,
    check_destination,
    check_unique_outputs,
    destination,
    emit,
    err,
    kind_value,
    print_diagnostics,
    read_protocol,
)
from eligo.cli.batch import (
    INTERNAL,
    JOBS_HELP,
    MAX_JOBS,
    NO_CACHE_HELP,
    cached,
    expand,
    guarded,
    jobs_value,
    run_batch,
)
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
    from eligo.source import InputError, read_source

    try:
        source = read_source(path)
        result = cached(
            "extract",
            source,
            [kind or "", str(compact)],
            partial(_extracted, source, kind, compact),
        )
    except InputError as error:
        return Extracted(path=path, diagnostics=(error.diagnostic,))
    return Extracted(
        path=path,
        json=result["json"],
        diagnostics=tuple(Diagnostic.model_validate(d) for d in result["diagnostics"]),
    )


def _extracted(source, kind: str | None, compact: bool) -> dict:
    """What `extract_file` reports of a read source, as JSON (what the cache keeps)."""
    from eligo.api import extract

    annotations, refused = read_protocol(extract, source, kind)
    if annotations is None:
        return {"json": None, "diagnostics": [refused]}
    text = annotations.model_dump_json() + "\n" if compact else annotations.to_json()
    return {"json": text, "diagnostics": [d.model_dump(mode="json") for d in source.diagnostics]}


@app.command("extract")
def extract_command(
    inputs: list[Path] = typer.Argument(
        ..., exists=True, help="Protocol text files, or directories of them."
    ),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write <stem>.json per input into this directory; - for stdout.",
    ),
    kind: Kind | None = typer.Option(None, "--kind", help=KIND_HELP),
    jobs: int = typer.Option(
        "1", "--jobs", "-j", parser=jobs_value, metavar=f"[1-{MAX_JOBS}|auto]", help=JOBS_HELP
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help=NO_CACHE_HELP),
) -> None:
    """Extract criteria, thresholds, windows, endpoints and interventions as eligo-gold/1 JSON."""
    if no_cache:
        cache.disable()
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
    work = guarded(
        partial(extract_file, kind=kind_value(kind), compact=stdout and len(files) > 1), _crashed
    )
    for result in run_batch(work, files, jobs, "extracting"):
        print_diagnostics(list(result.diagnostics))
        internal = internal or any(d.code == INTERNAL for d in result.diagnostics)
        if result.json is None:
            failed = True
        elif target is None:
            emit(result.json)
        else:
            try:
                write_atomic(target / f"{result.path.stem}.json", result.json)
            except OSError as error:
                err.print(
                    f"eligo extract: cannot write {result.path.stem}.json in {output}: "
                    f"{error.strerror or error}",
                    markup=False,
                )
                unwritten = True
    if internal:
        raise typer.Exit(int(Exit.INTERNAL))
    if unwritten:
        raise typer.Exit(int(Exit.CANNOT_WRITE))
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))
