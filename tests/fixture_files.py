"""What the tests share besides pytest fixtures (conftest.py): the paths of the seeds (corpus/protocols), of
tests/fixtures and of ../shared/data, the one reader of one-case-a-line fixtures, small pipelines."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "protocols"
FIXTURES = ROOT / "tests" / "fixtures"
GOOD = "Inclusion Criteria:\n- Age >= 18 years\nExclusion Criteria:\n- Pregnancy\n"  # a protocol every verb accepts
SHARED = ROOT.parent / "shared" / "data"  # the development sets, beside the checkout when there (conftest's `shared_data`)
# Cases per fuzz test: 2,000 in the suite, so that it stays fast; `.ci/run` runs the fuzz tests again with 10,000
# (issues 10 and 20 ask for at least 10,000 in CI).
FUZZ_EXAMPLES = int(os.environ.get("ELIGO_FUZZ_EXAMPLES", "2000"))


def fixture_path(*parts: str) -> Path:
    """`tests/fixtures/<parts...>`: the one place tests name the folder of their fixtures."""
    return FIXTURES.joinpath(*parts)


def fixture_cases(folder: str, name: str) -> list[list[str]]:
    """The tab-separated cases of `tests/fixtures/<folder>/<name>`, one a line; `#` lines are comments."""
    lines = fixture_path(folder, name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def sections_and(component: str) -> Language:
    """A blank pipeline with `eligo_sections` and one component after it: how another project would add it."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("eligo_sections")
    pipeline.add_pipe(component)
    return pipeline


def _seconds(run: Callable[[str], object], text: str) -> float:
    """CPU seconds of this process: other processes on a loaded machine do not count.

    The collector is paused while timing: a full collection over what earlier tests left
    on the heap would otherwise land in whichever run it happens to interrupt.
    """
    gc.collect()
    gc.disable()
    try:
        began = time.process_time()
        run(text)
        return time.process_time() - began
    finally:
        gc.enable()


def assert_linear(run: Callable[[str], object], make: Callable[[int], str], size: int) -> None:
    """`run` on `make(size)` takes at most 25 times as long as on `make(size // 10)` (quadratic: 100).

    A ratio of CPU times, not a wall-clock bound, so a loaded machine does not
    fail it; the small run is timed best of two and floored at 50 ms to damp noise.
    """
    small = max(0.05, min(_seconds(run, make(size // 10)) for _ in range(2)))
    large = _seconds(run, make(size))
    assert large < small * 25, (small, large)
