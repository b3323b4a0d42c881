"""What the batch verbs share: expanding inputs, a progress bar, and worker processes.

`eligo compile` and `eligo extract` take files and directories, process them in
a deterministic order, build the NLP pipeline once per process, and report a
failing file without stopping the batch.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from eligo.cli.app import err

Result = TypeVar("Result")
PROTOCOL_SUFFIXES = {".txt", ".text", ".md"}


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
    """`work(file)` for every file, in order; in `jobs` processes when > 1; a bar on a terminal."""
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from _progress(pool.map(work, files, chunksize=max(1, min(16, len(files) // (jobs * 4)))), len(files), label)
    else:
        yield from _progress(map(work, files), len(files), label)


def _progress(results: Iterable[Result], total: int, label: str) -> Iterator[Result]:
    if not sys.stderr.isatty() or total < 2:
        yield from results
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for result in results:
            yield result
            progress.advance(task)
