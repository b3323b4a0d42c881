"""`eligo_endpoints`: outcome measures, cut into title, description and time frame.

In the ClinicalTrials.gov record layout a field of measures is joined by `|`
(a field keeps its paragraphs and `* ` lists, so a line break alone does not
end a measure) and each measure is `title, description, time frame`, any part
but the title possibly missing. Descriptions and time frames hold commas too
("1 hour Before infusion on Cycle 1 Day1, Cycle 2 Day1, ..."), so a measure is
cut by meaning:

* the time frame is read from the end: the last field when it speaks of time,
  grown leftwards while its first field is the continuation of a list or
  clause ("Cycle 2 Day1", "week 12", "whichever comes first", "an average of
  1 year") and the field before it reads as time too and does not end a
  sentence;
* the title is read from the start: the first field, grown by short fields
  that continue its noun phrase ("Rating of Good, Excellent, Or Cleared");
* the description is what lies between.

The abbreviation is the parenthesised one ending the title ("Objective
Response Rate (ORR)" → ORR; "(RECIST 1.1)" is not one; a conventional symbol
such as "(Cmax)" is). Following the spec, an abbreviation attached otherwise
("Treatment-related Adverse Event-TRAE") is not parenthesised, so it stays in
the name and `abbreviation` is null.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import EndpointItem
from eligo.datafiles import patterns, words
from eligo.parser.doc import sections_of, text_of
from eligo.parser.records import field_bounds
from eligo.parser.timeframes import (
    ends_with_time_point,
    has_time_word,
    is_time_point,
    mentions_time,
    normalise_time_frame,
    starts_time_frame,
    starts_with_lead_number,
)

KINDS = {"primary_outcomes": "primary", "secondary_outcomes": "secondary"}

_CUE = patterns("eligo.parser.data", "endpoint_cues.jsonl")
_BRACKET_CHARS = 200
_TITLE_FIELD_WORDS = 5
_TIME_FIELD_CHARS = 160


def split_title(title: str) -> tuple[str, str | None]:
    """Name and abbreviation of a title: "Objective Response Rate (ORR)" → ("Objective Response
    Rate", "ORR")."""
    stripped = title.rstrip()
    match = _CUE["abbreviation"].search(stripped)
    if match is None:
        return title, None
    abbreviation = match.group("abbr")
    name = stripped[: match.start()].rstrip()
    if not name or not _is_abbreviation(abbreviation, name):
        return title, None
    return name, abbreviation


@lru_cache(maxsize=1)
def _symbols() -> frozenset[str]:
    """Conventional symbols written in an outcome title as its abbreviation ("Maximum Concentration
    (Cmax)")."""
    return frozenset(
        symbol.casefold()
        for symbol in words("eligo.parser.data", "endpoint_symbols", "endpoint_symbols.jsonl")
    )


def _is_abbreviation(abbreviation: str, name: str) -> bool:
    """A conventional symbol (`data/endpoint_symbols.jsonl`: "Cmax", "tmax", whose letters
    are not the name's initials), or two capitals or more whose letters spell out the
    name; a list of them ("PR + CR", "CR/CRi") or one with words after it ("QLQ-C30 Items"),
    with no number among them ("RECIST 1.1" is a version)."""
    if abbreviation.casefold() in _symbols():  # before the lists: "CL/F" is one symbol
        return True
    first, *rest = abbreviation.replace("+", " + ").replace("/", " / ").split()
    if rest:
        if not all(_CUE["abbreviation_rest"].fullmatch(word) for word in rest):
            return False
        parts = [p for p in _CUE["abbreviation_join"].split(abbreviation) if p.strip()]
        if len(parts) > 1:  # "PR + CR": each part is an abbreviation of its own, not of the name
            return all(_capitals(part.strip()) and " " not in part.strip() for part in parts)
        return _capitals(first) and first[0].casefold() in _initial_letters(name)
    return _capitals(abbreviation) and (
        _abbreviates(abbreviation, name) or _initials(abbreviation, name)
    )


def _initials(short: str, long: str) -> bool:
    """Whether the short form's capitals are all initials of the long form's words, in any
    order ("CRp" of "Partial Complete Remission", "CRc" of "Composite remission rate")."""
    return not Counter(c.casefold() for c in short if c.isupper()) - Counter(_initial_letters(long))


def _initial_letters(text: str) -> list[str]:
    return [word[0].casefold() for word in re.findall(r"[^\W\d_]+", text)]


def _abbreviates(short: str, long: str) -> bool:
    """Schwartz & Hearst's test (2003), on letters: each letter of the short form is found in
    the long form, right to left and in order, the first at the start of a word ("DoR" of
    "Duration of response"; not "RCT" of "... criteria and requiring prednisone")."""
    letters = [c.casefold() for c in short if c.isalpha()]
    position = len(long)
    for index in range(len(letters) - 1, -1, -1):
        position -= 1
        while position >= 0 and (
            long[position].casefold() != letters[index]
            or (index == 0 and position > 0 and long[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
    return True


def _capitals(word: str) -> bool:
    """Two capitals or more, starting with a letter ("ORR", "QLQ-C30")."""
    return sum(c.isupper() for c in word) >= 2 and word[0].isalpha()


def _fields(measure: str) -> list[tuple[int, int]]:
    """[start, end) of each comma-separated field of a measure; commas inside brackets do not
    cut."""
    bounds, position = [], 0
    guarded, index = _bracketed(measure), 0
    for match in _CUE["field"].finditer(measure):
        while index < len(guarded) and guarded[index][1] < match.start():
            index += 1
        if index == len(guarded) or not guarded[index][0] < match.start():
            bounds.append((position, match.start()))
            position = match.end()
    bounds.append((position, len(measure)))
    return bounds


def _bracketed(measure: str) -> list[tuple[int, int]]:
    """Closed bracket pairs of at most `_BRACKET_CHARS`, outermost, in order; an unclosed bracket
    guards nothing."""
    pairs, stack = [], []
    for match in _CUE["bracket"].finditer(measure):
        if match.group() in "([":
            stack.append(match.start())
        elif stack:
            start = stack.pop()
            if not stack and match.start() - start <= _BRACKET_CHARS:
                pairs.append((start, match.start()))
    return pairs


def _kind(field: str) -> str:
    """A field's part in a time frame: a point of a list (P), a lower-case continuation (C),
    a time frame's own start (S), or anything else (X)."""
    if is_time_point(field):
        return "P"
    if _CUE["clause"].match(field):
        return "C"
    if starts_time_frame(field) and (has_time_word(field) or starts_with_lead_number(field)):
        return "S"
    return "X"


def _time_frame_start(texts: list[str]) -> int | None:
    """The index of the field where the time frame starts, or None when there is none.

    The frame is grown leftwards from the last field while its first field
    depends on the one before: a lower-case continuation ("and 30 days after
    ...", "whichever comes first") or a time point of a list ("Cycle 2 Day1")
    takes any field that reads as time and does not end a sentence; a number
    ("3", "2 years") takes only a field ending in a time point. A frame may not
    start with a bare continuation ("or last follow-up"), so one grown from
    such a run is cut back to its first field that can start a frame.
    """
    fields = [t.strip() for t in texts]
    last = len(fields) - 1
    if last == 0 or not (mentions_time(fields[last]) or starts_time_frame(fields[last])):
        return None
    start = last
    while start > 1 and _joins(fields[start], fields[start - 1], fields[start - 2]):
        start -= 1
    while start < last and not _can_start(fields[start], fields[start - 1]):
        start += 1
    return start


def _joins(head: str, before: str, earlier: str) -> bool:
    """Whether `before` belongs to the time frame that `head` now starts; `earlier` is the
    field before it. A continuation ("assessed up to 28 days") also takes a field that
    speaks of time and opens a sentence ("Number of days from enrollment to death")."""
    if len(before) > _TIME_FIELD_CHARS or _CUE["sentence_end"].search(before):
        return False
    if head[:1].isdigit():
        return _kind(before) == "P" or (
            ends_with_time_point(before) and (starts_time_frame(before) or _kind(before) != "X")
        )
    if _kind(head) not in "PC":
        return False
    return _kind(before) != "X" or (_kind(head) == "C" and _time_sentence(before, earlier))


def _can_start(field: str, before: str) -> bool:
    """Whether a time frame may start with this field (not with "or last follow-up"): one
    starting like a frame, or a sentence about time after a sentence ("Number of days ...")."""
    return (
        _kind(field) == "P"
        or (starts_time_frame(field) and mentions_time(field))
        or _time_sentence(field, before)
    )


def _time_sentence(field: str, before: str) -> bool:
    """A one-line sentence about time opening after a sentence's end ("Will be summarized.,
    Number of days from enrollment to death")."""
    return (
        field[:1].isupper()
        and "\n" not in field
        and has_time_word(field)
        and _CUE["sentence_end"].search(before) is not None
    )


def _title_end(texts: list[str], limit: int) -> int:
    """How many leading fields (at least one, fewer than `limit`) make the title."""
    end = 1
    while end < limit:
        if _continues_title(texts[end - 1], texts[end]):
            end += 1
            continue
        close = _list_close(texts, end, limit)
        if close is None:
            break
        end = close + 1
    return end


def _continues_title(title: str, field: str) -> bool:
    """A field that goes on with the title: Title Case after a Title Case title, a short
    lower-case item ("Internalizing, externalizing, school outcomes", a parenthesis not
    counted), or the lower-case "and ..." / "or ..." that closes a list begun in it.

    A title is one line and ends at its abbreviation ("Relapse (REL), Key Measure"; a list of
    abbreviated names is `_list_close`'s); a field opening like a description ("Defined as Common
    Terminology Criteria ...") or restating the title ("Relapse, Cumulative incidence of relapse")
    starts the description whatever its case.
    """
    field = field.strip()
    if (
        not field[:1].isalnum()
        or "\n" in field
        or _CUE["sentence_end"].search(title.rstrip())
        or _CUE["predicate"].search(field)
    ):
        return False
    if _CUE["description_start"].match(field):
        return False
    if _abbreviated(title) or _restates(title, field):
        return False
    if _title_case(field) and _title_case(title):
        return True
    if not field[0].islower() or title.rstrip()[-1:] in "):;":
        return False
    return (
        _CUE["list_close"].match(field) is not None
        or len(_CUE["bracketed"].sub(" ", field).split()) <= _TITLE_FIELD_WORDS
    )


def _abbreviated(text: str) -> bool:
    return split_title(text)[1] is not None


def _list_close(texts: list[str], start: int, limit: int) -> int | None:
    """Where a list of abbreviated names, begun by the title field before `start`, closes
    ("Complete Remission (CR), Partial Remission (PR), or Stable Disease (SD)"): the index
    of its "and ..."/"or ..." item, every item between abbreviated too; else None."""
    if not _abbreviated(texts[start - 1]):
        return None
    for index in range(start, limit):
        field = texts[index].strip()
        if not _abbreviated(field) or "\n" in field or _CUE["predicate"].search(field):
            return None
        if _CUE["list_close"].match(field):
            return index
    return None


def _restates(title: str, field: str) -> bool:
    """Whether a field names the measure again ("Relapse, Cumulative incidence of relapse";
    "... at Week 18, marrow blast in percentage"): the title's content words all among the
    field's, or the field's, two or more, all among the title's ("Almost Clear" is an item)."""
    ours, theirs = _content_words(split_title(title)[0]), _content_words(field)
    return bool(ours and theirs) and (ours <= theirs or (len(theirs) > 1 and theirs <= ours))


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[^\W_]+", text.casefold()) if w not in STOP_WORDS)


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) * 3 >= len(words) * 2


def split_measure(
    measure: str,
) -> tuple[tuple[int, int], tuple[int, int] | None, tuple[int, int] | None]:
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


def _measures(text: str, start: int, end: int) -> Iterator[re.Match]:
    """The measures of `text[start:end]`: joined by `|` within a field, a field being a
    record's outcome line with its paragraphs and `* ` lists, or one line of a list."""
    for field_start, field_end in field_bounds(text, start, end):
        yield from _CUE["measure"].finditer(text, field_start, field_end)


def find_endpoints(text: str, start: int, end: int, kind: str) -> list[EndpointItem]:
    """The endpoints of the measures in `text[start:end]` (joined by `|` or one a line)."""
    found = []
    for match in _measures(text, start, end):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        offset = match.start() + (len(raw) - len(raw.lstrip()))
        title, _, frame = split_measure(stripped)
        name, abbreviation = split_title(stripped[title[0] : title[1]])
        found.append(
            EndpointItem(
                span=(offset, offset + len(stripped)),
                text=stripped,
                kind=kind,
                name=name,
                abbreviation=abbreviation,
                time_frame=normalise_time_frame(stripped[frame[0] : frame[1]]) if frame else None,
            )
        )
    return found


@Language.factory("eligo_endpoints", requires=["doc._.sections"], assigns=["doc._.endpoints"])
def make_endpoints(nlp: Language, name: str):
    def endpoints(doc: Doc) -> Doc:
        found = []
        for section in sections_of(doc, *KINDS):
            found.extend(
                find_endpoints(text_of(doc), section.start, section.end, KINDS[section.kind])
            )
        doc._.endpoints = found
        return doc

    return endpoints
