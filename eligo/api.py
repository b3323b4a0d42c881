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
from eligo.source import Source, read_source, source_from_text

__all__ = ["Compilation", "compile_file", "compile_source", "compile_text"]


def compile_source(source: Source, kind: str | None = None) -> Compilation:
    """Analyse and compile one read protocol; `kind` (inclusion/exclusion) for a bare criteria file."""
    from eligo.parser import analyse

    compilation = compile_facts(analyse(source, kind=kind), source.path)
    return replace(compilation, diagnostics=list(source.diagnostics) + compilation.diagnostics)


def compile_text(text: str, name: str = "<text>", kind: str | None = None) -> Compilation:
    """Compile protocol text; `name` names it in diagnostics."""
    return compile_source(source_from_text(text, name), kind)


def compile_file(path: str | Path, kind: str | None = None) -> Compilation:
    """Compile a protocol file; raises `eligo.source.InputError` (with a located diagnostic) when it cannot be read."""
    return compile_source(read_source(path), kind)
