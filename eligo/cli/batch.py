"""What the batch verbs share: expanding inputs, a progress bar, worker processes and the result
cache.

`eligo compile` and `eligo extract` take files and directories, process them in
a deterministic order, build the NLP pipeline once per process, and report a
failing file without stopping the batch. Results come back in input order
whatever the number of workers (`--jobs N`, or `auto`: one per core), so the
output is the same bytes for any job count; an unchanged input is answered
from `eligo.cache` (`--no-cache` turns it off).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Self, TypeVar

import typer

from eligo import cache
from eligo.cli.app import (
    KIND_HELP,
    Exit,
    Kind,
    check_destination,
    check_unique_outputs,
    debugging,
    destination,
    err,
)
from eligo.diagnostics import Diagnostic, diagnostic
from eligo.files import write_atomic

Result = TypeVar("Result")
Read = TypeVar("Read", bound="FileResult")
PROTOCOL_SUFFIXES = {".txt", ".text", ".md"}
INTERNAL = "E900"
MAX_JOBS = 64
JOBS_HELP = (
    f"Worker processes: a number from 1 to {MAX_JOBS}, or auto (one per core). The "
    "output is the same for any number."
)
NO_CACHE_HELP = "Do not answer unchanged inputs from the cache (nor keep results in it)."


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def jobs_value(value: str) -> int:
    """`--jobs`: a number of worker processes, or `auto` for one per core."""
    if str(value).strip().lower() == "auto":
        return min(MAX_JOBS, cores())
    try:
        jobs = int(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is neither a number nor auto") from None
    if not 1 <= jobs <= MAX_JOBS:
        raise typer.BadParameter(f"{jobs} is not between 1 and {MAX_JOBS}")
    return jobs


# The options every batch verb takes, declared once: `inputs: Inputs`, `jobs: Jobs = 1`, ...
Inputs = Annotated[
    list[Path], typer.Argument(exists=True, help="Protocol text files, or directories of them.")
]
KindOption = Annotated[Kind | None, typer.Option("--kind", help=KIND_HELP)]
Jobs = Annotated[
    int,
    typer.Option("--jobs", "-j", parser=jobs_value, metavar=f"[1-{MAX_JOBS}|auto]", help=JOBS_HELP),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help=NO_CACHE_HELP)]


def cached(verb: str, source, options: Iterable[str], make: Callable[[], dict]) -> dict:
    """`make()`, a JSON-able result of `verb` on a read `source`, from the cache when the same
    input, options and code made it before; kept there otherwise."""
    if not cache.enabled():
        return make()
    reading = [diagnostic.model_dump_json() for diagnostic in source.diagnostics]
    name = cache.key(
        verb, [source.path, source.name, source.encoding, source.text, *reading, "\0", *options]
    )
    found = cache.load(name)
    if found is None:
        found = make()
        cache.store(name, found)
    return found


def file_work(
    verb: str, result_type: type[Read], make: Callable[..., dict], kind: str | None, compact: bool
) -> Callable[[Path], Read]:
    """A batch verb's work on one input path: `cached_file`, guarded (see `guarded`)."""
    work = partial(cached_file, verb, result_type, make, kind, compact)
    return guarded(work, result_type.crashed)


def cached_file(
    verb: str,
    result_type: type[Read],
    make: Callable[..., dict],
    kind: str | None,
    compact: bool,
    path: Path,
) -> Read:
    """`result_type`'s result for the input at `path`, built from `make(source, kind, compact)`
    (from the cache when unchanged: `cached`); its `crashed` result when it cannot be read."""
    from eligo.source import InputError, read_source

    try:
        source = read_source(path)
    except InputError as error:
        return result_type.crashed(path, error.diagnostic)
    options = [kind or "", str(compact)]
    made = cached(verb, source, options, partial(make, source, kind, compact))
    diagnostics = tuple(Diagnostic.model_validate(d) for d in made["diagnostics"])
    return result_type.made(path, source, made, diagnostics)


@dataclass(frozen=True)
class FileResult:
    """What a batch verb keeps of one input (small enough to cross process boundaries): its
    diagnostics, whether it failed, and (in subclasses) what it produced."""

    path: Path
    diagnostics: tuple[Diagnostic, ...] = ()
    failed: bool = False

    @classmethod
    def crashed(cls, path: Path, diagnostic: Diagnostic) -> Self:
        """The result of an input that could not be read or whose work raised: its one
        diagnostic (E900 for a bug, see `guarded`)."""
        return cls(path=path, diagnostics=(diagnostic,), failed=True)

    @classmethod
    def made(cls, path: Path, source: Any, made: dict, diagnostics: tuple[Diagnostic, ...]) -> Self:
        """The result from what the verb's work made of the read `source` (a JSON dict, what the
        cache keeps); each verb's subclass says which of its fields it fills."""
        raise NotImplementedError


def exit_on_failure(*, internal: bool, unwritten: bool, failed: bool) -> None:
    """End a batch verb with the worst of what happened to its inputs: a bug (`INTERNAL`), an
    output that could not be written (`CANNOT_WRITE`), an input refused (`BAD_INPUT`)."""
    for happened, status in (
        (internal, Exit.INTERNAL),
        (unwritten, Exit.CANNOT_WRITE),
        (failed, Exit.BAD_INPUT),
    ):
        if happened:
            raise typer.Exit(int(status))


def guarded(
    work: Callable[[Path], Result], crashed: Callable[[Path, Diagnostic], Result]
) -> Callable[[Path], Result]:
    """`work`, with a bug on one file reported as that file's E900 error, so the batch goes on.

    With `--debug` the exception propagates, traceback and all. A `partial` of
    module-level functions, so worker processes can unpickle it.
    """
    return partial(_run_guarded, work, crashed)


def _run_guarded(
    work: Callable[[Path], Result], crashed: Callable[[Path, Diagnostic], Result], path: Path
) -> Result:
    try:
        return work(path)
    except Exception as error:  # noqa: BLE001 - one file's bug must not lose the others' results
        if debugging():
            raise
        message = f"internal error: {type(error).__name__}: {error}"
        return crashed(path, diagnostic(INTERNAL, message, path=str(path)))


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and each directory's protocol files sorted by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() in PROTOCOL_SUFFIXES and not p.name.startswith(".")
                )
            )
        else:
            files.append(path)
    return files


def run_batch(
    work: Callable[[Path], Result], files: list[Path], jobs: int = 1, label: str = "processing"
) -> Iterator[Result]:
    """`work(file)` for every file, in order; in `jobs` processes when > 1; progress shown on a
    terminal."""
    if jobs > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor  # here: one job imports no pool

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from _progress(
                pool.map(work, files, chunksize=max(1, min(16, len(files) // (jobs * 4)))),
                len(files),
                label,
            )
    else:
        yield from _progress(map(work, files), len(files), label)


def _progress(results: Iterable[Result], total: int, label: str) -> Iterator[Result]:
    """A bar for a batch, a spinner for one file (a large protocol takes a while), on a terminal
    only."""
    if not sys.stderr.isatty():
        yield from results
        return
    if total < 2:
        with err.status(f"{label}..."):
            finished = list(results)
        yield from finished
        return
    from rich.progress import (  # here: off a terminal no bar is drawn
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for result in results:
            yield result
            progress.advance(task)


def checked_inputs(
    verb: str, inputs: list[Path], output: Path | None, no_cache: bool
) -> tuple[list[Path], Path | None]:
    """The protocol files a batch verb reads and the directory `-o` names (None: stdout), after
    the checks every batch verb makes before any work: some input, distinct output names, a
    directory it can write to."""
    if no_cache:
        cache.disable()
    files = expand(inputs)
    if not files:
        err.print(f"eligo {verb}: no protocol files found", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    target = destination(output)
    if target is not None:
        check_unique_outputs(verb, files)
        check_destination(verb, target)
    return files, target


def write_outputs(
    verb: str, output: Path | None, target: Path, stem: str, texts: dict[str, str]
) -> bool:
    """Write each text as `<stem><suffix>` into `target`; False, after saying why, when one cannot
    be written (the batch goes on)."""
    try:
        for suffix, text in texts.items():
            write_atomic(target / f"{stem}{suffix}", text)
    except OSError as error:
        shown = f"{stem}{next(iter(texts))}" if len(texts) == 1 else f"{stem}.*"
        err.print(
            f"eligo {verb}: cannot write {shown} in {output}: {error.strerror or error}",
            markup=False,
        )
        return False
    return True
