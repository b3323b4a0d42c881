"""The compiler's facts leave out the mention recogniser: the same facts, without its two lists."""

from __future__ import annotations

from eligo.parser import analyse
from eligo.source import source_from_text

PROTOCOL = (
    "Inclusion Criteria:\n- Adults aged 30 to 65 years with stable angina\n"
    "- Hemoglobin above 10 g/dL within 2 weeks before the first dose\n\n"
    "Exclusion Criteria:\n- Known allergy to penicillin or cephalosporins\n"
    "- No prior pelvic radiotherapy\n"
)


def test_without_mentions_only_the_recognisers_lists_are_left_out() -> None:
    source = source_from_text(PROTOCOL, "made_up.txt")
    full = analyse(source)
    lean = analyse(source, mentions=False)
    assert full.annotations.mentions and full.annotations.relations
    assert lean.annotations.mentions == [] and lean.annotations.relations == []
    emptied = full.annotations.model_copy(update={"mentions": [], "relations": []})
    assert lean.annotations == emptied
    assert lean.model_copy(update={"annotations": emptied}) == full.model_copy(
        update={"annotations": emptied}
    )
