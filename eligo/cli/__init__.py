"""Command-line interface: one module per verb, all registered on one Typer app.

`from eligo.cli import app` gives the full CLI (every verb registered), for
tests and for tools that embed it; the verbs import their heavy dependencies
(spaCy among them) only when they run. `main` imports none of it for a command
it can replay from the cache (`eligo.cli.replay`): Typer, rich and pydantic
alone take several times the 100 ms an unchanged recompile should take.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

__all__ = ["app", "main"]


class _Package(ModuleType):
    """This package, whose `app` is the Typer app, imported on first use, not its submodule of that
    name."""

    @property
    def app(self) -> Any:
        from eligo.cli.verbs import register

        register()
        return sys.modules["eligo.cli.app"].app

    @app.setter
    def app(self, submodule: ModuleType) -> None:
        """The import system binds the submodule `eligo.cli.app` here once loaded; `app` stays the
        Typer app."""


sys.modules[__name__].__class__ = _Package

# the verbs whose start-up `app.read_protocol` ends (`eligo.acyclic`)
_READING = {"compile", "extract"}


def _run() -> None:
    from eligo.acyclic import pause_start_up
    from eligo.cli.regex_table import install

    if set(sys.argv[1:2]) & _READING:
        pause_start_up()  # until the first protocol is read (`eligo.acyclic`)
    install()  # before the command line's own imports, whose patterns it keeps too

    from eligo.cli.app import run
    from eligo.cli.spacy_start import import_spacy_lean
    from eligo.cli.verbs import register

    import_spacy_lean()

    register(sys.argv[1:])

    run()


def main() -> None:
    from eligo.cli.replay import run

    run(_run, sys.argv[1:])
