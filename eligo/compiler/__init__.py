"""The compiler: protocol facts (`eligo.facts`) → rules of the grammar, with diagnostics; it never
imports the parser.

Its names are imported on first use, so that `eligo.compiler.coverage` alone stays cheap to import.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["Compilation", "Coverage", "compile_facts"]
_HOMES = {
    "Compilation": "eligo.compiler.protocol",
    "compile_facts": "eligo.compiler.protocol",
    "Coverage": "eligo.compiler.coverage",
}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
