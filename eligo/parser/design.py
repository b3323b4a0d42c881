"""`eligo_design`: phase, allocation, ratio, masking, control and arms of a trial.

Read from the overview, summary and description ("This Phase III trial adopts a
randomized, open label, positive drug control ... randomly divided into 1:1
groups and receive treatment with TQB2102 injection or docetaxel combined with
trastuzumab and pertuzumab, respectively").
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from eligo.parser.doc import sections_of
from eligo.parser.regimens import drug_names

_PHASE = re.compile(r"\bphase\s*(?P<a>IV|I{1,3}|[1-4])(?:\s*(?:/|-|and)\s*(?P<b>IV|I{1,3}|[1-4]))?\b", re.I)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_RATIO = re.compile(r"\b(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?\b")
_ARMS = re.compile(
    r"\b(?:receive|receiving|randomi[sz]ed to(?: receive)?|assigned to(?: receive)?)\s+(?:treatment\s+with\s+|either\s+)?(?P<arms>[^.;]+?\s+or\s+[^.;]+?)(?:,?\s*respectively|\.|;|$)",
    re.I,
)
_MASKING = (
    (re.compile(r"\bquadruple[- ]blind", re.I), "quadruple_blind"),
    (re.compile(r"\btriple[- ]blind", re.I), "triple_blind"),
    (re.compile(r"\bdouble[- ]blind", re.I), "double_blind"),
    (re.compile(r"\bsingle[- ]blind", re.I), "single_blind"),
    (re.compile(r"\bopen[- ]label\b", re.I), "open_label"),
)
_CONTROL = (
    (re.compile(r"\bplacebo\b", re.I), "placebo"),
    (re.compile(r"\b(?:positive (?:drug )?control|active[- ]control(?:led)?|active comparator|positive[- ]controlled)\b", re.I), "active"),
    (re.compile(r"\bhistorical control", re.I), "historical"),
)


class Arm(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    drugs: list[str] = []


class Design(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    phase: str | None = None
    allocation: str | None = None
    ratio: str | None = None
    masking: str | None = None
    control: str | None = None
    arms: list[Arm] = []


def find_design(text: str) -> Design | None:
    phase_match = _PHASE.search(text)
    phase = None
    if phase_match:
        parts = [_ROMAN.get(p.lower(), p) for p in phase_match.group("a", "b") if p]
        phase = "/".join(parts)
    lowered = text.lower()
    if re.search(r"\bnon[- ]?randomi[sz]ed\b", lowered):
        allocation = "non_randomized"
    elif re.search(r"\brandomi[sz]ed\b|\brandomly\b|\brandomi[sz]ation\b", lowered):
        allocation = "randomized"
    elif re.search(r"\bsingle[- ]arm\b", lowered):
        allocation = "single_arm"
    else:
        allocation = None
    ratio_match = _RATIO.search(text) if allocation == "randomized" else None
    ratio = ":".join(p for p in ratio_match.groups() if p) if ratio_match else None
    masking = next((value for pattern, value in _MASKING if pattern.search(text)), None)
    control = next((value for pattern, value in _CONTROL if pattern.search(text)), None)
    arms = []
    arms_match = _ARMS.search(text)
    if arms_match:
        for arm in re.split(r"\s+or\s+", arms_match.group("arms")):
            arm = arm.strip(" ,")
            if arm:
                arms.append(Arm(name=arm, drugs=drug_names(arm)))
    design = Design(phase=phase, allocation=allocation, ratio=ratio, masking=masking, control=control, arms=arms)
    return design if design != Design() else None


@Language.factory("eligo_design")
def make_design(nlp: Language, name: str):
    def design(doc: Doc) -> Doc:
        prose = " ".join(doc.text[s.start : s.end] for s in sections_of(doc, "title", "summary", "overview", "description"))
        doc._.design = find_design(prose)
        return doc

    return design
