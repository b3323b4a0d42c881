"""`eligo screen`: run compiled rules on patient records, verdicts explained.

Verdicts are results, not errors: the exit code is 0 whenever screening ran. A
rules file that cannot be read exits `Exit.BAD_INPUT`, one that does not parse
`Exit.BAD_RULES`; a patient file that cannot be read, does not validate or is
implausible is reported (file, field and reason) and skipped, the others are
still screened, and the exit code is `Exit.BAD_INPUT`. A FHIR R4 Bundle is read
as one patient (`eligo.fhir`); the codes it cannot map are reported on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.table import Table
from rich.text import Text

from eligo.cli.app import (
    VERDICT_STYLES,
    Exit,
    app,
    err,
    file_option,
    flag,
    out,
    output_option,
    print_diagnostics,
    rules_argument,
    rules_exit,
)
from eligo.cli.omop import ANCHORS_HELP, INDEX_HELP, screen_omop
from eligo.fhir import FhirError, bundle_to_patient, is_fhir
from eligo.files import TooLarge, read_limited
from eligo.grammar.load import read_rules
from eligo.grammar.parse import RulesError
from eligo.grammar.patient import MAX_PATIENT_BYTES, Patient, read_patient
from eligo.grammar.screening import Screening, screen
from eligo.omop.query import ANCHOR_TABLE

MAX_ERRORS_SHOWN = 5


def _patient(path: Path) -> Patient | None:
    """The patient in a file, or None after saying on stderr what is wrong with it."""
    try:
        text = read_limited(path, MAX_PATIENT_BYTES).decode("utf-8-sig")
        data = json.loads(text)
        if is_fhir(
            data
        ):  # a FHIR Bundle: mapped through the terminology, what is not mapped said and unknown
            patient, unmapped = bundle_to_patient(data, path)
            for diagnostic in unmapped:
                err.print(diagnostic.headline(), markup=False)
            return patient
        return read_patient(text)
    except FhirError as error:
        err.print(f"{path}: {error}", markup=False)
    except TooLarge as error:
        err.print(f"{path}: cannot read: {error}", markup=False)
    except (OSError, UnicodeDecodeError) as error:
        err.print(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}", markup=False)
    except ValidationError as error:
        problems = error.errors()
        for problem in problems[:MAX_ERRORS_SHOWN]:
            where = ".".join(str(part) for part in problem["loc"]) or "top level"
            err.print(f"{path}: not a patient record: {where}: {problem['msg']}", markup=False)
        if len(problems) > MAX_ERRORS_SHOWN:
            err.print(
                f"{path}: ... and {len(problems) - MAX_ERRORS_SHOWN} more problems", markup=False
            )
    except ValueError as error:  # json.JSONDecodeError
        err.print(f"{path}: not JSON: {error}", markup=False)
    return None


def _explain(result: Screening) -> None:
    named = {"ineligible": result.deciding, "needs_review": result.unknown}.get(result.verdict, ())
    out.print(
        Text(f"\n{result.patient}: ")
        + Text(result.verdict, style=VERDICT_STYLES[result.verdict])
        + Text(f" {', '.join(named)}")
    )
    for criterion in result.criteria:
        out.print(Text(f"\n{criterion.kind} {criterion.id}: {criterion.text}", style="bold"))
        for line, value in criterion.trace.lines(depth=1) if criterion.trace else ():
            out.print(Text(line, style=VERDICT_STYLES[value] if value else "dim"))


@app.command("screen")
def screen_command(
    rules: Path = rules_argument(),
    patients: list[Path] | None = typer.Argument(
        None,
        exists=True,
        dir_okay=False,
        help="Patient records (JSON, eligo-patient/1), patient fixtures, or FHIR R4 Bundles.",
    ),
    as_json: bool = flag("--json", help="Print the verdicts, criteria and traces as JSON."),
    explain: bool = flag("--explain", help="Print every criterion's trace."),
    # --- OMOP CDM input (eligo/cli/omop.py) ---
    omop: Path | None = file_option(
        "--omop", help="Screen every person of an OMOP CDM v5.4 DuckDB file."
    ),
    output: Path | None = output_option(
        "With --omop: write every verdict row to this .csv or .parquet file."
    ),
    anchor_table: str = typer.Option(
        ANCHOR_TABLE, "--anchors", help="With --omop: " + ANCHORS_HELP
    ),
    index_date: str | None = typer.Option(None, "--index-date", help="With --omop: " + INDEX_HELP),
) -> None:
    """Screen patients against compiled rules: eligible, ineligible or needs review, explained."""
    if omop is not None:
        if patients:
            err.print("eligo screen: give patient files or --omop, not both", markup=False)
            raise typer.Exit(int(Exit.USAGE))
        screen_omop(rules, omop, output, anchor_table, index_date)
        return
    if not patients:
        err.print("eligo screen: give patient files, or --omop FILE.duckdb", markup=False)
        raise typer.Exit(int(Exit.USAGE))
    try:
        protocol, _ = read_rules(rules)
    except RulesError as error:
        print_diagnostics([error.diagnostic], {error.diagnostic.path: error.text})
        raise typer.Exit(int(rules_exit(error.diagnostic.code))) from None
    results, failed = [], False
    for path in patients:
        patient = _patient(path)
        if patient is None:
            failed = True
        else:
            traced = explain or as_json  # traces only when shown
            results.append(screen(protocol, patient, explain=traced))
    if as_json:
        out.print(
            json.dumps(
                [r.model_dump(mode="json", exclude_none=True) for r in results],
                indent=2,
                ensure_ascii=False,
            ),
            markup=False,
        )
    else:
        table = Table(title=f"{protocol.id}: {len(protocol.criteria)} criteria")
        for column in ("patient", "verdict", "deciding criteria", "unknown criteria"):
            table.add_column(column)
        for result in results:
            table.add_row(
                Text(result.patient),
                Text(result.verdict, style=VERDICT_STYLES[result.verdict]),
                Text(", ".join(result.deciding)),
                Text(", ".join(result.unknown)),
            )
        out.print(table)
        if explain:
            for result in results:
                _explain(result)
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))
