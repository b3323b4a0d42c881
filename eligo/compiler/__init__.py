"""The compiler: protocol facts from the parser → rules of the grammar, with diagnostics."""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.protocol import Compilation, Coverage, compile_facts

__all__ = ["Compilation", "Coverage", "compile_facts", "compile_source"]


def compile_source(source, kind: str | None = None, require_kind: bool = False) -> Compilation:
    """Read, analyse and compile one protocol (`eligo.source.Source`); `require_kind` as `eligo.parser.analyse`."""
    from eligo.parser import analyse

    compilation = compile_facts(analyse(source, kind=kind, require_kind=require_kind), source.path)
    return replace(compilation, diagnostics=list(source.diagnostics) + compilation.diagnostics)
