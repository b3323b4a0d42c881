"""`placed` gives what `locate` then `shift` give, in one pass."""

from __future__ import annotations

import pytest

from eligo.compiler.provenance import locate, placed, shift, spans
from eligo.grammar import ast, parse_expression

# made-up rules: nested connectives, a negation, a comparison, an unresolved part
RULES = [
    "age >= 21 a and (has condition asthma or not has treatment aspirin)",
    'not has condition eczema and unresolved unsupported "a made-up phrase"',
    "has condition gout or hba1c < 7 %",
]


def _partly_located(node: ast.Node) -> ast.Node:
    """`node` with spans under its first argument only, so that `locate` has atoms to fill and
    atoms to keep."""
    assert isinstance(node, ast.And | ast.Or)
    first, *rest = node.args
    return node.model_copy(update={"args": (locate(first, (3, 9)), *rest)})


@pytest.mark.parametrize("text", RULES)
@pytest.mark.parametrize("offset", [0, 40, -2])
def test_placed_is_located_then_shifted(text: str, offset: int) -> None:
    rule = parse_expression(text)
    for node in (rule, _partly_located(rule)):
        expected = shift(locate(node, (2, 30)), offset)
        assert placed(node, (2, 30), offset) == expected
        assert len(set(spans(expected))) == (1 if node is rule else 2)
