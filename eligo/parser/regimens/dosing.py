"""Dosing written after (or just before) a drug mention: dose with its UCUM unit, route, frequency,
days of the cycle."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import replace

from eligo.annotations import Amount
from eligo.parser.quantities import NUMBER, number_at, unit_after
from eligo.parser.regimens.cycles import COUNT, count_value, cycle_matches
from eligo.parser.regimens.mention import DrugMention
from eligo.parser.regimens.vocabulary import WORD, RegimenVocabulary

RANGE_BEFORE = re.compile(r"\d+(?:\.\d+)?\s*(?:-|–|to)\s*$")
_UNDOSED_REACH = 40
# "LP-118 under a once daily oral": the frequency and route must be among the first words (articles
# aside) after the name
_UNDOSED_WORDS = 4
_ARTICLES = frozenset({"a", "an", "the"})
_NOT_DOSING = re.compile(
    r"\b(?:will|be|is|are|was|were|evaluated|assessed|monitored|measured|observed|followed|compared)\b",
    re.I,
)
_DAY = r"[-+−]?\d{1,3}"
_NOT_A_DAY = r"(?![\d.]|\s*(?:mg|mcg|ug|µg|g|kg|ml|units?|%)(?![a-z]))"
_DAY_ITEM = rf"{_DAY}{_NOT_A_DAY}(?:\s*(?:-|–|to|through|thru)\s*(?:days?\s*)?{_DAY}{_NOT_A_DAY})?"
DAYS = re.compile(
    rf"\b(?:days?|D(?=\d))\s*(?P<items>{_DAY_ITEM}(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:days?\s*)?{_DAY_ITEM}){{0,12}})(?![\d.])"
    rf"|\bfor\s+(?P<a>\d{{1,3}})\s*(?:-|–|to)\s*(?P<b>\d{{1,3}})\s+days\b"
    # "5 consecutive days of daunorubicin": days 1-5
    rf"|\b{COUNT.replace('(?P<v>', '(?P<n>')}\s+consecutive\s+days\b",
    re.I,
)
_DAY_RANGE = re.compile(
    rf"(?P<a>{_DAY})(?:\s*(?:-|–|to|through|thru)\s*(?:days?\s*)?(?P<b>{_DAY}))?", re.I
)

# a dose run into the drug's name ("megestrol acetate160mg", "Capecitabine1000 mg/m2"): digits right
# after a word, before a mass unit
_GLUED_DOSE = re.compile(
    r"(?<=[a-z]{3})(?P<digits>\d{1,6}(?:\.\d{1,3})?)(?=\s?(?:mg|mcg|µg|ug|g|iu|units?)(?![a-z]))(?P<word>)(?P<paren>)",
    re.I,
)


def dose_numbers(text: str, start: int, end: int) -> Iterator[re.Match]:
    """The numbers of text[start:end] that may be doses, in order: every number, and digits run into
    a name."""
    return heapq.merge(
        NUMBER.finditer(text, start, end),
        _GLUED_DOSE.finditer(text, start, end),
        key=lambda m: m.start(),
    )


def dose_at(text: str, match: re.Match, lexicon: RegimenVocabulary) -> tuple[Amount, int] | None:
    unit = unit_after(text, match.end())
    if (
        unit is None
        or unit[0] not in lexicon.dose_units
        or text[match.end() : unit[1]].strip(" -") == "G"
    ):  # "10G": a needle gauge
        return None
    number = number_at(match)
    if number.word:
        return None
    return Amount(value=number.value, unit=unit[0]), unit[1]


def read_dosing(
    text: str, mention: DrugMention, end: int, lexicon: RegimenVocabulary
) -> DrugMention:
    """Dose, route, frequency and days written in text[mention.scope:end].

    Without a dose, only a frequency or days written close after the name, in
    the same phrase, are dosing ("LP-118 under a once daily oral dosing
    schedule"; not "daunorubicin will be evaluated daily"). What the text after
    the name does not say may be written just before it, in the mention's
    scope ("intravenous (IV) atezolizumab", "5 consecutive days of ... daunorubicin").
    """
    begin = min(mention.scope, mention.start)
    after = mention.end
    form = lexicon.form_after.match(text, after)
    if form is not None:
        after = form.end()
    reach = mention.end
    dose, amount = None, False
    for match in dose_numbers(text, begin, end):
        found = dose_at(text, match, lexicon)
        if found is not None:
            reach, amount = max(reach, found[1]), True
            if not RANGE_BEFORE.search(text, max(begin, match.start() - 12), match.start()):
                dose = found[0]
            break
    opens = end  # a term starting before this is read whole, up to `end`
    if not amount:
        end, opens = _undosed_window(text, after, end, lexicon)
    cycles = [m.span() for m in cycle_matches(text, begin, end)]
    route = lexicon.routes.first(text, begin, mention.start) or _opening(
        lexicon.routes.first(text, after, end), opens
    )
    frequency = _opening(
        lexicon.frequencies.first(text, after, end, cycles), opens
    ) or lexicon.frequencies.first(text, begin, mention.start)
    days = DAYS.search(text, after, end)
    if days is not None and days.start() >= opens:
        days = None
    days = days or DAYS.search(text, begin, mention.start)
    if days is not None and any(a <= days.start() < b for a, b in cycles):
        days = None
    for term in (route, frequency):
        if term is not None and term[1] >= mention.start:
            reach = max(reach, term[2])
    if days is not None:
        reach = max(reach, days.end())
    return replace(
        mention,
        dose=dose,
        amount=amount,
        route=route[0] if route else None,
        route_before=route is not None and route[1] < mention.start,
        frequency=frequency[0] if frequency else None,
        days=days_of(days) if days else None,
        reach=reach,
    )


def _undosed_window(text: str, after: int, end: int, lexicon: RegimenVocabulary) -> tuple[int, int]:
    """Where the dosing of a drug written without a dose may be read: (end, opens).

    It is the phrase right after the name: at most `_UNDOSED_REACH` characters, cut at a verb
    that reports rather than gives ("daunorubicin will be evaluated daily"; "are given
    subcutaneously" gives); a term (route,
    frequency, days) must start before the word that follows its first `_UNDOSED_WORDS` words
    (articles and the words of routes and frequencies not counted), and is then read whole
    ("etoposide by intravenous infusion once daily on days 1 to 5").
    """
    clause_end = end
    for verb in _NOT_DOSING.finditer(text, after, min(end, after + _UNDOSED_REACH)):
        if not lexicon.gives(text, verb.start(), clause_end):  # "are given" gives
            clause_end = verb.start()
            break
    terms = [
        (term[1], term[2])
        for vocabulary in (lexicon.routes, lexicon.frequencies)
        for term in vocabulary.terms(text, after, clause_end)
    ]
    opens, counted = min(clause_end, after + _UNDOSED_REACH), 0
    for word in WORD.finditer(text, after, opens):
        if counted == _UNDOSED_WORDS:
            opens = word.start()
            break
        if word.group().lower() not in _ARTICLES and not any(
            a <= word.start() < b for a, b in terms
        ):
            counted += 1
    return clause_end, opens


def _opening(found: tuple[str, int, int] | None, opens: int) -> tuple[str, int, int] | None:
    """A term found after the name, if it starts before `opens`."""
    return found if found is not None and found[1] < opens else None


def days_of(match: re.Match) -> list[tuple[int, int]] | None:
    if match.group("n"):
        return [(1, count_value(match.group("n")))]
    if match.group("a"):
        return [(int(match.group("a")), int(match.group("b")))]
    ranges = []
    for item in _DAY_RANGE.finditer(match.group("items")):
        first = int(item.group("a").replace("−", "-"))
        last = int(item.group("b").replace("−", "-")) if item.group("b") else first
        ranges.append((first, last))
    return ranges or None
