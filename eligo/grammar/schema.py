"""JSON in and out of the rule language, and its published JSON Schema.

One `TypeAdapter` serves validation, serialisation and the schema, so the three
cannot drift apart. The schema is committed at `eligo/grammar/eligo-rules-1.schema.json`
(regenerate with `eligo schema -o eligo/grammar/eligo-rules-1.schema.json`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from pydantic import TypeAdapter, ValidationError

from eligo.diagnostics import Diagnostic, Position
from eligo.grammar import ast
from eligo.grammar.parse import RulesError

SCHEMA_ID = "https://eligo.dev/schema/eligo-rules-1.schema.json"
SCHEMA_FILE = "eligo-rules-1.schema.json"
ADAPTER: TypeAdapter[ast.Protocol] = TypeAdapter(ast.Protocol)


def json_schema() -> dict:
    """The JSON Schema of a compiled protocol (`eligo-rules/1`)."""
    schema = ADAPTER.json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def published_schema_text() -> str:
    """The schema file shipped inside the package."""
    return resources.files("eligo.grammar").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def to_json(protocol: ast.Protocol) -> str:
    return ADAPTER.dump_json(protocol, indent=2).decode("utf-8") + "\n"


def from_json(text: str, path: str | None = None) -> ast.Protocol:
    """Validate a compiled protocol's JSON, or raise `RulesError` with a located diagnostic."""
    try:
        return ADAPTER.validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(part) for part in first["loc"])
        message = f"invalid rules JSON at {where or 'top level'}: {first['msg']}"
        offset = _json_error_offset(text)
        start = Position.at(text, offset) if offset is not None else None
        hint = "see `eligo schema` for the format"
        raise RulesError(Diagnostic(code="R004", severity="error", message=message, path=path, start=start, hint=hint)) from None


def _json_error_offset(text: str) -> int | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return error.pos
    except RecursionError:
        return None
    return None
