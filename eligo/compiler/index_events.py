"""The trial's own index condition or event named in a criterion: "for the current stroke", "during
the index hospitalisation", "before the qualifying myocardial infarction".

An acute-stroke trial's patients all have the current stroke: read as `has condition stroke`, an
exclusion that names it as what a treatment was for would exclude every one of them (review kind
7c). The index event is what the rule is about or dates from, which no record marks, so it is no
requirement of its own: the mention is no entity of the sentence (`mentions.py`), and the
sentence's rule is and-ed with an unresolved part that names it (`sentence.py`), which qualifies
the rule rather than being an alternative of it (`accounting.py`).
"""

from __future__ import annotations

from eligo.compiler.allergies import ALLERGY, STUDY_DRUG, STUDY_DRUG_ALLERGY
from eligo.compiler.parts import ENTITY_TYPES, quote, relative, unresolved
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

_INDEX = "the trial's index event, which no record marks: what is dated by it is not compiled"
_OWN = (
    "the trial's own product, which no record holds before the trial: what it is about is not "
    "compiled"
)


def index_events(view: CriterionView, start: int, end: int) -> list[ast.Unresolved]:
    """ "for the current stroke", "during the index hospitalisation": the trial's own index
    condition or event (`index_event` phrases just before it) is what the rule is about or dates
    from, not a requirement of its own; an unresolved part each, from the phrase to the mention's
    end, that the sentence's rule is and-ed with. A treatment ("the current antihypertensive
    treatment") is the patient's own; "the investigational medicinal product", "this study drug"
    (`own_product` just before the investigational agent) is the trial's own, no record's (an
    allergy to it is `allergies.py`'s)."""
    found = []
    allergy = any(
        m.concept in (ALLERGY, STUDY_DRUG_ALLERGY)
        for m, _, _ in view.mentions(start, end, {"condition"})
    )
    anchors = [relative(w.span, view.base) for w in view.facts.windows]
    for mention, m_start, m_end in view.mentions(start, end, ENTITY_TYPES):
        index = view.phrase_before("index_event", m_start, start, words=1)
        own = view.phrase_before("own_product", m_start, start, words=0)
        if index is not None and mention.type != "treatment":
            begin, what = index.start(), _INDEX
        elif (
            own is not None
            and mention.concept == STUDY_DRUG
            and not allergy
            and not any(a <= m_start < b for a, b in anchors)  # "before dosing the IMP": a date
        ):
            begin, what = own.start(), _OWN
        else:
            continue
        detail = f"{quote(view.text[begin:m_end], 80)!r} is {what}"
        found.append(unresolved("unsupported", detail, (begin, m_end)))
    return found
