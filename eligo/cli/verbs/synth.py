"""`eligo synth`: a seeded synthetic OMOP CDM population for the protocols' rules, as a DuckDB
file."""

from __future__ import annotations

from pathlib import Path

import typer

from eligo.cli.app import Exit, app, err, out
from eligo.cli.omop import load_rules
from eligo.omop.synth import synthesize


@app.command("synth")
def synth_command(
    patients: int = typer.Option(
        ..., "--patients", min=1, max=100_000_000, help="How many persons."
    ),
    omop: Path = typer.Option(
        ..., "--omop", dir_okay=False, help="The DuckDB file to write (must not exist)."
    ),
    rules: list[Path] = typer.Option(
        [Path("compiled")],
        "--rules",
        exists=True,
        help="Rules files or directories whose concepts, values and units to draw.",
    ),
    seed: int = typer.Option(0, "--seed", help="The same seed and size give the same population."),
) -> None:
    """Write a synthetic OMOP CDM v5.4 population (and the vocabulary rows it needs) into a new
    DuckDB file."""
    if omop.exists():
        err.print(f"eligo synth: {omop} exists; give a new file", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    files = sorted(f for path in rules for f in ([path] if path.is_file() else path.glob("*.json")))
    if not files:
        err.print(
            "eligo synth: no rules files (*.json) in " + ", ".join(map(str, rules)), markup=False
        )
        raise typer.Exit(int(Exit.USAGE))
    protocols = [load_rules(f) for f in files]
    partial = omop.with_name(f".{omop.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        synthesize(partial, protocols, patients, seed)
        partial.rename(omop)
    except OSError as error:
        err.print(f"eligo synth: cannot write {omop}: {error.strerror or error}", markup=False)
        raise typer.Exit(int(Exit.CANNOT_WRITE)) from None
    finally:
        partial.unlink(missing_ok=True)
    out.print(
        f"{omop}: {patients:,} synthetic persons for {len(protocols)} protocols (seed {seed})",
        markup=False,
    )
