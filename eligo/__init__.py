"""Eligo: compile clinical-trial protocol text into typed, executable eligibility rules.

The public API is `eligo.api`'s, re-exported here and imported on first use
(`API` names it, once: it is `eligo.api.__all__` too):
`import eligo` loads neither spaCy nor the compiler, so a tool that only runs
compiled rules (`eligo.load_rules`, `eligo.screen`) never pays for the parser.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

API = (
    "Compilation",
    "Diagnostic",
    "Patient",
    "Protocol",
    "Screening",
    "analyse_and_compile",
    "check_rules",
    "compile_file",
    "compile_source",
    "compile_text",
    "extract",
    "load_patient",
    "load_rules",
    "screen",
)
__all__ = ["__version__", *API]


def __getattr__(name: str) -> Any:
    if name in API:
        value = getattr(import_module("eligo.api"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'eligo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *API])
