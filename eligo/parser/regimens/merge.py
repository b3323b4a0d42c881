"""One item per drug: dosing shared by drugs joined by "and", a sentence's route, and the first
dosed mention of each drug."""

from __future__ import annotations

import re

from eligo.annotations import InterventionItem
from eligo.parser.regimens.mention import DrugMention, name_key
from eligo.parser.regimens.prose import SENTENCE_END
from eligo.parser.regimens.vocabulary import RegimenVocabulary

_SHARED_JOIN = re.compile(r"^\s*(?:,\s*(?:and|plus|\+|&)?|and|plus|\+|&)\s*$", re.I)
_COMMA = re.compile(r"^\s*,\s*$")


def share(mentions: list[DrugMention], text: str, lexicon: RegimenVocabulary) -> None:
    """Frequency and days written after the last of drugs joined by "and" or listed with commas are
    theirs too ("Oxaliplatin 85 mg/m2, leucovorin 400 mg/m2 and fluorouracil 400 mg/m2 given
    intravenously every 2 weeks")."""
    for index in range(len(mentions) - 2, -1, -1):
        current, following = mentions[index], mentions[index + 1]
        between = text[max(current.reach, current.end) : min(following.start, following.scope)]
        route = lexicon.routes.first(between, 0, len(between))
        if route is not None:
            between = between[: route[1]] + between[route[2] :]
        if not _SHARED_JOIN.match(between):
            continue
        if _COMMA.match(between) and (current.route or current.days):
            # "Docetaxel 75 mg/m2 intravenous day 1, capecitabine ... twice daily": a dosing of its
            # own
            continue
        if current.frequency is None and following.frequency is not None:
            current.frequency = following.frequency
        if current.days is None and following.days is not None:
            current.days = following.days


def _same_drug(a: str, b: str) -> bool:
    """Names of one drug: equal, or one the other with a salt or qualifier word added."""
    a, b = name_key(a), name_key(b)
    return a == b or a.split()[0] == b.split()[0] and (a.startswith(b) or b.startswith(a))


def share_route(mentions: list[DrugMention], text: str) -> None:
    """A route written once for several drugs of a sentence is the route of each that states none.

    A drug takes the route of the nearest drug after it in its sentence whose route is written
    after its name ("carboplatin and paclitaxel IV every 3 weeks, and zorvimab 200 mg orally":
    carboplatin is IV, not oral; parallel arms "group A will receive mirtazapine 15 mg tablet and
    group B ... megestrol acetate 160 mg tablet orally"); a route written before a later drug's
    name is that drug's own and stops the search ("lapatinib 1500 mg QD in combination with IV
    paclitaxel"). A route that opens the sentence before its first drug is the route of the drugs
    still without one ("intravenous (IV) atezolizumab 1200 mg IV and bevacizumab 15 mg/kg")."""
    sentence: list[DrugMention] = []
    for index, mention in enumerate(mentions):
        sentence.append(mention)
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if (
            following is not None
            and SENTENCE_END.search(text, mention.end, min(following.start, following.scope))
            is None
        ):
            continue
        opening = sentence[0].route if sentence[0].route_before else None
        closing: str | None = None
        for member in reversed(sentence):
            if member.route is not None:
                closing = None if member.route_before else member.route
            else:
                member.route = closing
        for member in sentence:
            member.route = member.route or opening
        sentence = []


def items_of(text: str, mentions: list[DrugMention]) -> list[InterventionItem]:
    """One item per drug: its first dosed mention, else its first listed entry.

    A mention with a dose or schedule of its own comes before one dosed only by
    its sentence (`given_in_sentences`). A route or cycle the item's mention
    does not state is taken from the drug's other dosed mentions: a drug keeps
    its route and regimen through a protocol.
    """
    chosen: list[DrugMention] = []
    by_word: dict[str, list[DrugMention]] = {}  # names of one drug share their first word
    for mention in sorted(mentions, key=lambda m: (not m.dosed, m.given, m.start)):
        word = mention.name.split()[0]
        same = next(
            (other for other in by_word.get(word, ()) if _same_drug(mention.name, other.name)), None
        )
        if same is not None:
            if mention.dosed:
                same.route = same.route or mention.route
                same.cycle = same.cycle or mention.cycle
            continue
        if mention.dosed or mention.listed:
            chosen.append(mention)
            by_word.setdefault(word, []).append(mention)
    items = []
    for mention in sorted(chosen, key=lambda m: m.start):
        start = min(mention.start, mention.scope)
        end = max(mention.end, mention.reach)
        items.append(InterventionItem.taking(mention, span=(start, end), text=text[start:end]))
    return items
