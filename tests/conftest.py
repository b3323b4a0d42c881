"""The pytest fixtures test files share: the `eligo` command run in-process, and the development data in
../shared/data (skipped where it is not beside the checkout). Paths and fixture files are `fixture_files.py`'s.

The suite tests the code, not what an earlier run left in the user's result cache: it is off for every test
(worker and child processes inherit the setting); `tests/test_cache.py` turns it on in a directory of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from fixture_files import SHARED
from typer.testing import CliRunner

from eligo.cache import NO_CACHE_ENV
from eligo.cli import app

Cli = Callable[..., Result]


@pytest.fixture(scope="session")
def cli() -> Cli:
    """`cli("compile", path, "-o", out)`: runs `eligo` with the arguments as strings; bad input is a message
    and an exit code, never a traceback, so any exception other than an exit fails the test."""

    def run(*args: object) -> Result:
        result = CliRunner().invoke(app, [str(arg) for arg in args])
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    return run


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, the development sets; the test is skipped where it is not beside this checkout."""
    if not SHARED.is_dir():
        pytest.skip("the shared development data (../shared/data) is not beside this checkout")
    return SHARED


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
