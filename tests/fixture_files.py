"""Where the tests find their files: the seeds (committed in corpus/protocols) and one-case-a-line fixtures."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "protocols"
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_cases(folder: str, name: str) -> list[list[str]]:
    """The tab-separated cases of `tests/fixtures/<folder>/<name>`, one a line; `#` lines are comments."""
    lines = (FIXTURES / folder / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]
