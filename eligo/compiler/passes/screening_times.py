"""Pass: "Use of corticosteroids at the time of randomization", "Insulin under treatment",
"currently receiving X", "use of X", "taking X": a use or state the sentence places at enrollment is
the one in the record at screening, not any ever; so is a count ("receiving not more than 2
antihypertensive drugs": the drugs taken now, not every one ever taken).

Without this pass the phrase is left over and the atom reads the whole record, so a patient who took
the drug years ago meets it. The phrases are `at_screening` in `data/phrases.jsonl`. Only the
phrase's own clause is dated ("for patients with HCC, Child-Pugh A at the time of screening" leaves
the HCC whole, as does "Patients with HCC must have Child-Pugh A at the time of screening": the
subject of an obligation says who; "patients not receiving statins must have tried two statins"
dates the first only), and a history cue in the sentence ("history of X at the time of screening")
keeps the record whole, as `current_states` does for a named state.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from eligo.compiler.logic import exists_of, with_polarity
from eligo.compiler.parts import CALENDAR_YEAR, Draft, Part, Sentence, at_screening
from eligo.datafiles import patterns
from eligo.grammar import ast

if TYPE_CHECKING:
    from eligo.compiler.view import Phrase

_OBLIGATION = re.compile(r"\b(?:must|should|shall)\b", re.I)
_USE_NOUN = patterns("eligo.compiler.data", "join_cues.jsonl")["use_noun"]


def _dateable(node: ast.Node) -> ast.Exists | ast.Count | None:
    """The `has` or the count of a part, negated or not."""
    inner = node.arg if isinstance(node, ast.Not) else node
    return inner if isinstance(inner, ast.Count) else exists_of(node)


def screening_times(draft: Draft, sentence: Sentence) -> Draft:
    view = sentence.view
    if view.cues("history", sentence.start, sentence.end):
        return draft
    for cue in view.phrases("at_screening", sentence.start, sentence.end):
        draft = _dated(draft, sentence, cue)
    written = sentence.windows or CALENDAR_YEAR.search(view.text, sentence.start, sentence.end)
    if written or view.phrase("past", sentence.start, sentence.end):
        return draft  # "prior use of X", "use of X within 12 weeks", "X started in 2018": written
    for use in view.phrases("present_use", sentence.start, sentence.end):
        if not re.search(
            r"\bthe\s+$", view.text[sentence.start : use.start()], re.I
        ):  # "the use of X is contraindicated"
            draft = _in_use(draft, sentence, use)
    for part in draft.parts:  # "Sulfonylurea treatment", "statin use": the noun after the drug
        noun = _USE_NOUN.match(view.text, part.end, sentence.end)
        if part.entity and noun is not None:
            draft = _in_use(draft, sentence, noun, part.start)
    return draft


def _in_use(
    draft: Draft, sentence: Sentence, use: Phrase | re.Match[str], start: int | None = None
) -> Draft:
    """ "Use of antidiabetic agents other than insulin", "using an insulin pump or injections of
    insulin": each `has` of treatments only, without a window, in the clause after a present-tense
    use (`present_use`), or from `start` to a noun of use after it ("Sulfonylurea treatment"), is
    the use at screening; conditions there keep the whole record, and "not
    taking" is `negated_times`'."""
    # "Current treatment with A, B, C or D": the use reaches every member of its list
    begin, end = (use.end(), sentence.view.clause_end(use.end(), sentence.end, commas=False))
    begin, end = (begin, end) if start is None else (start, use.start())
    result = []
    for part in draft.parts:
        if part.entity and begin <= part.start < end:
            args = part.expr.args if isinstance(part.expr, ast.Or) else None
            expr = (
                part.expr.model_copy(update={"args": tuple(_used_now(a) for a in args)})
                if args is not None  # "X, including Y": the class or its examples
                else _used_now(part.expr)
            )
            part = Part(part.start, part.end, expr, part.entity)
        result.append(part)
    return replace(draft, parts=tuple(result))


def _used_now(node: ast.Node) -> ast.Node:
    """A bare `has` of treatments without a window, dated at screening; any other node as it is."""
    if not isinstance(node, ast.Exists) or node.window is not None:
        return node
    if not all(e.type == "treatment" for e in node.entities):
        return node
    first = min((e.span[0] for e in node.entities if e.span is not None), default=None)
    span = (first, first) if first is not None else None
    return node.model_copy(update={"window": at_screening(span)})


def _dated(draft: Draft, sentence: Sentence, cue: Phrase) -> Draft:
    """The parts of the cue's clause, each `has` or count dated at screening."""
    view = sentence.view
    start, end = (
        view.clause_start(cue.start(), sentence.start),
        view.clause_end(cue.end(), sentence.end),
    )
    obligation = _OBLIGATION.search(
        view.text, cue.end(), end
    )  # "patients receiving X must have Y": Y is not dated
    end = obligation.start() if obligation is not None else end
    result = []
    for part in draft.parts:
        subject = _OBLIGATION.search(view.text, part.end, cue.start()) is not None
        inside = part.entity and start <= part.start < end and not subject
        found = _dateable(part.expr) if inside else None
        if found is not None and found.window is None:
            dated = found.model_copy(update={"window": at_screening(cue.span())})
            part = replace(part, expr=with_polarity(part.expr, dated))
        result.append(part)
    return replace(draft, parts=tuple(result))
