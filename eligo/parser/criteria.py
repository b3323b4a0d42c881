"""`eligo_criteria`: the criteria of inclusion and exclusion sections.

One criterion per bullet or numbered item (`-`, `*`, `•`, `o`, `1.`, `1)`,
`a.`, `i.`), with its hard-wrapped continuation lines and note paragraphs
(indented deeper than its marker) joined to it. A lead-in line ("Adequate organ
function, defined as:") and each of its sub-items are criteria of their own.
Not criteria: group headings inside a list, told by general cues (a short
label ending in `:`; an unmarked label set apart from the items it heads; a
short noun phrase of category words among bullets), connector lines ("OR"),
marker-only lines. A section without markers is read one criterion per line,
a paragraph split into sentences, a hard-wrapped line joined to the next. A
section whose body is one paragraph, a single line ("hemorrhagic stroke;unable to give
informed consent; known brain tumor, ...;hyperkalemia") is a list written
inline: its top-level semicolons (not those in brackets) separate criteria as
sentence ends do, whatever follows them, unless what follows opens with a
connective ("; or ...").
Spans exclude markers and surrounding white space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from eligo import phrases
from eligo.annotations import CriterionItem
from eligo.datafiles import word_lists
from eligo.parser.doc import sections_of, text_of
from eligo.parser.lines import Line, lines_of
from eligo.parser.lists import scope_heading

_MARKER = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>"
    r"[-*•·▪◦‣●○–—+](?:[ \t]+|(?=[A-Za-z]))"  # bullets, also glued to a word ("-children")
    r"|(?:o|\(?\d{1,3}[.)](?!\d)|\d{1,3}(?=[ \t]+[A-Z])|\(?[a-z][.)]|\(?[A-Z][.)](?![ "
    r"\t]+[a-z])|\(?[ivxIVX]{1,4}[.)])[ \t]+"
    r")(?=\S)"
)
_WEAK_MARKER = re.compile(
    r"o|[•▪◦·]"
)  # markers a flattened list also writes inline ("...; o Patients must")
_INLINE_MARKER = re.compile(r"[.;:,][ \t]+[o•▪◦·][ \t]+[A-Z]")
# a bullet after a sentence's end inside a line: the items of a list flattened onto one line
# ("- Male, 18-64 years. - BMI 20-30 kg/m2. - Healthy")
_FLAT_BULLET = re.compile(r"(?<=[.;])[ \t]+(?P<bullet>[-•▪◦·*])[ \t]+(?=[A-Z(])")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)%\]])[.;](?=\s+[A-Z(])")
# in a one-paragraph section, any semicolon may end a criterion: "...;hyperkalemia;uncorrected ..."
_SEMICOLON = re.compile(r";(?=\s*\S)")
_CONNECTIVE_START = re.compile(r"\s*(?:and|or|and/or|but|except|unless|nor)\b", re.I)
_ABBREVIATION_END = re.compile(
    r"\b(?:e\.g|i\.e|vs|etc|approx|Dr|No|Fig|al|ca|incl|max|min)\.$", re.I
)
_CLINICAL = re.compile(
    r"\d|[<>≤≥=%]|\b(?:has|have|had|is|are|was|were|be|must|with|without|no|not|any|within|received|receiving)\b",
    re.I,
)
# What makes a line ending in ":" a requirement rather than a cohort's name: a verb, a comparator,
# or a number with its unit ("18 years and older, were included if"); "Patients with type 2 diabetes
# (T2D):" names a cohort.
_STATES = re.compile(
    r"[<>≤≥=%]|\b\d+(?:[.,]\d+)?\s*(?:years?|yrs?|months?|weeks?|days?|kg|mg|g/dl|mmol|%)|\b(?:has|have|had|is|are|was|were|be|must|received|receiving)\b",
    re.I,
)
_CODE = re.compile(
    r"\b[A-Za-z]+\d[\w-]*"
)  # a drug or cohort code ("ASP3082", "Part B2") states no requirement
_CONNECTOR = re.compile(r"(?:and|or|and/or|and or)[:.]?", re.I)
_TERMINAL = re.compile(r"[.;:!?]$")
_WRAP_WIDTH = 60  # a plain line this long that stops mid-sentence was hard-wrapped


@dataclass(frozen=True)
class ListLine:
    """A non-blank line of a list: its indent, whether a marker opens it, and its content range."""

    indent: int
    marked: bool
    start: int
    end: int
    line: Line


def _heading_words() -> dict[str, set[str]]:
    lists = word_lists("eligo.parser.data", "list_headings.jsonl")
    return {
        key: {w.lower() for entry in entries for w in entry.phrases}
        for key, entries in lists.items()
    }


def _item(text: str, line: Line) -> ListLine | None:
    """The item of a line, None for a blank or marker-only line."""
    marker = _MARKER.match(line.text)
    if marker and not _continues_flattened(text, line, marker):
        start = line.start + marker.end()
        return ListLine(len(marker.group("indent").expandtabs(4)), True, start, line.end, line)
    indent = len(line.text) - len(line.text.lstrip())
    if not any(c.isalnum() for c in line.text):
        return None
    return ListLine(
        len(line.text[:indent].expandtabs(4)), False, line.start + indent, line.end, line
    )


def _continues_flattened(text: str, line: Line, marker: re.Match) -> bool:
    """A weak marker opening a line of a list written inline ("...; o Patients must ... o Women"),
    wrapped by chance."""
    if not _WEAK_MARKER.fullmatch(marker.group("marker").strip()):
        return False
    return _INLINE_MARKER.search(text, max(0, line.start - 400), line.end + 400) is not None


def _flattened(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A criterion's span cut at the bullets of a section flattened onto one line: the bullet that
    opened it written again after a sentence's end, or any bullet so written twice. (On a list of
    several lines, such bullets are a sub-list flattened into its item: "provided all of the
    following are met: - Rash < 10% of BSA; - Well controlled", one criterion.)"""
    bullets = list(_FLAT_BULLET.finditer(text, start, end))
    opened = text[max(0, start - 2) : start].strip()
    bullets = [
        m
        for m in bullets
        if m.group("bullet") == opened
        or sum(o.group("bullet") == m.group("bullet") for o in bullets) > 1
    ]
    if not bullets:
        return [(start, end)]
    cuts = [start] + [c for m in bullets for c in (m.start(), m.end())] + [end]
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]


def _permits(label: str) -> bool:
    """ "Allowed background medication:": a label opened by a word of permission is a lead-in
    whose items it permits (the compiler's `lead_ins`), never a group heading to drop."""
    return phrases.pattern("permitting_lead").match(label) is not None


class CriteriaSplitter:
    def __init__(self) -> None:
        words = _heading_words()
        self.category_words = words["category_words"]
        self.joiners = words["joiners"]

    def is_heading(self, text: str, next_marked: bool) -> bool:
        """A marked group heading: a short label over the items that follow it, not a criterion."""
        label = text.strip()
        words = re.findall(r"[A-Za-z&/]+", label)
        if (
            not words
            or len(words) > 6
            or not next_marked
            or _CLINICAL.search(label)
            or "(" in label
            or _permits(label)
        ):
            return False
        lowered = {w.lower() for w in words}
        if label.endswith(":"):
            return len(words) <= 4
        if re.search(r"[.;,]$", label):
            return False
        # a category word besides the joiner: "Tumor related symptoms" heads items, while
        # "Age-related macular degeneration" is an item whose only such word is "related"
        return bool((lowered & self.category_words) - self.joiners) and (
            bool(lowered & self.joiners) or label.isupper()
        )

    def is_plain_heading(self, item: ListLine, text: str, following: ListLine | None) -> bool:
        """An unmarked line heading the items after it ("Healthy Controls:", "PATIENT
        CHARACTERISTICS", "Control group"). A longer line ending in `:` that states a requirement
        ("Patients 18 years and older, included if they had:") is a lead-in, a criterion of its
        own."""
        if following is None:
            return False
        label = text.strip()
        words = label.split()
        if label.endswith(":") and len(words) > 5 and _STATES.search(_CODE.sub("", label)):
            return False
        if _permits(label):
            return False
        if label.endswith(":"):
            return following.marked or following.indent > item.indent or len(words) <= 4
        titled = len(words) <= 5 and not _TERMINAL.search(label) and _CLINICAL.search(label) is None
        return titled and following.marked and (following.indent > item.indent or label.isupper())

    def split(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The criteria of `text[start:end]` as spans."""
        items = []
        for line in lines_of(text[start:end]):
            line = Line(line.start + start, line.end + start, line.text)
            items.append(None if line.blank else _item(text, line))
        return self._items(text, items)

    def split_lines(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """One criterion per non-blank line: a bare criteria file (Chia style) holds no hard wraps
        to join."""
        spans = []
        for line in lines_of(text[start:end]):
            item = (
                None
                if line.blank
                else _item(text, Line(line.start + start, line.end + start, line.text))
            )
            if item is not None:
                spans.append((item.start, item.start + len(text[item.start : item.end].rstrip())))
        return spans

    def _items(self, text: str, items: list[ListLine | None]) -> list[tuple[int, int]]:
        spans: list[list[int]] = []
        following: list[ListLine | None] = [None] * len(items)
        upcoming = None
        for index in range(len(items) - 1, -1, -1):
            following[index] = upcoming
            upcoming = items[index] or upcoming
        listed = any(item is not None and item.marked for item in items)
        # one paragraph: a single unmarked line (a section of several lines is one criterion a line)
        paragraph = not listed and sum(item is not None for item in items) == 1
        open_item: ListLine | None = None  # the item the last criterion started with
        previous: ListLine | None = None  # the last non-blank item
        after_blank = False
        for index, item in enumerate(items):
            if item is None:
                after_blank = True
                continue
            body = text[item.start : item.end]
            if _CONNECTOR.fullmatch(body.strip()):
                open_item = None
            elif item.marked:
                after = following[index]
                if self.is_heading(body, after is not None and after.marked):
                    open_item = None
                else:
                    spans.append([item.start, item.end])
                    open_item = item
            elif (
                after_blank
                and scope_heading(body)
                and (next_item := following[index]) is not None
                and next_item.marked
            ):
                open_item = (
                    None  # "Additional exclusion criteria - Germany only" heads the items after it
                )
            elif open_item is not None and open_item.marked and item.indent > open_item.indent:
                spans[-1][1] = item.end  # a wrapped line or a note paragraph of the item
            elif self.is_plain_heading(item, body, following[index]):
                open_item = None
            elif (
                open_item is not None
                and previous is not None
                and not after_blank
                and self._continues(text, open_item, previous, item)
            ):
                spans[-1][1] = item.end
            elif listed and open_item is None and not spans and self.is_heading(body, True):
                pass
            else:
                spans.extend(
                    [s, e] for s, e in self._sentences(text, item.start, item.end, paragraph)
                )
                open_item = item
            previous = item
            after_blank = False
        return [(s, e) for s, e in spans]

    def _continues(
        self, text: str, open_item: ListLine, previous: ListLine, item: ListLine
    ) -> bool:
        """An unmarked line right after a criterion that wraps it rather than starting a new one."""
        if item.indent < open_item.indent:
            return False
        before = text[previous.start : previous.end].rstrip()
        first = text[item.start : item.start + 1]
        if open_item.marked:
            return not (_TERMINAL.search(before) and first.isupper())
        wrapped = len(previous.line.text) >= _WRAP_WIDTH and not _TERMINAL.search(before)
        return (
            wrapped
            and item.indent == open_item.indent
            and (first.islower() or first.isdigit() or first == "(")
        )

    def _sentences(
        self, text: str, start: int, end: int, paragraph: bool = False
    ) -> list[tuple[int, int]]:
        """The sentences of an unmarked line; in a one-paragraph section, its top-level semicolons
        end criteria too."""
        spans = []
        cursor = start
        ends = list(_SENTENCE_END.finditer(text, start, end))
        if paragraph:
            ends = sorted(
                [m for m in ends if text[m.start()] != ";"]
                + _top_level(text, _SEMICOLON.finditer(text, start, end), start),
                key=lambda m: m.start(),
            )
        for match in ends:
            if _ABBREVIATION_END.search(text, cursor, match.end()):
                continue
            spans.append((cursor, match.end()))
            cursor = match.end()
            while cursor < end and text[cursor].isspace():
                cursor += 1
        if cursor < end:
            spans.append((cursor, end))
        return [(s, e) for s, e in spans if text[s:e].strip()]


def _top_level(text: str, matches, start: int) -> list[re.Match]:
    """The semicolons outside brackets ("Obesity (BMI>30; BMI=weight/height2)" holds one) that are
    not followed by a connective ("diabetes; or obesity" continues a list)."""
    found = []
    depth, cursor = 0, start
    for match in matches:
        for char in text[cursor : match.start()]:
            depth = depth + 1 if char in "([" else max(0, depth - 1) if char in ")]" else depth
        cursor = match.start()
        if depth == 0 and not _CONNECTIVE_START.match(text, match.end()):
            found.append(match)
    return found


@Language.factory("eligo_criteria", requires=["doc._.sections"], assigns=["doc._.criteria"])
def make_criteria(nlp: Language, name: str):
    splitter = CriteriaSplitter()

    def find_criteria(doc: Doc) -> Doc:
        criteria: list[CriterionItem] = []
        counts = {"inclusion": 0, "exclusion": 0}
        text = text_of(doc)
        for section in sections_of(doc, "inclusion", "exclusion", "eligibility"):
            kind = "exclusion" if section.kind == "exclusion" else "inclusion"
            bare = (
                section.heading is None and doc._.criteria_kind is not None
            )  # its kind from a file name or --kind
            split = splitter.split_lines if bare else splitter.split
            spans = split(text, section.start, section.end)
            if "\n" not in text[section.start : section.end]:
                spans = [piece for s, e in spans for piece in _flattened(text, s, e)]
            for start, end in spans:
                counts[kind] += 1
                ident = f"{'I' if kind == 'inclusion' else 'E'}{counts[kind]}"
                criteria.append(
                    CriterionItem(id=ident, kind=kind, span=(start, end), text=text[start:end])
                )
        doc._.criteria = criteria
        return doc

    return find_criteria
