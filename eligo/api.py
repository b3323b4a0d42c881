"""Eligo as a library: protocol text in, compiled rules and diagnostics out (read → parse → compile).

The one place where the stages meet: the parser turns text into facts
(`eligo.facts`) and the compiler turns facts into rules, each without
knowing the other. `compile_text` and `compile_file` return a `Compilation`:
the `ast.Protocol`, its diagnostics (reading's first) and its coverage.

    >>> from eligo.api import compile_text
    >>> compilation = compile_text("Inclusion Criteria:\\n- Age >= 18 years\\n", "p.txt")  # doctest: +SKIP
    >>> compilation.protocol.criteria[0].rule  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from eligo.compiler import Compilation, compile_facts
from eligo.facts import ProtocolFacts
from eligo.source import Source, read_source, source_from_text

__all__ = ["Compilation", "analyse_and_compile", "compile_file", "compile_source", "compile_text"]


def analyse_and_compile(
    source: Source, kind: str | None = None, require_kind: bool = False
) -> tuple[ProtocolFacts, Compilation]:
    """The parser's facts of one read protocol and their compilation (for tools that show both, like the
    report page); `kind` (inclusion/exclusion) for a bare criteria file, `require_kind` to refuse one
    that has neither headings nor a kind (see `eligo.parser.analyse`)."""
    from eligo.parser import analyse

    facts = analyse(source, kind=kind, require_kind=require_kind)
    compilation = compile_facts(facts, source.path)
    return facts, replace(compilation, diagnostics=list(source.diagnostics) + compilation.diagnostics)


def compile_source(source: Source, kind: str | None = None, require_kind: bool = False) -> Compilation:
    """Analyse and compile one read protocol (`analyse_and_compile` without the facts)."""
    return analyse_and_compile(source, kind, require_kind)[1]


def compile_text(text: str, name: str = "<text>", kind: str | None = None) -> Compilation:
    """Compile protocol text; `name` names it in diagnostics."""
    return compile_source(source_from_text(text, name), kind)


def compile_file(path: str | Path, kind: str | None = None) -> Compilation:
    """Compile a protocol file; raises `eligo.source.InputError` (with a located diagnostic) when it cannot be read."""
    return compile_source(read_source(path), kind)
