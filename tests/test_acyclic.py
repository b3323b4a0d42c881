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


# a command line's start-up, in a fresh process (freezing this one's heap would outlive the test)
START_UP = (
    "import gc\n"
    "from eligo.acyclic import acyclic, pause_start_up, start_up_done\n"
    "pause_start_up()\n"
    "assert not gc.isenabled()\n"
    "with acyclic():\n"
    "    pass\n"
    "assert not gc.isenabled()  # the first protocol is still the start-up\n"
    "start_up_done()\n"
    "frozen = gc.get_freeze_count()\n"
    "assert gc.isenabled() and frozen > 0\n"
    "start_up_done()\n"
    "assert gc.get_freeze_count() == frozen  # once\n"
    "gc.disable()\n"
    "gc.unfreeze()\n"
    "pause_start_up()\n"
    "start_up_done()\n"
    "assert not gc.isenabled() and gc.get_freeze_count() == 0  # it was off: left alone\n"
)


def test_the_start_up_is_frozen_once_and_the_collector_turned_back_on():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", START_UP], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
