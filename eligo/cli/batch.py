"""What the batch verbs share: expanding inputs, a progress bar, and worker processes.

`eligo compile` and `eligo extract` take files and directories, process them in
a deterministic order, build the NLP pipeline once per process, and report a
failing file without stopping the batch.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from eligo.cli.app import debugging, err
from eligo.diagnostics import Diagnostic, diagnostic

Result = TypeVar("Result")
PROTOCOL_SUFFIXES = {".txt", ".text", ".md"}
INTERNAL = "E900"


def guarded(work: Callable[[Path], Result], crashed: Callable[[Path, Diagnostic], Result]) -> Callable[[Path], Result]:
    """`work`, with a bug on one file reported as that file's E900 error, so the batch goes on.

    With `--debug` the exception propagates, traceback and all. A `partial` of
    module-level functions, so worker processes can unpickle it.
    """
    return partial(_run_guarded, work, crashed)


def _run_guarded(work: Callable[[Path], Result], crashed: Callable[[Path, Diagnostic], Result], path: Path) -> Result:
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
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in PROTOCOL_SUFFIXES and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


def run_batch(work: Callable[[Path], Result], files: list[Path], jobs: int = 1, label: str = "processing") -> Iterator[Result]:
    """`work(file)` for every file, in order; in `jobs` processes when > 1; progress shown on a terminal."""
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from _progress(pool.map(work, files, chunksize=max(1, min(16, len(files) // (jobs * 4)))), len(files), label)
    else:
        yield from _progress(map(work, files), len(files), label)


def _progress(results: Iterable[Result], total: int, label: str) -> Iterator[Result]:
    """A bar for a batch, a spinner for one file (a large protocol takes a while), on a terminal only."""
    if not sys.stderr.isatty():
        yield from results
        return
    if total < 2:
        with err.status(f"{label}..."):
            finished = list(results)
        yield from finished
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for result in results:
            yield result
            progress.advance(task)
