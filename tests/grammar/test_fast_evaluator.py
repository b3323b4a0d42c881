"""The fast evaluator (truth values only) gives exactly the traced evaluator's values.

Random rules of every node kind on random patients (hypothesis; the strategies of
`test_logic.py`, plus codes through the terminology, recorded ages, review answers
and non-durations), then the corpus protocols on the corpus patients and on 1,000
synthetic OMOP patients read as patient records: each criterion's value and the
protocol's verdict must agree between `screen(...)` and `screen(..., explain=True)`.
"""

from __future__ import annotations

import pytest
from fixture_files import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_logic import combined, entities, full_records, maybe_day, ops, windows
from test_logic import rules as plain_rules

from eligo.grammar import ast
from eligo.grammar.evaluate import evaluate
from eligo.grammar.fast import compile_rule
from eligo.grammar.load import read_rules
from eligo.grammar.lookup import Lookup
from eligo.grammar.patient import Patient, PatientCase
from eligo.grammar.screening import Screening, screen

pytestmark = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr"
)  # hypothesis, on big random rules
SPAN = ast.SourceSpan(start=0, end=1, line=1, col=1)

# concepts the terminology binds to codes (tests/fixtures/terminology/hierarchy.tsv), and codes
# of records under or beside them
CODED = ["tuberculosis", "diabetes", "type_1_diabetes_mellitus", "extrapulmonary_tuberculosis"]
CODES = ["ICD10CM:A18.01", "MONDO:0000368", "ICD10CM:J45.909", "ICD10CM:E11.9", "ICD10CM:E10.9"]
coded_entities = st.builds(
    ast.EntityRef,
    type=st.just("condition"),
    concept=st.sampled_from(CODED),
    where=st.just(()),
    excluding=st.lists(st.sampled_from(CODED), max_size=1).map(tuple),
)
AGES = st.builds(
    lambda op, v, unit: ast.Compare(concept="age", op=op, value=ast.Quantity(value=v, unit=unit)),
    ops,
    st.integers(0, 900),
    st.sampled_from([None, "a", "mo", "wk", "d"]),
)
EXTRA = st.one_of(
    st.builds(
        ast.Exists,
        entities=st.lists(entities | coded_entities, min_size=1, max_size=2).map(tuple),
        window=windows,
    ),
    st.builds(ast.Count, entity=coded_entities, window=windows, op=ops, value=st.integers(0, 2)),
    st.builds(
        lambda op, v, w: ast.Compare(
            concept="hba1c", op=op, value=ast.Quantity(value=v, unit="%"), window=w
        ),
        ops,
        st.sampled_from([5.7, 6.5]),
        windows,
    ),
    AGES,
    st.builds(  # an interval whose amount is not a duration: unknown
        ast.Interval,
        start=st.builds(ast.AnchorPoint, anchor=st.just("screening")),
        end=st.builds(ast.AnchorPoint, anchor=st.just("first_dose")),
        op=ops,
        amount=st.builds(ast.Quantity, value=st.integers(0, 3), unit=st.sampled_from(["mg", "d"])),
    ),
)
rules = combined(plain_rules | EXTRA, max_leaves=4)


@st.composite
def patients(draw):
    """`test_logic`'s patients, with coded records, an age recorded instead of a birth date,
    review answers, unrecorded lists and missing anchors."""
    record = draw(full_records())
    record["conditions"] += draw(
        st.lists(
            st.builds(
                lambda code, day: {"code": code, "onset": day}, st.sampled_from(CODES), maybe_day
            ),
            max_size=3,
        )
    )
    record["observations"] += draw(
        st.lists(
            st.builds(
                lambda v, day: {"code": "LOINC:4548-4", "value": v, "unit": "%", "date": day},
                st.sampled_from([5.0, 5.7, 6.5, 8.0]),
                maybe_day,
            ),
            max_size=2,
        )
    )
    if record["birth_date"] is None and draw(st.booleans()):
        record["age"] = draw(st.integers(10, 90))
    record["reviewed"] = {"C": draw(st.booleans())} if draw(st.booleans()) else {}
    for kind in ("observations", "conditions", "treatments", "procedures", "events"):
        if draw(st.integers(0, 5)) == 0:
            record[kind] = None  # not recorded
    if draw(st.booleans()):
        record["anchors"] = {k: v for k, v in record["anchors"].items() if draw(st.booleans())}
    return Patient.model_validate(record)


def _same(fast: Screening, traced: Screening) -> None:
    assert [(c.id, c.value) for c in fast.criteria] == [(c.id, c.value) for c in traced.criteria]
    assert (fast.verdict, fast.deciding, fast.unknown) == (
        traced.verdict,
        traced.deciding,
        traced.unknown,
    )
    assert all(c.trace is None for c in fast.criteria) and all(
        c.trace is not None for c in traced.criteria
    )


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rules, patients(), st.sampled_from(["C", None]))
def test_fast_equals_traced_on_random_rules(rule, patient, criterion):
    look = Lookup(patient, {})
    assert compile_rule(rule, criterion)(look) == evaluate(rule, patient, criterion).truth


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(st.tuples(st.sampled_from(["inclusion", "exclusion"]), rules), min_size=1, max_size=4),
    patients(),
)
def test_fast_equals_traced_on_random_protocols(criteria, patient):
    protocol = ast.Protocol(
        id="x",
        criteria=tuple(
            ast.Criterion(id="C" if i == 0 else f"C{i}", kind=kind, text="t", span=SPAN, rule=rule)
            for i, (kind, rule) in enumerate(criteria)
        ),
    )
    _same(screen(protocol, patient), screen(protocol, patient, explain=True))
    some = screen(
        protocol, patient, explain={"C"}
    )  # only C explained, the rest fast, one Lookup shared
    assert [c.trace is not None for c in some.criteria] == [c.id == "C" for c in some.criteria]
    assert some.verdict == screen(protocol, patient).verdict


CORPUS = sorted((ROOT / "compiled").glob("*.json"))
PATIENT_FILES = sorted((ROOT / "corpus" / "patients").glob("*/*.json"))


def test_fast_equals_traced_on_corpus_protocols_and_patients():
    patients = [
        PatientCase.model_validate_json(p.read_text(encoding="utf-8")).patient
        for p in PATIENT_FILES
    ]
    assert len(CORPUS) >= 30 and len(patients) >= 30
    for rules in CORPUS:
        protocol = read_rules(rules)[0]
        for patient in patients:
            _same(screen(protocol, patient), screen(protocol, patient, explain=True))


def test_fast_equals_traced_on_a_synthetic_population(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    from eligo.omop import patients as twins
    from eligo.omop.synth import synthesize

    protocols = [read_rules(f)[0] for f in CORPUS]
    synthesize(tmp_path / "p.duckdb", protocols, 1000, seed=3)
    con = duckdb.connect(str(tmp_path / "p.duckdb"), read_only=True)
    try:
        for protocol in protocols:
            for patient in twins.load(con, protocol):
                _same(screen(protocol, patient), screen(protocol, patient, explain=True))
    finally:
        con.close()


def test_an_unknown_node_is_refused():
    with pytest.raises(TypeError, match="not an expression node"):
        compile_rule(ast.Quantity(value=1))
