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
    """The route that opens a sentence of several drugs, or closes it, is the route of each that
    states none: "intravenous (IV) atezolizumab 1200 mg IV and bevacizumab 15 mg/kg"; parallel arms
    "group A will receive mirtazapine 15 mg tablet and group B ... megestrol acetate 160 mg tablet
    orally". A route inside the sentence is its drug's own ("lapatinib 1500 mg QD in combination
    with IV paclitaxel")."""
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
        first, last = sentence[0], sentence[-1]
        route = first.route if first.route_before else last.route if not last.route_before else None
        for member in sentence:
            member.route = member.route or route
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
