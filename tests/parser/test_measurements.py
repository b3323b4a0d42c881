"""Thresholds and windows read from single criteria (`tests/fixtures/thresholds/criteria.tsv`, one case a line), and
which thresholds are ages (`tests/fixtures/thresholds/ages.tsv`)."""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases, fixture_path

from eligo.parser import analyse_many
from eligo.parser.quantities import unit_after
from eligo.source import source_from_text

FIXTURE = fixture_path("thresholds", "criteria.tsv")
AGES = fixture_cases("thresholds", "ages.tsv")


def _cases() -> list[tuple[str, str, str]]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def _value(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _items(found, with_relation: bool) -> str:
    items = []
    for item in sorted(found, key=lambda i: (i.span, i.op not in (">", ">="))):
        parts = [item.op, _value(item.value), item.unit or "-"] + ([item.relation] if with_relation else [])
        items.append(" ".join(parts))
    return "; ".join(items) or "-"


@pytest.fixture(scope="module")
def read() -> dict[str, object]:
    texts = sorted({text for text, _, _ in _cases()} | {text for text, _ in AGES})
    sources = [source_from_text(text, f"case{i}_inc.txt") for i, text in enumerate(texts)]
    return {text: facts.annotations for text, facts in zip(texts, analyse_many(sources, kind="inclusion"))}


@pytest.mark.parametrize(("text", "thresholds", "windows"), _cases())
def test_criterion(read, text, thresholds, windows):
    annotations = read[text]
    assert _items(annotations.thresholds, False) == thresholds
    assert _items(annotations.windows, True) == windows
    for item in [*annotations.thresholds, *annotations.windows]:
        assert text[item.span[0] : item.span[1]] == item.text


@pytest.mark.parametrize(("text", "ages"), AGES, ids=lambda value: value[:40])
def test_age_or_not(read, text, ages):
    found = sorted(read[text].thresholds, key=lambda i: (i.span, i.op not in (">", ">=")))
    assert ("; ".join("age" if t.concept == "age" else "other" for t in found) or "-") == ages


@pytest.mark.parametrize(
    ("after", "unit", "written"),
    [
        (" mg/dL or", "mg/dL", " mg/dL"),
        ("\n     mg/dL or", "mg/dL", "\n     mg/dL"),  # a hard-wrapped criterion
        ("\n     times the upper limit of normal", "{ULN}", "\n     times the upper limit of normal"),
        (" cells/mm3(at screening)", "/mm3", " cells/mm3"),  # run-on text
        ("yr-18yrs", "a", "yr"),
        (" consecutive days", "d", " consecutive days"),
        (" - years prior", "a", " - years"),
        (" previous months", "mo", " previous months"),
        (" hours per day", "h/d", " hours per day"),  # a rate
        (" minutes of exercise per week", "min/wk", " minutes of exercise per week"),
        (" days/week", "d/wk", " days/week"),
        (" years.", "a", " years"),
        (" a month", None, None),  # the article
        ("A/iNHL", None, None),  # "Grade 3A"
        (" patients", None, None),
    ],
)
def test_unit_after(after, unit, written):
    found = unit_after(after, 0)
    assert (found[0], after[: found[1]]) == (unit, written) if unit else found is None
