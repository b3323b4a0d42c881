"""Time frames of outcome measures: recognised in running text, normalised when one duration.

Two jobs share one vocabulary (`data/time_frames.jsonl`):

* recognising the comma-separated fields of an outcome measure that read as a
  time frame ("Up to 24 months", "Baseline", "Cycle 2 Day1", "whichever comes
  first"), which is how `endpoints.py` cuts a measure by meaning;
* normalising a time frame that is a single duration into `op`, `value`,
  `unit`, `anchor` (`eligo-gold/1` `time_frame`).

Normalisation follows the gold format's "Time frames" (CT.gov defines the
field as the time point at which the outcome is assessed):

* a bare duration or time point, with or without an anchor ("18 months",
  "6 months after the last dose", "Week 56", "At 2 years") is `=` N;
* a bound ("Up to / until / within / through N unit [after X]", "Baseline to
  Week 12") is `<=` N, anchor X (or the start of the range); "at least N" is
  `>=` N;
* a single time point with a fallback ("Week 24 or early termination", "Day
  28 or at discontinuation", "1 year or latest follow-up") is that time point:
  whatever follows "or" and names no time is a fallback;
* a range from the study's first day or week ("Day 1 to Day 28", "Week 0
  through Week 12") is `<=` its end, with no anchor;
* CT.gov's "Time Frame:" label and a bracket the rendering left unclosed are
  not part of the frame ("From the baseline assessment to 8 weeks]");
* anything else (a schedule of two or more time points, "Baseline, week 12",
  "Day 1 and Day 29", "Baseline and weekly to 35 days", a range of values "5
  to 10 years", compound or conditional frames) keeps only its text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, get_args

from eligo.annotations import TimeFrameItem
from eligo.datafiles import named_word_lists, patterns
from eligo.parser.quantities import NUMBER_WORDS
from eligo.phrases import alternation
from eligo.units import ucum_code

Role = Literal[
    "start",
    "point",
    "landmark",
    "word",
    "bound",
    "span_to",
    "link",
    "approximately",
    "verb",
    "point_lead",
    "label",
    "schedule",
    "floor",
    "fallback",
]
TIME_UNITS = frozenset({"a", "mo", "wk", "d", "h", "min"})
_MAX_NORMALISED = 200
_COMPOUND = {("a", "mo"): 12, ("wk", "d"): 7, ("d", "h"): 24, ("h", "min"): 60}
_GLOSS = re.compile(r"\s*\([^()]{0,60}\)$")  # "2 years after infusion (Day 1)": a trailing gloss
_ANCHOR_LEAD = re.compile(
    r"^(?:(?:from|after|since|following|post|the|a|an)\b\s*)+"
)  # longer frames are never one duration; also bounds the regex work

_NUMBER_WORDS = alternation(w for w in NUMBER_WORDS if " " not in w)
_NUMBER = rf"(?:\d{{1,4}}(?:\.\d{{1,3}})?|(?:{_NUMBER_WORDS})\b)"
_UNIT = (
    r"(?:years?|yrs?|months?|mos?|mths?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|[ywdh])"
    r"(?![a-z])"
)
_POINT_UNIT = r"(?:year|month|week|day|hour)"
_CUES = patterns("eligo.parser.data", "time_frame_cues.jsonl")


def _sources(words: dict[str, str]) -> dict[str, str]:
    """The few patterns the module needs, by name, from the alternation of each role's words."""
    number_list = (
        rf"{_NUMBER}(?:\s{{0,3}}-?\s{{0,3}}{_UNIT})?(?:\s*(?:and|or|&)\s*{_NUMBER}"
        rf"(?:\s{{0,3}}{_UNIT})?)?\s*$"
    )
    amount = (
        rf"(?:(?:{words['approximately']})\s*)?(?:(?P<point>{_POINT_UNIT})s?\s{{0,3}}\+?(?P<pvalue>{_NUMBER})"
        rf"|(?P<value>{_NUMBER})\s{{0,3}}-?\s{{0,3}}(?P<unit>{_UNIT})(?:,?\s{{1,3}}(?:and\s+)?(?P<value2>{_NUMBER})\s{{0,3}}(?P<unit2>{_UNIT}))?)"
    )
    anchor = (
        rf"(?:\s+(?:{words['link']})|\s*-\s*post|\s+post\s*-)\s*-?\s*(?P<anchor>[^,;()|"
        rf"]{{1,80}}?)"
    )
    return {
        "start": rf"(?:(?:{words['start']})(?![a-z])|{_NUMBER}|[dwc]\d)",
        "lead_number": rf"(?:{words['point_lead']}|{words['bound']})\s+{_NUMBER}",
        "point": (
            rf"(?:(?:{words['point']})s?\s{{0,3}}-?\s{{0,3}}\d|(?:{words['landmark']})(?:\s*\([^()]{{0,40}}\))?\s*$|{number_list})"
        ),
        "word": rf"(?<![a-z])(?:{words['word']})(?![a-z])",
        "bounded": (
            rf"(?:(?:from\s+)?(?P<start>[^,;()|]{{1,80}}?)\s+)??(?:(?:{words['verb']})\s+)?(?:(?P<floor>{words['floor']})|{words['bound']}|{words['span_to']})\s*{amount}(?:{anchor})?"
        ),
        "overall": (
            rf"[,;(]\s*(?:(?:{words['verb']})\s+)?(?:(?P<at>at)|{words['bound']})\s*{amount}\s*\)?$"
        ),
        "event_range": (
            r"(?:[^,;()|]{0,80}?\sfrom\s+)?(?P<anchor>[^,;()|]{1,80}?)\s+(?:up\s+to|to|until|till|through)\s"
        ),
        "fallback": rf"\s*,?\s+or\s+(?:{words['fallback']})\b[^0-9]{{0,60}}$",
        "label": rf"(?:{words['label']})\s*:?\s*",
        "not_range_start": (
            rf"(?:.*?(?<![\w.]){_NUMBER}$|(?:{words['verb']})(?![a-z])|.*?(?<![a-z])(?:{words['schedule']})(?![a-z]))"
        ),
        "pointed": (
            rf"(?:(?P<lead>{words['point_lead']}|(?:{words['verb']})\s+(?:{words['point_lead']}))\s+)?{amount}(?:{anchor})?"
        ),
    }


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """The patterns of `_sources`, compiled case-insensitive once."""
    vocabulary = named_word_lists("eligo.parser.data", "time_frames.jsonl", get_args(Role))
    words = {
        role: alternation(p for entry in entries for p in entry.phrases)
        for role, entries in vocabulary.items()
    }
    return {name: re.compile(source, re.I) for name, source in _sources(words).items()}


def starts_time_frame(field: str) -> bool:
    """Whether a field begins like a time frame ("Up to ...", "Baseline", "6 months", "Cycle 1 Day
    1")."""
    return _patterns()["start"].match(field.strip()) is not None


def starts_with_lead_number(field: str) -> bool:
    """Whether a field opens with a lead word and a number, the first item of a list ("At 1, and 2
    years")."""
    return _patterns()["lead_number"].match(field.strip()) is not None


def has_time_word(field: str) -> bool:
    """Whether a field holds a word about time ("week", "baseline", "until", "infusion")."""
    return _patterns()["word"].search(field) is not None


def mentions_time(field: str) -> bool:
    """Whether a field says anything about time (a number or a time word)."""
    return has_time_word(field) or any(c.isdigit() for c in field)


def is_time_point(field: str) -> bool:
    """A bare time point or duration, an item of a list of them ("Week 12", "Cycle 2 Day1", "1
    year", "3")."""
    return _patterns()["point"].match(field.strip()) is not None


def _number(text: str) -> int | float:
    text = text.lower()
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    return float(text) if "." in text else int(text)


def _amount(match: re.Match) -> tuple[int | float, str] | None:
    """The duration a match names, a compound one ("3 years 5 months") in its smaller unit."""
    if match.group("point"):
        value, unit = _number(match.group("pvalue")), ucum_code(match.group("point"))
    else:
        value, unit = _number(match.group("value")), ucum_code(match.group("unit"))
    if match.groupdict().get("value2"):
        smaller = ucum_code(match.group("unit2"))
        factor = _COMPOUND.get((unit, smaller)) if unit and smaller else None
        if factor is None:
            return None
        value, unit = value * factor + _number(match.group("value2")), smaller
    return (value, unit) if unit in TIME_UNITS else None


def _anchor(text: str | None) -> str | None:
    if not text:
        return None
    anchor = _ANCHOR_LEAD.sub("", text.strip().lower())
    return anchor or None


def _unlabelled(body: str) -> str:
    """The frame without CT.gov's "Time Frame:" label and a closing bracket left unmatched
    by the rendering ("From the baseline assessment to 8 weeks]")."""
    label = _patterns()["label"].match(body)
    if label is not None:
        body = body[label.end() :]
    if body.endswith((")", "]")) and body.count(body[-1]) > body.count(
        "(" if body[-1] == ")" else "["
    ):
        body = body[:-1].rstrip().rstrip(".")
    return body


def _is_range_start(start: str) -> bool:
    """Whether the start of "X to N" is the event the range runs from ("Baseline", "transplant").

    A duration or time point of its own ("30 days after ..."), a bound ("up
    to"), a number ending it ("5 to 10 years", "Confirmed 4 to 8 weeks" are
    ranges of values), a verb ("assessed ... to") or a schedule ("Baseline and
    weekly to 35 days") is not.
    """
    if (
        mentions_time_amount(start)
        or _POINT_NUMBER.search(start)
        or start.lower().startswith(("up", "until", "within"))
    ):
        return False
    return _patterns()["not_range_start"].match(start) is None


def normalise_time_frame(text: str) -> TimeFrameItem:
    """The `time_frame` of a frame as written: `op`/`value`/`unit`/`anchor` when it is one
    duration."""
    patterns = _patterns()
    body = _unlabelled(text.strip().rstrip(".").strip())
    overall = _overall_bound(body)
    if overall is not None:
        return overall.model_copy(update={"text": text})
    body = _GLOSS.sub("", _CUES["tolerance"].sub("", body))
    if len(body) > _MAX_NORMALISED:
        return TimeFrameItem(text=text)
    body = _without_fallback(body)
    match = patterns["bounded"].fullmatch(body)
    if match is not None:
        start = match.group("start")
        if start and _CUES["origin"].match(start.strip()) and not match.group("floor"):
            start = None  # "Day 1 to Day 28": from the study's first day, a bound on the end
        elif start and (match.group("floor") or not _is_range_start(start)):
            return TimeFrameItem(text=text)
        if start:
            start = _CUES["range_lead"].sub("", start)  # "Change from baseline to ..."
        op, anchor = ">=" if match.group("floor") else "<=", match.group("anchor") or start
    else:
        match = patterns["pointed"].fullmatch(body)
        if match is None:
            return TimeFrameItem(text=text)
        op, anchor = "=", match.group("anchor")
    amount = _amount(match)
    if amount is None:
        return TimeFrameItem(text=text)
    value, unit = amount
    return TimeFrameItem(text=text, op=op, value=value, unit=unit, anchor=_anchor(anchor))


def _without_fallback(body: str) -> str:
    """The frame without a fallback that names no time: "Week 24 or early termination" (a
    fallback of `data/time_frames.jsonl`), and any "or ..." naming no time after a time
    ("1 year or latest available follow-up"), are the time point; "Week 12 or Week 24", "2 weeks
    or one month" are two points, and "or" inside an anchor ("after A or B infusion") is not a
    fallback."""
    listed = _patterns()["fallback"].search(body)
    if listed is not None:
        return body[: listed.start()]
    other = _CUES["or_tail"].search(body)
    if (
        other is None
        or _CUES["timed"].search(other.group("tail"))
        or not _CUES["time_end"].search(body, 0, other.start())
    ):
        return body
    return body[: other.start()]


def _overall_bound(body: str) -> TimeFrameItem | None:
    """A frame from an event to another, closed by an overall bound: "From the start of
    treatment until progression or death, whichever occurs first, assessed up to 3 years"
    is `<=` 3 years from the start of treatment (CT.gov's own template); closed by a time
    point ("Start of therapy to death, assessed at 2 years") it is `=` that point."""
    patterns = _patterns()
    tail = max(0, len(body) - _TAIL_CHARS)
    bound = patterns["overall"].search(body, tail)
    lead = patterns["event_range"].match(body[:_MAX_NORMALISED])
    if (
        bound is None
        or lead is None
        or lead.end() > bound.start()
        or not _is_range_start(lead.group("anchor"))
    ):
        return None
    amount = _amount(bound)
    if amount is None:
        return None
    return TimeFrameItem(
        text="",
        op="=" if bound.group("at") else "<=",
        value=amount[0],
        unit=amount[1],
        anchor=_anchor(lead.group("anchor")),
    )


_TAIL_CHARS = 80
_POINT_NUMBER = re.compile(rf"\b(?:{_POINT_UNIT}|cycle|visit)s?\s{{0,3}}[+-]?\d", re.I)
_AMOUNT = re.compile(rf"{_NUMBER}\s{{0,3}}-?\s{{0,3}}{_UNIT}", re.I)
_ENDING_POINT = re.compile(
    rf"(?:(?:(?<![a-z])(?:{_POINT_UNIT}|cycle|visit|course|block|time)s?|{_NUMBER}\s{{0,3}}-?\s{{0,3}}{_UNIT}|\b(?:and|at|to))\s{{0,3}}\d{{1,4}}|\d\s{{0,3}}-?\s{{0,3}}{_UNIT})$",
    re.I,
)


def mentions_time_amount(text: str) -> bool:
    """Whether a text holds a number with a time unit ("30 days")."""
    return _AMOUNT.search(text) is not None


def ends_with_time_point(text: str) -> bool:
    """Whether a text ends with a time point ("... at Baseline, Month 1", "Day 8"), so a list of
    numbers may go on."""
    return _ENDING_POINT.search(text.strip()[-40:]) is not None
