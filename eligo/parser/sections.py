"""`eligo_sections`: the parts of a protocol file, for the layouts Eligo reads.

* Headed layouts ("Overview / Eligibility", CT.gov's "Inclusion Criteria:" with
  indented, numbered or `* ` items, "Subjects will be excluded if:"): a heading
  line matching a rule of `data/sections.jsonl` opens a section that runs to
  the next heading.
* The ClinicalTrials.gov record layout (no headings): title, summary
  paragraphs, conditions, `DRUG:`-style intervention lines, the primary and
  secondary outcome fields (measures joined by `|`), the detailed description.
  A field may hold paragraphs (blank lines) and `* ` lists; a single line
  break between two plain lines ends it.
* Bare criteria, one per line (Chia): the whole file is one inclusion or
  exclusion section, its kind given by the file name or the caller
  (`doc._.criteria_kind`), inclusion when neither says. A heading inside such
  a file opens a section from there on; the lines before it stay criteria of
  the given kind.

Headings of eligibility parts win over the record layout; a record's lay
summary may have an "Eligibility:" line of its own, so an eligibility or
overview heading alone does not make a file headed when it has intervention
lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from eligo.datafiles import load_jsonl
from eligo.parser.doc import Section, text_of

_LINE = re.compile(r"[^\n]*")
# CT.gov's closed vocabulary of intervention types, as the record layout writes them.
_INTERVENTION = re.compile(
    r"(?:DRUG|BIOLOGICAL|DEVICE|PROCEDURE|RADIATION|BEHAVIORAL|GENETIC|DIETARY[ "
    r"_]SUPPLEMENT|COMBINATION[ _]PRODUCT|"
    r"DIAGNOSTIC[ _]TEST|OTHER):[ \t]+\S"
)
_BULLET = re.compile(r"[ \t]*(?:[-*•·▪◦‣●○–—+]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])[ \t]")
_HEADING_TRIM = re.compile(r"^[\s\-*#•·=_\[【]+|[\s:#*=_\]】]+$")  # "[Exclusion Criteria]" too
_INLINE_HEADING = re.compile(
    r"[^\w\n]{0,4}((?:[A-Za-z/-]{1,30}[ \t]+){0,3}(?:inclusion|exclusion)[ "
    r"\t]+criteri(?:a|on)[^:\n]{0,40}):[ \t]*(?=\S)",
    re.I,
)
_MAX_HEADING = 200
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


class HeadingRule(BaseModel):
    """A heading line: `pattern` must match the whole line, markers and trailing `:` trimmed, lower
    case."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal[
        "overview",
        "eligibility",
        "inclusion",
        "exclusion",
        "description",
        "conditions",
        "interventions",
        "primary_outcomes",
        "secondary_outcomes",
    ]
    pattern: str
    colon: bool = (
        False  # the line must end with ':' ("Inclusion:", "Subjects will be excluded if:")
    )
    bulleted: bool = True  # a bulleted line may be this heading ("- INCLUSION CRITERIA:")


class Line:
    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def lines_of(text: str) -> list[Line]:
    """Every line with its offsets; the end excludes the line break (and a CR before it)."""
    found = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        if start == end and start > 0 and text[start - 1] != "\n":
            continue
        line = match.group().rstrip("\r")
        found.append(Line(start, start + len(line), line))
    return found


class SectionFinder:
    def __init__(self, rules: list[HeadingRule]):
        self.rules = [(rule, re.compile(rule.pattern, re.I)) for rule in rules]

    def heading(self, line: str) -> str | None:
        """The section kind a heading line opens, or None for a line of content."""
        if len(line) > _MAX_HEADING:
            return None
        name = _HEADING_TRIM.sub("", line).lower()
        if not name:
            return None
        colon = line.rstrip().endswith(":")
        bulleted = _BULLET.match(line) is not None
        for rule, pattern in self.rules:
            if (rule.colon and not colon) or (bulleted and not rule.bulleted):
                continue
            if pattern.fullmatch(name):
                return rule.kind
        return None

    def find(self, text: str, forced_kind: str | None = None) -> list[Section]:
        lines = lines_of(text)
        content = [index for index, line in enumerate(lines) if not line.blank]
        if not content:
            return []
        marks = self._marks(lines)
        kinds = {kind for kind, _, _ in marks}
        if kinds & {"inclusion", "exclusion"}:
            return _bare_lead(lines, content, marks, forced_kind) + _headed(lines, marks)
        if any(_INTERVENTION.match(lines[i].text) for i in content):
            return _record(lines, content)
        if kinds & {"eligibility", "overview"}:
            return _bare_lead(lines, content, marks, forced_kind) + _headed(lines, marks)
        if forced_kind is None:
            record = _record(lines, content)
            if record:
                return record
        return [
            Section(
                kind=forced_kind or "inclusion",
                start=lines[content[0]].start,
                end=lines[content[-1]].end,
            )
        ]

    def _marks(self, lines: list[Line]) -> list[tuple[str, int, int]]:
        """(kind, line index, body start) of every heading line."""
        marks = []
        for index, line in enumerate(lines):
            inline = _INLINE_HEADING.match(line.text)
            if inline:
                kind = (
                    "exclusion"
                    if re.search(r"exclu[st]ion|non[- ]?inclu[st]ion", inline.group(1), re.I)
                    else "inclusion"
                )
                marks.append((kind, index, line.start + inline.end()))
                continue
            heading = self.heading(line.text)
            if heading is not None:
                marks.append((heading, index, line.end))
        return marks


def _headed(lines: list[Line], marks: list[tuple[str, int, int]]) -> list[Section]:
    sections = []
    for number, (kind, index, body_start) in enumerate(marks):
        stop = marks[number + 1][1] if number + 1 < len(marks) else len(lines)
        start, end = _trim(lines, index, stop, body_start)
        line = lines[index]
        sections.append(Section(kind=kind, start=start, end=end, heading=(line.start, line.end)))
    return sections


def _bare_lead(
    lines: list[Line], content: list[int], marks: list[tuple[str, int, int]], kind: str | None
) -> list[Section]:
    """In a file of bare criteria (`kind` given), the lines before its first heading: criteria of
    that kind, not a preamble ("Exclusion criteria for MRI:" half-way down a file of exclusion
    criteria heads only what follows it)."""
    lead = [index for index in content if index < marks[0][1]]
    if kind is None or not lead:
        return []
    return [Section(kind=kind, start=lines[lead[0]].start, end=lines[lead[-1]].end)]


def _trim(lines: list[Line], index: int, stop: int, body_start: int) -> tuple[int, int]:
    """The body of a heading at `lines[index]` running to `lines[stop]`, without surrounding blank
    text."""
    first = lines[index]
    rest = first.text[body_start - first.start :]
    start: int | None
    end: int | None
    if rest.strip():
        start = body_start + len(rest) - len(rest.lstrip())
        end = first.end
    else:
        start = end = None
    for line in lines[index + 1 : stop]:
        if line.blank:
            continue
        if start is None:
            start = line.start + len(line.text) - len(line.text.lstrip())
        end = line.end
    if start is None or end is None:
        return body_start, body_start
    return start, end


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
        or _BULLET.match(line)
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


def _record(lines: list[Line], content: list[int]) -> list[Section]:
    """Sections of the ClinicalTrials.gov record layout (no headings), or [] when it is not one.

    Intervention lines anchor the layout: conditions is the line before them,
    summary all between the title and conditions. Without them (observational
    studies), a conditions line followed by an outcome field anchors it.
    """
    listed = [position for position, i in enumerate(content) if _INTERVENTION.match(lines[i].text)]
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
        sections.append(
            Section(
                kind="summary",
                start=_span(lines, content[1:summary_end])[0],
                end=_span(lines, content[1:summary_end])[1],
            )
        )
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
        sections.append(
            Section(
                kind="primary_outcomes",
                start=_span(lines, fields[0])[0],
                end=_span(lines, fields[0])[1],
            )
        )
        fields.pop(0)
        if fields and _looks_like_outcomes(_text(lines, fields[0])):
            sections.append(
                Section(
                    kind="secondary_outcomes",
                    start=_span(lines, fields[0])[0],
                    end=_span(lines, fields[0])[1],
                )
            )
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


@Language.factory(
    "eligo_sections", default_config={"headings": "sections.jsonl"}, assigns=["doc._.sections"]
)
def make_sections(nlp: Language, name: str, headings: str):
    finder = SectionFinder(load_jsonl("eligo.parser.data", headings, HeadingRule))

    def find_sections(doc: Doc) -> Doc:
        doc._.sections = finder.find(text_of(doc), doc._.criteria_kind)
        return doc

    return find_sections
