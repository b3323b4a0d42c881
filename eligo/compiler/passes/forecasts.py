"""Pass: what a sentence expects, leaves to the investigator or asks to commit to is decided at
screening.

"expected to develop neutropenia", "the investigator does not see any further
benefit from targeted therapy", "unwilling to commit to": the parts of the
clause such a cue governs become one unresolved part, since no record holds it.
A decision about the future ("Intensification with insulin is indicated",
"surgery is planned") governs what precedes it in its clause: the treatment it
names is a plan, not a `has` of the record.

"Any elective surgery during study participation", "blood donation during the
trial": an event or a procedure whose only time is the study's own future
(`study_future`) has not happened at screening, and a past one is not it, so it
is a forecast too. A state or a use said with that time ("pregnancy during the
study", "use of X during the study") keeps its reading at screening: what holds
of it at screening is all a screening rule can check, and someone pregnant or on
X now is who the criterion means first.

"Allergic disease or reactions likely to be exacerbated by the vaccine": a
forecast written right after its head, as a relative or participial clause,
says which of the head's cases count, so it narrows the head (`has X and
unresolved`); made an alternative of it, any allergy would exclude.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eligo.compiler.logic import both, either
from eligo.compiler.parts import ENTITY_TYPES, Draft, Part, Sentence, relative, unresolved
from eligo.compiler.view import CriterionView
from eligo.datafiles import patterns, words
from eligo.grammar import ast

# "X for which surgery is planned": a relative clause's decision is about its own subject only.
# "A within 2 years OR is scheduled to undergo B": nor does it reach across a coordinator.
_RELATIVE = re.compile(r"\b(?:which|whom|who|that|or|and)\b", re.I)
# "<person> is scheduled to undergo X" looks forward: a forecast, not a decision about what precedes
# it.
_FORWARD = re.compile(r"\s+to\b", re.I)
# "preparing for or have previously undergone X": the record holds X, planned or past.
_PAST_ALTERNATIVE = re.compile(r"\s+or\s+(?:have|has|had)\b", re.I)
# "allergy likely to be exacerbated by the vaccine", "diabetes which is expected to worsen": a
# forecast right after its head, no mark or coordinator between, restricts that head; "surgery
# planned", "X scheduled for", "a candidate for": the head is itself what lies ahead, not narrowed.
_AHEAD = frozenset(words("eligo.compiler.data", "forecast_of_head"))
_LISTED = patterns("eligo.compiler.data", "join_cues.jsonl")["listed_or"]
_PLAN = patterns("eligo.compiler.data", "time_cues.jsonl")["plan_verb"]


def governed(view: CriterionView, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Forecasts ("expected to"), investigator's judgements and consents in [start, end): (start,
    end, detail, reason) each."""
    found = []
    for forecast in view.phrases("forecast", start, end):
        if not _PAST_ALTERNATIVE.match(view.text, forecast.end()):
            found.append(
                (
                    forecast.start(),
                    forecast.end(),
                    f"{forecast.text!r} asks for a forecast, which no record holds",
                    "judgement",
                )
            )
    for plan in _PLAN.finditer(view.text, start, end):  # "willing to start X": X is a plan
        found.append(
            (
                plan.start(),
                plan.end(),
                f"{plan.group(0)!r}: what is to be started or undergone is a plan, which no record"
                " holds",
                "judgement",
            )
        )
    for category, why in (
        ("judgement", "leaves it to the investigator"),
        ("consent", "is a commitment, which no record holds"),
    ):
        for cue, c_start, c_end in view.requirement_cues(category):
            if start <= c_start < end:
                found.append((c_start, c_end, f"{cue.text!r} {why}", category))
    return sorted(found)


def decided(view: CriterionView, start: int, end: int) -> list[tuple[int, int, str]]:
    """Decisions about the future ("X is indicated", "Y is planned") in [start, end): the
    clause they close, as (start, end, detail)."""
    found = []
    for cue in view.phrases("decision", start, end):
        first = view.clause_start(cue.start(), start)
        relative = list(_RELATIVE.finditer(view.text, first, cue.start()))
        first = relative[-1].end() if relative else first
        said = view.text[first : cue.start()]
        subject = said.strip(" ,;:()")
        lead = first + len(said) - len(said.lstrip(" ,;:()"))
        if _FORWARD.match(view.text, cue.end()) and (
            not subject or view.phrase_at("person", lead, lead + len(subject))
        ):
            continue  # "(Patient) is scheduled to undergo X": a forecast of the person, not a plan
            # of what precedes; "Intensification with insulin is indicated to achieve ..." is one
        detail = f"{cue.text!r} states a clinical decision, which no record holds"
        found.append((first, cue.end(), detail))
    return found


def _happens(view: CriterionView, part: Part) -> bool:
    """Whether a part names only events and procedures, what happens on a day (not a state or a
    use that goes on)."""
    named = view.mentions(part.start, part.end, ENTITY_TYPES)
    return bool(named) and all(mention.type in {"procedure", "event"} for mention, *_ in named)


def _foreseen(parts: list[Part], sentence: Sentence) -> list[Part]:
    """Events and procedures whose only time is the study's own future ("surgery during the study"):
    one unresolved forecast each such clause."""
    view = sentence.view
    for cue in view.phrases("study_future", sentence.start, sentence.end):
        first = view.clause_start(cue.start(), sentence.start)
        # "ongoing dialysis or dialysis planned during the study": the time is its own conjunct's
        joined = view.phrases("coordinator", first, cue.start())
        first = joined[-1].end() if joined else first
        stop = view.clause_end(cue.end(), sentence.end)
        if any(first <= w_start < stop for _, w_start, _ in sentence.windows):
            continue  # "within 4 weeks before or during the study": the record holds a past part
        inside = [
            p for p in parts if p.entity and first <= p.start < cue.start() and _happens(view, p)
        ]
        if inside:
            detail = f"{cue.text!r}: what is to happen in the study's own future is a forecast,"
            detail += " which no record holds"
            # "'elective surgery' is not compiled": what the event's words left is the forecast's
            inside += [
                p
                for p in parts
                if not p.entity
                and isinstance(p.expr, ast.Unresolved)
                and first <= p.start < cue.start()
            ]
            begin = min(p.start for p in inside)
            cued = Part(begin, cue.end(), unresolved("judgement", detail, (begin, cue.end())), True)
            parts = [p for p in parts if p not in inside] + [cued]
    return parts


def _head(view: CriterionView, parts: list[Part], cue: tuple[int, int], floor: int) -> Part | None:
    """The part a forecast restricts, as a relative or participial clause after it ("X
    likely to be exacerbated by ...", "X that is expected to ..."), or None."""
    said = view.phrase_at("forecast", cue[0])
    if said is not None and said.text.lower() in _AHEAD:
        return None
    first = view.clause_start(cue[0], floor)
    before = [p for p in parts if p.entity and first <= p.start and p.end <= cue[0]]
    head = max(before, key=lambda p: p.end, default=None)
    if head is None or view.marks(head.end, cue[0]) or view.ending("coordinator", head.end, cue[0]):
        return None
    # "pregnant or nursing women or women intending to", "a patient that is likely to": the
    # forecast is of a person, not of the concept before
    return None if view.phrase("person", head.end, cue[0]) else head


def forecasts(draft: Draft, sentence: Sentence) -> Draft:
    view, start = sentence.view, sentence.start
    parts = _foreseen(list(draft.parts), sentence)
    for g_start, g_end, detail, reason in governed(view, start, sentence.end):
        stop = view.clause_end(g_end, sentence.end)
        inside = [
            p
            for p in parts
            if g_start <= p.start < stop or (g_start - start <= 2 and p.start < stop)
        ]
        head = _head(view, parts, (g_start, g_end), start) if "forecast" in detail else None
        if head is not None:
            # the head and what the forecast says of it: one part, the head and-ed with the forecast
            said = [relative(w, view.base)[1] for w in view.facts.words]
            end = max([g_end, *(p.end for p in inside), *(e for e in said if e <= stop)])
            forecast = unresolved(reason, detail, (g_start, end))
            parts = [p for p in parts if p not in inside and p is not head]
            parts.append(Part(head.start, end, both(head.expr, forecast), entity=True))
        elif inside:
            first = min(g_start, *(p.start for p in inside))
            cued = Part(first, max(p.end for p in inside), unresolved(reason, detail), entity=True)
            parts = [p for p in parts if p not in inside] + [cued]
        elif (
            ("forecast" in detail or "a plan" in detail)
            and view.mentions(g_end, stop, ENTITY_TYPES)
            and not any(p.start <= g_start < p.end for p in parts)
        ):
            # "X within 3 months or who will have X during the study": the forecast's mention was
            # taken into the first one; the forecast stays, as an unresolved part of its own
            parts.append(Part(g_start, g_end, unresolved(reason, detail), entity=True))
        elif "forecast" in detail and _LISTED.search(view.text, start, g_start):
            # "pregnant, lactating, or considering pregnancy": the forecast's mention was taken into
            # the list holding it; the forecast is one more alternative of that list
            parts = [
                Part(p.start, p.end, either(p.expr, unresolved(reason, detail)), p.entity)
                if p.start <= g_start < p.end
                else p
                for p in parts
            ]
    for d_start, d_end, detail in decided(view, start, sentence.end):
        inside = [p for p in parts if d_start <= p.start < d_end]
        if inside:
            plan = unresolved("judgement", detail, (d_start, d_end))
            cued = Part(min(p.start for p in inside), d_end, plan, entity=True)
            parts = [p for p in parts if p not in inside] + [cued]
    return replace(draft, parts=tuple(parts))
