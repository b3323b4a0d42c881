"""Mentions and relations derived from compiled rules (`eligo.rule_mentions`), through `eligo.api.extract`."""

from __future__ import annotations

import pytest

from eligo.api import extract
from eligo.source import source_from_text
from fixture_files import fixture_cases

CASES = fixture_cases("mentions", "criteria.tsv")


def _listed(field: str) -> list[str]:
    return [part for part in field.split(" | ") if part]


@pytest.mark.parametrize("kind, criterion, mentions, relations", CASES, ids=[case[1][:40] for case in CASES])
def test_mentions_and_relations_of_a_criterion(kind, criterion, mentions, relations):
    text = f"{kind.title()} Criteria:\n- {criterion}\n"
    got = extract(source_from_text(text, "t.txt"))
    assert got.span_errors(text) == []
    assert {"mentions", "relations"} <= set(got.annotated)
    assert sorted(f"{m.text}:{m.type}" for m in got.mentions) == sorted(_listed(mentions))
    written = [f"{r.kind}:{text[slice(*r.head)]}>{text[slice(*r.dependent)]}" for r in got.relations]
    assert sorted(written) == sorted(_listed(relations))
    assert all(m.criterion == got.criteria[0].id for m in got.mentions)
