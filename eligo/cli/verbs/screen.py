"""`eligo screen`: run compiled rules on patient records."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.table import Table

from eligo.cli.app import Exit, app, err, out, print_diagnostics
from eligo.grammar.evaluate import screen as screen_patient
from eligo.grammar.load import read_rules
from eligo.grammar.parse import RulesError
from eligo.grammar.patient import Patient


def _patient(path: Path) -> Patient | None:
    try:
        return Patient.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        err.print(f"{path}: cannot read: {error}", markup=False)
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(part) for part in first["loc"]) or "top level"
        err.print(f"{path}: not a patient record: {where}: {first['msg']}", markup=False)
    return None


@app.command("screen")
def screen_command(
    rules: Path = typer.Argument(..., help="Compiled rules (.eligo or .json)."),
    patients: list[Path] = typer.Argument(..., help="Patient records (JSON)."),
    as_json: bool = typer.Option(False, "--json", help="Print the verdicts as JSON."),
    explain: bool = typer.Option(False, "--explain", help="Print every criterion's trace."),
) -> None:
    """Screen patients against compiled rules: eligible, ineligible or needs review, explained."""
    try:
        protocol, _ = read_rules(rules)
    except RulesError as error:
        source = rules.read_text(encoding="utf-8", errors="replace") if rules.is_file() else None
        print_diagnostics([error.diagnostic], {error.diagnostic.path: source})
        raise typer.Exit(int(Exit.BAD_RULES)) from None
    results, failed = [], False
    for path in patients:
        patient = _patient(path)
        if patient is None:
            failed = True
            continue
        results.append(screen_patient(protocol, patient))
    if as_json:
        out.print(json.dumps([r.model_dump(mode="json") for r in results], indent=2), markup=False)
    else:
        table = Table(title=f"{protocol.id}: {len(protocol.criteria)} criteria")
        for column in ("patient", "verdict", "deciding criteria", "unknown criteria"):
            table.add_column(column)
        for result in results:
            table.add_row(result.patient, result.verdict, ", ".join(result.deciding), ", ".join(result.unknown))
        out.print(table)
        if explain:
            for result in results:
                out.print(f"\n{result.patient}: {result.verdict}", markup=False)
                for criterion in result.criteria:
                    out.print(f"{criterion.kind} {criterion.id}:\n" + criterion.trace.render("  "), markup=False)
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))
