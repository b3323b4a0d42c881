"""Pass: "A positive test for syphilis", "Positive HIV test", "HIV antibody negative": a test result
is an observation, not the diagnosis it tests for. Read only through the diagnosis, a positive
result without a coded diagnosis would pass an exclusion, and a negative one would be required of
no one who merely lacks the diagnosis (review kind 4a). No concept of the lexicon holds such a
result (a lab with a qualitative value, `hcv_antibody = "positive"`, is read in `categories.py`),
so the diagnosis decides only the way the result agrees with it: a positive result is
`X or unresolved(test)`, a negative one `not X and unresolved(test)`."""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both, either, negate
from eligo.compiler.mentions import test_result
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

_TEST_FOR = re.compile(
    r"\b(?:positive|negative|reactive)\s+(?:results?\s+(?:in|of|on|from)\s+)?(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:tests?|testing|screens?|screening|serology|serologies|assay)\s+(?:for|of)\s+(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,1}?$",
    re.I,
)
_TESTED_WORD = re.compile(r"\s*(?:\([^()]{1,12}\)\s*)?(?:antibod(?:y|ies)|antigen|rna|dna)\b", re.I)


def test_results(draft: Draft, sentence: Sentence) -> Draft:
    view, text, result = sentence.view, sentence.view.text, []
    for part in draft.parts:
        floor = view.clause_start(part.start, sentence.start)
        test = _TEST_FOR.search(text, floor, part.start) if part.entity else None
        if test is not None and test.end() == part.start:
            tested = _TESTED_WORD.match(text, part.end)
            stop = tested.end() if tested else part.end
            said: tuple[str, int, int] | None = (
                test.group(0).split()[0].lower(),
                test.start(),
                stop,
            )
        else:
            said = _said_next_to(view, part)
        if said is not None:
            value, start, stop = said
            detail = (
                f"{quote(text[start:stop], 80)!r} is a test result, which no record of the "
                "diagnosis need hold"
            )
            missing = unresolved("unsupported", detail, (start, stop))
            if value != "negative":
                expr = either(part.expr, missing)
            else:  # "HIV test negative" is negated already (`mentions.is_negated`)
                negated = isinstance(part.expr, ast.Not)
                expr = both(part.expr if negated else negate(part.expr), missing)
            part = Part(min(start, part.start), max(stop, part.end), expr, part.entity)
        result.append(part)
    return replace(draft, parts=tuple(result))


def _said_next_to(view: CriterionView, part: Part) -> tuple[str, int, int] | None:
    """The result a test word next to a condition of the part gives ("positive HIV test", "HIV
    antibody negative"; its negation already read by `mentions.is_negated`), with its span; a bare
    status ("HIV-positive adults") names the condition itself."""
    if not part.entity:
        return None
    for _, m_start, m_end in view.mentions(part.start, part.end, {"condition"}):
        said = test_result(view, m_start, m_end)
        if said is not None and said[3]:
            return said[:3]
    return None
