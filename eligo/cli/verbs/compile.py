"""`eligo compile`: protocol text → rules (DSL text and JSON), with compiler diagnostics.

With `-o DIR` each input writes `<stem>.eligo` and `<stem>.json` there (the
directory is checked first, and two inputs of the same stem are refused);
otherwise the rules go to stdout: rule text for one protocol, or with `--json`
one JSON document a line (JSON Lines) for any number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from eligo.cli import batch
from eligo.cli.app import (
    Exit,
    app,
    emit,
    err,
    flag,
    kind_value,
    output_option,
    print_diagnostics,
    read_protocol,
)
from eligo.compiler.coverage import Coverage
from eligo.diagnostics import SEVERITY_RANK, Diagnostic, diagnostic, worst


@dataclass(frozen=True)
class Compiled(batch.FileResult):
    """One input's rules (text and JSON), its source text and coverage."""

    source_text: str | None = None
    rules_text: str | None = None
    rules_json: str | None = None
    coverage: Coverage | None = None

    @classmethod
    def made(
        cls, path: Path, source: Any, made: dict, diagnostics: tuple[Diagnostic, ...]
    ) -> Compiled:
        if made["failed"]:
            return cls(path=path, diagnostics=diagnostics, failed=True)
        return cls(
            path=path,
            source_text=source.text,
            rules_text=made["rules_text"],
            rules_json=made["rules_json"],
            coverage=Coverage(*made["coverage"]),
            diagnostics=diagnostics,
        )


def compile_file(path: Path, kind: str | None = None, compact: bool = False) -> Compiled:
    return batch.cached_file("compile", Compiled, _compiled, kind, compact, path)


def _compiled(source, kind: str | None, compact: bool) -> dict:
    """What `compile_file` reports of a read source, as JSON (what the cache keeps)."""
    from eligo.api import compile_source
    from eligo.grammar import to_json, to_text
    from eligo.grammar.load import MAX_RULES_BYTES

    compilation, refused = read_protocol(compile_source, source, kind)
    if compilation is None:
        return {"failed": True, "diagnostics": [refused]}
    rules_json = to_json(compilation.protocol, compact=compact)
    size = len(rules_json.encode("utf-8"))
    if size > MAX_RULES_BYTES:
        message = (
            f"its rules would be {size:,} bytes of JSON, over the {MAX_RULES_BYTES:,} "
            "bytes `eligo check` and `eligo screen` read"
        )
        return {
            "failed": True,
            "diagnostics": [diagnostic("E005", message, path=source.path).model_dump(mode="json")],
        }
    coverage = compilation.coverage
    return {
        "failed": False,
        "rules_text": to_text(compilation.protocol),
        "rules_json": rules_json,
        "coverage": [coverage.full, coverage.partial, coverage.none],
        "diagnostics": [d.model_dump(mode="json") for d in compilation.diagnostics],
    }


@app.command("compile")
def compile_command(
    inputs: batch.Inputs,
    output: Path | None = output_option(
        "Write <stem>.eligo and <stem>.json into this directory; - for stdout."
    ),
    as_json: bool = flag(
        "--json", help="Print JSON (one protocol a line: JSON Lines) instead of rule text."
    ),
    kind: batch.KindOption = None,
    jobs: batch.Jobs = 1,
    no_cache: batch.NoCache = False,
    fail_on_warning: bool = flag("--fail-on-warning", help="Exit 1 when any warning is reported."),
    quiet: bool = flag("--quiet", "-q", help="Print errors only."),
) -> None:
    """Compile protocols into eligibility rules; print the rules, or write them with -o."""
    files, target = batch.checked_inputs("compile", inputs, output, no_cache)
    stdout = target is None
    if stdout and not as_json and len(files) > 1:
        err.print(
            "eligo compile: several protocols do not make one rules text on stdout", markup=False
        )
        err.print(
            "hint: give -o DIR to write one file each, or --json for JSON Lines on stdout",
            markup=False,
        )
        raise typer.Exit(int(Exit.USAGE))
    totals = Coverage()
    failed = unwritten = False
    diagnostics: list[Diagnostic] = []
    work = batch.file_work("compile", Compiled, _compiled, kind_value(kind), stdout)
    for result in batch.run_batch(work, files, jobs, "compiling"):
        shown = [d for d in result.diagnostics if not quiet or d.severity == "error"]
        print_diagnostics(shown, {d.path: result.source_text for d in shown})
        diagnostics.extend(result.diagnostics)
        if (
            result.failed
            or result.coverage is None
            or result.rules_text is None
            or result.rules_json is None
        ):
            failed = True
            continue
        totals = Coverage(
            totals.full + result.coverage.full,
            totals.partial + result.coverage.partial,
            totals.none + result.coverage.none,
        )
        if target is None:
            emit(result.rules_json if as_json else result.rules_text)
            continue
        texts = {".eligo": result.rules_text, ".json": result.rules_json}
        if not batch.write_outputs("compile", output, target, result.path.stem, texts):
            unwritten = True
    if not quiet:
        share = f" ({totals.executable_share:.0%} executable)" if totals.total else ""
        err.print(f"{len(files)} protocol(s), {totals.summary()}{share}", markup=False)
    level = worst(diagnostics)
    internal = any(d.code == batch.INTERNAL for d in diagnostics)
    batch.exit_on_failure(internal=internal, unwritten=unwritten, failed=failed)
    if level == "error" or (
        fail_on_warning and level is not None and SEVERITY_RANK[level] >= SEVERITY_RANK["warning"]
    ):
        raise typer.Exit(int(Exit.FINDINGS))
