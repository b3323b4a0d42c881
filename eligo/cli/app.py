"""The `eligo` Typer application, its exit codes and what every verb shares."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum, IntEnum
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from eligo import __version__
from eligo.acyclic import acyclic as acyclic  # the verbs' one import of it
from eligo.acyclic import start_up_done
from eligo.diagnostics import Diagnostic
from eligo.files import writable_directory

T = TypeVar("T")

DEBUG_ENV = "ELIGO_DEBUG"

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
err = Console(
    stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else 160
)


class Exit(IntEnum):
    """Exit codes, the same for every verb; the README's table is `exit_code_table()`."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    BAD_INPUT = 3
    BAD_RULES = 4
    CANNOT_WRITE = 5
    INTERNAL = 70


MEANINGS = {
    Exit.OK: "success",
    Exit.FINDINGS: "findings: an error diagnostic (or a warning with `--fail-on-warning`), a "
    "score below the baseline",
    Exit.USAGE: "usage error: an unknown option or value, a path that does not exist, two inputs "
    "that would write the same output file, several protocols as rule text on stdout",
    Exit.BAD_INPUT: (
        "an input could not be read or is not valid: empty, binary, undecodable, too large, "
        "criteria without a heading and"
        " without `--kind`, a patient record that does not validate; the other inputs of a "
        "batch are still processed"
    ),
    Exit.BAD_RULES: "a rules file does not parse or validate",
    Exit.CANNOT_WRITE: "an output could not be written (the `-o` destination is not a writable "
    "directory, a full disk)",
    Exit.INTERNAL: "internal error (a bug): rerun with `--debug` for the traceback; in a batch "
    "it is that file's `E900` error and the other inputs are still processed",
}


def exit_code_table() -> str:
    """The README's exit-code table, from `MEANINGS`."""
    rows = [f"| {int(code)} | {MEANINGS[code]} |" for code in Exit]
    return "\n".join(["| code | meaning |", "| --- | --- |", *rows]) + "\n"


class Kind(str, Enum):
    """What the criteria of a file without headings are (`--kind`)."""

    inclusion = "inclusion"
    exclusion = "exclusion"


KIND_HELP = (
    "inclusion|exclusion: the kind of the criteria of a file without Inclusion/Exclusion headings."
)


def kind_value(kind: Kind | None) -> str | None:
    return kind.value if kind is not None else None


def rules_exit(code: str) -> Exit:
    """A rules file that cannot be read (R010) is a bad input; one that does not parse or validate,
    bad rules."""
    return Exit.BAD_INPUT if code == "R010" else Exit.BAD_RULES


# The colour of each truth value and verdict wherever the CLI prints one.
VERDICT_STYLES = {
    "true": "green",
    "false": "red",
    "unknown": "yellow",
    "eligible": "green",
    "ineligible": "red",
    "needs_review": "yellow",
}


def destination(output: Path | None) -> Path | None:
    """Where `-o` says to write, or None for stdout (no `-o`, or `-o -`)."""
    return None if output is None or str(output) == "-" else output


def check_destination(verb: str, output: Path) -> None:
    """Exit with `Exit.CANNOT_WRITE` before any work when files cannot be written into `output`."""
    problem = writable_directory(output)
    if problem is not None:
        err.print(f"eligo {verb}: cannot write to {output}: {problem}", markup=False)
        err.print("hint: give -o a directory you can write to, or -o - for stdout", markup=False)
        raise typer.Exit(int(Exit.CANNOT_WRITE))


def check_unique_outputs(verb: str, files: list[Path]) -> None:
    """Exit with `Exit.USAGE` when two inputs would write the same `<stem>.*` under `-o`."""
    seen: dict[str, Path] = {}
    for path in files:
        other = seen.setdefault(path.stem, path)
        if other != path:
            err.print(
                f"eligo {verb}: {other} and {path} would both write {path.stem}.* under -o",
                markup=False,
            )
            err.print(
                "hint: rename one, or compile them into different -o directories", markup=False
            )
            raise typer.Exit(int(Exit.USAGE))


def read_protocol(
    run: Callable[..., T], source: Any, kind: str | None
) -> tuple[T | None, dict | None]:
    """`run(source, kind=kind, require_kind=True)` (a compile or an extraction) under `acyclic`, and
    the diagnostic, as JSON, of an input it refuses (one result of the two is None): what a verb
    caches."""
    from eligo.source import InputError

    try:
        with acyclic():  # what a protocol's cycles leave is collected after it, in one pass
            return run(source, kind=kind, require_kind=True), None
    except InputError as error:
        return None, error.diagnostic.model_dump(mode="json")
    finally:
        start_up_done()  # the first protocol read: the start-up's objects are kept for good


# --- options every verb declares alike: one builder each ----------------------------


def output_option(help: str) -> Any:
    """`-o/--output PATH`, absent by default (where "-" means stdout is the verb's to say)."""
    return typer.Option(None, "-o", "--output", help=help)


def flag(*names: str, help: str) -> Any:
    """An on/off option, off by default."""
    return typer.Option(False, *names, help=help)


def file_option(*names: str, help: str, required: bool = False) -> Any:
    """An option naming an existing file (not a directory); absent by default unless required."""
    return typer.Option(... if required else None, *names, exists=True, dir_okay=False, help=help)


def dir_option(*names: str, help: str, required: bool = False) -> Any:
    """An option naming an existing directory; absent by default unless required."""
    return typer.Option(... if required else None, *names, exists=True, file_okay=False, help=help)


def rules_argument() -> Any:
    """The one compiled rules file a verb reads."""
    return typer.Argument(
        ..., exists=True, dir_okay=False, help="Compiled rules (.eligo or .json)."
    )


def _version(value: bool) -> None:
    if value:
        out.print(f"eligo {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    debug: bool = flag(
        "--debug",
        help="Show tracebacks of internal errors (accepted anywhere on the command line).",
    ),
) -> None:
    """Compile clinical-trial protocol text into typed, executable eligibility rules."""
    if debug:
        os.environ[DEBUG_ENV] = "1"


def emit(data: str) -> None:
    """Write output data (rules, JSON, HTML) to stdout exactly as made: rich's `print` would expand
    its tabs, turn `:name:` into an emoji, and take longer over a long text than the compile it
    prints."""
    out.file.write(data)
    out.file.flush()


def print_diagnostics(
    diagnostics: list[Diagnostic], sources: dict[str | None, str | None] | None = None
) -> None:
    """Render diagnostics compiler-style on stderr, with the source line when known.

    A few hundred go through one `print`: rich's cost is per call (a sixteenth of a batch compile
    when each diagnostic had its own), and lines joined by newlines print the same bytes."""
    for first in range(0, len(diagnostics), _PRINTED_AT_ONCE):
        err.print(
            "\n".join(
                diagnostic.render((sources or {}).get(diagnostic.path))
                for diagnostic in diagnostics[first : first + _PRINTED_AT_ONCE]
            ),
            markup=False,
        )


_PRINTED_AT_ONCE = 256


def debugging() -> bool:
    """`--debug` was given anywhere on the command line: internal errors show their traceback.

    Kept in the environment, so worker processes see it too.
    """
    return os.environ.get(DEBUG_ENV) == "1"


def run(argv: list[str] | None = None) -> None:
    """Entry point: Typer's exit codes, and no traceback for internal errors unless --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args:
        os.environ[DEBUG_ENV] = "1"
        args = [arg for arg in args if arg != "--debug"]
    try:
        app(args=args, prog_name="eligo")
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence of the CLI
        if debugging():
            raise
        err.print(f"eligo: internal error: {type(error).__name__}: {error}", markup=False)
        err.print(
            "hint: rerun with --debug (anywhere on the command line) for the traceback, and "
            "report it",
            markup=False,
        )
        sys.exit(Exit.INTERNAL)
