"""Reading compiled rules from a file, in either of their two forms (DSL text or JSON)."""

from __future__ import annotations

from pathlib import Path

from eligo.diagnostics import diagnostic
from eligo.files import TooLarge, read_limited
from eligo.grammar import ast
from eligo.grammar.errors import RulesError
from eligo.grammar.schema import from_json

MAX_RULES_BYTES = 50 * 2**20


def _parse_rules(text: str, name: str) -> ast.Protocol:
    from eligo.grammar.parse import parse_rules  # lark, imported only for rule text

    return parse_rules(text, name)


def _error(path: str, message: str, hint: str | None = None, code: str = "R010") -> RulesError:
    return RulesError(diagnostic(code, message, path=path, hint=hint))


def read_rules(path: Path | str) -> tuple[ast.Protocol, str]:
    """The protocol in a rules file and the file's text; `RulesError` when it cannot be read or
    parsed."""
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise _error(name, "is a directory, not a rules file")
        data = read_limited(path, MAX_RULES_BYTES)
    except TooLarge:
        raise _error(name, f"rules file is over the {MAX_RULES_BYTES:,}-byte limit") from None
    except FileNotFoundError:
        raise _error(name, "no such file") from None
    except OSError as error:
        raise _error(name, f"cannot read: {error.strerror or error}") from None
    if b"\x00" in data:
        raise _error(
            name,
            "binary data, not a rules file",
            "give a .eligo text or a .json file written by `eligo compile`",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _error(name, f"not UTF-8 (byte {error.start})", "rules files are UTF-8") from None
    if not text.strip():
        raise _error(name, "empty rules file", "compile a protocol with `eligo compile` first")
    try:
        return (
            from_json(text, name) if text.lstrip().startswith("{") else _parse_rules(text, name)
        ), text
    except RulesError as error:
        error.text = text
        raise
