"""5a: the group headings of a protocol and the criteria each scopes (group_headings.tsv)."""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases

from eligo.parser import analyse
from eligo.source import source_from_text

CASES = fixture_cases("criteria", "group_headings.tsv")


def _scopes(text: str) -> str:
    facts = analyse(source_from_text(text, "made_up.txt"), mentions=False)
    return (
        "; ".join(
            f"{scope.label}@{'-' if scope.heading is None else scope.heading}:"
            f"{','.join(map(str, scope.items))}/{','.join(scope.conditions) or '-'}"
            for scope in facts.cohorts
        )
        or "-"
    )


@pytest.mark.parametrize(("text", "expected"), CASES, ids=lambda value: value[:50])
def test_group_headings_scope_the_items_under_them(text, expected):
    """A plain line naming a group, followed by list items, in a section of two or more such lines,
    heads the items up to the next one; a criterion names its own group in a heading or a closing
    "(applicable for X only)"; a heading's condition decides membership only when its words name it
    and no other group of its section is named by a condition."""
    assert _scopes(text.replace("\\n", "\n")) == expected
