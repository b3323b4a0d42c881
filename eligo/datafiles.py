"""Loading the JSONL data files (rules, lexicons), each line validated by a pydantic schema."""

from __future__ import annotations

import json
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel, ValidationError

Rule = TypeVar("Rule", bound=BaseModel)


def load_jsonl(package: str, name: str, schema: type[Rule]) -> list[Rule]:
    """Every line of `package/name` as a `schema` instance; a bad line names the file and line."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rules.append(schema.model_validate(json.loads(line)))
        except (ValueError, ValidationError) as error:
            raise ValueError(f"{package}/{name}:{number}: invalid rule: {error}") from None
    return rules
