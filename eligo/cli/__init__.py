"""Command-line interface: one module per verb, all registered on one Typer app.

`from eligo.cli import app` gives the full CLI (every verb registered), for
tests and for tools that embed it; the verbs import their heavy dependencies
(spaCy among them) only when they run.
"""

from eligo.cli import verbs  # noqa: F401 - registers the verbs on `app`
from eligo.cli.app import app, run

__all__ = ["app", "main"]


def main() -> None:
    run()
