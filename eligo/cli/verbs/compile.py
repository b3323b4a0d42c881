"""`eligo compile`: protocol text → rules (DSL text and JSON), with compiler diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import typer

from eligo.cli.app import Exit, app, err, out, print_diagnostics, write_atomic
from eligo.cli.batch import INTERNAL, expand, guarded, run_batch
from eligo.compiler import Coverage
from eligo.diagnostics import SEVERITY_RANK, Diagnostic, worst


@dataclass(frozen=True)
class Compiled:
    """One input's result, small enough to cross process boundaries."""

    path: Path
    source_text: str | None = None
    rules_text: str | None = None
    rules_json: str | None = None
    coverage: Coverage | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    failed: bool = False


def _crashed(path: Path, diagnostic: Diagnostic) -> Compiled:
    return Compiled(path=path, diagnostics=(diagnostic,), failed=True)


def compile_file(path: Path, kind: str | None = None) -> Compiled:
    from eligo.api import compile_source
    from eligo.grammar import to_json, to_text
    from eligo.source import InputError, read_source

    try:
        source = read_source(path)
    except InputError as error:
        return Compiled(path=path, diagnostics=(error.diagnostic,), failed=True)
    compilation = compile_source(source, kind=kind)
    return Compiled(
        path=path,
        source_text=source.text,
        rules_text=to_text(compilation.protocol),
        rules_json=to_json(compilation.protocol),
        coverage=compilation.coverage,
        diagnostics=tuple(compilation.diagnostics),
    )


@app.command("compile")
def compile_command(
    inputs: list[Path] = typer.Argument(..., help="Protocol text files, or directories of them."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write <stem>.eligo and <stem>.json here."),
    kind: str | None = typer.Option(None, "--kind", help="inclusion|exclusion for header-less criteria files."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64, help="Worker processes."),
    fail_on_warning: bool = typer.Option(False, "--fail-on-warning", help="Exit 1 when any warning is reported."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
) -> None:
    """Compile protocols into eligibility rules; print the rules, or write them with -o."""
    files = expand(inputs)
    if not files:
        err.print("eligo compile: no protocol files found", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    totals = Coverage()
    failed = False
    diagnostics: list[Diagnostic] = []
    for result in run_batch(guarded(partial(compile_file, kind=kind), _crashed), files, jobs, "compiling"):
        shown = [d for d in result.diagnostics if not quiet or d.severity == "error"]
        print_diagnostics(shown, {d.path: result.source_text for d in shown})
        diagnostics.extend(result.diagnostics)
        if result.failed:
            failed = True
            continue
        totals = Coverage(totals.full + result.coverage.full, totals.partial + result.coverage.partial, totals.none + result.coverage.none)
        if output is None:
            out.print(result.rules_text, end="", markup=False)
        else:
            write_atomic(output / f"{result.path.stem}.eligo", result.rules_text)
            write_atomic(output / f"{result.path.stem}.json", result.rules_json)
    if not quiet:
        share = f" ({totals.executable_share:.0%} executable)" if totals.total else ""
        err.print(f"{len(files)} protocol(s), {totals.summary()}{share}", markup=False)
    level = worst(diagnostics)
    if any(d.code == INTERNAL for d in diagnostics):
        raise typer.Exit(int(Exit.INTERNAL))
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))
    if level == "error" or (fail_on_warning and level is not None and SEVERITY_RANK[level] >= SEVERITY_RANK["warning"]):
        raise typer.Exit(int(Exit.FINDINGS))
