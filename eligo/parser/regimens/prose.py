"""Drugs named in running text: listed names, names written next to a dose, and drugs a sentence
gives by a route or schedule alone."""

from __future__ import annotations

import bisect
import re
from itertools import islice

from eligo.parser.regimens.cycles import COUNT, cycle_matches
from eligo.parser.regimens.dosing import DAYS, RANGE_BEFORE, days_of, dose_at, dose_numbers
from eligo.parser.regimens.listings import LEFT_LINK, PLACEBO
from eligo.parser.regimens.mention import DrugMention, name_key
from eligo.parser.regimens.vocabulary import CODE_NAME, WORD, RegimenVocabulary
from eligo.phrases import alternation

_CLAUSE_CHARS = 400
_NAMES_SOUGHT = 500  # listed drugs sought in running text
# numbers looked at as doses in one section: far more than any protocol writes, and a bound on
# adversarial text
_NUMBERS_READ = 2000
# sentences of one section read for drugs given without a dose; a bound on adversarial text
_SENTENCES_READ = 2000
SENTENCE_END = re.compile(r"[.!?。](?=\s+[A-Z(\[]|\s*$)|\n")
_REGISTRY_ID = re.compile(r"NCT\d{8}", re.I)
_CLAUSE_END = re.compile(r";(?![^()]{0,40}\))|[|\n]|[.!?。](?=\s+[A-Z(\[]|\s*$)")
# A schedule written before the drug it gives ("treated with 5 consecutive days of low dose
# daunorubicin").
_LEAD_SCHEDULE = re.compile(
    rf"\b{COUNT}\s+consecutive\s+days?\s+of\s+(?:[A-Za-z-]+\s+){{0,3}}$", re.I
)


def _name_left(
    text: str, limit: int, position: int, lexicon: RegimenVocabulary
) -> tuple[int, int] | None:
    """The drug name written just before a dose ("megestrol acetate 160 mg", "Utidelone Capsule:
    60mg", "docetaxel intravenously (75mg/m2)", "trastuzumab IV infusion at a loading dose of 8
    mg/kg")."""
    window = text[max(limit, position - 80) : position]
    offset = position - len(window)
    head = window
    for _ in range(3):
        link = LEFT_LINK.search(head)
        head = head[: link.start()] if link else head
        form = lexicon.trailing_form.search(head)
        head = head[: form.start()] if form else head
        route = lexicon.routes.ending(head)
        head = head[:route] if route is not None else head
    words = list(WORD.finditer(head))
    if not words or words[-1].end() != len(head.rstrip()):
        return None
    last = words[-1]
    first = last
    if len(words) > 1 and (
        last.group().lower() in lexicon.salts
        or (last.group().isdigit() and CODE_NAME.fullmatch(words[-2].group()))
    ):
        first = words[-2]
    if (
        not _name_word(last.group(), lexicon)
        and not last.group().isdigit()
        or first.group().lower() in lexicon.stop
    ):
        return None
    return offset + first.start(), offset + last.end()


def _name_word(word: str, lexicon: RegimenVocabulary) -> bool:
    return len(word) >= 3 and any(c.isalpha() for c in word) and word.lower() not in lexicon.stop


def _name_before(
    text: str, limit: int, position: int, lexicon: RegimenVocabulary
) -> tuple[int, int] | None:
    """The last drug-like name of the clause before a dose ("Fulvestrant was given ... at a dose of
    500 mg")."""
    best = None
    for word in WORD.finditer(text, max(limit, position - 80), position):
        if lexicon.is_drug_like(word.group()) and word.group().lower() not in lexicon.stop:
            best = word.span()
    return best


def _name_right(
    text: str, position: int, limit: int, lexicon: RegimenVocabulary
) -> tuple[int, int] | None:
    """The drug name written just after a dose ("40 mg of adalimumab", "25 mg (mg) LY3295668")."""
    window = text[position : min(limit, position + 60)]
    lead = re.match(r"(?:\s*\([^()]{0,20}\))?\s*(?:of\s+)?", window)
    assert lead is not None  # every part of the pattern is optional
    words = list(WORD.finditer(window, lead.end()))
    if not words or words[0].start() != lead.end():
        return None
    first = words[0]
    if not _name_word(first.group(), lexicon) or lexicon.leading_form.match(first.group()):
        return None
    last = first
    if (
        len(words) > 1
        and words[1].start() - first.end() <= 1
        and words[1].group().lower() in lexicon.salts
    ):
        last = words[1]
    return position + first.start(), position + last.end()


def clause_end(text: str, position: int, limit: int) -> int:
    """The end of the clause at `position`; a dosing clause is never read past `_CLAUSE_CHARS`."""
    limit = min(limit, position + _CLAUSE_CHARS)
    match = _CLAUSE_END.search(text, position, limit)
    return match.start() if match else limit


def prose_mentions(
    text: str, start: int, end: int, listed: list[DrugMention], lexicon: RegimenVocabulary
) -> list[DrugMention]:
    """Drugs named in running text: listed names, and names written next to a dose."""
    found: list[DrugMention] = []
    names = [m.name for m in listed[:_NAMES_SOUGHT]]
    if names:
        pattern = re.compile(r"(?<![\w-])(?:" + alternation(names) + r")(?![\w-])", re.I)
        for match in pattern.finditer(text, start, end):
            clean = lexicon.clean_name(text, match.start(), match.end())
            found.append(
                DrugMention(
                    name=name_key(text[slice(*clean)]), start=clean[0], end=clean[1], scope=clean[0]
                )
            )
    named = [(m.start, m.end) for m in found]
    for count, match in enumerate(dose_numbers(text, start, end)):
        if count == _NUMBERS_READ:
            break
        dose = dose_at(text, match, lexicon)
        if dose is None:
            continue
        clause_start = max(start, _clause_start(text, match.start(), start))
        range_start = RANGE_BEFORE.search(
            text, max(clause_start, match.start() - 12), match.start()
        )
        left_end = range_start.start() if range_start else match.start()
        span = _name_left(text, clause_start, left_end, lexicon)
        scope = None
        if span is None:
            span = _name_right(text, dose[1], clause_end(text, dose[1], end), lexicon)
            scope = left_end
        if span is None:
            span = _name_before(text, clause_start, left_end, lexicon)
        if (
            span is None
            or _overlaps(span, named)
            or (found and found[-1].start < span[1] and span[0] < found[-1].end)
        ):
            continue
        span = lexicon.clean_name(text, *span)
        found.append(
            DrugMention(
                name=name_key(text[slice(*span)]),
                start=span[0],
                end=span[1],
                scope=span[0] if scope is None else scope,
                anchor_dose=(match.start(), dose[1]),
            )
        )
    for mention in found:
        lead = lexicon.routes.ending(text[max(start, mention.start - 30) : mention.start])
        if lead is not None and not text[mention.start - 1 : mention.start].isalnum():
            mention.scope = min(mention.scope, max(start, mention.start - 30) + lead)
        schedule = _LEAD_SCHEDULE.search(text, max(start, mention.start - 60), mention.start)
        if schedule is not None:
            mention.scope = min(mention.scope, schedule.start())
    return sorted(found, key=lambda m: m.start)


def given_in_sentences(
    text: str, start: int, end: int, found: list[DrugMention], lexicon: RegimenVocabulary
) -> list[DrugMention]:
    """Drugs a sentence gives by a route or a schedule but no dose, in a document with no
    interventions line (its prose is where the drugs are given): "ASP3082, and cetuximab
    (if used), will be given through a vein". The sentence must speak of giving ("given",
    "taken", "dose"): "an oral investigational medicine ... (compared to placebo)" gives
    nothing. A sentence naming no drug goes on with the one before it ("... take elinzanetant
    or placebo. First, a single dose of two capsules is taken by mouth ... once a day")."""
    dosed = [(m.start, m.end) for m in found]
    given = []
    for unit_start, unit_end, names in _sentence_units(text, start, end, lexicon):
        cycles = [m.span() for m in cycle_matches(text, unit_start, unit_end)]
        route = lexicon.routes.first(text, unit_start, unit_end)
        frequency = lexicon.frequencies.first(text, unit_start, unit_end, cycles)
        if (
            route is None
            and frequency is None
            or not lexicon.administration.search(text, unit_start, unit_end)
        ):
            continue
        days = DAYS.search(text, unit_start, unit_end)
        reach = max(
            [term[2] for term in (route, frequency) if term is not None]
            + [days.end() if days else 0]
        )
        for name_start, name_end in names:
            if not _overlaps((name_start, name_end), dosed):
                given.append(
                    DrugMention(
                        name=name_key(text[name_start:name_end]),
                        start=name_start,
                        end=name_end,
                        scope=name_start,
                        route=route[0] if route else None,
                        frequency=frequency[0] if frequency else None,
                        days=days_of(days) if days else None,
                        reach=max(reach, name_end),
                        given=True,
                    )
                )
    return given


def _sentence_units(
    text: str, start: int, end: int, lexicon: RegimenVocabulary
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, drug names) of each sentence of text[start:end] that names drugs (drug-like
    words, "placebo"), with the sentences of its paragraph right after it that name none but
    speak of giving doses ("First, a single dose of two capsules is taken by mouth")."""
    units: list[tuple[int, int, list[tuple[int, int]]]] = []
    position, going_on = start, False
    stops = [
        (m.start(), m.end(), m.group() == "\n")
        for m in islice(SENTENCE_END.finditer(text, start, end), _SENTENCES_READ)
    ]
    for stop, after, paragraph_end in stops + [(end, end, True)]:
        names = _drug_words(text, position, stop, lexicon)
        if names:
            units.append((position, stop, names))
            going_on = True
        elif going_on and lexicon.administration.search(text, position, stop):
            units[-1] = (units[-1][0], stop, units[-1][2])
        else:
            going_on = False
        going_on = going_on and not paragraph_end
        position = after
    return units


def _drug_words(
    text: str, start: int, end: int, lexicon: RegimenVocabulary
) -> list[tuple[int, int]]:
    """Spans of the drug-like words of text[start:end] with a salt after them ("cetuximab",
    "ASP3082", "doxorubicin hydrochloride"; not a trial's "NCT00055497"), and its placebos."""
    words = list(WORD.finditer(text, start, end))
    names = []
    for index, word in enumerate(words):
        if (
            lexicon.is_drug_like(word.group())
            and word.group().lower() not in lexicon.stop
            and not _REGISTRY_ID.fullmatch(word.group())
        ):
            salt = (
                index + 1 < len(words)
                and words[index + 1].group().lower() in lexicon.salts
                and words[index + 1].start() - word.end() == 1
            )
            names.append((word.start(), words[index + 1].end() if salt else word.end()))
    return sorted(names + [m.span() for m in PLACEBO.finditer(text, start, end)])


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether a span overlaps one of `spans` (sorted, not overlapping each other)."""
    index = bisect.bisect_left(spans, (span[1],))
    return index > 0 and spans[index - 1][1] > span[0]


def _clause_start(text: str, position: int, limit: int) -> int:
    last = limit
    for match in _CLAUSE_END.finditer(text, max(limit, position - 200), position):
        last = match.end()
    return last
