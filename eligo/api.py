"""Eligo as a library: protocol text in, compiled rules and diagnostics out, patients screened.

The one place where the stages meet: the parser turns text into facts
(`eligo.facts`) and the compiler turns facts into rules, each without
knowing the other. `compile_text` and `compile_file` return a `Compilation`:
the `ast.Protocol`, its diagnostics (reading's first) and its coverage.
`load_rules` reads compiled rules back (`.eligo` text or `.json`),
`check_rules` gives what `eligo check` finds in them, `load_patient` reads a
patient record and `screen` runs the rules on it. Everything here is also
`eligo.<name>` (imported on first use, so `import eligo` stays cheap); only
the compiling functions load spaCy. README.md's "Python API" example runs as
a test.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eligo import API
from eligo.acyclic import acyclic
from eligo.annotations import Annotations
from eligo.compiler import Compilation, compile_facts
from eligo.diagnostics import Diagnostic
from eligo.facts import ProtocolFacts
from eligo.files import read_limited
from eligo.grammar.ast import Protocol
from eligo.source import Source, read_source, source_from_text

if TYPE_CHECKING:
    from eligo.grammar.patient import Patient as Patient
    from eligo.grammar.screening import Screening as Screening
    from eligo.grammar.screening import screen as screen

__all__ = list(API)

# re-exported (API), imported on first use: a compile needs neither the screening nor the patient
# models (a tenth of its start)
_LATER = {"Patient": "patient", "Screening": "screening", "screen": "screening"}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        value = getattr(import_module(f"eligo.grammar.{_LATER[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'eligo.api' has no attribute {name!r}")


def analyse_and_compile(
    source: Source, kind: str | None = None, require_kind: bool = False
) -> tuple[ProtocolFacts, Compilation]:
    """The parser's facts of one read protocol and their compilation (for tools that show both, like
    the report page); `kind` (inclusion/exclusion) for a bare criteria file, `require_kind` to
    refuse one that has neither headings nor a kind (see `eligo.parser.analyse`). The facts leave
    out the mention recogniser's `mentions` and `relations`, which no rule is made of."""
    from eligo.parser import analyse

    with acyclic():  # a large protocol's facts and rules: collected after them, in one pass
        facts = analyse(source, kind=kind, require_kind=require_kind, mentions=False)
        compilation = compile_facts(facts, source.path)
    return facts, replace(
        compilation, diagnostics=list(source.diagnostics) + compilation.diagnostics
    )


def compile_source(
    source: Source, kind: str | None = None, require_kind: bool = False
) -> Compilation:
    """Analyse and compile one read protocol (`analyse_and_compile` without the facts)."""
    return analyse_and_compile(source, kind, require_kind)[1]


def extract(source: Source, kind: str | None = None, require_kind: bool = False) -> Annotations:
    """What `eligo extract` prints: the parser's lists, with the mentions and relations of the
    criteria."""
    from eligo.parser import analyse

    with acyclic():
        annotations = analyse(source, kind=kind, require_kind=require_kind).annotations
    return annotations.model_copy(
        update={"annotated": [*annotations.annotated, "mentions", "relations"]}
    )


def compile_text(text: str, name: str = "<text>", kind: str | None = None) -> Compilation:
    """Compile protocol text; `name` names it in diagnostics."""
    return compile_source(source_from_text(text, name), kind)


def compile_file(path: str | Path, kind: str | None = None) -> Compilation:
    """Compile a protocol file; raises `eligo.source.InputError` (with a located diagnostic) when it
    cannot be read."""
    return compile_source(read_source(path), kind)


def load_rules(path: str | Path) -> Protocol:
    """Compiled rules from a `.eligo` or `.json` file; raises `eligo.grammar.RulesError` (with its
    diagnostic)."""
    from eligo.grammar.load import read_rules

    return read_rules(path)[0]


def check_rules(path: str | Path) -> list[Diagnostic]:
    """What `eligo check` finds in a rules file (contradictions, units, unknown concepts), located
    in its text."""
    from eligo.grammar.check import check_protocol
    from eligo.grammar.load import read_rules

    protocol, text = read_rules(path)
    return check_protocol(protocol, text, str(path))


def load_patient(path: str | Path) -> Patient:
    """A patient record (`eligo-patient/1` JSON, or a patient fixture) from a file; raises
    `OSError`, `eligo.files.TooLarge` or `ValueError` (pydantic's `ValidationError` among them) when
    it cannot be used."""
    from eligo.grammar.patient import MAX_PATIENT_BYTES, read_patient

    return read_patient(read_limited(Path(path), MAX_PATIENT_BYTES).decode("utf-8-sig"))
