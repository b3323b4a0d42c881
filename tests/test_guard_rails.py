"""Guard rails for the package's shape: ruff (lint and format) and mypy pass on `eligo/` as pyproject.toml configures
them, every module says why it exists, none grows past about 400 lines (the exceptions are listed here with their
reason, and leave the list when they shrink)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_files import ROOT

MODULES = sorted((ROOT / "eligo").rglob("*.py"))
MAX_LINES = 400
# module -> why it is still longer than MAX_LINES
LONG_MODULES: dict[str, str] = {}


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _passes(*command: str) -> None:
    run = subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]


def test_ruff_passes_on_the_package():
    _passes("ruff", "check", "--no-cache", "eligo")


def test_ruff_format_leaves_the_package_alone():
    _passes("ruff", "format", "--check", "--no-cache", "eligo")


def test_mypy_passes_on_the_package(tmp_path):
    _passes("mypy", "--cache-dir", str(tmp_path))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_has_a_docstring(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring and len(docstring.split()) >= 5, f"{_name(path)}: say in a docstring what the module holds and why"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_is_not_too_long(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if _name(path) in LONG_MODULES:
        assert lines > MAX_LINES, f"{_name(path)} has {lines} lines now: remove it from LONG_MODULES"
    else:
        assert lines <= MAX_LINES, f"{_name(path)} has {lines} lines (at most {MAX_LINES}): split it by what it holds"


def test_long_module_exceptions_exist():
    assert all((ROOT / name).is_file() for name in LONG_MODULES)


def test_tests_mirror_the_package_folders():
    """Tests of `eligo/<folder>/` live in `tests/<folder>/`; tests of top-level modules in `tests/`."""
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name != "fixtures"}
    folders -= {"__pycache__"}
    packages = {p.name for p in (ROOT / "eligo").iterdir() if any(p.glob("*.py"))}
    assert folders <= packages, f"test folders without a package folder: {sorted(folders - packages)}"
