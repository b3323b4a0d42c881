"""`eligo_endpoints`: outcome measures, cut into title, description and time frame.

In the ClinicalTrials.gov record layout a line of measures is joined by `|` and
each measure is `title, description, time frame`, any part but the title
possibly missing. Descriptions and time frames hold commas too ("1 hour Before
infusion on Cycle 1 Day1, Cycle 2 Day1, ..."), so a measure is cut by meaning:

* the time frame is read from the end: the last field when it speaks of time,
  grown leftwards while its first field is the continuation of a list or
  clause ("Cycle 2 Day1", "week 12", "whichever comes first", "an average of
  1 year") and the field before it reads as time too and does not end a
  sentence;
* the title is read from the start: the first field, grown by short fields
  that continue its noun phrase ("Rating of Good, Excellent, Or Cleared");
* the description is what lies between.

The abbreviation is the parenthesised one ending the title ("Objective
Response Rate (ORR)" → ORR; "(RECIST 1.1)" is not one). Following the spec, an
abbreviation attached otherwise ("Treatment-related Adverse Event-TRAE") is not
parenthesised, so it stays in the name and `abbreviation` is null.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import Endpoint
from eligo.parser.doc import sections_of
from eligo.parser.timeframes import ends_with_time_point, is_time_point, mentions_time, normalise_time_frame, starts_time_frame

KINDS = {"primary_outcomes": "primary", "secondary_outcomes": "secondary"}

_FIELD = re.compile(r",\s+")
_MEASURE = re.compile(r"[^|\n]+")
_ABBREVIATION = re.compile(r"\((?P<abbr>[^()\s]{2,15})\)$")
_SENTENCE_END = re.compile(r"[.。!?]$")
_CLAUSE = re.compile(r"[a-z(]")
_DESCRIPTION_START = re.compile(
    r"(?:the|a|an|this|these|to|defined|measured|assessed|evaluated|will|number|percentage|proportion|incidence|time|"
    r"mean|median|change|total|participants|patients|subjects|rate|determine|evaluate|assess|estimate|as|in|for|by|using|per)\b",
    re.I,
)
_TITLE_FIELD_WORDS = 5
_TIME_FIELD_CHARS = 160


def split_title(title: str) -> tuple[str, str | None]:
    """Name and abbreviation of a title: "Objective Response Rate (ORR)" → ("Objective Response Rate", "ORR")."""
    stripped = title.rstrip()
    match = _ABBREVIATION.search(stripped)
    if match is None:
        return title, None
    abbreviation = match.group("abbr")
    name = stripped[: match.start()].rstrip()
    if not name or not _is_abbreviation(abbreviation, name):
        return title, None
    return name, abbreviation


def _is_abbreviation(abbreviation: str, name: str) -> bool:
    """Two capitals or more, starting with a letter some word of the name starts with."""
    if sum(c.isupper() for c in abbreviation) < 2 or not abbreviation[0].isalpha():
        return False
    initials = {word[0].lower() for word in re.findall(r"[^\W\d_]+", name)}
    return abbreviation[0].lower() in initials


def _fields(measure: str) -> list[tuple[int, int]]:
    """[start, end) of each comma-separated field of a measure."""
    bounds, position = [], 0
    for match in _FIELD.finditer(measure):
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(measure)))
    return bounds


def _time_frame_start(texts: list[str]) -> int | None:
    """The index of the field where the time frame starts, or None when there is none."""
    last = len(texts) - 1
    if last == 0 or not mentions_time(texts[last]):
        return None
    start = last
    while start > 1 and _joins(texts[start].strip(), texts[start - 1].strip()):
        start -= 1
    return start


def _joins(head: str, before: str) -> bool:
    """Whether `before` belongs to the time frame that `head` now starts.

    Only a head that continues something can take the field before it: a
    clause in lower case ("and 30 days after ...", "whichever comes first"), a
    time point of a list ("Cycle 2 Day1", "Week 12") or a number of a list
    ("3", "2 years"), whose field before must then end in a number too.
    """
    if len(before) > _TIME_FIELD_CHARS or _SENTENCE_END.search(before):
        return False
    time_like = is_time_point(before) or (mentions_time(before) and (starts_time_frame(before) or _CLAUSE.match(before) is not None))
    if _CLAUSE.match(head) or (is_time_point(head) and not head[0].isdigit()):
        return time_like
    if head[0].isdigit() and is_time_point(head):
        return is_time_point(before) or (time_like and ends_with_time_point(before))
    return False


def _title_end(texts: list[str], limit: int) -> int:
    """How many leading fields (at least one, fewer than `limit`) make the title."""
    end = 1
    while end < limit and _continues_title(texts[end - 1], texts[end]):
        end += 1
    return end


def _continues_title(title: str, field: str) -> bool:
    field = field.strip()
    if not field or len(field.split()) > _TITLE_FIELD_WORDS or title.rstrip()[-1:] in ").:;" or _DESCRIPTION_START.match(field):
        return False
    if field[0].islower():
        return True
    words = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 > len(words)


def split_measure(measure: str) -> tuple[tuple[int, int], tuple[int, int] | None, tuple[int, int] | None]:
    """Offsets in `measure` of its title, description and time frame (None when absent)."""
    bounds = _fields(measure)
    texts = [measure[a:b] for a, b in bounds]
    frame = _time_frame_start(texts)
    body = len(texts) if frame is None else frame
    title_end = _title_end(texts, body)
    title = (bounds[0][0], bounds[title_end - 1][1])
    description = (bounds[title_end][0], bounds[body - 1][1]) if title_end < body else None
    time_frame = (bounds[frame][0], bounds[-1][1]) if frame is not None else None
    return title, description, time_frame


def find_endpoints(text: str, start: int, end: int, kind: str) -> list[Endpoint]:
    """The endpoints of the measures in `text[start:end]` (joined by `|` or one a line)."""
    found = []
    for match in _MEASURE.finditer(text, start, end):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        offset = match.start() + (len(raw) - len(raw.lstrip()))
        title, _, frame = split_measure(stripped)
        name, abbreviation = split_title(stripped[title[0] : title[1]])
        found.append(
            Endpoint(
                span=(offset, offset + len(stripped)),
                text=stripped,
                kind=kind,
                name=name,
                abbreviation=abbreviation,
                time_frame=normalise_time_frame(stripped[frame[0] : frame[1]]) if frame else None,
            )
        )
    return found


@Language.factory("eligo_endpoints")
def make_endpoints(nlp: Language, name: str):
    def endpoints(doc: Doc) -> Doc:
        found = []
        for section in sections_of(doc, *KINDS):
            found.extend(find_endpoints(doc.text, section.start, section.end, KINDS[section.kind]))
        doc._.endpoints = found
        return doc

    return endpoints
