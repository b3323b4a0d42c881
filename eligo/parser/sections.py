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
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from eligo.datafiles import load_jsonl
from eligo.parser.doc import Section, text_of
from eligo.parser.lines import BULLET, Line, lines_of
from eligo.parser.records import INTERVENTION, record_sections

_HEADING_TRIM = re.compile(r"^[\s\-*#•·=_\[【]+|[\s:#*=_\]】]+$")  # "[Exclusion Criteria]" too
_INLINE_HEADING = re.compile(
    r"[^\w\n]{0,4}((?:[A-Za-z/-]{1,30}[ \t]+){0,3}(?:inclusion|exclusion)[ "
    r"\t]+criteri(?:a|on)[^:\n]{0,40}):[ \t]*(?=\S)",
    re.I,
)
# ... and one inside a line, after a sentence end: an eligibility text flattened onto one line
# ("Inclusion Criteria: - Male, 18-64 years. - BMI 20-30. Exclusion Criteria: - HbA1c >= 6.5%.")
_MIDLINE_HEADING = re.compile(
    r"(?<=[.;!?)])[ \t]+(?:[-*•][ \t]+)?(?P<heading>((?:[A-Za-z/-]{1,30}[ \t]+){0,2}"
    r"(?:inclusion|exclusion)[ \t]+criteri(?:a|on)):[ \t]*(?=\S))",
    re.I,
)
_MAX_HEADING = 200


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
        bulleted = BULLET.match(line) is not None
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
        kinds = {mark.kind for mark in marks}
        if kinds & {"inclusion", "exclusion"}:
            return _bare_lead(lines, content, marks, forced_kind) + _headed(lines, marks)
        if any(INTERVENTION.match(lines[i].text) for i in content):
            return record_sections(lines, content)
        if kinds & {"eligibility", "overview"}:
            return _bare_lead(lines, content, marks, forced_kind) + _headed(lines, marks)
        if forced_kind is None:
            record = record_sections(lines, content)
            if record:
                return record
        return [
            Section(
                kind=forced_kind or "inclusion",
                start=lines[content[0]].start,
                end=lines[content[-1]].end,
            )
        ]

    def _marks(self, lines: list[Line]) -> list[Mark]:
        """Every heading: its kind, line, body start and where the heading starts, in text order."""
        marks = []
        for index, line in enumerate(lines):
            inline = _INLINE_HEADING.match(line.text)
            if inline:
                marks.append(
                    Mark(_kind(inline.group(1)), index, line.start + inline.end(), line.start)
                )
            else:
                heading = self.heading(line.text)
                if heading is not None:
                    marks.append(Mark(heading, index, line.end, line.start))
                    continue
            for later in _MIDLINE_HEADING.finditer(line.text, inline.end() if inline else 0):
                marks.append(
                    Mark(
                        _kind(later.group("heading")),
                        index,
                        line.start + later.end(),
                        line.start + later.start("heading"),
                    )
                )
        return marks


class Mark(NamedTuple):
    """A heading: the section `kind` it opens, the index of its line (`row`), where its body starts,
    and where the heading itself starts (inside the line for a flattened text's second heading)."""

    kind: str
    row: int
    body_start: int
    start: int


def _kind(heading: str) -> str:
    return (
        "exclusion"
        if re.search(r"exclu[st]ion|non[- ]?inclu[st]ion", heading, re.I)
        else "inclusion"
    )


def _headed(lines: list[Line], marks: list[Mark]) -> list[Section]:
    sections = []
    for number, mark in enumerate(marks):
        line = lines[mark.row]
        following = marks[number + 1] if number + 1 < len(marks) else None
        if following is not None and following.row == mark.row:
            start, end = _within(line, mark.body_start, following.start)
        else:
            stop = following.row if following is not None else len(lines)
            start, end = _trim(lines, mark.row, stop, mark.body_start)
        heading = (
            (line.start, line.end) if mark.start == line.start else (mark.start, mark.body_start)
        )
        sections.append(Section(kind=mark.kind, start=start, end=end, heading=heading))
    return sections


def _within(line: Line, start: int, stop: int) -> tuple[int, int]:
    """The body from `start` to the next heading on the same line (`stop`), without white space."""
    body = line.text[start - line.start : stop - line.start]
    if not body.strip():
        return start, start
    return start + len(body) - len(body.lstrip()), start + len(body.rstrip())


def _bare_lead(
    lines: list[Line], content: list[int], marks: list[Mark], kind: str | None
) -> list[Section]:
    """In a file of bare criteria (`kind` given), the lines before its first heading: criteria of
    that kind, not a preamble ("Exclusion criteria for MRI:" half-way down a file of exclusion
    criteria heads only what follows it)."""
    lead = [index for index in content if index < marks[0].row]
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


@Language.factory(
    "eligo_sections", default_config={"headings": "sections.jsonl"}, assigns=["doc._.sections"]
)
def make_sections(nlp: Language, name: str, headings: str):
    finder = SectionFinder(load_jsonl("eligo.parser.data", headings, HeadingRule))

    def find_sections(doc: Doc) -> Doc:
        doc._.sections = finder.find(text_of(doc), doc._.criteria_kind)
        return doc

    return find_sections
