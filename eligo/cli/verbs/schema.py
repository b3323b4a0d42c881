"""`eligo schema`: print (or write) the JSON Schema of compiled rules."""

from __future__ import annotations

from pathlib import Path

from eligo.cli.app import app, destination, emit, output_option
from eligo.files import write_atomic
from eligo.grammar.schema import schema_text


@app.command()
def schema(
    output: Path | None = output_option("Write the schema to this file (- for stdout)."),
) -> None:
    """Print the JSON Schema of compiled rules (eligo-rules/1)."""
    text = schema_text()
    target = destination(output)
    if target is None:
        emit(text)
    else:
        write_atomic(target, text)
