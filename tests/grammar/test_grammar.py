"""The rule language: round trips (text, JSON), properties, errors and the schema."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_files import ROOT, fixture_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligo.grammar import ast
from eligo.grammar.parse import MAX_DEPTH, RulesError, parse_expression, parse_rules
from eligo.grammar.printer import expr_text, to_text
from eligo.grammar.schema import from_json, published_schema_text, schema_text, to_json

FIXTURES = fixture_path("grammar")
SEED_000 = FIXTURES / "seed_000.eligo"
EXPRESSION_LINES = [
    line for line in (FIXTURES / "expressions.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
]


def test_seed_000_has_all_40_criteria_and_prints_back_identically():
    text = SEED_000.read_text(encoding="utf-8")
    protocol = parse_rules(text, str(SEED_000))
    kinds = [c.kind for c in protocol.criteria]
    assert kinds.count("inclusion") == 8 and kinds.count("exclusion") == 32
    assert [c.id for c in protocol.criteria][:2] == ["I1", "I2"]
    assert to_text(protocol) == text


def test_seed_000_round_trips_through_json_unchanged():
    protocol = parse_rules(SEED_000.read_text(encoding="utf-8"))
    assert from_json(to_json(protocol)) == protocol
    assert to_json(from_json(to_json(protocol))) == to_json(protocol)


def test_seed_000_spans_index_the_protocol_text():
    source = ROOT / "corpus" / "protocols" / "000_0f814b264ca6570a.txt"
    document = source.read_text(encoding="utf-8")
    for criterion in parse_rules(SEED_000.read_text(encoding="utf-8")).criteria:
        assert document[criterion.span.start : criterion.span.end] == criterion.text


@pytest.mark.parametrize("line", EXPRESSION_LINES)
def test_expression_round_trips(line):
    node = parse_expression(line)
    assert expr_text(node) == line
    criterion = ast.Criterion(id="X1", kind="inclusion", text=line, span=ast.SourceSpan(start=0, end=1, line=1, col=1), rule=node)
    assert ast.Criterion.model_validate_json(criterion.model_dump_json()) == criterion


# --- properties -------------------------------------------------------------------

_names = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(lambda n: n not in ast.RESERVED)
_units = st.sampled_from([None, "a", "mo", "wk", "d", "h", "mg/dL", "g/(24.h)", "10*9/L", "mL/min/{1.73_m2}", "%", "mm[Hg]", "{ULN}", "kg/m2", "/uL", "/min", "10*3/uL", "m[IU]/L"])
_numbers = st.one_of(st.integers(-10**6, 10**9), st.floats(allow_nan=False, allow_infinity=False, width=64))
_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)
_ops = st.sampled_from(["<", "<=", "=", "!=", ">=", ">"])
_quantities = st.builds(ast.Quantity, value=_numbers, unit=_units)
_values = st.one_of(_quantities, st.builds(ast.Category, value=_text.filter(bool)))
_windows = st.builds(
    ast.Window,
    op=_ops,
    amount=st.builds(ast.Quantity, value=st.integers(0, 100), unit=st.sampled_from(["d", "wk", "mo", "a"])),
    relation=st.sampled_from(["before", "after", "during"]),
    anchor=_names,
)
_filters = st.builds(ast.Filter, attribute=st.sampled_from(["grade", "status", "setting", "line", "severity"]), op=_ops, value=_values)
_entities = st.builds(
    ast.EntityRef,
    type=st.sampled_from(["condition", "treatment", "procedure", "event"]),
    concept=_names,
    where=st.lists(_filters, max_size=2).map(tuple),
    excluding=st.lists(_names, max_size=2).map(tuple),
)
_points = st.one_of(st.builds(ast.AnchorPoint, anchor=_names), st.builds(ast.EntityPoint, edge=st.sampled_from(["start", "end"]), entity=_entities))
_maybe_window = st.one_of(st.none(), _windows)
_leaves = st.one_of(
    st.builds(ast.Compare, concept=_names, op=_ops, value=_values, window=_maybe_window),
    st.builds(ast.InRange, concept=_names, low=_values, high=_values, window=_maybe_window),
    st.builds(ast.InSet, concept=_names, values=st.lists(_values, min_size=1, max_size=3).map(tuple), window=_maybe_window),
    st.builds(ast.Exists, entities=st.lists(_entities, min_size=1, max_size=3).map(tuple), window=_maybe_window),
    st.builds(ast.Count, entity=_entities, window=_maybe_window, op=_ops, value=st.integers(0, 20)),
    st.builds(ast.Interval, start=_points, end=_points, op=_ops, amount=_quantities),
    st.builds(ast.Unresolved, reason=st.sampled_from(["vague", "consent", "judgement", "unsupported"]), detail=_text),
)


def _compound(children):
    several = st.lists(children, min_size=2, max_size=3).map(tuple)
    return st.one_of(
        st.builds(ast.And, args=several),
        st.builds(ast.Or, args=several),
        st.builds(ast.Not, arg=children),
        st.builds(ast.If, condition=children, then=children, otherwise=st.one_of(st.none(), children)),
    )


expressions = st.recursive(_leaves, _compound, max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_ast_text_ast(node):
    assert parse_expression(expr_text(node)) == node


_spans = st.builds(ast.SourceSpan, start=st.integers(0, 100), end=st.integers(100, 200), line=st.integers(1, 50), col=st.integers(1, 80))
_endpoints = st.builds(
    ast.Endpoint,
    kind=st.sampled_from(["primary", "secondary", "other"]),
    name=_text,
    abbreviation=st.one_of(st.none(), _text),
    time_frame=st.one_of(st.none(), st.builds(ast.TimeFrame, text=_text, window=_maybe_window)),
    span=_spans,
)
_regimens = st.builds(
    ast.Regimen,
    drug=_text,
    dose=st.one_of(st.none(), _quantities),
    route=st.one_of(st.none(), st.sampled_from(["oral", "intravenous", "subcutaneous"])),
    frequency=st.one_of(st.none(), st.sampled_from(["QD", "BID", "Q3W"])),
    days=st.one_of(st.none(), st.lists(st.tuples(st.integers(1, 28), st.integers(1, 28)), max_size=3).map(tuple)),
    cycle=st.one_of(st.none(), _quantities),
    span=_spans,
)
_designs = st.builds(
    ast.Design,
    phase=st.one_of(st.none(), st.sampled_from(["1", "2", "3", "1/2"])),
    allocation=st.one_of(st.none(), st.sampled_from(["randomized", "single_arm"])),
    ratio=st.one_of(st.none(), st.sampled_from(["1:1", "2:1"])),
    arms=st.lists(st.builds(ast.Arm, name=_text, drugs=st.lists(_text, max_size=2).map(tuple)), max_size=2).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, _text, st.one_of(st.none(), _designs), st.lists(_endpoints, max_size=2), st.lists(_regimens, max_size=2))
def test_ast_json_ast_and_protocol_text(node, text, design, endpoints, regimens):
    criterion = ast.Criterion(id="E1", kind="exclusion", text=text, span=ast.SourceSpan(start=0, end=5, line=1, col=1), rule=node)
    protocol = ast.Protocol(
        id="p", source="p.txt", design=design, endpoints=tuple(endpoints), regimens=tuple(regimens), criteria=(criterion,)
    )
    assert from_json(to_json(protocol)) == protocol
    assert parse_rules(to_text(protocol)) == protocol


# --- errors -----------------------------------------------------------------------


def _error(text: str) -> RulesError:
    with pytest.raises(RulesError) as caught:
        parse_rules(text, "rules.eligo")
    return caught.value


def test_syntax_error_has_line_col_caret_and_hint():
    text = 'eligo 1\nprotocol "x" {\n  inclusion I1 at 1:1 span 0..1 "t" {\n    age >= 18 a and\n  }\n}\n'
    diagnostic = _error(text).diagnostic
    assert diagnostic.location() == "rules.eligo:5:3"
    rendered = diagnostic.render(text).splitlines()
    assert rendered[0] == "rules.eligo:5:3: error[R001]: unexpected '}'"
    assert rendered[1:3] == ["    }", "    ^"]
    assert rendered[3].startswith("  hint: expected")


def test_invalid_values_are_located():
    text = 'eligo 1\nprotocol "x" {\n  inclusion I1 at 1:1 span 0..1 "t" {\n    unresolved sometimes "x"\n  }\n}\n'
    diagnostic = _error(text).diagnostic
    assert (diagnostic.start.line, diagnostic.start.col, diagnostic.code) == (4, 16, "R002")
    assert "reason" in diagnostic.message


def test_unsupported_version_is_refused():
    assert "version 2" in _error('eligo 2\nprotocol "x" {\n}\n').diagnostic.message


def test_deep_nesting_is_refused_not_crashed():
    deep = "not " * 10_000 + "a > 1"
    assert _error(f'eligo 1\nprotocol "x" {{ inclusion I1 at 1:1 span 0..1 "t" {{ {deep} }} }}').diagnostic.code == "R003"
    within_limit = "not " * (MAX_DEPTH - 1) + "a > 1"
    assert parse_expression(within_limit).kind == "not"


def test_parentheses_alone_do_not_nest():
    assert parse_expression("(" * 10_000 + "a > 1" + ")" * 10_000) == parse_expression("a > 1")


def test_rule_text_is_data_never_code(tmp_path):
    marker = tmp_path / "pwned"
    payloads = [
        f"__import__('os').system('touch {marker}')",
        f'unresolved vague "__import__(\'os\').system(\'touch {marker}\')"',
        'has condition x(status = "{{__import__(\'os\')}}")',
    ]
    for payload in payloads:
        try:
            node = parse_expression(payload)
        except RulesError:
            continue
        assert expr_text(node) == payload
    assert not marker.exists()


def test_bad_json_is_a_located_error():
    with pytest.raises(RulesError) as caught:
        from_json('{"format": "eligo-rules/1", "id": "x", "criteria": [{"id": 3}]}', "rules.json")
    assert caught.value.diagnostic.code == "R004" and "criteria" in caught.value.diagnostic.message


# --- schema and isolation -------------------------------------------------------------


def test_published_schema_is_current():
    assert published_schema_text() == schema_text(), (
        "the JSON Schema drifted: regenerate it with `eligo schema -o eligo/grammar/eligo-rules-1.schema.json`"
    )


def test_schema_describes_every_expression_kind():
    schema = json.loads(schema_text())
    kinds = {d["properties"]["kind"].get("const") for d in schema["$defs"].values() if "kind" in d.get("properties", {})}
    assert {"compare", "range", "member", "exists", "count", "interval", "and", "or", "not", "if", "unresolved"} <= kinds


def test_grammar_runs_without_the_nlp_parser():
    code = (
        "import sys\n"
        "from eligo.grammar import parse_rules, to_text\n"
        f"p = parse_rules(open({str(SEED_000)!r}, encoding='utf-8').read())\n"
        "assert to_text(p)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('spacy', 'scispacy', 'thinc') or m.startswith('eligo.parser')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_reserved_words_cover_the_grammar_keywords():
    grammar = (Path(ast.__file__).parent / "eligo.lark").read_text(encoding="utf-8")
    keywords = set(re.findall(r'"([a-z_]+)"', grammar))
    assert keywords <= ast.RESERVED


def test_spans_are_provenance_not_meaning():
    """An atom's span says where it was written: JSON keeps it, the canonical text leaves it out, equality ignores it."""
    located = ast.Compare(concept="age", op=">=", value=ast.Quantity(value=18, unit="a"), span=(4, 12))
    bare = located.model_copy(update={"span": None})
    assert located == bare and hash(located) == hash(bare)
    assert '"span":[4,12]' in located.model_dump_json() and "span" not in bare.model_dump_json()
    criterion = ast.Criterion(id="I1", kind="inclusion", text="Age >= 18 years", span=ast.SourceSpan(start=0, end=15, line=1, col=1), rule=located)
    protocol = ast.Protocol(id="p", criteria=(criterion,))
    assert from_json(to_json(protocol)).criteria[0].rule.span == (4, 12)
    assert parse_rules(to_text(protocol)) == protocol
    assert to_text(protocol) == to_text(protocol.model_copy(update={"criteria": (criterion.model_copy(update={"rule": bare}),)}))
