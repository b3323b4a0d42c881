"""Word lists are data of one schema (`eligo.datafiles.WordList`): every `words.jsonl` validates, a list is read in
its file's order, and a phrase given two meanings is refused."""

from __future__ import annotations

import json

import pytest
from fixture_files import ROOT
from pydantic import ValidationError

from eligo.datafiles import WordList, word_lists, word_values, words
from eligo.lexicon import Lexicon
from eligo.units import is_ucum

# the data files of the word-list schema
WORD_FILES = sorted(
    [
        *(ROOT / "eligo").rglob("words.jsonl"),
        *(ROOT / "eligo" / "parser" / "data" / name for name in (
            "comparators.jsonl", "list_headings.jsonl", "not_taken.jsonl", "endpoint_symbols.jsonl", "context.jsonl",
            "function_words.jsonl", "time_frames.jsonl", "exhaustive.jsonl", "modifier_words.jsonl",
            "modifier_edges.jsonl", "unmarked_modifiers.jsonl",
        )),
        *(ROOT / "eligo" / "terminology" / "data" / name for name in ("qualifiers.jsonl", "unlinked.jsonl", "mention_words.jsonl")),
        ROOT / "eligo" / "data" / "negation_terms.jsonl",
        ROOT / "eligo" / "data" / "phrases.jsonl",
    ]
)


def test_a_list_of_phrases_is_always_called_phrases():
    """Data files with their own schema (concepts, units, regimens, curated terminology) name their lists `phrases` too."""
    not_phrases = {"eligo/fhir/data/systems.jsonl": "aliases"}  # older URIs of a code system, not phrases
    for path in (ROOT / "eligo").rglob("*.jsonl"):
        allowed = {not_phrases.get(str(path.relative_to(ROOT)))}
        for line in path.read_text(encoding="utf-8").splitlines():
            keys = set(json.loads(line)) if line.strip() else set()
            assert not keys & {"synonyms", "aliases", "literal", "literals", "phrase", "word", "words"} - allowed, (path.name, keys)


def test_no_raw_json_data_files():
    """Data files are JSONL validated line by line; raw JSON is left only for published schemas and for the
    files of trained models (`eligo/parser/models/`), which their libraries write and read."""
    raw = [p for p in (ROOT / "eligo").rglob("*.json") if not {"built", "models"} & set(p.parts) and not p.name.endswith(".schema.json")]
    assert raw == []


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_word_list_file_validates(path):
    package = ".".join(path.parent.relative_to(ROOT).parts)
    lists = word_lists(package, path.name)
    assert lists
    for name, entries in lists.items():
        phrases = [p for entry in entries for p in entry.phrases]
        assert len(phrases) == len(set(phrases)), f"{name}: a phrase listed twice"
        if any(entry.value is not None for entry in entries):
            assert word_values(package, name, path.name)


def test_word_lists_in_code_read_from_data():
    assert words("eligo.compiler.data", "status_words")[0] == "uncontrolled"
    assert word_values("eligo.parser.data", "word_ops")["at least"] == ">="
    assert word_values("eligo.parser.data", "ordinals")["3rd"] == 3
    assert list(word_values("eligo.parser.data", "number_words"))[:3] == ["zero", "one", "two"]


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "x", "phrases": []},
        {"name": "x", "phrases": ["a", "a"]},
        {"name": "x", "phrases": [" a"]},
        {"name": "X y", "phrases": ["a"]},
        {"name": "x", "phrases": ["a"], "words": ["b"]},
    ],
)
def test_a_bad_word_list_is_refused(entry):
    with pytest.raises(ValidationError):
        WordList.model_validate(entry)


def test_implied_units_name_lexicon_measures_in_their_own_unit():
    """Each measure given an implied unit is a lexicon concept whose default unit is that unit (one standard unit)."""
    implied = word_values("eligo.parser.data", "implied_units")
    assert implied
    for name, unit in implied.items():
        concept = Lexicon.load().lookup(name)
        assert concept is not None and concept.name == name, name
        assert concept.unit == unit and is_ucum(str(unit)), name
