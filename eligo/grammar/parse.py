"""Text → AST: the LALR parser of the rule language.

The transformer (`transform.py`) runs inline with the LALR parser, so even a deeply nested input
builds no recursion; nesting beyond `MAX_DEPTH` is refused with a diagnostic.
Every failure, syntax or validation, becomes a `RulesError` carrying a
`Diagnostic` with line:col, the source line and a caret.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from pydantic import ValidationError

from eligo.diagnostics import Diagnostic, Position, diagnostic
from eligo.grammar import ast
from eligo.grammar.errors import RulesError as RulesError
from eligo.grammar.transform import MAX_DEPTH, InvalidNode, ToAst, TooDeep

_TRANSFORMER = ToAst()
_LOCK = threading.Lock()  # the inline transformer keeps per-parse state


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark.open_from_package(
        "eligo.grammar",
        "eligo.lark",
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        transformer=_TRANSFORMER,
        start=["start", "expression"],
        maybe_placeholders=False,
    )


def _diagnostic(
    text: str, path: str | None, offset: int, message: str, hint: str | None, code: str
) -> Diagnostic:
    start = Position.at(text, offset)
    return diagnostic(code, message, path=path, start=start, end=start, hint=hint)


def _expected(error: UnexpectedInput) -> str | None:
    expected = sorted(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
    if not expected:
        return None
    names = [
        _TERMINAL_NAMES.get(name, name.lower()) for name in expected if not name.startswith("__")
    ]
    return "expected " + ", ".join(dict.fromkeys(names))


_TERMINAL_NAMES = {
    "NAME": "an identifier",
    "STRING": "a quoted string",
    "NUMBER": "a number",
    "OP": "a comparison (< <= = != >= >)",
    "UNIT": "a UCUM unit",
    "RELATION": "before/after/during",
    "CRITERION_KIND": "inclusion/exclusion",
    "CRITERION_ID": "a criterion id",
    "FREQUENCY": "a frequency code (QD, BID, Q3W...)",
    "RBRACE": "'}'",
    "LBRACE": "'{'",
    "RPAR": "')'",
    "LPAR": "'('",
    "RSQB": "']'",
    "LSQB": "'['",
    "COMMA": "','",
    "COLON": "':'",
    "DOUBLE_DOT": "'..'",
    "$END": "end of input",
}


def parse_rules(text: str, path: str | None = None) -> ast.Protocol:
    """Parse a rules text into a `Protocol`, or raise `RulesError` with a located diagnostic."""
    protocol: ast.Protocol = _parse(text, path, "start")
    return protocol


def parse_expression(text: str) -> ast.Node:
    """Parse one expression (`age >= 18 a and ecog <= 1`) into its AST node."""
    node: ast.Node = _parse(text, None, "expression")
    return node


def _parse(text: str, path: str | None, start: str) -> Any:
    parser = _parser()
    with _LOCK:
        try:
            return parser.parse(text, start=start)
        except UnexpectedCharacters as error:
            offset = error.pos_in_stream if error.pos_in_stream is not None else len(text)
            message = f"unexpected character {text[offset : offset + 1]!r}"
            diagnostic = _diagnostic(text, path, offset, message, _expected(error), "R001")
        except UnexpectedEOF as error:
            diagnostic = _diagnostic(
                text, path, len(text), "unexpected end of input", _expected(error), "R001"
            )
        except UnexpectedToken as error:
            token = error.token
            offset = token.start_pos if token.start_pos is not None else len(text)
            shown = "end of input" if token.type == "$END" else repr(str(token))
            diagnostic = _diagnostic(
                text, path, offset, f"unexpected {shown}", _expected(error), "R001"
            )
        except TooDeep as error:
            offset = error.offset or 0
            message = f"rules nested more than {MAX_DEPTH} levels deep"
            diagnostic = _diagnostic(text, path, offset, message, None, "R003")
        except InvalidNode as error:
            diagnostic = _diagnostic(
                text, path, error.offset or 0, _describe(error.cause), _hint(error.cause), "R002"
            )
        finally:
            _TRANSFORMER._forget()
    raise RulesError(diagnostic)


def _describe(cause: Exception) -> str:
    if isinstance(cause, ValidationError):
        first = cause.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"invalid {where}: {first['msg']}" if where else first["msg"]
    return str(cause)


def _hint(cause: Exception) -> str | None:
    return (
        "see `eligo schema` for the allowed values" if isinstance(cause, ValidationError) else None
    )
