"""`eligo.acyclic`: the collector is off inside the block and as it was after it."""

from __future__ import annotations

import gc

import pytest

from eligo.acyclic import acyclic


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_off_inside_on_after(collector_on):
    with acyclic():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_blocks_leave_it_off_until_the_outer_one_ends(collector_on):
    with acyclic():
        with acyclic():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error(collector_on):
    with pytest.raises(ValueError), acyclic():
        raise ValueError("a refused input")
    assert gc.isenabled()


def test_left_off_when_it_was_off(collector_on):
    gc.disable()
    with acyclic():
        pass
    assert not gc.isenabled()
    gc.enable()
