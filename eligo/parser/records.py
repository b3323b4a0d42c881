"""The ClinicalTrials.gov record layout: title, summary, conditions, interventions, outcome fields.

Why a module: a record has no headings, so its sections are read from the
shape of its lines (a `DRUG:`-style intervention line, a `|`-joined
conditions line, outcome fields ending with a time frame), a reading of its
own apart from the headed layouts of `sections.py`. A single line break
ends a field; paragraphs and `* ` lists stay in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eligo.parser.doc import Section, SectionKind
from eligo.parser.lines import BULLET, Line, lines_of

# CT.gov's closed vocabulary of intervention types, as the record layout writes them.
INTERVENTION = re.compile(
    r"(?:DRUG|BIOLOGICAL|DEVICE|PROCEDURE|RADIATION|BEHAVIORAL|GENETIC|DIETARY[ "
    r"_]SUPPLEMENT|COMBINATION[ _]PRODUCT|"
    r"DIAGNOSTIC[ _]TEST|OTHER):[ \t]+\S"
)
_MAX_SUMMARY_LINES = 60  # where a record's conditions line is looked for
_SENTENCE_END = re.compile(r"[.!?。:]$")
_SENTENCE_BREAK = re.compile(r"[.!?] [A-Z]")
_FIELD_ITEM = re.compile(r"[ \t]*(?:[-*•·]|\d{1,2}[.)])[ \t]")  # a list item inside a record field
# A word of time, as time frames of outcome measures use them ("Up to 24 months", "Day +100",
# "52weeks", "baseline").
_TIME_WORD = re.compile(
    r"(?:\d|\b)(?:days?|d|weeks?|wks?|w|months?|mos?|m|years?|yrs?|y|hours?|hrs?|h|minutes?|mins?)\b|"
    r"\b(?:baseline|visits?|cycles?|screening|discharge|admission|completion|enrol\w*|randomi[sz]\w*|follow|surgery|"
    r"post|pre|end of|until|up to|daily|weekly|annually|session|period|time|dose|infusion|"
    r"transplant\w*|treatment|study)\b",
    re.I,
)


def _fields(lines: list[Line], indices: list[int]) -> Iterator[list[int]]:
    """Record fields of the content lines `indices`: a single line break ends a field.

    Paragraphs (blank lines between) stay in their field, and so does a list
    item right after a line that does not end an outcome measure.
    """
    field: list[int] = []
    for index in indices:
        if field:
            previous = field[-1]
            paragraph = previous < index - 1
            item = _FIELD_ITEM.match(lines[index].text) is not None and not _ends_with_time_frame(
                lines[previous].text
            )
            if not (paragraph or item):
                yield field
                field = []
        field.append(index)
    if field:
        yield field


def field_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) of each record field in `text[start:end]`, cut as the record layout cuts them.

    A record's outcome field keeps its paragraphs and `* ` lists, while a list
    of measures one a line (under a heading) is one field a line.
    """
    lines = [
        Line(line.start + start, line.end + start, line.text) for line in lines_of(text[start:end])
    ]
    content = [index for index, line in enumerate(lines) if not line.blank]
    return [_span(lines, field) for field in _fields(lines, content)]


def _title_case(line: str) -> bool:
    """Most longer words capitalised, as CT.gov's titles and condition names are."""
    words = [word for word in line.split() if len(word) > 3 and word[0].isalpha()]
    return bool(words) and sum(word[0].isupper() for word in words) * 3 >= len(words) * 2


def _is_conditions(line: str) -> bool:
    """A conditions line: short capitalised names joined by `|`, not a sentence, not a list item."""
    if (
        len(line) > 400
        or _SENTENCE_END.search(line.rstrip())
        or BULLET.match(line)
        or not _title_case(line)
    ):
        return False
    names = line.split("|")
    return all(0 < len(name.strip()) <= 100 and len(name.split()) <= 12 for name in names)


def _ends_with_time_frame(text: str) -> bool:
    """`text` ends like an outcome measure: `, <time frame>` on its last line, short, no sentence
    break, a word of time.

    A comma inside brackets ("(... corticosteroids, and/or calcineurin
    inhibitor) within 14 days") separates no fields, so it starts no time frame.
    """
    last_line = text.rstrip().rpartition("\n")[2]
    head, comma, tail = last_line.rpartition(", ")
    return (
        bool(comma)
        and len(tail) <= 120
        and tail.count(")") <= tail.count("(")
        and _SENTENCE_BREAK.search(tail) is None
        and _TIME_WORD.search(tail) is not None
    )


def _looks_like_outcomes(text: str) -> bool:
    """A field of outcome measures: measures joined by `|`, or `title, ..., time frame`.

    A measure's title is on the field's first line, so a paragraph whose first
    line holds no `, ` is prose even when its last line ends with a time.
    """
    return "|" in text or (", " in text.partition("\n")[0] and _ends_with_time_frame(text))


def _span(lines: list[Line], indices: list[int]) -> tuple[int, int]:
    first = lines[indices[0]]
    return first.start + len(first.text) - len(first.text.lstrip()), lines[indices[-1]].end


def _field_section(kind: SectionKind, lines: list[Line], indices: list[int]) -> Section:
    """The section of kind `kind` spanning the lines `indices`."""
    start, end = _span(lines, indices)
    return Section(kind=kind, start=start, end=end)


def _text(lines: list[Line], indices: list[int]) -> str:
    return "\n".join(lines[i].text for i in indices)


def _anchors_record(lines: list[Line], content: list[int], position: int) -> bool:
    """`content[position]` is the conditions line of a record without interventions.

    The title and the line read as a record's, and the line either names
    several conditions (`|`) or is followed by an outcome field.
    """
    line = lines[content[position]].text
    if not (_is_conditions(line) and _title_case(lines[content[0]].text)):
        return False
    return "|" in line or _looks_like_outcomes(
        _text(lines, next(_fields(lines, content[position + 1 :])))
    )


def record_sections(lines: list[Line], content: list[int]) -> list[Section]:
    """Sections of the ClinicalTrials.gov record layout (no headings), or [] when it is not one.

    Intervention lines anchor the layout: conditions is the line before them,
    summary all between the title and conditions. Without them (observational
    studies), a conditions line followed by an outcome field anchors it.
    """
    listed = [position for position, i in enumerate(content) if INTERVENTION.match(lines[i].text)]
    if listed:
        first, last = listed[0], listed[-1]
        conditions = first - 1 if first >= 2 else None
        after = content[last + 1 :]
        sections = [
            Section(
                kind="interventions",
                start=lines[content[first]].start,
                end=lines[content[last]].end,
            )
        ]
    else:
        conditions = next(
            (
                p
                for p in range(2, min(len(content) - 1, _MAX_SUMMARY_LINES))
                if _anchors_record(lines, content, p)
            ),
            None,
        )
        if conditions is None:
            return []
        after = content[conditions + 1 :]
        sections = []
    summary_end = conditions if conditions is not None else (listed[0] if listed else 1)
    sections.append(Section(kind="title", start=lines[content[0]].start, end=lines[content[0]].end))
    if summary_end >= 2:
        sections.append(_field_section("summary", lines, content[1:summary_end]))
    if conditions is not None:
        sections.append(
            Section(
                kind="conditions",
                start=lines[content[conditions]].start,
                end=lines[content[conditions]].end,
            )
        )
    fields = list(_fields(lines, after))
    if fields and (listed or _looks_like_outcomes(_text(lines, fields[0]))):
        sections.append(_field_section("primary_outcomes", lines, fields[0]))
        fields.pop(0)
        if fields and _looks_like_outcomes(_text(lines, fields[0])):
            sections.append(_field_section("secondary_outcomes", lines, fields[0]))
            fields.pop(0)
    if fields:
        sections.append(
            Section(
                kind="description",
                start=_span(lines, fields[0])[0],
                end=_span(lines, fields[-1])[1],
            )
        )
    return sorted(sections, key=lambda s: s.start)
