"""`eligo check`: parse a rules file and check it."""

from __future__ import annotations

from pathlib import Path

import typer

from eligo.cli.app import Exit, acyclic, app, err, flag, print_diagnostics, rules_exit
from eligo.diagnostics import SEVERITY_RANK, worst
from eligo.grammar.check import check_protocol
from eligo.grammar.load import read_rules
from eligo.grammar.parse import RulesError


@app.command()
def check(
    rules: list[Path] = typer.Argument(
        ..., exists=True, help="Rules files (.eligo text or .json) written by `eligo compile`."
    ),
    fail_on_warning: bool = flag("--fail-on-warning", help="Exit 1 on warnings too."),
) -> None:
    """Check compiled rules: syntax, unknown concepts, units, impossible ranges, contradictions."""
    code = Exit.OK
    for path in rules:
        try:
            with acyclic():
                protocol, text = read_rules(path)
                diagnostics = check_protocol(protocol, text, str(path))
        except RulesError as error:
            print_diagnostics([error.diagnostic], {error.diagnostic.path: error.text})
            code = max(code, rules_exit(error.diagnostic.code))
            continue
        print_diagnostics(diagnostics, {str(path): text})
        counts = {s: sum(d.severity == s for d in diagnostics) for s in ("error", "warning")}
        err.print(
            f"{path}: {len(protocol.criteria)} criteria checked, {counts['error']} errors, "
            f"{counts['warning']} warnings",
            markup=False,
        )
        level = worst(diagnostics)
        if level == "error" or (
            fail_on_warning
            and level is not None
            and SEVERITY_RANK[level] >= SEVERITY_RANK["warning"]
        ):
            code = max(code, Exit.FINDINGS)
    raise typer.Exit(int(code))
