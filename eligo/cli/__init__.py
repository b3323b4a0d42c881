"""Command-line interface: one module per verb, all registered on one Typer app."""

from eligo.cli.app import app, run

__all__ = ["app", "main"]


def main() -> None:
    from eligo.cli import verbs  # noqa: F401 - registers the verbs on `app`

    run()
