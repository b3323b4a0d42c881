"""The `eligo` Typer application, its exit codes and what every verb shares."""

from __future__ import annotations

import os
import sys
import tempfile
from enum import IntEnum
from pathlib import Path

import typer
from rich.console import Console

from eligo import __version__
from eligo.diagnostics import Diagnostic

app = typer.Typer(
    name="eligo",
    help="Compile clinical-trial protocol text into typed, executable eligibility rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
# Off a terminal (pipes, CI logs), tables get room instead of rich's default 80 columns.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else 160)


class Exit(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0
    FINDINGS = 1  # errors found (warnings too with --fail-on-warning), eval below baseline
    USAGE = 2  # bad options or a missing path (Typer's own code)
    BAD_INPUT = 3  # an input could not be read: empty, binary, undecodable, too large
    BAD_RULES = 4  # a rules file does not parse or does not validate
    INTERNAL = 70  # a bug in Eligo: rerun with --debug for the traceback


def _version(value: bool) -> None:
    if value:
        out.print(f"eligo {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    """Compile clinical-trial protocol text into typed, executable eligibility rules."""


def print_diagnostics(diagnostics: list[Diagnostic], sources: dict[str | None, str] | None = None) -> None:
    """Render diagnostics compiler-style on stderr, with the source line when known."""
    for diagnostic in diagnostics:
        source = (sources or {}).get(diagnostic.path)
        err.print(diagnostic.render(source), markup=False)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file, so no half-written file is ever left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def debugging() -> bool:
    """`--debug` was given: internal errors show their traceback (read from argv, so worker processes see it too)."""
    return "--debug" in sys.argv


def run() -> None:
    """Entry point: Typer's exit codes, and no traceback for internal errors unless --debug."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence of the CLI
        if debugging():
            raise
        err.print(f"eligo: internal error: {type(error).__name__}: {error}", markup=False)
        err.print("hint: rerun with --debug for the traceback, and report it", markup=False)
        sys.exit(Exit.INTERNAL)
