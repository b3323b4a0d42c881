"""`eligo_design`: phase, allocation, ratio, masking, control and arms of a trial.

Read from the title, summary, overview and description: "This Phase III trial
adopts a randomized, open label, positive drug control ... design. Subjects
... are randomly divided into 1:1 groups and receive treatment with TQB2102
injection or docetaxel combined with trastuzumab and pertuzumab,
respectively" is phase 3, randomized 1:1, open label, active control, arms
[tqb2102] and [docetaxel, trastuzumab, pertuzumab].

* Allocation, masking and control come from the cues of `data/design_cues.jsonl`,
  the first cue of a field in file order winning (so "non-randomized" beats
  "randomized", "placebo-controlled" beats a placebo merely named). A
  single-arm trial without a stated control has control `none`.
* The phase is the first "phase" followed by a numeral ("Phase 1/2", "phase
  I/II", "Phase 1b" → "1"); "blast phase" or "maintenance phase" are not.
* The ratio is an `N:M` written in a sentence about randomisation.
* Arms are the alternatives of "receive / randomized to (either) A or B"; the
  drugs of an arm are the names it coordinates ("docetaxel combined with
  trastuzumab and pertuzumab").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from eligo.datafiles import load_jsonl
from eligo.parser.doc import sections_of, text_of
from eligo.parser.regimens import PROSE_SECTIONS, drug_names

Allocation = Literal["randomized", "non_randomized", "single_arm"]
Masking = Literal["open_label", "single_blind", "double_blind", "triple_blind", "quadruple_blind"]
Control = Literal["active", "placebo", "none", "historical", "dose_comparison"]

_SENTENCE = re.compile(r"[^.;\n]+(?:\.(?=\d)[^.;\n]*)*")
_PHASE = re.compile(
    r"\bphase\s*(?P<a>IV|I{1,3}|[1-4])[ab]?(?:\s*(?:/|-|and|or)\s*(?:phase\s*)?(?P<b>IV|I{1,3}|[1-4])[ab]?)?\b",
    re.I,
)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_RATIO = re.compile(r"(?<![\d:.,])(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?(?![\d:.,])")
_RATIO_CONTEXT = re.compile(r"\brandom|\bratio\b|\ballocat", re.I)
_ARMS = re.compile(
    r"\b(?:receive|receiving|randomi[sz]ed to(?: receive)?|assigned to(?: "
    r"receive)?|allocated to(?: receive)?)\s+"
    r"(?:(?:the\s+)?treatment\s+with\s+|either\s+)?(?P<arms>[^.;]{1,300}?\s+(?:or|versus|vs\.?)\s+[^.;]{1,300}?)(?:,?\s*respectively|\s+for\s+\d|$)",
    re.I,
)
_ALTERNATIVE = re.compile(r",?\s+(?:or|versus|vs\.?)\s+", re.I)


class DesignCue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    field: Literal["allocation", "masking", "control"]
    value: str
    pattern: str


class ArmFact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    drugs: tuple[str, ...] = ()


class DesignFact(BaseModel):
    """What a protocol says of its design; every field is None when not stated."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    phase: str | None = None
    allocation: Allocation | None = None
    ratio: str | None = None
    masking: Masking | None = None
    control: Control | None = None
    arms: tuple[ArmFact, ...] = ()


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, str, re.Pattern]]:
    return [
        (c.field, c.value, re.compile(c.pattern, re.I))
        for c in load_jsonl("eligo.parser.data", "design_cues.jsonl", DesignCue)
    ]


def _phase(text: str) -> str | None:
    match = _PHASE.search(text)
    if match is None:
        return None
    parts = [_ROMAN.get(p.lower(), p) for p in match.group("a", "b") if p]
    return "/".join(dict.fromkeys(parts))


def _sentences(text: str) -> list[str]:
    return [m.group() for m in _SENTENCE.finditer(text)]


def _ratio(sentences: list[str]) -> str | None:
    for sentence in sentences:
        if _RATIO_CONTEXT.search(sentence):
            match = _RATIO.search(sentence)
            if match:
                return ":".join(p for p in match.groups() if p)
    return None


def _arms(sentences: list[str]) -> tuple[ArmFact, ...]:
    for sentence in sentences:
        match = _ARMS.search(sentence)
        if match is None:
            continue
        arms = []
        for alternative in _ALTERNATIVE.split(match.group("arms")):
            name = alternative.strip(" ,")
            drugs = drug_names(name)
            if not drugs:
                break
            arms.append(ArmFact(name=name, drugs=tuple(drugs)))
        else:
            if len(arms) >= 2:
                return tuple(arms)
    return ()


def find_design(text: str) -> DesignFact | None:
    """The design stated in `text` (prose of one protocol), or None when nothing is."""
    fields: dict[str, str] = {}
    for field, value, pattern in _cues():
        if field not in fields and pattern.search(text):
            fields[field] = value
    if fields.get("allocation") == "single_arm":
        fields.setdefault("control", "none")
    sentences = _sentences(text)
    design = DesignFact(
        phase=_phase(text),
        ratio=_ratio(sentences) if fields.get("allocation") == "randomized" else None,
        arms=_arms(sentences),
        **fields,
    )
    return design if design != DesignFact() else None


@Language.factory("eligo_design", requires=["doc._.sections"], assigns=["doc._.design"])
def make_design(nlp: Language, name: str):
    def design(doc: Doc) -> Doc:
        prose = "\n".join(
            text_of(doc)[s.start : s.end]
            for s in sorted(sections_of(doc, *PROSE_SECTIONS), key=lambda s: s.start)
        )
        doc._.design = find_design(prose)
        return doc

    return design
