"""The Eligo rule language: AST, text and JSON forms, checker and evaluator.

This package needs pydantic and lark only (plus pint for unit conversion); it
never imports the NLP parser or spaCy, so a downstream tool can load, check and
run compiled rules on its own.
"""

from typing import TYPE_CHECKING, Any

from eligo.grammar.ast import FORMAT, Criterion, Protocol
from eligo.grammar.errors import RulesError
from eligo.grammar.printer import to_text
from eligo.grammar.schema import from_json, json_schema, to_json

if TYPE_CHECKING:
    from eligo.grammar.parse import parse_expression, parse_rules

__all__ = [
    "FORMAT",
    "Criterion",
    "Protocol",
    "RulesError",
    "from_json",
    "json_schema",
    "parse_expression",
    "parse_rules",
    "to_json",
    "to_text",
]


def __getattr__(name: str) -> Any:
    """`parse_rules` and `parse_expression`, imported on first use: they need lark, which a compile
    (rules printed, not read) does not."""
    if name in ("parse_rules", "parse_expression"):
        from eligo.grammar import parse

        return getattr(parse, name)
    raise AttributeError(f"module 'eligo.grammar' has no attribute {name!r}")
