"""The entity reference a mention compiles to, with what the words around it add.

A condition's status ("active", "uncontrolled"), the sentence's treatment
setting, a present-tense phrase that puts it at screening, and what "other"
leaves out of it. Used by `sentence.py`, `lists.py`, `measures.py` and
`timing.py` when they turn a mention into `has ...`.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.names import concept_name, narrower
from eligo.compiler.parts import JUDGED_STATUS_WORDS, STATUS_WORDS, EntityHit, qualifying
from eligo.compiler.view import CriterionView
from eligo.datafiles import word_values
from eligo.grammar import ast

_PRESENT = re.compile(r"(?:are|is)\s+\w", re.I)
_RELATIVE_PRESENT = re.compile(r"who\b", re.I)
_INTRODUCER = re.compile(r":|\b(?:e\.g\.?|for example|such as|including)", re.I)
LEAD_WORDS = 10  # a current phrase this many words before a list's introducer dates its items
_SEVERITY = {
    " ".join(phrase.lower().split()): str(value)
    for phrase, value in word_values("eligo.compiler.data", "severity_words").items()
}
_SEVERITY_OPENING = re.compile(rf"({phrases.alternation(_SEVERITY)})\s+(?=\w)", re.I)
_ANY = {"condition", "treatment", "procedure", "event", "measurement", "observation", "device"}
_SEVERITY_BEFORE = re.compile(
    rf"(?<![\w-])({phrases.alternation(_SEVERITY)})\s+$", re.I
)  # a degree right before a mention


def status_filters(view: CriterionView, start: int, end: int) -> list[ast.Filter]:
    """ "active infection": a status word just before a condition, or opening its name
    ("Uncontrolled hypertension" named as one concept), or a judging one inside it ("chronic
    uncontrolled infection" named as one phrase); not in "History of or ongoing X"."""
    floor = max(0, start - 20)
    before = view.text[floor:start].lower()
    opening = view.text[start:end].lower()
    if any(
        view.text.find(";", cue_end, start) == -1
        for _, _, cue_end in view.cues("history", view.clause_start(start, 0), start)
    ):
        # "history of active tuberculosis": it was active then, which a record's status today does
        # not say
        return []
    for word in STATUS_WORDS:
        found = re.search(rf"\b{word}\s+$", before)
        if found and not re.search(rf"\b(?:of|previous|prior|past|had)\s+or\s+{word}\s+$", before):
            span = (floor + found.start(), floor + found.start() + len(word))
            return [
                ast.Filter(attribute="status", op="=", value=ast.Category(value=word), span=span)
            ]
        # "Uncontrolled hypertension" named as one concept, or "Active" alone standing for "active
        # tuberculosis"
        if re.match(rf"{word}(?:\s+\w|$)", opening.strip()) and not re.search(
            r"\b(?:of|previous|prior|past|had)\s+or\s+$", before
        ):
            return [
                ast.Filter(
                    attribute="status",
                    op="=",
                    value=ast.Category(value=word),
                    span=(start, start + len(word)),
                )
            ]
    for word in sorted(JUDGED_STATUS_WORDS):  # "acute or chronic uncontrolled infection"
        inside = re.search(rf"\b{word}\s+\w", opening)
        if inside is not None:
            span = (start + inside.start(), start + inside.start() + len(word))
            return [
                ast.Filter(attribute="status", op="=", value=ast.Category(value=word), span=span)
            ]
    return []


def severity_filters(view: CriterionView, start: int, end: int, concept: str) -> list[ast.Filter]:
    """ "severe asthma", "moderate to severe psoriasis": a degree written right before a condition
    filters its record's severity on the rule language's ordinal scale (mild < moderate < severe <
    life-threatening), so a record that gives no severity leaves the `has` unknown, never false. A
    degree inside the concept's own name ("severe hearing impairment") is the name's, not a
    filter, and one a bracket or a definition after the condition defines ("severe heart failure
    (NYHA class IV)", "severe X, defined as") is theirs: the record's own word may disagree. A
    degree that opens a phrase of a concept whose name lacks it ("severe infection" of infection)
    filters it too."""
    after = len(view.text) - len(view.text[end:].lstrip(" ,;:"))
    if view.text.startswith(("(", "["), after) or view.phrase_at("definitional", after):
        return []  # "severe X (NYHA IV)", "severe X, defined as": the degree is defined there
    if any(
        e > after and not view.text[end:s].strip() for _, s, e in view.mentions(end, end + 2, _ANY)
    ):
        return []  # "severe diabetic gastroparesis": the condition names the next one's kind
    floor = max(0, start - 40)
    found = _SEVERITY_BEFORE.search(view.text, floor, start) or _SEVERITY_OPENING.match(
        view.text, start, end
    )
    if found is None or (found.start() >= start and found.group(1).lower() in concept.lower()):
        return []
    op, level = _SEVERITY[" ".join(found.group(1).lower().split())].split()
    return [
        ast.Filter(attribute="severity", op=op, value=ast.Category(value=level), span=found.span(1))
    ]


def current_phrase(
    view: CriterionView, start: int, end: int, treatment: bool = False
) -> tuple[int, int] | None:
    """ "Current use of X", "currently pregnant", "women who are breastfeeding", a name said in the
    present tense ("are pregnant"): at screening. Returns the span from the phrase to the
    mention."""
    opening = view.text.rfind("(", 0, start)
    inside = opening != -1 and view.text.find(")", opening, start) == -1
    found = view.phrase_before("current", start, 0, words=4) or (
        view.phrase_before("current", opening, 0, words=6) if inside else None
    )
    if found is not None:
        # "current use of topical X": the time ends before a content word that qualifies X, which
        # the rule must still account for
        qualifier = next(
            (
                a - view.base
                for a, b in view.facts.words
                if found.end() <= a - view.base < start
                and qualifying(view.text[a - view.base : b - view.base])
            ),
            start,
        )
        return found.start(), qualifier
    introduced = _introduced_current(view, start, treatment)
    if introduced is not None:
        return introduced
    return (start, end) if _PRESENT.match(view.text, start, end) else None


def _introduced_current(view: CriterionView, start: int, treatment: bool) -> tuple[int, int] | None:
    """ "Concomitant administration of any of the following: X, Y, ...", "Current treatment with
    drugs that affect bone metabolism, e.g. X": the items of a list a colon or an example's
    introducer opens have the time of the lead before it (which the window then spans), unless a
    past or history cue stands between them and it, or its bracket or clause has closed. A present
    use ("Intake of drugs that affect X, e.g. Y") dates the treatments it lists, unless a past cue
    opens it ("Prior use of ...") or the sentence writes a time of its own."""
    first, _ = view.sentence_of(start)
    intro = next(reversed(list(_INTRODUCER.finditer(view.text, first, start))), None)
    if intro is None:
        return None
    between = view.text[intro.end() : start]
    if (
        ";" in between
        or between.count(")") > between.count("(")
        or view.phrase("past", intro.end(), start)
        or view.cues("history", intro.end(), start)
    ):
        return None
    lead = len(view.text[: intro.start()].rstrip(" ,;(["))
    found = view.phrase_before("current", lead, first, words=LEAD_WORDS)
    if found is None and treatment:
        found = view.phrase_before("present_use", lead, first, words=LEAD_WORDS)
        _, stop = view.sentence_of(start)
        if found is not None and (
            view.phrase("past", first, lead)
            or view.cues("history", first, lead)
            or any(first <= a - view.base < stop for a, _ in (w.span for w in view.facts.windows))
        ):
            found = None  # "Prior use of ...", "using or have used X within 90 days": its own time
    if found is None or _RELATIVE_PRESENT.match(found.text):
        return None  # "who are at risk for X and either: A, B": the lead's own verb, not the items'
    return found.start(), lead


def setting_filters(view: CriterionView, start: int, end: int) -> list[ast.Filter]:
    """The treatment setting a sentence names ("during the recurrence/metastasis stage")."""
    match = view.phrase("setting", start, end)
    if match is None:
        return []
    value = match.value
    return (
        [
            ast.Filter(
                attribute="setting", op="=", value=ast.Category(value=value), span=match.span()
            )
        ]
        if value
        else []
    )


def reference(
    view: CriterionView,
    item: EntityHit,
    setting: tuple[ast.Filter, ...],
    where: tuple[ast.Filter, ...] = (),
    excluded: tuple[str, ...] = (),
) -> ast.EntityRef:
    """The entity a mention names, with its status, the given filters, the sentence's setting and
    exceptions."""
    mention = item.mention
    where = (
        tuple(
            status_filters(view, item.start, item.end)
            + severity_filters(view, item.start, item.end, concept_name(mention.concept))
        )
        if mention.type == "condition"
        else ()
    ) + where
    if mention.type == "treatment":
        where += tuple(setting)
    other = view.phrase("other", max(0, item.start - 12), item.end)
    if other is not None and other.start() < item.start + 8:
        excluded += tuple(sorted(t for t in view.targets if narrower(t, mention.concept)))
    return ast.EntityRef(
        type=mention.type,
        concept=concept_name(mention.concept),
        span=(item.start, item.end),
        where=tuple(dict.fromkeys(where)),
        excluding=tuple(dict.fromkeys(e for e in excluded if e != concept_name(mention.concept))),
    )
