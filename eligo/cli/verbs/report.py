"""`eligo report`: protocol text → a self-contained HTML page for its authors.

One protocol file gives one page (`-o page.html`, or the page on stdout); a
folder or several files give one page each plus `index.html` in the `-o`
folder. The page shows findings, so findings do not change the exit code; an
unreadable input does (`Exit.BAD_INPUT`), and the other inputs still get their
pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from eligo.cli.app import Exit, app, emit, err, flag, output_option, print_diagnostics
from eligo.cli.batch import INTERNAL, Jobs, expand, guarded, run_batch
from eligo.diagnostics import Diagnostic
from eligo.files import write_atomic

if TYPE_CHECKING:
    from eligo.report import Page


@dataclass(frozen=True)
class Reported:
    """One input's page, or the diagnostic that says why it has none."""

    path: Path
    page: Page | None = None  # imported lazily so `eligo --help` stays fast
    problem: Diagnostic | None = None


def _crashed(path: Path, diagnostic: Diagnostic) -> Reported:
    return Reported(path=path, problem=diagnostic)


def report_file(path: Path, kind: str | None = None) -> Reported:
    from eligo.report import build_page
    from eligo.source import InputError, read_source

    try:
        source = read_source(path)
    except InputError as error:
        return Reported(path=path, problem=error.diagnostic)
    return Reported(path=path, page=build_page(source, kind=kind))


@app.command("report")
def report_command(
    inputs: list[Path] = typer.Argument(
        ..., help="A protocol text file, or several, or directories of them."
    ),
    output: Path | None = output_option(
        "The page (.html) for one file; the folder for many (pages + index.html)."
    ),
    kind: str | None = typer.Option(
        None, "--kind", help="inclusion|exclusion for header-less criteria files."
    ),
    jobs: Jobs = 1,
    quiet: bool = flag("--quiet", "-q", help="Print errors only."),
) -> None:
    """Write an HTML page per protocol: its text, rules and diagnostics side by side."""
    from eligo.report.index import Entry, build_index

    files = expand(inputs)
    if not files:
        err.print("eligo report: no protocol files found", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    single = (
        len(inputs) == 1
        and not inputs[0].is_dir()
        and (output is None or output.suffix.lower() in {".html", ".htm"})
    )
    if not single and (output is None or output.suffix.lower() in {".html", ".htm"}):
        err.print(
            "eligo report: several protocols need -o FOLDER (one page each, plus index.html)",
            markup=False,
        )
        raise typer.Exit(int(Exit.USAGE))
    entries: list[Entry] = []
    failed = crashed = False
    for result in run_batch(
        guarded(partial(report_file, kind=kind), _crashed), files, jobs, "reporting"
    ):
        if result.problem is not None:
            print_diagnostics([result.problem])
            failed = True
            crashed = crashed or result.problem.code == INTERNAL
            entries.append(Entry(name=result.path.name, href=None, problem=result.problem.message))
            continue
        if result.page is None:  # a result has a page or a problem
            continue
        if output is None:  # one page (several need -o)
            emit(result.page.html)
        else:
            target = output if single else output / f"{result.path.stem}.html"
            write_atomic(target, result.page.html)
            entries.append(
                Entry(name=result.path.name, href=target.name, summary=result.page.summary)
            )
    if not single and output is not None:
        write_atomic(
            output / "index.html", build_index(entries, title=", ".join(str(p) for p in inputs))
        )
    written = sum(e.summary is not None for e in entries)
    if not quiet and output is not None and (written or not single):
        err.print(
            f"{written} page(s) written"
            + ("" if single else f", index at {output / 'index.html'}"),
            markup=False,
        )
    if crashed:
        raise typer.Exit(int(Exit.INTERNAL))
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))
