"""`eligo_sections`: the parts of a protocol file, for the layouts Eligo reads.

* Headed layouts ("Overview / Eligibility", CT.gov's "Inclusion Criteria:" with
  indented, numbered or `* ` items): a heading line from `data/sections.jsonl`
  opens a section that runs to the next heading.
* The ClinicalTrials.gov record layout (no headings): title, summary
  paragraphs, conditions, `DRUG:`-style intervention lines, the primary and
  secondary outcome lines (measures joined by `|`), the detailed description.
* Bare criteria, one per line (Chia): the whole file is one inclusion or
  exclusion section, its kind given by the file name or the caller.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from eligo.parser.doc import Section
from eligo.datafiles import load_jsonl

_LINE = re.compile(r"[^\n]*")
_INTERVENTION = re.compile(
    r"(?:DRUG|BIOLOGICAL|DEVICE|PROCEDURE|RADIATION|BEHAVIORAL|GENETIC|DIETARY_SUPPLEMENT|COMBINATION_PRODUCT|DIAGNOSTIC_TEST|OTHER):\s"
)
_HEADING_TRIM = re.compile(r"^[\s\-*#•=_]+|[\s:#*=_]+$")
_INLINE_HEADING = re.compile(r"^\W*((?:[A-Za-z/-]+\s+){0,3}(?:inclusion|exclusion)\s+criteri(?:a|on)[^:\n]{0,40}):[ \t]*(?=\S)", re.I)
_TIME_TAIL = re.compile(
    r"(?:\d|\b(?:day|week|month|year|hour|minute|baseline|visit|cycle|through|until|up to|end of|follow|completion|"
    r"screening|discharge|admission|post|pre|surgery|treatment|study)\w*)",
    re.I,
)


class HeadingRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["overview", "eligibility", "inclusion", "exclusion", "description", "conditions", "interventions", "primary_outcomes", "secondary_outcomes"]
    pattern: str


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
        self.rules = [(rule.kind, re.compile(rule.pattern, re.I)) for rule in rules]

    def heading(self, line: str) -> str | None:
        """The section kind a heading line opens, or None for a line of content."""
        if len(line) > 100:
            return None
        name = _HEADING_TRIM.sub("", line).lower()
        if not name or len(name) > 90:
            return None
        colon = line.rstrip().endswith(":")
        for kind, pattern in self.rules:
            if pattern.fullmatch(name):
                if kind in ("inclusion", "exclusion") and "criteri" not in name and not colon:
                    continue
                if kind in ("conditions", "interventions", "primary_outcomes", "secondary_outcomes") and not colon:
                    continue
                return kind
        return None

    def find(self, text: str, forced_kind: str | None = None) -> list[Section]:
        lines = lines_of(text)
        headed = self._headed(lines)
        if headed:
            return headed
        if any(_INTERVENTION.match(line.text) for line in lines):
            return _record(lines)
        content = [line for line in lines if not line.blank]
        if not content:
            return []
        return [Section(kind=forced_kind or "inclusion", start=content[0].start, end=content[-1].end)]

    def _headed(self, lines: list[Line]) -> list[Section]:
        marks: list[tuple[str, Line, int]] = []
        for line in lines:
            inline = _INLINE_HEADING.match(line.text)
            if inline:
                kind = "inclusion" if "inclusion" in inline.group(1).lower() else "exclusion"
                marks.append((kind, line, line.start + inline.end()))
                continue
            kind = self.heading(line.text)
            if kind is not None:
                marks.append((kind, line, line.end))
        if not any(kind in ("eligibility", "inclusion", "exclusion", "overview") for kind, _, _ in marks):
            return []
        sections = []
        for index, (kind, line, body_start) in enumerate(marks):
            body_end = marks[index + 1][1].start if index + 1 < len(marks) else lines[-1].end
            start, end = _trim(lines, body_start, body_end)
            sections.append(Section(kind=kind, start=start, end=end, heading=(line.start, line.end)))
        return sections


def _trim(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """[start, end) narrowed to its first and last non-blank line."""
    inside = [line for line in lines if line.end > start and line.start < end and line.text[max(0, start - line.start) :].strip()]
    if not inside:
        return start, start
    first_start = max(start, inside[0].start)
    first_text = inside[0].text[first_start - inside[0].start :]
    first_start += len(first_text) - len(first_text.lstrip())
    return first_start, min(end, inside[-1].end)


def _looks_like_outcomes(line: str) -> bool:
    """A line of outcome measures: measures joined by `|`, or `title, ..., time frame`."""
    if "|" in line:
        return True
    fields = line.split(", ")
    return len(fields) >= 2 and len(fields[0]) <= 200 and _TIME_TAIL.search(fields[-1]) is not None and len(fields[-1]) <= 200


def _record(lines: list[Line]) -> list[Section]:
    """Sections of the ClinicalTrials.gov record layout (no headings)."""
    content = [line for line in lines if not line.blank]
    first = next(i for i, line in enumerate(content) if _INTERVENTION.match(line.text))
    last = max(i for i, line in enumerate(content) if _INTERVENTION.match(line.text))
    sections = [Section(kind="title", start=content[0].start, end=content[0].end)]
    if first >= 2:
        sections.append(Section(kind="conditions", start=content[first - 1].start, end=content[first - 1].end))
    if first >= 3:
        sections.append(Section(kind="summary", start=content[1].start, end=content[first - 2].end))
    sections.append(Section(kind="interventions", start=content[first].start, end=content[last].end))
    rest = content[last + 1 :]
    kinds = ["primary_outcomes", "secondary_outcomes"]
    while rest and kinds and (kinds[0] == "primary_outcomes" or _looks_like_outcomes(rest[0].text)):
        sections.append(Section(kind=kinds.pop(0), start=rest[0].start, end=rest[0].end))
        rest = rest[1:]
    if rest:
        sections.append(Section(kind="description", start=rest[0].start, end=rest[-1].end))
    return sorted(sections, key=lambda s: s.start)


@Language.factory("eligo_sections", default_config={"headings": "sections.jsonl"})
def make_sections(nlp: Language, name: str, headings: str):
    finder = SectionFinder(load_jsonl("eligo.parser.data", headings, HeadingRule))

    def find_sections(doc: Doc) -> Doc:
        doc._.sections = finder.find(doc.text, doc._.criteria_kind)
        return doc

    return find_sections
