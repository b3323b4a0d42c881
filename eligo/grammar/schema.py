"""JSON in and out of the rule language, and its published JSON Schema.

One `TypeAdapter` serves validation, serialisation and the schema, so the three
cannot drift apart. The schema is committed at `eligo/grammar/eligo-rules-1.schema.json`
(regenerate with `eligo schema -o eligo/grammar/eligo-rules-1.schema.json`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import TypeAdapter, ValidationError

from eligo.diagnostics import Position, diagnostic
from eligo.grammar import ast
from eligo.grammar.errors import RulesError

SCHEMA_ID = "https://eligo.dev/schema/eligo-rules-1.schema.json"
SCHEMA_FILE = "eligo-rules-1.schema.json"
ADAPTER: TypeAdapter[ast.Protocol] = TypeAdapter(ast.Protocol)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a compiled protocol (`eligo-rules/1`), requiring what `from_json`
    requires.

    Every node names its `kind` and the document its `format`, although the
    models default them. Two rules JSON Schema cannot state are in the
    descriptions: a span's end is not before its start, and criterion ids are unique.
    """
    schema = ADAPTER.json_schema(mode="validation")
    for definition in (schema, *schema.get("$defs", {}).values()):
        properties = definition.get("properties", {})
        written = [name for name in ast.WRITTEN if name in properties]
        if written:
            definition["required"] = sorted(
                {*definition.get("required", []), *written}, key=list(properties).index
            )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def published_schema_text() -> str:
    """The schema file shipped inside the package."""
    return resources.files("eligo.grammar").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def to_json(protocol: ast.Protocol, compact: bool = False) -> str:
    """The protocol as JSON, indented, or `compact` on one line (a JSON Lines record)."""
    return ADAPTER.dump_json(protocol, indent=None if compact else 2).decode("utf-8") + "\n"


def from_json(text: str, path: str | None = None) -> ast.Protocol:
    """Validate a compiled protocol's JSON, or raise `RulesError` with a located diagnostic."""
    try:
        return ADAPTER.validate_json(text, context={"document": True})
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(part) for part in first["loc"])
        message = f"invalid rules JSON at {where or 'top level'}: {first['msg']}"
        offset = _json_error_offset(text)
        start = Position.at(text, offset) if offset is not None else None
        raise RulesError(diagnostic("R004", message, path=path, start=start)) from None


def _json_error_offset(text: str) -> int | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return error.pos
    except RecursionError:
        return None
    return None
