"""`Frozen.taking` and `Frozen.is_complete`: a value of one layer restated as a model of another."""

from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from eligo.annotations import InterventionItem, WindowItem
from eligo.facts import ThresholdFact, WindowFact


def test_taking_reads_each_field_from_the_source_and_given_ones_win():
    window = WindowItem(span=(0, 9), text="≤ 4 weeks", op="<=", value=4, unit="wk", relation="before")
    fact = WindowFact.taking(window)
    assert (fact.span, fact.op, fact.value, fact.unit, fact.relation, fact.anchor) == (
        (0, 9), "<=", 4, "wk", "before", None
    )
    assert WindowFact.taking(window, anchor="randomization").anchor == "randomization"


def test_taking_keeps_the_default_of_a_field_the_source_lacks():
    mention = SimpleNamespace(name="cisplatin", dose=None, route="iv", frequency=None, days=None, cycle=None)
    item = InterventionItem.taking(mention, span=(3, 12), text="cisplatin")
    assert (item.name, item.route, item.ignore) == ("cisplatin", "iv", False)


def test_is_complete_asks_every_required_field():
    window = WindowItem(span=(0, 6), text="4 weeks", op="<=", value=4, unit="wk")
    assert not WindowFact.is_complete(window)  # no relation
    assert WindowFact.is_complete(window.model_copy(update={"relation": "before"}))
    assert ThresholdFact.is_complete(SimpleNamespace(span=(0, 1), text="5", op=">", value=5))
    with pytest.raises(ValidationError):
        WindowFact.taking(window)
