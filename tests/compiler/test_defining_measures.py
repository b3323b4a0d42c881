"""The conditions that values define (`eligo/compiler/data/defining_measures.jsonl`) name concepts
the compiler knows: a misspelt id would silently leave "hypertension SBP 140-165" a coded
hypertension and-ed with its values again."""

from __future__ import annotations

import pytest

from eligo.compiler.passes.definitions import DefiningMeasures
from eligo.datafiles import load_jsonl
from eligo.lexicon import Lexicon
from eligo.terminology.codes import bind

ROWS = load_jsonl("eligo.compiler.data", "defining_measures.jsonl", DefiningMeasures)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.condition)
def test_a_defined_condition_and_its_measures_are_known(row: DefiningMeasures) -> None:
    assert bind(row.condition).code is not None, row.condition
    for measure in row.measures:
        concept = Lexicon.load().get(measure)
        assert concept is not None and concept.kind == "observation", measure
    assert row.source.strip()
