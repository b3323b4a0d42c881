"""Pattern tables are data of one schema (`eligo.datafiles.PatternRow`): every `*_cues.jsonl` of the
parser validates and compiles, a row's name is written once, and a bad row is refused with the file
and line named."""

from __future__ import annotations

import pytest
from fixture_files import ROOT

from eligo.datafiles import PatternRow, parse_jsonl, patterns

CUE_FILES = sorted((ROOT / "eligo" / "parser" / "data").glob("*_cues.jsonl"))
PATTERN_FILES = [path for path in CUE_FILES if path.name != "design_cues.jsonl"]  # its own schema


def test_pattern_files_are_found():
    assert {path.name for path in PATTERN_FILES} >= {"window_cues.jsonl", "time_cues.jsonl"}


@pytest.mark.parametrize("path", PATTERN_FILES, ids=lambda path: path.name)
def test_every_pattern_table_validates(path):
    rows = parse_jsonl(path.read_text(encoding="utf-8"), PatternRow, path.name, "pattern row")
    table = patterns("eligo.parser.data", path.name)
    assert [row.name for row in rows] == list(table)
    assert all(table[row.name].pattern == row.pattern for row in rows)


def test_patterns_compile_case_insensitive():
    relation = patterns("eligo.parser.data", "time_cues.jsonl")["relation"]
    assert relation.match(" Prior to randomization").group("word") == "Prior to"


@pytest.mark.parametrize(
    "line",
    [
        '{"name": "open", "pattern": "(unclosed", "meaning": "a pattern that does not compile"}',
        '{"name": "Bad Name", "pattern": "a", "meaning": "a name that is no identifier"}',
        '{"name": "empty", "pattern": "", "meaning": "an empty pattern"}',
        '{"name": "silent", "pattern": "a"}',
    ],
)
def test_a_bad_pattern_row_is_refused(line):
    with pytest.raises(ValueError, match=r"cues\.jsonl:1: invalid pattern row"):
        parse_jsonl(line, PatternRow, "cues.jsonl", "pattern row")
