"""Pass: "in countries where the age of majority is > 18", "where required by local regulations"
(5a, 5b): a clause that names the countries or sites a requirement applies to is a condition no
record holds.

What the clause compares ("the age of majority is > 18") describes the country, never the patient,
so its parts are dropped into one unresolved part. A clause that opens the sentence scopes the rest
of it: the requirement holds only there, so an exclusion is met only if the scope is too (`and
unresolved`) and an inclusion may be met by not being in scope (`or unresolved`), as `cohorts` does
for a cohort. A clause later in the sentence ("Age ≥ 18 years, or in countries where the age of
majority is > 18, the age of majority", "(or ≥ 20 years where required by local regulations)") adds
a local variant to what precedes it: the variant's own parts (to the sentence's end, or in its
bracket) join as one unresolved further requirement (`and` in an inclusion, `or` in an exclusion),
so a compiled threshold never stands for the local one. The phrases are a word list
(`data/words.jsonl`: `local_scope_words`), and a heading of "for" or "in", a capitalised name,
"only" and a colon ("For Japan only:"; "(Utopia only)", "sites in Utopia only" are `restrictions`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from eligo import phrases
from eligo.compiler.logic import both, either
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.datafiles import words

# "For Japan only:", "In the EU only:": a heading naming a place (capitalised) and "only"
_NAME = r"(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*)){0,2}"
_NAMED_ONLY = rf"(?:for|in)\s+(?:the\s+)?{_NAME}\s+only(?=\s*:)"
_OPENING = re.compile(r"[\W_]*(?:(?:and|or|but|only|also|for|in|the|a|an)\s+)*$", re.I)


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:"
        rf"{phrases.alternation(words('eligo.compiler.data', 'local_scope_words'))}"
        rf"|{_NAMED_ONLY})(?![\w-])",
        re.I,
    )


def local_scopes(draft: Draft, sentence: Sentence) -> Draft:
    view = sentence.view
    scope = _pattern().search(view.text, sentence.start, sentence.end)
    if scope is None or not draft.parts:
        return draft
    opening = _OPENING.fullmatch(view.text, sentence.start, scope.start()) is not None
    bracket = next(
        ((a, b) for a, b in view.brackets(sentence.start, sentence.end) if a < scope.start() < b),
        None,
    )
    start, stop = (
        (bracket[0] + 1, bracket[1] - 1)
        if bracket
        else (
            scope.start(),
            view.clause_end(scope.end(), sentence.end) if opening else sentence.end,
        )
    )
    opening = opening and bracket is None
    words_of = quote(view.text[start:stop], 80)
    inside = [p for p in draft.parts if start <= p.start < stop]
    outside = [p for p in draft.parts if p not in inside]
    if not outside:
        return replace(
            draft,
            parts=(
                Part(
                    start,
                    stop,
                    unresolved(
                        "unsupported",
                        f"{words_of!r} depends on the country or site, which no record holds",
                        (start, stop),
                    ),
                    entity=True,
                ),
            ),
        )
    if opening:
        detail = f"applies only {words_of!r}: the country or site is in no record"
        missing = unresolved("unsupported", detail, (start, stop))
        joined = [
            Part(
                p.start,
                p.end,
                both(p.expr, missing) if view.exclusion else either(p.expr, missing),
                p.entity,
            )
            for p in outside
        ]
        return replace(draft, parts=tuple(joined))
    detail = (
        f"{words_of!r} is a local variant of the requirement: the country or site is in no record"
    )
    variant = unresolved("unsupported", detail, (start, stop))
    last = max(outside, key=lambda p: p.end)
    kept = [p for p in outside if p is not last]
    widened = either(last.expr, variant) if view.exclusion else both(last.expr, variant)
    return replace(
        draft, parts=(*kept, Part(last.start, max(last.end, stop), widened, last.entity))
    )
