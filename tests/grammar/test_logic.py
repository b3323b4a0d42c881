"""Kleene's laws hold under unknown, for truth values and for whole rules on patients; unknown is never a guess."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligo.grammar import ast
from eligo.grammar.evaluate import evaluate
from eligo.grammar.logic import and_, choose, implies, not_, or_
from eligo.grammar.patient import ONGOING, Patient

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")  # hypothesis, on big random rules
truth = st.sampled_from([True, False, None])


@given(truth)
def test_double_negation(a):
    assert not_(not_(a)) == a


@given(truth, truth)
def test_de_morgan(a, b):
    assert not_(and_((a, b))) == or_((not_(a), not_(b)))
    assert not_(or_((a, b))) == and_((not_(a), not_(b)))


@given(truth, truth)
def test_commutativity(a, b):
    assert and_((a, b)) == and_((b, a))
    assert or_((a, b)) == or_((b, a))


@given(truth)
def test_identity_annihilator_idempotence(a):
    assert and_((a, True)) == a and or_((a, False)) == a
    assert and_((a, False)) is False and or_((a, True)) is True
    assert and_((a, a)) == a and or_((a, a)) == a


@given(truth, truth, truth)
def test_conditionals(c, t, e):
    assert implies(c, t) == or_((not_(c), t))
    kleene = or_((and_((c, t)), and_((not_(c), e))))
    assert kleene is None or choose(c, t, e) == kleene
    assert choose(True, t, e) == t and choose(False, t, e) == e and choose(None, t, t) == t
    assert choose(c, t, True) == implies(c, t)


def _refines(finer, coarser) -> bool:
    return coarser is None or finer == coarser


@given(truth, truth, truth, st.data())
def test_connectives_keep_what_is_decided(a, b, c, data):
    """Filling in an unknown never changes a decided and, or, not or if: so rules inherit it from their leaves."""
    finer = [x if x is not None else data.draw(truth) for x in (a, b, c)]
    assert _refines(and_(finer[:2]), and_((a, b))) and _refines(or_(finer[:2]), or_((a, b)))
    assert _refines(not_(finer[0]), not_(a)) and _refines(choose(*finer), choose(a, b, c))


def test_unknown_has_no_excluded_middle():
    assert or_((None, not_(None))) is None
    assert and_(()) is True and or_(()) is False


# --- random rules on random patients -------------------------------------------------------------

DAY0 = date(2026, 1, 20)
days = st.integers(-800, 200).map(lambda n: DAY0 + timedelta(days=n))
maybe_day = st.none() | days
anchors = st.sampled_from(["screening", "randomization", "first_dose"])
relations = st.sampled_from(["before", "after", "during"])
ops = st.sampled_from(["<", "<=", "=", "!=", ">=", ">"])
windows = st.none() | st.builds(
    ast.Window, op=ops, amount=st.builds(ast.Quantity, value=st.integers(0, 12), unit=st.sampled_from(["d", "wk", "mo", "a"])),
    relation=relations, anchor=anchors,
)
ENTITY_CONCEPTS = ["infection", "malignancy"]
statuses = st.sampled_from(["active", "resolved", "uncontrolled"])
severities = st.sampled_from(["mild", "moderate", "severe"])

filters = st.one_of(
    st.builds(ast.Filter, attribute=st.just("grade"), op=ops, value=st.builds(ast.Quantity, value=st.integers(0, 5))),
    st.builds(ast.Filter, attribute=st.just("status"), op=st.sampled_from(["=", "!="]), value=st.builds(ast.Category, value=statuses)),
    st.builds(ast.Filter, attribute=st.just("severity"), op=ops, value=st.builds(ast.Category, value=severities)),
)
entities = st.builds(
    ast.EntityRef, type=st.sampled_from(["condition", "treatment", "procedure", "event"]), concept=st.sampled_from(ENTITY_CONCEPTS),
    where=st.lists(filters, max_size=1).map(tuple), excluding=st.lists(st.sampled_from(["breast_cancer", "hepatitis_b"]), max_size=1).map(tuple),
)
targets = st.one_of(
    st.tuples(st.just("alt"), st.builds(ast.Quantity, value=st.sampled_from([1, 2.5, 3]), unit=st.just("{ULN}"))),
    st.tuples(st.just("alt"), st.builds(ast.Quantity, value=st.sampled_from([40, 100]), unit=st.just("U/L"))),
    st.tuples(st.just("hemoglobin"), st.builds(ast.Quantity, value=st.sampled_from([9, 10.5]), unit=st.sampled_from(["g/dL", "g/L"]))),
    st.tuples(st.just("ecog"), st.builds(ast.Quantity, value=st.integers(0, 4))),
    st.tuples(st.just("urine_protein_dipstick"), st.builds(ast.Category, value=st.sampled_from(["-", "trace", "+", "++", "+++"]))),
    st.tuples(st.just("age"), st.builds(ast.Quantity, value=st.sampled_from([18, 65]), unit=st.just("a"))),
    st.tuples(st.just("sex"), st.builds(ast.Category, value=st.sampled_from(["female", "male"]))),
)
compares = st.builds(lambda t, op, w: ast.Compare(concept=t[0], op=op, value=t[1], window=w), targets, ops, windows)
ranges = st.builds(
    lambda low, width, w: ast.InRange(concept="ecog", low=ast.Quantity(value=low), high=ast.Quantity(value=low + width), window=w),
    st.integers(0, 3), st.integers(0, 2), windows,
)
members = st.builds(
    lambda values: ast.InSet(concept="urine_protein_dipstick", values=tuple(ast.Category(value=v) for v in values)),
    st.lists(st.sampled_from(["-", "+", "++", "positive"]), min_size=1, max_size=3),
)
points = st.one_of(
    st.builds(ast.AnchorPoint, anchor=anchors),
    st.builds(ast.EntityPoint, edge=st.sampled_from(["start", "end"]), entity=entities),
)
leaves = st.one_of(
    compares, ranges, members,
    st.builds(ast.Exists, entities=st.lists(entities, min_size=1, max_size=2).map(tuple), window=windows),
    st.builds(ast.Count, entity=entities, window=windows, op=ops, value=st.integers(0, 2)),
    st.builds(ast.Interval, start=points, end=points, op=ops, amount=st.builds(ast.Quantity, value=st.integers(0, 400), unit=st.just("d"))),
    st.builds(ast.Unresolved, reason=st.just("vague"), detail=st.just("x")),
)
def combined(atoms: st.SearchStrategy, max_leaves: int) -> st.SearchStrategy:
    """Rules of `atoms` under not / and / or / if-then-else."""
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.builds(ast.Not, arg=inner),
            st.builds(ast.And, args=st.lists(inner, min_size=2, max_size=3).map(tuple)),
            st.builds(ast.Or, args=st.lists(inner, min_size=2, max_size=3).map(tuple)),
            st.builds(ast.If, condition=inner, then=inner, otherwise=st.none() | inner),
        ),
        max_leaves=max_leaves,
    )


rules = combined(leaves, max_leaves=5)


@st.composite
def spans(draw):
    start = draw(maybe_day)
    end = draw(st.none() | st.integers(0, 300).map(lambda n: (start or DAY0) + timedelta(days=n)))
    return start, (end if start is None or end is None or end >= start else None)


@st.composite
def records(draw, kind):
    record = {"concept": draw(st.sampled_from(ENTITY_CONCEPTS)), "is_a": draw(st.lists(st.sampled_from(["breast_cancer", "malignancy"]), max_size=1, unique=True))}
    if kind in ("conditions", "treatments"):
        start, end = draw(spans())
        record |= {"onset" if kind == "conditions" else "start": start, "end": end, "status": draw(st.none() | statuses)}
        if kind == "conditions":
            record |= {"grade": draw(st.none() | st.integers(0, 5)), "severity": draw(st.none() | severities)}
    else:
        record |= {"date": draw(maybe_day), "status": draw(st.none() | statuses)}
    return record


observation_values = {
    "alt": st.fixed_dictionaries({"value": st.integers(10, 200).map(float), "unit": st.just("U/L"), "uln": st.none() | st.just(40.0)}),
    "hemoglobin": st.one_of(
        st.fixed_dictionaries({"value": st.integers(60, 160).map(lambda v: v / 10), "unit": st.just("g/dL")}),
        st.fixed_dictionaries({"value": st.integers(4, 10).map(float), "unit": st.just("mmol/L")}),
    ),
    "ecog": st.fixed_dictionaries({"value": st.integers(0, 4).map(float)}),
    "urine_protein_dipstick": st.fixed_dictionaries({"value": st.sampled_from(["-", "trace", "+", "++", "+++", "++++"])}),
}
observations = st.sampled_from(sorted(observation_values)).flatmap(
    lambda concept: st.builds(lambda v, d: {"concept": concept, **v, "date": d}, observation_values[concept], maybe_day)
)


@st.composite
def full_records(draw):
    """A patient as a dict, with every list recorded."""
    return {
        "id": "p",
        "birth_date": draw(st.none() | st.integers(18 * 365, 80 * 365).map(lambda n: DAY0 - timedelta(days=n))),
        "sex": draw(st.none() | st.sampled_from(["female", "male"])),
        "anchors": {name: DAY0 + timedelta(days=draw(st.integers(-20, 20))) for name in ("screening", "randomization", "first_dose")},
        "observations": draw(st.lists(observations, max_size=6)),
        **{kind: draw(st.lists(records(kind), max_size=4)) for kind in ("conditions", "treatments", "procedures", "events")},
    }


patients = full_records().map(Patient.model_validate) | st.builds(Patient, id=st.just("unrecorded"))


def value(node, patient):
    return evaluate(node, patient).truth


@settings(max_examples=150, deadline=None)
@given(rules, rules, patients)
def test_laws_on_rules(a, b, patient):
    va, vb = value(a, patient), value(b, patient)
    assert value(ast.Not(arg=ast.Not(arg=a)), patient) == va
    assert value(ast.Not(arg=ast.And(args=(a, b))), patient) == value(ast.Or(args=(ast.Not(arg=a), ast.Not(arg=b))), patient)
    assert value(ast.Not(arg=ast.Or(args=(a, b))), patient) == value(ast.And(args=(ast.Not(arg=a), ast.Not(arg=b))), patient)
    assert value(ast.And(args=(a, b)), patient) == value(ast.And(args=(b, a)), patient) == and_((va, vb))
    assert value(ast.Or(args=(a, b)), patient) == value(ast.Or(args=(b, a)), patient) == or_((va, vb))
    assert value(ast.And(args=(a, a)), patient) == va == value(ast.Or(args=(a, a)), patient)
    if vb is True:  # b is a true rule here: the identity of and, the annihilator of or
        assert value(ast.And(args=(a, b)), patient) == va and value(ast.Or(args=(a, b)), patient) is True
    if vb is False:  # and the annihilator of and, the identity of or
        assert value(ast.And(args=(a, b)), patient) is False and value(ast.Or(args=(a, b)), patient) == va
    assert value(ast.If(condition=a, then=b), patient) == value(ast.Or(args=(ast.Not(arg=a), b)), patient)


@st.composite
def blanked(draw, record: dict) -> dict:
    """The same patient knowing less: lists, anchors, dates, grades and statuses forgotten at random."""
    forget = st.booleans()
    less = dict(record, anchors={k: v for k, v in record["anchors"].items() if not draw(forget)})
    for kind in ("observations", "conditions", "treatments", "procedures", "events"):
        if draw(st.integers(0, 4)) == 0:
            less[kind] = None
            continue
        items = []
        for item in record[kind]:
            item = dict(item)
            for field in ("date", "onset", "start", "grade", "severity", "uln"):
                if item.get(field) is not None and draw(forget):
                    item[field] = None
            if item.get("end") is not None and (item.get("status") or "") not in ONGOING and draw(forget):
                item["end"] = None
            items.append(item)
        less[kind] = items
    return less


@settings(max_examples=400, deadline=None)
@given(leaves, full_records().flatmap(lambda r: st.tuples(st.just(r), blanked(r))))
def test_unknown_is_never_a_guess(rule, records):
    """Whatever a rule decides on less information, it decides alike once the gaps are filled (leaves; connectives above)."""
    full, partial = (Patient.model_validate(r) for r in records)
    decided = value(rule, partial)
    if decided is not None:
        assert value(rule, full) == decided
