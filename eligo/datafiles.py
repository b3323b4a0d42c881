"""Loading the JSONL data files (rules, lexicons), each line validated by a pydantic schema.

Word lists share one schema, `WordList`: a list of phrases is always the field
`phrases`, named by `name`, with an optional `value` (what its phrases mean,
so that lists of one name make a mapping phrase → value) and `why`. Lists of
words used by the code live in `data/words.jsonl` files of this schema, read
with `words` and `word_values`, not in Python literals. Tables of regular
expressions share `PatternRow` (a name, a pattern, what a match means), read
with `patterns`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Rule = TypeVar("Rule", bound=BaseModel)


def load_jsonl(package: str, name: str, schema: type[Rule]) -> list[Rule]:
    """Every line of `package/name` as a `schema` instance; a bad line names the file and line."""
    return parse_jsonl(
        resources.files(package).joinpath(name).read_text(encoding="utf-8"),
        schema,
        f"{package}/{name}",
        "rule",
    )


def parse_jsonl(text: str, schema: type[Rule], where: str, what: str) -> list[Rule]:
    """Every non-blank line of `text` as a `schema` instance; a bad line raises ValueError naming
    `where`, its line number and `what` it should have been."""
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rules.append(schema.model_validate(json.loads(line)))
        except (ValueError, ValidationError) as error:
            raise ValueError(f"{where}:{number}: invalid {what}: {error}") from None
    return rules


class WordList(BaseModel):
    """A named list of phrases, each written once, without surrounding white space."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    phrases: tuple[str, ...] = Field(min_length=1)
    value: str | int | None = None
    why: str | None = None

    @field_validator("phrases")
    @classmethod
    def _clean(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        if any(not p or p != p.strip() for p in phrases):
            raise ValueError("a phrase is empty or has surrounding white space")
        if len(set(phrases)) != len(phrases):
            raise ValueError("a phrase is listed twice")
        return phrases


@cache
def word_lists(package: str, name: str = "words.jsonl") -> dict[str, tuple[WordList, ...]]:
    """The word lists of `package/name`, by list name."""
    lists: dict[str, tuple[WordList, ...]] = {}
    for entry in load_jsonl(package, name, WordList):
        lists[entry.name] = (*lists.get(entry.name, ()), entry)
    return lists


def named_word_lists(
    package: str, name: str, names: Iterable[str]
) -> dict[str, tuple[WordList, ...]]:
    """`word_lists`, refusing a list whose name is not one of `names` (the categories the code
    knows)."""
    lists = word_lists(package, name)
    unknown = set(lists) - set(names)
    if unknown:
        raise ValueError(f"{package}/{name}: unknown list names {sorted(unknown)}")
    return lists


def words(package: str, list_name: str, name: str = "words.jsonl") -> tuple[str, ...]:
    """Every phrase of the list `list_name` of `package/name`, in the file's order."""
    return tuple(p for entry in word_lists(package, name)[list_name] for p in entry.phrases)


def word_values(package: str, list_name: str, name: str = "words.jsonl") -> dict[str, str | int]:
    """Phrase → value of the list `list_name` of `package/name`; a phrase with two values is
    refused."""
    values: dict[str, str | int] = {}
    for entry in word_lists(package, name)[list_name]:
        if entry.value is None:
            raise ValueError(f"{package}/{name}: list {list_name!r} has an entry without a value")
        for phrase in entry.phrases:
            if values.setdefault(phrase, entry.value) != entry.value:
                raise ValueError(
                    f"{package}/{name}: {phrase!r} has two values in list {list_name!r}"
                )
    return values


class PatternRow(BaseModel):
    """A named regular expression (compiled case-insensitive) and what a match of it means."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    pattern: str = Field(min_length=1)
    meaning: str = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:  # with the flags `patterns` compiles it with: `re` then reuses this compilation
            re.compile(pattern, re.I)
        except re.error as error:
            raise ValueError(f"not a regular expression: {error}") from None
        return pattern


@cache
def patterns(package: str, name: str) -> dict[str, re.Pattern[str]]:
    """The patterns of `package/name` by name, compiled case-insensitive; a name written twice is
    refused."""
    compiled: dict[str, re.Pattern[str]] = {}
    for row in load_jsonl(package, name, PatternRow):
        if row.name in compiled:
            raise ValueError(f"{package}/{name}: pattern {row.name!r} is written twice")
        compiled[row.name] = re.compile(row.pattern, re.I)
    return compiled
