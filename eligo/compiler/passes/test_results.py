"""Pass: "A positive test for syphilis", "Positive result in urinary screening for drug abuse": a
test result is an observation, not the diagnosis it tests for. No concept of the lexicon holds such
a result, so the part names the test, unresolved, never `has condition X`."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved

_TEST_FOR = re.compile(
    r"\b(?:positive|negative|reactive)\s+(?:results?\s+(?:in|of|on|from)\s+)?(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:tests?|testing|screens?|screening|serology|serologies|assay)\s+(?:for|of)\s+(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,1}?$",
    re.I,
)
_TESTED_WORD = re.compile(r"\s*(?:\([^()]{1,12}\)\s*)?(?:antibod(?:y|ies)|antigen|rna|dna)\b", re.I)


def test_results(draft: Draft, sentence: Sentence) -> Draft:
    text, result = sentence.view.text, []
    for part in draft.parts:
        floor = sentence.view.clause_start(part.start, sentence.start)
        test = _TEST_FOR.search(text, floor, part.start) if part.entity else None
        if test is not None and test.end() == part.start:
            tested = _TESTED_WORD.match(text, part.end)
            stop = tested.end() if tested else part.end
            detail = (
                f"{quote(text[test.start() : stop], 80)!r} is a test result, which no known "
                "concept holds"
            )
            part = Part(
                test.start(),
                stop,
                unresolved("unsupported", detail, (test.start(), stop)),
                part.entity,
            )
        result.append(part)
    return replace(draft, parts=tuple(result))
