"""The verbs of `eligo`, one module each; importing a verb's module registers it on the app.

`register` imports only the verb a command line names: the others' dependencies (DuckDB and
sqlglot for `screen`, `sql` and `synth`, the scoring tables for `score`) would cost a `compile`
more time than the compile of a short protocol.
"""

from __future__ import annotations

import importlib

# Each command's name and the module that defines it.
VERBS = {
    "check": "check",
    "compile": "compile",
    "extract": "extract",
    "report": "report",
    "schema": "schema",
    "eval": "score",
    "screen": "screen",
    "sql": "sql",
    "synth": "synth",
}


def register(args: list[str] | None = None) -> None:
    """Register the verb named first among `args` (its options may come before it), or every verb
    when `args` names none (`eligo --help`, a misspelt verb: the app must list them all)."""
    words = [arg for arg in args or [] if not arg.startswith("-")]
    modules = [VERBS[words[0]]] if words and words[0] in VERBS else VERBS.values()
    for module in modules:
        importlib.import_module(f"{__name__}.{module}")
