"""The compiler: protocol facts (`eligo.facts`) → rules of the grammar, with diagnostics; it never imports the parser."""

from __future__ import annotations

from eligo.compiler.protocol import Compilation, Coverage, compile_facts

__all__ = ["Compilation", "Coverage", "compile_facts"]
