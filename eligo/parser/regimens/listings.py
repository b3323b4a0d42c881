"""Drugs of the intervention lines of the record layout (`DRUG: X Plus Y|BIOLOGICAL: Z`), and names
of a coordinated phrase."""

from __future__ import annotations

from eligo.datafiles import patterns
from eligo.parser.quantities import unit_after
from eligo.parser.regimens.dosing import dose_numbers
from eligo.parser.regimens.mention import DrugMention, name_key
from eligo.parser.regimens.vocabulary import WORD, RegimenVocabulary

DRUG_TYPES = (
    "DRUG",
    "BIOLOGICAL",
    "COMBINATION_PRODUCT",
    "DIETARY_SUPPLEMENT",
)  # substances given; not PROCEDURE, RADIATION, DEVICE
_NAME_WORDS = 4
_CUE = patterns("eligo.parser.data", "listing_cues.jsonl")
LEFT_LINK = _CUE["left_link"]
PLACEBO = _CUE["placebo"]


def listed_drugs(text: str, start: int, end: int, lexicon: RegimenVocabulary) -> list[DrugMention]:
    """The drugs of the intervention lines in text[start:end] (`DRUG: X|BIOLOGICAL: Y`)."""
    found = []
    for entry in _CUE["entry"].finditer(text, start, end):
        if entry.group("type") not in DRUG_TYPES:
            continue
        position = entry.start("body")
        body_end = entry.end("body")
        for part in split_coordinated(text, position, body_end):
            span = listed_name(text, *part, lexicon)
            if span is not None:
                found.append(
                    DrugMention(
                        name=name_key(text[slice(*span)]),
                        start=span[0],
                        end=span[1],
                        scope=span[0],
                        listed=True,
                    )
                )
    return found


def split_coordinated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts, position = [], start
    for match in _CUE["coordinator"].finditer(text, start, end):
        parts.append((position, match.start()))
        position = match.end()
    parts.append((position, end))
    return parts


def listed_name(
    text: str, start: int, end: int, lexicon: RegimenVocabulary
) -> tuple[int, int] | None:
    """The name of one listed drug, cut before any dosing written in the entry ("PD 0299685 at 15mg
    BID")."""
    piece = text[start:end]
    for match in dose_numbers(piece, 0, len(piece)):
        if unit_after(piece, match.end()) is not None:
            cut = LEFT_LINK.search(piece[: match.start()])
            end = start + (cut.start() if cut else match.start())
            break
    start, end = lexicon.clean_name(text, start, end)
    placebo = PLACEBO.search(text, start, end)
    if (
        placebo is not None
    ):  # "placebo for PD 0299685", "adalimumab placebo": a placebo is one drug, placebo
        return placebo.span()
    words = [w.lower() for w in WORD.findall(text[start:end])]
    if not words or all(w in lexicon.stop for w in words):
        return None
    return start, end


def drug_names(phrase: str) -> list[str] | None:
    """The drugs a phrase names ("docetaxel combined with trastuzumab and pertuzumab"), lower case,
    without forms; None when a part of it reads as no drug name (a clause, "different doses of
    X")."""
    lexicon = RegimenVocabulary.load()
    names = []
    for part in split_coordinated(phrase, 0, len(phrase)):
        span = listed_name(phrase, *part, lexicon)
        if span is None:
            continue
        words = WORD.findall(phrase[slice(*span)])
        if len(words) > _NAME_WORDS or any(w.lower() in lexicon.stop for w in words):
            return None
        names.append(name_key(phrase[slice(*span)]))
    return names
