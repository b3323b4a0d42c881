"""The suite tests the code, not what an earlier run left in the user's result cache: it is off for every test
(worker and child processes inherit the setting); `tests/test_cache.py` turns it on in a directory of its own."""

from __future__ import annotations

import pytest

from eligo.cache import NO_CACHE_ENV


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch):
    monkeypatch.setenv(NO_CACHE_ENV, "1")
