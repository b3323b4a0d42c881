"""Kleene's laws hold under unknown, for truth values and for whole rules on patients."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eligo.grammar import ast
from eligo.grammar.evaluate import Evaluator
from eligo.grammar.logic import and_, implies, not_, or_
from eligo.grammar.patient import Observation, Patient

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
    assert and_((a, b)) == and_((b, a)) and or_((a, b)) == or_((b, a))


@given(truth)
def test_identities_annihilators_idempotence(a):
    assert and_((a, True)) == a and or_((a, False)) == a
    assert and_((a, False)) is False and or_((a, True)) is True
    assert and_((a, a)) == a and or_((a, a)) == a


@given(truth, truth)
def test_implication_is_not_or(a, b):
    assert implies(a, b) == or_((not_(a), b))


def test_unknown_is_not_excluded_middle():
    assert or_((None, not_(None))) is None


# --- the same laws on rules evaluated on random patients ---------------------------------

concepts = st.sampled_from(["alt", "ecog", "hemoglobin"])
leaves = st.builds(
    ast.Compare,
    concept=concepts,
    op=st.sampled_from(["<", "<=", ">=", ">", "=", "!="]),
    value=st.builds(ast.Quantity, value=st.integers(0, 5)),
)
rules = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(ast.Not, arg=inner),
        st.builds(ast.And, args=st.lists(inner, min_size=2, max_size=3).map(tuple)),
        st.builds(ast.Or, args=st.lists(inner, min_size=2, max_size=3).map(tuple)),
    ),
    max_leaves=6,
)
patients = st.builds(
    Patient,
    id=st.just("p"),
    observations=st.one_of(
        st.none(),
        st.lists(st.builds(Observation, concept=concepts, value=st.integers(0, 5).map(float)), max_size=3),
    ),
)


def value(node, patient):
    return Evaluator(patient).run(node).value


@settings(max_examples=200, deadline=None)
@given(rules, rules, patients)
def test_laws_on_rules(a, b, patient):
    assert value(ast.Not(arg=ast.Not(arg=a)), patient) == value(a, patient)
    assert value(ast.Not(arg=ast.And(args=(a, b))), patient) == value(ast.Or(args=(ast.Not(arg=a), ast.Not(arg=b))), patient)
    assert value(ast.Not(arg=ast.Or(args=(a, b))), patient) == value(ast.And(args=(ast.Not(arg=a), ast.Not(arg=b))), patient)
    assert value(ast.And(args=(a, b)), patient) == value(ast.And(args=(b, a)), patient)
