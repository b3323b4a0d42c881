"""The Eligo rule language: AST, text and JSON forms, checker and evaluator.

This package needs pydantic and lark only (plus pint for unit conversion); it
never imports the NLP parser or spaCy, so a downstream tool can load, check and
run compiled rules on its own.
"""

from eligo.grammar.ast import FORMAT, Criterion, Protocol
from eligo.grammar.parse import RulesError, parse_expression, parse_rules
from eligo.grammar.printer import to_text
from eligo.grammar.schema import from_json, json_schema, to_json

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
