"""`eligo_endpoints`: outcome measures of the ClinicalTrials.gov record layout.

A line of measures is joined by `|`; each measure is `title, description, time
frame`, but descriptions and time frames hold commas too ("1 hour before
infusion on Cycle 1 Day1, Cycle 2 Day1, ..."). So the measure is cut by
meaning: the title is its first field, the time frame the longest tail of
fields that all read as time expressions, the description what lies between.
A time frame that is one duration ("Up to 24 months after study start") is
normalised (`<=` 24 `mo`, anchor "study start"); a schedule keeps its text only.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import Endpoint, TimeFrame
from eligo.parser.doc import sections_of
from eligo.units import ucum_code

_FIELD = re.compile(r",\s+")
_TIME_WORDS = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|baseline|day|days|week|weeks|month|months|year|years|hour|hours|"
    r"minute|minutes|cycle|cycles|visit|visits|screening|end of|through|until|up to|approximately|every|follow[- ]up|"
    r"study completion|completion|discharge|post|pre|predose|pre-dose|dose|infusion|surgery|randomi[sz]ation|enrollment|"
    r"treatment|time frame|average|daily|weekly|monthly|period|duration|assessed|time point|timepoint|d\d|w\d|c\d)\b",
    re.I,
)
_TIME_START = re.compile(
    r"^(?:up to|until|through|throughout|from|at|within|approximately|about|average|an average|every|each|day|days|week|weeks|month|months|"
    r"year|years|cycle|baseline|screening|pre|post|end of|during|before|after|visit|\d)",
    re.I,
)
_SINGLE_DURATION = re.compile(
    r"^(?:(?P<lead>up to|until|within|through|throughout|for|approximately|about|over)\s+)?(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)"
    r"(?:\s+(?:after|from|following|post|since)\s+(?:the\s+)?(?P<anchor>[^,;.()]+?))?\s*\.?$",
    re.I,
)
_ABBREVIATION = re.compile(r"\s*\((?P<abbr>[A-Za-z][A-Za-z0-9/+-]{0,11})\)\s*$")


def _is_abbreviation(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2 and not re.fullmatch(r"[A-Z][a-z]+", text)


def split_title(title: str) -> tuple[str, str | None]:
    """Title and its trailing parenthesised abbreviation ("Objective Response Rate (ORR)" → ORR)."""
    match = _ABBREVIATION.search(title)
    if match and _is_abbreviation(match.group("abbr")):
        return title[: match.start()].rstrip(), match.group("abbr")
    return title, None


def normalise_time_frame(text: str) -> TimeFrame:
    match = _SINGLE_DURATION.match(text.strip())
    unit = ucum_code(match.group("unit")) if match else None
    if match is None or unit not in {"a", "mo", "wk", "d", "h", "min"}:
        return TimeFrame(text=text)
    value = float(match.group("value")) if "." in match.group("value") else int(match.group("value"))
    anchor = match.group("anchor").strip().lower() if match.group("anchor") else None
    return TimeFrame(text=text, op="<=", value=value, unit=unit, anchor=anchor)


def _is_time_field(field: str) -> bool:
    return bool(_TIME_WORDS.search(field)) and len(field) <= 160


def split_measure(measure: str) -> tuple[str, str | None, str | None]:
    """(title, description, time frame) of one measure."""
    fields = [(m.start(), m.end()) for m in _FIELD.finditer(measure)]
    cuts = [0] + [end for _, end in fields]
    ends = [start for start, _ in fields] + [len(measure)]
    parts = [measure[a:b] for a, b in zip(cuts, ends)]
    if len(parts) == 1:
        return measure.strip(), None, None
    time_from = None
    # a field that ends a sentence is description: the time frame can only start after it
    first = 1 + max((k for k in range(1, len(parts) - 1) if parts[k].rstrip().endswith(".")), default=0)
    for k in range(max(1, first), len(parts)):
        if _TIME_START.match(parts[k].strip()) and all(_is_time_field(p) for p in parts[k:]):
            time_from = k
            break
    if time_from is None:
        time_from = len(parts) - 1 if _is_time_field(parts[-1]) else len(parts)
    title = parts[0].strip()
    description = measure[cuts[1] : ends[time_from - 1]].strip() if time_from > 1 else None
    time_frame = measure[cuts[time_from] :].strip() if time_from < len(parts) else None
    return title, description or None, time_frame or None


def find_endpoints(text: str, start: int, end: int, kind: str) -> list[Endpoint]:
    """The endpoints of one outcomes line `text[start:end]`."""
    found = []
    position = start
    for piece in text[start:end].split("|"):
        stripped = piece.strip()
        if stripped:
            offset = position + piece.index(stripped)
            title, _, time_frame = split_measure(stripped)
            name, abbreviation = split_title(title)
            found.append(
                Endpoint(
                    span=(offset, offset + len(stripped)),
                    text=stripped,
                    kind=kind,
                    name=name,
                    abbreviation=abbreviation,
                    time_frame=normalise_time_frame(time_frame) if time_frame else None,
                )
            )
        position += len(piece) + 1
    return found


@Language.factory("eligo_endpoints")
def make_endpoints(nlp: Language, name: str):
    def endpoints(doc: Doc) -> Doc:
        found = []
        for section in sections_of(doc, "primary_outcomes", "secondary_outcomes"):
            kind = "primary" if section.kind == "primary_outcomes" else "secondary"
            found.extend(find_endpoints(doc.text, section.start, section.end, kind))
        doc._.endpoints = found
        return doc

    return endpoints
