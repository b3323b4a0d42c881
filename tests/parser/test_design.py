"""Design: phase, allocation, ratio, masking, control and arms from protocol prose."""

from __future__ import annotations

import pytest
from fixture_files import SEEDS, fixture_path, sections_and
from pydantic import ValidationError

from eligo.parser import design, sections  # noqa: F401 - register the components
from eligo.parser.design import DesignFact, find_design
from eligo.parser.normalise import normalise

FIXTURES = fixture_path("design")


def _cases() -> list[list[str]]:
    lines = (FIXTURES / "sentences.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def render(found: DesignFact | None) -> str:
    found = found or DesignFact()
    fields = " ".join(getattr(found, name) or "-" for name in ("phase", "allocation", "ratio", "masking", "control"))
    if found.arms:
        fields += " | " + " ".join(f"{arm.name}=[{','.join(arm.drugs)}]" for arm in found.arms)
    return fields


@pytest.mark.parametrize(("text", "expected"), _cases())
def test_design(text, expected):
    assert render(find_design(text)) == expected


def test_nothing_stated_is_none():
    assert find_design("Patients with breast cancer will be followed.") is None


def test_design_is_frozen_and_closed():
    found = find_design("A randomized, open-label phase 3 trial.")
    with pytest.raises(ValidationError):
        found.phase = "2"
    with pytest.raises(ValidationError):
        DesignFact(masking="half_blind")


def test_seed_000_through_the_component():
    path = SEEDS / "000_0f814b264ca6570a.txt"
    nlp = sections_and("eligo_design")
    doc = nlp(normalise(path.read_text(encoding="utf-8")).text)
    assert render(doc._.design) == (
        "3 randomized 1:1 open_label active | TQB2102 injection=[tqb2102] "
        "docetaxel combined with trastuzumab and pertuzumab=[docetaxel,trastuzumab,pertuzumab]"
    )
