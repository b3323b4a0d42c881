"""`eligo_criteria`: the criteria of inclusion and exclusion sections.

One criterion per bullet or numbered item (`-`, `*`, `•`, `1.`, `1)`, `a.`),
with hard-wrapped continuation lines joined to it; a lead-in line and each of
its sub-items are criteria of their own; a group heading inside a list
("Hepatic:", "Tumor related symptoms and treatment") is not a criterion; a
section without markers is read one criterion per line, and a paragraph is
split into sentences. Spans exclude markers and surrounding white space.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import Criterion
from eligo.parser.doc import sections_of
from eligo.parser.sections import Line, lines_of

_MARKER = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>[-*•·▪◦‣●○–—+]|o(?=\s)|\(?\d{1,3}[.)](?!\d)|\d{1,3}(?=\s+[A-Z])|\(?[a-zA-Z][.)](?=\s)|\(?[ivxIVX]{1,4}[.)](?=\s))[ \t]+(?=\S)"
)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)%\]])[.;](?=\s+[A-Z(])")
_ABBREVIATION_END = re.compile(r"\b(?:e\.g|i\.e|vs|etc|approx|Dr|No|Fig|al|ca|incl|max|min)\.$", re.I)
_CLINICAL = re.compile(r"\d|[<>≤≥=%]|\b(?:has|have|had|is|are|was|were|be|must|with|without|no|not|any|within|received|receiving)\b", re.I)


@dataclass(frozen=True)
class Item:
    """A marker line or a plain line of a list, with its content range."""

    indent: int
    marked: bool
    start: int
    end: int
    line: Line


def _heading_words() -> dict[str, set[str]]:
    data = json.loads(resources.files("eligo.parser.data").joinpath("list_headings.json").read_text(encoding="utf-8"))
    return {key: {w.lower() for w in words} for key, words in data.items()}


class CriteriaSplitter:
    def __init__(self) -> None:
        words = _heading_words()
        self.category_words = words["category_words"]
        self.joiners = words["joiners"]

    def is_heading(self, text: str, next_marked: bool) -> bool:
        """A group heading: a short label over the items that follow it, not a criterion."""
        label = text.strip()
        words = re.findall(r"[A-Za-z&/]+", label)
        if not words or len(words) > 6 or not next_marked or _CLINICAL.search(label) or "(" in label:
            return False
        lowered = {w.lower() for w in words}
        if label.endswith(":"):
            return len(words) <= 4
        if re.search(r"[.;,]$", label):
            return False
        return bool(lowered & self.category_words) and (bool(lowered & self.joiners) or label.isupper())

    def split(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The criteria of `text[start:end]` as spans."""
        items = []
        for line in lines_of(text[start:end]):
            line = Line(line.start + start, line.end + start, line.text)
            if line.blank:
                items.append(None)
                continue
            marker = _MARKER.match(line.text)
            if marker:
                items.append(Item(len(marker.group("indent").expandtabs(4)), True, line.start + marker.end(), line.end, line))
            else:
                indent = len(line.text) - len(line.text.lstrip())
                items.append(Item(len(line.text[:indent].expandtabs(4)), False, line.start + indent, line.end, line))
        if not any(item is not None and item.marked for item in items):
            return [span for item in items if item is not None for span in self._sentences(text, item.start, item.end)]
        return self._list(text, items)

    def _list(self, text: str, items: list[Item | None]) -> list[tuple[int, int]]:
        spans: list[list[int]] = []
        current: Item | None = None
        after_blank = False
        for index, item in enumerate(items):
            if item is None:
                after_blank = True
                continue
            if item.marked:
                following = next((i for i in items[index + 1 :] if i is not None), None)
                if self.is_heading(text[item.start : item.end], following is not None and following.marked):
                    current = None
                else:
                    spans.append([item.start, item.end])
                    current = item
            elif current is not None and (item.indent > current.indent or not after_blank) and not self._starts_anew(text, spans[-1][1], item):
                spans[-1][1] = item.end
            elif current is None and spans == [] and self.is_heading(text[item.start : item.end], True):
                pass
            else:
                spans.extend([s, e] for s, e in self._sentences(text, item.start, item.end))
                current = None
            after_blank = False
        return [(s, e) for s, e in spans]

    def _starts_anew(self, text: str, previous_end: int, item: Item) -> bool:
        """A plain line right after a finished criterion that reads as a new one, not a wrap."""
        previous = text[:previous_end].rstrip()
        return previous.endswith((".", ";", ":")) and text[item.start : item.start + 1].isupper() and item.indent == 0

    def _sentences(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        spans = []
        cursor = start
        for match in _SENTENCE_END.finditer(text, start, end):
            if _ABBREVIATION_END.search(text, cursor, match.end()):
                continue
            spans.append((cursor, match.end()))
            cursor = match.end()
            while cursor < end and text[cursor].isspace():
                cursor += 1
        if cursor < end:
            spans.append((cursor, end))
        return [(s, e) for s, e in spans if text[s:e].strip()]


@Language.factory("eligo_criteria")
def make_criteria(nlp: Language, name: str):
    splitter = CriteriaSplitter()

    def find_criteria(doc: Doc) -> Doc:
        criteria: list[Criterion] = []
        counts = {"inclusion": 0, "exclusion": 0}
        for section in sections_of(doc, "inclusion", "exclusion", "eligibility"):
            kind = "exclusion" if section.kind == "exclusion" else "inclusion"
            for start, end in splitter.split(doc.text, section.start, section.end):
                counts[kind] += 1
                ident = f"{'I' if kind == 'inclusion' else 'E'}{counts[kind]}"
                criteria.append(Criterion(id=ident, kind=kind, span=(start, end), text=doc.text[start:end]))
        doc._.criteria = criteria
        return doc

    return find_criteria
