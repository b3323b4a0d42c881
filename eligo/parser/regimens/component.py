"""`eligo_regimens`: the spaCy component, and the walk over a document's listings and prose that
reads each mention's dosing."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import InterventionItem
from eligo.parser.doc import sections_of, text_of
from eligo.parser.regimens.cycles import CycleStatements, once_a_cycle, only_cycle
from eligo.parser.regimens.dosing import read_dosing
from eligo.parser.regimens.listings import listed_drugs
from eligo.parser.regimens.mention import DrugMention
from eligo.parser.regimens.merge import items_of, share, share_route
from eligo.parser.regimens.prose import clause_end, given_in_sentences, prose_mentions
from eligo.parser.regimens.vocabulary import RegimenVocabulary

PROSE_SECTIONS = ("title", "summary", "overview", "description")


def find_regimens(
    text: str,
    prose: list[tuple[int, int]],
    listings: list[tuple[int, int]],
    statements: list[tuple[int, int]] | None = None,
) -> list[InterventionItem]:
    """The interventions of a document: `listings` are intervention lines, `prose` running text,
    `statements` where the protocol states its cycle length (default: the prose)."""
    lexicon = RegimenVocabulary.load()
    protocol_cycle = only_cycle(text, prose if statements is None else statements)
    listed = [m for start, end in listings for m in listed_drugs(text, start, end, lexicon)]
    regions = sorted([(s, e, True) for s, e in listings] + [(s, e, False) for s, e in prose])
    mentions: list[DrugMention] = []
    for start, end, is_listing in regions:
        found = (
            [m for m in listed if start <= m.start < end]
            if is_listing
            else prose_mentions(text, start, end, listed, lexicon)
        )
        read = []
        for index, mention in enumerate(found):
            limit = (
                min(found[index + 1].start, found[index + 1].scope)
                if index + 1 < len(found)
                else end
            )
            if is_listing:
                limit = min(limit, clause_end(text, mention.end, end))
            else:
                limit = min(
                    max(limit, mention.end),
                    clause_end(text, max(mention.end, (mention.anchor_dose or (0, 0))[1]), end),
                )
            read.append(read_dosing(text, mention, max(limit, mention.end), lexicon))
        if not listings and not is_listing:
            read = sorted(
                read + given_in_sentences(text, start, end, found, lexicon), key=lambda m: m.start
            )
        share(read, text, lexicon)
        share_route(read, text)
        stated = CycleStatements(text, start, end)
        for mention in read:
            if mention.dosed:
                mention.cycle = stated.nearest(mention.start) or protocol_cycle
                mention.frequency = mention.frequency or once_a_cycle(mention.days, mention.cycle)
        mentions.extend(read)
    return items_of(text, mentions)


@Language.factory("eligo_regimens", requires=["doc._.sections"], assigns=["doc._.interventions"])
def make_regimens(nlp: Language, name: str):
    def regimens(doc: Doc) -> Doc:
        listings = [(s.start, s.end) for s in sections_of(doc, "interventions")]
        prose = [(s.start, s.end) for s in sections_of(doc, *PROSE_SECTIONS)]
        outcomes = [
            (s.start, s.end) for s in sections_of(doc, "primary_outcomes", "secondary_outcomes")
        ]
        doc._.interventions = find_regimens(text_of(doc), prose, listings, prose + outcomes)
        return doc

    return regimens
