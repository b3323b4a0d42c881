"""What the component tests share: the seeds (committed in corpus/protocols), one-case-a-line fixtures, small pipelines."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "protocols"
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_cases(folder: str, name: str) -> list[list[str]]:
    """The tab-separated cases of `tests/fixtures/<folder>/<name>`, one a line; `#` lines are comments."""
    lines = (FIXTURES / folder / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def sections_and(component: str) -> Language:
    """A blank pipeline with `eligo_sections` and one component after it: how another project would add it."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("eligo_sections")
    pipeline.add_pipe(component)
    return pipeline
