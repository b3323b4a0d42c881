"""List structure of a protocol's criteria: lead-ins and the items listed under them.

"No prior treatment for prostate cancer, including any of the following:" is a
criterion, and so is each item listed under it ("Surgery", "Radiotherapy").
What a lead-in does to its items (`LeadIn.mode`): a negated lead-in negates
each of them; "at least 1 of the following conditions apply:" makes the items
of an inclusion alternatives, "at least two of the following:" counts them (one
criterion with its lead-in); "Adequate organ function, defined by the
following laboratory test results:" is the `and` of its items, "Renal impairment
defined either by:" their `or` (the lead-in itself no criterion); any other
lead-in ("Treatment within the last 12 weeks with:") scopes the items indented
under it with its time and modality, which the compiler carries. Items are the
criteria indented under the lead-in, or unmarked under a marked one ("* Prior
therapy:", then lines without "* ": a record that lost its sub-items' markers);
in a list without indentation, those that follow it up to a heading, a new
lead-in, an item less indented than the lead-in (a sibling of its parent), an
item opening like the lead-in ("Female participant ...") or, under a negated
lead-in, an item that says its own negation. The layout (columns,
headings between criteria) is the parser's to read; the compiler applies the
modes (`eligo/compiler/lead_ins.py`).

A line between criteria that names a population and ends in ":" ("Healthy
volunteers:", "Patients with type 2 diabetes:"), or limits criteria to some sites
("Additional exclusion criteria - Germany only") or to one stage ("Inclusion
criteria for extension studies"), heads the criteria after it, up to the next
such line or the end of the section (`facts.CohortScope`); so does a list item
the splitter made of such a heading ("* Part B (volunteers):", "* Type 2
diabetes (T2D) part:") or of a lead-in naming a group of patients
("Additionally, patients with X will be excluded in case of:"), which is then
no criterion (`CohortScope.heading`); plain lines that name groups without a colon, and a
criterion that names its own group, are `group_headings.py`'s. The compiler conditions each item on
membership (`eligo/compiler/cohort_scopes.py`). A lead-in that lists washout
periods ("the following washout periods must be completed before screening",
with or without a colon) gives its items the mode "washout": they say what must
have been stopped, never what must be taken (`eligo/compiler/washouts.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from eligo import phrases
from eligo.annotations import CriterionItem
from eligo.datafiles import patterns
from eligo.facts import CohortScope, LeadIn, ListMode
from eligo.negation import negation_termset
from eligo.parser.heading_conditions import heading_conditions
from eligo.phrases import alternation


@lru_cache(maxsize=1)
def negations() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """NegEx's preceding negations (not its pseudo-negations) opening a text, and anywhere in it."""
    terms = negation_termset()
    words, pseudo = (
        alternation(terms[name], gap=re.escape(" "))
        for name in ("preceding_negations", "pseudo_negations")
    )
    term = rf"(?<![\w-])(?!(?:{pseudo})(?![\w-]))(?:{words})(?![\w-])"
    return re.compile(rf"^\W*{term}", re.I), re.compile(term, re.I)


def _indent(text: str, offset: int) -> int:
    """How far the line that holds `offset` is indented: a list marker ("* ", "1. ") does not
    count."""
    start = text.rfind("\n", 0, offset) + 1
    line = text[start:offset]
    return len(line) - len(line.lstrip())


def _first_word(text: str) -> str:
    match = re.match(r"\W*(\w+)", text)
    return match.group(1).lower() if match else ""


def heading_between(text: str) -> bool:
    """Whether the text between two criteria holds more than list markers: a heading ends a list."""
    return any(
        re.search(r"[A-Za-z]{2}", re.sub(r"^\s*(?:[-•*o]|\d{1,3}[.)])\s*", "", line))
        for line in text.splitlines()
    )


_PERIOD = re.compile(r":\s*(?:\d|one|two|three|four|five|six|eight|twelve)\b", re.I)
_FOLLOWING = re.compile(r"\bfollowing\b", re.I)


def _lead(lead: CriterionItem) -> bool:
    """Whether a criterion can lead a list: it ends in ":" or in its definition's opening words
    ("Have severe renal failure, defined as", the colon lost), or it announces "the following"
    periods of a washout without one ("the following washout periods must be completed before
    screening")."""
    text = lead.text.rstrip()
    return (
        text.endswith(":")
        or phrases.ending("open_definition").search(text) is not None
        or bool(_FOLLOWING.search(text) and phrases.pattern("washout_lead").search(text))
    )


def _mode(lead: CriterionItem) -> ListMode | None:
    if negations()[0].match(lead.text):
        return "negated"
    if phrases.pattern("washout_lead").search(lead.text):
        return "washout"
    if phrases.pattern("count_lead").search(lead.text):  # "at least two of the following:"
        return "counted"
    if lead.kind == "inclusion" and phrases.pattern("alternatives").search(lead.text):
        return "alternatives"
    text = lead.text.rstrip(" :")
    if (
        phrases.pattern("definition").search(text)
        or phrases.ending("open_definition").search(text) is not None
    ):  # "Renal impairment defined either by:": any item defines it
        either = re.search(r"\beither\b", lead.text, re.I) or phrases.pattern(
            "alternatives"
        ).search(lead.text)
        return "defined_alternatives" if either else "definition"
    return "scope"


def _ends_flat_list(lead: CriterionItem, item: CriterionItem, mode: ListMode) -> bool:
    """In a list without indentation: the item that no longer belongs to the lead-in."""
    if item.text.rstrip().endswith(":") or _first_word(item.text) == _first_word(lead.text):
        return True
    return mode == "negated" and negations()[1].search(item.text) is not None


def find_lead_ins(text: str, criteria: list[CriterionItem]) -> list[LeadIn]:
    """The lead-ins of a protocol (`text`, its criteria in order) that change their items."""
    found = []
    for index, lead in enumerate(criteria):
        mode = _mode(lead) if _lead(lead) else None
        if mode is None:
            continue
        lead_column, marked = _indent(text, lead.span[0]), line_marked(text, lead.span[0])
        items: list[int] = []
        indented = None
        for number in range(index + 1, len(criteria)):
            item, before = criteria[number], criteria[number - 1]
            if item.kind != lead.kind or heading_between(text[before.span[1] : item.span[0]]):
                break
            # a marked lead-in's unmarked lines are its sub-items, their own markers lost
            deeper = _indent(text, item.span[0]) > lead_column or (
                marked and not line_marked(text, item.span[0])
            )
            indented = deeper if indented is None else indented
            # a lead-in that only scopes its items ("Treatment within the last 12 weeks with:")
            # needs them indented
            # a washout's items name their period ("Drug class: 4 weeks"), indented or not
            flat_scope = mode == "scope" or (mode == "washout" and not _PERIOD.search(item.text))
            # an item back at an outer level of the list ("4. Meets ..." after "   * fulfills 1 of
            # the following 2 criteria:" and its two items) is a sibling of the lead-in's parent
            outer = _indent(text, item.span[0]) < lead_column
            if (
                outer
                or (indented and not deeper)
                or (not indented and (flat_scope or _ends_flat_list(lead, item, mode)))
            ):
                break
            items.append(number)
        if items:
            found.append(LeadIn(index=index, items=tuple(items), mode=mode))
    return found


_MARKER = re.compile(r"(?:[-•*o]|\d{1,3}[.)])\s+")
# a heading of everyone, of a topic, or a lead-in sentence ("Patients may be eligible if they:"),
# not a cohort
NOT_A_COHORT = re.compile(
    r"\b(?:all|every|any|both|criteria|criterion|characteristics?|requirements?|information|general|inclusion|exclusion|history|"
    r"study|must|may|will|shall|should|can|if|including|following|follows|known)\b",
    re.I,
)


def scope_heading(line: str) -> bool:
    """ "Additional exclusion criteria - Germany only", "Exclusion criteria for UK sites only:": a
    heading of criteria that hold for some sites or participants only, with or without a colon."""
    label = line.strip().rstrip(":").strip()
    words = label.split()
    return (
        2 <= len(words) <= 12
        and re.search(r"\bcriteri(?:a|on)\b", label, re.I) is not None
        and phrases.ending("restrictive").search(label) is not None
    )


_STAGE = re.compile(
    r"^\W*(?:(?:additional|specific)\s+)?(?:(?:inclusion|exclusion|eligibility)\s+)?(?:criteria|criterion)"
    r"\s+(?:for|of|in|applicable\s+to)\s+(?:the\s+|all\s+)?(?P<group>.+)$",
    re.I,
)
_THIS = re.compile(
    r"^(?:participation|entry|enrol(?:l)?ment|inclusion|admission|eligibility)\b|\b(?:this|are|is)\b",
    re.I,
)
_IDENTIFIED = re.compile(r"^\W*(?P<head>\w+)\s+(?:[A-Z]|\d{1,2}|[IVX]{1,4})\b")


def _unbracketed(label: str) -> str:
    return " ".join(re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", label).split())


def stage_label(line: str) -> str | None:
    """ "Inclusion criteria for extension studies", "Criteria for the follow-up part:": the group a
    heading of criteria writes them for (with or without a colon), else None."""
    match = _STAGE.match(line.strip().rstrip(":").strip())
    if match is None or len(match.group("group").split()) > 8:
        return None
    group = _unbracketed(match.group("group"))
    if _THIS.search(group) or not phrases.pattern("stage_head").search(group):
        return None  # "criteria for participation in this study are:" is every participant's
    named = phrases.pattern("stage_head").sub(" ", group)  # "the study" alone is everyone's
    return match.group("group") if len(group.split()) > 1 or re.search(r"\w", named) else None


def group_label(item: CriterionItem) -> str | None:
    """The group a list item heads when the splitter made its heading a criterion: "Part B
    (volunteers):", "Cohort 3 (renal patients):", "Type 2 diabetes (T2D) part:", "Inclusion
    criteria for the extension phase", or a lead-in that names a group of patients ("Additionally,
    patients with X are excluded if:"); None for any other item, a lead-in of alternatives, a
    definition or a negated list included."""
    body = item.text.strip()
    stage = stage_label(body)
    if stage is not None:
        return stage
    label = body.rstrip(":").strip()
    named = patterns("eligo.parser.data", "scope_notes.jsonl")["for_group"].match(label)
    if named is not None and len(named.group("group").split()) <= 5:  # "For the training cases"
        group = named.group("group")
        if phrases.ending("group_head").search(group) or phrases.ending("person").search(group):
            return group
    if not body.endswith(":") or not 1 <= len(label.split()) <= 14 or negations()[0].match(body):
        return None
    bare = _unbracketed(label)
    head = _IDENTIFIED.match(bare)
    if phrases.ending("group_head").search(bare) or (
        head is not None and phrases.pattern("group_head").fullmatch(head.group("head"))
    ):
        return label
    return label if _group_lead(bare) else None


def _group_lead(label: str) -> bool:
    """ "Additionally, patients with X are excluded if:": a lead-in that names a group of patients
    by a condition, not a list of alternatives ("Patients with any of the following:")."""
    return bool(
        phrases.pattern("person").search(label)
        and not _FOLLOWING.search(label)
        and not phrases.pattern("alternatives").search(label)
        and not phrases.pattern("definition").search(label)
        and not negations()[0].match(label)
        and heading_conditions(label)
    )


def _cohort_line(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The last line of `text[start:end]` (between criteria) that names a population or a group
    and ends in ":", or a heading of criteria for one stage: its span and label."""
    found = None
    offset = start
    for line in text[start:end].splitlines(keepends=True):
        body = line.strip()
        marker = _MARKER.match(
            body
        )  # a marked line between criteria is a heading the splitter set apart
        body = body[marker.end() :] if marker and body.endswith(":") else body
        words = body.rstrip(":").split()
        stage = stage_label(body)
        if (
            stage is not None
            or scope_heading(body)
            or (
                body.endswith(":")
                and 2 <= len(words) <= 12
                and (
                    phrases.pattern("person").search(body) or phrases.pattern("cohort").search(body)
                )
                and not NOT_A_COHORT.search(body)
            )
            or (body.endswith(":") and _group_lead(body.rstrip(":")))
        ):
            lead = line.index(body)
            label = stage if stage is not None else " ".join(body.rstrip(":").split())
            found = (offset + lead, offset + lead + len(body), label)
        offset += len(line)
    return found


@dataclass
class _Open:
    """A scope being read: its heading's span and label, the criterion that is its heading (if
    any), whether its items are indented under the heading, and its items so far."""

    span: tuple[int, int]
    label: str
    heading: int | None = None
    nested: bool = False
    items: list[int] = field(default_factory=list)


def _ends(text: str, scope: _Open, item: CriterionItem) -> bool:
    """Whether `item` is past the scope: a marked heading between criteria ("* Participants in
    Germany only:") and a heading item whose items are indented under it head only those."""
    nested = scope.nested if scope.heading is not None else _marked(text, scope.span[0])
    return nested and _indent(text, item.span[0]) <= _indent(text, scope.span[0])


def find_cohorts(text: str, criteria: list[CriterionItem]) -> list[CohortScope]:
    """The population and group headings of the criteria and the criteria each heads, up to the next
    one or a new section; none when the protocol names only one population (first in its
    section)."""
    scopes: list[_Open] = []
    current: _Open | None = None
    for index, item in enumerate(criteria):
        previous = criteria[index - 1] if index else None
        if previous is not None and previous.kind != item.kind:
            current = None  # a new section ends the scope
        if current is not None and _ends(text, current, item):
            current = None
        line = _cohort_line(text, previous.span[1] if previous is not None else 0, item.span[0])
        if line is not None:
            current = _Open(span=line[:2], label=line[2])
            scopes.append(current)
        label = group_label(item)
        if label is not None:  # a heading the splitter made a criterion heads what follows it
            following = criteria[index + 1] if index + 1 < len(criteria) else None
            nested = following is not None and _indent(text, following.span[0]) > _indent(
                text, item.span[0]
            )
            current = _Open(span=item.span, label=label, heading=index, nested=nested)
            scopes.append(current)
            continue
        if current is not None:
            current.items.append(index)
    found = [
        CohortScope(
            label=scope.label,
            span=scope.span,
            items=tuple(scope.items),
            conditions=heading_conditions(scope.label),
            heading=scope.heading,
        )
        for scope in scopes
        if scope.items
    ]
    # one population named alone is the trial's whole population, not a cohort of it, unless the
    # heading limits it to some sites ("Participants in Germany only:"), names a group of the trial
    # ("Part B:", "extension studies") or leads exclusions ("Patients with X are excluded if:")
    if len({scope.label.lower() for scope in found}) > 1:
        return found
    return [
        scope
        for scope in found
        if phrases.pattern("restrictive").search(scope.label)
        or phrases.pattern("cohort").search(scope.label)
        or phrases.pattern("stage_head").search(_unbracketed(scope.label))
        or (
            criteria[scope.items[0]].kind == "exclusion"
            and (scope.heading is not None or scope.conditions)
        )
        or _after_others(criteria, scope.heading)
    ]


def _after_others(criteria: list[CriterionItem], heading: int | None) -> bool:
    """ "For the training cases" (a line without a colon) after criteria of its own section: those
    were written for another group, so the heading names a group of the trial, not its whole
    population ("Subjects' prior diabetic therapy:" leads alternatives, not a group)."""
    if not heading or criteria[heading].text.strip().endswith(":"):
        return False
    return criteria[heading - 1].kind == criteria[heading].kind


def line_marked(text: str, offset: int) -> bool:
    """Whether the line that holds `offset` opens with a list marker ("* ", "1. ")."""
    return bool(_MARKER.match(text[text.rfind("\n", 0, offset) + 1 : offset].lstrip()))


def _marked(text: str, offset: int) -> bool:
    """Whether a list marker opens the line before `offset`."""
    return bool(text[text.rfind("\n", 0, offset) + 1 : offset].strip())
