"""`compiled/` holds the compiled rules of every corpus protocol, kept current."""

from __future__ import annotations

import pytest
from fixture_files import ROOT

from eligo.cli.verbs.compile import compile_file
from eligo.grammar import ast, from_json, parse_rules, to_text
from eligo.grammar.check import check_protocol

PROTOCOLS = sorted((ROOT / "corpus" / "protocols").glob("*.txt"))
REGENERATE = "eligo compile corpus/protocols -o compiled"


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.stem)
def test_compiled_rules_are_current(protocol):
    result = compile_file(protocol)
    rules, data = ROOT / "compiled" / f"{protocol.stem}.eligo", ROOT / "compiled" / f"{protocol.stem}.json"
    assert rules.exists() and data.exists(), f"compiled/ lacks {protocol.stem}: run `{REGENERATE}`"
    assert rules.read_text(encoding="utf-8") == result.rules_text, f"compiled/{rules.name} drifted: run `{REGENERATE}`"
    assert data.read_text(encoding="utf-8") == result.rules_json, f"compiled/{data.name} drifted: run `{REGENERATE}`"


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.stem)
def test_compiled_text_and_json_agree(protocol):
    rules = (ROOT / "compiled" / f"{protocol.stem}.eligo").read_text(encoding="utf-8")
    data = (ROOT / "compiled" / f"{protocol.stem}.json").read_text(encoding="utf-8")
    assert parse_rules(rules) == from_json(data)


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.stem)
def test_compiled_rules_pass_the_checker_and_print_back(protocol):
    """What the compiler writes is clean for `eligo check` and canonical: it reparses and prints back identically."""
    rules = (ROOT / "compiled" / f"{protocol.stem}.eligo").read_text(encoding="utf-8")
    parsed = parse_rules(rules)
    assert to_text(parsed) == rules
    assert [d.headline() for d in check_protocol(parsed, rules) if d.severity != "note"] == []


def test_no_stale_compiled_files():
    expected = {p.stem for p in PROTOCOLS}
    stale = sorted(p.name for p in (ROOT / "compiled").iterdir() if p.stem not in expected)
    assert not stale, f"compiled/ has files of no corpus protocol: {stale}; run `rm -r compiled && {REGENERATE}`"


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.stem)
def test_every_atom_says_where_it_was_written(protocol):
    """Provenance: each has, comparison, count, window, filter and unresolved part spans words of a criterion (its own,
    or for the items of a lead-in, a sibling's)."""
    compiled = from_json((ROOT / "compiled" / f"{protocol.stem}.json").read_text(encoding="utf-8"))
    ranges = [(c.span.start, c.span.end) for c in compiled.criteria]
    for criterion in compiled.criteria:
        for node in ast.walk(criterion.rule):
            if isinstance(node, ast.Located):
                assert node.span is not None, f"{criterion.id}: {node!r} has no span"
                assert any(a <= node.span[0] <= node.span[1] <= b for a, b in ranges), f"{criterion.id}: {node!r}"
